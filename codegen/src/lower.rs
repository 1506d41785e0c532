//! Stage 4, lower: normalized schemas -> the [`TypeTable`].
//!
//! Every named definition (a JSON Schema document's root, its `$defs` or
//! `definitions`, an OpenAPI `components/schemas` entry) gets a [`TypeId`]
//! reserved before any body is lowered, so references between them, cyclic
//! or not, become [`TypeRef::Named`]. Inline objects and enums become types
//! of their own with a [`NameHint::Contextual`] hint; naming happens later.
//!
//! Invariant: whatever cannot be modelled exactly becomes [`TypeRef::Any`]
//! with a warning saying why; lowering never fails.

// Lowering looks its maps up for every schema it visits; std's SipHash
// was a quarter of its instructions on Stripe's spec. Nothing iterates
// these maps into the output, so the hasher cannot change it.
use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use serde_json::Value;

use crate::diag::Sink;
use crate::formats::{FormatMappings, StringFormat};
use crate::ir::{
    Checked, Dispatch, Enum, EnumVariant, Field, IntType, NameHint, Origin, Role, Rule, Struct,
    Tuple, TypeId, TypeKind, TypeRef, TypeTable, Union, UnknownFields, Variant, VariantBody,
};
use crate::load::{Dialect, DocId, DocKind, Document, OpenApiVersion};
use crate::normalize::{collect_shape, normalize, Additional, Schema, Shape, TypeSet};
use crate::pointer::{self, Location};
use crate::resolve::Resolved;

mod operations;

pub(crate) use operations::status_name;

/// What a project decides about lowering that its schemas do not say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Turns the union errors a schema author should fix (no name for a
    /// variant) into warnings with a fallback: a name made from the
    /// variant's tags. It is for documents nobody here can edit, such as
    /// whole vendor specs.
    pub lenient: bool,
    /// Which Rust type each integer `format` becomes.
    pub formats: FormatMappings,
    /// Whether structs keep the properties their schema allows but does
    /// not list, in a map (`unknown-fields = "keep"`), instead of dropping
    /// them.
    pub keep_unknown: bool,
}

/// Lowers every named definition in `docs` into a type table.
pub fn lower(
    sink: &mut Sink,
    docs: &[Document],
    resolved: &Resolved,
    options: &Options,
) -> TypeTable {
    let mut lowerer = Lowerer {
        options,
        warned_unmodelled: HashSet::new(),
        sink,
        docs,
        resolved,
        table: TypeTable::default(),
        named: HashMap::new(),
        in_progress: HashSet::new(),
        root_in_progress: None,
        identical: HashMap::new(),
        depth: 0,
        values: std::cell::RefCell::default(),
    };
    let roots = lowerer.reserve_roots();
    for (id, location) in roots {
        lowerer.lower_root(id, &location);
    }
    lowerer.lower_operations();
    lowerer.table
}

/// What a schema becomes, before any type is reserved for it.
enum Class {
    /// An object assembled from several schemas.
    Struct(Shape),
    /// A union; the location holds the `oneOf`/`anyOf`.
    Union(Location),
    /// Anything else.
    Other,
}

/// The branches of a union that admit more than `null`.
#[derive(Default, Clone)]
struct UnionPlan {
    branches: Vec<Location>,
    shapes: Vec<Shape>,
    nullable: bool,
    any_of: bool,
}

/// A variant name made from its tags, when nothing better exists:
/// `is_first_party: false, was_dynamically_registered: false` ->
/// `not_first_party_not_dynamically_registered`.
fn fallback_variant_name(tags: &[(String, Value)]) -> String {
    let parts: Vec<String> = tags
        .iter()
        .map(|(property, value)| match value {
            Value::Bool(b) => {
                let stripped = ["is_", "was_", "has_", "can_"]
                    .iter()
                    .find_map(|p| property.strip_prefix(p))
                    .unwrap_or(property);
                if *b {
                    stripped.to_owned()
                } else {
                    format!("not_{stripped}")
                }
            }
            Value::String(s) => s.clone(),
            other => format!("{property}_{other}"),
        })
        .collect();
    if parts.is_empty() {
        "other".to_owned()
    } else {
        parts.join("_")
    }
}

/// Names for the JSON types of a by-type union's variants.
fn type_set_name(types: TypeSet) -> &'static str {
    if types.object {
        "Object"
    } else if types.array {
        "Array"
    } else if types.string {
        "String"
    } else if types.boolean {
        "Boolean"
    } else if types.integer && !types.number {
        "Integer"
    } else {
        "Number"
    }
}

/// Where the name of an inline type comes from.
#[derive(Clone)]
struct Context {
    parent: TypeId,
    key: String,
    role: Role,
}

struct Lowerer<'a> {
    sink: &'a mut Sink,
    options: &'a Options,
    /// Locations already checked by [`Lowerer::warn_unmodelled`], which is
    /// reached both by lowering a schema and by merging it into a struct.
    warned_unmodelled: HashSet<Location>,
    docs: &'a [Document],
    resolved: &'a Resolved,
    table: TypeTable,
    /// Locations that are named types: the roots, and inline schemas already
    /// lowered to a type (so a second `$ref` to one reuses it).
    named: HashMap<Location, TypeId>,
    /// Inline locations being lowered, to stop unbounded recursion through
    /// references to them.
    in_progress: HashSet<Location>,
    /// The named root being lowered and its id: a checked newtype made for
    /// exactly its location takes the root's id instead of a new one.
    root_in_progress: Option<(Location, TypeId)>,
    /// Inline types by (module, document when the text holds a `$ref`,
    /// schema text), so identical sub-schemas share one type. The text is
    /// not written out: schemas are kept by [`fingerprint`] and compared
    /// with [`same_text`].
    identical: IdenticalSchemas<'a>,
    /// Current nesting of `lower_schema` calls.
    depth: usize,
    /// Values already looked up by pointer: each schema's location is
    /// looked up a dozen times or more while lowering it, and walking the
    /// pointer hashes every token. Per document, by pointer.
    values: std::cell::RefCell<HashMap<DocId, HashMap<String, &'a Value>>>,
}

/// Inline schemas lowered so far, by module, document (for a schema with
/// a `$ref`, which may resolve differently elsewhere) and fingerprint.
type IdenticalSchemas<'a> = HashMap<(&'a str, Option<DocId>, u64), Vec<(&'a Value, TypeRef)>>;

/// A hash of `value`'s JSON text, and whether the text holds `"$ref"` (as
/// a key or a string). Two values with the same text have the same
/// fingerprint; writing the text out to compare it was a sixth of
/// lowering (#8).
fn fingerprint(value: &Value) -> (u64, bool) {
    fn feed(value: &Value, hasher: &mut impl Hasher, mentions_ref: &mut bool) {
        match value {
            Value::Null => hasher.write_u8(0),
            Value::Bool(b) => hasher.write_u8(1 + u8::from(*b)),
            Value::Number(n) => {
                hasher.write_u8(3);
                number_identity(n).hash(hasher);
            }
            Value::String(s) => {
                hasher.write_u8(4);
                hasher.write(s.as_bytes());
                hasher.write_u8(0xff);
                *mentions_ref |= s == "$ref";
            }
            Value::Array(items) => {
                hasher.write_u8(5);
                hasher.write_usize(items.len());
                for item in items {
                    feed(item, hasher, mentions_ref);
                }
            }
            Value::Object(map) => {
                hasher.write_u8(6);
                hasher.write_usize(map.len());
                for (key, item) in map {
                    hasher.write(key.as_bytes());
                    hasher.write_u8(0xff);
                    *mentions_ref |= key == "$ref";
                    feed(item, hasher, mentions_ref);
                }
            }
        }
    }
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    let mut mentions_ref = false;
    feed(value, &mut hasher, &mut mentions_ref);
    (hasher.finish(), mentions_ref)
}

/// Whether `a` and `b` have the same JSON text: unlike `==`, the order
/// of an object's keys counts (it orders a struct's fields), and `0.0`
/// is not `-0.0`.
fn same_text(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => number_identity(a) == number_identity(b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_text(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_text(va, vb))
        }
        _ => a == b,
    }
}

/// A number as its text tells it: which kind, and the value's bits.
fn number_identity(n: &serde_json::Number) -> (u8, u64) {
    match (n.as_u64(), n.as_i64(), n.as_f64()) {
        (Some(u), _, _) => (0, u),
        (None, Some(i), _) => (1, i as u64),
        (None, None, f) => (2, f.unwrap_or_default().to_bits()),
    }
}

/// How deep inline schemas may nest before lowering gives up on them.
const MAX_DEPTH: usize = 256;

impl<'a> Lowerer<'a> {
    fn doc(&self, id: DocId) -> &'a Document {
        &self.docs[id.0 as usize]
    }

    fn value(&self, at: &Location) -> &'a Value {
        let mut values = self.values.borrow_mut();
        let known = values.entry(at.doc).or_default();
        let pointer = at.pointer.as_str();
        if let Some(value) = known.get(pointer) {
            return value;
        }
        // A schema is mostly looked up just after its parent or
        // grandparent (`.../properties/a` after `...`), so the walk starts
        // there rather than at the root: every step is a hashed lookup.
        let mut start = (&self.doc(at.doc).root, 0);
        let mut end = pointer.len();
        for _ in 0..2 {
            let Some(slash) = pointer[..end].rfind('/') else {
                break;
            };
            if let Some(&ancestor) = known.get(&pointer[..slash]) {
                start = (ancestor, slash);
                break;
            }
            end = slash;
        }
        let value = pointer::get(start.0, &pointer[start.1..])
            .expect("locations are made from existing values");
        known.insert(at.pointer.clone(), value);
        value
    }

    fn origin(&self, at: &Location) -> Origin {
        let doc = self.doc(at.doc);
        Origin {
            module: doc.module.clone(),
            file: doc.path.clone(),
            pointer: at.pointer.clone(),
        }
    }

    /// Reserves an id for every named definition, in document order.
    fn reserve_roots(&mut self) -> Vec<(TypeId, Location)> {
        let mut roots = Vec::new();
        for (i, doc) in self.docs.iter().enumerate() {
            let root = Location::root(DocId(i as u32));
            match doc.kind {
                DocKind::JsonSchema(_) => {
                    if defines_a_type(&doc.root) {
                        roots.push((root_name(doc), root.clone()));
                    }
                    for container in ["$defs", "definitions"] {
                        if let Some(Value::Object(defs)) = doc.root.get(container) {
                            let at = root.child(container);
                            roots.extend(defs.keys().map(|key| (key.clone(), at.child(key))));
                        }
                    }
                }
                DocKind::Overlay => {}
                DocKind::OpenApi(_) => {
                    if let Some(Value::Object(schemas)) = doc.root.pointer("/components/schemas") {
                        let at = root.child("components").child("schemas");
                        roots.extend(schemas.keys().map(|key| (key.clone(), at.child(key))));
                    }
                }
            }
        }
        roots
            .into_iter()
            .map(|(name, location)| {
                let id = self
                    .table
                    .reserve(self.origin(&location), NameHint::Required(name));
                self.named.insert(location.clone(), id);
                (id, location)
            })
            .collect()
    }

    fn lower_root(&mut self, id: TypeId, at: &Location) {
        let value = self.value(at);
        self.warn_unmodelled_in(at, value);
        let doc = self.doc(at.doc);
        let schema = normalize(doc, value);
        let docs = doc_text(&schema);
        let kind = match self.lower_body(id, at, &schema) {
            Some(kind) => kind,
            None => {
                // Types nested in an alias are named after it (`Pets` is a
                // `Vec<Pet>`).
                let name = match &self.table.get(id).name {
                    NameHint::Required(name) => name.clone(),
                    NameHint::Derived(names) => names.first().cloned().unwrap_or_default(),
                    NameHint::Contextual { key, .. } => key.clone(),
                };
                // A nullable root is an `Option` of its value's type, which
                // needs a name of its own (`Label = Option<LabelValue>`).
                let name = if schema.nullable {
                    format!("{name} value")
                } else {
                    name
                };
                let context = Context {
                    parent: id,
                    key: name,
                    role: Role::Property,
                };
                self.root_in_progress = Some((at.clone(), id));
                let ty = self.lower_schema(at, value, Some(&context));
                self.root_in_progress = None;
                if ty == TypeRef::Named(id) {
                    // A checked newtype took the root's id.
                    self.table.get(id).kind.clone()
                } else {
                    TypeKind::Alias(ty)
                }
            }
        };
        let def = self.table.get_mut(id);
        def.docs = docs;
        def.kind = kind;
    }

    /// Lowers the schema at `at` as the body of the named type `id` when it
    /// is a struct or an enum; `None` when it is some other type.
    fn lower_body(&mut self, id: TypeId, at: &Location, schema: &Schema) -> Option<TypeKind> {
        match self.classify(at, schema) {
            Class::Struct(shape) => {
                return Some(TypeKind::Struct(self.struct_from_shape(id, at, &shape)));
            }
            Class::Union(union_at) => {
                let plan = self.union_plan(&union_at);
                if plan.branches.len() < 2 {
                    return None;
                }
                if !plan.nullable {
                    return Some(self.union_kind(&union_at, &plan, id, false));
                }
                // An enum cannot be null: the root becomes `Option` of a
                // union named after it.
                let union_id = self.table.reserve(
                    self.origin(&union_at),
                    NameHint::Contextual {
                        title: None,
                        parent: id,
                        key: "value".to_owned(),
                        role: Role::Property,
                    },
                );
                let kind = self.union_kind(&union_at, &plan, id, false);
                self.table.get_mut(union_id).kind = kind;
                return Some(TypeKind::Alias(TypeRef::Nullable(Box::new(
                    TypeRef::Named(union_id),
                ))));
            }
            Class::Other => {}
        }
        if schema.reference.is_some() || schema.nullable || schema.is_combinator() {
            return None;
        }
        if let Some(variants) = self.enum_variants(schema).filter(|v| !v.is_empty()) {
            return Some(TypeKind::Enum(Enum { variants }));
        }
        let types = schema.types?;
        if types.count() == 1 && types.object && !schema.properties.is_empty()
            || types.count() == 1 && types.object && schema.additional == Additional::Forbidden
        {
            return Some(TypeKind::Struct(self.lower_struct(id, at, schema)));
        }
        None
    }

    /// Lowers the schema at `at` to a type reference, creating named types
    /// for inline structs and enums (named from `context`).
    fn lower_type(&mut self, at: &Location, context: Option<&Context>) -> TypeRef {
        if let Some(id) = self.named.get(at) {
            return TypeRef::Named(*id);
        }
        // Identical inline schemas become one type. Within a document the
        // text decides; across documents only when no `$ref` could resolve
        // differently.
        let value = self.value(at);
        let (fingerprint, mentions_ref) = fingerprint(value);
        let scope = mentions_ref.then_some(at.doc);
        let key = (self.doc(at.doc).module.as_str(), scope, fingerprint);
        let seen = self.identical.get(&key).and_then(|same_print| {
            same_print
                .iter()
                .find(|(other, _)| same_text(value, other))
                .map(|(_, ty)| ty.clone())
        });
        if let Some(ty) = seen {
            return ty;
        }
        let ty = self.lower_schema(at, value, context);
        let created_here =
            matches!(ty.non_null(), TypeRef::Named(id) if self.named.get(at) == Some(id));
        if created_here {
            // Lowering may have met the same text inside (through a
            // `$ref`); the outer schema's type takes its place.
            let same_print = self.identical.entry(key).or_default();
            match same_print
                .iter_mut()
                .find(|(other, _)| same_text(value, other))
            {
                Some((_, earlier)) => *earlier = ty.clone(),
                None => same_print.push((value, ty.clone())),
            }
        }
        ty
    }

    /// Lowers the schema at `at` without looking it up among named types.
    /// Nesting (through inline schemas and references to them) is bounded,
    /// so no input can overflow the stack.
    /// `value` is the schema at `at`: the callers have it at hand, and
    /// each lookup by pointer is a hash of it (#8).
    fn lower_schema(
        &mut self,
        at: &Location,
        value: &'a Value,
        context: Option<&Context>,
    ) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            let file = self.doc(at.doc).path.clone();
            self.sink
                .error(
                    "too-deep",
                    &file,
                    &at.pointer,
                    format!("schemas nest more than {MAX_DEPTH} levels deep here"),
                )
                .hint("flatten the schema, or give the nested parts names under $defs");
            return TypeRef::Any;
        }
        self.depth += 1;
        let ty = self.lower_schema_unguarded(at, value, context);
        self.depth -= 1;
        ty
    }

    fn lower_schema_unguarded(
        &mut self,
        at: &Location,
        value: &'a Value,
        context: Option<&Context>,
    ) -> TypeRef {
        self.warn_unmodelled_in(at, value);
        let doc = self.doc(at.doc);
        let schema = normalize(doc, value);
        let ty = self.lower_non_null(at, &schema, context);
        if schema.nullable && !ty.is_nullable() && ty != TypeRef::Any && ty != TypeRef::Null {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn lower_non_null(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeRef {
        if schema.reference.is_some()
            && self.ref_siblings_apply(at)
            && !schema.properties.is_empty()
        {
            // `$ref` beside `properties` (2019-09 on): both hold, so the
            // object is assembled from the two, like an `allOf`.
            if let Class::Struct(shape) = self.classify(at, schema) {
                let id = self.reserve_inline(at, schema, context);
                let body = self.struct_from_shape(id, at, &shape);
                self.table.get_mut(id).kind = TypeKind::Struct(body);
                return TypeRef::Named(id);
            }
        }
        if let Some(_reference) = schema.reference {
            self.warn_ref_siblings(at);
            return match self.resolved.target(at).cloned() {
                Some(target) => self.lower_reference(&target, context),
                // Resolution already reported why.
                None => TypeRef::Any,
            };
        }
        if schema.is_never {
            // Exact: an uninhabited type. Where a value is optional (a
            // property, the items of an array) only its absence remains.
            return TypeRef::Never;
        }
        match self.classify(at, schema) {
            Class::Struct(shape) => {
                let id = self.reserve_inline(at, schema, context);
                let body = self.struct_from_shape(id, at, &shape);
                self.table.get_mut(id).kind = TypeKind::Struct(body);
                return TypeRef::Named(id);
            }
            Class::Union(union_at) => {
                let plan = self.union_plan(&union_at);
                let ty = match plan.branches.as_slice() {
                    // Every branch is `false` (or only `null` is left).
                    [] if plan.nullable => TypeRef::Null,
                    [] => TypeRef::Never,
                    [single] => self.lower_type(single, context),
                    _ => {
                        let id = self.reserve_inline(at, schema, context);
                        let name_parent = context.map_or(id, |c| c.parent);
                        let kind = self.union_kind(&union_at, &plan, name_parent, false);
                        self.table.get_mut(id).kind = kind;
                        TypeRef::Named(id)
                    }
                };
                return if plan.nullable
                    && !ty.is_nullable()
                    && ty != TypeRef::Any
                    && ty != TypeRef::Null
                {
                    TypeRef::Nullable(Box::new(ty))
                } else {
                    ty
                };
            }
            Class::Other => {}
        }
        if schema.is_combinator() {
            if !schema.all_of.is_empty() {
                return self.lower_all_of_values(at, context);
            }
            let file = self.doc(at.doc).path.clone();
            self.sink.warning(
                "unsupported",
                &file,
                &at.pointer,
                "this combination of allOf/oneOf/anyOf is not modelled; using serde_json::Value",
            );
            return TypeRef::Any;
        }
        if schema.const_value.is_some() || schema.enum_values.is_some() {
            return match self.enum_variants(schema).filter(|v| !v.is_empty()) {
                None if schema.nullable => TypeRef::Null,
                Some(variants) => {
                    let id = self.reserve_inline(at, schema, context);
                    self.table.get_mut(id).kind = TypeKind::Enum(Enum { variants });
                    TypeRef::Named(id)
                }
                // No listed value has an admitted type.
                None => TypeRef::Never,
            };
        }
        let Some(types) = schema.types else {
            return self.checked(at, schema, TypeRef::Any, context);
        };
        if types.count() == 0 {
            return if schema.nullable {
                TypeRef::Null
            } else {
                TypeRef::Any
            };
        }
        if types.count() > 1 {
            return self.lower_several_types(at, schema, types, context, None);
        }
        let base = self.lower_single_type(at, schema, types, context);
        self.checked(at, schema, base, context)
    }

    /// `base`, or a checked newtype around it when the schema constrains
    /// its values further.
    fn checked(
        &mut self,
        at: &Location,
        schema: &Schema,
        base: TypeRef,
        context: Option<&Context>,
    ) -> TypeRef {
        let value = self.value(at);
        let rules = self.rules_in(value, schema, &base);
        if !matches!(base, TypeRef::Named(_)) {
            // Structs report theirs where they are built.
            self.warn_unchecked_rules_in(at, value, &base);
        }
        if rules.is_empty() {
            return base;
        }
        let id = self.reserve_here(at, schema, context);
        self.table.get_mut(id).kind = TypeKind::Checked(Checked {
            inner: base,
            rules,
            shared: false,
        });
        TypeRef::Named(id)
    }

    /// The id for a type made for the schema at `at`: the named root's own
    /// when `at` is that root (and the type is not wrapped in `Option`),
    /// else a new inline type.
    fn reserve_here(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeId {
        match self.root_in_progress.take() {
            Some((root_at, id)) if root_at == *at && !schema.nullable => id,
            other => {
                self.root_in_progress = other;
                self.reserve_inline(at, schema, context)
            }
        }
    }

    /// `type: ["string", "integer"]`: an enum with a variant per JSON type,
    /// told apart by type. `integer` folds into `number` when both are
    /// listed. Each variant checks the constraints on its type.
    /// When `array_parts` is given, the array variant is those schemas'
    /// merged array ([`Self::merged_array`]) rather than `schema`'s own.
    fn lower_several_types(
        &mut self,
        at: &Location,
        schema: &Schema,
        types: TypeSet,
        context: Option<&Context>,
        array_parts: Option<&[Location]>,
    ) -> TypeRef {
        let id = self.reserve_here(at, schema, context);
        let singles = [
            TypeSet {
                boolean: true,
                ..TypeSet::default()
            },
            TypeSet {
                integer: !types.number,
                number: types.number,
                ..TypeSet::default()
            },
            TypeSet {
                string: true,
                ..TypeSet::default()
            },
            TypeSet {
                array: true,
                ..TypeSet::default()
            },
            TypeSet {
                object: true,
                ..TypeSet::default()
            },
        ];
        let mut variants = Vec::new();
        for single in singles
            .into_iter()
            .filter(|single| types.intersects(*single))
        {
            let name = type_set_name(single).to_owned();
            let context = Context {
                parent: context.map_or(id, |c| c.parent),
                key: format!("{} {name}", context.map_or("", |c| c.key.as_str())),
                role: Role::Property,
            };
            // Each variant checks the constraints on its own JSON type
            // (`minimum` on the number, `maxLength` on the string).
            let ty = match array_parts {
                Some(parts) if single.array => self.merged_array(at, schema, parts, Some(&context)),
                _ => {
                    let base = self.lower_single_type(at, schema, single, Some(&context));
                    self.checked(at, schema, base, Some(&context))
                }
            };
            variants.push(Variant {
                name,
                docs: None,
                tags: Vec::new(),
                body: VariantBody::Type(ty),
            });
        }
        self.table.get_mut(id).kind = TypeKind::Union(Union {
            dispatch: Dispatch::ByType,
            variants,
            any_of: false,
        });
        TypeRef::Named(id)
    }

    /// `allOf` of schemas that are not objects (`[{"type": "string"},
    /// {"maxLength": 5}]`): every branch must hold. Branches that admit
    /// everything are skipped and a `false` branch admits nothing; of the
    /// rest, the first decides the Rust type, and when others constrain the
    /// value too, that is reported as unchecked.
    fn lower_all_of_values(&mut self, at: &Location, context: Option<&Context>) -> TypeRef {
        let file = self.doc(at.doc).path.clone();
        let Value::Object(object) = self.value(at) else {
            return TypeRef::Any;
        };
        let branches = object.get("allOf").and_then(Value::as_array);
        let branches = branches.map_or(&[][..], Vec::as_slice);
        if branches.iter().any(|b| *b == Value::Bool(false)) {
            return TypeRef::Never;
        }
        let own_constraints = object.keys().any(|k| {
            k != "allOf"
                && !is_annotation(k)
                && !matches!(k.as_str(), "$schema" | "$defs" | "definitions")
        });
        let meaningful: Vec<usize> = (0..branches.len())
            .filter(|i| !admits_everything(&branches[*i]))
            .collect();
        let Some(first) = meaningful.first() else {
            return TypeRef::Any;
        };
        let mut parts: Vec<Location> = meaningful
            .iter()
            .map(|i| at.child("allOf").child(&i.to_string()))
            .collect();
        if own_constraints {
            parts.insert(0, at.clone());
        }
        // Branches whose types have no value in common admit nothing.
        let common = self.common_types(&parts);
        if let Some((types, false)) = common {
            if types.count() == 0 {
                return TypeRef::Never;
            }
        }
        if let Some(ty) = self.all_of_constraints(at, &parts, context, false) {
            return ty;
        }
        if let Some((types, nullable)) = common {
            if let Some(ty) = self.all_of_arrays(at, &parts, types, context) {
                return if nullable {
                    TypeRef::Nullable(Box::new(ty))
                } else {
                    ty
                };
            }
        }
        // The branch that decides the type is lowered; of the others, what
        // no type checks anyway (`if`, `not`) is reported as such, and only
        // the rest makes the allOf itself unchecked.
        let decider = at.child("allOf").child(&first.to_string());
        let mut unchecked_beside = false;
        for part in parts.iter().filter(|p| **p != decider) {
            self.warn_unmodelled(part);
            if self.implied_by(part, &decider) {
                continue;
            }
            let Value::Object(keywords) = self.value(part) else {
                continue;
            };
            unchecked_beside |= keywords.keys().any(|k| {
                !is_annotation(k)
                    && !UNMODELLED.contains(&k.as_str())
                    && !matches!(k.as_str(), "allOf" | "$schema" | "$defs" | "definitions")
            });
        }
        if unchecked_beside {
            self.sink.warning(
                "unchecked",
                &file,
                &at.pointer,
                format!(
                    "not checked by the generated type: allOf of values that are not objects \
                     (only branch {first} decides the type)"
                ),
            );
        }
        self.lower_type(&at.child("allOf").child(&first.to_string()), context)
    }

    /// The JSON types every one of `parts` admits, and whether all admit
    /// `null`; `None` when none of them says.
    fn common_types(&self, parts: &[Location]) -> Option<(TypeSet, bool)> {
        parts
            .iter()
            .filter_map(|part| {
                let schema = normalize(self.doc(part.doc), self.value(part));
                self.json_types(part).map(|types| (types, schema.nullable))
            })
            .reduce(|(a, a_null), (b, b_null)| (a.intersection(b), a_null && b_null))
    }

    /// Lowers what all of `locations` admit, where having no value in
    /// common is no mistake but means "nothing" (a position two tuples
    /// type differently cannot be filled).
    fn lower_merged_or_never(&mut self, locations: &[Location], context: &Context) -> TypeRef {
        match self.common_types(locations) {
            Some((types, false)) if types.count() == 0 => TypeRef::Never,
            _ => self.lower_merged(locations, context),
        }
    }

    /// An `allOf` whose `parts` only bound values (`[{"minimum": 20},
    /// {"maximum": 30}]`, perhaps one `type`): one checked type holding
    /// every part's rules. `None` when some part says more than that.
    /// `merged`: the parts are a property's schemas from several objects,
    /// `at` the first of them, and the type stands for none of them alone.
    fn all_of_constraints(
        &mut self,
        at: &Location,
        parts: &[Location],
        context: Option<&Context>,
        merged: bool,
    ) -> Option<TypeRef> {
        // A union of one branch (`"anyOf": [{"multipleOf": 3}]`) holds
        // exactly when its branch does: the branch is one more part.
        let mut parts = parts.to_vec();
        let mut next = 0;
        while next < parts.len() {
            let part = parts[next].clone();
            for keyword in ["anyOf", "oneOf"] {
                if single_branch(self.value(&part), keyword) {
                    parts.push(part.child(keyword).child("0"));
                }
            }
            next += 1;
        }
        let parts = parts.as_slice();
        let mut typed: Option<(Location, TypeSet)> = None;
        for part in parts {
            let value = self.value(part);
            let Value::Object(object) = value else {
                return None;
            };
            let only_bounds = object.keys().all(|k| {
                is_annotation(k)
                    || VALUE_CONSTRAINTS.contains(&k.as_str())
                    || k == "type"
                    || single_branch(value, k)
                    || (!merged
                        && part == at
                        && matches!(k.as_str(), "allOf" | "$schema" | "$defs" | "definitions"))
            });
            let schema = normalize(self.doc(part.doc), self.value(part));
            if !only_bounds || schema.nullable {
                return None;
            }
            if let (Some(types), true) = (schema.types, object.contains_key("type")) {
                match &typed {
                    Some((_, seen)) if *seen != types => return None,
                    _ => typed = Some((part.clone(), types)),
                }
            }
        }
        let base = match &typed {
            None => TypeRef::Any,
            Some((part, types)) if types.count() == 1 => {
                let schema = normalize(self.doc(part.doc), self.value(part));
                self.lower_single_type(part, &schema, *types, context)
            }
            Some(_) => return None,
        };
        let mut rules = Vec::new();
        for part in parts {
            let schema = normalize(self.doc(part.doc), self.value(part));
            rules.extend(self.rules(part, &schema, &base));
        }
        if rules.is_empty() {
            return Some(base);
        }
        let schema = normalize(self.doc(at.doc), self.value(at));
        let id = match context {
            // Merged schemas of a property: the type is none of theirs, so
            // no location stands for it.
            Some(context) if merged => {
                let hint = NameHint::Contextual {
                    title: schema.title.map(str::to_owned),
                    parent: context.parent,
                    key: context.key.clone(),
                    role: context.role,
                };
                let id = self.table.reserve(self.origin(at), hint);
                self.table.get_mut(id).docs = doc_text(&schema);
                id
            }
            _ => self.reserve_here(at, &schema, context),
        };
        self.table.get_mut(id).kind = TypeKind::Checked(Checked {
            inner: base,
            rules,
            shared: false,
        });
        Some(TypeRef::Named(id))
    }

    /// An `allOf` whose `parts` only describe arrays, at least one by
    /// position (`{"allOf": [{"prefixItems": [A]}], "items": B}`): one
    /// array type holding every part's item schemas. `None` when some part
    /// says more than that. Values of other `admitted` types (a schema
    /// without `type`, read exactly) stay values of their own.
    fn all_of_arrays(
        &mut self,
        at: &Location,
        parts: &[Location],
        admitted: TypeSet,
        context: Option<&Context>,
    ) -> Option<TypeRef> {
        let mut positional = false;
        for part in parts {
            let Value::Object(object) = self.value(part) else {
                return None;
            };
            let only_arrays = object.keys().all(|k| {
                is_annotation(k)
                    || ARRAY_KEYWORDS.contains(&k.as_str())
                    || (part == at
                        && matches!(k.as_str(), "allOf" | "$schema" | "$defs" | "definitions"))
            });
            // A part without `type` admits what the reading of untyped
            // schemas says, and `null` is the caller's: `admitted` and its
            // nullability hold what all parts have in common.
            let schema = normalize(self.doc(part.doc), self.value(part));
            let typed_array = schema.types.is_some_and(|t| t.count() == 1 && t.array);
            if !only_arrays || (object.contains_key("type") && !typed_array) {
                return None;
            }
            positional |= schema.prefix_items.is_some();
        }
        if !positional || !admitted.array {
            return None;
        }
        let schema = normalize(self.doc(at.doc), self.value(at));
        Some(if admitted.count() == 1 {
            self.merged_array(at, &schema, parts, context)
        } else {
            self.lower_several_types(at, &schema, admitted, context, Some(parts))
        })
    }

    /// The array every one of `parts` admits: item `i` must match each
    /// part's schema for position `i` (its `prefixItems` entry, else its
    /// schema for the rest), the items after the longest prefix each
    /// part's rest schema, and the count every `minItems`/`maxItems`.
    fn merged_array(
        &mut self,
        at: &Location,
        schema: &Schema,
        parts: &[Location],
        context: Option<&Context>,
    ) -> TypeRef {
        struct ArrayPart {
            prefix: Vec<Location>,
            rest: Option<Location>,
        }
        let arrays: Vec<ArrayPart> = parts
            .iter()
            .map(|part| {
                let schema = normalize(self.doc(part.doc), self.value(part));
                let prefix = match schema.prefix_items {
                    Some((keyword, count)) => (0..count)
                        .map(|i| part.child(keyword).child(&i.to_string()))
                        .collect(),
                    None => Vec::new(),
                };
                let rest = match (schema.prefix_items, schema.rest_items, schema.items) {
                    (Some(_), Some(keyword), _) => Some(part.child(keyword)),
                    (None, _, Some(_)) => Some(part.child("items")),
                    _ => None,
                };
                ArrayPart { prefix, rest }
            })
            .collect();
        let id = self.reserve_here(at, schema, context);
        let count = arrays.iter().map(|a| a.prefix.len()).max().unwrap_or(0);
        let mut prefix = Vec::with_capacity(count);
        for i in 0..count {
            let locations: Vec<Location> = arrays
                .iter()
                .filter_map(|a| a.prefix.get(i).or(a.rest.as_ref()).cloned())
                .collect();
            let context = Context {
                parent: id,
                key: format!("item {i}"),
                role: Role::Property,
            };
            prefix.push(self.lower_merged_or_never(&locations, &context));
        }
        let rest_schemas: Vec<Location> = arrays.iter().filter_map(|a| a.rest.clone()).collect();
        let context = Context {
            parent: id,
            key: "rest".to_owned(),
            role: Role::Item,
        };
        let rest = match self.lower_merged_or_never(&rest_schemas, &context) {
            TypeRef::Never => None,
            ty => Some(ty),
        };
        let counts = |key: &str| {
            parts
                .iter()
                .filter_map(|part| self.value(part).get(key).and_then(as_count))
                .collect::<Vec<u64>>()
        };
        let min_items = counts("minItems").into_iter().max().unwrap_or(0);
        let max_items = counts("maxItems").into_iter().min();
        let unique = parts
            .iter()
            .any(|part| self.value(part).get("uniqueItems") == Some(&Value::Bool(true)));
        let mut rules = Vec::new();
        if min_items > count as u64 {
            rules.push(Rule::MinItems(min_items));
        }
        rules.extend(max_items.map(Rule::MaxItems));
        if unique {
            rules.push(Rule::UniqueItems);
        }
        self.table.get_mut(id).kind = TypeKind::Tuple(Tuple {
            prefix,
            required: usize::try_from(min_items).unwrap_or(usize::MAX).min(count),
            rest,
            rules,
        });
        TypeRef::Named(id)
    }

    /// Whether keywords beside a `$ref` constrain the value: from 2019-09
    /// on they do; in draft 7 and OpenAPI 3.0 the `$ref` replaces them.
    fn ref_siblings_apply(&self, at: &Location) -> bool {
        let doc = self.doc(at.doc);
        doc.dialect() == Dialect::Draft2020 && doc.kind != DocKind::OpenApi(OpenApiVersion::V3_0)
    }

    /// Warns when a `$ref` has validation keywords beside it (allowed since
    /// 2019-09): the reference's type is used, and they are not checked.
    /// Where the `$ref` replaces its siblings (draft 7), ignoring them is
    /// exact and nothing is said.
    fn warn_ref_siblings(&mut self, at: &Location) {
        if !self.ref_siblings_apply(at) {
            return;
        }
        const SHAPE: &[&str] = &[
            "type",
            "enum",
            "const",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "prefixItems",
        ];
        const COMBINATORS: &[&str] = &["allOf", "anyOf", "oneOf"];
        let Value::Object(object) = self.value(at) else {
            return;
        };
        let siblings: Vec<&str> = SHAPE
            .iter()
            .chain(VALUE_CONSTRAINTS)
            .chain(COMBINATORS)
            .copied()
            .filter(|k| object.contains_key(*k))
            .collect();
        if !siblings.is_empty() {
            let file = self.doc(at.doc).path.clone();
            self.sink.warning(
                "unchecked",
                &file,
                &at.pointer,
                format!(
                    "not checked by the generated type: {} beside `$ref`",
                    siblings.join(", ")
                ),
            );
        }
    }

    /// The Rust type of a value of one JSON type, before any constraint.
    fn lower_single_type(
        &mut self,
        at: &Location,
        schema: &Schema,
        types: TypeSet,
        context: Option<&Context>,
    ) -> TypeRef {
        if types.boolean {
            TypeRef::Bool
        } else if types.integer && !types.number {
            let by_format = schema.format.and_then(|f| self.options.formats.integer(f));
            TypeRef::Integer(by_format.unwrap_or_else(|| {
                IntType::for_range(schema.minimum.map(|b| b.0), schema.maximum.map(|b| b.0))
            }))
        } else if types.number || types.integer {
            TypeRef::Float
        } else if types.string {
            schema
                .format
                .and_then(StringFormat::recognise)
                .map_or(TypeRef::String, TypeRef::Format)
        } else if types.array && schema.prefix_items.is_some() {
            self.lower_tuple(at, schema, context)
        } else if types.array {
            let item = match schema.items {
                Some(_) => {
                    let context = context.map(|c| Context {
                        role: Role::Item,
                        ..c.clone()
                    });
                    self.lower_type(&at.child("items"), context.as_ref())
                }
                None => TypeRef::Any,
            };
            TypeRef::Vec(Box::new(item))
        } else {
            self.lower_object(at, schema, context)
        }
    }

    /// `prefixItems` (or draft 7's `items` array): a tuple struct with a
    /// member per position, optional from `minItems` on, and the items
    /// after them in a `Vec` unless no more are allowed.
    fn lower_tuple(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeRef {
        let Some((keyword, count)) = schema.prefix_items else {
            return TypeRef::Any;
        };
        let id = self.reserve_here(at, schema, context);
        let prefix: Vec<TypeRef> = (0..count)
            .map(|i| {
                let context = Context {
                    parent: id,
                    key: format!("item {i}"),
                    role: Role::Property,
                };
                self.lower_type(&at.child(keyword).child(&i.to_string()), Some(&context))
            })
            .collect();
        let rest = match schema.rest_items {
            Some(rest_keyword) => {
                let context = Context {
                    parent: id,
                    key: "rest".to_owned(),
                    role: Role::Item,
                };
                match self.lower_type(&at.child(rest_keyword), Some(&context)) {
                    TypeRef::Never => None,
                    ty => Some(ty),
                }
            }
            None => Some(TypeRef::Any),
        };
        let object = self.value(at);
        let count_of = |key: &str| object.get(key).and_then(as_count);
        let min_items = count_of("minItems").unwrap_or(0);
        let required = usize::try_from(min_items).unwrap_or(usize::MAX).min(count);
        let mut rules = Vec::new();
        if min_items > count as u64 {
            rules.push(Rule::MinItems(min_items));
        }
        rules.extend(count_of("maxItems").map(Rule::MaxItems));
        if object.get("uniqueItems") == Some(&Value::Bool(true)) {
            rules.push(Rule::UniqueItems);
        }
        self.table.get_mut(id).kind = TypeKind::Tuple(Tuple {
            prefix,
            required,
            rest,
            rules,
        });
        TypeRef::Named(id)
    }

    /// The constraints a checked newtype around `base` enforces. Bounds an
    /// integer type already implies (`minimum: 0` on a `u64`) are not
    /// repeated; a `pattern` Rust's regex engine cannot compile is left out
    /// (and reported by [`Self::warn_unchecked_rules`]).
    fn rules(&mut self, at: &Location, schema: &Schema, base: &TypeRef) -> Vec<Rule> {
        let value = self.value(at);
        self.rules_in(value, schema, base)
    }

    /// [`Lowerer::rules`] of `value`, the schema at hand.
    fn rules_in(&mut self, value: &Value, schema: &Schema, base: &TypeRef) -> Vec<Rule> {
        let Value::Object(object) = value else {
            return Vec::new();
        };
        let count = |key: &str| pointer::member(object, key).and_then(as_count);
        let string_rules = || {
            let mut rules = Vec::new();
            rules.extend(count("minLength").filter(|n| *n > 0).map(Rule::MinLength));
            rules.extend(count("maxLength").map(Rule::MaxLength));
            let pattern = pointer::member(object, "pattern").and_then(Value::as_str);
            rules.extend(pattern.and_then(rust_regex).map(Rule::Pattern));
            rules
        };
        let number_rules = |range: Option<(f64, f64)>| {
            let mut rules = Vec::new();
            let (lowest, highest) = range.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            if let Some((bound, exclusive)) = schema.minimum {
                if bound > lowest || exclusive && bound >= lowest {
                    rules.push(Rule::Minimum {
                        bound: number(bound),
                        exclusive,
                    });
                }
            }
            if let Some((bound, exclusive)) = schema.maximum {
                if bound < highest || exclusive && bound <= highest {
                    rules.push(Rule::Maximum {
                        bound: number(bound),
                        exclusive,
                    });
                }
            }
            rules.extend(multiple_of(object).map(Rule::MultipleOf));
            rules
        };
        let array_rules = || {
            let mut rules = Vec::new();
            rules.extend(count("minItems").filter(|n| *n > 0).map(Rule::MinItems));
            rules.extend(count("maxItems").map(Rule::MaxItems));
            if pointer::member(object, "uniqueItems") == Some(&Value::Bool(true)) {
                rules.push(Rule::UniqueItems);
            }
            rules
        };
        let object_rules = || {
            let mut rules = Vec::new();
            rules.extend(
                count("minProperties")
                    .filter(|n| *n > 0)
                    .map(Rule::MinProperties),
            );
            rules.extend(count("maxProperties").map(Rule::MaxProperties));
            rules
        };
        match base {
            TypeRef::String => string_rules(),
            TypeRef::Integer(int) => number_rules(Some(int.range())),
            TypeRef::Float => number_rules(None),
            TypeRef::Vec(_) => array_rules(),
            TypeRef::Map(_) | TypeRef::AnyObject => object_rules(),
            // No `type`: each keyword constrains only values of its own
            // JSON type and lets every other value through.
            TypeRef::Any => {
                let mut rules = string_rules();
                rules.extend(number_rules(None));
                rules.extend(array_rules());
                rules.extend(object_rules());
                rules
            }
            _ => Vec::new(),
        }
    }

    /// Warns about constraint keywords at `at` that apply to values of
    /// `base`'s JSON type but that the type does not check: lengths on a
    /// string with a `format`, `minProperties` on a struct, anything on
    /// `serde_json::Value`, a `pattern` Rust's regex cannot compile.
    fn warn_unchecked_rules(&mut self, at: &Location, base: &TypeRef) {
        let value = self.value(at);
        self.warn_unchecked_rules_in(at, value, base);
    }

    /// [`Lowerer::warn_unchecked_rules`] with `value`, the schema at `at`.
    fn warn_unchecked_rules_in(&mut self, at: &Location, value: &Value, base: &TypeRef) {
        let Value::Object(object) = value else {
            return;
        };
        let checked: &[&str] = match base {
            TypeRef::String => &["minLength", "maxLength", "pattern"],
            TypeRef::Integer(_) | TypeRef::Float => &[
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            TypeRef::Vec(_) => &["minItems", "maxItems", "uniqueItems"],
            TypeRef::Map(_) | TypeRef::AnyObject => &["minProperties", "maxProperties"],
            TypeRef::Any => VALUE_CONSTRAINTS,
            _ => &[],
        };
        let applies: &[&str] = match base {
            TypeRef::Bool => &[],
            TypeRef::String | TypeRef::Format(_) => &["minLength", "maxLength", "pattern"],
            TypeRef::Integer(_) | TypeRef::Float => &[
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            TypeRef::Vec(_) => &["minItems", "maxItems", "uniqueItems"],
            TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::AnyObject => {
                &["minProperties", "maxProperties"]
            }
            _ => VALUE_CONSTRAINTS,
        };
        let mut unchecked: Vec<&str> = applies
            .iter()
            .copied()
            .filter(|k| !checked.contains(k))
            .filter(|k| match pointer::member(object, k) {
                Some(value) => *k != "uniqueItems" || *value == Value::Bool(true),
                None => false,
            })
            .collect();
        let pattern = pointer::member(object, "pattern").and_then(Value::as_str);
        if checked.contains(&"pattern") && pattern.is_some_and(|p| rust_regex(p).is_none()) {
            unchecked.push("pattern (a regular expression Rust's regex crate cannot compile)");
        }
        if !unchecked.is_empty() {
            let file = self.doc(at.doc).path.clone();
            self.sink.warning(
                "unchecked",
                &file,
                &at.pointer,
                format!(
                    "not checked by the generated type: {}",
                    unchecked.join(", ")
                ),
            );
        }
    }

    fn lower_object(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeRef {
        if schema.properties.is_empty() && schema.required.is_empty() {
            match schema.additional {
                Additional::Schema(_) => {
                    let context = context.map(|c| Context {
                        role: Role::MapValue,
                        ..c.clone()
                    });
                    let value =
                        self.lower_type(&at.child("additionalProperties"), context.as_ref());
                    return TypeRef::Map(Box::new(value));
                }
                Additional::Any => return TypeRef::AnyObject,
                Additional::Forbidden => {}
            }
        }
        let id = self.reserve_inline(at, schema, context);
        let body = self.lower_struct(id, at, schema);
        self.table.get_mut(id).kind = TypeKind::Struct(body);
        TypeRef::Named(id)
    }

    fn lower_struct(&mut self, id: TypeId, at: &Location, schema: &Schema) -> Struct {
        self.warn_unchecked_rules(at, &TypeRef::Named(id));
        let properties = at.child("properties");
        let mut fields = Vec::with_capacity(schema.properties.len());
        for (key, value) in &schema.properties {
            let context = Context {
                parent: id,
                key: (*key).to_owned(),
                role: Role::Property,
            };
            let property_at = properties.child(key);
            let ty = self.lower_type(&property_at, Some(&context));
            let docs = normalize(self.doc(at.doc), value)
                .description
                .map(str::to_owned);
            fields.push(Field {
                wire_name: (*key).to_owned(),
                docs,
                ty,
                required: schema.required.contains(key),
                boxed: false,
            });
        }
        // A required key with no schema of its own must still be present.
        for key in &schema.required {
            if !fields.iter().any(|f| f.wire_name == *key) {
                fields.push(Field {
                    wire_name: (*key).to_owned(),
                    docs: None,
                    ty: TypeRef::Any,
                    required: true,
                    boxed: false,
                });
            }
        }
        let unknown = match schema.additional {
            Additional::Any if self.options.keep_unknown => UnknownFields::Collect(TypeRef::Any),
            Additional::Any => UnknownFields::Ignore,
            Additional::Forbidden => UnknownFields::Deny,
            Additional::Schema(_) => {
                let context = Context {
                    parent: id,
                    key: "additionalProperties".to_owned(),
                    role: Role::MapValue,
                };
                UnknownFields::Collect(
                    self.lower_type(&at.child("additionalProperties"), Some(&context)),
                )
            }
        };
        Struct {
            fields,
            unknown,
            flattened: None,
        }
    }

    /// A `$ref` to a named definition is a reference to its type; to any
    /// other schema, that schema lowered in place (once).
    fn lower_reference(&mut self, target: &Location, context: Option<&Context>) -> TypeRef {
        if let Some(id) = self.named.get(target) {
            return TypeRef::Named(*id);
        }
        if !self.in_progress.insert(target.clone()) {
            let file = self.doc(target.doc).path.clone();
            self.sink.warning(
                "unsupported",
                &file,
                &target.pointer,
                "a recursive reference to an inline schema is not modelled; using serde_json::Value",
            );
            return TypeRef::Any;
        }
        let ty = self.lower_type(target, context);
        self.in_progress.remove(target);
        if let TypeRef::Named(id) = ty {
            self.named.insert(target.clone(), id);
        }
        ty
    }

    /// Warns about validation keywords at `at` that the generated type does
    /// not check, so nobody mistakes the type for a validator of them.
    fn warn_unmodelled(&mut self, at: &Location) {
        let value = self.value(at);
        self.warn_unmodelled_in(at, value);
    }

    /// [`Lowerer::warn_unmodelled`] with `value`, the schema at `at`.
    fn warn_unmodelled_in(&mut self, at: &Location, value: &Value) {
        // Most schemas have a few keys and none of these: looking each key
        // up in the list is cheaper than each keyword up in the map.
        let Value::Object(object) = value else {
            return;
        };
        let uses_unmodelled = object.keys().any(|key| UNMODELLED.contains(&key.as_str()));
        if !uses_unmodelled || !self.warned_unmodelled.insert(at.clone()) {
            return;
        }
        let ignored: Vec<&str> = UNMODELLED
            .iter()
            .copied()
            .filter(|k| object.contains_key(*k))
            .collect();
        if !ignored.is_empty() {
            let file = self.doc(at.doc).path.clone();
            self.sink.warning(
                "unchecked",
                &file,
                &at.pointer,
                format!("not checked by the generated type: {}", ignored.join(", ")),
            );
        }
    }

    /// Decides whether a schema is a struct assembled from several schemas,
    /// a union, or neither.
    fn classify(&self, at: &Location, schema: &Schema) -> Class {
        let has_union = schema.union_branches().is_some();
        let ref_with_properties = schema.reference.is_some()
            && !schema.properties.is_empty()
            && self.ref_siblings_apply(at);
        let assembled = !schema.all_of.is_empty()
            || ref_with_properties
            || (has_union && (!schema.properties.is_empty() || schema.reference.is_some()));
        if assembled {
            let mut shape = Shape::default();
            collect_shape(
                self.docs,
                self.resolved,
                at,
                &mut shape,
                &mut std::collections::HashSet::new(),
            );
            if !shape.properties.is_empty() {
                return Class::Struct(shape);
            }
            if let [single] = shape.unions.as_slice() {
                return Class::Union(single.clone());
            }
            return Class::Other;
        }
        if has_union {
            Class::Union(at.clone())
        } else {
            Class::Other
        }
    }

    /// The struct for an object assembled from several schemas, holding the
    /// union its `oneOf` contributes, if any.
    fn struct_from_shape(&mut self, id: TypeId, at: &Location, shape: &Shape) -> Struct {
        self.warn_unchecked_rules(at, &TypeRef::Named(id));
        // The merged schemas are not lowered on their own, so what they
        // say that the struct does not check is reported here.
        for merged in &shape.merged {
            self.warn_unmodelled(merged);
        }
        let file = self.doc(at.doc).path.clone();
        if shape.too_deep {
            self.sink
                .error(
                    "too-deep",
                    &file,
                    &at.pointer,
                    format!(
                        "this object merges more than {} schemas through allOf and $ref",
                        crate::normalize::MAX_MERGED_SCHEMAS
                    ),
                )
                .hint("shorten the allOf/$ref chain");
        }
        for (location, why) in &shape.contradictions {
            let file = self.doc(location.doc).path.clone();
            self.sink
                .error(
                    "contradiction",
                    &file,
                    &location.pointer,
                    format!("allOf branches contradict each other: {why}, but the object it is merged into must be one"),
                )
                .hint("remove or fix the branch that excludes objects");
        }
        if shape.unions.len() > 1 {
            self.sink.warning(
                "unsupported",
                &file,
                &shape.unions[1].pointer,
                "only one oneOf/anyOf per object is modelled; the others are not checked",
            );
        }
        let union = shape
            .unions
            .first()
            .map(|u| (u.clone(), self.union_plan(u)));
        // Properties a variant also constrains move into the variants, so
        // each variant sees every constraint on them.
        let pushed: Vec<String> = match &union {
            Some((_, plan)) => shape
                .properties
                .iter()
                .map(|(name, _)| name.clone())
                .filter(|name| {
                    plan.shapes
                        .iter()
                        .any(|s| s.property(name).is_some() || s.required.contains(name))
                })
                .collect(),
            None => Vec::new(),
        };
        let mut fields = Vec::new();
        for (name, locations) in &shape.properties {
            if pushed.contains(name) {
                continue;
            }
            let context = Context {
                parent: id,
                key: name.clone(),
                role: Role::Property,
            };
            // A schema's `additionalProperties` does not look into its
            // `allOf`: a property only a branch lists must match it too.
            let mut locations = locations.clone();
            for owner in &shape.additional {
                let listed = self
                    .value(owner)
                    .get("properties")
                    .and_then(|p| p.get(name));
                if listed.is_none() {
                    locations.push(owner.child("additionalProperties"));
                }
            }
            fields.push(self.merged_field(
                name,
                &locations,
                shape.required.contains(name),
                &context,
            ));
        }
        for name in &shape.required {
            if shape.property(name).is_none() && !pushed.contains(name) {
                fields.push(Field {
                    wire_name: name.clone(),
                    docs: None,
                    ty: TypeRef::Any,
                    required: true,
                    boxed: false,
                });
            }
        }
        let flattened = union.and_then(|(union_at, mut plan)| {
            for branch in &mut plan.shapes {
                for name in pushed.iter().rev() {
                    let base = shape.property(name).expect("pushed from the base").to_vec();
                    let mut locations = base;
                    locations.extend(branch.property(name).unwrap_or_default().iter().cloned());
                    branch.properties.shift_remove(name);
                    branch.properties.shift_insert(0, name.clone(), locations);
                    if shape.required.contains(name) {
                        branch.require(name);
                    }
                }
            }
            self.held_union(&union_at, at, &plan, id)
        });
        let unknown = if shape.forbids_unknown && flattened.is_none() {
            UnknownFields::Deny
        } else if shape.forbids_unknown {
            UnknownFields::Ignore
        } else if let (Some(_), None) = (shape.additional.first(), &flattened) {
            // Unlisted properties must match every `additionalProperties`.
            let context = Context {
                parent: id,
                key: "additionalProperties".to_owned(),
                role: Role::MapValue,
            };
            let schemas: Vec<Location> = shape
                .additional
                .iter()
                .map(|owner| owner.child("additionalProperties"))
                .collect();
            UnknownFields::Collect(self.lower_merged(&schemas, &context))
        } else {
            if let Some(owner) = shape.additional.first() {
                let file = self.doc(owner.doc).path.clone();
                self.sink.warning(
                    "unchecked",
                    &file,
                    &owner.child("additionalProperties").pointer,
                    "not checked by the generated type: additionalProperties beside a oneOf/anyOf",
                );
            }
            if self.options.keep_unknown {
                UnknownFields::Collect(TypeRef::Any)
            } else {
                UnknownFields::Ignore
            }
        };
        Struct {
            fields,
            unknown,
            flattened,
        }
    }

    /// A field constrained by one or more schemas (from `allOf` merging):
    /// all of them must hold.
    fn merged_field(
        &mut self,
        name: &str,
        locations: &[Location],
        required: bool,
        context: &Context,
    ) -> Field {
        let docs = locations.iter().find_map(|l| {
            normalize(self.doc(l.doc), self.value(l))
                .description
                .map(str::to_owned)
        });
        Field {
            wire_name: name.to_owned(),
            docs,
            ty: self.lower_merged(locations, context),
            required,
            boxed: false,
        }
    }

    fn lower_merged(&mut self, locations: &[Location], context: &Context) -> TypeRef {
        match locations {
            [] => return TypeRef::Any,
            [single] => return self.lower_type(single, Some(context)),
            _ => {}
        }
        // Schemas that only bound the value (`{"minimum": 3}` and
        // `{"minimum": 5}`) make one checked type holding every bound.
        if let Some(ty) = self.all_of_constraints(&locations[0], locations, Some(context), true) {
            return ty;
        }
        let schemas: Vec<Schema> = locations
            .iter()
            .map(|l| normalize(self.doc(l.doc), self.value(l)))
            .collect();
        // The most specific schema decides the type: a constant, else the
        // last one that says anything about the type.
        let primary = schemas
            .iter()
            .rposition(|s| s.tag_value().is_some())
            .or_else(|| {
                schemas
                    .iter()
                    .rposition(|s| s.types.is_some() || s.reference.is_some())
            })
            // Else the last that says anything (a union, a bound), not a
            // description.
            .or_else(|| {
                locations
                    .iter()
                    .rposition(|l| !admits_everything(self.value(l)))
            })
            .unwrap_or(locations.len() - 1);
        let nullable = schemas
            .iter()
            .all(|s| s.nullable || (s.types.is_none() && s.reference.is_none()));
        let declared: Vec<(usize, TypeSet)> = schemas
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.types.map(|t| (i, t)))
            .collect();
        let mut contradicted = false;
        for window in declared.windows(2) {
            let ((_, a), (i, b)) = (window[0], window[1]);
            if !a.intersects(b) {
                contradicted = true;
                let file = self.doc(locations[i].doc).path.clone();
                self.sink
                    .error(
                        "contradiction",
                        &file,
                        &locations[i].pointer,
                        format!(
                            "`{}` is given types that no value has in common",
                            context.key
                        ),
                    )
                    .hint("allOf branches must agree on a property's type");
            }
        }
        // After a contradiction (an error already), nothing more is said.
        let others: Vec<&Location> = locations
            .iter()
            .enumerate()
            .filter(|_| !contradicted)
            .filter(|(i, l)| *i != primary && !self.implied_by(l, &locations[primary]))
            .map(|(_, l)| l)
            .collect();
        let merged_object = !others.is_empty()
            && locations.iter().all(|l| {
                admits_everything(self.value(l))
                    || self.json_types(l) == Some(TypeSet::object_only())
            });
        let ty = if merged_object {
            self.merged_struct(locations, primary, context)
        } else {
            for other in others {
                let file = self.doc(other.doc).path.clone();
                self.sink.warning(
                    "unchecked",
                    &file,
                    &other.pointer,
                    format!(
                        "not checked by the generated type: this schema for `{}` \
                         (only the one at {} decides its type)",
                        context.key, locations[primary].pointer
                    ),
                );
            }
            self.lower_type(&locations[primary], Some(context))
        };
        match (nullable, ty) {
            (false, TypeRef::Nullable(inner)) => *inner,
            (true, ty) if !ty.is_nullable() && ty != TypeRef::Any => {
                TypeRef::Nullable(Box::new(ty))
            }
            (_, ty) => ty,
        }
    }

    /// Whether the schema at `other` admits every value the one at
    /// `primary` admits, as far as can be told without running them:
    /// annotations only, the same keywords, the same `$ref` target, a wider
    /// `type`, or an `enum`/`const`/`type` that the primary's constant meets.
    fn implied_by(&self, other: &Location, primary: &Location) -> bool {
        // A primary that is only a `$ref` says what its target says.
        let referenced = self.through_refs(primary);
        let primary = &referenced;
        let (Value::Object(other_object), primary_value) = (self.value(other), self.value(primary))
        else {
            return admits_everything(self.value(other));
        };
        let primary_schema = normalize(self.doc(primary.doc), primary_value);
        let constant = primary_schema.tag_value();
        let primary_types = self.json_types(primary);
        let same_target = || match (self.resolved.target(other), self.resolved.target(primary)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        other_object.iter().all(|(key, value)| {
            if is_annotation(key) || primary_value.get(key) == Some(value) {
                return true;
            }
            match key.as_str() {
                "$ref" => same_target() || self.resolved.target(other) == Some(primary),
                // The same schema for every property or every item: where
                // the primary types some of them on their own (`properties`,
                // `prefixItems`), the other constrains those too.
                "additionalProperties" | "items" if primary_value.get(key).is_some() => {
                    let same =
                        |a: Location, b: Location| self.through_refs(&a) == self.through_refs(&b);
                    let all_alike = match key.as_str() {
                        "items" => {
                            primary_value.get("prefixItems").is_none()
                                && primary_value.get("items").is_some_and(|v| !v.is_array())
                        }
                        _ => {
                            primary_value.get("properties").is_none()
                                && primary_value
                                    .get("patternProperties")
                                    .and_then(Value::as_object)
                                    .is_none_or(|patterns| {
                                        patterns.keys().all(|pattern| {
                                            same(
                                                primary.child("patternProperties").child(pattern),
                                                primary.child(key),
                                            )
                                        })
                                    })
                        }
                    };
                    all_alike && same(other.child(key), primary.child(key))
                }
                "type" => {
                    let mut admitted = TypeSet::default();
                    let names: Vec<&str> = match value {
                        Value::String(name) => vec![name.as_str()],
                        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
                        _ => Vec::new(),
                    };
                    for name in names {
                        admitted.insert(name);
                    }
                    let within = |types: TypeSet| types.union(admitted) == admitted;
                    match constant {
                        Some(constant) => within(TypeSet::of_value(constant)),
                        None => primary_types.is_some_and(within),
                    }
                }
                "enum" => constant.is_some_and(|c| value.as_array().is_some_and(|v| v.contains(c))),
                "const" => constant == Some(value),
                _ => false,
            }
        })
    }

    /// Where `at` leads when it is only a `$ref` (annotations aside),
    /// followed to a schema that says something of its own.
    fn through_refs(&self, at: &Location) -> Location {
        let mut at = at.clone();
        for _ in 0..64 {
            let only_ref = match self.value(&at) {
                Value::Object(object) => {
                    object.contains_key("$ref")
                        && object.keys().all(|k| k == "$ref" || is_annotation(k))
                }
                _ => false,
            };
            match self.resolved.target(&at) {
                Some(target) if only_ref => at = target.clone(),
                _ => break,
            }
        }
        at
    }

    /// A struct merged from every object schema given for one property
    /// (`allOf` branches that each say something about it).
    fn merged_struct(
        &mut self,
        locations: &[Location],
        primary: usize,
        context: &Context,
    ) -> TypeRef {
        let at = &locations[primary];
        let schema = normalize(self.doc(at.doc), self.value(at));
        let id = self.table.reserve(
            self.origin(at),
            NameHint::Contextual {
                title: schema.title.map(str::to_owned),
                parent: context.parent,
                key: context.key.clone(),
                role: context.role,
            },
        );
        let mut shape = Shape::default();
        let mut stop = std::collections::HashSet::new();
        for location in locations {
            collect_shape(self.docs, self.resolved, location, &mut shape, &mut stop);
        }
        self.table.get_mut(id).docs = shape.description.clone();
        let body = self.struct_from_shape(id, at, &shape);
        self.table.get_mut(id).kind = TypeKind::Struct(body);
        TypeRef::Named(id)
    }

    /// The non-null branches of the union at `union_at`, with their merged
    /// shapes.
    fn union_plan(&self, union_at: &Location) -> UnionPlan {
        let schema = normalize(self.doc(union_at.doc), self.value(union_at));
        let (keyword, count) = schema.union_branches().expect("classified as a union");
        let mut plan = UnionPlan {
            any_of: keyword == "anyOf",
            ..UnionPlan::default()
        };
        for i in 0..count {
            let branch = union_at.child(keyword).child(&i.to_string());
            let branch_schema = normalize(self.doc(branch.doc), self.value(&branch));
            if branch_schema.is_null_only() {
                plan.nullable = true;
                continue;
            }
            if branch_schema.is_never {
                // A branch that accepts nothing never matches: leaving it
                // out changes neither a `oneOf` nor an `anyOf`.
                continue;
            }
            let mut shape = Shape::default();
            collect_shape(
                self.docs,
                self.resolved,
                &branch,
                &mut shape,
                &mut std::collections::HashSet::from([union_at.clone()]),
            );
            plan.branches.push(branch);
            plan.shapes.push(shape);
        }
        plan
    }

    /// Builds the union at `union_at` (the type `id`): tagged when constant
    /// properties tell the branches apart, by JSON type when their types are
    /// disjoint, and by attempt otherwise. The variants of a `held` union
    /// share the holder's JSON object, so they are fields, not whole values.
    fn union_kind(
        &mut self,
        union_at: &Location,
        plan: &UnionPlan,
        name_parent: TypeId,
        held: bool,
    ) -> TypeKind {
        let union_schema = normalize(self.doc(union_at.doc), self.value(union_at));
        // A constraint beside the union is checked before any variant, so
        // the union is tried by attempt, which can check it.
        let base = if held {
            None
        } else {
            self.union_base(union_at, plan, name_parent)
        };
        let tags = base
            .is_none()
            .then(|| self.tag_conditions(&union_schema, plan))
            .flatten();
        if let Some((properties, conditions)) = tags {
            // Names come from the tags that tell variants apart, not from
            // constants every variant shares.
            let distinguishing: Vec<&String> = properties
                .iter()
                .filter(|p| {
                    let values: Vec<Option<&Value>> = conditions
                        .iter()
                        .map(|c| c.iter().find(|(n, _)| n == *p).map(|(_, v)| v))
                        .collect();
                    values.iter().any(|v| v != &values[0])
                })
                .collect();
            let mut variants = Vec::new();
            for ((branch, shape), tags) in plan.branches.iter().zip(&plan.shapes).zip(conditions) {
                let naming_tags: Vec<(String, Value)> = tags
                    .iter()
                    .filter(|(n, _)| distinguishing.contains(&n))
                    .cloned()
                    .collect();
                let name = match self.variant_name(branch, &naming_tags) {
                    Some(name) => name,
                    None => {
                        let file = self.doc(branch.doc).path.clone();
                        let message = "no name can be derived for this union variant";
                        let hint = "give the branch a `title` (with an overlay if the schema is not yours)";
                        if self.options.lenient {
                            self.sink
                                .warning("unnamed-variant", &file, &branch.pointer, message)
                                .hint(hint);
                            fallback_variant_name(&naming_tags)
                        } else {
                            self.sink
                                .error("unnamed-variant", &file, &branch.pointer, message)
                                .hint(hint);
                            continue;
                        }
                    }
                };
                let branch_schema = normalize(self.doc(branch.doc), self.value(branch));
                let docs = branch_schema.description.map(str::to_owned);
                let is_plain_ref = branch_schema.reference.is_some()
                    && branch_schema.properties.is_empty()
                    && !branch_schema.is_combinator();
                let body = if is_plain_ref
                    && !shape
                        .properties
                        .iter()
                        .any(|(n, l)| l.len() > 1 && !tags.iter().any(|(t, _)| t == n))
                {
                    VariantBody::Type(self.lower_type(branch, None))
                } else {
                    VariantBody::Fields(self.variant_fields(branch, shape, &tags, name_parent))
                };
                variants.push(Variant {
                    name,
                    docs,
                    tags,
                    body,
                });
            }
            return TypeKind::Union(Union {
                dispatch: Dispatch::Tagged { properties },
                variants,
                any_of: plan.any_of,
            });
        }

        let types: Vec<Option<TypeSet>> =
            plan.branches.iter().map(|b| self.json_types(b)).collect();
        let disjoint = types.iter().all(Option::is_some)
            && types.iter().enumerate().all(|(i, a)| {
                types[i + 1..]
                    .iter()
                    .all(|b| !a.expect("checked").intersects(b.expect("checked")))
            });
        // A held union shares the holder's object, so telling its branches
        // apart by JSON type would not tell them apart at all.
        if disjoint && base.is_none() && !held {
            let variants = plan
                .branches
                .iter()
                .zip(&types)
                .map(|(branch, types)| {
                    let schema = normalize(self.doc(branch.doc), self.value(branch));
                    let name = schema
                        .title
                        .map(str::to_owned)
                        .or_else(|| self.ref_name(branch))
                        .unwrap_or_else(|| type_set_name(types.expect("checked")).to_owned());
                    let context = Context {
                        parent: name_parent,
                        key: name.clone(),
                        role: Role::Property,
                    };
                    Variant {
                        name,
                        docs: schema.description.map(str::to_owned),
                        tags: Vec::new(),
                        body: VariantBody::Type(self.lower_type(branch, Some(&context))),
                    }
                })
                .collect();
            return TypeKind::Union(Union {
                dispatch: Dispatch::ByType,
                variants,
                any_of: plan.any_of,
            });
        }

        // The branches overlap: every one is tried on the value.
        let names = self.attempt_variant_names(plan, &types);
        let variants = plan
            .branches
            .iter()
            .zip(&plan.shapes)
            .zip(names)
            .map(|((branch, shape), name)| {
                let schema = normalize(self.doc(branch.doc), self.value(branch));
                let keyword = if plan.any_of { "anyOf" } else { "oneOf" };
                let position = pointer::last_token(&branch.pointer).unwrap_or_default();
                let docs = schema.description.map_or_else(
                    || format!("Branch {position} of the `{keyword}`."),
                    str::to_owned,
                );
                let body = if held {
                    // The variant shares its JSON object with the holder's
                    // fields, so it holds fields, not a whole value.
                    VariantBody::Fields(self.variant_fields(branch, shape, &[], name_parent))
                } else {
                    let context = Context {
                        parent: name_parent,
                        key: name.clone(),
                        role: Role::Property,
                    };
                    VariantBody::Type(self.lower_type(branch, Some(&context)))
                };
                Variant {
                    name,
                    docs: Some(docs),
                    tags: Vec::new(),
                    body,
                }
            })
            .collect();
        TypeKind::Union(Union {
            dispatch: Dispatch::ByAttempt { base },
            variants,
            any_of: plan.any_of,
        })
    }

    /// The type of what the schema holding a union says beside its
    /// `oneOf`/`anyOf` (`type: string, anyOf: [...]`, a bound), when that
    /// can reject a value some branch accepts; `None` when it adds nothing.
    fn union_base(
        &mut self,
        union_at: &Location,
        plan: &UnionPlan,
        name_parent: TypeId,
    ) -> Option<TypeRef> {
        let Value::Object(object) = self.value(union_at) else {
            return None;
        };
        let schema = normalize(self.doc(union_at.doc), self.value(union_at));
        if !schema.all_of.is_empty() || schema.reference.is_some() || !schema.properties.is_empty()
        {
            // Assembled into one object elsewhere.
            return None;
        }
        let beside_union = |key: &str| {
            !matches!(
                key,
                "oneOf" | "anyOf" | "type" | "nullable" | "discriminator" | "definitions"
            ) && !key.starts_with('$')
                && !is_annotation(key)
        };
        let constrains = object.keys().any(|k| beside_union(k));
        let narrows_type = schema.types.is_some_and(|own| {
            plan.branches
                .iter()
                .any(|b| self.json_types(b).is_none_or(|t| !t.is_within(own)))
        });
        if !constrains && !narrows_type {
            return None;
        }
        let file = self.doc(union_at.doc).path.clone();
        if !schema.one_of.is_empty() && !schema.any_of.is_empty() {
            self.sink.warning(
                "unchecked",
                &file,
                &union_at.pointer,
                "not checked by the generated type: anyOf beside oneOf",
            );
        }
        let mut base = schema;
        base.one_of = &[];
        base.any_of = &[];
        base.nullable = false;
        // The union's own type is made for this location too; the base
        // must not take its place for later references to it.
        let union_type = self.named.remove(union_at);
        let context = Context {
            parent: name_parent,
            key: "base".to_owned(),
            role: Role::Property,
        };
        let ty = self.lower_non_null(union_at, &base, Some(&context));
        match union_type {
            Some(id) => {
                self.named.insert(union_at.clone(), id);
            }
            None => {
                self.named.remove(union_at);
            }
        }
        Some(ty)
    }

    /// Names for the variants of a union told apart by attempt: a branch's
    /// `title`, else the name of the definition it refers to, else its JSON
    /// type when no other branch has that type, else what sets it apart
    /// (`required` properties, a bound) after its type.
    fn attempt_variant_names(&self, plan: &UnionPlan, types: &[Option<TypeSet>]) -> Vec<String> {
        plan.branches
            .iter()
            .zip(types)
            .map(|(branch, own)| {
                let schema = normalize(self.doc(branch.doc), self.value(branch));
                if let Some(title) = schema.title {
                    return title.to_owned();
                }
                if schema.reference.is_some() {
                    if let Some(name) = self.ref_name(branch) {
                        return name;
                    }
                }
                let type_name = own.map(type_set_name);
                let shared = types.iter().filter(|t| **t == *own).count() > 1;
                match (type_name, shared) {
                    (Some(name), false) => name.to_owned(),
                    (type_name, _) => {
                        let feature = distinguishing_feature(self.value(branch));
                        match (type_name, feature) {
                            // `WithEmail` says enough for an object.
                            (Some("Object"), Some(feature)) => feature,
                            (Some(name), Some(feature)) => format!("{name} {feature}"),
                            (Some(name), None) => name.to_owned(),
                            (None, Some(feature)) => feature,
                            (None, None) => "any".to_owned(),
                        }
                    }
                }
            })
            .collect()
    }

    /// Builds the union that the object at `owner_at` holds (its `oneOf`
    /// at `union_at`), named from its `title` when the `oneOf` has its own
    /// schema, else from its one tag property. `None` when it could not be
    /// built (an error, or when lenient a warning, was reported).
    fn held_union(
        &mut self,
        union_at: &Location,
        owner_at: &Location,
        plan: &UnionPlan,
        name_parent: TypeId,
    ) -> Option<TypeId> {
        let union_schema = normalize(self.doc(union_at.doc), self.value(union_at));
        let title = (union_at != owner_at)
            .then(|| union_schema.title.map(str::to_owned))
            .flatten();
        let union_id = self.table.reserve(
            self.origin(union_at),
            NameHint::Contextual {
                title,
                parent: name_parent,
                key: String::new(),
                role: Role::Union,
            },
        );
        // The holder is a JSON object, so a branch that admits no object
        // (`oneOf: [{type: object}, {type: string}]`) can never be the one
        // that matches it.
        let mut plan = plan.clone();
        let admits_object: Vec<bool> = plan
            .branches
            .iter()
            .map(|b| self.json_types(b).is_none_or(|types| types.object))
            .collect();
        let mut keep = admits_object.iter().copied();
        plan.branches.retain(|_| keep.next().unwrap_or(true));
        let mut keep = admits_object.iter().copied();
        plan.shapes.retain(|_| keep.next().unwrap_or(true));
        let kind = self.union_kind(union_at, &plan, name_parent, true);
        if let (
            TypeKind::Union(union),
            NameHint::Contextual {
                key, title: None, ..
            },
        ) = (&kind, &mut self.table.get_mut(union_id).name)
        {
            match &union.dispatch {
                Dispatch::Tagged { properties } => {
                    if let [single] = properties.as_slice() {
                        key.clone_from(single);
                    }
                }
                // No property decides the variant; it is the object's kind.
                Dispatch::ByAttempt { .. } => *key = "kind".to_owned(),
                Dispatch::ByType => {}
            }
        }
        let built = matches!(kind, TypeKind::Union(_));
        self.table.get_mut(union_id).kind = kind;
        built.then_some(union_id)
    }

    /// The fields of an inline variant: its merged properties minus the
    /// tags it implies, plus its own nested union.
    fn variant_fields(
        &mut self,
        branch: &Location,
        shape: &Shape,
        tags: &[(String, Value)],
        name_parent: TypeId,
    ) -> Struct {
        let mut inner = shape.clone();
        inner
            .properties
            .retain(|name, _| !tags.iter().any(|(t, _)| t == name));
        inner
            .required
            .retain(|name| !tags.iter().any(|(t, _)| t == name));
        let mut fields = Vec::new();
        for (name, locations) in &inner.properties {
            let context = Context {
                parent: name_parent,
                key: name.clone(),
                role: Role::Property,
            };
            fields.push(self.merged_field(
                name,
                locations,
                inner.required.contains(name),
                &context,
            ));
        }
        let flattened = inner.unions.first().and_then(|union_at| {
            let plan = self.union_plan(union_at);
            self.held_union(union_at, branch, &plan, name_parent)
        });
        Struct {
            fields,
            unknown: UnknownFields::Ignore,
            flattened,
        }
    }

    /// The discriminating properties of a union and, per branch, the values
    /// it requires; `None` unless every branch has at least one and no two
    /// branches can match the same instance.
    #[allow(clippy::type_complexity)]
    fn tag_conditions(
        &self,
        union_schema: &Schema,
        plan: &UnionPlan,
    ) -> Option<(Vec<String>, Vec<Vec<(String, Value)>>)> {
        let mut properties: Vec<String> = Vec::new();
        let mut conditions: Vec<Vec<(String, Value)>> = Vec::new();
        for (branch, shape) in plan.branches.iter().zip(&plan.shapes) {
            let mut tags = Vec::new();
            for name in &shape.required {
                let Some(locations) = shape.property(name) else {
                    continue;
                };
                let constant = locations.iter().rev().find_map(|l| {
                    normalize(self.doc(l.doc), self.value(l))
                        .tag_value()
                        .cloned()
                });
                if let Some(value) = constant {
                    tags.push((name.clone(), value));
                }
            }
            if tags.is_empty() {
                if let Some(property) = union_schema.discriminator {
                    // OpenAPI: the tag is the mapping key that names this
                    // branch's `$ref`, or else the referenced schema's name.
                    let reference = normalize(self.doc(branch.doc), self.value(branch)).reference;
                    if let Some(reference) = reference {
                        let key = union_schema
                            .mapping
                            .iter()
                            .find(|(_, target)| *target == reference)
                            .map(|(key, _)| (*key).to_owned())
                            .or_else(|| reference.rsplit('/').next().map(str::to_owned));
                        if let Some(key) = key {
                            tags.push((property.to_owned(), Value::String(key)));
                        }
                    }
                }
            }
            for (name, _) in &tags {
                if !properties.contains(name) {
                    properties.push(name.clone());
                }
            }
            conditions.push(tags);
        }
        if conditions.iter().any(Vec::is_empty) {
            return None;
        }
        let distinct = |a: &[(String, Value)], b: &[(String, Value)]| {
            a.iter()
                .any(|(name, value)| b.iter().any(|(other, v)| other == name && v != value))
        };
        for (i, a) in conditions.iter().enumerate() {
            if conditions[i + 1..].iter().any(|b| !distinct(a, b)) {
                return None;
            }
        }
        // Every required constant stays a condition, even one all branches
        // share: dispatch then checks it and output writes it.
        Some((properties, conditions))
    }

    /// A variant's name: its `title`, its one string or integer tag value,
    /// its one `true` boolean tag (`is_first_party` -> `first_party`), or
    /// the name of the schema it refers to.
    fn variant_name(&self, branch: &Location, tags: &[(String, Value)]) -> Option<String> {
        let schema = normalize(self.doc(branch.doc), self.value(branch));
        if let Some(title) = schema.title {
            return Some(title.to_owned());
        }
        if let [(_, value)] = tags {
            match value {
                Value::String(s) if !s.is_empty() => return Some(s.clone()),
                Value::Number(n) => return Some(n.to_string()),
                _ => {}
            }
        }
        let trues: Vec<&String> = tags
            .iter()
            .filter(|(_, v)| *v == Value::Bool(true))
            .map(|(n, _)| n)
            .collect();
        if let [property] = trues.as_slice() {
            let stripped = ["is_", "was_", "has_", "can_", "is", "was", "has"]
                .iter()
                .find_map(|p| property.strip_prefix(p).filter(|rest| !rest.is_empty()))
                .unwrap_or(property);
            return Some(stripped.to_owned());
        }
        self.ref_name(branch)
    }

    /// The name of the definition a `$ref` branch points at.
    fn ref_name(&self, branch: &Location) -> Option<String> {
        let target = self.resolved.target(branch)?;
        let id = self.named.get(target)?;
        match &self.table.get(*id).name {
            NameHint::Required(name) => Some(name.clone()),
            NameHint::Derived(_) | NameHint::Contextual { .. } => None,
        }
    }

    /// The JSON types a schema admits, following `$ref`s; `None` when it
    /// does not constrain them.
    fn json_types(&self, at: &Location) -> Option<TypeSet> {
        let mut at = at.clone();
        for _ in 0..64 {
            let schema = normalize(self.doc(at.doc), self.value(&at));
            if schema.reference.is_some() && schema.types.is_none() {
                at = self.resolved.target(&at)?.clone();
                continue;
            }
            if schema.is_combinator() && schema.types.is_none() {
                let mut shape = Shape::default();
                collect_shape(
                    self.docs,
                    self.resolved,
                    &at,
                    &mut shape,
                    &mut std::collections::HashSet::new(),
                );
                return shape.is_object.then(TypeSet::object_only);
            }
            return schema.types;
        }
        None
    }

    fn reserve_inline(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeId {
        let name = match context {
            Some(context) => NameHint::Contextual {
                title: schema.title.map(str::to_owned),
                parent: context.parent,
                key: context.key.clone(),
                role: context.role,
            },
            None => NameHint::Required(
                schema
                    .title
                    .map(str::to_owned)
                    .or_else(|| pointer::last_token(&at.pointer))
                    .unwrap_or_else(|| "Schema".to_owned()),
            ),
        };
        let id = self.table.reserve(self.origin(at), name);
        self.table.get_mut(id).docs = doc_text(schema);
        // Several types can be made for one location (a by-type union and
        // its object variant); a `$ref` to it means the outermost.
        self.named.entry(at.clone()).or_insert(id);
        id
    }

    /// The variants of an `enum` or `const`: the listed values that the
    /// schema's `type` admits (others can never validate), `null` aside
    /// (it makes the type nullable instead).
    fn enum_variants(&mut self, schema: &Schema) -> Option<Vec<EnumVariant>> {
        let values: Vec<&Value> = match (&schema.const_value, &schema.enum_values) {
            (Some(value), _) => vec![*value],
            (None, Some(values)) => values.clone(),
            (None, None) => return None,
        };
        let admitted = |value: &Value| match (schema.types, value) {
            (None, _) => true,
            (Some(types), Value::Bool(_)) => types.boolean,
            (Some(types), Value::Number(n)) => {
                types.number || types.integer && n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            (Some(types), Value::String(_)) => types.string,
            (Some(types), Value::Array(_)) => types.array,
            (Some(types), Value::Object(_)) => types.object,
            (Some(_), Value::Null) => false,
        };
        let mut variants: Vec<EnumVariant> = Vec::with_capacity(values.len());
        for value in values.into_iter().filter(|v| !v.is_null() && admitted(v)) {
            let variant = EnumVariant {
                value: value.clone(),
            };
            if !variants.contains(&variant) {
                variants.push(variant);
            }
        }
        Some(variants)
    }
}

/// What sets a union branch apart from branches of the same JSON type, for
/// its variant name: `required: ["a", "b"]` -> `with a b`, else its
/// properties the same way, else its first constraint with a plain value
/// (`minimum 2`); `None` when it has nothing besides its type.
fn distinguishing_feature(branch: &Value) -> Option<String> {
    let Value::Object(object) = branch else {
        return None;
    };
    let names = |key: &str| -> Option<Vec<&str>> {
        let names: Vec<&str> = match object.get(key)? {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::Object(map) => map.keys().map(String::as_str).collect(),
            _ => return None,
        };
        (!names.is_empty()).then_some(names)
    };
    if let Some(names) = names("required").or_else(|| names("properties")) {
        return Some(format!("with {}", names.join(" ")));
    }
    object
        .iter()
        .find(|(key, _)| *key != "type" && !key.starts_with('$') && !is_annotation(key))
        .map(|(key, value)| match value {
            Value::Number(n) => format!("{key} {n}"),
            Value::Bool(b) => format!("{key} {b}"),
            Value::String(s) if s.chars().count() <= 24 => format!("{key} {s}"),
            _ => key.clone(),
        })
}

/// Whether a document's root is a schema in its own right, not only a holder
/// of `$defs`.
fn defines_a_type(root: &Value) -> bool {
    const CONTAINER_ONLY: &[&str] = &[
        "$schema",
        "$id",
        "$defs",
        "definitions",
        "$comment",
        "title",
        "description",
    ];
    match root {
        Value::Object(map) => map.keys().any(|k| !CONTAINER_ONLY.contains(&k.as_str())),
        _ => true,
    }
}

/// The keywords a checked newtype can enforce, each on values of its own
/// JSON type.
/// Whether `keyword` of `value` is an `anyOf` or `oneOf` of one branch.
fn single_branch(value: &Value, keyword: &str) -> bool {
    matches!(keyword, "anyOf" | "oneOf")
        && value
            .get(keyword)
            .and_then(Value::as_array)
            .is_some_and(|branches| branches.len() == 1)
}

/// The keywords that only describe arrays.
const ARRAY_KEYWORDS: &[&str] = &[
    "type",
    "items",
    "prefixItems",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
];

const VALUE_CONSTRAINTS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Validation keywords no generated type checks: conditions, negation,
/// key patterns, counts of matching items, dependencies, evaluation-order
/// and dynamic-scope keywords. Each one a schema uses is reported as
/// unchecked where it appears.
pub const UNMODELLED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$recursiveRef",
];

/// Keywords that describe but never reject.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "description"
            | "$comment"
            | "examples"
            | "example"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "$id"
            | "$anchor"
    ) || key.starts_with("x-")
}

/// `true`, `{}`, or a schema of annotations only.
fn admits_everything(schema: &Value) -> bool {
    match schema {
        Value::Bool(admits) => *admits,
        Value::Object(object) => object.keys().all(|k| is_annotation(k)),
        _ => false,
    }
}

/// A non-negative integer count (`minLength: 2`, also written `2.0`).
fn as_count(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < u64::MAX as f64)
            .map(|f| f as u64)
    })
}

/// A bound as a JSON number: integral bounds as integers, so they compare
/// exactly with integer values.
fn number(value: f64) -> serde_json::Number {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serde_json::Number::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// `multipleOf`, when it is a positive number.
fn multiple_of(object: &serde_json::Map<String, Value>) -> Option<serde_json::Number> {
    let divisor = pointer::member(object, "multipleOf")?
        .as_f64()
        .filter(|d| *d > 0.0)?;
    Some(number(divisor))
}

/// An ECMA-262 `pattern` as a Rust regex, when the `regex` crate accepts
/// it: `\d` means ASCII digits in ECMA-262 (Unicode digits in Rust), and
/// look-around and backreferences are not supported.
pub fn rust_regex(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    regex::Regex::new(&out).ok().map(|_| out)
}

/// A root's name: its `title`, else the component name of its `$id`
/// (`#/components/schemas/Name`), else its file stem.
fn root_name(doc: &Document) -> String {
    if let Some(title) = doc.root.get("title").and_then(Value::as_str) {
        return title.to_owned();
    }
    let id = doc.root.get("$id").and_then(Value::as_str);
    if let Some(name) = id.and_then(|id| id.rsplit_once("/components/schemas/")) {
        return name.1.to_owned();
    }
    let file = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    file.split('.').next().unwrap_or(file).to_owned()
}

/// A type's documentation: its `description` (its `title` is its name).
fn doc_text(schema: &Schema) -> Option<String> {
    schema
        .description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, UntypedSchemas};
    use crate::resolve::resolve;

    /// A checked type's JSON pointer, inner type and rules.
    type CheckedAt = (String, TypeRef, Vec<Rule>);

    /// Lowers one document and returns its checked types, plus diagnostic
    /// codes.
    fn checked_rules(text: &str) -> (Vec<CheckedAt>, Vec<&'static str>) {
        let mut sink = Sink::default();
        let docs = load(&mut sink, &crate::load::sources(&[("a/t.json", text)]));
        let resolved = resolve(&mut sink, &docs);
        let table = lower(&mut sink, &docs, &resolved, &Options::default());
        let checked = table
            .iter()
            .filter_map(|(_, def)| match &def.kind {
                TypeKind::Checked(c) => {
                    Some((def.origin.pointer.clone(), c.inner.clone(), c.rules.clone()))
                }
                _ => None,
            })
            .collect();
        let codes = sink.finish().iter().map(|d| d.code).collect();
        (checked, codes)
    }

    #[test]
    fn constrained_values_become_checked_newtypes() {
        let (checked, codes) = checked_rules(
            r#"{"title": "T", "type": "object", "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 3.0, "pattern": "^\\d+$"},
                "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "maxItems": 2},
                "ratio": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5}
            }}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let pointers: Vec<&str> = checked.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            pointers,
            ["/properties/name", "/properties/tags", "/properties/ratio"]
        );
        assert_eq!(
            checked[0].2,
            [
                Rule::MinLength(1),
                Rule::MaxLength(3),
                // ECMA-262 `\d` is ASCII only.
                Rule::Pattern("^[0-9]+$".to_owned())
            ]
        );
        assert_eq!(checked[1].2, [Rule::MaxItems(2), Rule::UniqueItems]);
        assert_eq!(
            checked[2].2,
            [
                Rule::Minimum {
                    bound: 0.into(),
                    exclusive: true
                },
                Rule::MultipleOf(serde_json::Number::from_f64(0.5).unwrap())
            ]
        );
    }

    #[test]
    fn integer_bounds_the_rust_type_implies_are_not_checked_again() {
        let (checked, _) = checked_rules(
            r#"{"title": "T", "type": "object", "properties": {
                "count": {"type": "integer", "minimum": 0},
                "byte": {"type": "integer", "minimum": 0, "maximum": 255},
                "page": {"type": "integer", "minimum": 1, "maximum": 100}
            }}"#,
        );
        assert_eq!(checked.len(), 1, "only `page` needs a check: {checked:?}");
        assert_eq!(checked[0].0, "/properties/page");
        assert_eq!(checked[0].1, TypeRef::Integer(IntType::U8));
    }

    #[test]
    fn untyped_constraints_check_only_values_of_their_json_type() {
        let (checked, codes) = checked_rules(r#"{"title": "T", "minLength": 2, "maximum": 3}"#);
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(checked.len(), 1);
        assert_eq!(checked[0].1, TypeRef::Any);
    }

    /// Lowers one document; returns the table and diagnostic codes.
    fn lowered(text: &str) -> (TypeTable, Vec<&'static str>) {
        lowered_with(text, &Options::default(), UntypedSchemas::Infer)
    }

    fn lowered_with(
        text: &str,
        options: &Options,
        untyped: UntypedSchemas,
    ) -> (TypeTable, Vec<&'static str>) {
        let mut sink = Sink::default();
        let mut docs = load(&mut sink, &crate::load::sources(&[("a/t.json", text)]));
        for doc in &mut docs {
            doc.untyped = untyped;
        }
        let resolved = resolve(&mut sink, &docs);
        let table = lower(&mut sink, &docs, &resolved, options);
        let codes = sink.finish().iter().map(|d| d.code).collect();
        (table, codes)
    }

    fn kind_of<'t>(table: &'t TypeTable, title: &str) -> &'t TypeKind {
        &table
            .iter()
            .find(|(_, def)| matches!(&def.name, NameHint::Required(n) if n == title))
            .unwrap_or_else(|| panic!("no type {title}"))
            .1
            .kind
    }

    #[test]
    fn an_all_of_branch_of_unmodelled_keywords_is_reported_as_such() {
        let mut sink = Sink::default();
        let text = r#"{"title": "T", "allOf": [{"type": "integer"}, {"not": {"const": 3}}]}"#;
        let docs = load(&mut sink, &crate::load::sources(&[("a/t.json", text)]));
        let resolved = resolve(&mut sink, &docs);
        lower(&mut sink, &docs, &resolved, &Options::default());
        let messages: Vec<String> = sink.finish().iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages, ["not checked by the generated type: not"]);
    }

    #[test]
    fn keep_unknown_collects_what_a_struct_does_not_list() {
        let text = r#"{"$defs": {
            "Open": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
            "Holder": {"type": "object", "properties": {"id": {"type": "string"}},
                       "oneOf": [{"required": ["a"], "properties": {"a": {"type": "string"}}},
                                 {"required": ["b"], "properties": {"b": {"type": "string"}}}]}
        }}"#;
        let keep = Options {
            keep_unknown: true,
            ..Options::default()
        };
        let (table, codes) = lowered_with(text, &keep, UntypedSchemas::Infer);
        assert!(codes.is_empty(), "{codes:?}");
        let unknown = |title| match kind_of(&table, title) {
            TypeKind::Struct(s) => s.unknown.clone(),
            other => panic!("{title} is {other:?}"),
        };
        assert_eq!(unknown("Open"), UnknownFields::Collect(TypeRef::Any));
        assert_eq!(unknown("Closed"), UnknownFields::Deny);
        assert_eq!(unknown("Holder"), UnknownFields::Collect(TypeRef::Any));
        let (table, _) = lowered_with(text, &Options::default(), UntypedSchemas::Infer);
        assert!(
            matches!(kind_of(&table, "Open"), TypeKind::Struct(s) if s.unknown == UnknownFields::Ignore)
        );
    }

    #[test]
    fn exact_untyped_schemas_make_a_union_of_every_json_type() {
        let text = r#"{"title": "T", "properties": {"a": {"type": "string"}}, "required": ["a"]}"#;
        let (table, codes) = lowered_with(text, &Options::default(), UntypedSchemas::Exact);
        assert!(codes.is_empty(), "{codes:?}");
        let TypeKind::Alias(TypeRef::Nullable(inner)) = kind_of(&table, "T") else {
            panic!("{:?}", kind_of(&table, "T"));
        };
        let TypeRef::Named(union) = **inner else {
            panic!("{inner:?}");
        };
        let TypeKind::Union(union) = &table.get(union).kind else {
            panic!("not a union");
        };
        let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Boolean", "Number", "String", "Array", "Object"]);
        let (table, _) = lowered_with(text, &Options::default(), UntypedSchemas::Infer);
        assert!(matches!(kind_of(&table, "T"), TypeKind::Struct(_)));
    }

    #[test]
    fn a_property_given_object_schemas_by_several_branches_merges_them() {
        let (table, codes) = lowered(
            r#"{"title": "T", "type": "object", "allOf": [
                {"properties": {"p": {"type": "object", "properties": {"x": {"type": "string"}}, "required": ["x"]}}},
                {"properties": {"p": {"type": "object", "properties": {"y": {"type": "integer"}}}}}
            ]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let TypeRef::Named(p) = kind_of(&table, "T").fields()[0].ty else {
            panic!("p is not a named type");
        };
        let fields: Vec<(&str, bool)> = table
            .get(p)
            .kind
            .fields()
            .iter()
            .map(|f| (f.wire_name.as_str(), f.required))
            .collect();
        assert_eq!(fields, [("x", true), ("y", false)]);
    }

    #[test]
    fn a_union_of_values_given_twice_stays_a_union_of_values() {
        let (table, codes) = lowered(
            r#"{"title": "T", "type": "object", "allOf": [
                {"properties": {"p": {"anyOf": [{"type": "integer"}, {"type": "string"}]}}},
                {"properties": {"p": {"description": "P."}}}
            ]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let ty = kind_of(&table, "T").fields()[0].ty.non_null();
        let TypeRef::Named(p) = ty else {
            panic!("p is {ty:?}");
        };
        assert!(
            matches!(&table.get(*p).kind, TypeKind::Union(u) if u.dispatch == Dispatch::ByType),
            "{:?}",
            table.get(*p).kind
        );
    }

    #[test]
    fn a_branch_restating_a_referenced_map_adds_nothing() {
        // The second branch says again what `Names` says: the map's type
        // is exact, and nothing is reported unchecked.
        let restated = r##"{"title": "T", "type": "object", "properties": {"names": {"allOf": [
                {"$ref": "#/$defs/Names"},
                {"type": ["object", "null"], "additionalProperties": {"$ref": "#/$defs/Name"}}
            ]}},
            "$defs": {
                "Name": {"type": "string"},
                "Names": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Name"}}
            }}"##;
        let (table, codes) = lowered(restated);
        assert!(codes.is_empty(), "{codes:?}");
        let ty = kind_of(&table, "T").fields()[0].ty.non_null();
        assert!(
            matches!(ty, TypeRef::Named(id) if table.get(*id).origin.pointer == "/$defs/Names"),
            "{ty:?}"
        );
        // A branch whose map values differ from the referenced map's is
        // not implied, and is reported.
        let (_, codes) = lowered(&restated.replace(
            r##""additionalProperties": {"$ref": "#/$defs/Name"}}
            ]"##,
            r#""additionalProperties": {"type": "integer"}}
            ]"#,
        ));
        assert!(codes.contains(&"unchecked"), "{codes:?}");
    }

    #[test]
    fn a_property_constrained_by_a_second_value_schema_is_reported() {
        let (_, codes) = lowered(
            r#"{"title": "T", "type": "object", "allOf": [
                {"properties": {"p": {"type": "string", "enum": ["a", "b"]}}},
                {"properties": {"p": {"type": "string", "maxLength": 1}}}
            ]}"#,
        );
        assert_eq!(codes, ["unchecked"]);
        // A wider `type` or a description adds nothing to check.
        let (_, codes) = lowered(
            r#"{"title": "T", "type": "object", "allOf": [
                {"properties": {"p": {"type": ["string", "null"], "description": "P."}}},
                {"properties": {"p": {"type": "string", "maxLength": 3}}}
            ]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn several_types_make_a_by_type_union_and_null_alone_is_unit() {
        let (table, codes) = lowered(
            r#"{"title": "T", "type": "object", "properties": {
                "either": {"type": ["integer", "string", "null"]},
                "nothing": {"type": "null"}
            }}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let union = table
            .iter()
            .find_map(|(_, def)| match &def.kind {
                TypeKind::Union(u) => Some(u),
                _ => None,
            })
            .expect("a union");
        assert_eq!(union.dispatch, Dispatch::ByType);
        let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Integer", "String"]);
        let fields = table.iter().next().unwrap().1.kind.fields();
        assert!(fields[0].ty.is_nullable(), "null makes the union optional");
        assert_eq!(fields[1].ty, TypeRef::Null);
    }

    #[test]
    fn all_of_values_skip_trivial_branches_and_report_the_rest() {
        let (table, codes) = lowered(r#"{"title": "T", "allOf": [{}, {"type": "number"}]}"#);
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            table.iter().next().unwrap().1.kind,
            TypeKind::Alias(TypeRef::Float)
        );
        // Branches that only bound the value make one checked type.
        let (table, codes) = lowered(
            r#"{"title": "T", "allOf": [{"type": "string", "minLength": 1}, {"maxLength": 2}]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let TypeKind::Checked(checked) = &table.iter().next().unwrap().1.kind else {
            panic!("not checked");
        };
        assert_eq!(checked.inner, TypeRef::String);
        assert_eq!(checked.rules, [Rule::MinLength(1), Rule::MaxLength(2)]);
        let (_, codes) =
            lowered(r#"{"title": "T", "allOf": [{"type": "string"}, {"enum": ["a", "b"]}]}"#);
        assert_eq!(codes, ["unchecked"]);
        // Types with no value in common admit nothing.
        let (table, _) =
            lowered(r#"{"title": "T", "allOf": [{"type": "number"}, {"type": "string"}]}"#);
        assert_eq!(
            table.iter().next().unwrap().1.kind,
            TypeKind::Alias(TypeRef::Never)
        );
        let (table, codes) = lowered(r#"{"title": "T", "allOf": [true, false]}"#);
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            table.iter().next().unwrap().1.kind,
            TypeKind::Alias(TypeRef::Never)
        );
    }

    #[test]
    fn prefix_items_make_a_tuple_whose_tail_positions_may_be_missing() {
        let (table, codes) = lowered(
            r#"{"title": "T", "type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}],
                "minItems": 1, "maxItems": 2, "items": false}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let TypeKind::Tuple(tuple) = &table.get(TypeId(0)).kind else {
            panic!("a tuple: {:?}", table.get(TypeId(0)).kind);
        };
        assert_eq!(
            tuple.prefix,
            [TypeRef::Integer(IntType::I64), TypeRef::String]
        );
        assert_eq!(tuple.required, 1);
        assert_eq!(tuple.rest, None, "`items: false` allows nothing after");
        assert_eq!(tuple.rules, [Rule::MaxItems(2)]);

        // Draft 7 spells it as an `items` array and `additionalItems`; no
        // `type` is needed.
        let (table, codes) = lowered(
            r#"{"$schema": "http://json-schema.org/draft-07/schema#", "title": "T",
                "items": [{"type": "boolean"}], "additionalItems": {"type": "string"},
                "minItems": 3, "uniqueItems": true}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let TypeKind::Tuple(tuple) = &table.get(TypeId(0)).kind else {
            panic!("a tuple: {:?}", table.get(TypeId(0)).kind);
        };
        assert_eq!(tuple.prefix, [TypeRef::Bool]);
        assert_eq!(tuple.required, 1);
        assert_eq!(tuple.rest, Some(TypeRef::String));
        assert_eq!(tuple.rules, [Rule::MinItems(3), Rule::UniqueItems]);
    }

    #[test]
    fn schemas_that_accept_nothing_are_never_and_only_where_they_are() {
        let (table, codes) = lowered(
            r#"{"title": "T", "type": "object", "properties": {
                "gone": false,
                "empty": {"enum": []},
                "wrong": {"type": "string", "enum": [1]},
                "none": {"type": "array", "items": false},
                "kept": {"type": "string"}
            }}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let fields = table.iter().next().unwrap().1.kind.fields();
        let types: Vec<&TypeRef> = fields.iter().map(|f| &f.ty).collect();
        assert_eq!(
            types,
            [
                &TypeRef::Never,
                &TypeRef::Never,
                &TypeRef::Never,
                &TypeRef::Vec(Box::new(TypeRef::Never)),
                &TypeRef::String
            ]
        );
        let (table, codes) = lowered("false");
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            table.iter().next().unwrap().1.kind,
            TypeKind::Alias(TypeRef::Never)
        );
    }

    #[test]
    fn validation_beside_a_ref_is_reported() {
        let (_, codes) = lowered(
            r##"{"title": "T", "type": "object", "properties": {
                "a": {"$ref": "#/$defs/L", "maxItems": 2},
                "b": {"$ref": "#/$defs/L", "description": "annotations are fine"}
            }, "$defs": {"L": {"type": "array"}}}"##,
        );
        assert_eq!(codes, ["unchecked"]);
    }

    #[test]
    fn properties_beside_a_ref_are_merged_from_2019_09_and_ignored_in_draft_7() {
        let (table, codes) = lowered(
            r##"{"title": "T", "type": "object", "properties": {
                "a": {"$ref": "#/$defs/Base", "properties": {"extra": {"type": "string"}}}
            }, "$defs": {"Base": {"type": "object", "properties": {"id": {"type": "integer"}}}}}"##,
        );
        assert!(codes.is_empty(), "{codes:?}");
        let TypeRef::Named(a) = table.iter().next().unwrap().1.kind.fields()[0].ty else {
            panic!("a named type");
        };
        let names: Vec<&str> = table
            .get(a)
            .kind
            .fields()
            .iter()
            .map(|f| f.wire_name.as_str())
            .collect();
        assert_eq!(names, ["id", "extra"]);

        let (table, codes) = lowered(
            r##"{"$schema": "http://json-schema.org/draft-07/schema#", "title": "T",
                "type": "object", "properties": {"a": {"$ref": "#/definitions/L", "maxItems": 2}},
                "definitions": {"L": {"type": "array"}}}"##,
        );
        assert!(
            codes.is_empty(),
            "the `$ref` replaces its siblings: {codes:?}"
        );
        let field = &table.iter().next().unwrap().1.kind.fields()[0].ty;
        assert!(matches!(field, TypeRef::Named(_)), "{field:?}");
    }

    #[test]
    fn constraints_nothing_checks_are_reported() {
        let (checked, codes) = checked_rules(
            r#"{"title": "T", "type": "object", "properties": {
                "when": {"type": "string", "format": "date-time", "maxLength": 30},
                "look": {"type": "string", "pattern": "^(?=a)"}
            }, "minProperties": 1}"#,
        );
        assert!(checked.is_empty(), "{checked:?}");
        assert_eq!(codes, ["unchecked", "unchecked", "unchecked"]);
    }

    /// Lowers one document and describes its unions as
    /// `Name: tagged(p, q) [Variant{p=v}: fields...]`, plus diagnostic codes.
    fn check(path: &str, text: &str) -> (Vec<String>, Vec<&'static str>) {
        let mut sink = Sink::default();
        let docs = load(&mut sink, &crate::load::sources(&[(path, text)]));
        let resolved = resolve(&mut sink, &docs);
        let table = lower(&mut sink, &docs, &resolved, &Options::default());
        let mut unions = Vec::new();
        for (_, def) in table.iter() {
            let TypeKind::Union(union) = &def.kind else {
                continue;
            };
            let dispatch = match &union.dispatch {
                Dispatch::Tagged { properties } => format!("tagged({})", properties.join(", ")),
                Dispatch::ByType => "by-type".to_owned(),
                Dispatch::ByAttempt { base: None } => "by-attempt".to_owned(),
                Dispatch::ByAttempt { base: Some(_) } => "by-attempt(base)".to_owned(),
            };
            let variants: Vec<String> = union
                .variants
                .iter()
                .map(|v| {
                    let tags: Vec<String> = v
                        .tags
                        .iter()
                        .map(|(p, value)| format!("{p}={value}"))
                        .collect();
                    let body = match &v.body {
                        VariantBody::Fields(s) => {
                            let mut names: Vec<String> =
                                s.fields.iter().map(|f| f.wire_name.clone()).collect();
                            if s.flattened.is_some() {
                                names.push("<union>".into());
                            }
                            names.join(" ")
                        }
                        VariantBody::Type(_) => "<type>".into(),
                    };
                    format!("{}{{{}}}: {}", v.name, tags.join(","), body)
                })
                .collect();
            unions.push(format!("{dispatch} [{}]", variants.join("; ")));
        }
        let codes = sink.finish().iter().map(|d| d.code).collect();
        (unions, codes)
    }

    #[test]
    fn one_of_in_all_of_in_one_of_with_string_and_boolean_tags() {
        let (unions, codes) = check(
            "a.json",
            r#"{"title": "T", "allOf": [
                {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
                {"oneOf": [
                    {"allOf": [
                        {"properties": {"kind": {"const": "x"}, "n": {"type": "integer"}}, "required": ["kind"]},
                        {"title": "Flag", "oneOf": [
                            {"properties": {"on": {"const": true}}, "required": ["on"]},
                            {"title": "Off", "properties": {"on": {"const": false}, "why": {"type": "string"}}, "required": ["on", "why"]}
                        ]}
                    ]},
                    {"properties": {"kind": {"const": "y"}}, "required": ["kind"]}
                ]}
            ]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            unions,
            [
                r#"tagged(kind) [x{kind="x"}: n <union>; y{kind="y"}: ]"#,
                "tagged(on) [on{on=true}: ; Off{on=false}: why]",
            ]
        );
    }

    #[test]
    fn several_tag_properties_and_integer_tags() {
        let (unions, codes) = check(
            "a.json",
            r#"{"title": "T", "oneOf": [
                {"properties": {"v": {"const": 1}, "a": {"const": true}}, "required": ["v", "a"]},
                {"properties": {"v": {"const": 1}, "a": {"const": false}}, "required": ["v", "a"], "title": "OldOff"},
                {"properties": {"v": {"const": 2}}, "required": ["v"]}
            ]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            unions,
            ["tagged(v, a) [a{v=1,a=true}: ; OldOff{v=1,a=false}: ; 2{v=2}: ]"]
        );
    }

    #[test]
    fn openapi_discriminator_with_mapping() {
        let (unions, codes) = check(
            "api.yaml",
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    P:\n      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n      discriminator: {propertyName: t, mapping: {alpha: '#/components/schemas/A'}}\n    A: {type: object, properties: {t: {type: string}}}\n    B: {type: object, properties: {t: {type: string}}}\n",
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            unions,
            [r#"tagged(t) [alpha{t="alpha"}: <type>; B{t="B"}: <type>]"#]
        );
    }

    #[test]
    fn overlapping_branches_are_tried_in_turn_and_named_by_what_they_are() {
        let (unions, codes) = check(
            "a.json",
            r#"{"title": "T", "oneOf": [{"type": "object"}, {"type": "object", "properties": {"a": {"type": "string"}}}]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(unions, ["by-attempt [Object{}: <type>; with a{}: <type>]"]);
        let (unions, codes) = check(
            "b.json",
            r#"{"title": "T", "anyOf": [{"type": "integer"}, {"type": "number"}, {"minimum": 2}, true, false]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            unions,
            ["by-attempt [Integer{}: <type>; Number{}: <type>; minimum 2{}: <type>; any{}: <type>]"],
            "a `false` branch never matches and is left out"
        );
        let (unions, codes) = check(
            "c.json",
            r##"{"title": "T", "oneOf": [{"$ref": "#/$defs/Email"}, {"$ref": "#/$defs/Phone"}],
                "$defs": {"Email": {"type": "string"}, "Phone": {"type": "string"}}}"##,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(unions, ["by-attempt [Email{}: <type>; Phone{}: <type>]"]);
    }

    #[test]
    fn a_constraint_beside_a_union_is_checked_as_its_base() {
        let (unions, codes) = check(
            "a.json",
            r#"{"title": "T", "type": "string", "anyOf": [{"maxLength": 2}, {"minLength": 4}]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(
            unions,
            ["by-attempt(base) [maxLength 2{}: <type>; minLength 4{}: <type>]"]
        );
        // A type every branch already has adds nothing: dispatch stays by type.
        let (unions, _) = check(
            "b.json",
            r#"{"title": "T", "type": ["string", "integer"], "oneOf": [{"type": "string"}, {"type": "integer"}]}"#,
        );
        assert_eq!(unions, ["by-type [String{}: <type>; Integer{}: <type>]"]);
    }

    #[test]
    fn disjoint_types_make_a_by_type_union_and_null_branches_nullability() {
        let (unions, codes) = check(
            "a.json",
            r#"{"title": "T", "oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}"#,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(unions, ["by-type [String{}: <type>; Integer{}: <type>]"]);
    }

    #[test]
    fn schemas_are_the_same_when_their_text_is() {
        let json = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        let same = |a: &str, b: &str| {
            let (a, b) = (json(a), json(b));
            let equal = same_text(&a, &b);
            let text = |v: &Value| serde_json::to_string(v).unwrap();
            assert_eq!(equal, text(&a) == text(&b), "{a} and {b}");
            if equal {
                assert_eq!(fingerprint(&a), fingerprint(&b));
            }
            equal
        };
        assert!(same(
            r#"{"a": [1, "x", null, true], "b": {}}"#,
            r#"{"a":[1,"x",null,true],"b":{}}"#
        ));
        // Key order is a struct's field order.
        assert!(!same(r#"{"a": 1, "b": 2}"#, r#"{"b": 2, "a": 1}"#));
        assert!(!same("[1]", "[1.0]"));
        assert!(!same("[0.0]", "[-0.0]"));
        assert!(!same("[-1]", "[18446744073709551615]"));
        assert!(!same(r#"["a", "b"]"#, r#"["ab"]"#));
        assert!(!same(r#"{"ab": "c"}"#, r#"{"a": "bc"}"#));
        assert_ne!(
            fingerprint(&json(r#"{"a": 1, "b": 2}"#)),
            fingerprint(&json(r#"{"b": 2, "a": 1}"#))
        );
        // `"$ref"` as a key or a string, but not inside one.
        assert!(fingerprint(&json(r##"{"items": {"$ref": "#/x"}}"##)).1);
        assert!(fingerprint(&json(r#"{"enum": ["$ref"]}"#)).1);
        assert!(!fingerprint(&json(r#"{"enum": ["a $ref"], "title": "$refs"}"#)).1);
    }

    /// The type table of one document, and its first type's struct body.
    fn lowered_struct(text: &str) -> (TypeTable, Struct) {
        let mut sink = Sink::default();
        let docs = load(&mut sink, &crate::load::sources(&[("a.json", text)]));
        let resolved = resolve(&mut sink, &docs);
        let table = lower(&mut sink, &docs, &resolved, &Options::default());
        let TypeKind::Struct(t) = table.get(TypeId(0)).kind.clone() else {
            panic!("a struct");
        };
        (table, t)
    }

    #[test]
    fn a_schema_met_again_inside_its_own_lowering_leaves_the_outer_type_to_share() {
        // Lowering `x` reaches `y`, whose text is the same, through the
        // `$ref`: `y` gets a type first, and then `x`. A third copy, `z`,
        // shares the type of the outer schema, `x`.
        let node = r##"{"type": "object", "properties": {"a": {"$ref": "#/properties/y"}}}"##;
        let text = format!(
            r#"{{"title": "T", "type": "object", "properties": {{"x": {node}, "y": {node}, "z": {node}}}}}"#
        );
        let (_, t) = lowered_struct(&text);
        assert_ne!(t.fields[0].ty, t.fields[1].ty);
        assert_eq!(t.fields[2].ty, t.fields[0].ty);
    }

    #[test]
    fn inline_schemas_with_their_keys_in_another_order_stay_two_types() {
        let text = r#"{"title": "T", "type": "object", "properties": {
            "home": {"type": "object", "properties": {"city": {"type": "string"}, "zip": {"type": "string"}}},
            "work": {"type": "object", "properties": {"zip": {"type": "string"}, "city": {"type": "string"}}}
        }}"#;
        let (table, t) = lowered_struct(text);
        assert_ne!(t.fields[0].ty, t.fields[1].ty);
        assert_eq!(table.len(), 3);
    }

    #[test]
    fn identical_inline_schemas_become_one_type() {
        let text = r#"{"title": "T", "type": "object", "properties": {
            "home": {"type": "object", "properties": {"city": {"type": "string"}}},
            "work": {"type": "object", "properties": {"city": {"type": "string"}}},
            "other": {"type": "object", "properties": {"town": {"type": "string"}}}
        }}"#;
        let (table, t) = lowered_struct(text);
        assert_eq!(t.fields[0].ty, t.fields[1].ty);
        assert_ne!(t.fields[0].ty, t.fields[2].ty);
        assert_eq!(table.len(), 3);
    }
}
