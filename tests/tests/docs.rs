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

/// Vendor specs (Stripe's, for one) say `"description": ""`: a blank
/// description renders as no doc comment, so it must get the fallback, or
/// the crate fails `deny(missing_docs)`.
const BLANK_DESCRIPTIONS: &str = r#"{
  "title": "Recipient",
  "description": "",
  "type": "object",
  "properties": {
    "cards": {
      "title": "CardList",
      "description": "",
      "type": ["object", "null"],
      "properties": { "url": { "type": "string", "description": "  " } }
    },
    "kind": { "description": "\n", "oneOf": [{ "type": "string" }, { "type": "integer" }] }
  }
}"#;

#[test]
fn blank_descriptions_get_the_fallback_docs() {
    let generated = generate(
        vec![(
            "vendor/recipient.json".to_owned(),
            BLANK_DESCRIPTIONS.to_owned(),
        )],
        "",
    );
    let module = &generated.files["src/vendor.rs"];
    for doc in [
        "/// Generated from `vendor/recipient.json`, at `#`.\n",
        "/// The `cards` property.\n",
        "/// The `url` property.\n",
        "/// The `kind` property.\n",
        "/// Generated from `vendor/recipient.json`, at `#/properties/cards`.\n",
        "/// Generated from `vendor/recipient.json`, at `#/properties/kind`.\n",
    ] {
        assert!(module.contains(doc), "no `{doc}` in\n{module}");
    }
    // Every public item and field is documented.
    let lines: Vec<&str> = module.lines().map(str::trim).collect();
    for (index, line) in lines.iter().enumerate() {
        if !line.starts_with("pub ") {
            continue;
        }
        let mut above = index;
        let mut in_attribute = false;
        let documented = loop {
            let Some(previous) = above.checked_sub(1) else {
                break false;
            };
            above = previous;
            let text = lines[above];
            if text.starts_with("///") {
                break true;
            }
            if text.ends_with(")]") && !text.starts_with("#[") {
                in_attribute = true;
            } else if text.starts_with("#[") {
                in_attribute = false;
            } else if !in_attribute {
                break false;
            }
        };
        assert!(documented, "`{line}` has no docs:\n{module}");
    }
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
