//! The drift check and determinism, through the library API that
//! `cargo xtask codegen` is a thin layer over.

use std::path::{Path, PathBuf};

use codegen::write::Drift;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn repo_schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

/// Generates as `cargo xtask codegen` does: with the repository's
/// `codegen.toml`.
fn generate(schemas: &Path) -> codegen::Generated {
    codegen::Config::new()
        .schemas(schemas)
        .config_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen.toml"))
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"))
}

#[test]
fn checked_in_crate_matches_the_schemas() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let drift = generate(&repo_schemas()).check(&out).unwrap();
    assert!(
        drift.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`: {drift:?}"
    );
}

#[test]
fn a_one_character_schema_edit_is_caught_and_regenerating_clears_it() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let out = tmp.path().join("out");
    copy_dir(&repo_schemas(), &schemas);
    generate(&schemas).write(&out).unwrap();
    assert_eq!(generate(&schemas).check(&out).unwrap(), []);

    // One character: the `n` of a description becomes `N`.
    let file = schemas.join("dfns/application.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen(
        "The name of the application.",
        "The Name of the application.",
        1,
    );
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    std::fs::write(&file, edited).unwrap();

    let drift = generate(&schemas).check(&out).unwrap();
    assert_eq!(drift.len(), 1, "{drift:?}");
    match &drift[0] {
        Drift::Changed { path, diff } => {
            assert_eq!(path, "src/dfns.rs");
            assert!(
                diff.contains("-    /// The name of the application."),
                "{diff}"
            );
            assert!(
                diff.contains("+    /// The Name of the application."),
                "{diff}"
            );
        }
        other => panic!("unexpected drift {other:?}"),
    }

    generate(&schemas).write(&out).unwrap();
    assert_eq!(generate(&schemas).check(&out).unwrap(), []);
}

#[test]
fn two_runs_produce_identical_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for (i, schemas) in [repo_schemas(), fixtures].iter().enumerate() {
        let first = tmp.path().join(format!("first{i}"));
        let second = tmp.path().join(format!("second{i}"));
        generate(schemas).write(&first).unwrap();
        generate(schemas).write(&second).unwrap();
        let files = generate(schemas).files;
        assert!(!files.is_empty());
        for path in files.keys() {
            let a = std::fs::read(first.join(path)).unwrap();
            let b = std::fs::read(second.join(path)).unwrap();
            assert_eq!(a, b, "{path} differs between runs");
        }
    }
}

#[test]
fn a_failed_run_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let out = tmp.path().join("out");
    copy_dir(&repo_schemas(), &schemas);
    generate(&schemas).write(&out).unwrap();
    let before = generate(&schemas).files;

    std::fs::write(schemas.join("dfns/broken.json"), "{\"type\": ").unwrap();
    let failure = codegen::Config::new()
        .schemas(&schemas)
        .generate()
        .unwrap_err();
    assert!(
        failure.to_string().contains("dfns/broken.json"),
        "{failure}"
    );
    // Nothing was written: the output still matches the previous schemas.
    assert_eq!(codegen::write::check(&out, &before).unwrap(), []);
}
