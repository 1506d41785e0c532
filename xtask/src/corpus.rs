//! `cargo xtask corpus`: runs the generator over every document of the
//! shared corpus (`../shared/corpus/`, listed in its MANIFEST.tsv) and
//! reports, per document, whether it generated, was diagnosed, or panicked.
//!
//! Each document is generated on its own, in memory, under
//! `catch_unwind`, so one panic is counted and the run goes on. Generation
//! is lenient: these are documents nobody here can fix.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

/// What happened to one document.
pub enum Outcome {
    /// Types were generated.
    Generated(codegen::Stats),
    /// Generation failed with diagnostics; the first error's code.
    Diagnosed(&'static str),
    /// The generator panicked: a bug.
    Panicked(String),
}

/// The documents of the corpus that are schemas or API descriptions (test
/// suite files are instances and cases, not documents).
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
            (kind != "test-suite").then(|| corpus.join(path))
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
        Ok(Ok(generated)) => Outcome::Generated(generated.stats),
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

/// Runs the whole corpus and prints a line per document and a summary.
pub fn run(corpus: &Path, filter: Option<&str>) -> anyhow::Result<bool> {
    let docs: Vec<PathBuf> = documents(corpus)?
        .into_iter()
        .filter(|p| filter.is_none_or(|f| p.to_string_lossy().contains(f)))
        .collect();
    // Quiet the default hook: panics are counted and printed below.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let (mut generated, mut diagnosed, mut panicked) = (0, 0, 0);
    let mut totals = codegen::Stats::default();
    let mut codes: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for path in &docs {
        let shown = path.strip_prefix(corpus).unwrap_or(path).display();
        match run_one(path) {
            Outcome::Generated(stats) => {
                generated += 1;
                totals.types += stats.types;
                totals.positions += stats.positions;
                totals.value_positions += stats.value_positions;
                println!(
                    "generated  {shown}  ({} types, {:.1}% precise)",
                    stats.types,
                    stats.precise_percent()
                );
            }
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
    let total = docs.len();
    println!();
    println!("first error of diagnosed documents:");
    for (code, count) in &codes {
        println!("  {count:5}  {code}");
    }
    println!(
        "corpus: {generated}/{total} generated, {diagnosed}/{total} diagnosed, {panicked}/{total} panicked, {:.1}% precise, in {:.1}s",
        totals.precise_percent(),
        started.elapsed().as_secs_f64()
    );
    Ok(panicked == 0)
}
