//! The generated crate's `schemars` feature: the schema `JsonSchema`
//! produces for a type accepts and rejects the same instances as the
//! source schema it was generated from. The instances are the seed
//! documents in `tests/data/` and mutations of them that the source schema
//! rejects.

use std::path::Path;

use serde_json::{json, Value};

fn read(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A source schema, made self-contained: `$ref`s to sibling files are
/// replaced by the file, and a fragment-only `$id` (a namespace marker for
/// the generator) is dropped.
fn source_schema(folder: &str, file: &str) -> Value {
    fn inline(value: &mut Value, folder: &str) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref").cloned() {
                    if target.ends_with(".json") {
                        map.remove("$ref");
                        if let Value::Object(referenced) =
                            read(&format!("schemas/{folder}/{target}"))
                        {
                            for (key, value) in referenced {
                                if key != "$schema" && key != "$id" {
                                    map.entry(key).or_insert(value);
                                }
                            }
                        }
                    }
                }
                map.remove("$id");
                map.values_mut().for_each(|v| inline(v, folder));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| inline(v, folder)),
            _ => {}
        }
    }
    let mut schema = read(&format!("schemas/{folder}/{file}"));
    inline(&mut schema, folder);
    schema
}

/// For each instance: accepted by the source schema exactly when accepted
/// by the generated type's schema. Returns how many each accepted.
fn compare<T: schemars::JsonSchema>(source: &Value, instances: &[(String, Value)]) -> usize {
    let generated = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let source_validator = jsonschema::validator_for(source).expect("the source schema compiles");
    let generated_validator =
        jsonschema::validator_for(&generated).expect("the generated schema compiles");
    let mut accepted = 0;
    for (name, instance) in instances {
        let by_source = source_validator.is_valid(instance);
        let by_generated = generated_validator.is_valid(instance);
        assert_eq!(
            by_source, by_generated,
            "{name}: the source schema says {by_source}, the generated schema {by_generated}\n\
             generated schema: {generated:#}"
        );
        accepted += usize::from(by_source);
    }
    accepted
}

fn instances(files: &[&str]) -> Vec<(String, Value)> {
    files
        .iter()
        .map(|file| (file.to_string(), read(&format!("tests/data/{file}"))))
        .collect()
}

/// A named edit of an instance.
type Edit = (&'static str, fn(&mut Value));

/// Each instance with one edit, named after it.
fn mutations(base: &(String, Value), edits: &[Edit]) -> Vec<(String, Value)> {
    edits
        .iter()
        .map(|(what, edit)| {
            let mut value = base.1.clone();
            edit(&mut value);
            (format!("{} with {what}", base.0), value)
        })
        .collect()
}

#[test]
fn connect_application_schema_agrees_with_its_source() {
    let seeds = instances(&[
        "workos/application_first_party.json",
        "workos/application_third_party.json",
        "workos/application_dynamically_registered.json",
        "workos/application_m2m.json",
        "workos/application_get.json",
        "workos/create_response.json",
    ]);
    let mut all = seeds.clone();
    all.extend(mutations(
        &seeds[0],
        &[
            ("an unknown application_type", |v| {
                v["application_type"] = json!("saml")
            }),
            ("no id", |v| {
                v.as_object_mut().unwrap().remove("id");
            }),
            ("a string for uses_pkce", |v| v["uses_pkce"] = json!("yes")),
            ("another object", |v| v["object"] = json!("list")),
        ],
    ));
    all.extend(mutations(
        &seeds[3],
        &[("no organization_id", |v| {
            v.as_object_mut().unwrap().remove("organization_id");
        })],
    ));
    let accepted = compare::<generated::workos::ConnectApplication>(
        &source_schema("workos", "ConnectApplication.json"),
        &all,
    );
    assert_eq!(
        accepted,
        seeds.len(),
        "every seed is valid, every mutation not"
    );
}

#[test]
fn dfns_schemas_agree_with_their_sources() {
    let seeds = instances(&["dfns/create_application_request.json"]);
    let mut all = seeds.clone();
    all.extend(mutations(
        &seeds[0],
        &[
            ("another kind", |v| {
                v["kind"] = json!("ServerSideApplication")
            }),
            ("no origin", |v| {
                v.as_object_mut().unwrap().remove("origin");
            }),
            ("a number for a name", |v| v["name"] = json!(7)),
        ],
    ));
    let accepted = compare::<generated::dfns::CreateApplicationRequest>(
        &source_schema("dfns", "create_application_request.json"),
        &all,
    );
    assert_eq!(accepted, 1);

    let seeds = instances(&["dfns/application.json"]);
    let mut all = seeds.clone();
    all.extend(mutations(
        &seeds[0],
        &[("a string for isActive", |v| v["isActive"] = json!("yes"))],
    ));
    let accepted =
        compare::<generated::dfns::Application>(&source_schema("dfns", "application.json"), &all);
    assert_eq!(accepted, 1);
}

#[test]
fn checked_newtypes_carry_their_rules_into_the_schema() {
    // `limit` in schemas/workos/api.yaml: an integer from 1 to 100.
    let source = json!({"type": "integer", "minimum": 1, "maximum": 100});
    let instances: Vec<(String, Value)> = [json!(0), json!(1), json!(100), json!(101), json!("5")]
        .into_iter()
        .map(|v| (v.to_string(), v))
        .collect();
    let accepted =
        compare::<generated::workos::ListConnectApplicationsParamsLimit>(&source, &instances);
    assert_eq!(accepted, 2);
}

#[test]
fn a_bounded_string_describes_its_bounds() {
    let schema =
        serde_json::to_value(schemars::schema_for!(generated::BoundedString<2, 6>)).unwrap();
    assert_eq!(schema["type"], "string", "{schema:#}");
    assert_eq!(schema["minLength"], 2, "{schema:#}");
    assert_eq!(schema["maxLength"], 6, "{schema:#}");
    let unbounded =
        serde_json::to_value(schemars::schema_for!(generated::BoundedString<1, { usize::MAX }>))
            .unwrap();
    assert!(unbounded.get("maxLength").is_none(), "{unbounded:#}");
    // The schema and the type agree on what they accept.
    let validator = jsonschema::validator_for(&schema).unwrap();
    for text in ["b", "bo", "ab𝄞cde", "abcdefg"] {
        let typed = serde_json::from_value::<generated::BoundedString<2, 6>>(json!(text));
        assert_eq!(validator.is_valid(&json!(text)), typed.is_ok(), "{text}");
    }
}
