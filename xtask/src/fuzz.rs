//! `cargo xtask fuzz`: runs the `generate` fuzz target (fuzz/) for a given
//! time, seeded with the project's own schemas and fixtures. Not run in CI.
//!
//! cargo-fuzz needs unstable compiler flags; on a stable toolchain they are
//! unlocked with RUSTC_BOOTSTRAP=1, so no nightly toolchain is needed.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::Context;

/// Runs the fuzzer for `seconds`; crashes land in `fuzz/artifacts/generate/`.
pub fn run(root: &Path, seconds: u64) -> anyhow::Result<ExitCode> {
    let has_cargo_fuzz = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_cargo_fuzz {
        anyhow::bail!("cargo-fuzz is not installed; run `cargo install cargo-fuzz`");
    }
    let corpus = root.join("fuzz/corpus/generate");
    std::fs::create_dir_all(&corpus).context("creating the fuzz corpus folder")?;
    let status = Command::new("cargo")
        .current_dir(root.join("fuzz"))
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "run", "generate"])
        .arg(&corpus)
        .arg(root.join("schemas"))
        .arg(root.join("tests/fixtures"))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-max_len=65536")
        .status()
        .context("running cargo fuzz")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
