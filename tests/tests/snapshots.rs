//! Snapshots of what users see: the Rust emitted for each construct
//! (`tests/fixtures/<case>/`), and the diagnostics for each kind of bad input
//! (`tests/errors/<case>/`). Review changes with `cargo insta review`.

use std::path::Path;

fn fixture_dirs(root: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn emitted_code_per_construct() {
    let generated = codegen::Config::new()
        .schemas(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    let dirs = fixture_dirs("fixtures");
    assert!(dirs.len() >= 10);
    for dir in dirs {
        let case = dir.file_name().unwrap().to_str().unwrap();
        let module = &generated.files[&format!("src/{case}.rs")];
        insta::assert_snapshot!(format!("emit_{case}"), module);
    }
}

#[test]
fn diagnostics_per_kind_of_bad_input() {
    let dirs = fixture_dirs("errors");
    assert!(dirs.len() >= 8);
    for dir in dirs {
        let case = dir.file_name().unwrap().to_str().unwrap();
        let failure = match codegen::Config::new().schemas(&dir).generate() {
            Ok(_) => panic!("{case}: bad input generated without error"),
            Err(failure) => failure,
        };
        insta::assert_snapshot!(format!("error_{case}"), failure.to_string());
    }
}

#[test]
fn warnings_for_what_the_types_do_not_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("warnings");
    let generated = codegen::Config::new()
        .schemas(&dir)
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    let codes: Vec<&str> = generated.diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"unchecked") && codes.contains(&"overlay-unmatched"),
        "{codes:?}"
    );
    insta::assert_snapshot!("warnings", generated.render_warnings());
}
