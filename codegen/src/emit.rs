//! Stage 7, emit: the named [`TypeTable`] -> one token stream per module.
//!
//! Emission decides how the Rust looks, nothing about what the schema
//! means: derives come from `analyze`, identifiers and renames from
//! `naming`. Serde attributes are kept to what the wire format needs.
//!
//! Field presence maps to types like this (the contract every generated
//! struct keeps):
//!
//! | required | nullable | Rust type           | absent key | `null`    |
//! |----------|----------|---------------------|------------|-----------|
//! | yes      | no       | `T`                 | error      | error     |
//! | yes      | yes      | `Option<T>`         | error      | `None`    |
//! | no       | no       | `Option<T>`         | `None`     | error     |
//! | no       | yes      | `Option<Option<T>>` | `None`     | `Some(None)` |
//!
//! Absent optional fields are skipped on output, so a value re-serializes to
//! the JSON it was read from.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::analyze::Analysis;
use crate::ir::{
    Enum, Field, IntType, Struct, TypeDef, TypeId, TypeKind, TypeRef, TypeTable, UnknownFields,
};
use crate::naming::{serde_rename, Members, Names};

/// The emitted items of one module.
pub struct ModuleTokens {
    /// The module's identifier.
    pub ident: String,
    /// Source files the module's types come from.
    pub sources: Vec<String>,
    /// The module body.
    pub tokens: TokenStream,
}

/// Emits every type of `table`, grouped by module (in module name order).
pub fn emit(table: &TypeTable, names: &Names, analysis: &Analysis) -> Vec<ModuleTokens> {
    let mut modules: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (id, def) in table.iter() {
        modules
            .entry(names.module(&def.origin.module))
            .or_default()
            .push(id);
    }
    let emitter = Emitter {
        table,
        names,
        analysis,
    };
    modules
        .into_iter()
        .map(|(ident, ids)| emitter.module(ident, &ids))
        .collect()
}

struct Emitter<'a> {
    table: &'a TypeTable,
    names: &'a Names,
    analysis: &'a Analysis,
}

impl Emitter<'_> {
    fn module(&self, ident: &str, ids: &[TypeId]) -> ModuleTokens {
        let mut sources: Vec<String> = ids
            .iter()
            .map(|id| self.table.get(*id).origin.file.clone())
            .collect();
        sources.sort();
        sources.dedup();
        let items: Vec<TokenStream> = ids.iter().map(|id| self.item(*id, ident)).collect();
        let needs_helper = ids.iter().any(|id| match &self.table.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| !f.required),
            _ => false,
        });
        let helper = needs_helper.then(|| {
            quote! {
                /// Deserializes a field that is present, so that `null` is
                /// rejected unless the field's type admits it; an absent
                /// field becomes `None` through `#[serde(default)]`.
                fn deserialize_present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
                where
                    D: serde::Deserializer<'de>,
                    T: Deserialize<'de>,
                {
                    T::deserialize(deserializer).map(Some)
                }
            }
        });
        let module_doc = format!(
            " Types generated from {}.",
            sources
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let tokens = quote! {
            #![doc = #module_doc]
            // The output is formatted by prettyplease; rustfmt must not
            // fight it, or `cargo fmt` would make the drift check fail.
            #![cfg_attr(rustfmt, rustfmt::skip)]
            use serde::{Deserialize, Serialize};
            #(#items)*
            #helper
        };
        ModuleTokens {
            ident: ident.to_owned(),
            sources,
            tokens,
        }
    }

    fn item(&self, id: TypeId, module: &str) -> TokenStream {
        let def = self.table.get(id);
        let name = ident(self.names.type_name(id));
        let docs = doc_attrs(def.docs.as_deref());
        match &def.kind {
            TypeKind::Struct(body) => self.structure(id, def, body, module),
            TypeKind::Enum(body) => self.enumeration(id, body, &docs, &name),
            TypeKind::Alias(target) => {
                let target = self.type_ref(target, module);
                quote! { #docs pub type #name = #target; }
            }
            TypeKind::Pending => unreachable!("lowering leaves no pending types"),
        }
    }

    fn derives(&self, id: TypeId) -> TokenStream {
        let d = self.analysis.derives(id);
        let copy = d.copy.then(|| quote!(Copy,));
        let eq = d.eq.then(|| quote!(Eq,));
        let hash = d.hash.then(|| quote!(Hash,));
        let default = d.default.then(|| quote!(Default,));
        quote! { #[derive(Debug, Clone, #copy PartialEq, #eq #hash #default Serialize, Deserialize)] }
    }

    fn structure(&self, id: TypeId, def: &TypeDef, body: &Struct, module: &str) -> TokenStream {
        let name = ident(self.names.type_name(id));
        let docs = doc_attrs(def.docs.as_deref());
        let derives = self.derives(id);
        let members = self.names.members(id);
        let wire_names: Vec<&str> = body.fields.iter().map(|f| f.wire_name.as_str()).collect();
        let (rename_all, renames) =
            serde_rename(Members::Fields, &members[..body.fields.len()], &wire_names);

        let mut container = Vec::new();
        if let Some(rule) = rename_all {
            container.push(quote!(rename_all = #rule));
        }
        if body.unknown == UnknownFields::Deny {
            container.push(quote!(deny_unknown_fields));
        }
        let container = (!container.is_empty()).then(|| quote!(#[serde(#(#container),*)]));

        let mut fields: Vec<TokenStream> = body
            .fields
            .iter()
            .zip(members)
            .zip(renames)
            .map(|((field, member), rename)| self.field(field, member, rename, module))
            .collect();
        if let UnknownFields::Collect(value) = &body.unknown {
            let member = ident(members.last().expect("naming adds the collecting member"));
            let value = self.type_ref(value, module);
            fields.push(quote! {
                /// Properties not listed above.
                #[serde(flatten)]
                pub #member: std::collections::BTreeMap<String, #value>,
            });
        }
        quote! {
            #docs
            #derives
            #container
            pub struct #name {
                #(#fields)*
            }
        }
    }

    fn field(
        &self,
        field: &Field,
        member: &str,
        rename: Option<&str>,
        module: &str,
    ) -> TokenStream {
        let docs = doc_attrs(field.docs.as_deref());
        let member = ident(member);
        let value = self.type_ref(field.ty.non_null(), module);
        let value = if field.boxed {
            quote!(Box<#value>)
        } else {
            value
        };
        let nullable = field.ty.is_nullable();
        let mut attrs = Vec::new();
        if let Some(rename) = rename {
            attrs.push(quote!(rename = #rename));
        }
        let ty = match (field.required, nullable) {
            (true, false) => value,
            (true, true) => {
                // `Option` fields default to `None` when absent unless they
                // have a `deserialize_with`; this one keeps the key required.
                attrs.push(quote!(deserialize_with = "Option::deserialize"));
                quote!(Option<#value>)
            }
            (false, nullable) => {
                attrs.push(quote!(default));
                attrs.push(quote!(skip_serializing_if = "Option::is_none"));
                attrs.push(quote!(deserialize_with = "deserialize_present"));
                if nullable {
                    quote!(Option<Option<#value>>)
                } else {
                    quote!(Option<#value>)
                }
            }
        };
        let attrs = (!attrs.is_empty()).then(|| quote!(#[serde(#(#attrs),*)]));
        quote! {
            #docs
            #attrs
            pub #member: #ty,
        }
    }

    fn enumeration(
        &self,
        id: TypeId,
        body: &Enum,
        docs: &TokenStream,
        name: &Ident,
    ) -> TokenStream {
        let derives = self.derives(id);
        let members = self.names.members(id);
        let wire_names: Vec<&str> = body.variants.iter().map(|v| v.wire_name.as_str()).collect();
        let (rename_all, renames) = serde_rename(Members::Variants, members, &wire_names);
        let container = rename_all.map(|rule| quote!(#[serde(rename_all = #rule)]));
        let single = body.variants.len() == 1;
        let variants = members.iter().zip(renames).map(|(member, rename)| {
            let member = ident(member);
            let rename = rename.map(|r| quote!(#[serde(rename = #r)]));
            let default = single.then(|| quote!(#[default]));
            quote! { #default #rename #member, }
        });
        quote! {
            #docs
            #derives
            #container
            pub enum #name {
                #(#variants)*
            }
        }
    }

    /// The Rust type for `ty`, as written inside module `module`.
    fn type_ref(&self, ty: &TypeRef, module: &str) -> TokenStream {
        match ty {
            TypeRef::Bool => quote!(bool),
            TypeRef::Integer(int) => {
                let name = match int {
                    IntType::I8 => "i8",
                    IntType::I16 => "i16",
                    IntType::I32 => "i32",
                    IntType::I64 => "i64",
                    IntType::U8 => "u8",
                    IntType::U16 => "u16",
                    IntType::U32 => "u32",
                    IntType::U64 => "u64",
                };
                let name = ident(name);
                quote!(#name)
            }
            TypeRef::Float => quote!(f64),
            TypeRef::String => quote!(String),
            TypeRef::Format(format) => format.rust_type(),
            TypeRef::Any => quote!(serde_json::Value),
            TypeRef::AnyObject => quote!(serde_json::Map<String, serde_json::Value>),
            TypeRef::Vec(item) => {
                let item = self.type_ref(item, module);
                quote!(Vec<#item>)
            }
            TypeRef::Map(value) => {
                let value = self.type_ref(value, module);
                quote!(std::collections::BTreeMap<String, #value>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.type_ref(inner, module);
                quote!(Option<#inner>)
            }
            TypeRef::Named(id) => {
                let name = ident(self.names.type_name(*id));
                let target_module = self.names.module(&self.table.get(*id).origin.module);
                if target_module == module {
                    quote!(#name)
                } else {
                    let target_module = ident(target_module);
                    quote!(super::#target_module::#name)
                }
            }
        }
    }
}

/// An identifier, raw (`r#type`) when it is spelled so.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `///` lines for a description. Each line is a string literal, so no
/// description can end the comment or inject code. Bare code fences are
/// marked `text` so rustdoc does not compile prose as Rust.
fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let Some(docs) = docs else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let lines = docs.lines().map(|line| {
        let line = line.trim_end();
        let mut line = line.to_owned();
        if line.trim_start().starts_with("```") {
            if !in_fence && line.trim() == "```" {
                line.push_str("text");
            }
            in_fence = !in_fence;
        }
        let line = format!(" {line}");
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}
