//! Optional builders for request bodies (`builders = true` in
//! `codegen.toml`): `Body::new(required...)` plus a `with_<field>` per
//! optional field, so that a client states what it sends and a field the
//! API adds later does not break its code the way a struct literal would.
//!
//! Only plain structs (no flattened union) that are an operation's request
//! body get one.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{TypeId, TypeKind, TypeRef, TypeTable, UnknownFields};
use crate::naming::Names;

/// The request-body structs of the table.
pub fn request_bodies(table: &TypeTable) -> BTreeSet<TypeId> {
    table
        .operations
        .iter()
        .filter_map(|op| match &op.body {
            Some((TypeRef::Named(id), _, _)) => Some(*id),
            _ => None,
        })
        .filter(|id| matches!(&table.get(*id).kind, TypeKind::Struct(s) if s.flattened.is_none()))
        .collect()
}

/// The builder impl of struct `id`; `rust_type` writes a type as seen from
/// its module.
pub fn builder(
    table: &TypeTable,
    names: &Names,
    id: TypeId,
    rust_type: impl Fn(&TypeRef) -> TokenStream,
) -> TokenStream {
    let TypeKind::Struct(body) = &table.get(id).kind else {
        return TokenStream::new();
    };
    let name = ident(names.type_name(id));
    let members = names.members(id);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (field, member) in body.fields.iter().zip(members) {
        let member = ident(member);
        let value = rust_type(field.ty.non_null());
        let value = if field.ty.is_nullable() {
            quote!(Option<#value>)
        } else {
            value
        };
        let stored = if field.boxed {
            quote!(Box::new(#member))
        } else {
            quote!(#member)
        };
        if field.required {
            params.push(quote!(#member: #value));
            inits.push(if field.boxed {
                quote!(#member: #stored)
            } else {
                quote!(#member)
            });
        } else {
            inits.push(quote!(#member: None));
            let setter = format_ident!("with_{}", member.to_string().trim_start_matches("r#"));
            let doc = format!(" Sets `{}`.", field.wire_name);
            setters.push(quote! {
                #[doc = #doc]
                pub fn #setter(mut self, #member: #value) -> Self {
                    self.#member = Some(#stored);
                    self
                }
            });
        }
    }
    if let UnknownFields::Collect(_) = &body.unknown {
        let member = ident(members.last().expect("naming adds the collecting member"));
        inits.push(quote!(#member: Default::default()));
    }
    let doc = format!(
        " `{}` from its required fields; the optional ones start unset.",
        names.type_name(id).trim_start_matches("r#")
    );
    quote! {
        impl #name {
            #[doc = #doc]
            // A body without required fields has a `new()` and no
            // `Default`, which would also have to decide the optional ones.
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }
    }
}

fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}
