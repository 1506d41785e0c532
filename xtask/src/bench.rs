//! `cargo xtask bench`: the benchmarks of the `bench` crate, built in
//! release mode by `cargo bench`. Not run in CI; results and how to read
//! them are in docs/performance.md.
//!
//! - default: our generator against typify on `schemas/`, the Stripe and
//!   GitHub specs of the shared corpus and synthetic documents, then the
//!   `cargo check` time of both tools' code for those two specs
//!   (`bench/benches/generators.rs`).
//! - `--runtime`: the criterion benchmark of the generated types
//!   (`bench/benches/runtime.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::Context;

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Runs per tool and input; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Sizes of the synthetic documents, in schemas.
    #[arg(long, value_delimiter = ',', default_value = "10,100,1000,10000")]
    sizes: Vec<usize>,
    /// Only inputs whose name contains this text (`stripe`, `synthetic`).
    #[arg(long, value_name = "TEXT")]
    only: Option<String>,
    /// Give up on a tool's run after this many seconds.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// `cargo check` runs per generated crate for the compile-time
    /// comparison; 0 skips it.
    #[arg(long, default_value_t = 3)]
    compile_runs: usize,
    /// The shared corpus folder. Default: `../shared/corpus` beside the
    /// workspace.
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Run the runtime benchmark of the generated types (criterion)
    /// instead of the generator comparison.
    #[arg(long)]
    runtime: bool,
}

/// Runs the chosen benchmark; exits as it does.
pub fn run(root: &Path, args: BenchArgs) -> anyhow::Result<ExitCode> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(root)
        .args(["bench", "--package", "bench", "--bench"]);
    if args.runtime {
        command.arg("runtime");
    } else {
        let sizes: Vec<String> = args.sizes.iter().map(ToString::to_string).collect();
        let corpus = args.corpus.unwrap_or_else(|| root.join("../shared/corpus"));
        command
            .arg("generators")
            .arg("--")
            .args(["--runs", &args.runs.to_string()])
            .args(["--sizes", &sizes.join(",")])
            .args(["--timeout", &args.timeout.to_string()])
            .args(["--compile-runs", &args.compile_runs.to_string()])
            .arg("--corpus")
            .arg(corpus);
        if let Some(only) = &args.only {
            command.args(["--only", only]);
        }
    }
    let status = command.status().context("running cargo bench")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
