//! One JSON Schema document with `$defs`, made from the documents the
//! generator reads, for generators that take a single JSON Schema (typify).
//!
//! Every named schema becomes one entry of `$defs`: each OpenAPI
//! `components/schemas` entry, and each JSON Schema document (named by the
//! `#/components/schemas/<Name>` `$id` that puts it in its folder's
//! namespace, else by its `title`, else by its file stem). Every `$ref` is
//! rewritten to `#/$defs/<Name>`. A name used in two folders is qualified
//! with the folder (`dfns_Application`).
//!
//! The documents come from `codegen`'s own `load` and `overlay` stages, so
//! the other generator sees the same schemas, overlays applied. OpenAPI-only
//! keywords (`nullable`, `discriminator`) are passed through unchanged.
//!
//! This file is also compiled into `build.rs` (`#[path]`), so it depends on
//! nothing but `codegen` and `serde_json`.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::diag::Sink;
use codegen::load::{self, DocKind, Document};
use serde_json::{Map, Value};

const COMPONENTS: &str = "#/components/schemas/";

/// Loads the documents under `dir` the way the generator does (load, then
/// overlays). Errors are returned as text.
pub fn load_documents(dir: &Path) -> Result<Vec<Document>, String> {
    let mut sink = Sink::default();
    let sources = load::read_sources(&mut sink, dir);
    let docs = load::load(&mut sink, &sources);
    let docs = codegen::overlay::apply(&mut sink, docs);
    if sink.has_errors() {
        let errors: Vec<String> = sink.finish().iter().map(ToString::to_string).collect();
        return Err(errors.join("\n"));
    }
    Ok(docs)
}

/// Where a named schema lives: its document's path and its JSON pointer in
/// that document (empty for a whole JSON Schema document).
type Place = (String, String);

/// The `$defs` document for `docs`.
pub fn defs_document(docs: &[Document]) -> Value {
    let mut named: Vec<(Place, String, &Document, Value)> = Vec::new();
    for doc in docs {
        match doc.kind {
            DocKind::OpenApi(_) => {
                let schemas = doc
                    .root
                    .pointer("/components/schemas")
                    .and_then(Value::as_object);
                for (name, schema) in schemas.into_iter().flatten() {
                    let pointer = format!("/components/schemas/{}", escape(name));
                    named.push((
                        (doc.path.clone(), pointer),
                        name.clone(),
                        doc,
                        schema.clone(),
                    ));
                }
            }
            DocKind::JsonSchema(_) => {
                let name = namespace_name(doc)
                    .or_else(|| doc.root.get("title").and_then(Value::as_str))
                    .map_or_else(|| file_stem(&doc.path).to_owned(), str::to_owned);
                let mut schema = doc.root.clone();
                if let Some(map) = schema.as_object_mut() {
                    // A nested `$id` or `$schema` would start a new resource
                    // for the reader and change how its `$ref`s resolve.
                    map.remove("$id");
                    map.remove("$schema");
                }
                named.push(((doc.path.clone(), String::new()), name, doc, schema));
            }
            DocKind::Overlay => {}
        }
    }

    // Unique names: the first use of a name keeps it, later ones are
    // qualified with their folder.
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    // By file reference (`other.json`, `api.yaml#/components/schemas/X`).
    let mut by_place: BTreeMap<Place, String> = BTreeMap::new();
    // Per folder, `#/components/schemas/<Name>` -> def name.
    let mut namespaces: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut def_names = Vec::with_capacity(named.len());
    for (place, name, doc, _) in &named {
        let count = taken.entry(name.clone()).or_insert(0);
        *count += 1;
        let def_name = if *count == 1 {
            name.clone()
        } else {
            format!("{}_{name}", doc.module)
        };
        let folder = load::folder_of(&doc.path).to_owned();
        if let Some(name) = namespace_name(doc) {
            namespaces.insert((folder, name.to_owned()), def_name.clone());
        } else if matches!(doc.kind, DocKind::OpenApi(_)) {
            namespaces.insert((folder, name.clone()), def_name.clone());
        }
        // Schemas an overlay adds share the overlay's path; they are only
        // reachable through the namespace.
        by_place
            .entry(place.clone())
            .or_insert_with(|| def_name.clone());
        def_names.push(def_name);
    }

    let mut defs = Map::new();
    for ((_, _, doc, mut schema), def_name) in named.into_iter().zip(def_names) {
        let refs = Refs {
            doc,
            by_place: &by_place,
            namespaces: &namespaces,
        };
        refs.rewrite(&mut schema);
        defs.insert(def_name, schema);
    }
    let mut root = Map::new();
    root.insert(
        "$schema".to_owned(),
        Value::from("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert("$defs".to_owned(), Value::Object(defs));
    Value::Object(root)
}

/// How the `$ref`s of one document map to `$defs` names.
struct Refs<'a> {
    doc: &'a Document,
    by_place: &'a BTreeMap<Place, String>,
    namespaces: &'a BTreeMap<(String, String), String>,
}

impl Refs<'_> {
    /// Rewrites every `$ref` under `value`, iteratively (real specs nest
    /// deeply).
    fn rewrite(&self, value: &mut Value) {
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(reference)) = map.get_mut("$ref") {
                        if let Some(name) = self.target(reference) {
                            *reference = format!("#/$defs/{name}");
                        }
                    }
                    stack.extend(map.values_mut());
                }
                Value::Array(items) => stack.extend(items.iter_mut()),
                _ => {}
            }
        }
    }

    /// The def name a reference points at, when it points at a named schema.
    fn target(&self, reference: &str) -> Option<String> {
        let folder = load::folder_of(&self.doc.path);
        if let Some(name) = reference.strip_prefix(COMPONENTS) {
            // `#/components/schemas/Name/properties/x` points inside a named
            // schema; such refs are rare enough to be left as they are.
            let name = unescape(name);
            return self.namespaces.get(&(folder.to_owned(), name)).cloned();
        }
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        if file.is_empty() {
            return None;
        }
        let path = if folder.is_empty() {
            file.to_owned()
        } else {
            format!("{folder}/{}", file.trim_start_matches("./"))
        };
        self.by_place.get(&(path, pointer.to_owned())).cloned()
    }
}

/// `Name` for a JSON Schema document whose `$id` is
/// `#/components/schemas/Name`.
fn namespace_name(doc: &Document) -> Option<&str> {
    doc.root.get("$id")?.as_str()?.strip_prefix(COMPONENTS)
}

fn file_stem(path: &str) -> &str {
    let file = path.rsplit_once('/').map_or(path, |(_, file)| file);
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
