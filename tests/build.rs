//! Generates the fixture types the tests deserialize into, through the
//! library's single-file layout (the route a build script of a downstream
//! crate takes), plus a dispatcher from (fixture, type name) to a
//! deserialize-then-serialize call on that type.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=fixtures");
    println!("cargo:rerun-if-changed=cases");

    // The same route with a codegen.toml: module and type renames, format
    // mappings, derives, an open enum, the unknown-fields policy.
    generate_configured(&out_dir, "configured");
    // `date-time = "time"`: every position a date-time can take, through
    // the RFC 3339 adaptor.
    generate_configured(&out_dir, "configured_time");
    // Schemas without `type` read exactly, unknown properties kept.
    generate_configured(&out_dir, "configured_exact");

    let generated = codegen::Config::new()
        .schemas("fixtures")
        .layout(codegen::Layout::SingleFile)
        .generate()
        .unwrap_or_else(|failure| panic!("fixtures must generate:\n{failure}"));
    std::fs::write(
        Path::new(&out_dir).join("fixtures.rs"),
        &generated.files["generated.rs"],
    )
    .expect("write fixtures.rs");

    let mut arms = String::new();
    let mut cases: Vec<_> = std::fs::read_dir("cases")
        .expect("tests/cases exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    cases.sort();
    for path in cases {
        let fixture = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 file name");
        let text = std::fs::read_to_string(&path).expect("readable case file");
        let value: serde_json::Value = serde_json::from_str(&text).expect("case file is JSON");
        for group in value["cases"].as_array().expect("`cases` is an array") {
            let ty = group["type"].as_str().expect("`type` is a string");
            writeln!(
                arms,
                "({fixture:?}, {ty:?}) => Some(round_trip::<fixtures::{fixture}::{ty}>(json)),"
            )
            .expect("write to string");
        }
    }
    let dispatch = format!(
        "/// Deserializes `json` as the named fixture type and serializes it back.\n\
         pub fn dispatch(fixture: &str, ty: &str, json: &str) -> Option<Result<serde_json::Value, String>> {{\n\
         match (fixture, ty) {{\n{arms}_ => None,\n}}\n}}\n"
    );
    std::fs::write(Path::new(&out_dir).join("dispatch.rs"), dispatch).expect("write dispatch.rs");
}

/// Generates `<name>/schemas` under `<name>/codegen.toml` into
/// `$OUT_DIR/<name>.rs`.
fn generate_configured(out_dir: &str, name: &str) {
    println!("cargo:rerun-if-changed={name}");
    let generated = codegen::Config::new()
        .schemas(format!("{name}/schemas"))
        .config_file(format!("{name}/codegen.toml"))
        .layout(codegen::Layout::SingleFile)
        .generate()
        .unwrap_or_else(|failure| panic!("the {name} fixture must generate:\n{failure}"));
    std::fs::write(
        Path::new(out_dir).join(format!("{name}.rs")),
        &generated.files["generated.rs"],
    )
    .unwrap_or_else(|err| panic!("write {name}.rs: {err}"));
}
