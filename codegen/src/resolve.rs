//! Stage 2, resolve: every `$ref` in every document -> the [`Location`] it
//! points at.
//!
//! Supported targets: JSON pointers inside the same document (`#/$defs/A`),
//! relative files under the schemas root (`common.json#/$defs/B`), `$anchor`s,
//! absolute `$id`s declared by a loaded document, and fragment-only `$id`s
//! such as `#/components/schemas/Name`, which make the documents of one
//! folder a shared namespace (vendors publish OpenAPI components one file at a
//! time that way).
//!
//! Invariant: nothing is ever fetched over the network and no file outside the
//! schemas root is read; such references are errors.

use std::collections::HashMap;

use serde_json::Value;

use crate::diag::Sink;
use crate::load::{folder_of, DocId, Document};
use crate::pointer::{self, Location};

/// The result of resolution: where each `$ref` points.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Keyed by the location of the schema object that holds the `$ref`.
    targets: HashMap<Location, Location>,
}

impl Resolved {
    /// The target of the `$ref` held by the schema at `site`, if it resolved.
    pub fn target(&self, site: &Location) -> Option<&Location> {
        self.targets.get(site)
    }
}

/// Keywords whose values are data, not schemas: a `$ref` key inside them is
/// not a reference.
const DATA_KEYWORDS: &[&str] = &["const", "default", "enum", "example", "examples"];

/// Resolves every `$ref` in `docs`, reporting the ones that cannot be.
pub fn resolve(sink: &mut Sink, docs: &[Document]) -> Resolved {
    let index = Index::build(docs);
    let mut resolved = Resolved::default();
    for (i, doc) in docs.iter().enumerate() {
        let doc_id = DocId(i as u32);
        let mut sites = Vec::new();
        collect_refs(&doc.root, &Location::root(doc_id), &mut sites);
        for (site, reference) in sites {
            match index.lookup(docs, doc_id, reference) {
                Ok(target) => {
                    resolved.targets.insert(site, target);
                }
                Err(failure) => failure.report(sink, doc, &site, reference),
            }
        }
    }
    resolved
}

fn collect_refs<'a>(value: &'a Value, at: &Location, out: &mut Vec<(Location, &'a str)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push((at.clone(), reference));
            }
            for (key, child) in map {
                if !DATA_KEYWORDS.contains(&key.as_str()) {
                    collect_refs(child, &at.child(key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs(child, &at.child(&i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// Why a reference did not resolve.
enum Failure {
    Network,
    OutsideRoot,
    NoSuchFile(String),
    NoSuchPointer(String),
    Malformed,
}

impl Failure {
    fn report(self, sink: &mut Sink, doc: &Document, site: &Location, reference: &str) {
        let pointer = pointer::push(&site.pointer, "$ref");
        let file = doc.path.as_str();
        match self {
            Failure::Network => sink
                .error(
                    "network-ref",
                    file,
                    &pointer,
                    format!("`{reference}` points at the network, which is never fetched"),
                )
                .hint(
                    "download the schema into the schemas folder and refer to it by relative path",
                ),
            Failure::OutsideRoot => sink
                .error(
                    "ref-outside-root",
                    file,
                    &pointer,
                    format!("`{reference}` points outside the schemas folder"),
                )
                .hint("copy the schema into the schemas folder"),
            Failure::NoSuchFile(path) => sink
                .error(
                    "dangling-ref",
                    file,
                    &pointer,
                    format!("`{reference}` points at `{path}`, which is not a loaded schema file"),
                )
                .hint("check the file name; only .json, .yaml and .yml files are loaded"),
            Failure::NoSuchPointer(in_file) => sink
                .error(
                    "dangling-ref",
                    file,
                    &pointer,
                    format!("`{reference}` points at nothing in `{in_file}`"),
                )
                .hint("check the spelling of the definition's name"),
            Failure::Malformed => sink.error(
                "malformed-ref",
                file,
                &pointer,
                format!("`{reference}` is not a valid reference"),
            ),
        };
    }
}

/// Where documents, `$id`s and anchors are, for lookups.
struct Index<'a> {
    by_path: HashMap<&'a str, DocId>,
    /// Absolute `$id`s (without fragment) of whole documents or subschemas.
    by_uri: HashMap<String, Location>,
    /// Fragment-only `$id`s (`#/components/schemas/A`), per folder.
    by_folder_id: HashMap<(String, String), Location>,
    /// `$anchor` names per document.
    anchors: HashMap<(DocId, String), Location>,
}

impl<'a> Index<'a> {
    fn build(docs: &'a [Document]) -> Self {
        let mut index = Index {
            by_path: HashMap::new(),
            by_uri: HashMap::new(),
            by_folder_id: HashMap::new(),
            anchors: HashMap::new(),
        };
        for (i, doc) in docs.iter().enumerate() {
            let id = DocId(i as u32);
            index.by_path.insert(doc.path.as_str(), id);
            index.collect_ids(doc, &doc.root, &Location::root(id));
        }
        index
    }

    fn collect_ids(&mut self, doc: &Document, value: &Value, at: &Location) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("$id").or_else(|| map.get("id")) {
                    if let Some(fragment_id) = id.strip_prefix('#') {
                        if fragment_id.starts_with('/') {
                            let folder = folder_of(&doc.path).to_owned();
                            self.by_folder_id
                                .entry((folder, id.clone()))
                                .or_insert_with(|| at.clone());
                        }
                    } else if has_scheme(id) {
                        let base = id.split('#').next().unwrap_or_default().to_owned();
                        self.by_uri.entry(base).or_insert_with(|| at.clone());
                    }
                }
                if let Some(Value::String(anchor)) = map.get("$anchor") {
                    self.anchors
                        .entry((at.doc, anchor.clone()))
                        .or_insert_with(|| at.clone());
                }
                for (key, child) in map {
                    if !DATA_KEYWORDS.contains(&key.as_str()) {
                        self.collect_ids(doc, child, &at.child(key));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.collect_ids(doc, child, &at.child(&i.to_string()));
                }
            }
            _ => {}
        }
    }

    fn lookup(&self, docs: &[Document], from: DocId, reference: &str) -> Result<Location, Failure> {
        let from_doc = &docs[from.0 as usize];
        let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = pointer::percent_decode(fragment);

        let target_doc = if uri.is_empty() {
            from
        } else if has_scheme(uri) {
            let target = self.by_uri.get(uri).ok_or(Failure::Network)?;
            return self.in_document(docs, target, &fragment);
        } else {
            // A relative reference: resolve against the document's own
            // absolute `$id` when it has one, else against its path.
            if let Some(base) = root_id(from_doc) {
                if let Some(target) = self.by_uri.get(&join_uri(base, uri)) {
                    return self.in_document(docs, target, &fragment);
                }
            }
            let path = join_path(folder_of(&from_doc.path), uri).ok_or(Failure::OutsideRoot)?;
            *self
                .by_path
                .get(path.as_str())
                .ok_or(Failure::NoSuchFile(path))?
        };

        let base = Location::root(target_doc);
        match self.in_document(docs, &base, &fragment) {
            Ok(found) => Ok(found),
            Err(err) if uri.is_empty() && fragment.starts_with('/') => {
                // `#/components/schemas/B` written in a file that is itself one
                // component of a larger document: look in the folder namespace.
                let folder = folder_of(&from_doc.path).to_owned();
                self.by_folder_id
                    .get(&(folder, format!("#{fragment}")))
                    .cloned()
                    .ok_or(err)
            }
            Err(err) => Err(err),
        }
    }

    /// Finds `fragment` (a pointer or an anchor name) relative to `base`.
    fn in_document(
        &self,
        docs: &[Document],
        base: &Location,
        fragment: &str,
    ) -> Result<Location, Failure> {
        let doc = &docs[base.doc.0 as usize];
        if fragment.is_empty() {
            return Ok(base.clone());
        }
        if !fragment.starts_with('/') {
            return self
                .anchors
                .get(&(base.doc, fragment.to_owned()))
                .cloned()
                .ok_or_else(|| Failure::NoSuchPointer(doc.path.clone()));
        }
        pointer::tokens(fragment).ok_or(Failure::Malformed)?;
        let full = format!("{}{}", base.pointer, fragment);
        if pointer::get(&doc.root, &full).is_some() {
            Ok(Location {
                doc: base.doc,
                pointer: full,
            })
        } else {
            Err(Failure::NoSuchPointer(doc.path.clone()))
        }
    }
}

fn root_id(doc: &Document) -> Option<&str> {
    doc.root
        .get("$id")
        .and_then(Value::as_str)
        .filter(|id| has_scheme(id))
}

fn has_scheme(uri: &str) -> bool {
    match uri.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins a relative file reference to a folder, refusing to leave the root.
fn join_path(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Joins a relative reference to an absolute base URI (the path part only).
fn join_uri(base: &str, relative: &str) -> String {
    let base = base.split('#').next().unwrap_or_default();
    match base.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{relative}"),
        None => relative.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;

    fn check(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
        let mut sink = Sink::default();
        let sources = crate::load::sources(files);
        let docs = load(&mut sink, &sources);
        let resolved = resolve(&mut sink, &docs);
        let mut targets: Vec<String> = resolved
            .targets
            .iter()
            .map(|(site, target)| {
                format!(
                    "{}#{} -> {}#{}",
                    docs[site.doc.0 as usize].path,
                    site.pointer,
                    docs[target.doc.0 as usize].path,
                    target.pointer
                )
            })
            .collect();
        targets.sort();
        let diags = sink
            .finish()
            .iter()
            .map(|d| format!("{}: {}", d.code, d.pointer))
            .collect();
        (targets, diags)
    }

    #[test]
    fn local_relative_anchor_and_absolute_refs() {
        let (targets, diags) = check(&[
            (
                "a/main.json",
                r##"{"$defs": {"X": {"$anchor": "ex", "type": "string"}},
                    "properties": {
                        "local": {"$ref": "#/$defs/X"},
                        "file": {"$ref": "common.json#/$defs/Y"},
                        "anchor": {"$ref": "#ex"},
                        "abs": {"$ref": "https://example.com/z.json"}
                    }}"##,
            ),
            ("a/common.json", r#"{"$defs": {"Y": {"type": "integer"}}}"#),
            (
                "b/z.json",
                r#"{"$id": "https://example.com/z.json", "type": "boolean"}"#,
            ),
        ]);
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(
            targets,
            [
                "a/main.json#/properties/abs -> b/z.json#",
                "a/main.json#/properties/anchor -> a/main.json#/$defs/X",
                "a/main.json#/properties/file -> a/common.json#/$defs/Y",
                "a/main.json#/properties/local -> a/main.json#/$defs/X",
            ]
        );
    }

    #[test]
    fn folder_namespace_of_component_ids() {
        let (targets, diags) = check(&[
            (
                "w/a.json",
                r##"{"$id": "#/components/schemas/A", "properties": {"b": {"$ref": "#/components/schemas/B"}}}"##,
            ),
            (
                "w/b.json",
                r##"{"$id": "#/components/schemas/B", "type": "string"}"##,
            ),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(targets, ["w/a.json#/properties/b -> w/b.json#"]);
    }

    #[test]
    fn failures_are_reported_at_the_ref() {
        let (_, diags) = check(&[(
            "a.json",
            r##"{"properties": {
                "d": {"$ref": "#/$defs/Missing"},
                "n": {"$ref": "https://example.com/s.json"},
                "o": {"$ref": "../../etc/passwd"},
                "f": {"$ref": "nope.json"},
                "data": {"const": {"$ref": "not a ref"}}
            }}"##,
        )]);
        assert_eq!(
            diags,
            [
                "dangling-ref: /properties/d/$ref",
                "dangling-ref: /properties/f/$ref",
                "network-ref: /properties/n/$ref",
                "ref-outside-root: /properties/o/$ref",
            ]
        );
    }
}
