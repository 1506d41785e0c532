//! The Dfns `POST /auth/apps` models (`generated::dfns`) against the
//! examples of the vendor's documentation, and every way of breaking them.

use generated::dfns::{Application, ApplicationKind, CreateApplicationRequest};
use serde_json::{json, Value};

fn example(name: &str) -> Value {
    let path = format!("{}/data/dfns/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(instance: &Value) {
    let typed: T = serde_json::from_value(instance.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&typed).unwrap(), instance);
}

fn rejection<T: serde::de::DeserializeOwned + std::fmt::Debug>(instance: Value) -> String {
    match serde_json::from_value::<T>(instance.clone()) {
        Ok(value) => panic!("accepted {instance}: {value:?}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn documented_examples_round_trip() {
    round_trips::<CreateApplicationRequest>(&example("create_application_request.json"));
    round_trips::<Application>(&example("application.json"));
}

#[test]
fn the_kind_is_implied_by_the_type() {
    let request: CreateApplicationRequest =
        serde_json::from_value(example("create_application_request.json")).unwrap();
    assert_eq!(request.kind, ApplicationKind::ClientSideApplication);
    assert_eq!(
        ApplicationKind::default(),
        ApplicationKind::ClientSideApplication
    );
    assert_eq!(
        serde_json::to_value(ApplicationKind::default()).unwrap(),
        json!("ClientSideApplication")
    );
}

#[test]
fn each_missing_required_field_is_named() {
    let required_request = ["name", "relyingPartyId", "origin", "kind"];
    for field in required_request {
        let mut instance = example("create_application_request.json");
        instance.as_object_mut().unwrap().remove(field);
        let err = rejection::<CreateApplicationRequest>(instance);
        assert_eq!(err, format!("missing field `{field}`"));
    }
    let required_response = [
        "appId",
        "kind",
        "orgId",
        "expectedRpId",
        "expectedOrigin",
        "name",
        "isActive",
        "permissionAssignments",
        "accessTokens",
    ];
    for field in required_response {
        let mut instance = example("application.json");
        instance.as_object_mut().unwrap().remove(field);
        let err = rejection::<Application>(instance);
        assert_eq!(err, format!("missing field `{field}`"));
    }
    for field in [
        "permissionId",
        "permissionName",
        "assignmentId",
        "operations",
    ] {
        let mut instance = example("application.json");
        instance["permissionAssignments"][0]
            .as_object_mut()
            .unwrap()
            .remove(field);
        let err = rejection::<Application>(instance);
        assert_eq!(err, format!("missing field `{field}`"));
    }
}

#[test]
fn optional_fields_may_be_absent_and_stay_absent() {
    let mut instance = example("create_application_request.json");
    instance.as_object_mut().unwrap().remove("permissionId");
    round_trips::<CreateApplicationRequest>(&instance);
    let mut with_external = example("create_application_request.json");
    with_external["externalId"] = json!("crm-42");
    round_trips::<CreateApplicationRequest>(&with_external);
}

#[test]
fn a_wrong_kind_is_rejected() {
    for kind in [
        json!("ServerSideApplication"),
        json!("clientsideapplication"),
        json!(1),
        json!(null),
    ] {
        let mut instance = example("create_application_request.json");
        instance["kind"] = kind.clone();
        let err = rejection::<CreateApplicationRequest>(instance);
        assert!(
            err.contains("ClientSideApplication") || err.contains("invalid type"),
            "{kind}: {err}"
        );
    }
    let mut response = example("application.json");
    response["kind"] = json!("ServerSideApplication");
    assert_eq!(
        rejection::<Application>(response),
        "unknown variant `ServerSideApplication`, expected `ClientSideApplication`"
    );
}

#[test]
fn wrong_types_and_nulls_are_rejected() {
    let cases = [
        ("name", json!(null), "invalid type: null, expected a string"),
        (
            "name",
            json!(7),
            "invalid type: integer `7`, expected a string",
        ),
        (
            "permissionId",
            json!(null),
            "invalid type: null, expected a string",
        ),
    ];
    for (field, value, expected) in cases {
        let mut instance = example("create_application_request.json");
        instance[field] = value;
        assert_eq!(rejection::<CreateApplicationRequest>(instance), expected);
    }
    let mut response = example("application.json");
    response["isActive"] = json!("yes");
    assert_eq!(
        rejection::<Application>(response),
        "invalid type: string \"yes\", expected a boolean"
    );
}

#[test]
fn unknown_extra_fields_are_tolerated() {
    let mut instance = example("application.json");
    instance["futureField"] = json!({"nested": true});
    let app: Application = serde_json::from_value(instance).unwrap();
    assert_eq!(app.name, "LocalClient");
}

#[test]
fn the_documented_response_text_is_not_json() {
    // The vendor's example has a trailing comma; the fixture above is the
    // corrected text. The original must be rejected, saying where.
    let path = format!(
        "{}/data/dfns/application.original.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let err = serde_json::from_str::<Application>(&text).unwrap_err();
    assert_eq!(err.to_string(), "trailing comma at line 18 column 7");
}
