//! `untyped-schemas = "exact"` and `unknown-fields = "keep"`
//! (tests/configured_exact): schemas read as the JSON Schema specifications
//! say, and every valid value passes through unchanged.

use serde_json::{json, Value};
use tests::configured_exact::from_json;
use tests::configured_exact::spec::{Amount, Label, LabelValue, Note, NoteKind, Score};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Value {
    let typed: T = from_json(&value.to_string())
        .unwrap_or_else(|err| panic!("{value} must be accepted: {err}"));
    serde_json::to_value(&typed).unwrap()
}

fn rejects<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: &Value) -> String {
    from_json::<T>(&value.to_string())
        .map(|typed| panic!("{value} must be rejected, got {typed:?}"))
        .unwrap_err()
        .to_string()
}

#[test]
fn an_untyped_object_schema_admits_every_other_value() {
    // A number is an `f64`, as under `type: number`, so `12` would come
    // back as `12.0`: equal as JSON numbers, but not as `Value`s.
    for value in [
        json!(12.5),
        json!("label"),
        json!(true),
        json!(null),
        json!([1, "a"]),
    ] {
        assert_eq!(round_trip::<Label>(&value), value);
    }
    let label: Label = from_json(r#"{"name": "bug"}"#).unwrap();
    assert!(
        matches!(label, Some(LabelValue::Object(ref o)) if o.name == "bug"),
        "{label:?}"
    );
}

#[test]
fn an_untyped_object_schema_still_checks_objects() {
    let err = rejects::<Label>(&json!({"title": "no name"}));
    assert!(err.contains("did not match any variant"), "{err}");
    // `$ref: "#"` is the whole root: a parent may be any value, but a
    // parent object needs its name too.
    let value = json!({"name": "a", "parent": {"name": "b", "parent": "c"}});
    assert_eq!(round_trip::<Label>(&value), value);
    rejects::<Label>(&json!({"name": "a", "parent": {"parent": 7}}));
}

#[test]
fn unknown_properties_are_kept_in_derived_and_held_structs() {
    let label = json!({"name": "a", "color": "red", "weight": [1, 2]});
    assert_eq!(round_trip::<Label>(&label), label);

    let note = json!({"id": "n1", "content": "hi", "pinned": true, "tags": ["x"]});
    assert_eq!(round_trip::<Note>(&note), note);
    let typed: Note = from_json(&note.to_string()).unwrap();
    assert!(
        matches!(typed.kind, NoteKind::WithContent { .. }),
        "{typed:?}"
    );
    assert_eq!(typed.additional_properties.len(), 2, "{typed:?}");
    assert!(!typed.additional_properties.contains_key("content"));
}

#[test]
fn a_branch_that_only_requires_a_property_is_enforced() {
    let err = rejects::<Note>(&json!({"id": "n1", "pinned": true}));
    assert!(err.contains("matches no variant of NoteKind"), "{err}");
    let value = json!({"id": "n1", "attachment": "https://example.com/a"});
    assert_eq!(round_trip::<Note>(&value), value);
}

#[test]
fn every_all_of_branch_bounds_the_value() {
    for value in [20, 25, 30] {
        assert_eq!(round_trip::<Score>(&json!(value)), json!(value));
    }
    for value in [19, 31] {
        let err = rejects::<Score>(&json!(value));
        assert!(err.contains("than"), "{err}");
    }
}

#[test]
fn each_variant_of_several_types_checks_the_constraints_of_its_type() {
    assert_eq!(round_trip::<Amount>(&json!(0.5)), json!(0.5));
    assert_eq!(round_trip::<Amount>(&json!("12345")), json!("12345"));
    rejects::<Amount>(&json!(0));
    rejects::<Amount>(&json!("123456"));
}
