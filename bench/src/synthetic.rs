//! Synthetic OpenAPI 3.1 documents of any number of schemas, for the
//! scaling curve. Deterministic: the same count gives the same bytes.
//!
//! The schemas cycle through four shapes, so every size mixes them in the
//! same proportion, and each refers only to schemas defined before it:
//! - `Record<i>`: an object of ten properties (scalars, an array, a
//!   date-time, a nested inline object) referring to the previous status
//!   and (in chains of eight) the previous record;
//! - `Status<i>`: a string enum of four values;
//! - `Event<i>`: a `oneOf` of two objects told apart by a constant `type`
//!   property (a tagged union), each referring to a record;
//! - `Amount<i>`: a `oneOf` of a string and an integer (a union told apart
//!   by JSON type).

use serde_json::{json, Map, Value};

/// The four shapes, in the order they cycle.
const SHAPES: usize = 4;

/// An OpenAPI 3.1 document whose `components/schemas` holds `count` schemas.
pub fn document(count: usize) -> Value {
    let mut schemas = Map::new();
    for index in 0..count {
        let (name, schema) = schema(index);
        schemas.insert(name, schema);
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": format!("Synthetic, {count} schemas"), "version": "1.0.0" },
        "paths": {},
        "components": { "schemas": schemas },
    })
}

/// The document as JSON text.
pub fn document_text(count: usize) -> String {
    serde_json::to_string_pretty(&document(count)).expect("a Value always serializes")
}

fn schema(index: usize) -> (String, Value) {
    // The latest record and status defined before `index`, if any.
    let previous = |shape: usize| {
        let base = index - index % SHAPES;
        let candidate = if shape < index % SHAPES {
            Some(base + shape)
        } else {
            base.checked_sub(SHAPES).map(|b| b + shape)
        };
        candidate.map(|i| format!("#/components/schemas/{}{i}", ["Record", "Status"][shape]))
    };
    match index % SHAPES {
        0 => {
            let mut properties = json!({
                "id": { "type": "string", "description": "Unique identifier." },
                "name": { "type": "string" },
                "count": { "type": "integer", "format": "int64" },
                "score": { "type": "number" },
                "active": { "type": "boolean" },
                "tags": { "type": "array", "items": { "type": "string" } },
                "created_at": { "type": "string", "format": "date-time" },
                "address": {
                    "type": "object",
                    "properties": {
                        "line": { "type": "string" },
                        "city": { "type": "string" },
                        "postal_code": { "type": ["string", "null"] }
                    },
                    "required": ["line", "city"]
                }
            });
            // Chains of records restart every eighth record: a chain
            // through every record would nest types thousands deep, which
            // rustc's drop check cannot follow for either tool's code.
            if let Some(record) = previous(0).filter(|_| (index / SHAPES) % 8 != 0) {
                properties["parent"] = json!({ "$ref": record });
            }
            if let Some(status) = previous(1) {
                properties["status"] = json!({ "$ref": status });
            }
            (
                format!("Record{index}"),
                json!({
                    "type": "object",
                    "description": format!("Record number {index}."),
                    "properties": properties,
                    "required": ["id", "name", "count"]
                }),
            )
        }
        1 => (
            format!("Status{index}"),
            json!({
                "type": "string",
                "enum": ["pending", "active", "suspended", "closed"]
            }),
        ),
        2 => {
            let record = previous(0).expect("a record precedes every event");
            let variant = |tag: &str, title: String| {
                json!({
                    "title": title,
                    "type": "object",
                    "properties": {
                        "type": { "type": "string", "const": tag },
                        "record": { "$ref": record },
                        "at": { "type": "string", "format": "date-time" }
                    },
                    "required": ["type", "record"]
                })
            };
            (
                format!("Event{index}"),
                json!({
                    "oneOf": [
                        variant("created", format!("Created{index}")),
                        variant("deleted", format!("Deleted{index}")),
                    ]
                }),
            )
        }
        _ => (
            format!("Amount{index}"),
            json!({
                "oneOf": [
                    { "title": format!("Text{index}"), "type": "string" },
                    { "title": format!("Cents{index}"), "type": "integer", "format": "int64" }
                ]
            }),
        ),
    }
}
