//! What the generated crate says about itself: crate docs that list the
//! modules and their source documents, type docs with the schema's
//! description and example, and example round-trip tests.

use std::path::Path;

fn fixture(folder: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder);
    let mut sources: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                format!("{folder}/{name}"),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    sources.sort();
    sources
}

fn generate(sources: Vec<(String, String)>, toml: &str) -> codegen::Generated {
    codegen::Config::new()
        .sources(sources)
        .config_toml("codegen.toml", toml)
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"))
}

#[test]
fn crate_docs_list_each_module_with_its_source_documents_and_deny_missing_docs() {
    let mut sources = fixture("examples");
    sources.extend(fixture("enums"));
    let generated = generate(sources, "");
    let lib = &generated.files["src/lib.rs"];
    assert!(
        lib.contains("//! | [`enums`] | `enums/enums.json` |"),
        "{lib}"
    );
    assert!(
        lib.contains("//! | [`examples`] | `examples/parcel.json` |"),
        "{lib}"
    );
    assert!(lib.contains("#![deny(missing_docs)]"), "{lib}");
}

#[test]
fn type_docs_carry_the_description_and_the_first_example() {
    let generated = generate(fixture("examples"), "");
    let module = &generated.files["src/examples.rs"];
    let parcel = module
        .find("pub struct Parcel {")
        .expect("Parcel is generated");
    let docs = &module[..parcel];
    let docs = &docs[docs
        .rfind("/// A parcel on its way.")
        .expect("the description")..];
    assert!(docs.contains("/// # Example"), "{docs}");
    assert!(docs.contains("/// ```json"), "{docs}");
    assert!(docs.contains(r#"///   "size": "small","#), "{docs}");
    // Only the first example goes into the docs.
    assert!(!docs.contains("fragile"), "{docs}");
    // A property's example is in its field's docs.
    assert!(module.contains("/// Example: `\"fragile\"`"), "{module}");
}

#[test]
fn undocumented_items_get_docs_saying_where_they_come_from() {
    let generated = generate(fixture("enums"), "");
    let module = &generated.files["src/enums.rs"];
    assert!(module.contains("/// The `status` property."), "{module}");
    assert!(module.contains("/// `\"in_transit\"`"), "{module}");
    assert!(
        module.contains("/// Generated from `enums/enums.json`, at `#/properties/status`."),
        "{module}"
    );
}

#[test]
fn examples_become_round_trip_tests_unless_switched_off() {
    let generated = generate(fixture("examples"), "");
    let module = &generated.files["src/examples.rs"];
    for test in [
        "fn parcel_example_1()",
        "fn parcel_example_2()",
        "fn parcel_sent_at_example_1()",
        "fn parcel_size_example_1()",
    ] {
        assert!(module.contains(test), "{test} is missing:\n{module}");
    }
    // `label` is a `String`: its example cannot fail, so it is no test.
    assert!(!module.contains("fn parcel_label_example"), "{module}");
    assert!(generated.files["src/lib.rs"].contains("fn assert_example_round_trips"));

    let off = generate(fixture("examples"), "example-tests = false\n");
    assert!(!off.files["src/examples.rs"].contains("mod example_tests"));
    assert!(!off.files["src/lib.rs"].contains("fn assert_example_round_trips"));
}
