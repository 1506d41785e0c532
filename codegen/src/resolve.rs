//! Stage 2, resolve: every `$ref` in every document -> the [`Location`] it
//! points at.
//!
//! Supported targets: JSON pointers inside the same document (`#/$defs/A`),
//! relative files under the schemas root (`common.json#/$defs/B`), `$anchor`s
//! (and draft 7's `"$id": "#name"`), absolute `$id`s declared by a loaded
//! document or one of its subschemas (a relative `$id` counts against the
//! enclosing base), addresses given with `Config::document_uri`, and
//! fragment-only `$id`s such as `#/components/schemas/Name`, which make the
//! documents of one folder a shared namespace (vendors publish OpenAPI
//! components one file at a time that way). A relative reference resolves
//! against the base URI where it is written: the nearest enclosing `$id`.
//!
//! Invariant: nothing is ever fetched over the network and no file outside the
//! schemas root is read; such references are errors.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value;

use crate::diag::Sink;
use crate::load::{folder_of, Dialect, DocId, Document};
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
    resolve_with_uris(sink, docs, &[])
}

/// Resolves every `$ref` in `docs`, where `(path, uri)` in `document_uris`
/// says that a reference to `uri` means the document at `path` (see
/// `Config::document_uri`).
pub fn resolve_with_uris(
    sink: &mut Sink,
    docs: &[Document],
    document_uris: &[(String, String)],
) -> Resolved {
    let mut index = Index::new(docs, document_uris);
    let bases: Vec<Option<String>> = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| index.document_base(doc, DocId(i as u32)))
        .collect();
    // Two walks over every document, independent of each other: one finds
    // the `$id`s and anchors references may name, the other the `$ref`s.
    // On a large document each is a fifth of resolving (#8), so the index
    // is built on a thread of its own meanwhile; on a small one starting
    // the thread costs more than the walk.
    let collect_sites = || -> Vec<Vec<Site<'_>>> {
        docs.iter()
            .enumerate()
            .map(|(i, doc)| {
                let mut sites = Vec::new();
                collect_refs(
                    doc,
                    &doc.root,
                    &mut Location::root(DocId(i as u32)),
                    bases[i].as_deref(),
                    &mut sites,
                );
                sites
            })
            .collect()
    };
    let large = docs.iter().map(|doc| breadth(&doc.root, 3)).sum::<usize>() >= LARGE_BREADTH;
    let (index, sites) = crate::both(
        large,
        || {
            index.collect_ids_of(docs, &bases);
            index
        },
        collect_sites,
    );
    let mut resolved = Resolved::default();
    for ((i, doc), sites) in docs.iter().enumerate().zip(sites) {
        let doc_id = DocId(i as u32);
        for (site, reference, base) in sites {
            match index.lookup(docs, doc_id, reference, base.as_deref()) {
                Ok(target) => {
                    resolved.targets.insert(site, target);
                }
                Err(failure) => failure.report(sink, doc, &site, reference),
            }
        }
    }
    resolved
}

/// Documents holding at least this many values near their roots (see
/// [`breadth`]) are walked on two threads.
const LARGE_BREADTH: usize = 256;

/// How many values `value` holds down to `depth` levels: a cheap measure
/// of a document's size (`components/schemas` is three levels down).
fn breadth(value: &Value, depth: usize) -> usize {
    if depth == 0 {
        return 0;
    }
    match value {
        Value::Object(map) => {
            map.len() + map.values().map(|v| breadth(v, depth - 1)).sum::<usize>()
        }
        Value::Array(items) => {
            items.len() + items.iter().map(|v| breadth(v, depth - 1)).sum::<usize>()
        }
        _ => 0,
    }
}

/// A `$ref` found: where, what it says, and the base URI it is relative
/// to (the nearest enclosing absolute `$id`), if any.
type Site<'a> = (Location, &'a str, Option<String>);

/// Every `$ref` under `value`, which is at `at` (its pointer is extended
/// and restored on the way down).
fn collect_refs<'a>(
    doc: &Document,
    value: &'a Value,
    at: &mut Location,
    base: Option<&str>,
    out: &mut Vec<Site<'a>>,
) {
    match value {
        Value::Object(map) => {
            let identity = Identity::of(map);
            let base = rebase(doc, &identity, base);
            if let Some(Value::String(reference)) = identity.reference {
                out.push((at.clone(), reference, base.as_deref().map(str::to_owned)));
            }
            for (key, child) in map {
                if !DATA_KEYWORDS.contains(&key.as_str()) {
                    in_child(at, key, |at| {
                        collect_refs(doc, child, at, base.as_deref(), out)
                    });
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                in_child(at, &i.to_string(), |at| {
                    collect_refs(doc, child, at, base, out);
                });
            }
        }
        _ => {}
    }
}

/// Runs `walk` with `at` moved to its child `token`, then moves it back.
fn in_child(at: &mut Location, token: &str, walk: impl FnOnce(&mut Location)) {
    let len = at.pointer.len();
    pointer::push_onto(&mut at.pointer, token);
    walk(at);
    at.pointer.truncate(len);
}

/// The keywords about identity that [`rebase`] and `collect_ids` read
/// from a schema object, found in one pass over its keys: most objects
/// have a handful, and hashing each keyword into the map cost more.
#[derive(Default)]
struct Identity<'v> {
    id: Option<&'v Value>,
    /// `id`, the spelling before draft 6.
    legacy_id: Option<&'v Value>,
    anchor: Option<&'v Value>,
    reference: Option<&'v Value>,
}

impl<'v> Identity<'v> {
    fn of(map: &'v serde_json::Map<String, Value>) -> Self {
        let mut identity = Identity::default();
        for (key, value) in map {
            match key.as_str() {
                "$id" => identity.id = Some(value),
                "id" => identity.legacy_id = Some(value),
                "$anchor" => identity.anchor = Some(value),
                "$ref" => identity.reference = Some(value),
                _ => {}
            }
        }
        identity
    }

    /// `$id`, or else `id`.
    fn any_id(&self) -> Option<&'v Value> {
        self.id.or(self.legacy_id)
    }

    /// Up to draft 7 every sibling of `$ref`, `$id` included, is ignored.
    fn ignored(&self, doc: &Document) -> bool {
        doc.dialect() == Dialect::Draft7 && self.reference.is_some()
    }
}

/// The base URI inside a schema object with `identity`: its own `$id`
/// when that is absolute, or relative to the enclosing `base` (an
/// embedded resource); else the enclosing one.
fn rebase<'b>(
    doc: &Document,
    identity: &Identity<'_>,
    base: Option<&'b str>,
) -> Option<Cow<'b, str>> {
    let inherited = base.map(Cow::Borrowed);
    if identity.ignored(doc) {
        return inherited;
    }
    let Some(Value::String(id)) = identity.any_id() else {
        return inherited;
    };
    let id = id.split('#').next().unwrap_or_default();
    if id.is_empty() {
        inherited
    } else if has_scheme(id) {
        Some(Cow::Owned(id.to_owned()))
    } else {
        base.map(|base| Cow::Owned(join_uri(base, id)))
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
    /// `$anchor` names per schema resource (the nearest enclosing `$id`):
    /// one document may hold the same anchor name in two resources.
    resource_anchors: HashMap<(Location, String), Location>,
    /// The address a document was given with `Config::document_uri`.
    given_uri: HashMap<DocId, &'a str>,
}

impl<'a> Index<'a> {
    /// An index of the documents themselves; [`Index::collect_ids_of`]
    /// adds what they hold.
    fn new(docs: &'a [Document], document_uris: &'a [(String, String)]) -> Self {
        let mut index = Index {
            by_path: HashMap::new(),
            by_uri: HashMap::new(),
            by_folder_id: HashMap::new(),
            anchors: HashMap::new(),
            resource_anchors: HashMap::new(),
            given_uri: HashMap::new(),
        };
        for (i, doc) in docs.iter().enumerate() {
            index.by_path.insert(doc.path.as_str(), DocId(i as u32));
        }
        for (path, uri) in document_uris {
            if let Some(&id) = index.by_path.get(path.as_str()) {
                index
                    .given_uri
                    .insert(id, uri.split('#').next().unwrap_or_default());
            }
        }
        index
    }

    /// Adds every `$id` and anchor of `docs`, whose roots' base URIs are
    /// `bases` (see [`Index::document_base`]).
    fn collect_ids_of(&mut self, docs: &[Document], bases: &[Option<String>]) {
        for (i, doc) in docs.iter().enumerate() {
            let root = Location::root(DocId(i as u32));
            self.collect_ids(
                doc,
                &doc.root,
                &mut root.clone(),
                &root,
                bases[i].as_deref(),
            );
        }
        // In document order, so that of two documents given one address
        // the first has it, on every run.
        let mut given: Vec<(DocId, &str)> =
            self.given_uri.iter().map(|(&id, &uri)| (id, uri)).collect();
        given.sort_unstable();
        for (id, uri) in given {
            // A `$id` the document states itself wins.
            self.by_uri
                .entry(uri.to_owned())
                .or_insert_with(|| Location::root(id));
        }
    }

    /// The base URI of a document's root: its absolute `$id`, else the
    /// address it was given.
    fn document_base(&self, doc: &Document, id: DocId) -> Option<String> {
        root_id(doc)
            .or_else(|| self.given_uri.get(&id).copied())
            .map(|uri| uri.split('#').next().unwrap_or_default().to_owned())
    }

    fn collect_ids(
        &mut self,
        doc: &Document,
        value: &Value,
        at: &mut Location,
        resource: &Location,
        base: Option<&str>,
    ) {
        match value {
            Value::Object(map) => {
                let identity = Identity::of(map);
                let base = rebase(doc, &identity, base);
                let ignored = identity.ignored(doc);
                let id = identity.any_id();
                let starts_resource = id
                    .and_then(Value::as_str)
                    .is_some_and(|id| !id.starts_with('#'));
                let own_resource;
                let resource = if starts_resource && !ignored {
                    own_resource = at.clone();
                    &own_resource
                } else {
                    resource
                };
                if let Some(Value::String(id)) = id.filter(|_| !ignored) {
                    if let Some(fragment_id) = id.strip_prefix('#') {
                        if fragment_id.starts_with('/') {
                            let folder = folder_of(&doc.path).to_owned();
                            self.by_folder_id
                                .entry((folder, id.clone()))
                                .or_insert_with(|| at.clone());
                        }
                    } else if let Some(resource) = &base {
                        // An absolute `$id`, or a relative one inside a
                        // resource with an absolute base: an embedded
                        // resource others may refer to.
                        self.by_uri
                            .entry(resource.clone().into_owned())
                            .or_insert_with(|| at.clone());
                    }
                }
                // Before 2019-09 an anchor was spelled as an `$id` fragment
                // (`"$id": "#foo"`, `"$id": "http://example.com/s#foo"`).
                let id_fragment = identity
                    .id
                    .and_then(Value::as_str)
                    .and_then(|id| id.split_once('#'))
                    .map(|(_, fragment)| fragment)
                    .filter(|f| !f.is_empty() && !f.starts_with('/'));
                if let Some(anchor) = id_fragment {
                    self.anchors
                        .entry((at.doc, anchor.to_owned()))
                        .or_insert_with(|| at.clone());
                }
                if let Some(Value::String(anchor)) = identity.anchor {
                    self.anchors
                        .entry((at.doc, anchor.clone()))
                        .or_insert_with(|| at.clone());
                    self.resource_anchors
                        .entry((resource.clone(), anchor.clone()))
                        .or_insert_with(|| at.clone());
                }
                for (key, child) in map {
                    if !DATA_KEYWORDS.contains(&key.as_str()) {
                        in_child(at, key, |at| {
                            self.collect_ids(doc, child, at, resource, base.as_deref());
                        });
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    in_child(at, &i.to_string(), |at| {
                        self.collect_ids(doc, child, at, resource, base);
                    });
                }
            }
            _ => {}
        }
    }

    /// Finds what `reference`, written in document `from` where the base
    /// URI is `base` (see [`rebase`]), points at.
    fn lookup(
        &self,
        docs: &[Document],
        from: DocId,
        reference: &str,
        base: Option<&str>,
    ) -> Result<Location, Failure> {
        let from_doc = &docs[from.0 as usize];
        let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = pointer::percent_decode(fragment);

        // Inside an embedded resource (a subschema with its own `$id`), a
        // fragment is relative to that resource.
        let resource = base.and_then(|b| self.by_uri.get(b));
        if let Some(resource) = resource.filter(|r| uri.is_empty() && !r.pointer.is_empty()) {
            if let Ok(found) = self.in_document(docs, resource, &fragment) {
                return Ok(found);
            }
        }

        let target_doc = if uri.is_empty() {
            from
        } else if has_scheme(uri) {
            let target = self.by_uri.get(uri).ok_or(Failure::Network)?;
            return self.in_document(docs, target, &fragment);
        } else {
            // A relative reference: resolve against the base URI where it
            // is written when there is one, else against the file's path.
            if let Some(base) = base {
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
                .resource_anchors
                .get(&(base.clone(), fragment.to_owned()))
                .or_else(|| self.anchors.get(&(base.doc, fragment.to_owned())))
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
/// `/path` replaces the base's whole path, `./` and `../` segments are
/// followed; query strings are not special.
fn join_uri(base: &str, relative: &str) -> String {
    let base = base.split('#').next().unwrap_or_default();
    if let Some(path) = relative.strip_prefix('/') {
        // After `scheme://authority`.
        let authority_end = base
            .find("://")
            .and_then(|start| base[start + 3..].find('/').map(|end| start + 3 + end));
        return match authority_end {
            Some(end) => format!("{}/{path}", &base[..end]),
            None => relative.to_owned(),
        };
    }
    let Some((dir, _)) = base.rsplit_once('/') else {
        return relative.to_owned();
    };
    let mut dir = dir.to_owned();
    let mut rest = relative;
    loop {
        if let Some(after) = rest.strip_prefix("./") {
            rest = after;
        } else if let Some(after) = rest.strip_prefix("../") {
            rest = after;
            // Never above `scheme://authority`.
            match dir.rsplit_once('/') {
                Some((parent, _)) if !parent.ends_with('/') && !parent.ends_with(':') => {
                    dir = parent.to_owned();
                }
                _ => {}
            }
        } else {
            break;
        }
    }
    format!("{dir}/{rest}")
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

    #[test]
    fn a_document_given_an_address_serves_references_to_it() {
        let mut sink = Sink::default();
        let sources = crate::load::sources(&[
            (
                "a/root.json",
                r#"{"$ref": "http://example.com/schemas/outer.json#/$defs/n"}"#,
            ),
            (
                "copies/outer.json",
                r#"{"$defs": {"n": {"$ref": "inner.json"}}}"#,
            ),
            ("copies/inner.json", r#"{"type": "integer"}"#),
        ]);
        let docs = load(&mut sink, &sources);
        let uris = [
            (
                "copies/outer.json".to_owned(),
                "http://example.com/schemas/outer.json".to_owned(),
            ),
            (
                "copies/inner.json".to_owned(),
                "http://example.com/schemas/inner.json".to_owned(),
            ),
        ];
        let resolved = resolve_with_uris(&mut sink, &docs, &uris);
        assert!(sink.finish().is_empty());
        let outer = resolved.target(&Location::root(DocId(0))).unwrap();
        assert_eq!((outer.doc, outer.pointer.as_str()), (DocId(1), "/$defs/n"));
        let inner = resolved.target(outer).unwrap();
        assert_eq!((inner.doc, inner.pointer.as_str()), (DocId(2), ""));

        // Without the addresses, the same reference points at the network.
        let mut sink = Sink::default();
        let docs = load(&mut sink, &sources);
        resolve(&mut sink, &docs);
        let codes: Vec<&str> = sink.finish().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["network-ref"]);
    }

    /// Two documents given one address: references to it go to the first,
    /// on every run (the addresses were once taken in hash order).
    #[test]
    fn of_two_documents_given_one_address_the_first_has_it() {
        let sources = crate::load::sources(&[
            ("a/root.json", r#"{"$ref": "http://example.com/same.json"}"#),
            ("b/one.json", r#"{"type": "integer"}"#),
            ("c/two.json", r#"{"type": "string"}"#),
        ]);
        let address = "http://example.com/same.json".to_owned();
        let uris = [
            ("c/two.json".to_owned(), address.clone()),
            ("b/one.json".to_owned(), address),
        ];
        for _ in 0..32 {
            let mut sink = Sink::default();
            let docs = load(&mut sink, &sources);
            let resolved = resolve_with_uris(&mut sink, &docs, &uris);
            let target = resolved.target(&Location::root(DocId(0))).unwrap();
            assert_eq!(docs[target.doc.0 as usize].path, "b/one.json");
        }
    }

    #[test]
    fn relative_uris_join_like_a_browser_would() {
        let base = "http://example.com/a/b/schema.json";
        assert_eq!(join_uri(base, "c.json"), "http://example.com/a/b/c.json");
        assert_eq!(join_uri(base, "./c.json"), "http://example.com/a/b/c.json");
        assert_eq!(join_uri(base, "../c.json"), "http://example.com/a/c.json");
        assert_eq!(join_uri(base, "/c.json"), "http://example.com/c.json");
        assert_eq!(
            join_uri(base, "../../../c.json"),
            "http://example.com/c.json"
        );
        assert_eq!(
            join_uri("http://example.com/a/", "nested/"),
            "http://example.com/a/nested/"
        );
    }

    #[test]
    fn embedded_resources_scope_their_references_and_old_anchors_resolve() {
        let (targets, errors) = check(&[(
            "a.json",
            r##"{"$id": "http://example.com/root.json",
                 "$defs": {
                   "inner": {"$id": "nested/inner.json", "$ref": "#/$defs/x",
                             "$defs": {"x": {"type": "string"}}},
                   "old": {"$id": "#legacy", "type": "integer"}
                 },
                 "properties": {
                   "a": {"$ref": "http://example.com/nested/inner.json"},
                   "b": {"$ref": "#legacy"}
                 }}"##,
        )]);
        assert!(errors.is_empty(), "{errors:?}");
        for expected in [
            "a.json#/$defs/inner -> a.json#/$defs/inner/$defs/x",
            "a.json#/properties/a -> a.json#/$defs/inner",
            "a.json#/properties/b -> a.json#/$defs/old",
        ] {
            assert!(
                targets.iter().any(|t| t == expected),
                "{expected} in {targets:?}"
            );
        }
    }

    #[test]
    fn an_anchor_belongs_to_the_resource_its_id_starts() {
        let (targets, errors) = check(&[(
            "a.json",
            r##"{"$id": "http://example.com/root.json",
                 "$defs": {"A": {"$id": "child1", "allOf": [
                     {"$id": "child2", "$anchor": "here", "type": "number"},
                     {"$anchor": "here", "type": "string"}
                 ]}},
                 "properties": {
                   "in_child1": {"$ref": "child1#here"},
                   "in_child2": {"$ref": "child2#here"}
                 }}"##,
        )]);
        assert!(errors.is_empty(), "{errors:?}");
        for expected in [
            "a.json#/properties/in_child1 -> a.json#/$defs/A/allOf/1",
            "a.json#/properties/in_child2 -> a.json#/$defs/A/allOf/0",
        ] {
            assert!(
                targets.iter().any(|t| t == expected),
                "{expected} in {targets:?}"
            );
        }
    }
}
