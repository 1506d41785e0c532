//! The whole shared corpus (hundreds of real schemas and API descriptions)
//! goes through the generator without a panic: every document either
//! generates or fails with a diagnostic.

use std::path::Path;
use std::process::Command;

#[test]
fn no_document_of_the_corpus_panics_the_generator() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !corpus.join("MANIFEST.tsv").exists() {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    }
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        // Generation only: the compile check of every document is the
        // manual `cargo xtask corpus`.
        .args([
            "corpus",
            "--no-compile",
            "--corpus",
            corpus.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let summary = stdout.lines().last().unwrap_or_default();
    let panics: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("PANICKED"))
        .collect();
    assert!(panics.is_empty(), "{}", panics.join("\n"));
    assert!(run.status.success(), "{summary}");
    assert!(
        stdout.contains(" 0/") && stdout.contains(" panicked;"),
        "{stdout}"
    );
    let documents: usize = summary
        .split_once(", ")
        .and_then(|(generated, _)| generated.rsplit('/').next())
        .and_then(|n| n.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        documents > 1000,
        "the corpus lists {documents} documents: {summary}"
    );
}
