//! Stage 1, load: source files -> [`Document`]s.
//!
//! Input is the schemas root (or in-memory sources); output is one parsed
//! document per `.json`, `.yaml` or `.yml` file, classified as JSON Schema or
//! OpenAPI, in path order. This stage and `write` are the only ones that touch
//! the file system.
//!
//! Invariant: a file that cannot be parsed or classified yields a diagnostic
//! and no document; the others still load.

use std::path::Path;

use serde_json::Value;

use crate::diag::Sink;

/// Index of a document in the list [`load`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub u32);

/// A source file as text, before parsing.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the schemas root, with `/` separators.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

/// Which specification a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A JSON Schema document; its root is a schema.
    JsonSchema(Dialect),
    /// An OpenAPI 3.x description; schemas live under `components/schemas`.
    OpenApi(OpenApiVersion),
    /// An OpenAPI Overlay 1.0 document: edits to other documents, applied
    /// by [`crate::overlay`] before resolution.
    Overlay,
}

/// JSON Schema dialects whose differences matter to the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Draft 4 to draft 7: `definitions`, `$ref` overrides its siblings.
    Draft7,
    /// 2019-09 and 2020-12: `$defs`, `$ref` combines with its siblings.
    Draft2020,
}

/// OpenAPI major.minor versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiVersion {
    /// 3.0.x: a JSON Schema subset with `nullable`.
    V3_0,
    /// 3.1.x: full JSON Schema 2020-12.
    V3_1,
}

/// A parsed and classified source file.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the schemas root, with `/` separators.
    pub path: String,
    /// The Rust module the document's types go into: its top-level folder,
    /// or its file stem when it sits directly in the root.
    pub module: String,
    /// What the document is.
    pub kind: DocKind,
    /// The parsed contents.
    pub root: Value,
    /// How its schemas without `type` are read (a project setting).
    pub untyped: UntypedSchemas,
}

/// How a schema without `type` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UntypedSchemas {
    /// As the type its keywords apply to: `{properties: ...}` is an
    /// object, `{items: ...}` an array. Real schemas leave `type: object`
    /// out far more often than they mean "or any other value".
    #[default]
    Infer,
    /// As the JSON Schema specifications say: any JSON value, the keywords
    /// constraining only values of their own type.
    Exact,
}

impl Document {
    /// The JSON Schema dialect that schemas inside this document follow.
    pub fn dialect(&self) -> Dialect {
        match self.kind {
            DocKind::JsonSchema(dialect) => dialect,
            DocKind::OpenApi(_) | DocKind::Overlay => Dialect::Draft2020,
        }
    }
}

/// In-memory sources from `(path, text)` pairs, for tests.
#[cfg(test)]
pub(crate) fn sources(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Reads every schema file under `root`, in path order.
pub fn read_sources(sink: &mut Sink, root: &Path) -> Vec<Source> {
    let mut sources = Vec::new();
    if let Err(err) = collect(root, root, &mut sources) {
        sink.error(
            "io",
            &root.display().to_string(),
            "",
            format!("cannot read the schemas directory: {err}"),
        );
    }
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    sources
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<Source>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
            continue;
        }
        let is_schema = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        );
        if !is_schema {
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .expect("walked below root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push(Source {
            path: relative,
            text: std::fs::read_to_string(&path)?,
        });
    }
    Ok(())
}

/// Parses and classifies each source.
pub fn load(sink: &mut Sink, sources: &[Source]) -> Vec<Document> {
    sources
        .iter()
        .filter_map(|source| load_one(sink, source))
        .collect()
}

fn load_one(sink: &mut Sink, source: &Source) -> Option<Document> {
    let path = source.path.as_str();
    if source.text.trim().is_empty() {
        sink.error("empty-file", path, "", "the file is empty")
            .hint("delete it, or put a JSON Schema or OpenAPI document in it");
        return None;
    }
    let parsed = if path.ends_with(".json") {
        serde_json::from_str::<Value>(&source.text).map_err(|err| {
            let position = (err.line() > 0).then(|| (err.line(), err.column()));
            (err.to_string(), position)
        })
    } else {
        crate::yaml::parse(&source.text).map_err(|err| (err.message, Some((err.line, err.column))))
    };
    let root = match parsed {
        Ok(root) => root,
        Err((message, position)) => {
            let diagnostic = sink.error(
                "parse",
                path,
                "",
                format!("not valid JSON or YAML: {message}"),
            );
            if let Some((line, column)) = position {
                diagnostic.at(line, column);
            }
            return None;
        }
    };
    let kind = classify(sink, path, &root)?;
    Some(Document {
        path: path.to_owned(),
        module: module_of(path),
        kind,
        root,
        untyped: UntypedSchemas::default(),
    })
}

fn classify(sink: &mut Sink, path: &str, root: &Value) -> Option<DocKind> {
    if root.get("overlay").is_some() && root.get("actions").is_some() {
        return Some(DocKind::Overlay);
    }
    if let Some(version) = root.get("openapi") {
        let version = version.as_str().unwrap_or_default();
        return if version.starts_with("3.0") {
            Some(DocKind::OpenApi(OpenApiVersion::V3_0))
        } else if version.starts_with("3.1") {
            Some(DocKind::OpenApi(OpenApiVersion::V3_1))
        } else {
            sink.error(
                "unsupported-openapi",
                path,
                "/openapi",
                format!("OpenAPI version {version:?} is not supported; 3.0.x and 3.1.x are"),
            );
            None
        };
    }
    if root.get("swagger").is_some() {
        sink.error(
            "unsupported-swagger",
            path,
            "/swagger",
            "Swagger 2.0 is not supported",
        )
        .hint("convert it to OpenAPI 3 first (for example with swagger2openapi)");
        return None;
    }
    let looks_like_schema = match root {
        Value::Bool(_) => true,
        Value::Object(map) => map.is_empty() || map.keys().any(|k| crate::normalize::is_keyword(k)),
        _ => false,
    };
    if !looks_like_schema {
        sink.error(
            "unknown-document",
            path,
            "",
            "the document is neither a JSON Schema nor an OpenAPI description",
        )
        .hint("a JSON Schema is an object of schema keywords; OpenAPI has a top-level `openapi` field");
        return None;
    }
    let dialect = match root.get("$schema").and_then(Value::as_str) {
        Some(uri)
            if ["draft-04", "draft-06", "draft-07"]
                .iter()
                .any(|d| uri.contains(d)) =>
        {
            Dialect::Draft7
        }
        _ => Dialect::Draft2020,
    };
    Some(DocKind::JsonSchema(dialect))
}

/// The folder of a document path: `dfns/app.json` -> `dfns`; `a.json` -> ``.
pub fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// `dfns/app.json` -> `dfns`; `pets.yaml` -> `pets`.
fn module_of(path: &str) -> String {
    match path.split_once('/') {
        Some((folder, _)) => folder.to_owned(),
        None => path
            .rsplit_once('.')
            .map_or(path, |(stem, _)| stem)
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, text: &str) -> (Option<DocKind>, Vec<String>) {
        let mut sink = Sink::default();
        let docs = load(&mut sink, &crate::load::sources(&[(path, text)]));
        let diags = sink.finish().iter().map(|d| d.code.to_owned()).collect();
        (docs.first().map(|d| d.kind), diags)
    }

    #[test]
    fn classifies_documents() {
        assert_eq!(
            check(
                "a.json",
                r#"{"$schema":"http://json-schema.org/draft-07/schema#","type":"string"}"#
            )
            .0,
            Some(DocKind::JsonSchema(Dialect::Draft7))
        );
        assert_eq!(
            check("a.json", r#"{"type":"string"}"#).0,
            Some(DocKind::JsonSchema(Dialect::Draft2020))
        );
        assert_eq!(
            check("a.yaml", "openapi: 3.0.3\ninfo: {}\n").0,
            Some(DocKind::OpenApi(OpenApiVersion::V3_0))
        );
        assert_eq!(
            check("a.yaml", "openapi: 3.1.0\n").0,
            Some(DocKind::OpenApi(OpenApiVersion::V3_1))
        );
    }

    #[test]
    fn rejects_bad_documents_with_codes() {
        assert_eq!(check("a.json", "  \n").1, ["empty-file"]);
        assert_eq!(check("a.json", r#"{"a": [1,]}"#).1, ["parse"]);
        assert_eq!(
            check("a.yaml", "swagger: '2.0'\n").1,
            ["unsupported-swagger"]
        );
        assert_eq!(
            check("a.json", r#"{"hello":"world"}"#).1,
            ["unknown-document"]
        );
        assert_eq!(check("a.json", "[1, 2]").1, ["unknown-document"]);
    }

    #[test]
    fn yaml_numeric_keys_become_strings() {
        let mut sink = Sink::default();
        let docs = load(
            &mut sink,
            &sources(&[(
                "api.yaml",
                "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses:\n        200: {}\n",
            )]),
        );
        assert!(docs[0]
            .root
            .pointer("/paths/~1x/get/responses/200")
            .is_some());
    }

    #[test]
    fn modules_come_from_folders_or_stems() {
        assert_eq!(module_of("dfns/app.json"), "dfns");
        assert_eq!(module_of("dfns/sub/app.json"), "dfns");
        assert_eq!(module_of("pets.yaml"), "pets");
    }
}
