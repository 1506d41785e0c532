//! `codegen.toml`: what a project decides about the generated Rust that its
//! schemas do not say (module names, format mappings, extra derives,
//! visibility, the unknown-fields policy, open enums, renames).
//!
//! [`Settings::parse`] reads the file strictly: an unknown key is an error
//! that names the file and the key, so a misspelt option never silently
//! does nothing. [`apply`] runs after naming: it changes the IR (unknown
//! fields) and the settled names (renames), and returns the per-type
//! extras that [`rewrite`] adds to the emitted syntax (derives, open-enum
//! variants, visibility), so that `emit` itself stays unaware of them.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::Sink;
use crate::formats::FormatMappings;
use crate::ir::{NameHint, TypeId, TypeKind, TypeTable, UnknownFields, VariantBody};
use crate::load::UntypedSchemas;
use crate::naming::Names;

/// The contents of a `codegen.toml`. Every key is optional; an empty file
/// means the defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Schemas folder -> module identifier (`dfns = "dfns_api"`).
    #[serde(default)]
    pub modules: BTreeMap<String, String>,
    /// Which Rust type each string `format` becomes.
    #[serde(default)]
    pub formats: FormatMappings,
    /// Derives added to every generated type (paths, e.g. `"PartialOrd"`,
    /// `"schemars::JsonSchema"`).
    #[serde(default)]
    pub derives: Vec<String>,
    /// Visibility of every generated item: `"pub"` (default) or
    /// `"pub(crate)"`, for code a build script includes privately.
    #[serde(default)]
    pub visibility: Visibility,
    /// What structs do with properties their schema does not list.
    #[serde(default)]
    pub unknown_fields: UnknownFieldsPolicy,
    /// How a schema without `type` is read: `"infer"` (default) or
    /// `"exact"`.
    #[serde(default)]
    pub untyped_schemas: UntypedSchemas,
    /// Whether `example`/`examples` in the schemas become round-trip tests
    /// in the generated code (default: yes).
    #[serde(default = "yes")]
    pub example_tests: bool,
    /// Whether request-body structs get `new(required...)` and
    /// `with_<field>` builder methods (default: no).
    #[serde(default)]
    pub builders: bool,
    /// Per generated type, by its Rust name.
    #[serde(default)]
    pub types: BTreeMap<String, TypeSettings>,
}

fn yes() -> bool {
    true
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            modules: BTreeMap::new(),
            formats: FormatMappings::default(),
            derives: Vec::new(),
            visibility: Visibility::default(),
            unknown_fields: UnknownFieldsPolicy::default(),
            untyped_schemas: UntypedSchemas::default(),
            example_tests: true,
            builders: false,
            types: BTreeMap::new(),
        }
    }
}

/// Settings for one generated type (`[types.Name]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypeSettings {
    /// A new Rust name for the type.
    pub rename: Option<String>,
    /// Struct fields to rename, by JSON key -> Rust field name (the JSON
    /// key stays as it is on the wire).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Extra derives for this type only.
    #[serde(default)]
    pub derives: Vec<String>,
    /// For a string enum that may grow: an `Unknown(String)` variant takes
    /// values this version does not list, instead of an error.
    #[serde(default)]
    pub open: bool,
    /// The unknown-fields policy for this struct.
    pub unknown_fields: Option<UnknownFieldsPolicy>,
}

/// The visibility of generated items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Visibility {
    /// `pub`.
    #[default]
    #[serde(rename = "pub")]
    Public,
    /// `pub(crate)`.
    #[serde(rename = "pub(crate)")]
    Crate,
}

/// What a struct does with a property its schema does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownFieldsPolicy {
    /// As the schema says: rejected under `additionalProperties: false`,
    /// kept in a map under an `additionalProperties` schema, else dropped.
    #[default]
    Schema,
    /// Rejected, wherever the schema would drop them (a server that wants
    /// to catch client typos).
    Deny,
    /// Dropped, even where the schema forbids them (a client that must
    /// survive a server adding fields).
    Ignore,
    /// Kept in a `BTreeMap<String, serde_json::Value>` member
    /// (`additional_properties`) wherever the schema allows them, so a
    /// value passes through unchanged (a proxy, a store). Crate-wide only:
    /// the member is named before per-type settings are read.
    Keep,
}

impl Settings {
    /// Parses `text`, the contents of the file `file`. Errors (TOML syntax,
    /// an unknown key, a value of the wrong kind) are recorded in `sink`
    /// with the file, the line and the key.
    pub fn parse(sink: &mut Sink, file: &str, text: &str) -> Option<Settings> {
        match toml::from_str::<Settings>(text) {
            Ok(settings) => Some(settings),
            Err(err) => {
                sink.error("config", file, "", format!("invalid configuration: {err}"))
                    .hint("the keys are listed in README.md, section `Configuration`");
                None
            }
        }
    }
}

/// What [`apply`] leaves for [`rewrite`]: per module identifier, per type
/// identifier, the additions to its item.
#[derive(Default)]
pub struct Extras {
    types: BTreeMap<(String, String), TypeExtras>,
    /// Checked to be paths when read; kept as text so that the extras can
    /// be shared by the threads that format the output (syn's trees
    /// cannot).
    derives: Vec<String>,
    visibility: Visibility,
}

#[derive(Default)]
struct TypeExtras {
    derives: Vec<String>,
    open: bool,
}

/// Applies `settings` (read from `file`) to the named table: the
/// unknown-fields policy, module names, type and field renames. Problems
/// (a key that matches nothing, a name that is not an identifier or
/// collides) are errors in `sink` naming the file and the key.
pub fn apply(
    sink: &mut Sink,
    file: &str,
    settings: &Settings,
    table: &mut TypeTable,
    names: &mut Names,
) -> Extras {
    let mut extras = Extras {
        visibility: settings.visibility,
        derives: paths(sink, file, "derives", &settings.derives),
        ..Extras::default()
    };
    let ids: Vec<TypeId> = table.iter().map(|(id, _)| id).collect();
    for &id in &ids {
        set_unknown_fields(table, id, settings.unknown_fields);
    }

    for (folder, ident) in &settings.modules {
        let key = format!("modules.{folder}");
        if !is_identifier(ident) {
            sink.error(
                "config",
                file,
                &key,
                format!("`{ident}` is not a Rust module name"),
            );
        } else if names.module_idents().any(|(_, existing)| existing == ident) {
            sink.error(
                "config",
                file,
                &key,
                format!("a module is already called `{ident}`"),
            );
        } else if !names.rename_module(folder, ident) {
            sink.error(
                "config",
                file,
                &key,
                format!("there is no schemas folder `{folder}`"),
            )
            .hint("keys of [modules] are top-level folders of the schemas directory");
        }
    }

    let mut configured: Vec<TypeId> = Vec::new();
    // Settings are matched against the names as generated, before any
    // rename, so that two renames cannot chase each other.
    let generated: Vec<(TypeId, String)> = ids
        .iter()
        .map(|&id| (id, names.type_name(id).trim_start_matches("r#").to_owned()))
        .collect();
    for (name, type_settings) in &settings.types {
        let key = format!("types.{name}");
        let matching: Vec<TypeId> = generated
            .iter()
            .filter(|(_, generated)| generated == name)
            .map(|(id, _)| *id)
            .collect();
        if matching.is_empty() {
            sink.error(
                "config",
                file,
                &key,
                format!("no generated type is called `{name}`"),
            )
            .hint("keys of [types] are the Rust names of generated types, before renaming");
            continue;
        }
        configured.extend(&matching);
        for id in matching {
            apply_to_type(
                sink,
                file,
                &key,
                type_settings,
                table,
                names,
                id,
                &mut extras,
            );
        }
    }
    share_bounded_strings(table, &settings.derives, &configured);
    extras
}

/// The traits `BoundedString` (at the generated crate's root) implements;
/// a type that must derive anything else keeps a newtype of its own.
const BOUNDED_STRING_DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
];

/// Marks the inline string types checked only for their length as
/// aliases of `BoundedString<MIN, MAX>`: a vendor spec that puts
/// `maxLength: 5000` on every string (813 of Stripe's 871 checked strings) would
/// otherwise get a newtype with five impls for each. Named schemas keep
/// their newtype, whose name means something, and so does a type the
/// settings configure or one that global derives the generic does not
/// have would reach.
fn share_bounded_strings(table: &mut TypeTable, derives: &[String], configured: &[TypeId]) {
    let derivable = derives
        .iter()
        .all(|d| BOUNDED_STRING_DERIVES.contains(&d.as_str()));
    if !derivable {
        return;
    }
    let ids: Vec<TypeId> = table.iter().map(|(id, _)| id).collect();
    for id in ids {
        if configured.contains(&id) {
            continue;
        }
        let def = table.get_mut(id);
        let inline = matches!(def.name, NameHint::Contextual { .. });
        if let TypeKind::Checked(checked) = &mut def.kind {
            checked.shared = inline && checked.length_bounds().is_some();
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn apply_to_type(
    sink: &mut Sink,
    file: &str,
    key: &str,
    settings: &TypeSettings,
    table: &mut TypeTable,
    names: &mut Names,
    id: TypeId,
    extras: &mut Extras,
) {
    let is_enum = matches!(table.get(id).kind, TypeKind::Enum(_));
    if settings.open && !is_enum {
        sink.error(
            "config",
            file,
            &format!("{key}.open"),
            "only a string enum can be open",
        );
    }
    if let Some(policy) = settings.unknown_fields {
        if policy == UnknownFieldsPolicy::Keep {
            sink.error(
                "config",
                file,
                &format!("{key}.unknown-fields"),
                "`keep` applies to the whole crate, not to one type",
            )
            .hint("set `unknown-fields = \"keep\"` at the top of the file");
        }
        if !matches!(table.get(id).kind, TypeKind::Struct(_)) {
            sink.error(
                "config",
                file,
                &format!("{key}.unknown-fields"),
                "only a struct has fields",
            );
        }
        set_unknown_fields(table, id, policy);
    }
    for (wire, member) in &settings.fields {
        let field_key = format!("{key}.fields.{wire}");
        let TypeKind::Struct(body) = &table.get(id).kind else {
            sink.error("config", file, &field_key, "only a struct has fields");
            continue;
        };
        let Some(index) = body.fields.iter().position(|f| &f.wire_name == wire) else {
            sink.error(
                "config",
                file,
                &field_key,
                format!("the type has no property `{wire}`"),
            );
            continue;
        };
        if !is_identifier(member) {
            sink.error(
                "config",
                file,
                &field_key,
                format!("`{member}` is not a Rust field name"),
            );
        } else if names.members(id).iter().any(|m| m == member) {
            sink.error(
                "config",
                file,
                &field_key,
                format!("a field is already called `{member}`"),
            );
        } else {
            names.rename_member(id, index, member.clone());
        }
    }
    let module = names.module(&table.get(id).origin.module).to_owned();
    let mut name = names.type_name(id).to_owned();
    if let Some(new) = &settings.rename {
        let rename_key = format!("{key}.rename");
        let taken = table.iter().any(|(other, def)| {
            other != id
                && names.module(&def.origin.module) == module
                && names.type_name(other) == new
        });
        if !is_identifier(new) {
            sink.error(
                "config",
                file,
                &rename_key,
                format!("`{new}` is not a Rust type name"),
            );
        } else if taken {
            sink.error(
                "config",
                file,
                &rename_key,
                format!("module `{module}` already has a type `{new}`"),
            );
        } else {
            names.rename_type(id, new.clone());
            name = new.clone();
        }
    }
    let derives = paths(sink, file, &format!("{key}.derives"), &settings.derives);
    extras.types.insert(
        (module, name),
        TypeExtras {
            derives,
            open: settings.open && is_enum,
        },
    );
}

/// Sets the unknown-fields policy of a struct, or of the field-holding
/// variants of a union.
fn set_unknown_fields(table: &mut TypeTable, id: TypeId, policy: UnknownFieldsPolicy) {
    let set = |unknown: &mut UnknownFields| match (policy, &*unknown) {
        (UnknownFieldsPolicy::Deny, UnknownFields::Ignore) => *unknown = UnknownFields::Deny,
        (UnknownFieldsPolicy::Ignore, UnknownFields::Deny) => *unknown = UnknownFields::Ignore,
        _ => {}
    };
    match &mut table.get_mut(id).kind {
        TypeKind::Struct(body) => set(&mut body.unknown),
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                if let VariantBody::Fields(body) = &mut variant.body {
                    set(&mut body.unknown);
                }
            }
        }
        _ => {}
    }
}

/// The derives that are paths; an error in `sink` for each that is not.
fn paths(sink: &mut Sink, file: &str, key: &str, derives: &[String]) -> Vec<String> {
    derives
        .iter()
        .filter_map(|text| match syn::parse_str::<syn::Path>(text) {
            Ok(_) => Some(text.clone()),
            Err(_) => {
                sink.error(
                    "config",
                    file,
                    key,
                    format!("`{text}` is not a derive path"),
                );
                None
            }
        })
        .collect()
}

fn is_identifier(text: &str) -> bool {
    syn::parse_str::<syn::Ident>(text).is_ok()
}

impl Extras {
    /// Whether [`rewrite`] may change the items of `module`: a restricted
    /// visibility, derives for every type, or settings for one of its
    /// types.
    pub fn rewrites_module(&self, module: &str) -> bool {
        self.visibility != Visibility::Public
            || !self.derives.is_empty()
            || self.types.keys().any(|(m, _)| m == module)
    }

    /// Whether [`rewrite`] changes the crate root's items: only a
    /// restricted visibility does.
    pub fn rewrites_root(&self) -> bool {
        self.visibility != Visibility::Public
    }

    /// Whether [`rewrite`] leaves the type `name` of `module` as emitted.
    pub fn leaves(&self, module: &str, name: &str) -> bool {
        self.visibility == Visibility::Public
            && self.derives.is_empty()
            && !self
                .types
                .contains_key(&(module.to_owned(), name.to_owned()))
    }
}

/// Adds what [`apply`] decided to the emitted items of module `module`
/// (`None` for the crate root): derives, open-enum variants, visibility.
pub fn rewrite(extras: &Extras, module: Option<&str>, file: &mut syn::File) {
    let changes = match module {
        Some(module) => extras.rewrites_module(module),
        None => extras.rewrites_root(),
    };
    if !changes {
        return;
    }
    let restricts = extras.visibility != Visibility::Public;
    if let Some(module) = module {
        let derives = parse_paths(&extras.derives);
        for item in &mut file.items {
            match item {
                syn::Item::Struct(item) => {
                    let own = extras
                        .types
                        .get(&(module.to_owned(), item.ident.to_string()));
                    add_derives(&mut item.attrs, &derives, own);
                }
                syn::Item::Enum(item) => {
                    let own = extras
                        .types
                        .get(&(module.to_owned(), item.ident.to_string()));
                    add_derives(&mut item.attrs, &derives, own);
                    if own.is_some_and(|own| own.open) {
                        open_enum(item);
                    }
                }
                _ => {}
            }
        }
    }
    if restricts {
        syn::visit_mut::VisitMut::visit_file_mut(&mut CrateVisibility, file);
    }
}

/// Adds the configured derives an item lacks, after its own derives and
/// serde attributes (before the `schemars` derive, which is conditional).
fn add_derives(attrs: &mut Vec<syn::Attribute>, all: &[syn::Path], own: Option<&TypeExtras>) {
    // A trait derived twice does not compile; one the type already derives
    // is skipped.
    let mut present: Vec<syn::Path> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .filter_map(|attr| attr.parse_args_with(derive_list).ok())
        .flatten()
        .collect();
    let own = parse_paths(own.map_or(&[][..], |own| &own.derives[..]));
    let mut added = Vec::new();
    for path in all.iter().chain(&own) {
        if !present.iter().any(|known| same_path(known, path)) {
            present.push(path.clone());
            added.push(path);
        }
    }
    if !added.is_empty() {
        let at = attrs
            .iter()
            .position(|attr| attr.path().is_ident("cfg_attr"))
            .unwrap_or(attrs.len());
        attrs.insert(at, syn::parse_quote!(#[derive(#(#added),*)]));
    }
}

/// Derive paths checked by [`paths`] when the settings were read.
fn parse_paths(texts: &[String]) -> Vec<syn::Path> {
    texts
        .iter()
        .filter_map(|text| syn::parse_str(text).ok())
        .collect()
}

/// Path equality by spelling (`serde::Serialize`), which is what decides
/// whether a trait is derived twice.
fn same_path(a: &syn::Path, b: &syn::Path) -> bool {
    a.leading_colon.is_some() == b.leading_colon.is_some()
        && a.segments.len() == b.segments.len()
        && a.segments
            .iter()
            .zip(&b.segments)
            .all(|(x, y)| x.ident == y.ident)
}

type DeriveList = syn::punctuated::Punctuated<syn::Path, syn::Token![,]>;

fn derive_list(input: syn::parse::ParseStream<'_>) -> syn::Result<DeriveList> {
    DeriveList::parse_terminated(input)
}

/// Adds `Unknown(String)`, which takes any string the listed variants do
/// not, and drops the derives a `String` payload rules out.
fn open_enum(item: &mut syn::ItemEnum) {
    for attr in &mut item.attrs {
        if attr.path().is_ident("derive") {
            if let Ok(list) = attr.parse_args_with(derive_list) {
                let kept = list
                    .into_iter()
                    .filter(|p| !p.is_ident("Copy") && !p.is_ident("Default"));
                *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
            }
        }
    }
    for variant in &mut item.variants {
        variant.attrs.retain(|a| !a.path().is_ident("default"));
    }
    item.variants.push(syn::parse_quote! {
        /// A value this version of the schema does not list (the enum is
        /// open: the API may add values).
        #[serde(untagged)]
        Unknown(String)
    });
}

/// Turns every `pub` into `pub(crate)`.
struct CrateVisibility;

impl syn::visit_mut::VisitMut for CrateVisibility {
    fn visit_visibility_mut(&mut self, vis: &mut syn::Visibility) {
        if matches!(vis, syn::Visibility::Public(_)) {
            *vis = syn::parse_quote!(pub(crate));
        }
    }
}
