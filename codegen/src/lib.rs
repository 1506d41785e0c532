//! Generates idiomatic Rust types from JSON Schema (2020-12, draft-07) and
//! OpenAPI 3.0/3.1 documents.
//!
//! The pipeline, one module per stage:
//! [`load`] -> [`overlay`] -> [`resolve`] -> [`normalize`] -> [`lower`] (into the [`ir`])
//! -> [`analyze`] -> [`naming`] -> [`emit`] -> [`render`] -> [`write`](mod@write).
//! Only `load` and `write` touch the file system; [`Config::generate`]
//! returns the files in memory, and [`Generated::write`] or
//! [`Generated::check`] put them on disk or compare them with it.
//!
//! A build script generates into `OUT_DIR` and the crate `include!`s the
//! result (`examples/build-script` in the repository is a complete, runnable
//! crate doing this):
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     codegen::Config::new()
//!         .schemas("schemas")
//!         .overlay("pets", "refinements/pets.overlay.yaml")
//!         .layout(codegen::Layout::SingleFile)
//!         .out_dir(std::env::var("OUT_DIR")?)
//!         .emit_rerun_if_changed(true)
//!         .generate()?;
//!     Ok(())
//! }
//! // src/lib.rs:
//! // include!(concat!(env!("OUT_DIR"), "/generated.rs"));
//! ```
//!
//! Without [`Config::out_dir`] nothing is written, and the caller decides:
//!
//! ```no_run
//! let generated = codegen::Config::new().schemas("schemas").generate()?;
//! generated.write("generated".as_ref())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod analyze;
pub mod api_diff;
pub mod builders;
pub mod diag;
pub mod documentation;
pub mod emit;
pub mod examples;
pub mod formats;
pub mod ir;
pub mod json_schema;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod overlay;
pub mod pointer;
pub mod render;
pub mod resolve;
pub mod settings;
pub mod source_map;
pub mod timings;
pub mod write;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use quote::{format_ident, quote};

use crate::diag::{Diagnostic, Severity, Sink};
use crate::formats::{Dependency, FormatMappings, StringFormat};
use crate::ir::{TypeRef, TypeTable};
use crate::load::Source;
use crate::timings::{FormatTimes, Timings};

/// What to generate from, and how.
#[derive(Debug, Clone)]
pub struct Config {
    schemas: PathBuf,
    sources: Option<Vec<Source>>,
    crate_name: String,
    layout: Layout,
    lenient: bool,
    overlays: Vec<(String, PathBuf)>,
    out_dir: Option<PathBuf>,
    emit_rerun_if_changed: bool,
    settings: Option<SettingsInput>,
    document_uris: Vec<(String, String)>,
}

/// Where the `codegen.toml` settings come from.
#[derive(Debug, Clone)]
enum SettingsInput {
    File(PathBuf),
    Text { name: String, text: String },
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
            overlays: Vec::new(),
            out_dir: None,
            emit_rerun_if_changed: false,
            settings: None,
            document_uris: Vec::new(),
        }
    }

    /// Declares that the document at `path` (relative to the schemas root)
    /// is the one a `$ref` to `uri` means: a copy of a published schema
    /// that does not state its own address (`$id`) then serves references
    /// to that address, and its relative references resolve against it.
    /// Nothing is fetched either way.
    pub fn document_uri(&mut self, path: impl Into<String>, uri: impl Into<String>) -> &mut Self {
        self.document_uris.push((path.into(), uri.into()));
        self
    }

    /// Reads the project's settings (module names, format mappings, extra
    /// derives, visibility, unknown-fields policy, open enums, renames;
    /// see [`settings::Settings`]) from this TOML file, conventionally
    /// `codegen.toml`. An unknown key is an error naming the file and the
    /// key. Without one, the defaults apply.
    pub fn config_file(&mut self, file: impl Into<PathBuf>) -> &mut Self {
        self.settings = Some(SettingsInput::File(file.into()));
        self
    }

    /// Like [`Config::config_file`], with the TOML text in memory; `name`
    /// is what diagnostics call it.
    pub fn config_toml(&mut self, name: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.settings = Some(SettingsInput::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Applies the Overlay 1.0 document `file` to the documents of schemas
    /// folder `folder`, as if it lay in that folder. For refinements kept
    /// outside the schemas directory (which may then hold a vendor's files
    /// untouched); may be given several times, applied in order after the
    /// folder's own overlays.
    pub fn overlay(&mut self, folder: impl Into<String>, file: impl Into<PathBuf>) -> &mut Self {
        self.overlays.push((folder.into(), file.into()));
        self
    }

    /// Where [`Config::generate`] writes its output. With
    /// [`Layout::SingleFile`], `generated.rs` is written into `dir` (which
    /// may hold other files, like a build script's `OUT_DIR`) unless it
    /// already has that content; with [`Layout::Crate`], `dir` becomes
    /// exactly the generated crate, atomically (see [`Generated::write`]).
    /// Not set by default: nothing is written.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Prints `cargo:rerun-if-changed=` lines for every input read (the
    /// schemas directory and overlay files), so that a build script runs
    /// again exactly when they change. Off by default.
    pub fn emit_rerun_if_changed(&mut self, emit: bool) -> &mut Self {
        self.emit_rerun_if_changed = emit;
        self
    }

    /// Turns the problems a schema's author should fix (a variant with no
    /// derivable name, a `$ref` that cannot be followed) into warnings with
    /// a fallback (a name made from the tags, `serde_json::Value`), for
    /// documents nobody here can edit. Off by default.
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
        let mut timings = Timings::default();
        let mut lap = Instant::now();
        if self.lenient {
            // What stays an error: what cannot be read or cannot compile.
            sink.demote(&["network-ref", "dangling-ref", "ref-outside-root"]);
        }
        if self.emit_rerun_if_changed {
            self.print_rerun_if_changed();
        }
        let (settings_file, settings) = self.read_settings(&mut sink);
        let mut sources = match &self.sources {
            Some(sources) => sources.clone(),
            None => load::read_sources(&mut sink, &self.schemas),
        };
        self.add_overlays(&mut sink, &mut sources);
        lap = timings.lap("read", lap);
        let mut docs = load::load(&mut sink, &sources);
        if let Some(settings) = &settings {
            for doc in &mut docs {
                doc.untyped = settings.untyped_schemas;
            }
        }
        let docs = overlay::apply(&mut sink, docs);
        lap = timings.lap("load", lap);
        let resolved = resolve::resolve_with_uris(&mut sink, &docs, &self.document_uris);
        lap = timings.lap("resolve", lap);
        if sink.has_errors() {
            return Err(Failure::new(sink, sources));
        }
        // Integer formats are mapped while lowering; a broken settings file
        // is reported below, after the schemas' own problems.
        let lowering = lower::Options {
            lenient: self.lenient,
            formats: settings.as_ref().map(|s| s.formats).unwrap_or_default(),
            keep_unknown: settings
                .as_ref()
                .is_some_and(|s| s.unknown_fields == settings::UnknownFieldsPolicy::Keep),
        };
        let mut table = lower::lower(&mut sink, &docs, &resolved, &lowering);
        lap = timings.lap("lower", lap);
        let analysis = analyze::analyze(&mut sink, &mut table);
        lap = timings.lap("analyze", lap);
        // Naming reads the table as analysis left it; so does finding the
        // schemas' examples, which nothing after changes, so on a large
        // table it is done meanwhile (on synthetic-10000, a third of
        // naming's time). On a small one the thread costs more.
        let (mut names, found_examples) = both(
            table.len() >= PARALLEL_NAMING_TYPES,
            || naming::name(&mut sink, &table, self.lenient),
            || examples::collect(&docs, &table),
        );
        lap = timings.lap("name", lap);
        let Some(settings) = settings else {
            return Err(Failure::new(sink, sources));
        };
        let extras = settings::apply(&mut sink, &settings_file, &settings, &mut table, &mut names);
        if sink.has_errors() {
            return Err(Failure::new(sink, sources));
        }
        documentation::fill(&mut table);
        examples::document(&mut table, &found_examples);

        let options = emit::EmitOptions {
            formats: settings.formats,
            schemars: self.layout == Layout::Crate,
        };
        let plans = emit::plan(&table, &names);
        lap = timings.lap("settings, docs, examples", lap);
        let times = FormatTimes::default();
        let emitter = emit::Emitter::new(&table, &names, &analysis, &options);
        let request_bodies = if settings.builders {
            builders::request_bodies(&table)
        } else {
            BTreeSet::new()
        };
        let example_tests = if settings.example_tests {
            examples::tests(&table, &found_examples, &options.formats, |id| {
                names.type_name(id).to_owned()
            })
        } else {
            BTreeMap::new()
        };
        // Everything a module's file holds after its types: private
        // helpers, operations, then builders, schemars impls and example
        // tests.
        let module_tail = |plan: &emit::ModulePlan| {
            let module = plan.ident.as_str();
            // The helpers come printed, unless the settings would edit
            // them.
            let helpers = emitter.tail_helpers(plan);
            let helpers = match helpers.text().filter(|_| !extras.rewrites_module(module)) {
                Some(text) => render::Item::Text {
                    text,
                    tokens: Box::new(move || helpers.tokens()),
                },
                None => render::Item::Tokens(helpers.tokens()),
            };
            let operations = emitter.operations(module).unwrap_or_default();
            let tests = example_tests
                .iter()
                .filter(|(key, _)| names.module(key) == module)
                .flat_map(|(_, tests)| tests)
                .collect::<Vec<_>>();
            let tests = (!tests.is_empty()).then(|| {
                examples::test_module(&tests, |ty| {
                    emit::nested_type(&table, &names, &analysis, &options, ty, module)
                })
            });
            // Each schemars impl comes formatted where it can
            // (`json_schema::impl_text`).
            let schema_impls = if self.layout == Layout::Crate {
                json_schema::impl_items(
                    &table,
                    &plan.ids,
                    |id| names.type_name(id).to_owned(),
                    |ty| emit::schema_type(&table, &names, &analysis, &options, ty, module),
                )
            } else {
                Vec::new()
            };
            let rfc3339_marker = (self.layout == Layout::Crate && emitter.uses_rfc3339(plan))
                .then(json_schema::rfc3339_marker);
            let builder_impls = request_bodies
                .iter()
                .filter(|id| names.module(&table.get(**id).origin.module) == module)
                .map(|id| {
                    builders::builder(&table, &names, *id, |ty| {
                        emit::rust_type(&table, &names, &analysis, &options, ty, module)
                    })
                });
            // The operations module on its own, for `render::format_items`
            // to print directly.
            let mut items = vec![
                helpers,
                render::Item::Tokens(operations),
                render::Item::Tokens(quote!(#(#builder_impls)* #rfc3339_marker)),
            ];
            items.extend(schema_impls);
            items.push(render::Item::Tokens(quote!(#tests)));
            items
        };
        let emit_part = |plan: &emit::ModulePlan, part: &ModulePart| {
            times.emit.time(|| match part {
                ModulePart::Head => vec![render::Item::Tokens(emitter.head(plan))],
                ModulePart::Types(range) => emitter.items(&plan.ident, &plan.ids[range.clone()]),
                ModulePart::Tail => module_tail(plan),
            })
        };
        // A part of a module as text, with the settings' additions.
        let format_part = |plan: &emit::ModulePlan, part: &ModulePart| {
            let module = plan.ident.as_str();
            render::format_items(
                emit_part(plan, part),
                |name| extras.leaves(module, name),
                |file| settings::rewrite(&extras, Some(module), file),
                &times,
            )
        };
        // A part of a module, parsed and given the settings' additions.
        let parse_part = |plan: &emit::ModulePlan, part: &ModulePart| {
            let tokens = emit_part(plan, part)
                .into_iter()
                .map(render::Item::into_tokens)
                .collect();
            let mut file = times.parse.time(|| render::parse(tokens))?;
            times
                .settings
                .time(|| settings::rewrite(&extras, Some(&plan.ident), &mut file));
            Ok::<_, String>(file)
        };
        let has_example_tests = example_tests.values().any(|tests| !tests.is_empty());
        // Built where it is used: tokens cannot cross threads.
        let example_support =
            || has_example_tests.then(|| examples::support(same_instant(&table, &options.formats)));
        let mut files = write::Files::new();
        let mut parse_root = |tokens: proc_macro2::TokenStream| {
            let parsed = render::parse(tokens);
            if let Err(message) = &parsed {
                sink.error("internal", "lib.rs", "", message.clone());
            }
            parsed.ok()
        };
        match self.layout {
            Layout::Crate => {
                files.insert(
                    "Cargo.toml".to_owned(),
                    manifest(&self.crate_name, &table, &options.formats),
                );
                // `lib.rs` is formatted on the same threads as the
                // modules: parsed whole, it is a small input's largest
                // job, and done first on this thread it kept the other
                // idle.
                let format_root = || {
                    if !extras.rewrites_root() {
                        return crate_root_in_parts(&plans, example_support(), &times);
                    }
                    let root = crate_root(&plans);
                    let example_support = example_support();
                    let mut root = times
                        .parse
                        .time(|| render::parse(quote!(#root #example_support)))?;
                    settings::rewrite(&extras, None, &mut root);
                    Ok::<_, String>(times.format.time(|| render::render_file(&root)))
                };
                // Each part is formatted on its own, on whichever thread
                // takes it; the parts of a module are joined in order.
                let parts: Vec<(usize, ModulePart)> = plans
                    .iter()
                    .enumerate()
                    .flat_map(|(index, plan)| {
                        ModulePart::split(plan.ids.len()).map(move |part| (index, part))
                    })
                    .collect();
                // Index `parts.len()` is the crate root. A module's tail
                // (operations, schemars impls) is its largest part, up to
                // a sixth of Stripe's work: started last, it would run
                // alone while the other threads idle. The root, next in
                // size, follows the tails.
                let root_job = parts.len();
                let mut schedule: Vec<usize> = (0..=root_job).collect();
                schedule.sort_by_key(|&i| match parts.get(i) {
                    Some((_, ModulePart::Tail)) => 0,
                    None => 1,
                    Some(_) => 2,
                });
                let scheduled =
                    render::in_parallel(schedule.len(), |k| match parts.get(schedule[k]) {
                        Some((index, part)) => format_part(&plans[*index], part),
                        None => format_root(),
                    });
                // Back in file order.
                let mut texts = vec![Ok(String::new()); root_job + 1];
                for (i, text) in schedule.into_iter().zip(scheduled) {
                    texts[i] = text;
                }
                match texts.pop() {
                    Some(Ok(root)) => {
                        files.insert("src/lib.rs".to_owned(), root);
                    }
                    Some(Err(message)) => {
                        sink.error("internal", "lib.rs", "", message);
                    }
                    None => {}
                }
                let mut bodies = vec![Vec::new(); plans.len()];
                for ((index, _), text) in parts.iter().zip(texts) {
                    match text {
                        Ok(text) => bodies[*index].push(text),
                        Err(message) => {
                            sink.error("internal", &plans[*index].ident, "", message);
                        }
                    }
                }
                for (plan, body) in plans.iter().zip(bodies) {
                    let name = plan.ident.trim_start_matches("r#");
                    files.insert(format!("src/{name}.rs"), render::finish_parts(&body));
                }
            }
            Layout::SingleFile => {
                let root_items = emit::root_items();
                let example_support = example_support();
                if let Some(mut root) = parse_root(quote!(#root_items #example_support)) {
                    settings::rewrite(&extras, None, &mut root);
                    for plan in &plans {
                        let ident = module_ident(&plan.ident);
                        let mut inline: syn::ItemMod = syn::parse_quote!(pub mod #ident {});
                        let mut items = Vec::new();
                        let whole = [
                            ModulePart::Head,
                            ModulePart::Types(0..plan.ids.len()),
                            ModulePart::Tail,
                        ];
                        for part in &whole {
                            match parse_part(plan, part) {
                                Ok(file) => {
                                    // The module's `#![doc]` goes inside its braces.
                                    inline.attrs.extend(file.attrs);
                                    items.extend(file.items);
                                }
                                Err(message) => {
                                    sink.error("internal", &plan.ident, "", message);
                                }
                            }
                        }
                        if let Some((_, content)) = &mut inline.content {
                            *content = items;
                        }
                        root.items.push(syn::Item::Mod(inline));
                    }
                    files.insert("generated.rs".to_owned(), render::render_file(&root));
                }
            }
        }
        lap = timings.lap("emit and format", lap);
        times.report(&mut timings);
        let stats = Stats::of(&table);
        // Freeing the documents' JSON trees and the stages' tables takes
        // a few percent of a large run (13 ms of synthetic-10000's). It
        // is left to a thread of its own, while the output is written and
        // returned.
        drop_in_background((docs, resolved, table, names, analysis, found_examples));
        if let Some(out_dir) = &self.out_dir {
            if let Err(err) = self.write_output(out_dir, &files) {
                sink.error(
                    "io",
                    &out_dir.display().to_string(),
                    "",
                    format!("cannot write the output: {err}"),
                );
            }
            timings.lap("write", lap);
        }
        if sink.has_errors() {
            return Err(Failure::new(sink, sources));
        }
        Ok(Generated {
            timings,
            files,
            diagnostics: sink.finish(),
            stats,
            sources,
        })
    }

    /// The settings and the name diagnostics give their file; `None` when
    /// they could not be read (the error is in `sink`).
    fn read_settings(&self, sink: &mut Sink) -> (String, Option<settings::Settings>) {
        match &self.settings {
            None => (
                "codegen.toml".to_owned(),
                Some(settings::Settings::default()),
            ),
            Some(SettingsInput::Text { name, text }) => {
                (name.clone(), settings::Settings::parse(sink, name, text))
            }
            Some(SettingsInput::File(path)) => {
                let name = path.display().to_string();
                match std::fs::read_to_string(path) {
                    Ok(text) => {
                        let settings = settings::Settings::parse(sink, &name, &text);
                        (name, settings)
                    }
                    Err(err) => {
                        sink.error(
                            "io",
                            &name,
                            "",
                            format!("cannot read the configuration: {err}"),
                        );
                        (name, None)
                    }
                }
            }
        }
    }

    fn print_rerun_if_changed(&self) {
        if self.sources.is_none() {
            println!("cargo:rerun-if-changed={}", self.schemas.display());
        }
        if let Some(SettingsInput::File(file)) = &self.settings {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for (_, file) in &self.overlays {
            println!("cargo:rerun-if-changed={}", file.display());
        }
    }

    /// Reads the overlays given with [`Config::overlay`] into `sources`
    /// under their folder, where the overlay stage looks for them.
    fn add_overlays(&self, sink: &mut Sink, sources: &mut Vec<Source>) {
        for (folder, file) in &self.overlays {
            let shown = file.display().to_string();
            let folder = folder.trim_matches('/');
            if !sources.iter().any(|s| load::folder_of(&s.path) == folder) {
                sink.error(
                    "overlay-folder",
                    &shown,
                    "",
                    format!(
                        "this overlay is for schemas folder `{folder}`, which holds no documents"
                    ),
                )
                .hint("pass the name of a top-level folder of the schemas directory");
                continue;
            }
            let name = file.file_name().map_or_else(
                || "overlay.yaml".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            let path = format!("{folder}/{name}");
            if sources.iter().any(|s| s.path == path) {
                sink.error(
                    "overlay-folder",
                    &shown,
                    "",
                    format!("`{path}` already exists among the schemas"),
                )
                .hint("rename the overlay file");
                continue;
            }
            match std::fs::read_to_string(file) {
                Ok(text) => sources.push(Source { path, text }),
                Err(err) => {
                    sink.error("io", &shown, "", format!("cannot read the overlay: {err}"));
                }
            }
        }
    }

    fn write_output(&self, out_dir: &Path, files: &write::Files) -> io::Result<()> {
        match self.layout {
            Layout::Crate => write::apply(out_dir, files).map(|_| ()),
            Layout::SingleFile => {
                std::fs::create_dir_all(out_dir)?;
                for (name, text) in files {
                    let target = out_dir.join(name);
                    // An unchanged file keeps its time, so nothing that
                    // includes it rebuilds.
                    if std::fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
                        std::fs::write(&target, text)?;
                    }
                }
                Ok(())
            }
        }
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
    /// How long each stage took.
    pub timings: Timings,
    sources: Vec<Source>,
}

/// Drops `value` on a thread of its own, so that the caller does not wait
/// for it to be freed.
fn drop_in_background<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("codegen-drop".to_owned())
        .spawn(move || drop(value));
    // When no thread can be started, `spawn` drops the value here.
    drop(spawned);
}

/// Runs `first` and `second`, `first` on a thread of its own when
/// `on_two_threads` (for work large enough to pay for the thread), and
/// returns both results; a panic in `first` is passed on.
pub(crate) fn both<A: Send, B>(
    on_two_threads: bool,
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B,
) -> (A, B) {
    if !on_two_threads {
        return (first(), second());
    }
    std::thread::scope(|scope| {
        let first = scope.spawn(first);
        let second = second();
        let first = first
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
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

    /// What the `drift` found in `out_dir` means for the crates that use
    /// the code: types, fields and variants added, removed or changed, and
    /// whether each change breaks them (see [`api_diff`]).
    pub fn api_changes(
        &self,
        out_dir: &Path,
        drift: &[write::Drift],
    ) -> io::Result<Vec<api_diff::ApiChange>> {
        let mut changes = Vec::new();
        for item in drift {
            let (path, on_disk, generated) = match item {
                write::Drift::Changed { path, .. } => (path, true, true),
                write::Drift::Missing { path } => (path, false, true),
                write::Drift::Stale { path } => (path, true, false),
            };
            let Some(module) = path.strip_suffix(".rs") else {
                continue;
            };
            // `src/lib.rs` and `generated.rs` are the crate root.
            let module = match module.strip_prefix("src/") {
                Some("lib") | None => "",
                Some(module) => module,
            };
            let old = if on_disk {
                std::fs::read_to_string(out_dir.join(path))?
            } else {
                String::new()
            };
            let new = if generated {
                self.files[path].as_str()
            } else {
                ""
            };
            changes.extend(api_diff::compare(module, &old, new));
        }
        Ok(changes)
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

/// Tables of at least this many types are named on a thread of their own
/// while the examples are found.
const PARALLEL_NAMING_TYPES: usize = 256;

/// A piece of a module's file that is emitted, parsed and formatted on
/// its own: the top, a run of types, or what follows the types.
enum ModulePart {
    Head,
    Types(std::ops::Range<usize>),
    Tail,
}

impl ModulePart {
    /// Types per part: small enough that a large module keeps every
    /// thread busy, large enough that a part's overhead does not show.
    const TYPES_PER_PART: usize = 64;

    /// The parts of a module of `types` types, in file order.
    fn split(types: usize) -> impl Iterator<Item = ModulePart> {
        let runs = (0..types)
            .step_by(Self::TYPES_PER_PART)
            .map(move |start| ModulePart::Types(start..types.min(start + Self::TYPES_PER_PART)));
        std::iter::once(ModulePart::Head)
            .chain(runs)
            .chain(std::iter::once(ModulePart::Tail))
    }
}

/// The generated crate's `lib.rs`: a module per source folder.
fn crate_root(modules: &[emit::ModulePlan]) -> proc_macro2::TokenStream {
    let head = crate_root_head(modules);
    let fixed = fixed_root_items();
    quote!(#head #fixed)
}

/// [`fixed_root_items`] formatted. They do not depend on the documents;
/// parsed and printed on every run they were a small input's largest job
/// (#8), so they are formatted once, when they change, and kept in the
/// source tree: the test `the_fixed_root_text_is_current` formats them
/// and, when the file differs, writes it and fails, so that a change to
/// the items cannot pass without the file.
const FIXED_ROOT_TEXT: &str = include_str!("fixed_root.txt");

/// `lib.rs` formatted in parts: its head, the fixed items (kept
/// formatted, [`FIXED_ROOT_TEXT`]) and the example tests' support. Joined
/// in order, the parts read as the root formatted whole, as each module's
/// parts do.
fn crate_root_in_parts(
    modules: &[emit::ModulePlan],
    example_support: Option<proc_macro2::TokenStream>,
    times: &FormatTimes,
) -> Result<String, String> {
    let format =
        |tokens| render::format_items(vec![render::Item::Tokens(tokens)], |_| true, |_| {}, times);
    let head = format(crate_root_head(modules))?;
    let support = example_support.map(format).transpose()?.unwrap_or_default();
    Ok(render::finish_parts(&[
        head,
        FIXED_ROOT_TEXT.to_owned(),
        support,
    ]))
}

/// The start of `lib.rs`: its docs, a table of the modules, and their
/// declarations.
fn crate_root_head(modules: &[emit::ModulePlan]) -> proc_macro2::TokenStream {
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
    quote! {
        #(#![doc = #doc])*
        #![deny(missing_docs)]
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #(#mods)*
    }
}

/// The items of `lib.rs` every generated crate has, whatever its
/// documents: [`emit::root_items`] and their schemars impls.
fn fixed_root_items() -> proc_macro2::TokenStream {
    let root_items = emit::root_items();
    let string_schema =
        render::deferred_json(quote!(schemars::json_schema), &quote!({ "type": "string" }));
    quote! {
        #root_items

        #[cfg(feature = "schemars")]
        impl<const MIN: usize, const MAX: usize> schemars::JsonSchema for BoundedString<MIN, MAX> {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Owned(format!("BoundedString_{MIN}_{MAX}"))
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = #string_schema;
                if MIN > 0 {
                    schema.insert("minLength".to_owned(), MIN.into());
                }
                if MAX < usize::MAX {
                    schema.insert("maxLength".to_owned(), MAX.into());
                }
                schema
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for Never {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed("Never")
            }

            fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::Schema::from(false)
            }
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
fn manifest(name: &str, table: &TypeTable, mappings: &FormatMappings) -> String {
    let mut formats = BTreeSet::new();
    for (_, def) in table.iter() {
        for field in def.kind.fields() {
            collect_formats(&field.ty, &mut formats);
        }
        for ty in def.kind.other_refs() {
            collect_formats(&ty, &mut formats);
        }
    }
    let mut deps: Vec<Dependency> = formats
        .into_iter()
        .filter_map(|format| format.dependency(mappings))
        .collect();
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
    let mut schemars_features = vec!["\"dep:schemars\"".to_owned()];
    for dep in &deps {
        // schemars names its integrations after the crate and its major
        // version.
        let feature = match dep.name {
            "chrono" => Some("chrono04"),
            "jiff" => Some("jiff02"),
            "uuid" => Some("uuid1"),
            "url" => Some("url2"),
            _ => None,
        };
        schemars_features.extend(feature.map(|f| format!("\"schemars/{f}\"")));
    }
    deps.push(Dependency {
        name: "schemars",
        spec: r#"{ version = "1", optional = true }"#,
    });
    let deps: String = deps
        .iter()
        .map(|d| format!("{} = {}\n", d.name, d.spec))
        .collect();
    let schemars_features = schemars_features.join(", ");
    format!(
        "# @generated by codegen from the documents in schemas/. Do not edit: run `cargo xtask codegen`.\n\n\
         [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\n# Descriptions come from schemas; their code samples are not Rust.\ndoctest = false\n\n\
         [features]\n# Derives `schemars::JsonSchema` for every type.\nschemars = [{schemars_features}]\n\n\
         [dependencies]\n{deps}"
    )
}

/// How the example tests compare two date-time strings: by instant, with
/// the crate `date-time` maps to, when the output uses one.
fn same_instant(table: &TypeTable, mappings: &FormatMappings) -> Option<proc_macro2::TokenStream> {
    use crate::formats::DateTimeType;
    let mut formats = BTreeSet::new();
    for (_, def) in table.iter() {
        for field in def.kind.fields() {
            collect_formats(&field.ty, &mut formats);
        }
        for ty in def.kind.other_refs() {
            collect_formats(&ty, &mut formats);
        }
    }
    if !formats.contains(&StringFormat::DateTime) {
        return None;
    }
    match mappings.date_time {
        DateTimeType::Chrono => Some(quote! {
            match (chrono::DateTime::parse_from_rfc3339(x), chrono::DateTime::parse_from_rfc3339(y)) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }),
        DateTimeType::Jiff => Some(quote! {
            match (x.parse::<jiff::Timestamp>(), y.parse::<jiff::Timestamp>()) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }),
        DateTimeType::Time => Some(quote! {
            let rfc3339 = &time::format_description::well_known::Rfc3339;
            match (time::OffsetDateTime::parse(x, rfc3339), time::OffsetDateTime::parse(y, rfc3339)) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }),
        DateTimeType::String => None,
    }
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

/// For a file kept in the source tree with what the code makes
/// (`fixed_root.txt`, `emit/helpers.txt`): when `held`, the file's text as
/// compiled in, is not `wanted`, writes `wanted` to the file (relative to
/// this crate) and fails, so the change is seen and committed.
#[cfg(test)]
pub(crate) fn ensure_file_is_current(relative: &str, wanted: &str, held: &str) {
    if wanted != held {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        std::fs::write(&path, wanted).unwrap();
        panic!(
            "{} was out of date and has been rewritten; run the tests again",
            path.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed items of `lib.rs` as they format now, as the file
    /// holds them; a difference is written to the file, and the test
    /// fails so that the change is seen and committed.
    #[test]
    fn the_fixed_root_text_is_current() {
        let formatted = render::format_items(
            vec![render::Item::Tokens(fixed_root_items())],
            |_| true,
            |_| {},
            &FormatTimes::default(),
        )
        .unwrap();
        ensure_file_is_current("src/fixed_root.txt", &formatted, FIXED_ROOT_TEXT);
    }

    /// `lib.rs` formatted in parts is `lib.rs` formatted whole, with and
    /// without the example tests' support, for one module and for two.
    #[test]
    fn the_crate_root_in_parts_reads_as_formatted_whole() {
        let times = FormatTimes::default();
        let plan = |ident: &str| emit::ModulePlan {
            ident: ident.to_owned(),
            sources: vec![format!("{ident}/api.json")],
            ids: Vec::new(),
        };
        for modules in [vec![plan("pets")], vec![plan("pets"), plan("r#type")]] {
            for support in [None, Some(examples::support(None))] {
                let root = crate_root(&modules);
                let whole = render::render_file(&render::parse(quote!(#root #support)).unwrap());
                let parts = crate_root_in_parts(&modules, support, &times).unwrap();
                assert_eq!(parts, whole);
            }
        }
    }

    /// Either way, each closure's result comes back in its place, and a
    /// panic on the other thread reaches the caller.
    #[test]
    fn both_returns_each_result_and_passes_a_panic_on() {
        for on_two_threads in [false, true] {
            assert_eq!(both(on_two_threads, || 1, || "two"), (1, "two"));
        }
        let panicked = std::panic::catch_unwind(|| both(true, || panic!("first"), || 2));
        assert!(panicked.is_err());
    }

    /// The value is freed, not leaked: the channel closes when its
    /// sender is dropped on the other thread.
    #[test]
    fn a_value_dropped_in_background_is_freed() {
        let (sender, receiver) = std::sync::mpsc::channel::<()>();
        drop_in_background(sender);
        let received = receiver.recv_timeout(std::time::Duration::from_secs(30));
        assert_eq!(
            received,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        );
    }
}
