//! The inputs of the benchmarks (`bench/`) stay valid as the generator
//! changes: the synthetic documents generate in strict mode, the `$defs`
//! conversion typify reads leaves no `$ref` dangling, and the runtime
//! benchmark's payload is a valid `ConnectApplicationList`. The benchmarks
//! themselves never run here.

use std::collections::BTreeSet;
use std::path::Path;

use generated::workos::{ConnectApplicationType, OAuthParty};
use serde_json::Value;
use tests::json_equal;

/// Every `$ref` under `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Asserts that every `$ref` of a `$defs` document names one of its
/// entries, and returns the entries' names.
fn assert_refs_closed(document: &Value) -> BTreeSet<String> {
    let defs = document["$defs"]
        .as_object()
        .expect("the document has $defs");
    let names: BTreeSet<String> = defs.keys().cloned().collect();
    let mut found = Vec::new();
    refs(document, &mut found);
    assert!(!found.is_empty(), "the document has $refs to check");
    for reference in found {
        let name = reference
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("{reference} does not point into $defs"));
        assert!(names.contains(name), "{reference} names no entry of $defs");
    }
    names
}

#[test]
fn synthetic_documents_generate_in_strict_mode_with_one_type_per_shape() {
    let text = bench::synthetic::document_text(100);
    assert_eq!(text, bench::synthetic::document_text(100), "deterministic");
    let generated = codegen::Config::new()
        .sources([("synthetic/api.json".to_owned(), text)])
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert!(
        generated.diagnostics.is_empty(),
        "{}",
        generated.render_warnings()
    );
    let source = &generated.files["src/synthetic.rs"];
    // Schema i has shape i % 4.
    for index in 0..100 {
        let item = match index % 4 {
            0 => format!("pub struct Record{index} {{"),
            1 => format!("pub enum Status{index} {{"),
            2 => format!("pub enum Event{index} {{"),
            _ => format!("pub enum Amount{index} {{"),
        };
        assert_eq!(source.matches(&item).count(), 1, "{item}");
    }
}

#[test]
fn synthetic_defs_document_has_every_schema_and_no_dangling_ref() {
    let docs = codegen::load::load(
        &mut codegen::diag::Sink::default(),
        &[codegen::load::Source {
            path: "synthetic/api.json".to_owned(),
            text: bench::synthetic::document_text(40),
        }],
    );
    let names = assert_refs_closed(&bench::defs::defs_document(&docs));
    assert_eq!(names.len(), 40);
    assert!(names.contains("Record36") && names.contains("Amount39"));
}

#[test]
fn schemas_folder_converts_with_overlays_applied_and_no_dangling_ref() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let docs = bench::defs::load_documents(&schemas).expect("schemas/ loads");
    let names = assert_refs_closed(&bench::defs::defs_document(&docs));
    // From the overlay, from a `$id` namespace file, from a file referred
    // to by path.
    for name in [
        "ConnectApplicationList",
        "ConnectApplication",
        "Application",
    ] {
        assert!(names.contains(name), "{name} missing from {names:?}");
    }
}

#[test]
fn runtime_payload_is_a_valid_connect_application_list_of_every_variant() {
    let payload = bench::workload::connect_application_list(8);
    let list: generated::workos::ConnectApplicationList =
        serde_json::from_value(payload.clone()).expect("the payload matches the schema");
    let mut counts = [0; 4];
    for app in &list.data {
        let variant = match &app.application_type {
            ConnectApplicationType::OAuth { party, .. } => match party {
                OAuthParty::FirstParty => 0,
                OAuthParty::ThirdParty { .. } => 1,
                OAuthParty::DynamicallyRegistered => 2,
            },
            ConnectApplicationType::M2m { .. } => 3,
        };
        counts[variant] += 1;
    }
    assert_eq!(counts, [2, 2, 2, 2], "each variant twice in eight");
    let back = serde_json::to_value(&list).unwrap();
    assert!(
        json_equal(&back, &payload),
        "round trip changed the payload"
    );
}
