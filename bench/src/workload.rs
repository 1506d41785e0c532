//! The payload of the runtime benchmark: a `ConnectApplicationList` page
//! (`schemas/workos/`) of any number of applications, cycling through every
//! variant of the `ConnectApplication` union (OAuth first-party,
//! third-party and dynamically registered, and M2M). Deterministic.

use serde_json::{json, Value};

/// A `ConnectApplicationList` of `count` applications.
pub fn connect_application_list(count: usize) -> Value {
    let data: Vec<Value> = (0..count).map(connect_application).collect();
    json!({
        "object": "list",
        "data": data,
        "list_metadata": { "before": null, "after": format!("conn_app_{count:08}") }
    })
}

fn connect_application(index: usize) -> Value {
    let mut app = json!({
        "object": "connect_application",
        "id": format!("conn_app_{index:08}"),
        "client_id": format!("client_{index:08}"),
        "description": if index % 3 == 0 { Value::Null } else { json!(format!("Application {index}")) },
        "name": format!("Application {index}"),
        "scopes": ["openid", "profile", "email"],
        "created_at": "2026-01-15T12:00:00.000Z",
        "updated_at": "2026-01-16T08:30:00.000Z"
    });
    let fields = app.as_object_mut().expect("built as an object");
    let organization_id = json!(format!("org_{:06}", index % 1000));
    match index % 4 {
        3 => {
            fields.insert("application_type".into(), json!("m2m"));
            fields.insert("organization_id".into(), organization_id);
        }
        party => {
            fields.insert("application_type".into(), json!("oauth"));
            fields.insert(
                "redirect_uris".into(),
                json!([
                    { "uri": format!("https://app{index}.example.com/callback"), "default": true },
                    { "uri": format!("https://app{index}.example.com/alt"), "default": false }
                ]),
            );
            fields.insert("uses_pkce".into(), json!(index % 2 == 0));
            fields.insert("is_first_party".into(), json!(party == 0));
            if party != 0 {
                fields.insert("was_dynamically_registered".into(), json!(party == 2));
            }
            if party == 1 {
                fields.insert("organization_id".into(), organization_id);
            }
        }
    }
    app
}
