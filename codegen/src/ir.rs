//! The intermediate representation: one [`TypeTable`] of every type the
//! output will contain. Data only; stages build and read it.
//!
//! Invariants:
//! - A [`TypeId`] is an index into the table; ids are handed out in lowering
//!   order, which is deterministic, and output follows that order.
//! - Names are not decided here: a type carries a [`NameHint`], and `naming`
//!   settles every identifier over the whole table at once.
//! - A field's presence is modelled independently of its nullability:
//!   [`Field::required`] says whether the key must appear, and a
//!   [`TypeRef::Nullable`] type says whether `null` is a valid value.

use crate::formats::StringFormat;

/// Index of a type in the [`TypeTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// Every named type of one run, and the API operations that use them.
#[derive(Debug, Default)]
pub struct TypeTable {
    defs: Vec<TypeDef>,
    /// HTTP operations of OpenAPI documents, in document order.
    pub operations: Vec<Operation>,
}

/// One HTTP operation of an OpenAPI description: the types a client sends
/// and receives, and where to send them.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Where it was defined (`#/paths/~1pets/get`).
    pub origin: Origin,
    /// `operationId`, or one derived from the method and path.
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template (`/pets/{id}`).
    pub path: String,
    /// `summary` and `description`.
    pub docs: Option<String>,
    /// The struct of path, query and header parameters, if any.
    pub parameters: Option<TypeId>,
    /// Wire names of the parameters by where they go.
    pub parameter_locations: Vec<(String, ParameterIn)>,
    /// The request body's type, media type, and whether it is required.
    pub body: Option<(TypeRef, String, bool)>,
    /// The enum over documented responses.
    pub responses: TypeId,
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterIn {
    /// A `{name}` in the path template.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

impl TypeTable {
    /// Adds a type whose body is not known yet (so that recursive references
    /// to it can be made), returning its id.
    pub fn reserve(&mut self, origin: Origin, name: NameHint) -> TypeId {
        let id = TypeId(self.defs.len() as u32);
        self.defs.push(TypeDef {
            origin,
            name,
            docs: None,
            kind: TypeKind::Pending,
        });
        id
    }

    /// The type with this id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0 as usize]
    }

    /// The type with this id, mutably.
    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0 as usize]
    }

    /// All types in id order.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs
            .iter()
            .enumerate()
            .map(|(i, def)| (TypeId(i as u32), def))
    }

    /// Number of types.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether the table has no types.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }
}

/// Where a type was defined, for module placement and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// The output module.
    pub module: String,
    /// The source file, relative to the schemas root.
    pub file: String,
    /// JSON pointer of the schema in that file.
    pub pointer: String,
}

/// How a type's name was arrived at, and how strongly it binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameHint {
    /// Given by the schema author (a root `title`, a `$defs` key, a
    /// component name): used as is, and two of them colliding is an error.
    Required(String),
    /// Made up by the generator (operation types: `ListPetsParams`):
    /// candidates, best first; naming takes the first free one, so a
    /// schema the author named always wins.
    Derived(Vec<String>),
    /// An inline schema, named by `naming` from its context once its
    /// parent's name is settled.
    Contextual {
        /// An inline `title`, preferred when present and free.
        title: Option<String>,
        /// The type this one is nested in; its id is smaller than this one's.
        parent: TypeId,
        /// The property (or other key) the schema sits under.
        key: String,
        /// How the schema relates to that key.
        role: Role,
    },
}

/// How an inline schema relates to the key it is named after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// It is the property's value.
    Property,
    /// It is an element of the array under the property.
    Item,
    /// It is a value of the map under the property.
    MapValue,
    /// It is a union held in the parent struct; the key is its one tag
    /// property, if it has exactly one.
    Union,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Where it came from.
    pub origin: Origin,
    /// What to call it.
    pub name: NameHint,
    /// Documentation from `title`/`description`.
    pub docs: Option<String>,
    /// Its shape.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// Reserved but not lowered yet; none remain after lowering.
    Pending,
    /// An object with known properties.
    Struct(Struct),
    /// A closed set of strings (an `enum`, or a single `const`).
    Enum(Enum),
    /// Another name for a type (`pub type A = Vec<B>;`).
    Alias(TypeRef),
    /// A newtype around a string, number, array or map whose value the
    /// schema constrains further (`minLength`, `maximum`, `uniqueItems`...):
    /// checked on construction and on deserialization.
    Checked(Checked),
    /// One of several shapes (`oneOf`, `anyOf`).
    Union(Union),
    /// An array whose first items are typed by position (`prefixItems`).
    Tuple(Tuple),
    /// The documented responses of an operation, by status.
    Responses(Vec<Response>),
}

/// One documented response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Which statuses it covers.
    pub status: Status,
    /// The response's `description`.
    pub docs: Option<String>,
    /// The decoded body, when the response documents one.
    pub body: Option<TypeRef>,
}

/// The statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exactly this code.
    Code(u16),
    /// A class such as `4XX` (the first digit).
    Class(u16),
    /// `default`: any status not documented otherwise.
    Default,
}

impl TypeKind {
    /// Every field of the type, including those of union variants, nested
    /// at any depth.
    pub fn fields(&self) -> Vec<&Field> {
        fn of_struct<'a>(s: &'a Struct, out: &mut Vec<&'a Field>) {
            out.extend(s.fields.iter());
        }
        let mut out = Vec::new();
        match self {
            TypeKind::Struct(s) => of_struct(s, &mut out),
            TypeKind::Union(u) => {
                for v in &u.variants {
                    if let VariantBody::Fields(s) = &v.body {
                        of_struct(s, &mut out);
                    }
                }
            }
            TypeKind::Enum(_)
            | TypeKind::Alias(_)
            | TypeKind::Checked(_)
            | TypeKind::Tuple(_)
            | TypeKind::Pending
            | TypeKind::Responses(_) => {}
        }
        out
    }

    /// Every field of the type, mutably (see [`TypeKind::fields`]).
    pub fn fields_mut(&mut self) -> Vec<&mut Field> {
        match self {
            TypeKind::Struct(s) => s.fields.iter_mut().collect(),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .filter_map(|v| match &mut v.body {
                    VariantBody::Fields(s) => Some(s.fields.iter_mut()),
                    VariantBody::Type(_) => None,
                })
                .flatten()
                .collect(),
            TypeKind::Enum(_)
            | TypeKind::Alias(_)
            | TypeKind::Checked(_)
            | TypeKind::Tuple(_)
            | TypeKind::Pending
            | TypeKind::Responses(_) => Vec::new(),
        }
    }

    /// Types the type holds by value besides its fields: alias targets,
    /// flattened unions, whole-value variants, collected unknown fields.
    pub fn other_refs(&self) -> Vec<TypeRef> {
        let of_struct = |s: &Struct, out: &mut Vec<TypeRef>| {
            if let Some(id) = s.flattened {
                out.push(TypeRef::Named(id));
            }
            if let UnknownFields::Collect(ty) = &s.unknown {
                out.push(TypeRef::Map(Box::new(ty.clone())));
            }
        };
        let mut out = Vec::new();
        match self {
            TypeKind::Struct(s) => of_struct(s, &mut out),
            TypeKind::Union(u) => {
                for v in &u.variants {
                    match &v.body {
                        VariantBody::Fields(s) => of_struct(s, &mut out),
                        VariantBody::Type(ty) => out.push(ty.clone()),
                    }
                }
            }
            TypeKind::Alias(ty) => out.push(ty.clone()),
            TypeKind::Checked(checked) => out.push(checked.inner.clone()),
            TypeKind::Tuple(tuple) => {
                out.extend(tuple.prefix.iter().cloned());
                out.extend(tuple.rest.iter().map(|r| TypeRef::Vec(Box::new(r.clone()))));
            }
            TypeKind::Responses(responses) => {
                out.extend(responses.iter().filter_map(|r| r.body.clone()))
            }
            TypeKind::Enum(_) | TypeKind::Pending => {}
        }
        out
    }
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in schema order.
    pub fields: Vec<Field>,
    /// What happens to properties not listed in `fields`.
    pub unknown: UnknownFields,
    /// A union whose variants contribute further properties to the same
    /// JSON object (`allOf: [base, oneOf: [...]]`). Its member in the Rust
    /// struct is named by `naming`.
    pub flattened: Option<TypeId>,
}

/// The `additionalProperties` policy of a struct.
#[derive(Debug, Clone, PartialEq)]
pub enum UnknownFields {
    /// Tolerated and dropped (the JSON Schema default).
    Ignore,
    /// Rejected (`additionalProperties: false`).
    Deny,
    /// Kept in a map, each value of this type.
    Collect(TypeRef),
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire_name: String,
    /// Documentation from the property's `description`.
    pub docs: Option<String>,
    /// The value's type; [`TypeRef::Nullable`] when `null` is allowed.
    pub ty: TypeRef,
    /// Whether the key must be present.
    pub required: bool,
    /// Whether the value is stored behind a `Box` to break a recursive cycle
    /// (set by `analyze`).
    pub boxed: bool,
}

/// A choice between shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// How an instance selects its variant.
    pub dispatch: Dispatch,
    /// The variants, in schema order.
    pub variants: Vec<Variant>,
    /// The union came from `anyOf` (documented as such).
    pub any_of: bool,
}

/// How a union's variant is chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Dispatch {
    /// By the values of these properties (each variant lists the values it
    /// requires in [`Variant::tags`]); the choice is exact, never a guess.
    Tagged {
        /// Wire names of the discriminating properties, in first-seen order.
        properties: Vec<String>,
    },
    /// By JSON type: the variants' types are pairwise disjoint, so at most
    /// one can accept any instance.
    ByType,
    /// By trying every variant on the value, read once: the variants may
    /// overlap. A `oneOf` accepts a value exactly one variant accepts; an
    /// `anyOf` ([`Union::any_of`]) takes the first variant that accepts it.
    ByAttempt {
        /// What the schema holding the `oneOf`/`anyOf` says beside it
        /// (`type: string, anyOf: [...]`): every value must also be one of
        /// these, whichever variant takes it.
        base: Option<TypeRef>,
    },
}

/// One variant of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The name as found (a title, a tag value, a property name, a `$ref`
    /// name); `naming` turns it into an identifier.
    pub name: String,
    /// Documentation.
    pub docs: Option<String>,
    /// `(property, value)` pairs an instance must have to be this variant.
    pub tags: Vec<(String, serde_json::Value)>,
    /// What the variant holds.
    pub body: VariantBody,
}

/// The payload of a union variant.
#[derive(Debug, Clone, PartialEq)]
pub enum VariantBody {
    /// Properties of the same JSON object, tags excluded (they are implied
    /// by the variant); may hold a nested union of its own.
    Fields(Struct),
    /// A whole value of another type, which carries its own tags.
    Type(TypeRef),
}

/// An array typed by position: `[prefix[0], prefix[1], ..., rest...]`.
/// JSON Schema lets an array stop early, so positions from `required` on
/// are optional (and once one is absent, so are all after it).
#[derive(Debug, Clone, PartialEq)]
pub struct Tuple {
    /// The types of the first items, in order.
    pub prefix: Vec<TypeRef>,
    /// How many leading items must be present (`minItems`, at most the
    /// prefix's length).
    pub required: usize,
    /// The type of every item after the prefix; `None` when there may be
    /// none (`items: false`).
    pub rest: Option<TypeRef>,
    /// Constraints on the whole array: `minItems` beyond the prefix,
    /// `maxItems`, `uniqueItems`.
    pub rules: Vec<Rule>,
}

/// A string enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The accepted values, in schema order.
    pub variants: Vec<EnumVariant>,
}

/// One accepted value of an [`Enum`].
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The value on the wire: a string for most enums; a number, boolean,
    /// array or object for the rest.
    pub value: serde_json::Value,
}

impl EnumVariant {
    /// The text a variant name is made from: the string itself, `1` ->
    /// `one`, `-2.5` -> `minus 2 point 5`, `true`, `array`, `object`.
    pub fn name_source(&self) -> String {
        use serde_json::Value;
        const WORDS: [&str; 11] = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        ];
        match &self.value {
            Value::String(s) => s.clone(),
            Value::Number(n) => match n.as_u64() {
                Some(small) if small < WORDS.len() as u64 => WORDS[small as usize].to_owned(),
                _ => format!("n {n}")
                    .replace('-', "minus ")
                    .replace('.', " point ")
                    .replace('+', " "),
            },
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_owned(),
            Value::Array(_) => "array".to_owned(),
            Value::Object(_) => "object".to_owned(),
        }
    }
}

impl Enum {
    /// Whether every value is a string: serde's derive then writes the
    /// impls; other enums compare JSON values by hand.
    pub fn is_string_enum(&self) -> bool {
        self.variants.iter().all(|v| v.value.is_string())
    }
}

/// A value of `inner` that must also satisfy every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The wrapped type: a string, number, `Vec` or map.
    pub inner: TypeRef,
    /// The constraints, in the order they are checked.
    pub rules: Vec<Rule>,
    /// Emitted as an alias of the crate root's `BoundedString<MIN, MAX>`
    /// instead of a newtype of its own (see
    /// `settings::share_bounded_strings`).
    pub shared: bool,
}

impl Checked {
    /// `(minLength, maxLength)` when this is a string checked for its
    /// length and nothing else.
    pub fn length_bounds(&self) -> Option<(u64, Option<u64>)> {
        if self.inner != TypeRef::String {
            return None;
        }
        let (mut min, mut max) = (0, None);
        for rule in &self.rules {
            match rule {
                Rule::MinLength(n) => min = *n,
                Rule::MaxLength(n) => max = Some(*n),
                _ => return None,
            }
        }
        Some((min, max))
    }
}

/// One constraint a [`Checked`] value satisfies. Lengths count Unicode code
/// points, as JSON Schema does.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// `minLength`.
    MinLength(u64),
    /// `maxLength`.
    MaxLength(u64),
    /// `pattern`: an unanchored regular expression.
    Pattern(String),
    /// `minimum` (`exclusive`: `exclusiveMinimum`).
    Minimum {
        /// The bound.
        bound: serde_json::Number,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// `maximum` (`exclusive`: `exclusiveMaximum`).
    Maximum {
        /// The bound.
        bound: serde_json::Number,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// `multipleOf`.
    MultipleOf(serde_json::Number),
    /// `minItems`.
    MinItems(u64),
    /// `maxItems`.
    MaxItems(u64),
    /// `uniqueItems: true`: no two items are equal JSON values.
    UniqueItems,
    /// `minProperties`.
    MinProperties(u64),
    /// `maxProperties`.
    MaxProperties(u64),
}

impl Rule {
    /// The JSON Schema keyword the rule comes from.
    pub fn keyword(&self) -> &'static str {
        match self {
            Rule::MinLength(_) => "minLength",
            Rule::MaxLength(_) => "maxLength",
            Rule::Pattern(_) => "pattern",
            Rule::Minimum {
                exclusive: false, ..
            } => "minimum",
            Rule::Minimum {
                exclusive: true, ..
            } => "exclusiveMinimum",
            Rule::Maximum {
                exclusive: false, ..
            } => "maximum",
            Rule::Maximum {
                exclusive: true, ..
            } => "exclusiveMaximum",
            Rule::MultipleOf(_) => "multipleOf",
            Rule::MinItems(_) => "minItems",
            Rule::MaxItems(_) => "maxItems",
            Rule::UniqueItems => "uniqueItems",
            Rule::MinProperties(_) => "minProperties",
            Rule::MaxProperties(_) => "maxProperties",
        }
    }
}

/// A reference to a type: a primitive, a container or a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// Only `null` (`type: "null"`, `const: null`): Rust's `()`.
    Null,
    /// `true`/`false`.
    Bool,
    /// An integer of a given width.
    Integer(IntType),
    /// Any JSON number.
    Float,
    /// Any string.
    String,
    /// A string with a recognised `format`, mapped to a richer type.
    Format(StringFormat),
    /// Any JSON value: the schema does not constrain it, or the generator
    /// cannot model it precisely.
    Any,
    /// Any JSON object.
    AnyObject,
    /// An array.
    Vec(Box<TypeRef>),
    /// An object used as a string-keyed map.
    Map(Box<TypeRef>),
    /// No value at all (a `false` schema, `enum: []`): the generated
    /// crate's uninhabited `Never`, whose deserialization always fails. An
    /// optional field of it must be absent; an array of it must be empty.
    Never,
    /// The inner type, or `null`.
    Nullable(Box<TypeRef>),
    /// A named type from the table.
    Named(TypeId),
}

impl TypeRef {
    /// The type with any `Nullable` wrapper removed.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    /// Whether `null` is a valid value.
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }
}

/// Rust integer types, chosen from `format` (under the `[formats]`
/// settings, which may also pick the 128-bit types) or the bounds. In
/// `codegen.toml` they are spelt as in Rust (`"i128"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum IntType {
    I8,
    I16,
    I32,
    I64,
    I128,
    U8,
    U16,
    U32,
    U64,
    U128,
}

impl IntType {
    /// The narrowest type holding every integer in `[min, max]` (either bound
    /// may be open). Unbounded integers are `i64`, the JSON interop default.
    pub fn for_range(min: Option<f64>, max: Option<f64>) -> IntType {
        const UNSIGNED: [(IntType, f64); 4] = [
            (IntType::U8, u8::MAX as f64),
            (IntType::U16, u16::MAX as f64),
            (IntType::U32, u32::MAX as f64),
            (IntType::U64, u64::MAX as f64),
        ];
        const SIGNED: [(IntType, f64, f64); 4] = [
            (IntType::I8, i8::MIN as f64, i8::MAX as f64),
            (IntType::I16, i16::MIN as f64, i16::MAX as f64),
            (IntType::I32, i32::MIN as f64, i32::MAX as f64),
            (IntType::I64, i64::MIN as f64, i64::MAX as f64),
        ];
        match (min, max) {
            (Some(min), None) if min >= 0.0 => IntType::U64,
            (Some(min), Some(max)) if min >= 0.0 => UNSIGNED
                .iter()
                .find(|(_, hi)| max <= *hi)
                .map_or(IntType::U64, |(ty, _)| *ty),
            (Some(min), Some(max)) => SIGNED
                .iter()
                .find(|(_, lo, hi)| min >= *lo && max <= *hi)
                .map_or(IntType::I64, |(ty, _, _)| *ty),
            _ => IntType::I64,
        }
    }

    /// The smallest and largest values of the type.
    pub fn range(self) -> (f64, f64) {
        match self {
            IntType::I8 => (i8::MIN as f64, i8::MAX as f64),
            IntType::I16 => (i16::MIN as f64, i16::MAX as f64),
            IntType::I32 => (i32::MIN as f64, i32::MAX as f64),
            IntType::I64 => (i64::MIN as f64, i64::MAX as f64),
            IntType::I128 => (i128::MIN as f64, i128::MAX as f64),
            IntType::U8 => (0.0, u8::MAX as f64),
            IntType::U16 => (0.0, u16::MAX as f64),
            IntType::U32 => (0.0, u32::MAX as f64),
            IntType::U64 => (0.0, u64::MAX as f64),
            IntType::U128 => (0.0, u128::MAX as f64),
        }
    }

    /// The Rust spelling (`u8`).
    pub fn name(self) -> &'static str {
        match self {
            IntType::I8 => "i8",
            IntType::I16 => "i16",
            IntType::I32 => "i32",
            IntType::I64 => "i64",
            IntType::I128 => "i128",
            IntType::U8 => "u8",
            IntType::U16 => "u16",
            IntType::U32 => "u32",
            IntType::U64 => "u64",
            IntType::U128 => "u128",
        }
    }

    /// The type named by an OpenAPI/JSON Schema integer `format`, before
    /// any `[formats]` setting (see `FormatMappings::integer`).
    pub fn for_format(format: &str) -> Option<IntType> {
        Some(match format {
            "int8" => IntType::I8,
            "int16" => IntType::I16,
            "int32" => IntType::I32,
            "int64" => IntType::I64,
            "uint8" => IntType::U8,
            "uint16" => IntType::U16,
            "uint32" => IntType::U32,
            "uint64" => IntType::U64,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_width_from_bounds() {
        assert_eq!(IntType::for_range(None, None), IntType::I64);
        assert_eq!(IntType::for_range(Some(0.0), None), IntType::U64);
        assert_eq!(IntType::for_range(Some(0.0), Some(255.0)), IntType::U8);
        assert_eq!(IntType::for_range(Some(1.0), Some(256.0)), IntType::U16);
        assert_eq!(IntType::for_range(Some(-1.0), Some(100.0)), IntType::I8);
        assert_eq!(IntType::for_range(Some(-40000.0), Some(0.0)), IntType::I32);
        assert_eq!(IntType::for_range(None, Some(10.0)), IntType::I64);
    }

    #[test]
    fn integer_width_from_format() {
        assert_eq!(IntType::for_format("int32"), Some(IntType::I32));
        assert_eq!(IntType::for_format("uint64"), Some(IntType::U64));
        assert_eq!(IntType::for_format("date-time"), None);
    }
}
