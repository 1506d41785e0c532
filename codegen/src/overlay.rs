//! Stage 1b, overlay: applies OpenAPI Overlay 1.0 documents to the loaded
//! documents of their folder, before anything else reads them.
//!
//! Vendors publish schemas that leave out what their prose says (a field
//! required only in some cases, names for anonymous variants, whole request
//! bodies). Those refinements live in an overlay beside the vendor's files,
//! so the files stay byte-for-byte as published and an update is a clean
//! diff.
//!
//! Target: the overlay's `extends`, when it names a document of the folder
//! (relative path); otherwise the folder's component namespace, a virtual
//! OpenAPI document `{components: {schemas: {Name: ...}}}` made of the
//! folder's JSON Schema documents whose `$id` is `#/components/schemas/Name`.
//! Schemas an overlay adds to that namespace become documents of their own.
//!
//! Actions run in order: `target` is an RFC 9535 JSONPath; `update` is
//! merged into each node it selects (objects recursively, arrays appended);
//! `remove: true` deletes them. An action that selects nothing is a warning.
//!
//! Invariant: after this stage no [`DocKind::Overlay`] document remains.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diag::Sink;
use crate::load::{folder_of, Dialect, DocKind, Document};

const NAMESPACE_PREFIX: &str = "#/components/schemas/";

/// Applies every overlay in `docs` and removes the overlays.
pub fn apply(sink: &mut Sink, docs: Vec<Document>) -> Vec<Document> {
    let (overlays, mut docs): (Vec<Document>, Vec<Document>) =
        docs.into_iter().partition(|d| d.kind == DocKind::Overlay);
    for overlay in &overlays {
        let folder = folder_of(&overlay.path);
        let extends = overlay
            .root
            .get("extends")
            .and_then(Value::as_str)
            .map(|e| join(folder, e));
        match extends.and_then(|target| docs.iter().position(|d| d.path == target)) {
            Some(index) => {
                let mut root = std::mem::take(&mut docs[index].root);
                run_actions(sink, overlay, &mut root);
                docs[index].root = root;
            }
            None => apply_to_namespace(sink, overlay, folder, &mut docs),
        }
    }
    docs
}

fn apply_to_namespace(sink: &mut Sink, overlay: &Document, folder: &str, docs: &mut Vec<Document>) {
    let members: Vec<(String, usize)> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| folder_of(&d.path) == folder && matches!(d.kind, DocKind::JsonSchema(_)))
        .filter_map(|(i, d)| {
            let id = d.root.get("$id")?.as_str()?;
            Some((id.strip_prefix(NAMESPACE_PREFIX)?.to_owned(), i))
        })
        .collect();
    let mut schemas = Map::new();
    for (name, index) in &members {
        schemas.insert(name.clone(), std::mem::take(&mut docs[*index].root));
    }
    let mut namespace = serde_json::json!({ "components": { "schemas": schemas } });
    run_actions(sink, overlay, &mut namespace);

    let Value::Object(mut schemas) = namespace["components"]["schemas"].take() else {
        sink.error(
            "overlay",
            &overlay.path,
            "",
            "the overlay replaced `components.schemas` with something that is not an object",
        );
        return;
    };
    let mut removed = Vec::new();
    for (name, index) in &members {
        match schemas.remove(name) {
            Some(root) => docs[*index].root = root,
            None => removed.push(*index),
        }
    }
    for (name, mut root) in schemas {
        if let Value::Object(object) = &mut root {
            object
                .entry("$id")
                .or_insert_with(|| Value::String(format!("{NAMESPACE_PREFIX}{name}")));
        }
        docs.push(Document {
            path: overlay.path.clone(),
            module: overlay.module.clone(),
            kind: DocKind::JsonSchema(Dialect::Draft2020),
            root,
            untyped: overlay.untyped,
        });
    }
    removed.sort_unstable();
    for index in removed.into_iter().rev() {
        docs.remove(index);
    }
}

fn run_actions(sink: &mut Sink, overlay: &Document, target: &mut Value) {
    let Some(actions) = overlay.root.get("actions").and_then(Value::as_array) else {
        sink.error(
            "overlay",
            &overlay.path,
            "/actions",
            "`actions` must be an array",
        );
        return;
    };
    for (i, action) in actions.iter().enumerate() {
        let at = format!("/actions/{i}");
        let Some(expression) = action.get("target").and_then(Value::as_str) else {
            sink.error(
                "overlay",
                &overlay.path,
                &at,
                "an action needs a `target` JSONPath",
            );
            continue;
        };
        let path = match JsonPath::parse(expression) {
            Ok(path) => path,
            Err(err) => {
                sink.error(
                    "overlay",
                    &overlay.path,
                    &format!("{at}/target"),
                    format!("`{expression}` is not a valid JSONPath: {err}"),
                );
                continue;
            }
        };
        let pointers: Vec<String> = path
            .query_located(target)
            .locations()
            .map(|l| l.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            sink.warning(
                "overlay-unmatched",
                &overlay.path,
                &format!("{at}/target"),
                format!("`{expression}` selects nothing; the action has no effect"),
            );
            continue;
        }
        let remove = action.get("remove") == Some(&Value::Bool(true));
        // Deepest first, so removing one node does not shift another's path.
        for pointer in pointers.iter().rev() {
            if remove {
                remove_at(target, pointer);
            } else if let Some(update) = action.get("update") {
                if let Some(node) = target.pointer_mut(pointer) {
                    merge(node, update.clone());
                }
            }
        }
    }
}

/// Overlay merge: objects merge key by key, an array target gets the update
/// appended, anything else is replaced.
fn merge(target: &mut Value, update: Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(items)) => target.extend(items),
        (Value::Array(target), item) => target.push(item),
        (target, update) => *target = update,
    }
}

fn remove_at(root: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match root.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = last.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

fn join(folder: &str, relative: &str) -> String {
    if folder.is_empty() {
        relative.to_owned()
    } else {
        format!("{folder}/{relative}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;

    fn run(files: &[(&str, &str)]) -> (Vec<Document>, Vec<String>) {
        let mut sink = Sink::default();
        let sources = crate::load::sources(files);
        let loaded = load(&mut sink, &sources);
        let docs = apply(&mut sink, loaded);
        let diags = sink
            .finish()
            .iter()
            .map(|d| format!("{}: {}", d.code, d.pointer))
            .collect();
        (docs, diags)
    }

    #[test]
    fn updates_adds_and_removes_in_the_namespace() {
        let (docs, diags) = run(&[
            (
                "w/a.json",
                r##"{"$id": "#/components/schemas/A", "oneOf": [{"type": "string"}, {"type": "integer"}]}"##,
            ),
            (
                "w/b.json",
                r##"{"$id": "#/components/schemas/B", "type": "string"}"##,
            ),
            (
                "w/overlay.yaml",
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n\
                 - target: $.components.schemas.A.oneOf[0]\n  update: {title: Text}\n\
                 - target: $.components.schemas\n  update: {C: {type: boolean}}\n\
                 - target: $.components.schemas.B\n  remove: true\n\
                 - target: $.components.schemas.Nope\n  update: {title: x}\n",
            ),
        ]);
        assert_eq!(diags, ["overlay-unmatched: /actions/3/target"]);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].root["oneOf"][0]["title"], "Text");
        assert_eq!(docs[1].root["type"], "boolean");
        assert_eq!(docs[1].root["$id"], "#/components/schemas/C");
        assert!(docs.iter().all(|d| d.kind != DocKind::Overlay));
    }

    #[test]
    fn extends_targets_one_document() {
        let (docs, diags) = run(&[
            ("w/api.json", r#"{"type": "object", "required": ["a"]}"#),
            (
                "w/fix.json",
                r#"{"overlay": "1.0.0", "extends": "api.json", "actions": [{"target": "$.required", "update": "b"}]}"#,
            ),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(docs[0].root["required"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn bad_jsonpath_is_an_error_at_the_action() {
        let (_, diags) = run(&[(
            "w/o.json",
            r#"{"overlay": "1.0.0", "actions": [{"target": "$[", "remove": true}]}"#,
        )]);
        assert_eq!(diags, ["overlay: /actions/0/target"]);
    }
}
