//! The library API a build script uses: `out_dir`, `overlay`, and the
//! single-file layout (the runnable crate is `examples/build-script`).

use std::path::Path;

const PET: &str = r##"{
  "$id": "#/components/schemas/Pet",
  "title": "Pet",
  "type": "object",
  "properties": { "name": { "type": "string" } }
}"##;

const REQUIRE_NAME: &str = "overlay: 1.0.0
info: { title: t, version: '1' }
actions:
  - target: $.components.schemas.Pet
    update: { required: [name] }
";

fn schemas_dir(root: &Path) -> std::path::PathBuf {
    let schemas = root.join("schemas");
    std::fs::create_dir_all(schemas.join("pets")).unwrap();
    std::fs::write(schemas.join("pets/pet.json"), PET).unwrap();
    schemas
}

#[test]
fn out_dir_with_single_file_writes_generated_rs_beside_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = schemas_dir(tmp.path());
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("other.rs"), "// another build step's file\n").unwrap();

    let generated = codegen::Config::new()
        .schemas(&schemas)
        .layout(codegen::Layout::SingleFile)
        .out_dir(&out)
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));

    let written = std::fs::read_to_string(out.join("generated.rs")).unwrap();
    assert_eq!(written, generated.files["generated.rs"]);
    assert!(written.contains("pub struct Pet"), "{written}");
    assert!(written.contains("pub fn from_json"), "{written}");
    assert!(out.join("other.rs").exists(), "OUT_DIR's other files stay");
}

#[test]
fn out_dir_with_crate_layout_writes_the_whole_crate() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = schemas_dir(tmp.path());
    let out = tmp.path().join("crate");
    codegen::Config::new()
        .schemas(&schemas)
        .out_dir(&out)
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert!(out.join("Cargo.toml").exists());
    let pets = std::fs::read_to_string(out.join("src/pets.rs")).unwrap();
    assert!(pets.contains("pub struct Pet"), "{pets}");
}

#[test]
fn an_overlay_outside_the_schemas_directory_refines_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = schemas_dir(tmp.path());
    let overlay = tmp.path().join("require-name.yaml");
    std::fs::write(&overlay, REQUIRE_NAME).unwrap();

    let plain = codegen::Config::new()
        .schemas(&schemas)
        .layout(codegen::Layout::SingleFile)
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert!(plain.files["generated.rs"].contains("pub name: Option<String>"));

    let refined = codegen::Config::new()
        .schemas(&schemas)
        .overlay("pets", &overlay)
        .layout(codegen::Layout::SingleFile)
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert!(
        refined.files["generated.rs"].contains("pub name: String"),
        "{}",
        refined.files["generated.rs"]
    );
}

#[test]
fn an_overlay_for_a_missing_folder_or_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = schemas_dir(tmp.path());
    let overlay = tmp.path().join("require-name.yaml");
    std::fs::write(&overlay, REQUIRE_NAME).unwrap();

    let failure = codegen::Config::new()
        .schemas(&schemas)
        .overlay("cats", &overlay)
        .generate()
        .expect_err("no folder `cats`");
    let text = failure.to_string();
    assert!(text.contains("overlay-folder"), "{text}");
    assert!(text.contains("`cats`"), "{text}");

    let missing = tmp.path().join("nowhere.yaml");
    let failure = codegen::Config::new()
        .schemas(&schemas)
        .overlay("pets", &missing)
        .generate()
        .expect_err("no such file");
    assert!(failure.to_string().contains("nowhere.yaml"), "{failure}");
}

#[test]
fn from_json_names_the_json_path_of_the_offending_value() {
    let err = generated::from_json::<generated::dfns::CreateApplicationRequest>(
        r#"{"name": "app", "kind": 7}"#,
    )
    .expect_err("kind is not a number");
    assert_eq!(err.path, "kind", "{err}");
    assert!(err.to_string().starts_with("kind: "), "{err}");
}
