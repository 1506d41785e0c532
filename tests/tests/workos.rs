//! The WorkOS Connect Applications models (`generated::workos`) against
//! every example of the vendor's documentation, and every way of breaking
//! one: rejected with a message that names the field and its path.

use generated::workos::{
    ConnectApplication, ConnectApplicationList, ConnectApplicationObject, ConnectApplicationType,
    CreateConnectApplication, CreateOAuthParty, OAuthParty, UpdateConnectApplication,
};
use serde_json::{json, Value};
use tests::json_equal;

fn example(name: &str) -> Value {
    let path = format!("{}/data/workos/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn parse<T: serde::de::DeserializeOwned>(instance: &Value) -> Result<T, String> {
    generated::from_json(&instance.to_string()).map_err(|err| err.to_string())
}

fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(instance: &Value) -> T {
    let typed: T = parse(instance).unwrap_or_else(|err| panic!("{instance} rejected: {err}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert!(
        json_equal(&back, instance),
        "{instance}\nre-serialized as\n{back}"
    );
    typed
}

fn rejected<T: serde::de::DeserializeOwned + std::fmt::Debug>(instance: &Value) -> String {
    match parse::<T>(instance) {
        Ok(value) => panic!("accepted {instance} as {value:?}"),
        Err(err) => err,
    }
}

const APPLICATIONS: [&str; 7] = [
    "application_first_party",
    "application_third_party",
    "application_dynamically_registered",
    "application_m2m",
    "application_get",
    "create_response",
    "update_response",
];

#[test]
fn every_documented_example_round_trips() {
    for name in APPLICATIONS {
        round_trips::<ConnectApplication>(&example(name));
    }
    round_trips::<ConnectApplicationList>(&example("application_list"));
    round_trips::<CreateConnectApplication>(&example("create_oauth_request"));
    round_trips::<CreateConnectApplication>(&example("create_m2m_request"));
    round_trips::<UpdateConnectApplication>(&example("update_request"));
}

#[test]
fn each_kind_of_application_is_told_apart_exactly() {
    let kind = |name: &str| round_trips::<ConnectApplication>(&example(name)).application_type;
    assert!(matches!(
        kind("application_first_party"),
        ConnectApplicationType::OAuth {
            party: OAuthParty::FirstParty,
            ..
        }
    ));
    assert!(matches!(
        kind("application_third_party"),
        ConnectApplicationType::OAuth { party: OAuthParty::ThirdParty { organization_id }, .. }
            if organization_id == "org_01J9Q2Z3X4Y5W6V7U8T9S0R1Q"
    ));
    assert!(matches!(
        kind("application_dynamically_registered"),
        ConnectApplicationType::OAuth {
            party: OAuthParty::DynamicallyRegistered,
            ..
        }
    ));
    assert!(matches!(
        kind("application_m2m"),
        ConnectApplicationType::M2m { organization_id } if organization_id == "org_01J9Q2Z3X4Y5W6V7U8T9S0R1Q"
    ));
}

#[test]
fn tags_are_implied_by_the_variant_on_output() {
    let app = ConnectApplication {
        object: ConnectApplicationObject::default(),
        id: "app_1".into(),
        client_id: "client_1".into(),
        description: None,
        name: "Dyn".into(),
        scopes: vec![],
        created_at: "2024-01-15T12:30:00Z".parse().unwrap(),
        updated_at: "2024-01-15T12:30:00Z".parse().unwrap(),
        application_type: ConnectApplicationType::OAuth {
            redirect_uris: vec![],
            uses_pkce: true,
            party: OAuthParty::DynamicallyRegistered,
        },
    };
    let json = serde_json::to_value(&app).unwrap();
    assert_eq!(json["object"], "connect_application");
    assert_eq!(json["application_type"], "oauth");
    assert_eq!(json["is_first_party"], false);
    assert_eq!(json["was_dynamically_registered"], true);
    assert_eq!(json["description"], Value::Null);
    assert_eq!(parse::<ConnectApplication>(&json).unwrap(), app);
}

#[test]
fn a_missing_required_field_at_any_level_is_named() {
    let base = [
        "object",
        "id",
        "client_id",
        "description",
        "name",
        "scopes",
        "created_at",
        "updated_at",
    ];
    for field in base {
        for name in ["application_first_party", "application_m2m"] {
            let mut instance = example(name);
            instance.as_object_mut().unwrap().remove(field);
            let err = rejected::<ConnectApplication>(&instance);
            assert_eq!(
                err,
                format!(".: missing field `{field}`"),
                "{name} without {field}"
            );
        }
    }
    for field in ["redirect_uris", "uses_pkce", "is_first_party"] {
        let mut instance = example("application_first_party");
        instance.as_object_mut().unwrap().remove(field);
        let err = rejected::<ConnectApplication>(&instance);
        assert!(err.contains(field), "without {field}: {err}");
    }
    let mut instance = example("application_first_party");
    instance["redirect_uris"][0]
        .as_object_mut()
        .unwrap()
        .remove("uri");
    let err = rejected::<ConnectApplication>(&instance);
    assert_eq!(err, ".: redirect_uris: missing field `uri`");

    let mut third_party = example("application_third_party");
    third_party
        .as_object_mut()
        .unwrap()
        .remove("organization_id");
    assert_eq!(
        rejected::<ConnectApplication>(&third_party),
        ".: missing field `organization_id`"
    );

    let mut m2m = example("application_m2m");
    m2m.as_object_mut().unwrap().remove("organization_id");
    assert_eq!(
        rejected::<ConnectApplication>(&m2m),
        ".: missing field `organization_id`"
    );
}

#[test]
fn wrong_tags_and_constants_are_rejected() {
    let mut wrong_object = example("application_first_party");
    wrong_object["object"] = json!("organization");
    assert_eq!(
        rejected::<ConnectApplication>(&wrong_object),
        ".: object: unknown variant `organization`, expected `connect_application`"
    );

    let mut banana = example("application_first_party");
    banana["application_type"] = json!("banana");
    let err = rejected::<ConnectApplication>(&banana);
    assert!(
        err.contains("`application_type` matches no kind of ConnectApplicationType"),
        "{err}"
    );
    assert!(
        err.contains("found `application_type` = \"banana\""),
        "{err}"
    );

    let mut undecided = example("application_third_party");
    undecided
        .as_object_mut()
        .unwrap()
        .remove("was_dynamically_registered");
    let err = rejected::<ConnectApplication>(&undecided);
    assert!(
        err.contains("found `is_first_party` = false, `was_dynamically_registered` missing"),
        "{err}"
    );

    let mut stringly = example("application_first_party");
    stringly["is_first_party"] = json!("true");
    let err = rejected::<ConnectApplication>(&stringly);
    assert!(err.contains("`is_first_party` = \"true\""), "{err}");

    // M2M fields do not make an OAuth application, and vice versa.
    let mut m2m_as_oauth = example("application_m2m");
    m2m_as_oauth["application_type"] = json!("oauth");
    let err = rejected::<ConnectApplication>(&m2m_as_oauth);
    assert!(err.contains("redirect_uris"), "{err}");
}

#[test]
fn wrong_json_types_anywhere_are_rejected_with_their_field() {
    let cases = [
        (
            "id",
            json!(5),
            ".: id: invalid type: integer `5`, expected a string",
        ),
        (
            "scopes",
            json!("openid"),
            ".: scopes: invalid type: string \"openid\", expected a sequence",
        ),
        (
            "uses_pkce",
            json!("no"),
            ".: uses_pkce: invalid type: string \"no\", expected a boolean",
        ),
        (
            "name",
            json!(null),
            ".: name: invalid type: null, expected a string",
        ),
        (
            "created_at",
            json!("yesterday"),
            ".: created_at: input contains invalid characters",
        ),
    ];
    for (field, value, expected) in cases {
        let mut instance = example("application_first_party");
        instance[field] = value;
        assert_eq!(rejected::<ConnectApplication>(&instance), expected);
    }
    let mut not_object = example("application_first_party");
    not_object["redirect_uris"] = json!([{"uri": 1, "default": true}]);
    assert!(rejected::<ConnectApplication>(&not_object).contains("redirect_uris"));
    assert!(rejected::<ConnectApplication>(&json!([1, 2])).contains("expected a map"));
}

#[test]
fn required_nullable_and_unknown_fields() {
    let mut null_description = example("application_first_party");
    null_description["description"] = Value::Null;
    round_trips::<ConnectApplication>(&null_description);

    let mut extra = example("application_third_party");
    extra["future_field"] = json!({"x": 1});
    let app = parse::<ConnectApplication>(&extra).unwrap();
    assert_eq!(app.name, "My Application");
}

#[test]
fn errors_inside_a_list_name_the_element() {
    let mut list = example("application_list");
    list["data"][0]["is_first_party"] = json!(false);
    list["data"][0]["was_dynamically_registered"] = json!(false);
    let err = rejected::<ConnectApplicationList>(&list);
    assert!(
        err.starts_with("data[0]: missing field `organization_id` at line 1"),
        "{err}"
    );

    let mut list = example("application_list");
    list["object"] = json!("page");
    assert!(rejected::<ConnectApplicationList>(&list).starts_with("object: unknown variant `page`"));
    let mut list = example("application_list");
    list["list_metadata"]
        .as_object_mut()
        .unwrap()
        .remove("after");
    let err = rejected::<ConnectApplicationList>(&list);
    assert!(
        err.starts_with("list_metadata: missing field `after`"),
        "{err}"
    );
}

#[test]
fn create_bodies_require_an_organization_where_the_docs_say() {
    let oauth = example("create_oauth_request");
    let body = round_trips::<CreateConnectApplication>(&oauth);
    let CreateConnectApplication::OAuth(oauth_body) = body else {
        panic!("an OAuth body");
    };
    assert!(
        matches!(oauth_body.party, CreateOAuthParty::ThirdParty { ref organization_id } if organization_id.starts_with("org_"))
    );

    let mut third_party_without_org = oauth.clone();
    third_party_without_org
        .as_object_mut()
        .unwrap()
        .remove("organization_id");
    assert_eq!(
        rejected::<CreateConnectApplication>(&third_party_without_org),
        ".: missing field `organization_id`"
    );
    let mut third_party_null_org = oauth.clone();
    third_party_null_org["organization_id"] = Value::Null;
    assert!(rejected::<CreateConnectApplication>(&third_party_null_org).contains("organization_id"));

    let mut first_party = oauth.clone();
    first_party["is_first_party"] = json!(true);
    first_party
        .as_object_mut()
        .unwrap()
        .remove("organization_id");
    round_trips::<CreateConnectApplication>(&first_party);

    let mut m2m_without_org = example("create_m2m_request");
    m2m_without_org
        .as_object_mut()
        .unwrap()
        .remove("organization_id");
    assert!(rejected::<CreateConnectApplication>(&m2m_without_org)
        .contains("missing field `organization_id`"));

    let mut unknown = example("create_m2m_request");
    unknown["application_type"] = json!("saml");
    let err = rejected::<CreateConnectApplication>(&unknown);
    assert!(err.contains("found `application_type` = \"saml\""), "{err}");
}

#[test]
fn update_bodies_are_all_optional() {
    round_trips::<UpdateConnectApplication>(&json!({}));
    round_trips::<UpdateConnectApplication>(&json!({"description": null, "redirect_uris": null}));
    let err = rejected::<UpdateConnectApplication>(&json!({"name": null}));
    assert!(
        err.starts_with("name: invalid type: null, expected a string"),
        "{err}"
    );
    let err = rejected::<UpdateConnectApplication>(&json!({"redirect_uris": [{"default": true}]}));
    assert!(
        err.starts_with("redirect_uris[0]: missing field `uri`"),
        "{err}"
    );
}
