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

use std::cell::RefCell;
use std::rc::Rc;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Dispatch, Rule, Struct, TypeId, TypeKind, TypeRef, TypeTable, VariantBody};
use crate::render::{
    deferred_json, deferred_tree, lay_out_tree, print_for_stand_in, Item, Json, NameTemplate,
};

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

/// The impls for the module's types that need one, one item each for the
/// printer: formatted text (see [`impl_text`]), or tokens where that
/// cannot be had. `rust_type` writes a type as seen from the module,
/// `type_name` gives a type's identifier.
pub(crate) fn impl_items(
    table: &TypeTable,
    ids: &[TypeId],
    type_name: impl Fn(TypeId) -> String,
    rust_type: impl Fn(&TypeRef) -> TokenStream,
) -> Vec<Item<'static>> {
    let subschema = |ty: &TypeRef| Json::subschema(&rust_type(ty));
    ids.iter()
        .filter_map(|&id| {
            let schema = schema(table, id, &subschema)?;
            let name = type_name(id);
            Some(match impl_text(&name, &schema) {
                Some(text) => Item::Text {
                    text,
                    tokens: Box::new(move || impl_tokens(&name, &schema)),
                },
                None => Item::Tokens(impl_tokens(&name, &schema)),
            })
        })
        .collect()
}

/// The schema of type `id`, when it needs an impl of its own.
fn schema(table: &TypeTable, id: TypeId, subschema: &impl Fn(&TypeRef) -> Json) -> Option<Json> {
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
    Some(schema)
}

/// The impl for the type `name` with `schema`.
fn impl_tokens(name: &str, schema: &Json) -> TokenStream {
    let schema_value = deferred_tree(quote!(serde_json::json), schema);
    impl_skeleton(name, schema.mentions_generator(), schema_value)
}

/// The impl for the type `name` whose `json_schema` builds its value
/// with `schema_value`; `generator` when that calls on the generator
/// (otherwise the parameter goes unnamed).
fn impl_skeleton(name: &str, generator: bool, schema_value: TokenStream) -> TokenStream {
    let ident = match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    };
    let bare = name.trim_start_matches("r#");
    let generator = if generator {
        quote!(generator)
    } else {
        quote!(_)
    };
    quote! {
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
    }
}

/// An impl formatted for a stand-in name with its schema left out: the
/// stand-in, the text before the schema and after it, and where the
/// schema goes (the line's indent, the column, and the characters after
/// it on the line).
struct Skeleton {
    before: NameTemplate,
    after: NameTemplate,
    indent: usize,
    column: usize,
    trailing: usize,
}

/// Skeletons by name length and whether the generator is named; `None`
/// where the skeleton's text was not as expected.
type Skeletons = std::collections::BTreeMap<(usize, bool), Option<Rc<Skeleton>>>;

thread_local! {
    /// Each thread's skeletons.
    static SKELETONS: RefCell<Skeletons> = RefCell::default();
}

/// Where a skeleton's schema goes: an argument `json!` writes back as it
/// is, being no JSON.
const SCHEMA_HERE: &str = "__schema_here";

/// The impl for the type `name` with `schema`, formatted. The impl is the
/// same for every type but for its name, whether the generator is named,
/// and the schema; the printer lays the rest out by the name's length,
/// not its letters, and lays the schema out at the same place whatever
/// the name. So each thread formats a skeleton once per name length and
/// generator (for a stand-in name, `render::print_for_stand_in`), writes
/// the name in and the schema where it goes,
/// as `render::lay_out` would. `None` for a raw identifier, or when the
/// skeleton's text is not as expected.
pub(crate) fn impl_text(name: &str, schema: &Json) -> Option<String> {
    if name.starts_with("r#") || name.is_empty() {
        return None;
    }
    let generator = schema.mentions_generator();
    let skeleton = SKELETONS.with(|cache| {
        cache
            .borrow_mut()
            .entry((name.len(), generator))
            .or_insert_with(|| skeleton(name.len(), generator).map(Rc::new))
            .clone()
    })?;
    let mut text = skeleton.before.fill(name);
    text.push_str(&lay_out_tree(
        schema,
        skeleton.indent,
        skeleton.column,
        skeleton.trailing,
    ));
    skeleton.after.fill_into(&mut text, name);
    Some(text)
}

/// The skeleton for names of `length` letters.
fn skeleton(length: usize, generator: bool) -> Option<Skeleton> {
    let here = proc_macro2::Ident::new(SCHEMA_HERE, proc_macro2::Span::call_site());
    let (stand_in, text) = print_for_stand_in(length, |stand_in| {
        impl_skeleton(stand_in, generator, quote!(serde_json::json!(#here)))
    })?;
    // The name in the impl's head and in both strings.
    if text.matches(&stand_in).count() != 3 || text.matches(SCHEMA_HERE).count() != 1 {
        return None;
    }
    let at = text.find(SCHEMA_HERE)?;
    let (before, after) = (&text[..at], &text[at + SCHEMA_HERE.len()..]);
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    if !line.ends_with("json!(") {
        return None;
    }
    Some(Skeleton {
        indent: line.len() - line.trim_start_matches(' ').len(),
        column: line.len(),
        trailing: after.find('\n').unwrap_or(after.len()),
        before: NameTemplate::new(before, &stand_in),
        after: NameTemplate::new(after, &stand_in),
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::print_items;

    /// `impl_text` gives the text the printer gives the impl's tokens:
    /// for names of 1 to 120 letters (long enough to break the impl's
    /// lines), with the generator named or not, and schemas that fit on
    /// the line or break over many.
    #[test]
    fn impl_text_is_the_printed_impl() {
        let long_type =
            quote!(std::collections::BTreeMap<String, Vec<chrono::DateTime<chrono::Utc>>>);
        let object = |n: usize| {
            let properties = (0..n)
                .map(|i| {
                    (
                        Json::key(&format!("property_{i}")),
                        Json::subschema(&long_type),
                    )
                })
                .collect();
            Json::object(vec![
                (Json::key("type"), Json::string("object")),
                (Json::key("properties"), Json::object(properties)),
                (
                    Json::key("required"),
                    Json::array(vec![Json::string("property_0")]),
                ),
            ])
        };
        let mut schemas = vec![
            Json::object(vec![(
                Json::key("enum"),
                Json::array(vec![Json::bool(true)]),
            )]),
            Json::object(vec![(
                Json::key("oneOf"),
                Json::array(vec![object(1), object(3)]),
            )]),
            object(0),
        ];
        // Schemas on either side of the margin, where the place the
        // schema is written at decides whether it breaks.
        schemas.extend((20..=40).map(|n| {
            Json::object(vec![(
                Json::key("description"),
                Json::string(&"x".repeat(n)),
            )])
        }));
        let letters = "ApplicationTypeOAuthThirdPartyDynamicallyRegistered";
        for (index, schema) in schemas.iter().enumerate() {
            let lengths = if index < 3 { 1..=120 } else { 1..=3 };
            for length in lengths {
                let name: String = letters.chars().cycle().take(length).collect();
                let times = crate::timings::FormatTimes::default();
                let tokens = Item::Tokens(impl_tokens(&name, schema));
                let printed = print_items(vec![tokens], |_| true, |_| {}, &times).unwrap();
                assert_eq!(impl_text(&name, schema), Some(printed), "{name}");
            }
        }
        assert_eq!(impl_text("r#Raw", &schemas[0]), None);
    }
}
