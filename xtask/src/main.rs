//! `cargo xtask`: the project's own commands. Glue only; the work happens in
//! the `codegen` library.
//!
//! Exit codes: 0 success; 1 generation failed (diagnostics printed), a
//! warning with `--deny-warnings`, or, with `--check`, `generated/` has
//! drifted; 2 bad command-line usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

mod bench;
mod conformance;
mod corpus;
mod fuzz;
use codegen::write::{Applied, Drift};

// Generation allocates many small, short-lived values (JSON values, token
// trees, syntax trees): a quarter of its instructions on Stripe's spec
// went to glibc's malloc and free, which mimalloc cuts (see
// docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the schema-to-Rust generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the `generated` crate from the schema documents.
    #[command(
        long_about = "Regenerate the `generated` crate from the schema documents.\n\n\
            Reads every JSON Schema / OpenAPI document under the schemas directory \
            (one module per top-level folder), applies the folder's overlays, and \
            writes a complete crate to the output directory, atomically. The same \
            options exist on `codegen::Config` for build scripts.",
        after_help = "Exit codes: 0 success; 1 generation failed, a warning under \
            --deny-warnings, or --check found drift; 2 bad command-line usage."
    )]
    Codegen(CodegenArgs),
    /// Run the generator over every document of the shared corpus, `cargo
    /// check` the generated code in batches, report per document generated /
    /// diagnosed / panicked, compiled, and the precise share, and write
    /// docs/corpus.md. Exits 1 if anything panicked or does not compile.
    Corpus(CorpusArgs),
    /// Generate types for every case group of the official
    /// JSON-Schema-Test-Suite, compile them once, check every instance, and
    /// write the per-keyword table to docs/conformance.md.
    Conformance(ConformanceArgs),
    /// Fuzz the generator (load -> ... -> render) for a while with
    /// cargo-fuzz, seeded with schemas/ and tests/fixtures/. Crashes are
    /// written to fuzz/artifacts/generate/.
    Fuzz(FuzzArgs),
    /// Benchmark the generator against typify (release build), or with
    /// --runtime the generated types (criterion). See docs/performance.md.
    Bench(bench::BenchArgs),
}

#[derive(clap::Args)]
struct FuzzArgs {
    /// How long to fuzz, in seconds.
    #[arg(long, default_value_t = 300)]
    seconds: u64,
}

#[derive(clap::Args)]
struct ConformanceArgs {
    /// Only this draft's suite (default: both).
    #[arg(long)]
    draft: Option<conformance::Draft>,
    /// The corpus folder holding `json-schema-test-suite/`. Default:
    /// `../shared/corpus` beside the workspace.
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Compare instead of writing: exit 1 when docs/conformance.md does not
    /// hold the numbers this run measured.
    #[arg(long)]
    check: bool,
}

#[derive(clap::Args)]
struct CorpusArgs {
    /// The corpus folder (with its MANIFEST.tsv). Default: `../shared/corpus`
    /// beside the workspace.
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Only documents whose path contains this text (docs/corpus.md is
    /// then left alone).
    #[arg(long, value_name = "TEXT")]
    only: Option<String>,
    /// Skip the `cargo check` of the generated code (and docs/corpus.md).
    #[arg(long)]
    no_compile: bool,
}

#[derive(clap::Args)]
struct CodegenArgs {
    /// Compare instead of writing: write nothing, and when the output
    /// directory differs from what the schemas generate, print the API
    /// changes (types, fields, variants added, removed or changed, each
    /// marked BREAKING or ok), then a unified diff for each file that
    /// differs, is missing, or is stale, and exit 1.
    #[arg(long)]
    check: bool,
    /// Directory of JSON Schema / OpenAPI documents; each top-level folder
    /// becomes a module. Default: `schemas/` in the workspace.
    #[arg(long, value_name = "DIR")]
    schemas: Option<PathBuf>,
    /// Crate directory to write (it builds as a crate on its own).
    /// Default: `generated/` in the workspace.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Treat warnings (ignored keywords, lossy mappings, overlay actions
    /// that match nothing) as errors: print them and write nothing.
    #[arg(long)]
    deny_warnings: bool,
    /// For documents you cannot edit: a union variant with no derivable
    /// name gets one made from its tags, and a `$ref` that cannot be
    /// followed becomes serde_json::Value, each with a warning instead of
    /// an error.
    #[arg(long)]
    lenient: bool,
    /// Apply an OpenAPI Overlay file kept outside the schemas directory to
    /// the documents of one schemas folder, after the folder's own
    /// overlays. Repeatable; applied in the order given.
    #[arg(long, value_name = "FOLDER=FILE", value_parser = parse_overlay)]
    overlay: Vec<(String, PathBuf)>,
    /// Settings file (module names, format mappings, extra derives,
    /// visibility, unknown-fields policy, open enums, renames; see README,
    /// "Configuration"). An unknown key is an error. Default: the
    /// `codegen.toml` beside the schemas directory, when it exists (the
    /// workspace's, for the default `schemas/`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print how long each stage took (load, resolve, lower, ..., write)
    /// to stderr.
    #[arg(long)]
    timings: bool,
}

fn parse_overlay(arg: &str) -> Result<(String, PathBuf), String> {
    match arg.split_once('=') {
        Some((folder, file)) if !folder.is_empty() && !file.is_empty() => {
            Ok((folder.to_owned(), PathBuf::from(file)))
        }
        _ => Err(format!(
            "expected FOLDER=FILE, e.g. workos=refinements/workos.yaml; got `{arg}`"
        )),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(args),
        Command::Fuzz(args) => fuzz::run(&workspace_root(), args.seconds),
        Command::Conformance(args) => run_conformance(args),
        Command::Bench(args) => bench::run(&workspace_root(), args),
        Command::Corpus(args) => {
            let corpus = args
                .corpus
                .unwrap_or_else(|| workspace_root().join("../shared/corpus"));
            corpus::run(
                &workspace_root(),
                &corpus,
                args.only.as_deref(),
                !args.no_compile,
            )
            .map(|ok| {
                if ok {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            })
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_conformance(args: ConformanceArgs) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let corpus = args.corpus.unwrap_or_else(|| root.join("../shared/corpus"));
    let drafts = match args.draft {
        Some(draft) => vec![draft],
        None => vec![conformance::Draft::Draft2020_12, conformance::Draft::Draft7],
    };
    let docs = root.join("docs/conformance.md");
    let mut in_sync = true;
    for draft in drafts {
        let report = conformance::run(&root, &corpus, draft)?;
        println!("{}\n{}", draft.title(), report.table());
        if args.check {
            if !conformance::docs_match(&docs, &report) {
                eprintln!(
                    "error: {} does not hold the {} numbers measured now; run `cargo xtask conformance` and commit it",
                    docs.display(),
                    draft.title()
                );
                in_sync = false;
            }
        } else {
            conformance::update_docs(&docs, &report)?;
        }
        println!("{}", report.summary());
    }
    Ok(if in_sync {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn codegen(args: CodegenArgs) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let schemas = args.schemas.unwrap_or_else(|| root.join("schemas"));
    let out = args.out.unwrap_or_else(|| root.join("generated"));

    let mut config = codegen::Config::new();
    config.schemas(&schemas).lenient(args.lenient);
    // The settings belong to the schemas: by default, the codegen.toml
    // beside the schemas directory (the workspace's, for `schemas/`).
    let settings = args.config.or_else(|| {
        let default = schemas.parent()?.join("codegen.toml");
        default.exists().then_some(default)
    });
    if let Some(file) = settings {
        config.config_file(file);
    }
    for (folder, file) in args.overlay {
        config.overlay(folder, file);
    }
    let generated = match config.generate() {
        Ok(generated) => generated,
        Err(failure) => {
            eprintln!("{failure}");
            return Ok(ExitCode::FAILURE);
        }
    };
    if args.timings {
        eprint!("{}", generated.timings);
    }
    if !generated.diagnostics.is_empty() {
        eprint!("{}", generated.render_warnings());
        if args.deny_warnings {
            eprintln!(
                "error: {} warning(s) and --deny-warnings; nothing written",
                generated.diagnostics.len()
            );
            return Ok(ExitCode::FAILURE);
        }
    }

    if args.check {
        let drift = generated
            .check(&out)
            .with_context(|| format!("reading {}", out.display()))?;
        if drift.is_empty() {
            println!("{} is up to date with {}", out.display(), schemas.display());
            return Ok(ExitCode::SUCCESS);
        }
        let changes = generated
            .api_changes(&out, &drift)
            .with_context(|| format!("reading {}", out.display()))?;
        if !changes.is_empty() {
            println!(
                "API changes for crates that use {}:\n{}",
                out.display(),
                codegen::api_diff::render(&changes)
            );
        }
        for item in &drift {
            match item {
                Drift::Changed { path, diff } => println!("changed: {path}\n{diff}"),
                Drift::Missing { path } => println!("missing: {path} (generated, but not on disk)"),
                Drift::Stale { path } => {
                    println!("stale: {path} (on disk, but no longer generated)")
                }
            }
        }
        eprintln!(
            "error: {} file(s) in {} differ from what {} generates; run `cargo xtask codegen` and commit the result",
            drift.len(),
            out.display(),
            schemas.display()
        );
        return Ok(ExitCode::FAILURE);
    }

    match generated
        .write(&out)
        .with_context(|| format!("writing {}", out.display()))?
    {
        Applied::Unchanged => println!("{} is already up to date", out.display()),
        Applied::Written => println!(
            "wrote {} file(s) to {}",
            generated.files.len(),
            out.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
