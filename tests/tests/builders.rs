//! `builders = true`: request bodies get `new` with the required fields and
//! a `with_<field>` per optional one (the repository's codegen.toml turns
//! it on for `generated/`).

use generated::dfns::{ApplicationKind, CreateApplicationRequest};

#[test]
fn a_request_built_with_the_builder_serializes_like_the_documented_one() {
    let built = CreateApplicationRequest::new(
        "MyApp".to_owned(),
        "example.co".to_owned(),
        "https://example.co".to_owned(),
        ApplicationKind::ClientSideApplication,
    )
    .with_external_id("ext-1".to_owned());
    let json = serde_json::to_value(&built).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "name": "MyApp",
            "relyingPartyId": "example.co",
            "origin": "https://example.co",
            "kind": "ClientSideApplication",
            "externalId": "ext-1"
        })
    );
    // Unset optional fields stay absent, so the value reads back equal.
    let back: CreateApplicationRequest = generated::from_json(&json.to_string()).unwrap();
    assert_eq!(back, built);
}

#[test]
fn builders_are_off_unless_configured() {
    let schemas = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let plain = codegen::Config::new()
        .schemas(&schemas)
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert!(!plain.files["src/dfns.rs"].contains("pub fn with_"));
    let with = codegen::Config::new()
        .schemas(&schemas)
        .config_toml("codegen.toml", "builders = true\n")
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    let module = &with.files["src/dfns.rs"];
    assert!(
        module.contains("impl CreateApplicationRequest {"),
        "{module}"
    );
    assert!(module.contains("pub fn with_external_id("), "{module}");
    // Only request bodies: `Application` is a response.
    assert!(!module.contains("impl Application {"), "{module}");
}
