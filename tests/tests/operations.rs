//! OpenAPI operations as a downstream client sees them: the request,
//! parameter and response types of every WorkOS and Dfns operation, and
//! descriptors that say where each request goes.

use generated::workos::operations::{
    CreateConnectApplication as CreateOperation, DeleteConnectApplication, GetConnectApplication,
    ListConnectApplications, UpdateConnectApplication as UpdateOperation,
};
use generated::workos::{
    ApiError, ConnectApplication, CreateConnectApplication, CreateConnectApplicationResponse,
    DeleteConnectApplicationParams, DeleteConnectApplicationResponse, GetConnectApplicationParams,
    GetConnectApplicationResponse, ListConnectApplicationsParams,
    ListConnectApplicationsParamsLimit, ListConnectApplicationsResponse, PaginationOrder,
    UpdateConnectApplication, UpdateConnectApplicationParams, UpdateConnectApplicationResponse,
};
use generated::{DecodeError, Operation};
use serde_json::json;

fn example(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/data/workos/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Compiles only if the operation's associated types are exactly these.
fn types_of<O: Operation<Parameters = P, Body = B, Response = R>, P, B, R>(
) -> (&'static str, &'static str) {
    (O::METHOD, O::PATH)
}

#[test]
fn every_workos_operation_names_its_types_and_route() {
    assert_eq!(
        types_of::<CreateOperation, (), CreateConnectApplication, CreateConnectApplicationResponse>(
        ),
        ("POST", "/connect/applications")
    );
    assert_eq!(
        types_of::<
            ListConnectApplications,
            ListConnectApplicationsParams,
            (),
            ListConnectApplicationsResponse,
        >(),
        ("GET", "/connect/applications")
    );
    assert_eq!(
        types_of::<
            GetConnectApplication,
            GetConnectApplicationParams,
            (),
            GetConnectApplicationResponse,
        >(),
        ("GET", "/connect/applications/{id}")
    );
    assert_eq!(
        types_of::<
            UpdateOperation,
            UpdateConnectApplicationParams,
            UpdateConnectApplication,
            UpdateConnectApplicationResponse,
        >(),
        ("PUT", "/connect/applications/{id}")
    );
    assert_eq!(
        types_of::<
            DeleteConnectApplication,
            DeleteConnectApplicationParams,
            (),
            DeleteConnectApplicationResponse,
        >(),
        ("DELETE", "/connect/applications/{id}")
    );
    assert_eq!(GetConnectApplication::PATH_PARAMETERS, ["id"]);
    assert_eq!(
        ListConnectApplications::QUERY_PARAMETERS,
        ["before", "after", "limit", "order", "organization_id"]
    );
    assert_eq!(CreateOperation::OPERATION_ID, "create_connect_application");
    assert_eq!(CreateOperation::BODY_MEDIA_TYPE, Some("application/json"));
    let required: [bool; 2] = [
        CreateOperation::BODY_REQUIRED,
        GetConnectApplication::BODY_REQUIRED,
    ];
    assert_eq!(required, [true, false]);
    assert_eq!(GetConnectApplication::BODY_MEDIA_TYPE, None);
}

#[test]
fn query_parameters_serialize_by_wire_name() {
    let params = ListConnectApplicationsParams {
        before: None,
        after: Some("conn_app_1".into()),
        limit: Some(ListConnectApplicationsParamsLimit::new(10).unwrap()),
        order: Some(PaginationOrder::Desc),
        organization_id: None,
    };
    assert_eq!(
        serde_json::to_value(&params).unwrap(),
        json!({"after": "conn_app_1", "limit": 10, "order": "desc"})
    );
}

#[test]
fn limit_outside_its_documented_range_is_rejected() {
    // `limit` is documented as 1..=100.
    assert_eq!(
        ListConnectApplicationsParamsLimit::new(0)
            .unwrap_err()
            .keyword(),
        "minimum"
    );
    assert_eq!(
        ListConnectApplicationsParamsLimit::try_from(101)
            .unwrap_err()
            .keyword(),
        "maximum"
    );
    let decoded: Result<ListConnectApplicationsParams, _> =
        serde_json::from_value(json!({"limit": 101}));
    assert!(decoded
        .unwrap_err()
        .to_string()
        .contains("greater than 100"));
    assert_eq!(*ListConnectApplicationsParamsLimit::new(100).unwrap(), 100);
}

#[test]
fn responses_decode_by_status() {
    let created =
        CreateConnectApplicationResponse::from_json(201, &example("create_response")).unwrap();
    assert!(
        matches!(created, CreateConnectApplicationResponse::Created(ConnectApplication { ref name, .. }) if name == "My Application")
    );
    assert_eq!(created.status(), 201);

    let not_found =
        GetConnectApplicationResponse::from_json(404, r#"{"message": "Application not found"}"#)
            .unwrap();
    assert_eq!(
        not_found,
        GetConnectApplicationResponse::NotFound(ApiError {
            message: "Application not found".into()
        })
    );
    assert_eq!(not_found.status(), 404);

    let deleted = DeleteConnectApplicationResponse::from_json(204, "").unwrap();
    assert_eq!(deleted, DeleteConnectApplicationResponse::NoContent);

    assert!(matches!(
        GetConnectApplicationResponse::from_json(500, "{}"),
        Err(DecodeError::UnexpectedStatus(500))
    ));
    let wrong_body =
        GetConnectApplicationResponse::from_json(200, r#"{"object": "connect_application"}"#);
    assert!(matches!(wrong_body, Err(DecodeError::Json(_))));
    let list =
        ListConnectApplicationsResponse::from_json(200, &example("application_list")).unwrap();
    assert!(matches!(list, ListConnectApplicationsResponse::Ok(ref page) if page.data.len() == 1));
}

#[test]
fn the_dfns_operation_names_its_types_and_header() {
    use generated::dfns::operations::CreateApplication;
    use generated::dfns::{
        Application, CreateApplicationParams, CreateApplicationRequest, CreateApplicationResponse,
    };
    assert_eq!(
        types_of::<
            CreateApplication,
            CreateApplicationParams,
            CreateApplicationRequest,
            CreateApplicationResponse,
        >(),
        ("POST", "/auth/apps")
    );
    assert_eq!(CreateApplication::HEADER_PARAMETERS, ["X-DFNS-USERACTION"]);
    let params = CreateApplicationParams {
        x_dfns_useraction: "token".into(),
    };
    assert_eq!(
        serde_json::to_value(&params).unwrap(),
        json!({"X-DFNS-USERACTION": "token"})
    );
    let body = std::fs::read_to_string(format!(
        "{}/data/dfns/application.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let CreateApplicationResponse::Ok(app) =
        CreateApplicationResponse::from_json(200, &body).unwrap();
    let _: Application = app;
}
