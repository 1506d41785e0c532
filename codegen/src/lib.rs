//! Generates idiomatic Rust types from JSON Schema (2020-12, draft-07) and
//! OpenAPI 3.0/3.1 documents.
//!
//! The pipeline, one module per stage:
//! [`load`] -> [`overlay`] -> [`resolve`] -> [`normalize`] -> [`lower`] (into the [`ir`])
//! -> [`analyze`] -> [`naming`] -> [`emit`] -> [`render`] -> [`write`].
//! Only `load` and `write` touch the file system; [`Config::generate`]
//! returns the files in memory, and [`Generated::write`] or
//! [`Generated::check`] put them on disk or compare them with it.
//!
//! ```no_run
//! let generated = codegen::Config::new()
//!     .schemas("schemas")
//!     .generate()
//!     .map_err(|failure| failure.to_string())?;
//! generated.write("generated".as_ref()).map_err(|e| e.to_string())?;
//! # Ok::<(), String>(())
//! ```
#![deny(missing_docs)]

pub mod analyze;
pub mod diag;
pub mod emit;
pub mod formats;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod overlay;
pub mod pointer;
pub mod render;
pub mod resolve;
pub mod source_map;
pub mod write;
pub mod yaml;

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use quote::{format_ident, quote};

use crate::diag::{Diagnostic, Severity, Sink};
use crate::formats::{Dependency, StringFormat};
use crate::ir::{TypeRef, TypeTable};
use crate::load::Source;

/// What to generate from, and how.
#[derive(Debug, Clone)]
pub struct Config {
    schemas: PathBuf,
    sources: Option<Vec<Source>>,
    crate_name: String,
    layout: Layout,
    lenient: bool,
}

/// The shape of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A complete crate: `Cargo.toml`, `src/lib.rs` and one file per module.
    Crate,
    /// One file, `generated.rs`, holding every module inline, for a build
    /// script to write into `OUT_DIR` and a crate to `include!`.
    SingleFile,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    /// Defaults: schemas from `schemas/`, a crate named `generated`.
    pub fn new() -> Self {
        Self {
            schemas: PathBuf::from("schemas"),
            sources: None,
            crate_name: "generated".to_owned(),
            layout: Layout::Crate,
            lenient: false,
        }
    }

    /// Turns the problems a schema's author should fix (a variant with no
    /// derivable name, overlapping `oneOf` branches, a `$ref` that cannot be
    /// followed, a schema no value satisfies) into warnings with a fallback
    /// (a name made from the tags, `serde_json::Value`), for documents
    /// nobody here can edit. Off by default.
    pub fn lenient(&mut self, lenient: bool) -> &mut Self {
        self.lenient = lenient;
        self
    }

    /// Whether to produce a crate directory or a single file.
    pub fn layout(&mut self, layout: Layout) -> &mut Self {
        self.layout = layout;
        self
    }

    /// The directory of schema documents; each top-level folder becomes a
    /// module.
    pub fn schemas(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.schemas = dir.into();
        self
    }

    /// Generates from these in-memory documents instead of a directory
    /// (paths relative to an imaginary schemas root).
    pub fn sources(&mut self, sources: impl IntoIterator<Item = (String, String)>) -> &mut Self {
        self.sources = Some(
            sources
                .into_iter()
                .map(|(path, text)| Source { path, text })
                .collect(),
        );
        self
    }

    /// The package name written into the generated `Cargo.toml`.
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = name.into();
        self
    }

    /// Runs the pipeline. Nothing is written; errors come back as a
    /// [`Failure`] holding every diagnostic found.
    pub fn generate(&self) -> Result<Generated, Failure> {
        let mut sink = Sink::default();
        if self.lenient {
            // What stays an error: what cannot be read or cannot compile.
            sink.demote(&[
                "network-ref",
                "dangling-ref",
                "ref-outside-root",
                "unsatisfiable",
            ]);
        }
        let sources = match &self.sources {
            Some(sources) => sources.clone(),
            None => load::read_sources(&mut sink, &self.schemas),
        };
        let docs = load::load(&mut sink, &sources);
        let docs = overlay::apply(&mut sink, docs);
        let resolved = resolve::resolve(&mut sink, &docs);
        if sink.has_errors() {
            return Err(Failure::new(sink, sources));
        }
        let mut table = lower::lower(&mut sink, &docs, &resolved, self.lenient);
        let analysis = analyze::analyze(&mut sink, &mut table);
        let names = naming::name(&mut sink, &table, self.lenient);
        if sink.has_errors() {
            return Err(Failure::new(sink, sources));
        }

        let modules = emit::emit(&table, &names, &analysis);
        let mut outputs: Vec<(String, proc_macro2::TokenStream)> = Vec::new();
        let mut files = write::Files::new();
        match self.layout {
            Layout::Crate => {
                files.insert("Cargo.toml".to_owned(), manifest(&self.crate_name, &table));
                outputs.push(("src/lib.rs".to_owned(), crate_root(&modules)));
                for module in modules {
                    let file = module.ident.trim_start_matches("r#");
                    outputs.push((format!("src/{file}.rs"), module.tokens));
                }
            }
            Layout::SingleFile => {
                let inline = modules.iter().map(|m| {
                    let ident = module_ident(&m.ident);
                    let tokens = &m.tokens;
                    quote!(pub mod #ident { #tokens })
                });
                let root_items = emit::root_items();
                outputs.push(("generated.rs".to_owned(), quote!(#root_items #(#inline)*)));
            }
        }
        for (path, tokens) in outputs {
            match render::render(tokens) {
                Ok(text) => {
                    files.insert(path, text);
                }
                Err(message) => {
                    sink.error("internal", &path, "", message);
                }
            }
        }
        if sink.has_errors() {
            return Err(Failure::new(sink, sources));
        }
        Ok(Generated {
            files,
            diagnostics: sink.finish(),
            stats: Stats::of(&table),
            sources,
        })
    }
}

/// A successful run: the files of the generated crate, and warnings.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Paths relative to the crate directory -> contents.
    pub files: write::Files,
    /// Warnings (never errors).
    pub diagnostics: Vec<Diagnostic>,
    /// How precisely the schemas were modelled.
    pub stats: Stats,
    sources: Vec<Source>,
}

/// Counts that say how much of the input became precise Rust types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Named types emitted.
    pub types: usize,
    /// Type positions (fields, alias targets, variant payloads).
    pub positions: usize,
    /// Positions that fell back to `serde_json::Value` because the schema
    /// was not modelled (an unconstrained `{}` schema is precise, but is
    /// counted here too: nothing more precise exists for it).
    pub value_positions: usize,
}

impl Stats {
    fn of(table: &TypeTable) -> Self {
        let mut stats = Stats {
            types: table.len(),
            ..Stats::default()
        };
        for (_, def) in table.iter() {
            let refs = def
                .kind
                .fields()
                .into_iter()
                .map(|f| f.ty.clone())
                .chain(def.kind.other_refs());
            for ty in refs {
                stats.positions += 1;
                if matches!(ty.non_null(), TypeRef::Any) {
                    stats.value_positions += 1;
                }
            }
        }
        stats
    }

    /// The share of positions with a type more precise than `Value`, in
    /// percent.
    pub fn precise_percent(&self) -> f64 {
        if self.positions == 0 {
            100.0
        } else {
            100.0 * (self.positions - self.value_positions) as f64 / self.positions as f64
        }
    }
}

impl Generated {
    /// The warnings, rendered with source snippets.
    pub fn render_warnings(&self) -> String {
        diag::render(&self.diagnostics, &self.sources)
    }

    /// Makes `out_dir` hold exactly the generated crate, atomically.
    pub fn write(&self, out_dir: &Path) -> io::Result<write::Applied> {
        write::apply(out_dir, &self.files)
    }

    /// How `out_dir` differs from the generated crate; empty when in sync.
    pub fn check(&self, out_dir: &Path) -> io::Result<Vec<write::Drift>> {
        write::check(out_dir, &self.files)
    }
}

/// A failed run: at least one error, plus any warnings.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Every diagnostic, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
    sources: Vec<Source>,
}

impl Failure {
    fn new(sink: Sink, sources: Vec<Source>) -> Self {
        Self {
            diagnostics: sink.finish(),
            sources,
        }
    }

    /// The number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&diag::render(&self.diagnostics, &self.sources))?;
        write!(f, "generation failed with {} error(s)", self.error_count())
    }
}

impl std::error::Error for Failure {}

/// The generated crate's `lib.rs`: a module per source folder.
fn crate_root(modules: &[emit::ModuleTokens]) -> proc_macro2::TokenStream {
    let mut doc = vec![
        " Rust types generated from JSON Schema and OpenAPI documents.".to_owned(),
        String::new(),
        " | Module | Source documents |".to_owned(),
        " |---|---|".to_owned(),
    ];
    for module in modules {
        let sources = module
            .sources
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        doc.push(format!(
            " | [`{}`] | {sources} |",
            module.ident.trim_start_matches("r#")
        ));
    }
    let mods = modules.iter().map(|m| {
        let ident = module_ident(&m.ident);
        quote!(pub mod #ident;)
    });
    let root_items = emit::root_items();
    quote! {
        #(#![doc = #doc])*
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #(#mods)*

        #root_items

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

fn module_ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The generated crate's `Cargo.toml`, with only the dependencies its types
/// use.
fn manifest(name: &str, table: &TypeTable) -> String {
    let mut formats = BTreeSet::new();
    for (_, def) in table.iter() {
        for field in def.kind.fields() {
            collect_formats(&field.ty, &mut formats);
        }
        for ty in def.kind.other_refs() {
            collect_formats(&ty, &mut formats);
        }
    }
    let mut deps: Vec<Dependency> = formats.into_iter().map(StringFormat::dependency).collect();
    let has_pattern = table.iter().any(|(_, def)| {
        matches!(&def.kind, ir::TypeKind::Checked(c) if c.rules.iter().any(|r| matches!(r, ir::Rule::Pattern(_))))
    });
    if has_pattern {
        deps.push(Dependency {
            name: "regex",
            spec: r#""1""#,
        });
    }
    deps.extend([
        Dependency {
            name: "serde",
            spec: r#"{ version = "1", features = ["derive"] }"#,
        },
        Dependency {
            name: "serde_json",
            spec: r#""1""#,
        },
        Dependency {
            name: "serde_path_to_error",
            spec: r#""0.1""#,
        },
    ]);
    deps.sort();
    deps.dedup();
    let deps: String = deps
        .iter()
        .map(|d| format!("{} = {}\n", d.name, d.spec))
        .collect();
    format!(
        "# @generated by codegen from the documents in schemas/. Do not edit: run `cargo xtask codegen`.\n\n\
         [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\n# Descriptions come from schemas; their code samples are not Rust.\ndoctest = false\n\n\
         [dependencies]\n{deps}"
    )
}

fn collect_formats(ty: &TypeRef, out: &mut BTreeSet<StringFormat>) {
    match ty {
        TypeRef::Format(format) => {
            out.insert(*format);
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            collect_formats(inner, out)
        }
        _ => {}
    }
}
