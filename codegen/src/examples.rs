//! Schema `example`/`examples` -> documentation and round-trip tests.
//!
//! Runs after naming, beside the pipeline: it reads the raw schema each
//! type was lowered from (by its origin), appends the type's example to its
//! docs, and writes a `#[cfg(test)]` module per generated module in which
//! each example must deserialize into its type and serialize back to equal
//! JSON. An example the generated type rejects is either a wrong example or
//! a generator bug; both are worth a failing test.
//!
//! Property examples are tested only where the property's type can reject
//! something (a named type or a format type): a string example for a
//! `String` field tests nothing.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::formats::FormatMappings;
use crate::ir::{Origin, TypeId, TypeKind, TypeRef, TypeTable};
use crate::load::Document;
use crate::pointer::get_member;

/// The examples found for one type.
#[derive(Debug, Default)]
pub struct TypeExamples {
    /// Whole-type examples (`examples`, then `example`).
    pub own: Vec<Value>,
    /// Per field index (as in [`TypeKind::fields`]), the property's first
    /// example.
    pub fields: BTreeMap<usize, Value>,
}

/// Every type's examples, by id; types without any are absent.
pub fn collect(docs: &[Document], table: &TypeTable) -> BTreeMap<TypeId, TypeExamples> {
    let mut out = BTreeMap::new();
    for (id, def) in table.iter() {
        let Some(schema) = schema_at(docs, &def.origin) else {
            continue;
        };
        let mut found = TypeExamples {
            own: examples_of(schema),
            ..TypeExamples::default()
        };
        for (index, field) in def.kind.fields().iter().enumerate() {
            if let Some(example) = property(schema, &field.wire_name, 0)
                .and_then(|p| examples_of(p).into_iter().next())
            {
                found.fields.insert(index, example);
            }
        }
        if !found.own.is_empty() || !found.fields.is_empty() {
            out.insert(id, found);
        }
    }
    out
}

fn schema_at<'a>(docs: &'a [Document], origin: &Origin) -> Option<&'a Value> {
    let doc = docs.iter().find(|d| d.path == origin.file)?;
    // Not `Value::pointer`, which allocates a `String` per token.
    crate::pointer::get(&doc.root, &origin.pointer)
}

fn examples_of(schema: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = get_member(schema, "examples")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    out.extend(get_member(schema, "example").cloned());
    out
}

/// The schema of property `name`, looked up through `allOf`/`oneOf`/
/// `anyOf` branches (where merged and union types keep their properties).
fn property<'a>(schema: &'a Value, name: &str, depth: usize) -> Option<&'a Value> {
    if depth > 16 {
        return None;
    }
    if let Some(found) = get_member(schema, "properties").and_then(|p| get_member(p, name)) {
        return Some(found);
    }
    ["allOf", "oneOf", "anyOf"]
        .iter()
        .filter_map(|key| get_member(schema, key).and_then(Value::as_array))
        .flatten()
        .find_map(|branch| property(branch, name, depth + 1))
}

/// Appends each type's first example to its docs, and each property's to
/// its field's docs.
pub fn document(table: &mut TypeTable, examples: &BTreeMap<TypeId, TypeExamples>) {
    for (id, found) in examples {
        let def = table.get_mut(*id);
        if let Some(example) = found.own.first() {
            let pretty = serde_json::to_string_pretty(example).unwrap_or_default();
            let docs = def.docs.get_or_insert_with(String::new);
            if !docs.is_empty() {
                docs.push_str("\n\n");
            }
            docs.push_str(&format!("# Example\n\n```json\n{pretty}\n```"));
        }
        let mut fields = def.kind.fields_mut();
        for (index, example) in &found.fields {
            let Some(field) = fields.get_mut(*index) else {
                continue;
            };
            let docs = field.docs.get_or_insert_with(String::new);
            if !docs.is_empty() {
                docs.push_str("\n\n");
            }
            docs.push_str(&format!("Example: `{example}`"));
        }
    }
}

/// Whether a value of `ty` can be rejected for more than its JSON type (a
/// format mapped to `String` cannot).
fn can_reject(ty: &TypeRef, mappings: &FormatMappings) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Format(format) => format.dependency(mappings).is_some(),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            can_reject(inner, mappings)
        }
        _ => false,
    }
}

/// One test to generate: a name, the Rust type, the example.
pub struct ExampleTest {
    /// The test function's name, unique within its module.
    pub name: String,
    /// The id of the type, or of the struct holding the field.
    pub owner: TypeId,
    /// The type the example must deserialize into.
    pub ty: TypeRef,
    /// The example.
    pub example: Value,
}

/// The tests to generate, grouped by the module key of their owner. The
/// same example for the same type is tested once.
pub fn tests(
    table: &TypeTable,
    examples: &BTreeMap<TypeId, TypeExamples>,
    mappings: &FormatMappings,
    type_name: impl Fn(TypeId) -> String,
) -> BTreeMap<String, Vec<ExampleTest>> {
    let mut out: BTreeMap<String, Vec<ExampleTest>> = BTreeMap::new();
    let mut seen: Vec<(TypeRef, &Value)> = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for (id, found) in examples {
        let def = table.get(*id);
        let base = type_name(*id).trim_start_matches("r#").to_snake_case();
        let mut candidates: Vec<(String, TypeRef, &Value)> = Vec::new();
        if !matches!(def.kind, TypeKind::Responses(_)) {
            for example in &found.own {
                candidates.push((format!("{base}_example"), TypeRef::Named(*id), example));
            }
        }
        let fields = def.kind.fields();
        for (index, example) in &found.fields {
            let Some(field) = fields.get(*index) else {
                continue;
            };
            let ty = field.ty.clone();
            if can_reject(&ty, mappings) {
                let field_name = field.wire_name.to_snake_case();
                candidates.push((format!("{base}_{field_name}_example"), ty, example));
            }
        }
        for (name, ty, example) in candidates {
            if seen.iter().any(|(t, e)| *t == ty && *e == example) {
                continue;
            }
            seen.push((ty.clone(), example));
            let count = names.entry(name.clone()).or_default();
            *count += 1;
            out.entry(def.origin.module.clone())
                .or_default()
                .push(ExampleTest {
                    name: format!("{name}_{count}"),
                    owner: *id,
                    ty,
                    example: example.clone(),
                });
        }
    }
    out
}

/// The `#[cfg(test)]` module for one generated module; `rust_type` writes
/// a type as seen from inside it.
pub fn test_module(
    tests: &[&ExampleTest],
    rust_type: impl Fn(&TypeRef) -> TokenStream,
) -> TokenStream {
    let functions = tests.iter().map(|test| {
        let name = format_ident!("{}", sanitize(&test.name));
        let ty = rust_type(&test.ty);
        let json = serde_json::to_string_pretty(&test.example).unwrap_or_default();
        quote! {
            #[test]
            fn #name() {
                super::super::assert_example_round_trips::<#ty>(#json);
            }
        }
    });
    quote! {
        /// The schemas' examples, each read into its type and written back.
        #[cfg(test)]
        mod example_tests {
            #(#functions)*
        }
    }
}

fn sanitize(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, '_');
    }
    out
}

/// The crate-root helper the example tests call. `same_instant` compares
/// two date-time strings by the instant they name, with the crate the
/// output maps `date-time` to (`None`: only equal text is equal).
pub fn support(same_instant: Option<TokenStream>) -> TokenStream {
    let instant = same_instant.unwrap_or_else(|| quote!(false));
    quote! {
        /// Reads `example` as a `T`, writes it back, and checks that the
        /// JSON is unchanged (date-times compare by instant).
        #[cfg(test)]
        pub(crate) fn assert_example_round_trips<T>(example: &str)
        where
            T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
        {
            let value: T = from_json(example)
                .unwrap_or_else(|err| panic!("the schema's example does not deserialize: {err}\n{example}"));
            let json = serde_json::to_value(&value).expect("a generated type serializes");
            let again: T = serde_json::from_value(json.clone())
                .unwrap_or_else(|err| panic!("the written example does not deserialize: {err}\n{json}"));
            assert_eq!(value, again, "the value changed on a round trip");
            let original: serde_json::Value = serde_json::from_str(example).expect("an example is JSON");
            assert!(
                same_json(&original, &json),
                "the example serializes differently:\nschema: {original}\nwritten: {json}"
            );
        }

        #[cfg(test)]
        fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
            use serde_json::Value;
            match (a, b) {
                (Value::String(x), Value::String(y)) => x == y || same_instant(x, y),
                (Value::Array(x), Value::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
                }
                (Value::Object(x), Value::Object(y)) => {
                    x.len() == y.len()
                        && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
                }
                _ => a == b,
            }
        }

        #[cfg(test)]
        #[allow(unused_variables)]
        fn same_instant(x: &str, y: &str) -> bool {
            #instant
        }
    }
}
