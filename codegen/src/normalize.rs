//! Stage 3, normalize: a raw schema value -> a [`Schema`] view in canonical
//! form.
//!
//! The many spellings of one meaning collapse here, so lowering sees one:
//! `type: [X, "null"]`, OpenAPI 3.0 `nullable: true` and a `null` inside
//! `enum` all become [`Schema::nullable`]; a missing `type` is inferred from
//! the keywords present; boolean schemas become "anything" or "nothing".
//!
//! Invariant: this stage only reads; it never allocates types or names.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::Value;

use crate::load::{DocKind, Document, OpenApiVersion, UntypedSchemas};
use crate::pointer::Location;
use crate::resolve::Resolved;

/// The JSON types a schema admits, `null` excluded (see [`Schema::nullable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypeSet {
    /// `boolean`.
    pub boolean: bool,
    /// `integer` (a number with no fractional part).
    pub integer: bool,
    /// `number`.
    pub number: bool,
    /// `string`.
    pub string: bool,
    /// `array`.
    pub array: bool,
    /// `object`.
    pub object: bool,
}

impl TypeSet {
    /// Every JSON type but `null`.
    pub const ALL: TypeSet = TypeSet {
        boolean: true,
        integer: true,
        number: true,
        string: true,
        array: true,
        object: true,
    };

    /// How many types are admitted; `integer` counts as part of `number`
    /// when both are present.
    pub fn count(&self) -> usize {
        let number = self.number || self.integer;
        [self.boolean, number, self.string, self.array, self.object]
            .iter()
            .filter(|b| **b)
            .count()
    }

    /// Whether some value has a type in both sets (`integer` is a
    /// `number`).
    pub fn intersects(&self, other: TypeSet) -> bool {
        let numbers = |a: &TypeSet, b: &TypeSet| (a.number || a.integer) && (b.number || b.integer);
        (self.boolean && other.boolean)
            || numbers(self, &other)
            || (self.string && other.string)
            || (self.array && other.array)
            || (self.object && other.object)
    }

    /// Whether every value of a type in this set has a type in `other`
    /// (an `integer` is a `number`).
    pub fn is_within(&self, other: TypeSet) -> bool {
        (!self.boolean || other.boolean)
            && (!self.number || other.number)
            && (!self.integer || other.integer || other.number)
            && (!self.string || other.string)
            && (!self.array || other.array)
            && (!self.object || other.object)
    }

    /// Only `object`.
    pub fn object_only() -> Self {
        TypeSet {
            object: true,
            ..TypeSet::default()
        }
    }

    pub(crate) fn insert(&mut self, name: &str) -> bool {
        match name {
            "boolean" => self.boolean = true,
            "integer" => self.integer = true,
            "number" => self.number = true,
            "string" => self.string = true,
            "array" => self.array = true,
            "object" => self.object = true,
            _ => return false,
        }
        true
    }

    pub(crate) fn of_value(value: &Value) -> Self {
        let mut set = TypeSet::default();
        match value {
            Value::Bool(_) => set.boolean = true,
            Value::Number(n) if n.is_f64() => set.number = true,
            Value::Number(_) => set.integer = true,
            Value::String(_) => set.string = true,
            Value::Array(_) => set.array = true,
            Value::Object(_) => set.object = true,
            Value::Null => {}
        }
        set
    }

    pub(crate) fn union(self, other: Self) -> Self {
        TypeSet {
            boolean: self.boolean || other.boolean,
            integer: self.integer || other.integer,
            number: self.number || other.number,
            string: self.string || other.string,
            array: self.array || other.array,
            object: self.object || other.object,
        }
    }

    /// The types both admit; an `integer` is a `number`.
    pub(crate) fn intersection(self, other: Self) -> Self {
        TypeSet {
            boolean: self.boolean && other.boolean,
            integer: self.integer && (other.integer || other.number)
                || other.integer && self.number,
            number: self.number && other.number,
            string: self.string && other.string,
            array: self.array && other.array,
            object: self.object && other.object,
        }
    }
}

/// What `additionalProperties` says about properties not listed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Additional<'a> {
    /// Absent or `true`: anything is allowed.
    Any,
    /// `false`: no other property is allowed.
    Forbidden,
    /// Other properties must match this schema.
    Schema(&'a Value),
}

/// A canonical, borrowed view of one schema object.
#[derive(Debug, Clone)]
pub struct Schema<'a> {
    /// `title`.
    pub title: Option<&'a str>,
    /// `description`.
    pub description: Option<&'a str>,
    /// `$ref`, when present.
    pub reference: Option<&'a str>,
    /// Admitted non-null types; `None` when the schema does not constrain the
    /// type at all.
    pub types: Option<TypeSet>,
    /// Whether `null` is admitted.
    pub nullable: bool,
    /// The schema is `false` or otherwise admits nothing.
    pub is_never: bool,
    /// `format`.
    pub format: Option<&'a str>,
    /// `const`.
    pub const_value: Option<&'a Value>,
    /// `enum`, with `null` removed (it sets `nullable` instead).
    pub enum_values: Option<Vec<&'a Value>>,
    /// `properties`, in document order.
    pub properties: Vec<(&'a str, &'a Value)>,
    /// `required`.
    pub required: Vec<&'a str>,
    /// `additionalProperties`.
    pub additional: Additional<'a>,
    /// `items` (a single schema).
    pub items: Option<&'a Value>,
    /// Schemas of the first items by position: the keyword they are under
    /// (`prefixItems`, or draft 7's array form of `items`) and how many.
    pub prefix_items: Option<(&'static str, usize)>,
    /// The keyword holding the schema of the items after the prefix
    /// (`items` after `prefixItems`, `additionalItems` after an `items`
    /// array); `None` when absent, so any item may follow.
    pub rest_items: Option<&'static str>,
    /// Lower bound of a number, and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// Upper bound of a number, and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `allOf` branches.
    pub all_of: &'a [Value],
    /// `oneOf` branches.
    pub one_of: &'a [Value],
    /// `anyOf` branches.
    pub any_of: &'a [Value],
    /// OpenAPI `discriminator.propertyName`.
    pub discriminator: Option<&'a str>,
    /// OpenAPI `discriminator.mapping`: tag value -> `$ref`.
    pub mapping: Vec<(&'a str, &'a str)>,
}

impl Schema<'_> {
    /// Whether the schema combines others (`allOf`, `oneOf`, `anyOf`).
    pub fn is_combinator(&self) -> bool {
        !self.all_of.is_empty() || !self.one_of.is_empty() || !self.any_of.is_empty()
    }

    /// The union branches and the keyword they sit under: `oneOf` first.
    pub fn union_branches(&self) -> Option<(&'static str, usize)> {
        if !self.one_of.is_empty() {
            Some(("oneOf", self.one_of.len()))
        } else if !self.any_of.is_empty() {
            Some(("anyOf", self.any_of.len()))
        } else {
            None
        }
    }

    /// Whether the schema admits only `null`.
    pub fn is_null_only(&self) -> bool {
        self.nullable && self.types.is_some_and(|t| t.count() == 0)
    }

    /// A discriminating constant: `const`, or an `enum` of one value, when
    /// it is a string, boolean or integer.
    pub fn tag_value(&self) -> Option<&Value> {
        let value = match (&self.const_value, &self.enum_values) {
            (Some(value), _) => *value,
            (None, Some(values)) if values.len() == 1 => values[0],
            _ => return None,
        };
        match value {
            Value::String(_) | Value::Bool(_) => Some(value),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some(value),
            _ => None,
        }
    }
}

/// Every keyword the generator recognises as JSON Schema (or the OpenAPI
/// dialect), used to tell a schema document from arbitrary JSON.
pub fn is_keyword(key: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "$schema",
        "$id",
        "$ref",
        "$defs",
        "$anchor",
        "$comment",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "definitions",
        "id",
        "title",
        "description",
        "type",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "items",
        "prefixItems",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "default",
        "examples",
    ];
    KEYWORDS.contains(&key)
}

/// Views `value` (a schema inside `doc`) in canonical form.
pub fn normalize<'a>(doc: &Document, value: &'a Value) -> Schema<'a> {
    let object = match value {
        Value::Object(object) => object,
        Value::Bool(admits_all) => return boolean_schema(*admits_all),
        // Not a schema at all; lowering reports it. Treat as "anything".
        _ => return boolean_schema(true),
    };
    let keywords = Keywords::of(object);
    let str_of = |value: Option<&'a Value>| value.and_then(Value::as_str);

    let mut types = None;
    let mut nullable = false;
    match keywords.type_ {
        Some(Value::String(name)) => {
            let mut set = TypeSet::default();
            nullable |= name == "null";
            set.insert(name);
            types = Some(set);
        }
        Some(Value::Array(names)) => {
            let mut set = TypeSet::default();
            for name in names.iter().filter_map(Value::as_str) {
                nullable |= name == "null";
                set.insert(name);
            }
            types = Some(set);
        }
        _ => {}
    }
    if doc.kind == DocKind::OpenApi(OpenApiVersion::V3_0) || keywords.nullable.is_some() {
        nullable |= keywords.nullable == Some(&Value::Bool(true));
    }

    let enum_values = keywords.enum_.and_then(Value::as_array).map(|values| {
        nullable |= values.contains(&Value::Null);
        values.iter().filter(|v| !v.is_null()).collect::<Vec<_>>()
    });
    let const_value = keywords.const_;
    if const_value == Some(&Value::Null) {
        nullable = true;
    }

    let properties: Vec<(&str, &Value)> = keywords
        .properties
        .and_then(Value::as_object)
        .map(|props| props.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default();
    let additional = match keywords.additional_properties {
        Some(Value::Bool(false)) => Additional::Forbidden,
        Some(schema @ Value::Object(_)) => Additional::Schema(schema),
        _ => Additional::Any,
    };
    let prefix_items = match (keywords.prefix_items, keywords.items) {
        (Some(Value::Array(prefix)), _) => Some(("prefixItems", prefix.len())),
        (None, Some(Value::Array(prefix))) => Some(("items", prefix.len())),
        _ => None,
    };
    let rest_items = match prefix_items {
        Some(("prefixItems", _)) => keywords.items.is_some().then_some("items"),
        Some(_) => keywords
            .additional_items
            .is_some()
            .then_some("additionalItems"),
        None => None,
    };
    let items = keywords.items.filter(|v| v.is_object() || v.is_boolean());

    // Infer the type from the keywords when `type` is absent.
    if types.is_none() {
        if let Some(value) = const_value.filter(|v| !v.is_null()) {
            types = Some(TypeSet::of_value(value));
        } else if let Some(values) = enum_values.as_ref().filter(|v| !v.is_empty()) {
            types = Some(
                values
                    .iter()
                    .fold(TypeSet::default(), |set, v| set.union(TypeSet::of_value(v))),
            );
        } else {
            let object_keywords = !properties.is_empty()
                || keywords.additional_properties.is_some()
                || keywords.required.is_some();
            let array_keywords = items.is_some() || prefix_items.is_some();
            match doc.untyped {
                UntypedSchemas::Infer if object_keywords => {
                    types = Some(TypeSet {
                        object: true,
                        ..TypeSet::default()
                    });
                }
                UntypedSchemas::Infer if array_keywords => {
                    types = Some(TypeSet {
                        array: true,
                        ..TypeSet::default()
                    });
                }
                // Every JSON type, so that the object (or array) keywords
                // shape one variant of a by-type union and the rest pass.
                UntypedSchemas::Exact if object_keywords || array_keywords => {
                    types = Some(TypeSet::ALL);
                    nullable = true;
                }
                _ => {}
            }
        }
    }

    let is_never = types.is_some_and(|t| t.count() == 0 && !nullable)
        || enum_values
            .as_ref()
            .is_some_and(|v| v.is_empty() && !nullable);

    let bound = |bound: Option<&'a Value>, exclusive: Option<&'a Value>| -> Option<(f64, bool)> {
        match exclusive {
            // 2019+: `exclusiveMinimum` is itself the bound.
            Some(Value::Number(n)) => n.as_f64().map(|n| (n, true)),
            // Draft 4 / OpenAPI 3.0: a flag on `minimum`.
            Some(Value::Bool(flag)) => bound.and_then(Value::as_f64).map(|n| (n, *flag)),
            _ => bound.and_then(Value::as_f64).map(|n| (n, false)),
        }
    };
    let branches = |value: Option<&'a Value>| -> &'a [Value] {
        value
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };

    let discriminator = keywords.discriminator;
    Schema {
        discriminator: discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str),
        mapping: discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
                    .collect()
            })
            .unwrap_or_default(),
        title: str_of(keywords.title),
        description: str_of(keywords.description),
        reference: str_of(keywords.reference),
        types,
        nullable,
        is_never,
        format: str_of(keywords.format),
        const_value,
        enum_values,
        properties,
        required: keywords
            .required
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default(),
        additional,
        items,
        prefix_items,
        rest_items,
        minimum: bound(keywords.minimum, keywords.exclusive_minimum),
        maximum: bound(keywords.maximum, keywords.exclusive_maximum),
        all_of: branches(keywords.all_of),
        one_of: branches(keywords.one_of),
        any_of: branches(keywords.any_of),
    }
}

/// The keywords [`normalize`] reads, found in one pass over the schema
/// object: looking each up by name hashed the name every time, and
/// lowering normalizes every schema it visits, often more than once.
#[derive(Default)]
struct Keywords<'a> {
    type_: Option<&'a Value>,
    nullable: Option<&'a Value>,
    enum_: Option<&'a Value>,
    const_: Option<&'a Value>,
    properties: Option<&'a Value>,
    additional_properties: Option<&'a Value>,
    required: Option<&'a Value>,
    items: Option<&'a Value>,
    prefix_items: Option<&'a Value>,
    additional_items: Option<&'a Value>,
    minimum: Option<&'a Value>,
    exclusive_minimum: Option<&'a Value>,
    maximum: Option<&'a Value>,
    exclusive_maximum: Option<&'a Value>,
    all_of: Option<&'a Value>,
    one_of: Option<&'a Value>,
    any_of: Option<&'a Value>,
    discriminator: Option<&'a Value>,
    title: Option<&'a Value>,
    description: Option<&'a Value>,
    reference: Option<&'a Value>,
    format: Option<&'a Value>,
}

impl<'a> Keywords<'a> {
    fn of(object: &'a serde_json::Map<String, Value>) -> Self {
        let mut found = Keywords::default();
        for (key, value) in object {
            let slot = match key.as_str() {
                "type" => &mut found.type_,
                "nullable" => &mut found.nullable,
                "enum" => &mut found.enum_,
                "const" => &mut found.const_,
                "properties" => &mut found.properties,
                "additionalProperties" => &mut found.additional_properties,
                "required" => &mut found.required,
                "items" => &mut found.items,
                "prefixItems" => &mut found.prefix_items,
                "additionalItems" => &mut found.additional_items,
                "minimum" => &mut found.minimum,
                "exclusiveMinimum" => &mut found.exclusive_minimum,
                "maximum" => &mut found.maximum,
                "exclusiveMaximum" => &mut found.exclusive_maximum,
                "allOf" => &mut found.all_of,
                "oneOf" => &mut found.one_of,
                "anyOf" => &mut found.any_of,
                "discriminator" => &mut found.discriminator,
                "title" => &mut found.title,
                "description" => &mut found.description,
                "$ref" => &mut found.reference,
                "format" => &mut found.format,
                _ => continue,
            };
            *slot = Some(value);
        }
        found
    }
}

fn boolean_schema<'a>(admits_all: bool) -> Schema<'a> {
    Schema {
        title: None,
        description: None,
        reference: None,
        types: None,
        nullable: false,
        is_never: !admits_all,
        format: None,
        const_value: None,
        enum_values: None,
        properties: Vec::new(),
        required: Vec::new(),
        additional: Additional::Any,
        items: None,
        prefix_items: None,
        rest_items: None,
        minimum: None,
        maximum: None,
        all_of: &[],
        one_of: &[],
        any_of: &[],
        discriminator: None,
        mapping: Vec::new(),
    }
}

/// The merged view of an object assembled from `allOf` branches, `$ref`s
/// and properties at several levels.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Each property with every schema that constrains it, outermost first.
    pub properties: IndexMap<String, Vec<Location>>,
    /// Properties some contributing schema requires.
    pub required: Vec<String>,
    /// Schemas whose `oneOf`/`anyOf` adds variants to this object.
    pub unions: Vec<Location>,
    /// `additionalProperties: false` on a contributing schema.
    pub forbids_unknown: bool,
    /// Contributing schemas whose `additionalProperties` is a schema: it
    /// constrains every property they do not list themselves.
    pub additional: Vec<Location>,
    /// The first `description` found.
    pub description: Option<String>,
    /// Contributing schemas that admit no object, with why.
    pub contradictions: Vec<(Location, String)>,
    /// Whether anything object-like was found.
    pub is_object: bool,
    /// Merging stopped at [`MAX_MERGED_SCHEMAS`].
    pub too_deep: bool,
    /// Every schema merged, in merge order.
    pub merged: Vec<Location>,
}

impl Shape {
    /// The schemas constraining `property`, if any.
    pub fn property(&self, property: &str) -> Option<&[Location]> {
        self.properties.get(property).map(Vec::as_slice)
    }

    /// Adds a schema constraining `property`.
    pub fn add_property(&mut self, property: &str, at: Location) {
        self.properties
            .entry(property.to_owned())
            .or_default()
            .push(at);
    }

    /// Marks `property` as required.
    pub fn require(&mut self, property: &str) {
        if !self.required.iter().any(|r| r == property) {
            self.required.push(property.to_owned());
        }
    }
}

/// Whether the schema at `at` may accept a JSON object, following `$ref`
/// (a bounded number of hops) to find its declared types. Unknown means yes.
fn may_admit_object(docs: &[Document], resolved: &Resolved, at: &Location) -> bool {
    let mut at = at.clone();
    for _ in 0..MAX_MERGED_SCHEMAS {
        let doc = &docs[at.doc.0 as usize];
        let Some(value) = crate::pointer::get(&doc.root, &at.pointer) else {
            return true;
        };
        let schema = normalize(doc, value);
        if schema.is_never || schema.is_null_only() {
            return false;
        }
        if let Some(types) = schema.types {
            return types.object;
        }
        match (schema.reference, resolved.target(&at)) {
            (Some(_), Some(target)) => at = target.clone(),
            _ => return true,
        }
    }
    true
}

/// How many schemas one object may be merged from before the input is
/// declared too deep to be meant (a guard against quadratic blow-up and
/// runaway `allOf`/`$ref` chains).
pub const MAX_MERGED_SCHEMAS: usize = 256;

/// Merges the object schema at `at` into `shape`: its properties and
/// `required`, its `allOf` branches and `$ref` target (recursively), and
/// the location of its `oneOf`/`anyOf`, if any. `stop` lists locations not to
/// enter (the union being built, cycles). Iterative, so a long chain cannot
/// overflow the stack; past [`MAX_MERGED_SCHEMAS`] it stops and sets
/// [`Shape::too_deep`].
pub fn collect_shape(
    docs: &[Document],
    resolved: &Resolved,
    at: &Location,
    shape: &mut Shape,
    stop: &mut HashSet<Location>,
) {
    enum Task<'v> {
        Visit(Location),
        /// A schema's own keywords, with its value as the visit found it.
        Own(Location, &'v Value),
    }
    let mut tasks = vec![Task::Visit(at.clone())];
    let mut merged = 0;
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit(at) => {
                if !stop.insert(at.clone()) {
                    continue;
                }
                merged += 1;
                if merged > MAX_MERGED_SCHEMAS {
                    shape.too_deep = true;
                    return;
                }
                let doc = &docs[at.doc.0 as usize];
                let Some(value) = crate::pointer::get(&doc.root, &at.pointer) else {
                    continue;
                };
                let schema = normalize(doc, value);
                if shape.description.is_none() {
                    shape.description = schema.description.map(str::to_owned);
                }
                // Pushed in reverse, so they run in order: the `$ref`
                // target, this schema's own keywords, then each branch.
                for i in (0..schema.all_of.len()).rev() {
                    tasks.push(Task::Visit(at.child("allOf").child(&i.to_string())));
                }
                tasks.push(Task::Own(at.clone(), value));
                if schema.reference.is_some() {
                    if let Some(target) = resolved.target(&at) {
                        tasks.push(Task::Visit(target.clone()));
                    }
                }
            }
            Task::Own(at, value) => {
                let schema = normalize(&docs[at.doc.0 as usize], value);
                shape.merged.push(at.clone());
                if let Some(types) = schema.types {
                    if types.object {
                        shape.is_object = true;
                    } else {
                        shape
                            .contradictions
                            .push((at.clone(), "it does not admit objects".to_owned()));
                    }
                }
                let properties = at.child("properties");
                for (name, _) in &schema.properties {
                    shape.is_object = true;
                    shape.add_property(name, properties.child(name));
                }
                for name in &schema.required {
                    shape.require(name);
                }
                match schema.additional {
                    Additional::Forbidden => shape.forbids_unknown = true,
                    Additional::Schema(_) => shape.additional.push(at.clone()),
                    Additional::Any => {}
                }
                if let Some((keyword, count)) = schema.union_branches() {
                    // Only branches that admit an object can match the
                    // object being merged; when one is left, the union is
                    // that branch (`oneOf: [{$ref: Base}, {type: null}]`).
                    // A union of which none does is no object at all
                    // (`anyOf: [{type: integer}, {type: string}]`).
                    let mut object_branches = (0..count)
                        .map(|i| at.child(keyword).child(&i.to_string()))
                        .filter(|branch| may_admit_object(docs, resolved, branch));
                    match (object_branches.next(), object_branches.next()) {
                        (None, _) => shape
                            .contradictions
                            .push((at.clone(), format!("no `{keyword}` branch admits objects"))),
                        (Some(only), None) => {
                            shape.is_object = true;
                            tasks.push(Task::Visit(only));
                        }
                        _ => {
                            shape.is_object = true;
                            shape.unions.push(at.clone());
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Dialect;
    use serde_json::json;

    fn doc(kind: DocKind) -> Document {
        Document {
            path: "t.json".into(),
            module: "t".into(),
            kind,
            root: Value::Null,
            untyped: UntypedSchemas::Infer,
        }
    }

    fn schema_2020() -> Document {
        doc(DocKind::JsonSchema(Dialect::Draft2020))
    }

    #[test]
    fn three_spellings_of_nullable_agree() {
        let type_array = json!({"type": ["string", "null"]});
        let openapi_30 = json!({"type": "string", "nullable": true});
        let null_in_enum = json!({"enum": ["a", null]});
        let d = schema_2020();
        let a = normalize(&d, &type_array);
        assert!(a.nullable && a.types.unwrap().string);
        let b = normalize(&doc(DocKind::OpenApi(OpenApiVersion::V3_0)), &openapi_30);
        assert!(b.nullable && b.types.unwrap().string);
        let c = normalize(&d, &null_in_enum);
        assert!(c.nullable);
        assert_eq!(c.enum_values.unwrap(), [&json!("a")]);
    }

    #[test]
    fn infers_types_from_keywords() {
        let d = schema_2020();
        assert!(
            normalize(&d, &json!({"properties": {"a": {}}}))
                .types
                .unwrap()
                .object
        );
        assert!(normalize(&d, &json!({"items": {}})).types.unwrap().array);
        assert!(
            normalize(&d, &json!({"const": true}))
                .types
                .unwrap()
                .boolean
        );
        assert_eq!(normalize(&d, &json!({})).types, None);
    }

    #[test]
    fn exact_reading_of_untyped_schemas_admits_every_value() {
        let d = Document {
            untyped: UntypedSchemas::Exact,
            ..schema_2020()
        };
        for value in [json!({"properties": {"a": {}}}), json!({"items": {}})] {
            let schema = normalize(&d, &value);
            assert_eq!(schema.types, Some(TypeSet::ALL), "{value}");
            assert!(schema.nullable, "{value}");
        }
        // `const` and `enum` say exactly which values pass, in either reading.
        assert_eq!(
            normalize(&d, &json!({"const": "a"})).types,
            Some(TypeSet {
                string: true,
                ..TypeSet::default()
            })
        );
        assert_eq!(normalize(&d, &json!({"minLength": 2})).types, None);
    }

    #[test]
    fn unsatisfiable_schemas_are_never() {
        let d = schema_2020();
        assert!(normalize(&d, &json!(false)).is_never);
        assert!(normalize(&d, &json!({"enum": []})).is_never);
        assert!(!normalize(&d, &json!(true)).is_never);
    }

    #[test]
    fn exclusive_bounds_in_both_drafts() {
        let d = schema_2020();
        let new_value = json!({"exclusiveMinimum": 0});
        let new_style = normalize(&d, &new_value);
        assert_eq!(new_style.minimum, Some((0.0, true)));
        let old_value = json!({"minimum": 5, "exclusiveMinimum": true});
        let old_style = normalize(&d, &old_value);
        assert_eq!(old_style.minimum, Some((5.0, true)));
    }
}
