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

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Dispatch, Rule, Struct, TypeId, TypeKind, TypeRef, TypeTable, VariantBody};
use crate::render::deferred_json;

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
    let impls = ids.iter().filter_map(|&id| {
        let schema = match &table.get(id).kind {
            TypeKind::Struct(body) if body.flattened.is_some() => object(body, &rust_type),
            TypeKind::Union(union) if matches!(union.dispatch, Dispatch::Tagged { .. }) => {
                let variants = union.variants.iter().map(|variant| {
                    let tags: Vec<(&String, &serde_json::Value)> =
                        variant.tags.iter().map(|(p, v)| (p, v)).collect();
                    let tag_properties = tags.iter().map(|(property, value)| {
                        let value = literal(value);
                        quote!(#property: { "const": #value })
                    });
                    let tag_names = tags.iter().map(|(property, _)| property);
                    let tagged = quote!({
                        "type": "object",
                        "properties": { #(#tag_properties),* },
                        "required": [#(#tag_names),*]
                    });
                    match &variant.body {
                        VariantBody::Type(ty) => {
                            let ty = rust_type(ty);
                            quote!({ "allOf": [#tagged, generator.subschema_for::<#ty>()] })
                        }
                        VariantBody::Fields(body) => {
                            let fields = object(body, &rust_type);
                            quote!({ "allOf": [#tagged, #fields] })
                        }
                    }
                });
                quote!({ "oneOf": [#(#variants),*] })
            }
            // Variants tried in turn: one of them (`anyOf`), or exactly
            // one (`oneOf`).
            TypeKind::Union(union) if matches!(union.dispatch, Dispatch::ByAttempt { .. }) => {
                let variants = union.variants.iter().map(|variant| match &variant.body {
                    VariantBody::Type(ty) => {
                        let ty = rust_type(ty);
                        quote!(generator.subschema_for::<#ty>())
                    }
                    VariantBody::Fields(body) => object(body, &rust_type),
                });
                let union_schema = if union.any_of {
                    quote!({ "anyOf": [#(#variants),*] })
                } else {
                    quote!({ "oneOf": [#(#variants),*] })
                };
                match &union.dispatch {
                    Dispatch::ByAttempt { base: Some(base) } => {
                        let base = rust_type(base);
                        quote!({ "allOf": [generator.subschema_for::<#base>(), #union_schema] })
                    }
                    _ => union_schema,
                }
            }
            // A tuple: each position's schema, then the rest.
            TypeKind::Tuple(tuple) => {
                let prefix = tuple.prefix.iter().map(|ty| {
                    let ty = rust_type(ty);
                    quote!(generator.subschema_for::<#ty>())
                });
                let rest = match &tuple.rest {
                    Some(rest) => {
                        let rest = rust_type(rest);
                        quote!(generator.subschema_for::<#rest>())
                    }
                    None => quote!(false),
                };
                let has_min = tuple.rules.iter().any(|r| matches!(r, Rule::MinItems(_)));
                let required = tuple.required;
                let min = (!has_min).then(|| quote!("minItems": #required,));
                let rules = tuple.rules.iter().map(rule_keyword);
                quote!({
                    "type": "array",
                    "prefixItems": [#(#prefix),*],
                    "items": #rest,
                    #min
                    #(#rules),*
                })
            }
            // An alias of `BoundedString`, which has its own impl.
            TypeKind::Checked(checked) if checked.shared => return None,
            // A checked newtype: the inner type's schema and the rules.
            TypeKind::Checked(checked) => {
                let inner = rust_type(&checked.inner);
                let groups = rule_groups(&checked.rules).into_iter().map(|group| {
                    let rules = group.into_iter().map(rule_keyword);
                    quote!({ #(#rules),* })
                });
                quote!({ "allOf": [generator.subschema_for::<#inner>(), #(#groups),*] })
            }
            TypeKind::Enum(body) if !body.is_string_enum() => {
                let values = body
                    .variants
                    .iter()
                    .map(|v| crate::emit::json_tokens(&v.value));
                quote!({ "enum": [#(#values),*] })
            }
            _ => return None,
        };
        let name = type_name(id);
        let ident = match name.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
            None => proc_macro2::Ident::new(&name, proc_macro2::Span::call_site()),
        };
        let bare = name.trim_start_matches("r#").to_owned();
        let schema_value = deferred_json(quote!(serde_json::json), &schema);
        let generator = if mentions_generator(schema.clone()) {
            quote!(generator)
        } else {
            quote!(_)
        };
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

/// Whether a schema's tokens call on the `SchemaGenerator`; an
/// enumeration of values does not, and its parameter goes unnamed.
fn mentions_generator(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == "generator",
        proc_macro2::TokenTree::Group(group) => mentions_generator(group.stream()),
        _ => false,
    })
}

/// The object schema of a struct body: its fields, and its flattened
/// union, if any.
fn object(body: &Struct, rust_type: &impl Fn(&TypeRef) -> TokenStream) -> TokenStream {
    let properties = body.fields.iter().map(|field| {
        let wire = &field.wire_name;
        // Presence is `required`; `null` only where the type admits it.
        let ty = rust_type(&field.ty);
        quote!(#wire: generator.subschema_for::<#ty>())
    });
    let required = body
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| &f.wire_name);
    let own = quote!({
        "type": "object",
        "properties": { #(#properties),* },
        "required": [#(#required),*]
    });
    match body.flattened {
        Some(union) => {
            let union = rust_type(&TypeRef::Named(union));
            quote!({ "allOf": [#own, generator.subschema_for::<#union>()] })
        }
        None => own,
    }
}

/// A tag value as a `json!` literal.
fn literal(value: &serde_json::Value) -> TokenStream {
    match value {
        serde_json::Value::Bool(b) => quote!(#b),
        serde_json::Value::String(s) => quote!(#s),
        other => {
            let n = other.as_i64().unwrap_or_default();
            quote!(#n)
        }
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

fn rule_keyword(rule: &Rule) -> TokenStream {
    let number = |n: &serde_json::Number| crate::emit::json_tokens(&n.clone().into());
    let keyword = rule.keyword();
    let value = match rule {
        Rule::MinLength(n)
        | Rule::MaxLength(n)
        | Rule::MinItems(n)
        | Rule::MaxItems(n)
        | Rule::MinProperties(n)
        | Rule::MaxProperties(n) => quote!(#n),
        Rule::Pattern(pattern) => quote!(#pattern),
        Rule::Minimum { bound, .. } | Rule::Maximum { bound, .. } => number(bound),
        Rule::MultipleOf(divisor) => number(divisor),
        Rule::UniqueItems => quote!(true),
    };
    quote!(#keyword: #value)
}
