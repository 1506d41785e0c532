//! Runs typify on `schemas/workos/` (as one `$defs` document, overlays
//! applied) and writes its formatted output to `$OUT_DIR/typify_workos.rs`,
//! so the runtime benchmark can compare typify's `ConnectApplicationList`
//! with ours. Generated here rather than checked in: it always matches the
//! schemas and the typify version in Cargo.lock.

use std::path::Path;

#[path = "src/defs.rs"]
#[allow(dead_code)]
mod defs;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let workos = Path::new(&manifest_dir).join("../schemas/workos");
    println!("cargo::rerun-if-changed={}", workos.display());
    println!("cargo::rerun-if-changed=src/defs.rs");

    let docs = defs::load_documents(&workos)
        .unwrap_or_else(|errors| panic!("schemas/workos/ does not load:\n{errors}"));
    let document = defs::defs_document(&docs);
    let root: schemars::schema::RootSchema =
        serde_json::from_value(document).expect("a $defs document is a JSON Schema");
    let mut types = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
    types
        .add_root_schema(root)
        .expect("typify accepts schemas/workos/");
    let file: syn::File =
        syn::parse2(types.to_stream()).expect("typify's output is valid Rust syntax");
    let text = prettyplease::unparse(&file);
    std::fs::write(Path::new(&out_dir).join("typify_workos.rs"), text)
        .expect("OUT_DIR is writable");
}
