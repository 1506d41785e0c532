//! `schemars::JsonSchema` for the types whose serde impls are written out
//! by `emit` (unions told apart by tags or by attempt, the structs that
//! hold them, tuples, checked newtypes and enumerations of values other
//! than strings): a derive would describe the Rust shape, not the JSON.
//! Every other type derives it (see `Emitter::schemars_derive`). Both only
//! under the generated crate's `schemars` feature.
//!
//! The schema says what the hand-written `Deserialize` accepts: a union is
//! a `oneOf` of objects, each requiring its tag values and its fields; a
//! struct holding a union is the `allOf` of its own fields and the union.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Dispatch, Rule, Struct, TypeId, TypeKind, TypeRef, TypeTable, VariantBody};
use crate::render::{deferred_json, deferred_tree, Json};

/// The schema of the `rfc3339::DateTime` marker that stands for
/// `time::OffsetDateTime` in a module's schemas (see `emit`).
pub fn rfc3339_marker() -> TokenStream {
    let schema = deferred_json(
        quote!(schemars::json_schema),
        &quote!({ "type": "string", "format": "date-time" }),
    );
    quote! {
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for rfc3339::DateTime {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed("DateTime")
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #schema
            }
        }
    }
}

/// The impls for the module's types that need one; `rust_type` writes a
/// type as seen from the module, `type_name` gives a type's identifier.
pub fn impls(
    table: &TypeTable,
    ids: &[TypeId],
    type_name: impl Fn(TypeId) -> String,
    rust_type: impl Fn(&TypeRef) -> TokenStream,
) -> TokenStream {
    let subschema = |ty: &TypeRef| Json::subschema(&rust_type(ty));
    let impls = ids.iter().filter_map(|&id| {
        let schema = match &table.get(id).kind {
            TypeKind::Struct(body) if body.flattened.is_some() => object(body, &subschema),
            TypeKind::Union(union) if matches!(union.dispatch, Dispatch::Tagged { .. }) => {
                let variants = union.variants.iter().map(|variant| {
                    let tag_properties = variant
                        .tags
                        .iter()
                        .map(|(property, value)| {
                            let value = entries([("const", literal(value))]);
                            (Json::key(property), value)
                        })
                        .collect();
                    let tag_names = variant.tags.iter().map(|(p, _)| Json::string(p)).collect();
                    let tagged = entries([
                        ("type", Json::string("object")),
                        ("properties", Json::object(tag_properties)),
                        ("required", Json::array(tag_names)),
                    ]);
                    let body = match &variant.body {
                        VariantBody::Type(ty) => subschema(ty),
                        VariantBody::Fields(body) => object(body, &subschema),
                    };
                    entries([("allOf", Json::array(vec![tagged, body]))])
                });
                entries([("oneOf", Json::array(variants.collect()))])
            }
            // Variants tried in turn: one of them (`anyOf`), or exactly
            // one (`oneOf`).
            TypeKind::Union(union) if matches!(union.dispatch, Dispatch::ByAttempt { .. }) => {
                let variants = union.variants.iter().map(|variant| match &variant.body {
                    VariantBody::Type(ty) => subschema(ty),
                    VariantBody::Fields(body) => object(body, &subschema),
                });
                let keyword = if union.any_of { "anyOf" } else { "oneOf" };
                let union_schema = entries([(keyword, Json::array(variants.collect()))]);
                match &union.dispatch {
                    Dispatch::ByAttempt { base: Some(base) } => {
                        entries([("allOf", Json::array(vec![subschema(base), union_schema]))])
                    }
                    _ => union_schema,
                }
            }
            // A tuple: each position's schema, then the rest.
            TypeKind::Tuple(tuple) => {
                let prefix = tuple.prefix.iter().map(subschema).collect();
                let rest = match &tuple.rest {
                    Some(rest) => subschema(rest),
                    None => Json::bool(false),
                };
                let mut schema = vec![
                    (Json::key("type"), Json::string("array")),
                    (Json::key("prefixItems"), Json::array(prefix)),
                    (Json::key("items"), rest),
                ];
                if !tuple.rules.iter().any(|r| matches!(r, Rule::MinItems(_))) {
                    schema.push((
                        Json::key("minItems"),
                        Json::literal(Literal::usize_suffixed(tuple.required)),
                    ));
                }
                schema.extend(tuple.rules.iter().map(rule_keyword));
                Json::object(schema)
            }
            // An alias of `BoundedString`, which has its own impl.
            TypeKind::Checked(checked) if checked.shared => return None,
            // A checked newtype: the inner type's schema and the rules.
            TypeKind::Checked(checked) => {
                let groups = rule_groups(&checked.rules)
                    .into_iter()
                    .map(|group| Json::object(group.into_iter().map(rule_keyword).collect()));
                let all = std::iter::once(subschema(&checked.inner)).chain(groups);
                entries([("allOf", Json::array(all.collect()))])
            }
            TypeKind::Enum(body) if !body.is_string_enum() => {
                let values = body
                    .variants
                    .iter()
                    .map(|v| crate::emit::json_tree(&v.value));
                entries([("enum", Json::array(values.collect()))])
            }
            _ => return None,
        };
        let name = type_name(id);
        let ident = match name.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
            None => proc_macro2::Ident::new(&name, proc_macro2::Span::call_site()),
        };
        let bare = name.trim_start_matches("r#").to_owned();
        // An enumeration of values does not call on the generator, and
        // its parameter goes unnamed.
        let generator = if schema.mentions_generator() {
            quote!(generator)
        } else {
            quote!(_)
        };
        let schema_value = deferred_tree(quote!(serde_json::json), &schema);
        Some(quote! {
            #[cfg(feature = "schemars")]
            impl schemars::JsonSchema for #ident {
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(#bare)
                }

                fn schema_id() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(concat!(module_path!(), "::", #bare))
                }

                fn json_schema(#generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    let value = #schema_value;
                    schemars::Schema::try_from(value).expect("an object schema")
                }
            }
        })
    });
    quote!(#(#impls)*)
}

/// An object of keywords.
fn entries<const N: usize>(entries: [(&str, Json); N]) -> Json {
    Json::object(
        entries
            .into_iter()
            .map(|(key, value)| (Json::key(key), value))
            .collect(),
    )
}

/// The object schema of a struct body: its fields, and its flattened
/// union, if any.
fn object(body: &Struct, subschema: &impl Fn(&TypeRef) -> Json) -> Json {
    // Presence is `required`; `null` only where the type admits it.
    let properties = body
        .fields
        .iter()
        .map(|field| (Json::key(&field.wire_name), subschema(&field.ty)))
        .collect();
    let required = body
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| Json::string(&f.wire_name))
        .collect();
    let own = entries([
        ("type", Json::string("object")),
        ("properties", Json::object(properties)),
        ("required", Json::array(required)),
    ]);
    match body.flattened {
        Some(union) => entries([(
            "allOf",
            Json::array(vec![own, subschema(&TypeRef::Named(union))]),
        )]),
        None => own,
    }
}

/// A tag value as a `json!` literal.
fn literal(value: &serde_json::Value) -> Json {
    match value {
        serde_json::Value::Bool(b) => Json::bool(*b),
        serde_json::Value::String(s) => Json::string(s),
        other => Json::literal(Literal::i64_suffixed(other.as_i64().unwrap_or_default())),
    }
}

/// A rule as the JSON Schema keyword it came from, `"minLength": 2`.
/// The rules split into schemas in which no keyword repeats: an `allOf`
/// of two patterns stays two `pattern`s, not one overwritten by the other.
fn rule_groups(rules: &[Rule]) -> Vec<Vec<&Rule>> {
    let mut groups: Vec<Vec<&Rule>> = Vec::new();
    for rule in rules {
        let free = groups
            .iter_mut()
            .find(|group| group.iter().all(|r| r.keyword() != rule.keyword()));
        match free {
            Some(group) => group.push(rule),
            None => groups.push(vec![rule]),
        }
    }
    groups
}

fn rule_keyword(rule: &Rule) -> (String, Json) {
    let number = |n: &serde_json::Number| Json::literal(crate::emit::json_number(n));
    let value = match rule {
        Rule::MinLength(n)
        | Rule::MaxLength(n)
        | Rule::MinItems(n)
        | Rule::MaxItems(n)
        | Rule::MinProperties(n)
        | Rule::MaxProperties(n) => Json::literal(Literal::u64_suffixed(*n)),
        Rule::Pattern(pattern) => Json::string(pattern),
        Rule::Minimum { bound, .. } | Rule::Maximum { bound, .. } => number(bound),
        Rule::MultipleOf(divisor) => number(divisor),
        Rule::UniqueItems => Json::bool(true),
    };
    (Json::key(rule.keyword()), value)
}
