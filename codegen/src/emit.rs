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

mod held_text;

use std::collections::BTreeMap;
use std::rc::Rc;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};

use crate::analyze::Analysis;
use crate::formats::FormatMappings;
use crate::ir::{
    Checked, Dispatch, Enum, Field, Rule, Struct, Tuple, TypeDef, TypeId, TypeKind, TypeRef,
    TypeTable, Union, UnknownFields, VariantBody,
};
use crate::naming::{serde_rename, Members, Names};
use crate::render::{
    deferred_tree, needs_no_escape, read_attrs, read_fields, read_type, Attr, DeclarationModel,
    Item, Json, ModelBody, NameTemplate, NamedField, Piece, Variant, VariantFields,
};

// Attributes emitted the same on most types or fields, built once per
// thread: `quote!` lexes each string literal it holds anew on every call,
// while a whole attribute (a `#` and one group) is interpolated without
// copying inside it.
thread_local! {
    /// The serde attribute of most optional fields.
    static OPTIONAL_FIELD: TokenStream = quote! {
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "deserialize_present")]
    };
    /// `JsonSchema` derived under the `schemars` feature.
    static SCHEMARS_DERIVE: TokenStream =
        quote!(#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]);
    static SCHEMARS_FEATURE: Literal = Literal::string("schemars");
    /// See [`Emitter::schemars_present`]: the emitter's run and module the
    /// attributes are for, and the attributes by field type and boxing.
    static DESCRIBED: std::cell::RefCell<FieldCache> = std::cell::RefCell::default();
    /// The two shared attributes above as the declaration printer reads
    /// them (see `Emitter::structure_model`).
    static OPTIONAL_FIELD_ATTR: Option<Attr> = OPTIONAL_FIELD.with(|tokens| only_attr(tokens.clone()));
    static SCHEMARS_DERIVE_ATTR: Option<Attr> = SCHEMARS_DERIVE.with(|tokens| only_attr(tokens.clone()));
    /// An untagged union's `#[serde(untagged)]`, as read.
    static UNTAGGED_ATTR: Option<Attr> = only_attr(quote!(#[serde(untagged)]));
    /// The derive attribute of a type given as a model, by its derives,
    /// as read.
    static MODEL_DERIVES: std::cell::RefCell<foldhash::HashMap<[bool; 5], Option<Attr>>> =
        std::cell::RefCell::default();
}

/// Per field type, for the module a thread last emitted (see
/// [`Emitter::schemars_present`]): the emitter's run and the module they
/// are for, then the `schemars(with)` attribute by field type and boxing,
/// the same attribute as read by the declaration printer, the field's
/// whole type as read, by field type, boxing and requiredness, and a
/// union variant's type as read.
#[derive(Default)]
struct FieldCache {
    owner: (u64, String),
    described: foldhash::HashMap<(TypeRef, bool), TokenStream>,
    described_attrs: foldhash::HashMap<(TypeRef, bool), Option<Attr>>,
    types: foldhash::HashMap<(TypeRef, bool, bool), Option<ReadType>>,
    values: foldhash::HashMap<TypeRef, Option<ReadType>>,
}

/// A type as the declaration printer reads it, shared by every field of
/// that type rather than copied for each (#8).
type ReadType = Rc<[Piece]>;

impl FieldCache {
    /// The cache, emptied first when it holds another run's or module's
    /// entries.
    fn with<T>(run: u64, module: &str, f: impl FnOnce(&mut FieldCache) -> T) -> T {
        DESCRIBED.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.owner.0 != run || cache.owner.1 != module {
                *cache = FieldCache {
                    owner: (run, module.to_owned()),
                    ..FieldCache::default()
                };
            }
            f(&mut cache)
        })
    }
}

/// The one attribute `tokens` hold, as the declaration printer reads it.
fn only_attr(tokens: TokenStream) -> Option<Attr> {
    let mut attrs = read_attrs(tokens)?;
    (attrs.len() == 1).then(|| attrs.pop()).flatten()
}

/// One module of the output: the types it holds and the documents they
/// come from. A module is emitted in three parts, [`Emitter::head`],
/// `Emitter::items` (any run of its types) and [`Emitter::tail`], so that
/// the parts of a large module can be formatted on several threads.
pub struct ModulePlan {
    /// The module's identifier.
    pub ident: String,
    /// Source files the module's types come from.
    pub sources: Vec<String>,
    /// The module's types, in output order.
    pub ids: Vec<TypeId>,
}

/// Project choices that change how types are written (from
/// `codegen.toml`; see `settings.rs`).
#[derive(Debug, Clone, Default)]
pub struct EmitOptions {
    /// The Rust type of each string format.
    pub formats: FormatMappings,
    /// Derive `schemars::JsonSchema` under the output crate's `schemars`
    /// feature (only a crate has features of its own). Types with
    /// hand-written serde impls get hand-written schemars impls instead
    /// (`json_schema.rs`).
    pub schemars: bool,
}

/// Groups the types of `table` into the output's modules (in module name
/// order).
pub fn plan(table: &TypeTable, names: &Names) -> Vec<ModulePlan> {
    let mut modules: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (id, def) in table.iter() {
        modules
            .entry(names.module(&def.origin.module))
            .or_default()
            .push(id);
    }
    modules
        .into_iter()
        .map(|(ident, ids)| {
            let mut sources: Vec<String> = ids
                .iter()
                .map(|id| table.get(*id).origin.file.clone())
                .collect();
            sources.sort();
            sources.dedup();
            ModulePlan {
                ident: ident.to_owned(),
                sources,
                ids,
            }
        })
        .collect()
}

/// Writes the tokens of the types in the table; shared by every thread
/// that emits a part of a module.
pub struct Emitter<'a> {
    table: &'a TypeTable,
    names: &'a Names,
    analysis: &'a Analysis,
    options: &'a EmitOptions,
    /// Tells this emitter's entries in the threads' caches (see
    /// `DESCRIBED`) from those of another run in the same process.
    run: u64,
}

impl<'a> Emitter<'a> {
    /// An emitter over the finished stages' results.
    pub fn new(
        table: &'a TypeTable,
        names: &'a Names,
        analysis: &'a Analysis,
        options: &'a EmitOptions,
    ) -> Self {
        static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Emitter {
            table,
            names,
            analysis,
            options,
            run: RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}

impl Emitter<'_> {
    /// The top of a module's file: its docs, and the imports every item
    /// relies on.
    pub fn head(&self, plan: &ModulePlan) -> TokenStream {
        let module_doc = format!(
            " Types generated from {}.",
            plan.sources
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        // Every type but a plain alias or an operation's responses derives
        // or implements both traits; a module of only those would warn.
        let uses_serde = plan.ids.iter().any(|id| match &self.table.get(*id).kind {
            TypeKind::Alias(target) => self.via_rfc3339(target),
            TypeKind::Responses(_) => false,
            _ => true,
        });
        let import = uses_serde.then(|| {
            quote!(
                use serde::{Deserialize, Serialize};
            )
        });
        quote! {
            #![doc = #module_doc]
            // The output is formatted by prettyplease; rustfmt must not
            // fight it, or `cargo fmt` would make the drift check fail.
            #![cfg_attr(rustfmt, rustfmt::skip)]
            #import
        }
    }

    /// The items of the types `ids` of module `module`, one per type (its
    /// declaration, then its impls): a plain struct as a model for the
    /// declaration printer, anything else as tokens.
    pub(crate) fn items(&self, module: &str, ids: &[TypeId]) -> Vec<Item<'_>> {
        ids.iter().map(|&id| self.emitted(id, module)).collect()
    }

    fn emitted(&self, id: TypeId, module: &str) -> Item<'_> {
        match self.model(id, module) {
            Some((model, impls)) => {
                let module = module.to_owned();
                Item::Declaration {
                    model,
                    impls,
                    tokens: Box::new(move || self.item(id, &module)),
                }
            }
            None => Item::Tokens(self.item(id, module)),
        }
    }

    /// A type's declaration as a model for the printer, and the impls
    /// after it: for plain structs, string enums and unions.
    fn model(&self, id: TypeId, module: &str) -> Option<(DeclarationModel, Vec<Item<'_>>)> {
        let def = self.table.get(id);
        match &def.kind {
            TypeKind::Struct(body) if body.flattened.is_none() => self
                .structure_model(id, def, body, module)
                .map(|model| (model, Vec::new())),
            TypeKind::Enum(body) if body.is_string_enum() => self
                .enumeration_model(id, def, body)
                .map(|model| (model, Vec::new())),
            TypeKind::Union(body) => self
                .union_model(id, def, body, module)
                .map(|model| (model, self.union_impl_items(id, body, module))),
            _ => None,
        }
    }

    /// The end of a module's file: the private helpers its items call
    /// (the operation descriptors come after, from [`Emitter::operations`]).
    pub fn tail(&self, plan: &ModulePlan) -> TokenStream {
        self.tail_helpers(plan).tokens()
    }

    /// Which private helpers the module's items call (see [`Self::tail`]).
    pub(crate) fn tail_helpers(&self, plan: &ModulePlan) -> TailHelpers {
        let ids = &plan.ids[..];
        let present = ids.iter().any(|id| match &self.table.get(*id).kind {
            TypeKind::Struct(s) => s.flattened.is_none() && s.fields.iter().any(|f| !f.required),
            _ => false,
        });
        let needs_union_support = ids.iter().any(|id| self.shares_fields(*id));
        let tagged_variants = || {
            ids.iter().filter_map(|id| match &self.table.get(*id).kind {
                TypeKind::Union(u) if self.shares_fields(*id) => Some(u),
                _ => None,
            })
        };
        let takes_fields = ids.iter().any(
            |id| matches!(&self.table.get(*id).kind, TypeKind::Struct(s) if s.flattened.is_some()),
        ) || tagged_variants().any(|u| {
            u.variants
                .iter()
                .any(|v| matches!(&v.body, VariantBody::Fields(s) if !s.fields.is_empty()))
        });
        let holds_values = tagged_variants().any(|u| {
            u.variants
                .iter()
                .any(|v| matches!(v.body, VariantBody::Type(_)))
        });
        // A struct that keeps unknown properties beside its union takes
        // what is left as a whole map.
        let keeps_rest = ids.iter().any(|id| {
            matches!(&self.table.get(*id).kind, TypeKind::Struct(s)
                if s.flattened.is_some() && matches!(s.unknown, UnknownFields::Collect(_)))
        });
        TailHelpers {
            present,
            union_support: needs_union_support.then_some((
                takes_fields,
                holds_values || keeps_rest,
                holds_values,
            )),
            rfc3339: self.uses_rfc3339(plan),
        }
    }

    /// Whether the module holds the `rfc3339` adaptor (and its `DateTime`
    /// marker, which `json_schema::rfc3339_marker` describes): whether any
    /// of its types holds a `time::OffsetDateTime`.
    pub fn uses_rfc3339(&self, plan: &ModulePlan) -> bool {
        plan.ids.iter().any(|id| {
            let kind = &self.table.get(*id).kind;
            kind.fields().iter().any(|f| self.via_rfc3339(&f.ty))
                || kind.other_refs().iter().any(|ty| self.via_rfc3339(ty))
        })
    }

    fn item(&self, id: TypeId, module: &str) -> TokenStream {
        let def = self.table.get(id);
        let name = ident(self.names.type_name(id));
        let docs = doc_attrs(def.docs.as_deref());
        match &def.kind {
            TypeKind::Struct(body) if body.flattened.is_some() => {
                self.custom_structure(id, def, body, module)
            }
            TypeKind::Struct(body) => self.structure(id, def, body, module),
            TypeKind::Union(body) => self.union(id, def, body, module),
            TypeKind::Responses(responses) => self.responses(id, def, responses, module),
            TypeKind::Enum(body) => self.enumeration(id, body, &docs, &name),
            TypeKind::Alias(target) if self.via_rfc3339(target) => {
                // A type alias would bring `time`'s own serde form along;
                // a newtype carries the RFC 3339 one.
                let derives = self.derives(id);
                let schemars = self.schemars_derive();
                let target = self.type_ref(target, module);
                let described = self.schemars_rfc3339(target.clone());
                quote! {
                    #docs
                    #derives
                    #schemars
                    pub struct #name(#[serde(with = "rfc3339")] #described pub #target);
                }
            }
            TypeKind::Alias(target) => {
                let target = self.type_ref(target, module);
                quote! { #docs pub type #name = #target; }
            }
            TypeKind::Checked(body) if body.shared => {
                let (min, max) = body
                    .length_bounds()
                    .expect("shared only when length-bounded");
                let min = Literal::u64_unsuffixed(min);
                let max = match max {
                    Some(max) => Literal::u64_unsuffixed(max).into_token_stream(),
                    None => quote!({ usize::MAX }),
                };
                quote! { #docs pub type #name = super::BoundedString<#min, #max>; }
            }
            TypeKind::Checked(body) => self.checked(id, body, &docs, &name, module),
            TypeKind::Tuple(body) => self.tuple(id, body, &docs, &name, module),
            TypeKind::Pending => unreachable!("lowering leaves no pending types"),
        }
    }

    fn derives(&self, id: TypeId) -> TokenStream {
        let d = self.analysis.derives(id);
        let copy = d.copy.then(|| quote!(Copy,));
        let eq = d.eq.then(|| quote!(Eq,));
        let hash = d.hash.then(|| quote!(Hash,));
        let default = d.default.then(|| quote!(Default,));
        let serde = match self.table.get(id).kind {
            TypeKind::Responses(_) => None,
            // Serialized as the inner value; deserialized through the check.
            TypeKind::Checked(_) => Some(quote!(Serialize)),
            TypeKind::Enum(ref e) if !e.is_string_enum() => None,
            _ if self.has_custom_serde(id) => None,
            _ => Some(quote!(Serialize, Deserialize)),
        };
        quote! { #[derive(Debug, Clone, #copy PartialEq, #eq #hash #default #serde)] }
    }

    /// `#[derive(JsonSchema)]` under the `schemars` feature, for a type
    /// that derives `Deserialize`.
    fn schemars_derive(&self) -> Option<TokenStream> {
        self.options
            .schemars
            .then(|| SCHEMARS_DERIVE.with(TokenStream::clone))
    }

    /// Tells schemars to describe a field as `described` (a Rust type)
    /// instead of its own type.
    fn schemars_with(&self, described: &TokenStream) -> Option<TokenStream> {
        // `Option<String>`, not the token spacing `Option < String >`.
        let described = described.to_string().replace(' ', "");
        self.options.schemars.then(|| {
            let feature = SCHEMARS_FEATURE.with(Literal::clone);
            quote!(#[cfg_attr(feature = #feature, schemars(with = #described))])
        })
    }

    /// [`Self::schemars_with`] the present type of an optional field. A
    /// module's fields have few distinct types, and writing a type out as
    /// text goes through its tokens' formatting, so each thread keeps the
    /// attribute per field type for the module it last emitted.
    fn schemars_present(&self, field: &Field, module: &str) -> Option<TokenStream> {
        if !self.options.schemars {
            return None;
        }
        FieldCache::with(self.run, module, |cache| {
            let key = (field.ty.clone(), field.boxed);
            if let Some(attr) = cache.described.get(&key) {
                return Some(attr.clone());
            }
            let attr = self.schemars_with(&self.present_type(field, module))?;
            cache.described.insert(key, attr.clone());
            Some(attr)
        })
    }

    /// [`Self::schemars_present`] as the declaration printer reads it:
    /// the outer `None` when there is no attribute, the inner when the
    /// printer would decline it.
    fn schemars_present_attr(&self, field: &Field, module: &str) -> Option<Option<Attr>> {
        let key = (field.ty.clone(), field.boxed);
        if let Some(attr) = FieldCache::with(self.run, module, |cache| {
            cache.described_attrs.get(&key).cloned()
        }) {
            return Some(attr);
        }
        let attr = only_attr(self.schemars_present(field, module)?);
        FieldCache::with(self.run, module, |cache| {
            cache.described_attrs.insert(key, attr.clone());
        });
        Some(attr)
    }

    /// [`Self::type_ref`] as the declaration printer reads it (a union
    /// variant's value); `None` when it would decline the type.
    fn type_pieces(&self, ty: &TypeRef, module: &str) -> Option<ReadType> {
        if let Some(pieces) =
            FieldCache::with(self.run, module, |cache| cache.values.get(ty).cloned())
        {
            return pieces;
        }
        let pieces: Option<ReadType> = read_type(self.type_ref(ty, module)).map(Rc::from);
        FieldCache::with(self.run, module, |cache| {
            cache.values.insert(ty.clone(), pieces.clone());
        });
        pieces
    }

    /// [`Self::field_type`] as the declaration printer reads it; `None`
    /// when it would decline the type.
    fn field_type_pieces(&self, field: &Field, module: &str) -> Option<ReadType> {
        let key = (field.ty.clone(), field.boxed, field.required);
        if let Some(pieces) =
            FieldCache::with(self.run, module, |cache| cache.types.get(&key).cloned())
        {
            return pieces;
        }
        let pieces: Option<ReadType> = read_type(self.field_type(field, module)).map(Rc::from);
        FieldCache::with(self.run, module, |cache| {
            cache.types.insert(key, pieces.clone());
        });
        pieces
    }

    /// For a value of `ty` read through the `rfc3339` adaptor: schemars
    /// cannot describe `time::OffsetDateTime`, so it is told to describe
    /// the same shape with the module's `rfc3339::DateTime` marker.
    fn schemars_rfc3339(&self, ty: TokenStream) -> Option<TokenStream> {
        if !self.options.schemars {
            return None;
        }
        let ty: syn::Type = syn::parse2(ty).ok()?;
        self.schemars_with(&rfc3339_marker(ty).into_token_stream())
    }

    /// [`Self::schemars_rfc3339`] for a field read through the adaptor,
    /// described as its present value: an optional field's outer `Option`
    /// stands for its absence, not for `null`.
    fn schemars_rfc3339_field(&self, field: &Field, module: &str) -> Option<TokenStream> {
        self.schemars_rfc3339(self.present_type(field, module))
    }

    /// Types whose wire format serde's derive cannot express: structs that
    /// hold a flattened union, unions told apart by tag values, unions
    /// whose variants are tried in turn, and tuples. They get hand-written
    /// `Serialize`/`Deserialize` impls.
    fn has_custom_serde(&self, id: TypeId) -> bool {
        match &self.table.get(id).kind {
            TypeKind::Struct(s) => s.flattened.is_some(),
            TypeKind::Union(u) => matches!(
                u.dispatch,
                Dispatch::Tagged { .. } | Dispatch::ByAttempt { .. }
            ),
            TypeKind::Tuple(_) => true,
            _ => false,
        }
    }

    /// Types read from and written into a JSON object they share with
    /// others, through the module's `Fields` helpers: structs that hold a
    /// union, tagged unions, and unions tried in turn whose variants are
    /// fields.
    fn shares_fields(&self, id: TypeId) -> bool {
        match &self.table.get(id).kind {
            TypeKind::Struct(s) => s.flattened.is_some(),
            TypeKind::Union(u) => match u.dispatch {
                Dispatch::Tagged { .. } => true,
                Dispatch::ByAttempt { .. } => u
                    .variants
                    .iter()
                    .any(|v| matches!(v.body, VariantBody::Fields(_))),
                Dispatch::ByType => false,
            },
            _ => false,
        }
    }

    fn structure(&self, id: TypeId, def: &TypeDef, body: &Struct, module: &str) -> TokenStream {
        let name = ident(self.names.type_name(id));
        let docs = doc_attrs(def.docs.as_deref());
        let derives = self.derives(id);
        let members = self.names.members(id);
        let (rename_all, renames) = Self::struct_renames(body, members);
        let container = Self::struct_container(body, rename_all);
        let mut fields: Vec<TokenStream> = body
            .fields
            .iter()
            .zip(members)
            .zip(renames)
            .map(|((field, member), rename)| self.field(field, member, rename, module))
            .collect();
        fields.extend(self.collecting_field(body, members, module));
        let schemars = self.schemars_derive();
        quote! {
            #docs
            #derives
            #container
            #schemars
            pub struct #name {
                #(#fields)*
            }
        }
    }

    /// [`Self::structure`] in the declaration printer's terms, built
    /// without writing the struct as tokens: docs, shared attributes and
    /// field types come ready (the last two kept per thread), and only
    /// what is rare (renames, RFC 3339 adaptors, container attributes) is
    /// written as tokens and read. `None` when the printer would decline
    /// the struct.
    fn structure_model(
        &self,
        id: TypeId,
        def: &TypeDef,
        body: &Struct,
        module: &str,
    ) -> Option<DeclarationModel> {
        let members = self.names.members(id);
        let (rename_all, renames) = Self::struct_renames(body, members);
        let container = match Self::struct_container(body, rename_all) {
            Some(container) => Some(only_attr(container)?),
            None => None,
        };
        let attrs = self.model_attrs(id, def.docs.as_deref(), container, true)?;
        let mut fields = Vec::with_capacity(members.len());
        for ((field, member), rename) in body.fields.iter().zip(members).zip(renames) {
            fields.push(self.field_model(field, member, rename, module)?);
        }
        if let Some(collecting) = self.collecting_field(body, members, module) {
            fields.extend(read_fields(collecting)?);
        }
        Some(DeclarationModel {
            attrs,
            name: self.names.type_name(id).to_owned(),
            body: ModelBody::Struct(fields),
        })
    }

    /// The attributes a model's declaration starts with, in the order the
    /// emitter writes them: docs, derives, the container's serde
    /// attribute, and the schemars derive when `derives_schema`.
    fn model_attrs(
        &self,
        id: TypeId,
        docs: Option<&str>,
        container: Option<Attr>,
        derives_schema: bool,
    ) -> Option<Vec<Attr>> {
        let mut attrs = doc_model(docs);
        attrs.push(self.model_derives(id)?);
        attrs.extend(container);
        if derives_schema && self.options.schemars {
            attrs.push(SCHEMARS_DERIVE_ATTR.with(Option::clone)?);
        }
        Some(attrs)
    }

    /// The `#[derive(...)]` of a plain struct, string enum or union as
    /// the printer reads it: given the derives and whether serde derives
    /// its impls, the attribute is the same for all three.
    fn model_derives(&self, id: TypeId) -> Option<Attr> {
        let d = self.analysis.derives(id);
        let key = [d.copy, d.eq, d.hash, d.default, !self.has_custom_serde(id)];
        MODEL_DERIVES.with(|cache| {
            cache
                .borrow_mut()
                .entry(key)
                .or_insert_with(|| only_attr(self.derives(id)))
                .clone()
        })
    }

    /// `rename_all` and each field's `rename`, for the fields' wire names.
    fn struct_renames<'b>(
        body: &'b Struct,
        members: &[String],
    ) -> (Option<&'static str>, Vec<Option<&'b str>>) {
        let wire_names: Vec<&str> = body.fields.iter().map(|f| f.wire_name.as_str()).collect();
        serde_rename(Members::Fields, &members[..body.fields.len()], &wire_names)
    }

    /// A struct's container `#[serde(...)]`, when it needs one.
    fn struct_container(body: &Struct, rename_all: Option<&str>) -> Option<TokenStream> {
        let mut container = Vec::new();
        if let Some(rule) = rename_all {
            container.push(quote!(rename_all = #rule));
        }
        if body.unknown == UnknownFields::Deny {
            container.push(quote!(deny_unknown_fields));
        }
        (!container.is_empty()).then(|| quote!(#[serde(#(#container),*)]))
    }

    /// The member that collects properties not listed, when the struct
    /// keeps them.
    fn collecting_field(
        &self,
        body: &Struct,
        members: &[String],
        module: &str,
    ) -> Option<TokenStream> {
        let UnknownFields::Collect(value) = &body.unknown else {
            return None;
        };
        let member = ident(members.last().expect("naming adds the collecting member"));
        let via_rfc3339 = self.via_rfc3339(value);
        let with = via_rfc3339.then(|| quote!(, with = "rfc3339"));
        let value = self.type_ref(value, module);
        let described = via_rfc3339
            .then(|| self.schemars_rfc3339(quote!(std::collections::BTreeMap<String, #value>)))
            .flatten();
        Some(quote! {
            /// Properties not listed above.
            #[serde(flatten #with)]
            #described
            pub #member: std::collections::BTreeMap<String, #value>,
        })
    }

    /// The Rust type of a field: its value type, boxed if recursive, in
    /// `Option` per the presence table in the module docs.
    fn field_type(&self, field: &Field, module: &str) -> TokenStream {
        let present = self.present_type(field, module);
        if field.required {
            present
        } else {
            quote!(Option<#present>)
        }
    }

    /// What a field holds when its key is present: its value type, boxed
    /// if recursive, in `Option` when `null` is admitted.
    fn present_type(&self, field: &Field, module: &str) -> TokenStream {
        let value = self.type_ref(field.ty.non_null(), module);
        let value = if field.boxed {
            quote!(Box<#value>)
        } else {
            value
        };
        if field.ty.is_nullable() {
            quote!(Option<#value>)
        } else {
            value
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
        let ty = self.field_type(field, module);
        let mut attrs = Vec::new();
        if let Some(rename) = rename {
            attrs.push(quote!(rename = #rename));
        }
        if let Some(adaptor) = self.rfc3339_attrs(field) {
            attrs.extend(adaptor);
            let described = self.schemars_rfc3339_field(field, module);
            return quote! {
                #docs
                #[serde(#(#attrs),*)]
                #described
                pub #member: #ty,
            };
        }
        let mut described = None;
        match (field.required, field.ty.is_nullable()) {
            (true, false) => {}
            // `Option` fields default to `None` when absent unless they
            // have a `deserialize_with`; this one keeps the key required.
            (true, true) => attrs.push(quote!(deserialize_with = "Option::deserialize")),
            (false, _) => {
                // schemars would describe the outer `Option` as nullable;
                // what is read is the present value.
                described = self.schemars_present(field, module);
                if attrs.is_empty() {
                    let optional = OPTIONAL_FIELD.with(TokenStream::clone);
                    return quote! {
                        #docs
                        #optional
                        #described
                        pub #member: #ty,
                    };
                }
                attrs.push(quote!(default));
                attrs.push(quote!(skip_serializing_if = "Option::is_none"));
                attrs.push(quote!(deserialize_with = "deserialize_present"));
            }
        }
        let attrs = (!attrs.is_empty()).then(|| quote!(#[serde(#(#attrs),*)]));
        quote! {
            #docs
            #attrs
            #described
            pub #member: #ty,
        }
    }

    /// [`Self::field`] in the declaration printer's terms. A field with
    /// a rename, an RFC 3339 adaptor or a required `Option` is written as
    /// tokens and read; the rest, most fields, are built directly.
    fn field_model(
        &self,
        field: &Field,
        member: &str,
        rename: Option<&str>,
        module: &str,
    ) -> Option<NamedField> {
        let plain = rename.is_none()
            && !self.via_rfc3339(&field.ty)
            && !(field.required && field.ty.is_nullable());
        if !plain {
            let mut read = read_fields(self.field(field, member, rename, module))?;
            return (read.len() == 1).then(|| read.pop()).flatten();
        }
        let mut attrs = doc_model(field.docs.as_deref());
        if !field.required {
            attrs.push(OPTIONAL_FIELD_ATTR.with(Option::clone)?);
            if let Some(described) = self.schemars_present_attr(field, module) {
                attrs.push(described?);
            }
        }
        Some(NamedField {
            attrs,
            public: true,
            name: member.to_owned(),
            ty: self.field_type_pieces(field, module)?,
        })
    }

    /// The serde attributes of a field whose type holds a
    /// `time::OffsetDateTime`: the presence contract of the module docs,
    /// kept through the module's `rfc3339` adaptor. `None` for other fields.
    fn rfc3339_attrs(&self, field: &Field) -> Option<Vec<TokenStream>> {
        if !self.via_rfc3339(&field.ty) {
            return None;
        }
        Some(if field.required {
            // A `with` field is required even when its type is an `Option`.
            vec![quote!(with = "rfc3339")]
        } else {
            vec![
                quote!(default),
                quote!(skip_serializing_if = "Option::is_none"),
                quote!(serialize_with = "rfc3339::serialize"),
                quote!(deserialize_with = "rfc3339::deserialize_present"),
            ]
        })
    }

    /// Whether values of `ty` go through the module's `rfc3339` adaptor
    /// (see [`crate::formats::StringFormat::needs_rfc3339`]). A named type
    /// has serde impls of its own.
    fn via_rfc3339(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Format(format) => format.needs_rfc3339(&self.options.formats),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.via_rfc3339(inner)
            }
            _ => false,
        }
    }

    /// A struct that holds a flattened union: the fields and the union
    /// share one JSON object, so both impls are written out.
    fn custom_structure(
        &self,
        id: TypeId,
        def: &TypeDef,
        body: &Struct,
        module: &str,
    ) -> TokenStream {
        let name = ident(self.names.type_name(id));
        let docs = doc_attrs(def.docs.as_deref());
        let derives = self.derives(id);
        let members = self.names.members(id);
        let declarations = self.member_declarations(body, members, module, true, false, false);
        let write = self.write_struct_fields(body, members, |member| quote!(self.#member));
        let take = self.take_struct_fields(body, members, module);
        let serde_impls = map_serde_impls(&name);
        quote! {
            #docs
            #derives
            pub struct #name {
                #(#declarations)*
            }

            impl #name {
                fn write_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                    #write
                    Ok(())
                }

                fn take_fields(fields: &mut Fields<'_>) -> Result<Self, String> {
                    Ok(Self { #take })
                }
            }

            #serde_impls
        }
    }

    /// `pub name: Type,` for each field of a struct body and its flattened
    /// union (`public` is false inside enum variants, whose fields are
    /// public already; `derived` says whether serde's derive reads the
    /// declarations, so that they may carry serde attributes).
    fn member_declarations(
        &self,
        body: &Struct,
        members: &[String],
        module: &str,
        public: bool,
        derived: bool,
        described: bool,
    ) -> Vec<TokenStream> {
        let vis = public.then(|| quote!(pub));
        let mut out: Vec<TokenStream> = body
            .fields
            .iter()
            .zip(members)
            .map(|(field, member)| {
                let docs = doc_attrs(field.docs.as_deref());
                let member = ident(member);
                let ty = self.field_type(field, module);
                let adaptor = derived.then(|| self.rfc3339_attrs(field)).flatten();
                let schemars = adaptor
                    .is_some()
                    .then(|| self.schemars_rfc3339_field(field, module))
                    .filter(|_| described)
                    .flatten();
                let adaptor = adaptor.map(|attrs| quote!(#[serde(#(#attrs),*)]));
                quote! { #docs #adaptor #schemars #vis #member: #ty, }
            })
            .collect();
        if let UnknownFields::Collect(value) = &body.unknown {
            let member = ident(&members[body.fields.len()]);
            let value = self.type_ref(value, module);
            out.push(quote! {
                /// Properties not listed above.
                #vis #member: std::collections::BTreeMap<String, #value>,
            });
        }
        if let Some(union) = body.flattened {
            let member = ident(members.last().expect("naming adds the union's member"));
            let ty = self.type_ref(&TypeRef::Named(union), module);
            let doc = match &self.table.get(union).kind {
                TypeKind::Union(u) => match &u.dispatch {
                    Dispatch::Tagged { properties } => format!(
                        " The fields that depend on {}.",
                        properties
                            .iter()
                            .map(|p| format!("`{p}`"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                    Dispatch::ByType | Dispatch::ByAttempt { .. } => {
                        " The fields that depend on the variant.".to_owned()
                    }
                },
                _ => String::new(),
            };
            out.push(quote! { #[doc = #doc] #vis #member: #ty, });
        }
        out
    }

    /// Statements writing a struct body's fields into `map`; `access`
    /// turns a member into the expression that reads it.
    fn write_struct_fields(
        &self,
        body: &Struct,
        members: &[String],
        access: impl Fn(&Ident) -> TokenStream,
    ) -> TokenStream {
        let writes = body.fields.iter().zip(members).map(|(field, member)| {
            let wire = str_literal(&field.wire_name);
            let value = access(&ident(member));
            let via_rfc3339 = self.via_rfc3339(&field.ty);
            match (field.required, via_rfc3339) {
                (true, false) => quote! { map.serialize_entry(#wire, &#value)?; },
                (true, true) => quote! { map.serialize_entry(#wire, &rfc3339::Wrap(&#value))?; },
                (false, false) => quote! {
                    if let Some(value) = &#value {
                        map.serialize_entry(#wire, value)?;
                    }
                },
                (false, true) => quote! {
                    if let Some(value) = &#value {
                        map.serialize_entry(#wire, &rfc3339::Wrap(value))?;
                    }
                },
            }
        });
        let union = body.flattened.map(|_| {
            let value = access(&ident(
                members.last().expect("naming adds the union's member"),
            ));
            quote! { #value.write_fields(map)?; }
        });
        let rest = matches!(body.unknown, UnknownFields::Collect(_)).then(|| {
            let value = access(&ident(&members[body.fields.len()]));
            quote! {
                for (key, value) in &#value {
                    map.serialize_entry(key, value)?;
                }
            }
        });
        quote! { #(#writes)* #union #rest }
    }

    /// `member: take(...)?,` initialisers for a struct body.
    fn take_struct_fields(&self, body: &Struct, members: &[String], module: &str) -> TokenStream {
        let takes = body.fields.iter().zip(members).map(|(field, member)| {
            let wire = str_literal(&field.wire_name);
            let member = ident(member);
            if !self.via_rfc3339(&field.ty) {
                return if field.required {
                    quote! { #member: take_required(fields, #wire)?, }
                } else {
                    quote! { #member: take_optional(fields, #wire)?, }
                };
            }
            let ty = self.field_type(field, module);
            if field.required {
                quote! { #member: take_required::<rfc3339::Wrap<#ty>>(fields, #wire)?.0, }
            } else {
                // `Option<T>` when present: the `T` goes through the adaptor.
                let present = self.field_type(
                    &Field {
                        required: true,
                        ..field.clone()
                    },
                    module,
                );
                quote! {
                    #member: take_optional::<rfc3339::Wrap<#present>>(fields, #wire)?.map(|value| value.0),
                }
            }
        });
        let union = body.flattened.map(|union| {
            let member = ident(members.last().expect("naming adds the union's member"));
            let ty = self.type_ref(&TypeRef::Named(union), module);
            quote! { #member: #ty::take_fields(fields)?, }
        });
        // After the union, which takes the properties its variant lists.
        let rest = matches!(body.unknown, UnknownFields::Collect(_)).then(|| {
            let member = ident(&members[body.fields.len()]);
            quote! { #member: take_value(fields)?, }
        });
        quote! { #(#takes)* #union #rest }
    }

    fn union(&self, id: TypeId, def: &TypeDef, body: &Union, module: &str) -> TokenStream {
        let name = ident(self.names.type_name(id));
        let docs = doc_attrs(Self::union_docs(def, body).as_deref());
        let derives = self.derives(id);
        let members = self.names.members(id);
        let derived = !matches!(body.dispatch, Dispatch::Tagged { .. });
        // Only the untagged enum derives `Deserialize`, and with it
        // `JsonSchema`.
        let described = matches!(body.dispatch, Dispatch::ByType);
        let variants = body.variants.iter().enumerate().map(|(index, variant)| {
            let docs = doc_attrs(variant.docs.as_deref());
            let member = ident(&members[index]);
            match &variant.body {
                VariantBody::Type(ty) => {
                    let via_rfc3339 = derived && self.via_rfc3339(ty);
                    let with = via_rfc3339.then(|| quote!(#[serde(with = "rfc3339")]));
                    let ty = self.type_ref(ty, module);
                    let schemars = (via_rfc3339 && described)
                        .then(|| self.schemars_rfc3339(ty.clone()))
                        .flatten();
                    quote! { #docs #member(#with #schemars #ty), }
                }
                VariantBody::Fields(s) if s.fields.is_empty() && s.flattened.is_none() => {
                    quote! { #docs #member, }
                }
                VariantBody::Fields(s) => {
                    let fields = self.member_declarations(
                        s,
                        self.names.variant_members(id, index),
                        module,
                        false,
                        derived,
                        described,
                    );
                    quote! { #docs #member { #(#fields)* }, }
                }
            }
        });
        let untagged = described.then(|| quote!(#[serde(untagged)]));
        let schemars = described.then(|| self.schemars_derive()).flatten();
        let impls = self.union_impls(id, body, module);
        quote! {
            #docs
            #derives
            #untagged
            #schemars
            pub enum #name {
                #(#variants)*
            }

            #impls
        }
    }

    /// [`Self::union`]'s declaration in the printer's terms (see
    /// [`Self::structure_model`]); its impls stay tokens. `None` when the
    /// printer would decline it, as it does a variant's value read
    /// through the RFC 3339 adaptor (an attribute inside a tuple).
    fn union_model(
        &self,
        id: TypeId,
        def: &TypeDef,
        body: &Union,
        module: &str,
    ) -> Option<DeclarationModel> {
        let members = self.names.members(id);
        let derived = !matches!(body.dispatch, Dispatch::Tagged { .. });
        let described = matches!(body.dispatch, Dispatch::ByType);
        // Only the untagged enum derives its serde impls, and with them
        // `JsonSchema`.
        let container = if described {
            Some(UNTAGGED_ATTR.with(Option::clone)?)
        } else {
            None
        };
        let docs = Self::union_docs(def, body);
        let attrs = self.model_attrs(id, docs.as_deref(), container, described)?;
        let mut variants = Vec::with_capacity(body.variants.len());
        for (index, variant) in body.variants.iter().enumerate() {
            let fields = match &variant.body {
                VariantBody::Type(ty) if derived && self.via_rfc3339(ty) => return None,
                VariantBody::Type(ty) => VariantFields::Tuple(vec![self.type_pieces(ty, module)?]),
                VariantBody::Fields(s) if s.fields.is_empty() && s.flattened.is_none() => {
                    VariantFields::Unit
                }
                VariantBody::Fields(s) => {
                    let members = self.names.variant_members(id, index);
                    VariantFields::Named(
                        self.member_models(s, members, module, derived, described)?,
                    )
                }
            };
            variants.push(Variant {
                attrs: doc_model(variant.docs.as_deref()),
                name: members[index].clone(),
                fields,
            });
        }
        Some(DeclarationModel {
            attrs,
            name: self.names.type_name(id).to_owned(),
            body: ModelBody::Enum(variants),
        })
    }

    /// [`Self::member_declarations`] of a union variant (not public) in
    /// the printer's terms: fields read through the RFC 3339 adaptor and
    /// the members after the fields are written as tokens and read.
    fn member_models(
        &self,
        body: &Struct,
        members: &[String],
        module: &str,
        derived: bool,
        described: bool,
    ) -> Option<Vec<NamedField>> {
        let mut declared: Option<Vec<TokenStream>> = None;
        let mut declaration = |index: usize| {
            declared.get_or_insert_with(|| {
                self.member_declarations(body, members, module, false, derived, described)
            })[index]
                .clone()
        };
        let mut out = Vec::with_capacity(members.len());
        for (index, (field, member)) in body.fields.iter().zip(members).enumerate() {
            if derived && self.via_rfc3339(&field.ty) {
                out.extend(read_fields(declaration(index))?);
                continue;
            }
            out.push(NamedField {
                attrs: doc_model(field.docs.as_deref()),
                public: false,
                name: member.clone(),
                ty: self.field_type_pieces(field, module)?,
            });
        }
        for index in body.fields.len()..members.len() {
            out.extend(read_fields(declaration(index))?);
        }
        Some(out)
    }

    /// A union's docs, with a line on how its variants are told apart
    /// where a reader needs it.
    fn union_docs(def: &TypeDef, body: &Union) -> Option<String> {
        let mut doc_text = def.docs.clone().unwrap_or_default();
        let rule = match (&body.dispatch, body.any_of) {
            (Dispatch::ByAttempt { .. }, true) => Some(
                "Any of the shapes below (`anyOf`): a value is read as the first variant that accepts it.",
            ),
            (Dispatch::ByAttempt { .. }, false) => Some(
                "Exactly one of the shapes below (`oneOf`): a value more than one variant accepts is rejected.",
            ),
            (_, true) => Some(
                "Any of the shapes below (`anyOf`); they are mutually exclusive, so exactly one matches.",
            ),
            (_, false) => None,
        };
        if let Some(rule) = rule {
            if !doc_text.is_empty() {
                doc_text.push_str("\n\n");
            }
            doc_text.push_str(rule);
        }
        (!doc_text.is_empty()).then_some(doc_text)
    }

    /// The impls after a union's declaration: none for an untagged union
    /// (serde derives them), hand-written ones for the others.
    fn union_impls(&self, id: TypeId, body: &Union, module: &str) -> TokenStream {
        let own = self.union_own_impls(id, body, module);
        if !self.shares_fields(id) {
            return own;
        }
        let serde_impls = map_serde_impls(&ident(self.names.type_name(id)));
        quote!(#own #serde_impls)
    }

    /// [`Self::union_impls`] as items for the printer: a held union's
    /// serde impls come formatted (see [`map_serde_impls_text`]).
    fn union_impl_items(&self, id: TypeId, body: &Union, module: &str) -> Vec<Item<'_>> {
        let own_text = match &body.dispatch {
            Dispatch::Tagged { properties } => self.tagged_union_text(id, body, properties, module),
            Dispatch::ByType | Dispatch::ByAttempt { .. } => None,
        };
        let mut items = vec![match own_text {
            Some(text) => {
                let module = module.to_owned();
                Item::Text {
                    text,
                    tokens: Box::new(move || match &self.table.get(id).kind {
                        TypeKind::Union(body) => self.union_own_impls(id, body, &module),
                        _ => TokenStream::new(),
                    }),
                }
            }
            None => Item::Tokens(self.union_own_impls(id, body, module)),
        }];
        if self.shares_fields(id) {
            let name = ident(self.names.type_name(id));
            items.push(match map_serde_impls_text(self.names.type_name(id)) {
                Some(text) => Item::Text {
                    text,
                    tokens: Box::new(move || map_serde_impls(&name)),
                },
                None => Item::Tokens(map_serde_impls(&name)),
            });
        }
        items
    }

    /// The impls a union has of its own: a held union's `write_fields`
    /// and `take_fields`, a union of values' serde impls, nothing for an
    /// untagged union.
    fn union_own_impls(&self, id: TypeId, body: &Union, module: &str) -> TokenStream {
        let name = ident(self.names.type_name(id));
        let members = self.names.members(id);
        let properties = match &body.dispatch {
            Dispatch::ByType => return TokenStream::new(),
            Dispatch::ByAttempt { base } => {
                return self.attempt_union_impls(id, body, base.as_ref(), module);
            }
            Dispatch::Tagged { properties } => properties,
        };
        let write_arms = self.held_write_arms(id, body, members);
        let tag_locals: Vec<Ident> = (0..properties.len())
            .map(|i| format_ident!("tag_{}", i))
            .collect();
        let reads = properties.iter().zip(&tag_locals).map(|(property, local)| {
            quote! { let #local = fields.get(#property); }
        });
        let take_arms = body.variants.iter().enumerate().map(|(index, variant)| {
            let member = ident(&members[index]);
            let conditions = variant.tags.iter().map(|(property, value)| {
                let local = &tag_locals[properties
                    .iter()
                    .position(|p| p == property)
                    .expect("a tag property")];
                match value {
                    serde_json::Value::Bool(b) => {
                        quote!(#local.and_then(serde_json::Value::as_bool) == Some(#b))
                    }
                    serde_json::Value::String(s) => {
                        quote!(#local.and_then(serde_json::Value::as_str) == Some(#s))
                    }
                    other => {
                        let n = other.as_i64().unwrap_or_default();
                        quote!(#local.and_then(serde_json::Value::as_i64) == Some(#n))
                    }
                }
            });
            let construct = match &variant.body {
                VariantBody::Type(ty) => {
                    let ty = self.type_ref(ty, module);
                    quote! { Self::#member(take_value::<#ty>(fields)?) }
                }
                VariantBody::Fields(s) if s.fields.is_empty() && s.flattened.is_none() => {
                    quote! { Self::#member }
                }
                VariantBody::Fields(s) => {
                    let take =
                        self.take_struct_fields(s, self.names.variant_members(id, index), module);
                    quote! { Self::#member { #take } }
                }
            };
            let removes = match &variant.body {
                VariantBody::Type(_) => quote!(),
                VariantBody::Fields(_) => {
                    let tags = variant.tags.iter().map(|(property, _)| property);
                    quote! { #(fields.remove(#tags);)* }
                }
            };
            quote! {
                if #(#conditions)&&* {
                    #removes
                    return Ok(#construct);
                }
            }
        });
        let message = self.no_tag_match(id, body, properties);
        let found = properties
            .iter()
            .zip(&tag_locals)
            .map(|(property, local)| quote!((#property, #local)));
        let take = quote! {
            #(#reads)*
            #(#take_arms)*
            let found = describe_tags(&[#(#found),*]);
            Err(format!(#message))
        };
        held_impls(&name, write_arms.into_iter(), &take)
    }

    /// The format string of a tagged union's error when no variant's tags
    /// match: every variant's tags, and `{found}`, the tags that were.
    fn no_tag_match(&self, id: TypeId, body: &Union, properties: &[String]) -> String {
        let members = self.names.members(id);
        let expected = body
            .variants
            .iter()
            .zip(members)
            .map(|(variant, member)| {
                let condition = variant
                    .tags
                    .iter()
                    .map(|(property, value)| format!("`{property}` = {value}"))
                    .collect::<Vec<_>>()
                    .join(" and ");
                format!("{condition} ({})", member.trim_start_matches("r#"))
            })
            .collect::<Vec<_>>()
            .join("; or ");
        let union_name = self.names.type_name(id);
        let property_list = properties
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let verb = if properties.len() == 1 {
            "matches"
        } else {
            "match"
        };
        // Tag names and values are the document's text, so their braces are
        // escaped in the format string.
        format!(
            "{} {verb} no kind of {union_name}: expected {}; found {{found}}",
            escape_braces(&property_list),
            escape_braces(&expected),
        )
    }

    /// A union whose variants may overlap: the value is read once and
    /// offered to each variant in turn. An `anyOf` keeps the first variant
    /// that accepts it; a `oneOf` tries them all and accepts only when
    /// exactly one does, naming the variants otherwise. Variants that are
    /// fields of a shared JSON object (a union held by a struct) are tried
    /// on a copy of the fields, and the copy the winner left is kept.
    fn attempt_union_impls(
        &self,
        id: TypeId,
        body: &Union,
        base: Option<&TypeRef>,
        module: &str,
    ) -> TokenStream {
        let name = ident(self.names.type_name(id));
        let union_name = self.names.type_name(id).trim_start_matches("r#").to_owned();
        let members = self.names.members(id);
        let held = body
            .variants
            .iter()
            .any(|v| matches!(v.body, VariantBody::Fields(_)));
        if !held {
            return self.value_union_impls(id, body, base, module);
        }
        let no_match = format!("the value matches no variant of {union_name}: {{}}");
        let several = format!(
            "the value matches more than one variant of {union_name}, but oneOf allows one: {{}}"
        );
        // Per variant: an expression trying it, with `Ok` when it accepts.
        let attempts: Vec<(String, TokenStream, TokenStream)> = body
            .variants
            .iter()
            .enumerate()
            .map(|(index, variant)| {
                let member = ident(&members[index]);
                let label = members[index].trim_start_matches("r#").to_owned();
                let (attempt, construct) = match &variant.body {
                    VariantBody::Type(ty) => {
                        let ty = self.type_ref(ty, module);
                        (
                            quote!(<#ty as Deserialize>::deserialize(&value)),
                            quote!(Self::#member(accepted)),
                        )
                    }
                    VariantBody::Fields(s) if s.fields.is_empty() && s.flattened.is_none() => {
                        (quote!(Ok::<Self, String>(Self::#member)), quote!(accepted))
                    }
                    VariantBody::Fields(s) => {
                        let take = self.take_struct_fields(
                            s,
                            self.names.variant_members(id, index),
                            module,
                        );
                        (
                            quote! {
                                (|fields: &mut Fields<'_>| -> Result<Self, String> {
                                    Ok(Self::#member { #take })
                                })(&mut trial)
                            },
                            quote!(accepted),
                        )
                    }
                };
                (label, attempt, construct)
            })
            .collect();
        // A variant without fields leaves its copy as it is.
        let fresh = quote!(#[allow(unused_mut)] let mut trial = fields.clone(););
        let keep = quote!(*fields = trial;);
        let tries = attempts.iter().map(|(label, attempt, construct)| {
            let failed = format!("{label}: {{error}}");
            let on_accept = if body.any_of {
                quote! {
                    #keep
                    return Ok(#construct);
                }
            } else {
                let keep = quote!(kept = Some(trial););
                quote! {
                    matched.push(#label);
                    if found.is_none() {
                        found = Some(#construct);
                        #keep
                    }
                }
            };
            quote! {
                {
                    #fresh
                    match #attempt {
                        Ok(accepted) => { #on_accept }
                        Err(error) => errors.push(format!(#failed)),
                    }
                }
            }
        });
        let (declare, finish) = if body.any_of {
            (quote!(), quote!(Err(format!(#no_match, errors.join("; ")))))
        } else {
            let kept_declare = quote!(let mut kept = None;);
            let restore = quote! {
                if let Some(kept) = kept {
                    *fields = kept;
                }
            };
            (
                quote! {
                    let mut found: Option<Self> = None;
                    let mut matched: Vec<&str> = Vec::new();
                    #kept_declare
                },
                quote! {
                    if matched.len() > 1 {
                        return Err(format!(#several, matched.join(", ")));
                    }
                    #restore
                    found.ok_or_else(|| format!(#no_match, errors.join("; ")))
                },
            )
        };
        let body_of_take = quote! {
            #declare
            let mut errors: Vec<String> = Vec::new();
            #(#tries)*
            #finish
        };
        let write_arms = self.held_write_arms(id, body, members);
        held_impls(&name, write_arms.into_iter(), &body_of_take)
    }

    /// The arms of a held union's `write_fields`: a variant holding a
    /// value writes the value's fields; a variant of fields writes its
    /// tags (a tagged union's) and then its fields.
    fn held_write_arms(&self, id: TypeId, body: &Union, members: &[String]) -> Vec<TokenStream> {
        let arms = body.variants.iter().enumerate().map(|(index, variant)| {
            let member = ident(&members[index]);
            match &variant.body {
                VariantBody::Type(_) => quote! {
                    Self::#member(value) => write_value_fields(map, value)?,
                },
                VariantBody::Fields(s) => {
                    let names = self.names.variant_members(id, index);
                    let bindings: Vec<TokenStream> =
                        names.iter().map(|n| field_binding(n)).collect();
                    let tags = variant.tags.iter().map(|(property, value)| {
                        let value = literal(value);
                        quote! { map.serialize_entry(#property, &#value)?; }
                    });
                    let writes = self.write_struct_fields(s, names, bound_field);
                    let pattern = if bindings.is_empty() {
                        quote!(Self::#member)
                    } else {
                        quote!(Self::#member { #(#bindings),* })
                    };
                    quote! {
                        #pattern => {
                            #(#tags)*
                            #writes
                        }
                    }
                }
            }
        });
        arms.collect()
    }

    /// The serde impls of [`Self::attempt_union_impls`] for a union whose
    /// variants are all whole values (no shared fields): see
    /// [`value_union_impls`].
    fn value_union_impls(
        &self,
        id: TypeId,
        body: &Union,
        base: Option<&TypeRef>,
        module: &str,
    ) -> TokenStream {
        let name = ident(self.names.type_name(id));
        let members = &self.names.members(id)[..body.variants.len()];
        let tried: Vec<(&str, TokenStream)> = members
            .iter()
            .zip(&body.variants)
            .map(|(member, variant)| {
                let VariantBody::Type(ty) = &variant.body else {
                    unreachable!("a union of values has no variant of fields");
                };
                (member.as_str(), self.type_ref(ty, module))
            })
            .collect();
        let base = base.map(|base| self.type_ref(base, module));
        value_union_impls(&name, &tried, body.any_of, base)
    }

    /// The enum over an operation's documented responses, with a decoder
    /// from status and body.
    fn responses(
        &self,
        id: TypeId,
        def: &TypeDef,
        responses: &[crate::ir::Response],
        module: &str,
    ) -> TokenStream {
        use crate::ir::Status;
        let name = ident(self.names.type_name(id));
        let docs = doc_attrs(def.docs.as_deref());
        let derives = self.derives(id);
        let members: Vec<Ident> = self.names.members(id).iter().map(|m| ident(m)).collect();
        let variants = responses.iter().zip(&members).map(|(response, member)| {
            let docs = doc_attrs(response.docs.as_deref());
            let body = response.body.as_ref().map(|b| self.type_ref(b, module));
            match (response.status, body) {
                (Status::Code(_), None) => quote! { #docs #member, },
                (Status::Code(_), Some(body)) => quote! { #docs #member(#body), },
                (_, None) => quote! { #docs #member {
                    /// The HTTP status.
                    status: u16
                }, },
                (_, Some(body)) => quote! { #docs #member {
                    /// The HTTP status.
                    status: u16,
                    /// The decoded body.
                    body: #body
                }, },
            }
        });
        // Exact codes first, then classes, then `default`: match arms are
        // tried in order.
        let mut order: Vec<usize> = (0..responses.len()).collect();
        order.sort_by_key(|&i| match responses[i].status {
            Status::Code(_) => 0,
            Status::Class(_) => 1,
            Status::Default => 2,
        });
        let decode_arms = order.iter().map(|&i| {
            let member = &members[i];
            let response = &responses[i];
            let pattern = match response.status {
                Status::Code(code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                Status::Class(class) => {
                    let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
                    let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
                    quote!(#low..=#high)
                }
                Status::Default => quote!(_),
            };
            let decoded = match &response.body {
                Some(ty) if self.via_rfc3339(ty) => {
                    let ty = self.type_ref(ty, module);
                    quote!(serde_json::from_str::<rfc3339::Wrap<#ty>>(body)?.0)
                }
                _ => quote!(serde_json::from_str(body)?),
            };
            let value = match (response.status, response.body.is_some()) {
                (Status::Code(_), false) => quote!(Self::#member),
                (Status::Code(_), true) => quote!(Self::#member(#decoded)),
                (_, false) => quote!(Self::#member { status }),
                (_, true) => quote!(Self::#member { status, body: #decoded }),
            };
            quote! { #pattern => Ok(#value), }
        });
        let has_default = responses.iter().any(|r| r.status == Status::Default);
        let fallback = (!has_default)
            .then(|| quote! { _ => Err(super::DecodeError::UnexpectedStatus(status)), });
        let status_arms = responses.iter().zip(&members).map(|(response, member)| {
            match (response.status, response.body.is_some()) {
                (Status::Code(code), false) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote! { Self::#member => #code, }
                }
                (Status::Code(code), true) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote! { Self::#member(_) => #code, }
                }
                (_, _) => quote! { Self::#member { status, .. } => status, },
            }
        });
        let body_unused = responses
            .iter()
            .all(|r| r.body.is_none())
            .then(|| quote!(let _ = body;));
        // No documented response: every status is unexpected, and a `match`
        // of only the fallback arm would say nothing more.
        let decode = if responses.is_empty() {
            quote!(Err(super::DecodeError::UnexpectedStatus(status)))
        } else {
            quote! {
                match status {
                    #(#decode_arms)*
                    #fallback
                }
            }
        };
        quote! {
            #docs
            #derives
            pub enum #name {
                #(#variants)*
            }

            impl #name {
                /// Decodes a response from its HTTP status and JSON body.
                pub fn from_json(status: u16, body: &str) -> Result<Self, super::DecodeError> {
                    #body_unused
                    #decode
                }

                /// The HTTP status of this response.
                pub fn status(&self) -> u16 {
                    match *self {
                        #(#status_arms)*
                    }
                }
            }
        }
    }

    /// `pub mod operations`: a descriptor per operation of the module,
    /// implementing the crate's `Operation` trait. It follows the
    /// module's [`Emitter::tail`].
    pub fn operations(&self, module: &str) -> Option<TokenStream> {
        use crate::ir::ParameterIn;
        let descriptors: Vec<TokenStream> = self
            .table
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| self.names.module(&op.origin.module) == module)
            .map(|(index, op)| {
                let name = ident(self.names.operation(index));
                let docs = doc_attrs(op.docs.as_deref());
                let (method, path, operation_id) = (&op.method, &op.path, &op.operation_id);
                let located = |wanted: ParameterIn| {
                    let names = op
                        .parameter_locations
                        .iter()
                        .filter(|(_, l)| *l == wanted)
                        .map(|(n, _)| n);
                    quote!(&[#(#names),*])
                };
                let (path_params, query_params, header_params, cookie_params) = (
                    located(ParameterIn::Path),
                    located(ParameterIn::Query),
                    located(ParameterIn::Header),
                    located(ParameterIn::Cookie),
                );
                let parameters = op.parameters.map_or_else(
                    || quote!(()),
                    |id| self.type_ref_at(&TypeRef::Named(id), module, true),
                );
                let (body, media, body_required) = match &op.body {
                    Some((ty, media, required)) => (
                        self.type_ref_at(ty, module, true),
                        Some(media.as_str()),
                        *required,
                    ),
                    None => (quote!(()), None, false),
                };
                let media = media.map_or_else(|| quote!(None), |m| quote!(Some(#m)));
                let response = self.type_ref_at(&TypeRef::Named(op.responses), module, true);
                quote! {
                    #docs
                    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
                    pub struct #name;

                    impl super::super::Operation for #name {
                        const METHOD: &'static str = #method;
                        const PATH: &'static str = #path;
                        const OPERATION_ID: &'static str = #operation_id;
                        const PATH_PARAMETERS: &'static [&'static str] = #path_params;
                        const QUERY_PARAMETERS: &'static [&'static str] = #query_params;
                        const HEADER_PARAMETERS: &'static [&'static str] = #header_params;
                        const COOKIE_PARAMETERS: &'static [&'static str] = #cookie_params;
                        const BODY_MEDIA_TYPE: Option<&'static str> = #media;
                        const BODY_REQUIRED: bool = #body_required;
                        type Parameters = #parameters;
                        type Body = #body;
                        type Response = #response;
                    }
                }
            })
            .collect();
        (!descriptors.is_empty()).then(|| {
            quote! {
                /// One descriptor per HTTP operation, so a client can be
                /// written against the types without restating the API.
                // A schemas folder may itself be called `operations`.
                #[allow(clippy::module_inception)]
                pub mod operations {
                    #(#descriptors)*
                }
            }
        })
    }

    /// A newtype whose constructor, `TryFrom` and `Deserialize` check the
    /// schema's constraints; it dereferences to the inner value.
    /// A tuple struct, one member per `prefixItems` position (in `Option`
    /// from the first that may be missing), then the further items. It is
    /// read as a list of JSON values, checked as a whole, then item by
    /// item; it writes its items until the first absent one.
    fn tuple(
        &self,
        id: TypeId,
        body: &Tuple,
        docs: &TokenStream,
        name: &Ident,
        module: &str,
    ) -> TokenStream {
        let derives = self.derives(id);
        let prefix_len = body.prefix.len();
        let members = body.prefix.iter().enumerate().map(|(index, ty)| {
            let ty = self.type_ref(ty, module);
            let doc = format!(" Item {index}.");
            if index < body.required {
                quote! { #[doc = #doc] pub #ty }
            } else {
                quote! { #[doc = #doc] pub Option<#ty> }
            }
        });
        let rest_member = body.rest.as_ref().map(|rest| {
            let rest = self.type_ref(rest, module);
            let doc = format!(" The items after item {}.", prefix_len.saturating_sub(1));
            quote! { #[doc = #doc] pub Vec<#rest> }
        });
        let members = members.chain(rest_member);
        let any = TypeRef::Vec(Box::new(TypeRef::Any));
        let checks: Vec<TokenStream> = body
            .rules
            .iter()
            .map(|rule| rule_check(rule, &any))
            .collect();
        let check = (!checks.is_empty()).then(|| {
            quote! {
                // The checks are written for an owned list; here it is borrowed.
                #[allow(clippy::needless_borrow)]
                let check = |value: &[serde_json::Value]| -> Result<(), super::ConstraintError> {
                    #(#checks)*
                    Ok(())
                };
                check(&items).map_err(<D::Error as serde::de::Error>::custom)?;
            }
        });
        let locals: Vec<Ident> = (0..prefix_len)
            .map(|i| format_ident!("item_{}", i))
            .collect();
        let takes = body.prefix.iter().enumerate().map(|(index, ty)| {
            let via_rfc3339 = self.via_rfc3339(ty);
            let ty = self.type_ref(ty, module);
            let local = &locals[index];
            let message = format!("item {index}: {{error}}");
            let read = if via_rfc3339 {
                quote! {
                    <rfc3339::Wrap<#ty> as Deserialize>::deserialize(item).map(|item| item.0).map_err(|error| {
                        <D::Error as serde::de::Error>::custom(format!(#message))
                    })
                }
            } else {
                quote! {
                    <#ty as Deserialize>::deserialize(item).map_err(|error| {
                        <D::Error as serde::de::Error>::custom(format!(#message))
                    })
                }
            };
            if index < body.required {
                let expected = format!("at least {} items", body.required);
                quote! {
                    let #local = match items.next() {
                        Some(item) => #read?,
                        None => return Err(serde::de::Error::invalid_length(#index, &#expected)),
                    };
                }
            } else {
                quote! {
                    let #local = match items.next() {
                        Some(item) => Some(#read?),
                        None => None,
                    };
                }
            }
        });
        let (rest_take, rest_local) = match &body.rest {
            Some(rest) => {
                let read = if self.via_rfc3339(rest) {
                    let rest = self.type_ref(rest, module);
                    quote!(<rfc3339::Wrap<#rest> as Deserialize>::deserialize(item).map(|item| item.0))
                } else {
                    let rest = self.type_ref(rest, module);
                    quote!(<#rest as Deserialize>::deserialize(item))
                };
                let rest = self.type_ref(rest, module);
                (
                    quote! {
                        let rest = items
                            .enumerate()
                            .map(|(index, item)| {
                                #read.map_err(|error| {
                                    <D::Error as serde::de::Error>::custom(format!("item {}: {}", index + #prefix_len, error))
                                })
                            })
                            .collect::<Result<Vec<#rest>, D::Error>>()?;
                    },
                    Some(format_ident!("rest")),
                )
            }
            None => {
                let expected = format!("at most {prefix_len} items");
                (
                    quote! {
                        if items.next().is_some() {
                            return Err(serde::de::Error::invalid_length(length, &#expected));
                        }
                    },
                    None,
                )
            }
        };
        let constructed = locals.iter().chain(rest_local.iter());
        let length = body
            .rest
            .is_none()
            .then(|| quote!(let length = items.len();));
        // Writing stops at the first absent optional item: JSON arrays
        // have no holes.
        let writes = body.prefix.iter().enumerate().map(|(index, ty)| {
            let position = syn::Index::from(index);
            let via_rfc3339 = self.via_rfc3339(ty);
            let item = if via_rfc3339 {
                quote!(&rfc3339::Wrap(item))
            } else {
                quote!(item)
            };
            if index < body.required {
                if via_rfc3339 {
                    quote! { seq.serialize_element(&rfc3339::Wrap(&self.#position))?; }
                } else {
                    quote! { seq.serialize_element(&self.#position)?; }
                }
            } else {
                quote! {
                    match &self.#position {
                        Some(item) => seq.serialize_element(#item)?,
                        None => break 'items,
                    }
                }
            }
        });
        let rest_write = body.rest.as_ref().map(|rest| {
            let position = syn::Index::from(prefix_len);
            let item = if self.via_rfc3339(rest) {
                quote!(&rfc3339::Wrap(item))
            } else {
                quote!(item)
            };
            quote! {
                for item in &self.#position {
                    seq.serialize_element(#item)?;
                }
            }
        });
        let writes = if body.required < prefix_len {
            quote! {
                'items: {
                    #(#writes)*
                    #rest_write
                }
            }
        } else {
            quote! { #(#writes)* #rest_write }
        };
        quote! {
            #docs
            #derives
            pub struct #name(#(#members),*);

            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    use serde::ser::SerializeSeq;
                    let mut seq = serializer.serialize_seq(None)?;
                    #writes
                    seq.end()
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let items = Vec::<serde_json::Value>::deserialize(deserializer)?;
                    #check
                    #length
                    #[allow(unused_mut)]
                    let mut items = items.into_iter();
                    #(#takes)*
                    #rest_take
                    Ok(Self(#(#constructed),*))
                }
            }
        }
    }

    fn checked(
        &self,
        id: TypeId,
        body: &Checked,
        docs: &TokenStream,
        name: &Ident,
        module: &str,
    ) -> TokenStream {
        let derives = self.derives(id);
        let inner = self.type_ref(&body.inner, module);
        let checks = body.rules.iter().map(|rule| rule_check(rule, &body.inner));
        quote! {
            #docs
            #derives
            #[serde(transparent)]
            pub struct #name(#inner);

            impl #name {
                /// Checks `value` against the schema's constraints.
                pub fn new(value: #inner) -> Result<Self, super::ConstraintError> {
                    #(#checks)*
                    Ok(Self(value))
                }

                /// The checked value.
                pub fn into_inner(self) -> #inner {
                    self.0
                }
            }

            impl std::ops::Deref for #name {
                type Target = #inner;

                fn deref(&self) -> &#inner {
                    &self.0
                }
            }

            impl TryFrom<#inner> for #name {
                type Error = super::ConstraintError;

                fn try_from(value: #inner) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl From<#name> for #inner {
                fn from(value: #name) -> Self {
                    value.0
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Self::new(<#inner>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
                }
            }
        }
    }

    fn enumeration(
        &self,
        id: TypeId,
        body: &Enum,
        docs: &TokenStream,
        name: &Ident,
    ) -> TokenStream {
        if !body.is_string_enum() {
            return self.value_enumeration(id, body, docs, name);
        }
        let derives = self.derives(id);
        let members = self.names.members(id);
        let (rename_all, renames) = Self::enum_renames(body, members);
        let container = rename_all.map(|rule| quote!(#[serde(rename_all = #rule)]));
        let single = body.variants.len() == 1;
        let variants =
            members
                .iter()
                .zip(renames)
                .zip(&body.variants)
                .map(|((member, rename), variant)| {
                    let doc = Self::string_variant_doc(variant);
                    let member = ident(member);
                    let rename = rename.map(|r| quote!(#[serde(rename = #r)]));
                    let default = single.then(|| quote!(#[default]));
                    quote! { #[doc = #doc] #default #rename #member, }
                });
        let schemars = self.schemars_derive();
        quote! {
            #docs
            #derives
            #container
            #schemars
            pub enum #name {
                #(#variants)*
            }
        }
    }

    /// [`Self::enumeration`] of strings in the declaration printer's
    /// terms (see [`Self::structure_model`]); only renames are written as
    /// tokens and read.
    fn enumeration_model(
        &self,
        id: TypeId,
        def: &TypeDef,
        body: &Enum,
    ) -> Option<DeclarationModel> {
        let members = self.names.members(id);
        let (rename_all, renames) = Self::enum_renames(body, members);
        let container = match rename_all {
            Some(rule) => Some(only_attr(quote!(#[serde(rename_all = #rule)]))?),
            None => None,
        };
        let attrs = self.model_attrs(id, def.docs.as_deref(), container, true)?;
        let single = body.variants.len() == 1;
        let mut variants = Vec::with_capacity(members.len());
        for ((member, rename), variant) in members.iter().zip(renames).zip(&body.variants) {
            let mut attrs = vec![Attr::Doc(Self::string_variant_doc(variant))];
            if single {
                attrs.push(Attr::Path("default".to_owned()));
            }
            if let Some(rename) = rename {
                attrs.extend(read_attrs(quote!(#[serde(rename = #rename)]))?);
            }
            variants.push(Variant {
                attrs,
                name: member.clone(),
                fields: VariantFields::Unit,
            });
        }
        Some(DeclarationModel {
            attrs,
            name: self.names.type_name(id).to_owned(),
            body: ModelBody::Enum(variants),
        })
    }

    /// `rename_all` and each variant's `rename`, for a string enum's
    /// values.
    fn enum_renames<'b>(
        body: &'b Enum,
        members: &[String],
    ) -> (Option<&'static str>, Vec<Option<&'b str>>) {
        let wire_names: Vec<&str> = body
            .variants
            .iter()
            .filter_map(|v| v.value.as_str())
            .collect();
        serde_rename(Members::Variants, members, &wire_names)
    }

    /// A string enum variant's doc line: its value, in backticks.
    fn string_variant_doc(variant: &crate::ir::EnumVariant) -> String {
        format!(" `{}`", variant.value)
    }

    /// An enum over numbers, booleans, arrays or objects (or a mix with
    /// strings): each variant knows its JSON value, and deserializing
    /// compares values the way JSON Schema does (`1.0` is `1`, `true` is
    /// not `1`).
    fn value_enumeration(
        &self,
        id: TypeId,
        body: &Enum,
        docs: &TokenStream,
        name: &Ident,
    ) -> TokenStream {
        let derives = self.derives(id);
        let members: Vec<Ident> = self.names.members(id).iter().map(|m| ident(m)).collect();
        let single = body.variants.len() == 1;
        let declarations = members.iter().zip(&body.variants).map(|(member, variant)| {
            let default = single.then(|| quote!(#[default]));
            let doc = format!(" `{}`", variant.value);
            quote! { #[doc = #doc] #default #member, }
        });
        let values = members.iter().zip(&body.variants).map(|(member, variant)| {
            let value = deferred_tree(quote!(serde_json::json), &json_tree(&variant.value));
            quote! { Self::#member => #value, }
        });
        let expected = body
            .variants
            .iter()
            .map(|v| v.value.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let expected = format!("one of {}, found {{value}}", escape_braces(&expected));
        quote! {
            #docs
            #derives
            pub enum #name {
                #(#declarations)*
            }

            impl #name {
                /// Every variant, in schema order.
                pub const ALL: &'static [Self] = &[#(Self::#members),*];

                /// The JSON value this variant stands for.
                pub fn json_value(&self) -> serde_json::Value {
                    match self {
                        #(#values)*
                    }
                }
            }

            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.json_value().serialize(serializer)
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    for variant in Self::ALL.iter().cloned() {
                        if super::__support::json_equal(&variant.json_value(), &value) {
                            return Ok(variant);
                        }
                    }
                    let message = format!(#expected);
                    Err(serde::de::Error::custom(message))
                }
            }
        }
    }

    /// The Rust type for `ty`, as written inside module `module`.
    fn type_ref(&self, ty: &TypeRef, module: &str) -> TokenStream {
        self.type_ref_at(ty, module, false)
    }

    /// The Rust type for `ty`, written inside module `module` or, when
    /// `nested`, inside a child module of it that glob-imports it.
    fn type_ref_at(&self, ty: &TypeRef, module: &str, nested: bool) -> TokenStream {
        match ty {
            TypeRef::Null => quote!(()),
            TypeRef::Bool => quote!(bool),
            TypeRef::Integer(int) => {
                let name = ident(int.name());
                quote!(#name)
            }
            TypeRef::Float => quote!(f64),
            TypeRef::String => quote!(String),
            TypeRef::Format(format) => format.rust_type(&self.options.formats),
            TypeRef::Any => quote!(serde_json::Value),
            TypeRef::AnyObject => quote!(serde_json::Map<String, serde_json::Value>),
            TypeRef::Never => {
                let up = nested.then(|| quote!(super::));
                quote!(#up super::Never)
            }
            TypeRef::Vec(item) => {
                let item = self.type_ref_at(item, module, nested);
                quote!(Vec<#item>)
            }
            TypeRef::Map(value) => {
                let value = self.type_ref_at(value, module, nested);
                quote!(std::collections::BTreeMap<String, #value>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.type_ref_at(inner, module, nested);
                quote!(Option<#inner>)
            }
            TypeRef::Named(id) => {
                let name = ident(self.names.type_name(*id));
                let target_module = self.names.module(&self.table.get(*id).origin.module);
                if target_module == module {
                    // A child module names the parent's types explicitly:
                    // its own items (operation descriptors) may share names.
                    let up = nested.then(|| quote!(super::));
                    quote!(#up #name)
                } else {
                    let target_module = ident(target_module);
                    let up = nested.then(|| quote!(super::));
                    quote!(#up super::#target_module::#name)
                }
            }
        }
    }
}

/// The Rust type of `ty` as written in module `module`, for code generated
/// beside the emitted items (the `JsonSchema` impls).
pub fn rust_type(
    table: &TypeTable,
    names: &Names,
    analysis: &Analysis,
    options: &EmitOptions,
    ty: &TypeRef,
    module: &str,
) -> TokenStream {
    let emitter = Emitter::new(table, names, analysis, options);
    emitter.type_ref(ty, module)
}

/// The Rust type of `ty` as written in a child module of `module`, for
/// code generated beside the emitted items (the example tests): one that
/// serde reads and writes the way a field of type `ty` is, so wrapped in
/// the module's `rfc3339` adaptor where a field would use it.
pub fn nested_type(
    table: &TypeTable,
    names: &Names,
    analysis: &Analysis,
    options: &EmitOptions,
    ty: &TypeRef,
    module: &str,
) -> TokenStream {
    let emitter = Emitter::new(table, names, analysis, options);
    let rust = emitter.type_ref_at(ty, module, true);
    if emitter.via_rfc3339(ty) {
        quote!(super::rfc3339::Wrap<#rust>)
    } else {
        rust
    }
}

/// The Rust type of `ty` as written in module `module`, for the
/// `JsonSchema` impls: as [`rust_type`], with `time::OffsetDateTime`
/// replaced by the module's `rfc3339::DateTime` marker.
pub fn schema_type(
    table: &TypeTable,
    names: &Names,
    analysis: &Analysis,
    options: &EmitOptions,
    ty: &TypeRef,
    module: &str,
) -> TokenStream {
    let emitter = Emitter::new(table, names, analysis, options);
    let rust = emitter.type_ref(ty, module);
    // Only a type holding a date-time read through the adaptor has a
    // `time::OffsetDateTime` to replace; the others need no parse.
    if !emitter.via_rfc3339(ty) {
        return rust;
    }
    match syn::parse2::<syn::Type>(rust.clone()) {
        Ok(parsed) => rfc3339_marker(parsed).into_token_stream(),
        Err(_) => rust,
    }
}

/// `text` as a literal part of a `format!` string.
fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// `ty` with each `time::OffsetDateTime` replaced by `rfc3339::DateTime`,
/// the marker schemars describes as a `date-time` string.
pub fn rfc3339_marker(mut ty: syn::Type) -> syn::Type {
    struct Replace;
    impl syn::visit_mut::VisitMut for Replace {
        fn visit_type_mut(&mut self, ty: &mut syn::Type) {
            let is_time = matches!(ty, syn::Type::Path(p)
                if p.qself.is_none() && quote!(#p).to_string().replace(' ', "") == "time::OffsetDateTime");
            if is_time {
                *ty = syn::parse_quote!(rfc3339::DateTime);
            } else {
                syn::visit_mut::visit_type_mut(self, ty);
            }
        }
    }
    syn::visit_mut::VisitMut::visit_type_mut(&mut Replace, &mut ty);
    ty
}

/// The module-private adaptor through which fields holding a
/// `time::OffsetDateTime` are read and written as RFC 3339 (`time`'s own
/// serde form is another text). `time::serde::rfc3339` covers a bare value;
/// the traits carry it through `Option`, `Box`, `Vec` and maps, so that
/// every field type the generator writes keeps its presence contract.
fn rfc3339_adaptor() -> TokenStream {
    quote! {
        /// RFC 3339 for the `time::OffsetDateTime`s inside a field's type.
        #[allow(dead_code)]
        mod rfc3339 {
            use serde::{Deserialize, Deserializer, Serialize, Serializer};

            /// Writes the date-times a value holds as RFC 3339.
            pub(super) trait WriteRfc3339 {
                fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
            }

            /// Reads the date-times a value holds from RFC 3339.
            pub(super) trait ReadRfc3339: Sized {
                fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
            }

            /// Stands for `time::OffsetDateTime` where schemars describes a
            /// field (schemars has no `time` integration).
            pub(super) struct DateTime;

            /// A value that serde reads and writes through the traits above.
            #[derive(Debug, PartialEq)]
            pub(super) struct Wrap<T>(pub(super) T);

            impl<T: WriteRfc3339> Serialize for Wrap<T> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.0.write(serializer)
                }
            }

            impl<'de, T: ReadRfc3339> Deserialize<'de> for Wrap<T> {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    T::read(deserializer).map(Wrap)
                }
            }

            impl WriteRfc3339 for time::OffsetDateTime {
                fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    time::serde::rfc3339::serialize(self, serializer)
                }
            }

            impl ReadRfc3339 for time::OffsetDateTime {
                fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    time::serde::rfc3339::deserialize(deserializer)
                }
            }

            impl<T: WriteRfc3339> WriteRfc3339 for &T {
                fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    (**self).write(serializer)
                }
            }

            impl<T: WriteRfc3339> WriteRfc3339 for Box<T> {
                fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    (**self).write(serializer)
                }
            }

            impl<T: ReadRfc3339> ReadRfc3339 for Box<T> {
                fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    T::read(deserializer).map(Box::new)
                }
            }

            impl<T: WriteRfc3339> WriteRfc3339 for Option<T> {
                fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        Some(value) => serializer.serialize_some(&Wrap(value)),
                        None => serializer.serialize_none(),
                    }
                }
            }

            impl<T: ReadRfc3339> ReadRfc3339 for Option<T> {
                fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Option::<Wrap<T>>::deserialize(deserializer).map(|value| value.map(|v| v.0))
                }
            }

            impl<T: WriteRfc3339> WriteRfc3339 for Vec<T> {
                fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.collect_seq(self.iter().map(Wrap))
                }
            }

            impl<T: ReadRfc3339> ReadRfc3339 for Vec<T> {
                fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let items = Vec::<Wrap<T>>::deserialize(deserializer)?;
                    Ok(items.into_iter().map(|item| item.0).collect())
                }
            }

            impl<T: WriteRfc3339> WriteRfc3339 for std::collections::BTreeMap<String, T> {
                fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.collect_map(self.iter().map(|(key, value)| (key, Wrap(value))))
                }
            }

            impl<T: ReadRfc3339> ReadRfc3339 for std::collections::BTreeMap<String, T> {
                fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let entries = std::collections::BTreeMap::<String, Wrap<T>>::deserialize(deserializer)?;
                    Ok(entries.into_iter().map(|(key, value)| (key, value.0)).collect())
                }
            }

            /// `#[serde(with = "rfc3339")]`, writing.
            pub(super) fn serialize<T: WriteRfc3339, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
                value.write(serializer)
            }

            /// `#[serde(with = "rfc3339")]`, reading.
            pub(super) fn deserialize<'de, T: ReadRfc3339, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
                T::read(deserializer)
            }

            /// Reads an optional field that is present, as the module's
            /// `deserialize_present` does.
            pub(super) fn deserialize_present<'de, T: ReadRfc3339, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
                T::read(deserializer).map(Some)
            }
        }
    }
}

/// `Serialize` and `Deserialize` for a type whose fields share one JSON
/// object with others: both go through its `write_fields`/`take_fields`.
pub(crate) fn map_serde_impls(name: &Ident) -> TokenStream {
    quote! {
            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    use serde::ser::SerializeMap;
                    let mut map = serializer.serialize_map(None)?;
                    self.write_fields(&mut map)?;
                    map.end()
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let mut fields = Fields::deserialize(deserializer)?;
                    Self::take_fields(&mut fields).map_err(serde::de::Error::custom)
                }
            }
    }
}

thread_local! {
    /// [`map_serde_impls`] formatted for a stand-in name, by the name's
    /// length.
    static MAP_SERDE_TEXT: std::cell::RefCell<BTreeMap<usize, Option<Rc<NameTemplate>>>> =
        std::cell::RefCell::default();
}

/// [`map_serde_impls`] as formatted text. The two impls are the same for
/// every type but for its name, and how the printer lays them out depends
/// on the name's length, not on its letters; so each thread formats them
/// once per length, for a stand-in name of that length
/// (`render::print_for_stand_in`), and writes each type's name in. `None`
/// for a raw identifier or an empty name, or when the stand-in is not
/// found exactly once in each impl.
pub(crate) fn map_serde_impls_text(name: &str) -> Option<String> {
    if name.starts_with("r#") {
        return None;
    }
    let template = MAP_SERDE_TEXT.with(|cache| {
        cache
            .borrow_mut()
            .entry(name.len())
            .or_insert_with(|| {
                let (stand_in, text) = crate::render::print_for_stand_in(name.len(), |stand_in| {
                    map_serde_impls(&ident(stand_in))
                })?;
                let template = NameTemplate::new(&text, &stand_in);
                (template.holes() == 2).then(|| Rc::new(template))
            })
            .clone()
    })?;
    Some(template.fill(name))
}

/// The pattern that binds a variant's field in `write_fields`: the field's
/// own name, unless that is `map`, the serializer those arms write to.
fn field_binding(member: &str) -> TokenStream {
    let member = ident(member);
    if member == "map" {
        quote!(map: map_field)
    } else {
        quote!(#member)
    }
}

/// The local [`field_binding`] bound `member` to.
fn bound_field(member: &Ident) -> TokenStream {
    if member == "map" {
        quote!(map_field)
    } else {
        quote!(#member)
    }
}

/// The own impl of an enum whose variants share their JSON object with
/// a holder: its `write_fields` (one arm per variant) and its
/// `take_fields` (`take`, the body). Its serde impls, which read and
/// write it as an object through them, are [`map_serde_impls`].
fn held_impls(
    name: &Ident,
    write_arms: impl Iterator<Item = TokenStream>,
    take: &TokenStream,
) -> TokenStream {
    quote! {
        impl #name {
            fn write_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                match self {
                    #(#write_arms)*
                }
                Ok(())
            }

            fn take_fields(fields: &mut Fields<'_>) -> Result<Self, String> {
                #take
            }
        }
    }
}

/// The statement that returns a `ConstraintError` when `value` breaks
/// `rule`.
fn rule_check(rule: &Rule, inner: &TypeRef) -> TokenStream {
    if *inner == TypeRef::Any {
        // Without a `type`, a rule constrains only values of its JSON type.
        return match rule {
            Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Pattern(_) => {
                let check = rule_check(rule, &TypeRef::String);
                quote! { if let serde_json::Value::String(value) = &value { #check } }
            }
            Rule::Minimum { .. } | Rule::Maximum { .. } | Rule::MultipleOf(_) => {
                let check = rule_check(rule, &TypeRef::Float);
                quote! { if let Some(value) = value.as_f64() { #check } }
            }
            Rule::MinItems(_) | Rule::MaxItems(_) | Rule::UniqueItems => {
                let check = rule_check(rule, &TypeRef::Vec(Box::new(TypeRef::Any)));
                quote! { if let serde_json::Value::Array(value) = &value { #check } }
            }
            Rule::MinProperties(_) | Rule::MaxProperties(_) => {
                let check = rule_check(rule, &TypeRef::AnyObject);
                quote! { if let serde_json::Value::Object(value) = &value { #check } }
            }
        };
    }
    let count = |n: u64| Literal::u64_unsuffixed(n);
    let fail = |keyword: &str, message: String| {
        quote! { return Err(super::ConstraintError::new(#keyword, #message)); }
    };
    let is_integer = matches!(inner, TypeRef::Integer(_));
    // An integer compared with an integral bound stays exact; anything else
    // is compared as `f64`.
    let operands = |bound: &serde_json::Number| -> (TokenStream, TokenStream) {
        match (is_integer, bound.as_i64(), bound.as_u64()) {
            (true, Some(b), _) => (
                quote!(value),
                Literal::i64_unsuffixed(b).into_token_stream(),
            ),
            (true, None, Some(b)) => (
                quote!(value),
                Literal::u64_unsuffixed(b).into_token_stream(),
            ),
            _ => {
                let b = Literal::f64_unsuffixed(bound.as_f64().unwrap_or_default());
                let value = if is_integer {
                    quote!((value as f64))
                } else {
                    quote!(value)
                };
                (value, b.into_token_stream())
            }
        }
    };
    match rule {
        Rule::MinLength(n) => {
            let n = count(*n);
            let fail = fail("minLength", format!("is shorter than {n} characters"));
            quote! { if value.chars().count() < #n { #fail } }
        }
        Rule::MaxLength(n) => {
            let n = count(*n);
            let fail = fail("maxLength", format!("is longer than {n} characters"));
            quote! { if value.chars().count() > #n { #fail } }
        }
        Rule::Pattern(pattern) => {
            let fail = fail("pattern", format!("does not match the pattern `{pattern}`"));
            // A block of its own: a value merged from several schemas may
            // have several patterns, each its own `PATTERN`.
            quote! {
                {
                    static PATTERN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                        regex::Regex::new(#pattern).expect("the generator compiled this pattern")
                    });
                    if !PATTERN.is_match(&value) { #fail }
                }
            }
        }
        Rule::Minimum { bound, exclusive } => {
            let (value, b) = operands(bound);
            let text = bound.to_string();
            if *exclusive {
                let fail = fail("exclusiveMinimum", format!("is not greater than {text}"));
                quote! { if #value <= #b { #fail } }
            } else {
                let fail = fail("minimum", format!("is less than {text}"));
                quote! { if #value < #b { #fail } }
            }
        }
        Rule::Maximum { bound, exclusive } => {
            let (value, b) = operands(bound);
            let text = bound.to_string();
            if *exclusive {
                let fail = fail("exclusiveMaximum", format!("is not less than {text}"));
                quote! { if #value >= #b { #fail } }
            } else {
                let fail = fail("maximum", format!("is greater than {text}"));
                quote! { if #value > #b { #fail } }
            }
        }
        Rule::MultipleOf(divisor) => {
            let text = divisor.to_string();
            let fail = fail("multipleOf", format!("is not a multiple of {text}"));
            match (is_integer, divisor.as_u64()) {
                (true, Some(d)) => {
                    let d = Literal::u64_unsuffixed(d);
                    quote! { if value % #d != 0 { #fail } }
                }
                _ => {
                    let d = Literal::f64_unsuffixed(divisor.as_f64().unwrap_or(1.0));
                    let value = if is_integer {
                        quote!(value as f64)
                    } else {
                        quote!(value)
                    };
                    quote! { if !super::__support::is_multiple_of(#value, #d) { #fail } }
                }
            }
        }
        Rule::MinItems(1) => {
            let fail = fail("minItems", "is empty".to_owned());
            quote! { if value.is_empty() { #fail } }
        }
        Rule::MinItems(n) => {
            let n = count(*n);
            let fail = fail("minItems", format!("has fewer than {n} items"));
            quote! { if value.len() < #n { #fail } }
        }
        Rule::MaxItems(n) => {
            let n = count(*n);
            let fail = fail("maxItems", format!("has more than {n} items"));
            quote! { if value.len() > #n { #fail } }
        }
        Rule::UniqueItems => {
            let fail = fail("uniqueItems", "has two equal items".to_owned());
            quote! { if !super::__support::all_unique(&value) { #fail } }
        }
        Rule::MinProperties(1) => {
            let fail = fail("minProperties", "is empty".to_owned());
            quote! { if value.is_empty() { #fail } }
        }
        Rule::MinProperties(n) => {
            let n = count(*n);
            let fail = fail("minProperties", format!("has fewer than {n} properties"));
            quote! { if value.len() < #n { #fail } }
        }
        Rule::MaxProperties(n) => {
            let n = count(*n);
            let fail = fail("maxProperties", format!("has more than {n} properties"));
            quote! { if value.len() > #n { #fail } }
        }
    }
}

/// The serde impls of a union of whole values (`variants`: each member
/// and the type it holds): serialized as the value held; deserialized by
/// reading the value once and offering it to each type in turn. An
/// `anyOf` keeps the first that accepts it; a `oneOf` tries them all and
/// accepts only when exactly one does, naming the variants otherwise.
/// `base`, when the union's schema has one, must accept the value first.
pub(crate) fn value_union_impls(
    name: &Ident,
    variants: &[(&str, TokenStream)],
    any_of: bool,
    base: Option<TokenStream>,
) -> TokenStream {
    let union_name = name.to_string();
    let union_name = union_name.trim_start_matches("r#");
    let tries = variants.iter().map(|(member, ty)| {
        let label = member.trim_start_matches("r#");
        let failed = format!("{label}: {{error}}");
        let member = ident(member);
        let accept = if any_of {
            quote!(return Ok(Self::#member(accepted)))
        } else {
            quote!({
                matched.push(#label);
                if found.is_none() {
                    found = Some(Self::#member(accepted));
                }
            })
        };
        quote! {
            match <#ty as Deserialize>::deserialize(&value) {
                Ok(accepted) => #accept,
                Err(error) => errors.push(format!(#failed)),
            }
        }
    });
    let (declare, settle) = if any_of {
        (None, None)
    } else {
        let several = format!(
            "the value matches more than one variant of {union_name}, but oneOf allows one: {{matched}}"
        );
        (
            Some(quote! {
                let mut found = None;
                let mut matched = Vec::new();
            }),
            Some(quote! {
                if matched.len() > 1 {
                    let matched = matched.join(", ");
                    let message = format!(#several);
                    return Err(serde::de::Error::custom(message));
                }
                if let Some(found) = found {
                    return Ok(found);
                }
            }),
        )
    };
    let no_match = format!("the value matches no variant of {union_name}: {{errors}}");
    let base_check = base.map(|base| {
        quote! {
            <#base as Deserialize>::deserialize(&value).map_err(serde::de::Error::custom)?;
        }
    });
    let serialize_arms = variants.iter().map(|(member, _)| {
        let member = ident(member);
        quote! { Self::#member(value) => value.serialize(serializer), }
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #base_check
                #declare
                let mut errors = Vec::new();
                #(#tries)*
                #settle
                let errors = errors.join("; ");
                let message = format!(#no_match);
                Err(serde::de::Error::custom(message))
            }
        }
    }
}

/// `value` as a `json!` argument.
pub(crate) fn json_tree(value: &serde_json::Value) -> Json {
    use serde_json::Value;
    match value {
        Value::Null => Json::null(),
        Value::Bool(b) => Json::bool(*b),
        Value::Number(n) => Json::literal(json_number(n)),
        Value::String(s) => Json::string(s),
        Value::Array(items) => Json::array(items.iter().map(json_tree).collect()),
        Value::Object(fields) => Json::object(
            fields
                .iter()
                .map(|(k, v)| (Json::key(k), json_tree(v)))
                .collect(),
        ),
    }
}

/// A JSON number as the literal `json!` reads back as the same value.
pub(crate) fn json_number(n: &serde_json::Number) -> Literal {
    match (n.as_u64(), n.as_i64()) {
        // `json!` infers `i32` for an unsuffixed integer literal.
        (Some(u), _) if u <= i32::MAX as u64 => Literal::u64_unsuffixed(u),
        (Some(u), _) => Literal::u64_suffixed(u),
        (None, Some(i)) if i >= i64::from(i32::MIN) => Literal::i64_unsuffixed(i),
        (None, Some(i)) => Literal::i64_suffixed(i),
        _ => Literal::f64_unsuffixed(n.as_f64().unwrap_or_default()),
    }
}

/// A tag value as a Rust literal.
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

/// The private helpers at the end of a module's file: `deserialize_present`
/// for optional fields, the union support (`union_support`'s three
/// choices), the `rfc3339` adaptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TailHelpers {
    present: bool,
    union_support: Option<(bool, bool, bool)>,
    rfc3339: bool,
}

impl TailHelpers {
    pub(crate) fn tokens(self) -> TokenStream {
        let present = self.present.then(present_helper);
        let union_support = self
            .union_support
            .map(|(fields, values, writes)| union_support(fields, values, writes));
        let rfc3339 = self.rfc3339.then(rfc3339_adaptor);
        quote! { #present #union_support #rfc3339 }
    }

    /// The helpers as printed (without the blank lines between items),
    /// in the order of [`Self::tokens`], from [`HELPER_TEXTS`]; `None` if
    /// a piece is missing there.
    pub(crate) fn text(self) -> Option<String> {
        let names = [
            self.present.then(|| "present".to_owned()),
            self.union_support.map(union_support_piece),
            self.rfc3339.then(|| "rfc3339".to_owned()),
        ];
        let mut text = String::new();
        for name in names.iter().flatten() {
            text.push_str(helper_text(name)?);
        }
        Some(text)
    }
}

/// The helpers every module may end with do not depend on its types,
/// only on which are needed; parsed and printed on every run they were
/// most of what a small input still parsed (#8). So each is kept printed
/// in `helpers.txt`, a piece per helper after a line `//@ name`; the test
/// `the_helper_texts_are_current` prints them and, when the file differs,
/// writes it and fails, so a change to a helper cannot pass without the
/// file.
const HELPER_TEXTS: &str = include_str!("emit/helpers.txt");

/// Every helper piece [`HELPER_TEXTS`] holds, by name, with its tokens.
#[cfg(test)]
fn helper_pieces() -> Vec<(String, TokenStream)> {
    let mut pieces = vec![("present".to_owned(), present_helper())];
    for bits in 0..8u8 {
        let choice = (bits & 4 != 0, bits & 2 != 0, bits & 1 != 0);
        let (fields, values, writes) = choice;
        pieces.push((
            union_support_piece(choice),
            union_support(fields, values, writes),
        ));
    }
    pieces.push(("rfc3339".to_owned(), rfc3339_adaptor()));
    pieces
}

/// The name of `union_support`'s piece for its three choices.
fn union_support_piece((fields, values, writes): (bool, bool, bool)) -> String {
    format!("union_support {fields} {values} {writes}")
}

/// The printed text of the helper piece `name` in [`HELPER_TEXTS`].
fn helper_text(name: &str) -> Option<&'static str> {
    let marker = format!("//@ {name}\n");
    let start = HELPER_TEXTS.find(&marker)? + marker.len();
    let rest = &HELPER_TEXTS[start..];
    Some(&rest[..rest.find("//@ ").unwrap_or(rest.len())])
}

/// `deserialize_present`, for optional fields.
fn present_helper() -> TokenStream {
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
}

/// Private helpers for the hand-written impls of unions and the structs
/// that hold them; emitted once per module that needs them.
fn union_support(takes_fields: bool, takes_values: bool, writes_values: bool) -> TokenStream {
    let field_helpers = takes_fields.then(|| quote! {
        /// Removes and deserializes a required field.
        // Which of the two a module's types use depends on their fields.
        #[allow(dead_code)]
        fn take_required<T: serde::de::DeserializeOwned>(
            fields: &mut Fields<'_>,
            key: &str,
        ) -> Result<T, String> {
            match fields.remove(key) {
                Some(value) => serde_json::from_value(value).map_err(|err| format!("{key}: {err}")),
                None => Err(format!("missing field `{key}`")),
            }
        }

        /// Removes and deserializes an optional field; `null` is accepted
        /// only when `T` admits it.
        #[allow(dead_code)]
        fn take_optional<T: serde::de::DeserializeOwned>(
            fields: &mut Fields<'_>,
            key: &str,
        ) -> Result<Option<T>, String> {
            match fields.remove(key) {
                Some(value) => serde_json::from_value(value)
                    .map(Some)
                    .map_err(|err| format!("{key}: {err}")),
                None => Ok(None),
            }
        }
    });
    let take_value = takes_values.then(|| quote! {
        /// Deserializes the remaining fields as a whole value of `T`.
        fn take_value<T: serde::de::DeserializeOwned>(fields: &mut Fields<'_>) -> Result<T, String> {
            let object = fields.0.drain(..).map(|(key, value)| (key.into_owned(), value)).collect();
            serde_json::from_value(serde_json::Value::Object(object)).map_err(|err| err.to_string())
        }
    });
    let write_value_fields = writes_values.then(|| quote! {
        /// Writes the fields of a whole value of `T` into an enclosing map.
        fn write_value_fields<M: serde::ser::SerializeMap, T: Serialize>(
            map: &mut M,
            value: &T,
        ) -> Result<(), M::Error> {
            match serde_json::to_value(value).map_err(serde::ser::Error::custom)? {
                serde_json::Value::Object(fields) => {
                    for (key, value) in &fields {
                        map.serialize_entry(key, value)?;
                    }
                    Ok(())
                }
                _ => Err(serde::ser::Error::custom("a union variant must serialize as an object")),
            }
        }
    });
    quote! {
        /// The members of one JSON object, held until the variant they
        /// belong to is known. A list, not a map: objects are small, and
        /// keys stay borrowed from the input where they can, so holding
        /// them costs no allocation or hashing per key.
        #[derive(Clone)]
        struct Fields<'de>(Vec<(std::borrow::Cow<'de, str>, serde_json::Value)>);

        // Which of the two a module's unions use depends on their shapes.
        #[allow(dead_code)]
        impl Fields<'_> {
            fn get(&self, key: &str) -> Option<&serde_json::Value> {
                self.0.iter().find(|(k, _)| k == key).map(|(_, value)| value)
            }

            fn remove(&mut self, key: &str) -> Option<serde_json::Value> {
                let index = self.0.iter().position(|(k, _)| k == key)?;
                Some(self.0.remove(index).1)
            }
        }

        impl<'de> Deserialize<'de> for Fields<'de> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Key<'de>(std::borrow::Cow<'de, str>);

                impl<'de> Deserialize<'de> for Key<'de> {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        struct KeyVisitor;

                        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
                            type Value = Key<'de>;

                            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                                f.write_str("a string key")
                            }

                            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                                Ok(Key(std::borrow::Cow::Borrowed(key)))
                            }

                            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
                            }

                            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                                Ok(Key(std::borrow::Cow::Owned(key)))
                            }
                        }

                        deserializer.deserialize_str(KeyVisitor)
                    }
                }

                struct FieldsVisitor;

                impl<'de> serde::de::Visitor<'de> for FieldsVisitor {
                    type Value = Fields<'de>;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a map")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
                        let mut fields: Vec<(std::borrow::Cow<'de, str>, serde_json::Value)> =
                            Vec::with_capacity(map.size_hint().unwrap_or(8));
                        while let Some(Key(key)) = map.next_key()? {
                            let value = map.next_value()?;
                            // A repeated key: the last one wins, as in a JSON map.
                            match fields.iter_mut().find(|(k, _)| *k == key) {
                                Some(slot) => slot.1 = value,
                                None => fields.push((key, value)),
                            }
                        }
                        Ok(Fields(fields))
                    }
                }

                deserializer.deserialize_map(FieldsVisitor)
            }
        }

        #field_helpers
        #take_value
        #write_value_fields

        /// `is_first_party` = false, `was_dynamically_registered` missing.
        // Only unions told apart by tags describe them.
        #[allow(dead_code)]
        fn describe_tags(tags: &[(&str, Option<&serde_json::Value>)]) -> String {
            tags.iter()
                .map(|(key, value)| match value {
                    Some(value) => format!("`{key}` = {value}"),
                    None => format!("`{key}` missing"),
                })
                .collect::<Vec<_>>()
                .join(", ")
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

/// The text of each `///` line for a description: a space, then the line
/// without trailing blanks or carriage returns (rustc rejects a bare one
/// in a doc comment). Bare code fences are marked `text` so rustdoc does
/// not compile prose as Rust.
fn doc_lines(docs: &str) -> impl Iterator<Item = String> + '_ {
    let mut in_fence = false;
    docs.lines().map(move |line| {
        let mut text = String::with_capacity(line.len() + 5);
        text.push(' ');
        text.push_str(line.trim_end());
        if text.contains('\r') {
            text = text.replace('\r', " ");
        }
        if text.trim_start().starts_with("```") {
            if !in_fence && text.trim() == "```" {
                text.push_str("text");
            }
            in_fence = !in_fence;
        }
        text
    })
}

/// `///` lines for a description. Each line is a string literal, so no
/// description can end the comment or inject code.
fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let Some(docs) = docs else {
        return TokenStream::new();
    };
    // Built token by token rather than with `quote!`: docs are most of
    // the emitted text, and this runs once per line of them.
    let doc = Ident::new("doc", Span::call_site());
    let mut out = TokenStream::new();
    for text in doc_lines(docs) {
        out.extend(doc_attr(&doc, &text));
    }
    out
}

/// `#[doc = "text"]`.
fn doc_attr(doc: &Ident, text: &str) -> [TokenTree; 2] {
    let attribute = [
        TokenTree::Ident(doc.clone()),
        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
        TokenTree::Literal(str_literal(text)),
    ];
    [
        TokenTree::Punct(Punct::new('#', Spacing::Alone)),
        TokenTree::Group(Group::new(
            Delimiter::Bracket,
            attribute.into_iter().collect(),
        )),
    ]
}

/// [`doc_attrs`] as the declaration printer reads them: each line's
/// literal reads back as the line itself (escaping and unescaping are
/// inverse; `a_doc_line_reads_back_as_itself` holds them to it), so the
/// lines are taken as they are.
fn doc_model(docs: Option<&str>) -> Vec<Attr> {
    docs.map_or_else(Vec::new, |docs| doc_lines(docs).map(Attr::Doc).collect())
}

/// A string literal token for `text`, the same token `Literal::string`
/// makes. That one escapes every character through `char::escape_debug`,
/// which was a third of emission on real specs (docs are most of the
/// text); text that needs no escapes is read from its quoted form.
pub(crate) fn str_literal(text: &str) -> Literal {
    if needs_no_escape(text) {
        let mut quoted = String::with_capacity(text.len() + 2);
        quoted.push('"');
        quoted.push_str(text);
        quoted.push('"');
        if let Ok(literal) = quoted.parse::<Literal>() {
            return literal;
        }
    }
    Literal::string(text)
}

/// Items every generated crate (or single file) has at its root: the
/// `Operation` trait that descriptors implement, `DecodeError`, `Never`
/// for schemas that accept nothing, and `from_json` with JSON paths in its
/// errors (and its `JsonError`).
pub fn root_items() -> TokenStream {
    quote! {
        /// An HTTP operation of an API description: where a request goes and
        /// the types it carries. Descriptors live in each module's
        /// `operations`.
        pub trait Operation {
            /// Upper-case HTTP method.
            const METHOD: &'static str;
            /// Path template, with `{name}` for each path parameter.
            const PATH: &'static str;
            /// The `operationId`.
            const OPERATION_ID: &'static str;
            /// Parameters substituted into the path.
            const PATH_PARAMETERS: &'static [&'static str];
            /// Parameters sent in the query string.
            const QUERY_PARAMETERS: &'static [&'static str];
            /// Parameters sent as headers.
            const HEADER_PARAMETERS: &'static [&'static str];
            /// Parameters sent as cookies.
            const COOKIE_PARAMETERS: &'static [&'static str];
            /// The request body's media type, when there is a body.
            const BODY_MEDIA_TYPE: Option<&'static str>;
            /// Whether the body must be sent.
            const BODY_REQUIRED: bool;
            /// All parameters, by wire name (`()` when there are none).
            type Parameters;
            /// The request body (`()` when there is none).
            type Body;
            /// The documented responses.
            type Response;
        }

        /// The type of a schema that accepts no value (`false`, `enum: []`):
        /// it has no values, and deserializing one always fails. An
        /// optional field of this type must be absent, an array of it empty.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Never {}

        impl serde::Serialize for Never {
            fn serialize<S: serde::Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
                match *self {}
            }
        }

        impl<'de> serde::Deserialize<'de> for Never {
            fn deserialize<D: serde::Deserializer<'de>>(_deserializer: D) -> Result<Self, D::Error> {
                Err(serde::de::Error::custom("no value is allowed here: the schema accepts none"))
            }
        }

        /// A string of `MIN` to `MAX` characters (`minLength`, `maxLength`;
        /// counted as Unicode code points, as JSON Schema counts them). The
        /// type of every inline schema that only bounds a string's length.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct BoundedString<const MIN: usize, const MAX: usize>(String);

        impl<const MIN: usize, const MAX: usize> BoundedString<MIN, MAX> {
            /// Checks `value`'s length.
            pub fn new(value: String) -> Result<Self, ConstraintError> {
                // Only as many characters as it takes to decide.
                let counted = value.chars().take(MAX.saturating_add(1)).count();
                if counted < MIN {
                    return Err(ConstraintError::characters("minLength", "is shorter than", MIN));
                }
                if counted > MAX {
                    return Err(ConstraintError::characters("maxLength", "is longer than", MAX));
                }
                Ok(Self(value))
            }

            /// The checked value.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl<const MIN: usize, const MAX: usize> std::ops::Deref for BoundedString<MIN, MAX> {
            type Target = String;

            fn deref(&self) -> &String {
                &self.0
            }
        }

        impl<const MIN: usize, const MAX: usize> TryFrom<String> for BoundedString<MIN, MAX> {
            type Error = ConstraintError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl<const MIN: usize, const MAX: usize> From<BoundedString<MIN, MAX>> for String {
            fn from(value: BoundedString<MIN, MAX>) -> Self {
                value.0
            }
        }

        impl<'de, const MIN: usize, const MAX: usize> serde::Deserialize<'de> for BoundedString<MIN, MAX> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::new(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
            }
        }

        /// Why a response could not be decoded.
        #[derive(Debug)]
        pub enum DecodeError {
            /// The API description documents no response for this status.
            UnexpectedStatus(u16),
            /// The body does not match the documented schema.
            Json(serde_json::Error),
        }

        impl From<serde_json::Error> for DecodeError {
            fn from(error: serde_json::Error) -> Self {
                DecodeError::Json(error)
            }
        }

        impl std::fmt::Display for DecodeError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    DecodeError::UnexpectedStatus(status) => write!(f, "undocumented response status {status}"),
                    DecodeError::Json(error) => write!(f, "response body: {error}"),
                }
            }
        }

        impl std::error::Error for DecodeError {}

        /// A value that breaks a constraint of its schema (`minLength`,
        /// `maximum`, `uniqueItems`, ...), from a checked type's `new`,
        /// `TryFrom` or deserialization.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct ConstraintError {
            keyword: &'static str,
            message: &'static str,
            /// The bound of a length, when the message leaves it out.
            characters: Option<usize>,
        }

        impl ConstraintError {
            /// Used by the generated checks; public so that a crate whose
            /// modules check nothing still compiles without dead code.
            #[doc(hidden)]
            pub fn new(keyword: &'static str, message: &'static str) -> Self {
                Self { keyword, message, characters: None }
            }

            /// A length outside `bound` characters, for `BoundedString`,
            /// whose bounds are not known when its message is written.
            fn characters(keyword: &'static str, message: &'static str, bound: usize) -> Self {
                Self { keyword, message, characters: Some(bound) }
            }

            /// The schema keyword that was broken, e.g. `maxLength`.
            pub fn keyword(&self) -> &'static str {
                self.keyword
            }
        }

        impl std::fmt::Display for ConstraintError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.characters {
                    Some(bound) => write!(f, "the value {} {bound} characters ({})", self.message, self.keyword),
                    None => write!(f, "the value {} ({})", self.message, self.keyword),
                }
            }
        }

        impl std::error::Error for ConstraintError {}

        /// Checks shared by the generated types; not part of the API.
        #[doc(hidden)]
        pub mod __support {
            /// Whether `value` is an integer multiple of `divisor`, allowing
            /// for the rounding of decimal fractions in binary (`0.0075` is a
            /// multiple of `0.0001`).
            pub fn is_multiple_of(value: f64, divisor: f64) -> bool {
                let quotient = value / divisor;
                quotient.is_finite()
                    && (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
            }

            /// Whether no two items serialize to equal JSON values (numbers
            /// compared by value: `1` equals `1.0`).
            pub fn all_unique<T: serde::Serialize>(items: &[T]) -> bool {
                let values: Vec<serde_json::Value> = items
                    .iter()
                    .map(|item| serde_json::to_value(item).unwrap_or(serde_json::Value::Null))
                    .collect();
                values.iter().enumerate().all(|(i, a)| values[..i].iter().all(|b| !json_equal(a, b)))
            }

            /// Equality of JSON values with numbers compared by value.
            pub fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
                use serde_json::Value;
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                        (Some(x), Some(y), _, _) => x == y,
                        (_, _, Some(x), Some(y)) => x == y,
                        _ => x.as_f64() == y.as_f64(),
                    },
                    (Value::Array(x), Value::Array(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
                    }
                    (Value::Object(x), Value::Object(y)) => {
                        x.len() == y.len()
                            && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
                    }
                    _ => a == b,
                }
            }
        }

        /// A JSON deserialization error with the path of the offending value.
        #[derive(Debug)]
        pub struct JsonError {
            /// Where in the document, e.g. `data[0]`; `.` for the root.
            pub path: String,
            /// What is wrong there.
            pub error: serde_json::Error,
        }

        impl std::fmt::Display for JsonError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}: {}", self.path, self.error)
            }
        }

        impl std::error::Error for JsonError {}

        /// Deserializes a `T` from JSON text. On failure the error names the
        /// JSON path of the offending value, e.g.
        /// `data[0]: missing field `organization_id``.
        pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, JsonError> {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| JsonError {
                path: err.path().to_string(),
                error: err.into_inner(),
            })?;
            deserializer.end().map_err(|error| JsonError {
                path: ".".to_owned(),
                error,
            })?;
            Ok(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `check` on an emitter for one document (in module `m`), with
    /// `formats` for the string formats.
    fn with_emitter<T>(
        text: &str,
        formats: FormatMappings,
        check: impl FnOnce(&Emitter<'_>, &[ModulePlan]) -> T,
    ) -> T {
        let mut sink = crate::diag::Sink::default();
        let docs = crate::load::load(&mut sink, &crate::load::sources(&[("m/a.json", text)]));
        let resolved = crate::resolve::resolve(&mut sink, &docs);
        let lowering = crate::lower::Options {
            formats,
            keep_unknown: true,
            ..Default::default()
        };
        let mut table = crate::lower::lower(&mut sink, &docs, &resolved, &lowering);
        let analysis = crate::analyze::analyze(&mut sink, &mut table);
        let names = crate::naming::name(&mut sink, &table, false);
        let options = EmitOptions {
            formats,
            schemars: true,
        };
        let emitter = Emitter::new(&table, &names, &analysis, &options);
        check(&emitter, &plan(&table, &names))
    }

    /// The items emitted for one document, formatted as in the output.
    fn emitted(text: &str) -> String {
        with_emitter(text, FormatMappings::default(), |emitter, plans| {
            let items = plans
                .iter()
                .flat_map(|plan| emitter.items(&plan.ident, &plan.ids))
                .collect();
            let times = crate::timings::FormatTimes::default();
            crate::render::format_items(items, |_| true, |_| {}, &times).unwrap()
        })
    }

    /// Every struct, string enum and union of a document with each kind
    /// of field and variant, and docs that need escapes: the model the
    /// emitter builds prints what the declaration printer prints from the
    /// type's tokens, or declines as it does, and the impls given with it
    /// are the tokens after the declaration.
    #[test]
    fn a_declaration_model_prints_as_its_tokens_do() {
        let document = r##"{
            "title": "Holder",
            "description": "A \"quoted\" word, a back\\slash, caf\u00e9.\n```\nx\n```",
            "type": "object",
            "required": ["id", "maybe", "kebab-name"],
            "additionalProperties": false,
            "properties": {
                "id": {"type": "string", "description": "Plain."},
                "maybe": {"type": ["string", "null"]},
                "kebab-name": {"type": "integer"},
                "when": {"type": "string", "format": "date-time"},
                "dates": {"type": "array", "items": {"type": "string", "format": "date-time"}},
                "child": {"$ref": "#/$defs/Child"},
                "self": {"$ref": "#"},
                "/odd": {"type": "boolean", "description": "/starts with a slash"}
            },
            "$defs": {
                "Child": {
                    "type": "object",
                    "properties": {"n": {"type": "number"}},
                    "additionalProperties": {"type": "string", "format": "date-time"}
                },
                "Mixed": {"description": "Some renamed.", "enum": ["pending", "in-progress", "Done", "a \"q\""]},
                "Only": {"enum": ["only"]},
                "Kebab": {"enum": ["first-one", "second-one"]},
                "ByType": {
                    "description": "A string or a number.",
                    "oneOf": [
                        {"title": "Text", "type": "string", "description": "Some text."},
                        {"title": "Count", "type": "integer"}
                    ]
                },
                "Dated": {
                    "anyOf": [
                        {"title": "Stamp", "type": "string", "format": "date-time"},
                        {"title": "Days", "type": "integer"}
                    ]
                },
                "Event": {
                    "oneOf": [
                        {"title": "Created", "type": "object", "required": ["type", "at"],
                         "properties": {"type": {"const": "created"},
                                        "at": {"type": "string", "format": "date-time", "description": "When."},
                                        "by": {"type": "string", "description": "Who."}}},
                        {"title": "Deleted", "type": "object", "required": ["type"],
                         "properties": {"type": {"const": "deleted"}}},
                        {"title": "Moved", "type": "object", "required": ["type"],
                         "properties": {"type": {"const": "moved"}, "to": {"type": "string"}}}
                    ]
                },
                "Window": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}},
                    "oneOf": [
                        {"title": "Since", "required": ["since"],
                         "properties": {"since": {"type": "string", "format": "date-time"}}},
                        {"title": "Last", "required": ["count"],
                         "properties": {"count": {"type": "integer", "description": "How many."}},
                         "additionalProperties": {"type": "string"}}
                    ]
                },
                "Overlap": {
                    "anyOf": [
                        {"title": "Named", "type": "object", "properties": {"name": {"type": "string"}}},
                        {"title": "Aged", "type": "object", "properties": {"age": {"type": "integer"}}}
                    ]
                }
            }
        }"##;
        let time = FormatMappings {
            date_time: crate::formats::DateTimeType::Time,
            ..FormatMappings::default()
        };
        // Per formats: the types given as models, and the types of those
        // both the model and the tokens leave to prettyplease. Under
        // `time`, the union with a date-time value has no model (the
        // printer declines an attribute inside a tuple variant), and
        // `WindowKind` is declined by both: its undocumented `since` has
        // the adaptor's attribute, which prettyplease puts on the
        // variant's line.
        let expected = [(12, 0), (11, 1)];
        for (formats, expected) in [FormatMappings::default(), time].into_iter().zip(expected) {
            let counts = with_emitter(document, formats, |emitter, plans| {
                let (mut modelled, mut declined) = (0, 0);
                for id in &plans[0].ids {
                    let name = emitter.names.type_name(*id);
                    let tokens: Vec<TokenTree> = emitter.item(*id, "m").into_iter().collect();
                    let read = crate::render::first_declaration(&tokens);
                    let Some((model, impls)) = emitter.model(*id, "m") else {
                        continue;
                    };
                    modelled += 1;
                    let from_model = model.print();
                    assert_eq!(
                        from_model,
                        read.as_ref().map(|(text, _)| text.clone()),
                        "{name}"
                    );
                    match read {
                        Some((_, used)) => {
                            let rest: TokenStream = tokens[used..].iter().cloned().collect();
                            let impls: TokenStream =
                                impls.into_iter().map(Item::into_tokens).collect();
                            assert_eq!(rest.to_string(), impls.to_string(), "{name}");
                        }
                        None => declined += 1,
                    }
                }
                (modelled, declined)
            });
            assert_eq!(counts, expected);
        }
    }

    /// Two runs on one thread, in one module, whose field types have the
    /// same ids but other names: the second names its own types.
    #[test]
    fn a_cached_schemars_attribute_is_not_reused_by_another_run() {
        let document = |name: &str| {
            format!(
                r##"{{"title": "Holder", "type": "object",
                    "properties": {{"x": {{"$ref": "#/$defs/{name}"}}}},
                    "$defs": {{"{name}": {{"type": "object", "properties": {{"y": {{"type": "string"}}}}}}}}}}"##
            )
        };
        let first = emitted(&document("Bar"));
        assert!(first.contains(r#"with = "Bar""#), "{first}");
        let second = emitted(&document("Baz"));
        assert!(second.contains(r#"with = "Baz""#), "{second}");
        assert!(!second.contains("Bar"), "{second}");
    }

    /// Tagged unions of every kind of variant and tag (string, boolean
    /// and integer tags; variants of fields, of none, of a value, of a
    /// nested union, keeping unknown fields; date-times through the
    /// adaptor under `time`), with names and values padded until their
    /// lines break: the text written directly is what the printer prints
    /// from the tokens, wherever it is written at all.
    #[test]
    fn a_tagged_unions_text_is_its_printed_tokens() {
        let document = |pad: &str| {
            format!(
                r##"{{"$defs": {{
                "Event{pad}": {{"oneOf": [
                    {{"title": "Created{pad}", "type": "object", "required": ["type", "at{pad}"],
                     "properties": {{"type": {{"const": "created{pad}"}},
                                    "at{pad}": {{"type": "string", "format": "date-time"}},
                                    "by": {{"type": "string"}},
                                    "when": {{"type": "string", "format": "date-time"}}}}}},
                    {{"title": "Deleted", "type": "object", "required": ["type"],
                     "properties": {{"type": {{"const": "deleted"}}}}}},
                    {{"title": "Moved{pad}", "type": "object", "required": ["type"],
                     "properties": {{"type": {{"const": "moved"}}, "to": {{"type": "string"}}}},
                     "additionalProperties": {{"type": "string"}}}}
                ]}},
                "Pet{pad}": {{"oneOf": [{{"$ref": "#/$defs/Cat{pad}"}}, {{"$ref": "#/$defs/Dog"}}]}},
                "Cat{pad}": {{"type": "object", "required": ["kind"],
                    "properties": {{"kind": {{"const": "cat\"{{q}}"}}, "lives": {{"type": "integer"}}}}}},
                "Dog": {{"type": "object", "required": ["kind"],
                    "properties": {{"kind": {{"const": "dog"}}, "good": {{"type": "boolean"}}}}}},
                "Grant{pad}": {{"oneOf": [
                    {{"title": "FirstParty", "type": "object",
                     "required": ["is_first_party{pad}", "was_dynamically_registered"],
                     "properties": {{"is_first_party{pad}": {{"const": true}},
                                    "was_dynamically_registered": {{"const": false}}}}}},
                    {{"title": "ThirdParty", "type": "object",
                     "required": ["is_first_party{pad}", "was_dynamically_registered", "organization_id"],
                     "properties": {{"is_first_party{pad}": {{"const": false}},
                                    "was_dynamically_registered": {{"const": false}},
                                    "organization_id": {{"type": "string"}}}}}},
                    {{"title": "Dynamic", "type": "object",
                     "required": ["is_first_party{pad}", "was_dynamically_registered"],
                     "properties": {{"is_first_party{pad}": {{"const": false}},
                                    "was_dynamically_registered": {{"const": true}}}}}}
                ]}},
                "Tier": {{"oneOf": [
                    {{"title": "Low", "type": "object", "required": ["level"],
                     "properties": {{"level": {{"const": -1}}}}}},
                    {{"title": "High", "type": "object", "required": ["level"],
                     "properties": {{"level": {{"const": 2}}, "note": {{"type": "string"}}}}}}
                ]}},
                "App": {{"oneOf": [
                    {{"title": "OAuth{pad}", "type": "object", "required": ["application_type"],
                     "properties": {{"application_type": {{"const": "oauth"}}, "name": {{"type": "string"}}}},
                     "oneOf": [
                        {{"title": "Mine", "required": ["mine"], "properties": {{"mine": {{"const": true}}}}}},
                        {{"title": "Theirs", "required": ["mine", "org"],
                          "properties": {{"mine": {{"const": false}}, "org": {{"type": "string"}}}}}}
                     ]}},
                    {{"title": "Machine", "type": "object", "required": ["application_type", "secret"],
                     "properties": {{"application_type": {{"const": "m2m"}}, "secret": {{"type": "string"}}}}}}
                ]}},
                "Mapped": {{"oneOf": [
                    {{"title": "Plain", "type": "object", "required": ["kind"],
                     "properties": {{"kind": {{"const": "plain"}}}}}},
                    {{"title": "Chart", "type": "object", "required": ["kind", "map"],
                     "properties": {{"kind": {{"const": "chart"}}, "map": {{"type": "string"}}}}}}
                ]}}
            }}}}"##
            )
        };
        let time = FormatMappings {
            date_time: crate::formats::DateTimeType::Time,
            ..FormatMappings::default()
        };
        let (mut written, mut declined, mut broken) = (0, 0, 0);
        let mut declined_unpadded = Vec::new();
        for formats in [FormatMappings::default(), time] {
            for length in (0..=40).step_by(2) {
                let pad = "X".repeat(length);
                with_emitter(&document(&pad), formats, |emitter, plans| {
                    for id in &plans[0].ids {
                        let TypeKind::Union(body) = &emitter.table.get(*id).kind else {
                            continue;
                        };
                        let Dispatch::Tagged { properties } = &body.dispatch else {
                            continue;
                        };
                        let name = emitter.names.type_name(*id);
                        let Some(text) = emitter.tagged_union_text(*id, body, properties, "m")
                        else {
                            declined += 1;
                            if length == 0 && formats.date_time != time.date_time {
                                declined_unpadded.push(name.to_owned());
                            }
                            continue;
                        };
                        let tokens = Item::Tokens(emitter.union_own_impls(*id, body, "m"));
                        let times = crate::timings::FormatTimes::default();
                        let printed =
                            crate::render::print_items(vec![tokens], |_| true, |_| {}, &times);
                        assert_eq!(text, printed.unwrap(), "{name}");
                        written += 1;
                        broken += usize::from(text.contains("\n            && "));
                    }
                });
            }
        }
        // Unpadded, under chrono, only the union whose `map` field the
        // printer declines is declined; past that, lines grow too long
        // for the rules, and prettyplease lays them out.
        assert_eq!(declined_unpadded, ["Mapped"]);
        assert!(
            written >= 40 && declined < written,
            "{written} written, {declined} declined"
        );
        assert!(broken > 0, "no broken condition");
    }

    /// Each helper piece as it prints now, as `helpers.txt` holds it; a
    /// difference is written to the file, and the test fails so that the
    /// change is seen and committed.
    #[test]
    fn the_helper_texts_are_current() {
        let times = crate::timings::FormatTimes::default();
        let mut file = String::new();
        for (name, tokens) in helper_pieces() {
            let printed =
                crate::render::print_items(vec![Item::Tokens(tokens)], |_| true, |_| {}, &times)
                    .unwrap();
            file.push_str(&format!("//@ {name}\n{printed}"));
        }
        crate::ensure_file_is_current("src/emit/helpers.txt", &file, HELPER_TEXTS);
    }

    /// Every choice of helpers, as text, prints as its tokens do.
    #[test]
    fn tail_helpers_as_text_are_their_printed_tokens() {
        let times = crate::timings::FormatTimes::default();
        let choices = (0..8u8).map(|bits| Some((bits & 4 != 0, bits & 2 != 0, bits & 1 != 0)));
        let unions: Vec<_> = std::iter::once(None).chain(choices).collect();
        let all = [false, true].into_iter().flat_map(|present| {
            let unions = unions.clone();
            [false, true].into_iter().flat_map(move |rfc3339| {
                unions
                    .clone()
                    .into_iter()
                    .map(move |union_support| TailHelpers {
                        present,
                        union_support,
                        rfc3339,
                    })
            })
        });
        for helpers in all {
            let printed = crate::render::print_items(
                vec![Item::Tokens(helpers.tokens())],
                |_| true,
                |_| {},
                &times,
            )
            .unwrap();
            assert_eq!(helpers.text(), Some(printed), "{helpers:?}");
        }
    }

    /// The serde impls of held types, formatted once per name length for
    /// a stand-in name, read as the printer prints them for each name,
    /// up to names long enough that the impls' first lines break.
    #[test]
    fn map_serde_impls_text_is_the_printed_impls() {
        let letters = "ApplicationTypeOAuthThirdPartyDynamicallyRegistered";
        for length in 1..=120 {
            let name: String = letters.chars().cycle().take(length).collect();
            let times = crate::timings::FormatTimes::default();
            let tokens = Item::Tokens(map_serde_impls(&ident(&name)));
            let printed = crate::render::print_items(vec![tokens], |_| true, |_| {}, &times);
            assert_eq!(
                map_serde_impls_text(&name),
                Some(printed.unwrap()),
                "{name}"
            );
        }
        // A name of the stand-in's own letters is written in all the same.
        let printed = map_serde_impls_text("Qqq").unwrap();
        assert_eq!(printed.matches("Qqq").count(), 2);
        assert_eq!(map_serde_impls_text("r#Raw"), None);
        assert_eq!(map_serde_impls_text(""), None);
    }

    /// What `doc_model` relies on: a doc line written as a literal (as
    /// `doc_attrs` writes it) is read back by the declaration printer as
    /// the line itself, whatever characters it holds.
    #[test]
    fn a_doc_line_reads_back_as_itself() {
        let doc = Ident::new("doc", Span::call_site());
        let mut lines: Vec<String> = [
            " plain",
            " \"quoted\" and a back\\slash \\n",
            " café, naïve, 日本語, emoji \u{1F600}",
            "\u{301} a combining accent first, and \u{200D} a joiner",
            " a tab\tand a nul\0 and a bell\u{7}",
            " 'single' and {braces} and }{",
            "",
        ]
        .map(str::to_owned)
        .to_vec();
        // Every character below U+3000 (ASCII controls, Latin, marks,
        // other scripts), in runs of 64 after a space.
        let chars: Vec<char> = (0..0x3000).filter_map(char::from_u32).collect();
        lines.extend(
            chars
                .chunks(64)
                .map(|run| format!(" {}", run.iter().collect::<String>())),
        );
        for line in lines {
            let tokens: TokenStream = doc_attr(&doc, &line).into_iter().collect();
            let read = only_attr(tokens);
            assert!(read == Some(Attr::Doc(line.clone())), "{line:?}");
        }
    }

    #[test]
    fn doc_lines_become_doc_attributes_and_bare_fences_become_text() {
        let docs =
            "First line  \nA \"quote\" and a\rreturn\r\n```\nfn x() {}\n```\n```rust\nx\n```";
        let expected = [
            " First line",
            " A \"quote\" and a return",
            " ```text",
            " fn x() {}",
            " ```",
            " ```rust",
            " x",
            " ```",
        ];
        let expected = quote!(#(#[doc = #expected])*);
        assert_eq!(doc_attrs(Some(docs)).to_string(), expected.to_string());
        assert!(doc_attrs(None).is_empty());
    }

    #[test]
    fn str_literal_is_the_token_literal_string_makes() {
        for text in [
            "",
            " The `name` property.",
            "it's ~ {braces} [x] 100% <T>",
            "a \"quoted\" word",
            "back\\slash",
            "tab\there",
            "nul\0 and \u{7f}",
            "caf\u{e9} \u{2014} \u{1f600}",
        ] {
            assert_eq!(
                str_literal(text).to_string(),
                Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }
}
