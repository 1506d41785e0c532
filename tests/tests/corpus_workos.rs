//! The vendor's complete OpenAPI spec (in the shared corpus, never copied
//! into the repository) holds the same `ConnectApplication` as
//! `schemas/workos/`, and generating from it gives the same Rust.

use std::path::{Path, PathBuf};

fn corpus_spec() -> Option<PathBuf> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/workos/open-api-spec.yaml");
    path.exists().then_some(path)
}

#[test]
fn connect_application_from_the_vendor_spec_generates_the_same_types() {
    let Some(spec_path) = corpus_spec() else {
        eprintln!("skipped: ../shared/corpus/workos/open-api-spec.yaml is absent");
        return;
    };
    let spec = codegen::yaml::parse(&std::fs::read_to_string(spec_path).unwrap()).unwrap();
    let mut from_spec = spec["components"]["schemas"]["ConnectApplication"].clone();
    assert!(from_spec.is_object(), "the spec defines ConnectApplication");

    // The published component file wraps the component in $schema/$id/title.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let published_text =
        std::fs::read_to_string(repo.join("schemas/workos/ConnectApplication.json")).unwrap();
    let published: serde_json::Value = serde_json::from_str(&published_text).unwrap();
    let object = from_spec.as_object_mut().unwrap();
    for key in ["$schema", "$id", "title"] {
        object.insert(key.to_owned(), published[key].clone());
    }
    assert_eq!(
        from_spec, published,
        "the spec's ConnectApplication differs from schemas/workos"
    );

    // Generate with the spec's version in place of the published file.
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas/workos");
    std::fs::create_dir_all(&schemas).unwrap();
    for entry in std::fs::read_dir(repo.join("schemas/workos")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, schemas.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        schemas.join("ConnectApplication.json"),
        serde_json::to_string_pretty(&from_spec).unwrap(),
    )
    .unwrap();
    let generated = codegen::Config::new()
        .schemas(tmp.path().join("schemas"))
        .config_file(repo.join("codegen.toml"))
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    let checked_in = std::fs::read_to_string(repo.join("generated/src/workos.rs")).unwrap();
    assert_eq!(generated.files["src/workos.rs"], checked_in);
}
