//! `cargo xtask corpus`: runs the generator over every document of the
//! shared corpus (`../shared/corpus/`, listed in its MANIFEST.tsv), checks
//! that what it generates compiles, and reports per document whether it
//! generated, was diagnosed, or panicked, whether its output compiled, and
//! how much of it became precise types rather than `serde_json::Value`.
//!
//! Each document is generated on its own, in memory, under
//! `catch_unwind`, so one panic is counted and the run goes on. Generation
//! is lenient: these are documents nobody here can fix. The generated
//! crates become modules of scratch crates (one per batch of documents,
//! under `target/corpus/`), each checked by one `cargo check`; an error in
//! a module's files marks that document as not compiling.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;

/// Bytes of generated Rust per scratch crate. `cargo check` needs roughly
/// 0.7 GB of memory per megabyte of generated code (Stripe's 6.4 MB: 4.5
/// GB), so this keeps a batch near 2-3 GB; a single document larger than
/// this gets a crate of its own.
const BATCH_BYTES: usize = 3_000_000;

/// How many of the most frequent warnings the summary lists.
const TOP_WARNINGS: usize = 12;

/// Folders of the multi-file API descriptions (see the corpus README):
/// their files that are not themselves OpenAPI or Swagger documents are
/// fragments reached through relative `$ref`s, not documents.
const MULTI_FILE_FOLDERS: [&str; 3] = [
    "openapi/digitalocean/specification/",
    "openapi/oai-examples/learn.openapis.org/v2.0/json/petstore-separate/",
    "openapi/oai-examples/learn.openapis.org/v2.0/yaml/petstore-separate/",
];

/// What happened to one document.
pub enum Outcome {
    /// Types were generated: their crate's files, and statistics.
    Generated(Box<codegen::Generated>),
    /// Generation failed with diagnostics; the first error's code.
    Diagnosed(&'static str),
    /// The generator panicked: a bug.
    Panicked(String),
}

/// The documents of the corpus that are schemas or API descriptions: not
/// the test suite's files (instances and cases) and not the fragments of
/// multi-file descriptions.
pub fn documents(corpus: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let manifest = corpus.join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let path = columns.next()?;
            let kind = columns.nth(2)?;
            let fragment = MULTI_FILE_FOLDERS.iter().any(|f| path.starts_with(f))
                && !kind.starts_with("openapi-")
                && kind != "swagger-2.0";
            (kind != "test-suite" && !fragment).then(|| corpus.join(path))
        })
        .collect())
}

/// Generates one document in memory.
pub fn run_one(path: &Path) -> Outcome {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) => return Outcome::Panicked(format!("unreadable: {err}")),
    };
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let result = catch_unwind(AssertUnwindSafe(|| {
        codegen::Config::new()
            .sources([(format!("corpus/{name}"), text)])
            .lenient(true)
            .generate()
    }));
    match result {
        Ok(Ok(generated)) => Outcome::Generated(Box::new(generated)),
        Ok(Err(failure)) => Outcome::Diagnosed(
            failure
                .diagnostics
                .iter()
                .find(|d| d.severity == codegen::diag::Severity::Error)
                .map_or("error", |d| d.code),
        ),
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panic".to_owned()),
        ),
    }
}

/// One generated document, waiting for its compile check.
struct Pending {
    index: usize,
    shown: String,
    generated: Box<codegen::Generated>,
}

impl Pending {
    /// Bytes of generated Rust.
    fn rust_bytes(&self) -> usize {
        self.generated
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".rs"))
            .map(|(_, text)| text.len())
            .sum()
    }

    fn line(&self, compiled: &str) -> String {
        let stats = self.generated.stats;
        format!(
            "generated  {}  ({} types, {:.1}% precise, {compiled})",
            self.shown,
            stats.types,
            stats.precise_percent()
        )
    }
}

/// Cuts the documents, in corpus order, into batches of at most
/// [`BATCH_BYTES`] of generated Rust; a document above the budget is a
/// batch of its own.
fn batches(pending: &[Pending]) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, doc) in pending.iter().enumerate() {
        let size = doc.rust_bytes();
        if i > start && bytes + size > BATCH_BYTES {
            found.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    if start < pending.len() {
        found.push(start..pending.len());
    }
    found
}

/// Runs the corpus (or the documents whose path contains `filter`),
/// prints a line per document (diagnosed and panicked ones at once,
/// generated ones when their batch is checked) and the summary, and, for
/// a whole run, writes `docs` (docs/corpus.md). Returns whether nothing
/// panicked and everything generated compiled.
pub fn run(
    workspace: &Path,
    corpus: &Path,
    filter: Option<&str>,
    compile: bool,
) -> anyhow::Result<bool> {
    let docs: Vec<PathBuf> = documents(corpus)?
        .into_iter()
        .filter(|p| filter.is_none_or(|f| p.to_string_lossy().contains(f)))
        .collect();
    // Quiet the default hook: panics are counted and printed below.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let mut pending = Vec::new();
    let (mut diagnosed, mut panicked) = (0, 0);
    let mut codes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (index, path) in docs.iter().enumerate() {
        let shown = path
            .strip_prefix(corpus)
            .unwrap_or(path)
            .display()
            .to_string();
        match run_one(path) {
            Outcome::Generated(generated) => pending.push(Pending {
                index,
                shown,
                generated,
            }),
            Outcome::Diagnosed(code) => {
                diagnosed += 1;
                *codes.entry(code).or_default() += 1;
                println!("diagnosed  {shown}  ({code})");
            }
            Outcome::Panicked(message) => {
                panicked += 1;
                println!("PANICKED   {shown}  ({message})");
            }
        }
    }
    let _ = std::panic::take_hook();
    let generation_seconds = started.elapsed().as_secs_f64();

    let scratch = workspace.join("target/corpus");
    let mut not_compiling = Vec::new();
    if compile {
        // Batches a previous run left behind (those that did not compile).
        for entry in std::fs::read_dir(&scratch).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().starts_with("batch") {
                std::fs::remove_dir_all(entry.path())?;
            }
        }
        let batches = batches(&pending);
        for (number, range) in batches.iter().enumerate() {
            let chunk = &pending[range.clone()];
            let bytes: usize = chunk.iter().map(Pending::rust_bytes).sum();
            let checking = Instant::now();
            let failed = check_batch(&scratch, &format!("batch{number}"), chunk)?;
            eprintln!(
                "cargo check: batch {} of {}: {} documents, {:.1} MB of Rust, {} not compiling, {:.0}s",
                number + 1,
                batches.len(),
                chunk.len(),
                bytes as f64 / 1e6,
                failed.len(),
                checking.elapsed().as_secs_f64()
            );
            for doc in chunk {
                if failed.contains(&doc.index) {
                    not_compiling.push(doc.shown.clone());
                    println!("{}", doc.line("DOES NOT COMPILE"));
                } else {
                    println!("{}", doc.line("compiled"));
                }
            }
        }
    } else {
        for doc in &pending {
            println!("{}", doc.line("not checked"));
        }
    }
    // What generated documents were warned about: where `serde_json::Value`
    // stands in for a schema (and what else was not modelled) most often.
    let mut warnings: BTreeMap<(&'static str, &str), usize> = BTreeMap::new();
    for doc in &pending {
        for warning in &doc.generated.diagnostics {
            *warnings
                .entry((warning.code, warning.message.as_str()))
                .or_default() += 1;
        }
    }
    let mut warnings: Vec<_> = warnings.into_iter().collect();
    warnings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    warnings.truncate(TOP_WARNINGS);
    let mut totals = codegen::Stats::default();
    for doc in &pending {
        let stats = doc.generated.stats;
        totals.types += stats.types;
        totals.positions += stats.positions;
        totals.value_positions += stats.value_positions;
    }
    let total = docs.len();
    let generated = pending.len();
    let compiled = if compile {
        generated - not_compiling.len()
    } else {
        0
    };
    println!();
    println!("first error of diagnosed documents:");
    for (code, count) in &codes {
        println!("  {count:5}  {code}");
    }
    println!("most frequent warnings of generated documents:");
    for ((code, message), count) in &warnings {
        println!("  {count:5}  {code}: {message}");
    }
    println!(
        "generated in {generation_seconds:.1}s; {diagnosed}/{total} diagnosed, {panicked}/{total} panicked; {:.1}s in all",
        started.elapsed().as_secs_f64()
    );
    let summary = format!(
        "corpus: {generated}/{total} generated, {compiled}/{total} compiled, {:.1}% precise",
        totals.precise_percent()
    );
    println!("{summary}");
    if filter.is_none() && compile {
        let report = Summary {
            total,
            generated,
            compiled,
            diagnosed,
            panicked,
            codes: &codes,
            not_compiling: &not_compiling,
            warnings: &warnings,
            totals,
            summary: &summary,
        };
        std::fs::write(workspace.join("docs/corpus.md"), report.markdown())?;
    }
    Ok(panicked == 0 && not_compiling.is_empty())
}

/// Writes the batch's scratch crate `scratch/name` and checks it, with
/// the target directory all batches share; returns the indices of the
/// documents whose files have errors.
fn check_batch(scratch: &Path, name: &str, docs: &[Pending]) -> anyhow::Result<BTreeSet<usize>> {
    let dir = scratch.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    let mut lib = String::from("#![allow(warnings, clippy::all)]\n");
    let mut dependencies: BTreeMap<String, String> = BTreeMap::new();
    for doc in docs {
        let module = format!("d{}", doc.index);
        let _ = writeln!(lib, "pub mod {module};");
        for (path, text) in &doc.generated.files {
            if path == "Cargo.toml" {
                dependencies.extend(manifest_dependencies(text));
                continue;
            }
            // The document's crate becomes a module: `src/lib.rs` is the
            // module file, its `src/<m>.rs` files its children.
            let target = match path.strip_prefix("src/") {
                Some("lib.rs") => src.join(format!("{module}.rs")),
                Some(rest) => src.join(&module).join(rest),
                None => continue,
            };
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(target, text)?;
        }
    }
    std::fs::write(src.join("lib.rs"), lib)?;
    let mut manifest = String::from(
        "[package]\nname = \"corpus-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n",
    );
    for (name, spec) in &dependencies {
        let _ = writeln!(manifest, "{name} = {spec}");
    }
    manifest.push_str("\n[workspace]\n");
    std::fs::write(dir.join("Cargo.toml"), manifest)?;

    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format=short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        // Lints (the generated `deny(missing_docs)`) are not compile errors.
        .env("RUSTFLAGS", "--cap-lints=warn")
        .output()
        .context("running cargo check")?;
    if output.status.success() {
        // The batch's files are not needed once checked; its build
        // artifacts in the shared target directory are small (metadata).
        std::fs::remove_dir_all(&dir)?;
        return Ok(BTreeSet::new());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failed = BTreeSet::new();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        // `src/d17.rs:3:1: error...` or `src/d17/stripe.rs:...`.
        let index = line
            .strip_prefix("src/d")
            .map(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|digits| digits.parse::<usize>().ok());
        if let Some(index) = index {
            failed.insert(index);
        }
    }
    if failed.is_empty() {
        anyhow::bail!("the corpus check crate failed outside any document:\n{stderr}");
    }
    Ok(failed)
}

/// `name = spec` lines of a generated manifest's `[dependencies]`.
fn manifest_dependencies(manifest: &str) -> Vec<(String, String)> {
    let mut in_dependencies = false;
    let mut found = Vec::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if !in_dependencies || line.contains("optional = true") {
            continue;
        }
        if let Some((name, spec)) = line.split_once(" = ") {
            found.push((name.trim().to_owned(), spec.trim().to_owned()));
        }
    }
    found
}

/// What docs/corpus.md says.
struct Summary<'a> {
    total: usize,
    generated: usize,
    compiled: usize,
    diagnosed: usize,
    panicked: usize,
    codes: &'a BTreeMap<&'static str, usize>,
    not_compiling: &'a [String],
    warnings: &'a [((&'static str, &'a str), usize)],
    totals: codegen::Stats,
    summary: &'a str,
}

impl Summary<'_> {
    fn markdown(&self) -> String {
        let mut out = String::from(
            "# The real-world corpus\n\n\
             Written by `cargo xtask corpus` (every document of `../shared/corpus/` \
             except the test suite, generated with `--lenient`, each generated crate \
             checked with `cargo check` in batches); do not edit by hand.\n\n",
        );
        let _ = writeln!(out, "`{}`\n", self.summary);
        let _ = writeln!(out, "| | documents |\n|---|---:|");
        let _ = writeln!(out, "| in the corpus | {} |", self.total);
        let _ = writeln!(out, "| generated | {} |", self.generated);
        let _ = writeln!(out, "| generated and compiled | {} |", self.compiled);
        let _ = writeln!(
            out,
            "| diagnosed (refused with an error) | {} |",
            self.diagnosed
        );
        let _ = writeln!(out, "| panicked | {} |", self.panicked);
        let _ = writeln!(
            out,
            "\nPrecise positions (fields, alias targets, variant payloads typed more \
             precisely than `serde_json::Value`): {} of {} ({:.1}%), in {} generated types.\n",
            self.totals.positions - self.totals.value_positions,
            self.totals.positions,
            self.totals.precise_percent(),
            self.totals.types
        );
        out.push_str("## Why documents were diagnosed\n\nThe first error of each:\n\n| code | documents |\n|---|---:|\n");
        for (code, count) in self.codes {
            let _ = writeln!(out, "| `{code}` | {count} |");
        }
        out.push_str(
            "\n## Most frequent warnings of generated documents\n\n\
             Where `serde_json::Value` stands in for a schema, and what else was \
             not modelled (a keyword left unchecked, a name made up):\n\n\
             | warnings | code | message |\n|---:|---|---|\n",
        );
        for ((code, message), count) in self.warnings {
            let message = message.replace('|', "\\|");
            let _ = writeln!(out, "| {count} | `{code}` | {message} |");
        }
        if !self.not_compiling.is_empty() {
            out.push_str("\n## Generated but not compiling\n\n");
            for doc in self.not_compiling {
                let _ = writeln!(out, "- `{doc}`");
            }
        }
        out
    }
}
