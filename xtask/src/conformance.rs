//! `cargo xtask conformance`: the official JSON-Schema-Test-Suite against
//! the types the generator makes.
//!
//! Each case group's schema becomes one module (`min_length_2::Root`) of a
//! single generated crate, compiled once together with a small runner
//! (`conformance/runner.rs`) that decodes every instance: a `valid: true`
//! instance must deserialize and serialize back to an equal value, a
//! `valid: false` one must be rejected. A group whose generation reports a
//! keyword the types do not check (`unchecked`, `unsupported` warnings) or
//! refuses the schema (an error) counts as unsupported, with the reason,
//! never as passed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use heck::ToSnakeCase;
use serde_json::Value;

/// A test-suite draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Draft {
    /// Draft 2020-12.
    #[value(name = "2020-12")]
    Draft2020_12,
    /// Draft 7.
    #[value(name = "7")]
    Draft7,
}

impl Draft {
    fn folder(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "draft2020-12",
            Draft::Draft7 => "draft7",
        }
    }

    fn meta_schema(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "https://json-schema.org/draft/2020-12/schema",
            Draft::Draft7 => "http://json-schema.org/draft-07/schema#",
        }
    }

    /// The heading of this draft's section in docs/conformance.md.
    pub fn title(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "Draft 2020-12",
            Draft::Draft7 => "Draft 7",
        }
    }
}

/// The keywords a Rust type can express: the ones the generator is
/// measured on. Everything else is listed with the reason it is not.
const EXPRESSIBLE: &[&str] = &[
    "type",
    "properties",
    "required",
    "items",
    "prefixItems",
    "additionalItems",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "allOf",
    "additionalProperties",
    "ref",
    "refRemote",
    "defs",
    "definitions",
    "anchor",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "boolean_schema",
    "default",
];

/// Why a keyword's file is not measured, for the table's last column.
fn reason_unexpressed(keyword: &str) -> &'static str {
    match keyword {
        "contains" | "minContains" | "maxContains" => {
            "a constraint on how many items match a schema; no collection type states it"
        }
        "content" => "annotations only in 2020-12; the generator keeps the string",
        "dependentRequired" | "dependentSchemas" | "dependencies" => {
            "presence of one field depending on another; modelled only when written as a oneOf"
        }
        "dynamicRef" | "recursiveRef" => "dynamic scope resolution has no static type",
        "format" => "format assertions are off by default in the suite's dialect",
        "if-then-else" => "conditional schemas have no Rust counterpart; write a oneOf",
        "infinite-loop-detection" => "validator behaviour, not a type",
        "not" => "negation has no Rust counterpart",
        "patternProperties" | "propertyNames" => "map keys matching a pattern; keys stay `String`",
        "unevaluatedItems" | "unevaluatedProperties" => {
            "depends on which subschemas evaluated what, at run time"
        }
        "vocabulary" => "custom meta-schemas",
        "id" => "base-URI changes inside a document",
        _ => "",
    }
}

struct Group {
    keyword: String,
    module: String,
    description: String,
    schema: Value,
    /// The suite's `remotes/` documents the schema reaches, by the address
    /// it refers to them by (`http://localhost:1234/...`).
    remotes: Vec<(String, Value)>,
    cases: Vec<(Value, bool)>,
}

/// What became of a group.
enum Status {
    /// Generated without warnings; compiled and run.
    Generated,
    /// Generated with warnings about unchecked keywords, or refused: the
    /// diagnostic codes and first message, and whether every diagnostic
    /// is about something no Rust type expresses (see [`inexpressible`]).
    Unsupported { reason: String, inexpressible: bool },
    /// Generated without warnings but the code did not compile, or the
    /// generator panicked: every case fails.
    Broken(String),
}

/// Per keyword file: case counts.
#[derive(Default, Clone, Copy)]
struct Tally {
    passed: usize,
    failed: usize,
    unsupported: usize,
    /// Of the unsupported, those whose schema also uses a keyword no Rust
    /// type expresses (`patternProperties` beside `additionalProperties`):
    /// they do not measure this file's keyword.
    inexpressible: usize,
}

impl Tally {
    fn total(self) -> usize {
        self.passed + self.failed + self.unsupported
    }

    /// The cases that measure this keyword.
    fn measured(self) -> usize {
        self.total() - self.inexpressible
    }
}

/// Whether a diagnostic is about something outside what a Rust type can
/// express: an unchecked keyword of [`codegen::lower::UNMODELLED`], or a
/// reference to the network (the official meta-schemas).
fn inexpressible(diagnostic: &codegen::diag::Diagnostic) -> bool {
    match diagnostic.code {
        "network-ref" => true,
        "unchecked" => diagnostic
            .message
            .strip_prefix("not checked by the generated type: ")
            .is_some_and(|list| {
                list.split(", ")
                    .all(|keyword| codegen::lower::UNMODELLED.contains(&keyword))
            }),
        _ => false,
    }
}

/// The outcome of one draft's run.
pub struct Report {
    draft: Draft,
    by_keyword: BTreeMap<String, Tally>,
    failures: Vec<String>,
    unsupported: Vec<String>,
}

impl Report {
    /// Cases passed, cases in all, cases unsupported.
    pub fn totals(&self) -> (usize, usize, usize) {
        let all = self
            .by_keyword
            .values()
            .fold(Tally::default(), |a, t| Tally {
                passed: a.passed + t.passed,
                failed: a.failed + t.failed,
                unsupported: a.unsupported + t.unsupported,
                inexpressible: a.inexpressible + t.inexpressible,
            });
        (all.passed, all.total(), all.unsupported)
    }

    /// The summary line.
    pub fn summary(&self) -> String {
        let (passed, total, unsupported) = self.totals();
        format!("conformance: {passed}/{total} passed ({unsupported} unsupported)")
    }

    /// The per-keyword table, as Markdown.
    pub fn table(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "| keyword | cases | passed | failed | unsupported | passed of all | passed of measured | note |\n",
        );
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (keyword, tally) in &self.by_keyword {
            let share = 100.0 * tally.passed as f64 / tally.total().max(1) as f64;
            let measured = match tally.measured() {
                0 => "–".to_owned(),
                n => format!("{:.1}%", 100.0 * tally.passed as f64 / n as f64),
            };
            let note = if EXPRESSIBLE.contains(&keyword.as_str()) {
                "expressible"
            } else {
                reason_unexpressed(keyword)
            };
            let _ = writeln!(
                out,
                "| `{keyword}` | {} | {} | {} | {} | {share:.1}% | {measured} | {note} |",
                tally.total(),
                tally.passed,
                tally.failed,
                tally.unsupported
            );
        }
        out
    }

    /// The section of docs/conformance.md for this draft.
    pub fn markdown(&self) -> String {
        let mut out = format!("## {}\n\n`{}`\n\n", self.draft.title(), self.summary());
        out.push_str(&self.table());
        if !self.failures.is_empty() {
            out.push_str("\n### Failed cases\n\n");
            for failure in &self.failures {
                let _ = writeln!(out, "- {failure}");
            }
        }
        if !self.unsupported.is_empty() {
            out.push_str("\n### Unsupported groups\n\n");
            for group in &self.unsupported {
                let _ = writeln!(out, "- {group}");
            }
        }
        out
    }
}

/// Loads the suite's case groups for `draft` (the top-level files; the
/// `optional/` folder is not part of the measure).
fn groups(corpus: &Path, draft: Draft) -> anyhow::Result<Vec<Group>> {
    let dir = corpus
        .join("json-schema-test-suite/tests")
        .join(draft.folder());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut groups = Vec::new();
    for file in files {
        let keyword = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&file)?;
        let parsed: Value =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
        for (index, group) in parsed.as_array().into_iter().flatten().enumerate() {
            let cases = group["tests"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|case| (case["data"].clone(), case["valid"] == Value::Bool(true)))
                .collect();
            let schema = prepare(group["schema"].clone(), draft);
            groups.push(Group {
                module: format!("{}_{index}", keyword.to_snake_case()),
                keyword: keyword.clone(),
                description: group["description"].as_str().unwrap_or_default().to_owned(),
                remotes: remotes_of(corpus, &schema, draft),
                schema,
                cases,
            });
        }
    }
    Ok(groups)
}

/// The group's schema as a document of its own: the dialect stated, and
/// the root's `title` (an annotation) dropped so that the root type is
/// always `Root`, after the file name.
fn prepare(schema: Value, draft: Draft) -> Value {
    match schema {
        Value::Object(mut map) => {
            map.remove("title");
            if !map.contains_key("$schema") {
                map.insert("$schema".to_owned(), Value::from(draft.meta_schema()));
            }
            Value::Object(map)
        }
        other => other,
    }
}

/// Where the suite serves its `remotes/` folder; nothing is fetched: the
/// files are given to the generator as documents with these addresses.
const REMOTES_URI: &str = "http://localhost:1234/";

/// The remote documents `schema` reaches through `$ref`, directly or
/// through other remotes (whose relative references resolve against their
/// own address), prepared like a group's schema.
fn remotes_of(corpus: &Path, schema: &Value, draft: Draft) -> Vec<(String, Value)> {
    let folder = corpus.join("json-schema-test-suite/remotes");
    let mut found: BTreeMap<String, Value> = BTreeMap::new();
    let mut pending = Vec::new();
    // The schema's relative references resolve against its own `$id`.
    let base = schema
        .get("$id")
        .and_then(Value::as_str)
        .filter(|id| id.contains(':'));
    references(schema, base, &mut pending);
    while let Some(uri) = pending.pop() {
        let Some(relative) = uri.strip_prefix(REMOTES_URI) else {
            continue;
        };
        if found.contains_key(&uri) || relative.contains("..") {
            continue;
        }
        let text = std::fs::read_to_string(folder.join(relative)).ok();
        let Some(remote) = text.and_then(|t| serde_json::from_str::<Value>(&t).ok()) else {
            continue;
        };
        references(&remote, Some(&uri), &mut pending);
        found.insert(uri, prepare(remote, draft));
    }
    found.into_iter().collect()
}

/// The documents (without fragment) that the `$ref`s in `value` name:
/// absolute ones as written, relative ones joined to `base`.
fn references(value: &Value, base: Option<&str>, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            // A subschema with its own `$id` is a resource of its own.
            let own_base = match (map.get("$id").and_then(Value::as_str), base) {
                (Some(id), _) if id.contains(':') => Some(id.to_owned()),
                (Some(id), Some(base)) if !id.starts_with('#') => Some(format!(
                    "{}/{}",
                    base.rsplit_once('/').map_or(base, |(folder, _)| folder),
                    id.trim_start_matches("./")
                )),
                _ => base.map(str::to_owned),
            };
            let base = own_base.as_deref();
            if let Some(Value::String(reference)) = map.get("$ref") {
                let document = reference.split('#').next().unwrap_or_default();
                if document.starts_with(REMOTES_URI) {
                    out.push(document.to_owned());
                } else if let Some(base) = base.filter(|_| !document.is_empty()) {
                    if !document.contains(':') {
                        let folder = base.rsplit_once('/').map_or(base, |(folder, _)| folder);
                        out.push(format!("{folder}/{}", document.trim_start_matches("./")));
                    }
                }
            }
            for (key, child) in map {
                if !matches!(key.as_str(), "const" | "enum" | "default" | "examples") {
                    references(child, base, out);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                references(item, base, out);
            }
        }
        _ => {}
    }
}

/// The group's documents, as sources for the generator: its schema as
/// `<module>/root.json`, and each remote in a module of its own (so that
/// their type names never meet), with the address it is referred to by.
fn documents_of(group: &Group) -> Vec<(String, String, Option<String>)> {
    let mut documents = vec![(
        format!("{}/root.json", group.module),
        serde_json::to_string_pretty(&group.schema).unwrap_or_default(),
        None,
    )];
    for (index, (uri, remote)) in group.remotes.iter().enumerate() {
        let file = uri.rsplit('/').next().unwrap_or("remote.json");
        documents.push((
            format!("{}_remote_{index}/{file}", group.module),
            serde_json::to_string_pretty(remote).unwrap_or_default(),
            Some(uri.clone()),
        ));
    }
    documents
}

/// The settings the suite is measured with: schemas read exactly as the
/// specifications say, and every value passing through unchanged. The
/// defaults trade both for types that suit real documents better (see
/// docs/conformance.md).
const SUITE_SETTINGS: &str = "untyped-schemas = \"exact\"\nunknown-fields = \"keep\"\n";

/// A generator configured with the documents of `groups`.
fn config_for<'a>(groups: impl IntoIterator<Item = &'a Group>) -> codegen::Config {
    let documents: Vec<(String, String, Option<String>)> =
        groups.into_iter().flat_map(documents_of).collect();
    let mut config = codegen::Config::new();
    config.config_toml("conformance.toml", SUITE_SETTINGS);
    for (path, _, uri) in &documents {
        if let Some(uri) = uri {
            config.document_uri(path.clone(), uri.clone());
        }
    }
    config.sources(documents.into_iter().map(|(path, text, _)| (path, text)));
    config
}

/// Generates one group alone, to see whether it is supported.
fn classify(group: &Group) -> Status {
    let result = catch_unwind(AssertUnwindSafe(|| {
        config_for([group])
            .layout(codegen::Layout::SingleFile)
            .generate()
    }));
    match result {
        Err(_) => Status::Broken("the generator panicked".to_owned()),
        Ok(Err(failure)) => unsupported(&failure.diagnostics),
        Ok(Ok(generated)) if !generated.diagnostics.is_empty() => {
            unsupported(&generated.diagnostics)
        }
        Ok(Ok(_)) => Status::Generated,
    }
}

fn unsupported(diagnostics: &[codegen::diag::Diagnostic]) -> Status {
    Status::Unsupported {
        reason: describe(diagnostics),
        inexpressible: diagnostics.iter().all(inexpressible),
    }
}

fn describe(diagnostics: &[codegen::diag::Diagnostic]) -> String {
    let first = diagnostics.first();
    let code = first.map_or("error", |d| d.code);
    let message = first.map_or(String::new(), |d| d.message.clone());
    format!("{code}: {message}")
}

/// Runs one draft and returns its report.
pub fn run(workspace: &Path, corpus: &Path, draft: Draft) -> anyhow::Result<Report> {
    let started = Instant::now();
    let groups = groups(corpus, draft)?;
    if groups.is_empty() {
        bail!("no test groups under {}", corpus.display());
    }
    let mut status: Vec<Status> = groups.iter().map(classify).collect();

    let scratch = workspace.join("target/conformance").join(draft.folder());
    let results = compile_and_run(&scratch, &groups, &mut status)?;

    let mut report = Report {
        draft,
        by_keyword: BTreeMap::new(),
        failures: Vec::new(),
        unsupported: Vec::new(),
    };
    for (group, status) in groups.iter().zip(&status) {
        let tally = report.by_keyword.entry(group.keyword.clone()).or_default();
        let label = format!("`{}` {}", group.module, group.description);
        match status {
            Status::Unsupported {
                reason,
                inexpressible,
            } => {
                tally.unsupported += group.cases.len();
                if *inexpressible {
                    tally.inexpressible += group.cases.len();
                }
                report.unsupported.push(format!("{label}: {reason}"));
            }
            Status::Broken(reason) => {
                tally.failed += group.cases.len();
                report.failures.push(format!("{label}: {reason}"));
            }
            Status::Generated => {
                for index in 0..group.cases.len() {
                    match results.get(&(group.module.clone(), index)) {
                        Some(None) => tally.passed += 1,
                        Some(Some(error)) => {
                            tally.failed += 1;
                            report
                                .failures
                                .push(format!("{label}, case {index}: {}", one_line(error)));
                        }
                        None => {
                            tally.failed += 1;
                            report
                                .failures
                                .push(format!("{label}, case {index}: no result"));
                        }
                    }
                }
            }
        }
    }
    eprintln!(
        "{}: {} groups in {:.1}s",
        draft.title(),
        groups.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(report)
}

fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(160).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short.replace('|', "\\|")
}

type Results = BTreeMap<(String, usize), Option<String>>;

/// Generates every supported group into one crate, builds it with the
/// runner, and runs it. Groups whose module does not compile are marked
/// broken and left out of the next attempt.
fn compile_and_run(
    scratch: &Path,
    groups: &[Group],
    status: &mut [Status],
) -> anyhow::Result<Results> {
    for _attempt in 0..5 {
        let live: Vec<&Group> = groups
            .iter()
            .zip(status.iter())
            .filter(|(_, s)| matches!(s, Status::Generated))
            .map(|(g, _)| g)
            .collect();
        let generated = config_for(live.iter().copied())
            .crate_name("conformance-suite")
            .generate()
            .map_err(|failure| anyhow::anyhow!("the supported groups together: {failure}"))?;
        let suite = scratch.join("suite");
        generated.write(&suite)?;
        write_runner(scratch, &live)?;

        let build = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--message-format=short"])
            .current_dir(scratch.join("runner"))
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .output()
            .context("running cargo build")?;
        if build.status.success() {
            return run_runner(scratch);
        }
        let stderr = String::from_utf8_lossy(&build.stderr);
        let mut broken = 0;
        for (group, status) in groups.iter().zip(status.iter_mut()) {
            let file = format!("suite/src/{}.rs:", group.module);
            let error = stderr
                .lines()
                .find(|l| l.contains(&file) && l.contains(": error"));
            if let Some(line) = error {
                // Machine-independent: the path relative to the scratch dir.
                let line = line
                    .rsplit_once("suite/src/")
                    .map_or(line, |(_, rest)| rest);
                *status = Status::Broken(format!("does not compile: {}", one_line(line)));
                broken += 1;
            }
        }
        if broken == 0 {
            bail!("the conformance runner does not compile:\n{stderr}");
        }
    }
    bail!("the generated suite still does not compile after five attempts")
}

fn write_runner(scratch: &Path, live: &[&Group]) -> anyhow::Result<()> {
    let src = scratch.join("runner/src");
    std::fs::create_dir_all(&src)?;
    std::fs::write(
        scratch.join("runner/Cargo.toml"),
        "[package]\nname = \"conformance-runner\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nconformance-suite = { path = \"../suite\" }\n\
         serde = \"1\"\nserde_json = \"1\"\n\n[workspace]\n",
    )?;
    std::fs::write(src.join("main.rs"), include_str!("conformance/runner.rs"))?;
    let mut checks = String::from("const CHECKS: &[(&str, Check)] = &[\n");
    for group in live {
        let module = &group.module;
        let _ = writeln!(
            checks,
            "    (\"{module}\", check::<conformance_suite::{module}::Root>),"
        );
    }
    checks.push_str("];\n");
    std::fs::write(src.join("checks.rs"), checks)?;
    let cases: Vec<(&str, &[(Value, bool)])> = live
        .iter()
        .map(|g| (g.module.as_str(), g.cases.as_slice()))
        .collect();
    std::fs::write(scratch.join("cases.json"), serde_json::to_string(&cases)?)?;
    Ok(())
}

fn run_runner(scratch: &Path) -> anyhow::Result<Results> {
    let output = Command::new(scratch.join("target/debug/conformance-runner"))
        .arg(scratch.join("cases.json"))
        .output()
        .context("running the conformance runner")?;
    let mut results = Results::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let value: Value = serde_json::from_str(line)?;
        let module = value["module"].as_str().unwrap_or_default().to_owned();
        let case = value["case"].as_u64().unwrap_or_default() as usize;
        let error = value["error"].as_str().map(str::to_owned);
        results.insert((module, case), error);
    }
    Ok(results)
}

/// Whether docs/conformance.md holds exactly this run's section for its
/// draft.
pub fn docs_match(path: &Path, report: &Report) -> bool {
    let docs = std::fs::read_to_string(path).unwrap_or_default();
    section_of(&docs, report.draft).map(str::trim_end) == Some(report.markdown().trim_end())
}

/// Replaces (or appends) this draft's section of docs/conformance.md,
/// keeping the other draft's.
pub fn update_docs(path: &Path, report: &Report) -> anyhow::Result<()> {
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let mut sections: BTreeMap<&str, String> = BTreeMap::new();
    for draft in [Draft::Draft2020_12, Draft::Draft7] {
        if let Some(section) = section_of(&existing, draft) {
            sections.insert(draft.title(), section.to_owned());
        }
    }
    sections.insert(report.draft.title(), report.markdown());
    let mut out = String::from(DOCS_HEADER);
    for draft in [Draft::Draft2020_12, Draft::Draft7] {
        if let Some(section) = sections.get(draft.title()) {
            out.push('\n');
            out.push_str(section.trim_end());
            out.push('\n');
        }
    }
    std::fs::write(path, out)?;
    Ok(())
}

/// This draft's section of the docs file, from its heading to the next
/// draft heading.
pub fn section_of(docs: &str, draft: Draft) -> Option<&str> {
    let heading = format!("## {}\n", draft.title());
    let start = docs.find(&heading)?;
    let rest = &docs[start + heading.len()..];
    let end = [Draft::Draft2020_12, Draft::Draft7]
        .iter()
        .filter_map(|d| rest.find(&format!("\n## {}\n", d.title())))
        .min()
        .map_or(docs.len(), |i| start + heading.len() + i + 1);
    Some(&docs[start..end])
}

const DOCS_HEADER: &str = "# Conformance: the JSON-Schema-Test-Suite\n\n\
Written by `cargo xtask conformance` (from `../shared/corpus/json-schema-test-suite`); \
do not edit by hand. Every case group's schema is generated into one crate and compiled \
once; a `valid: true` instance must deserialize and serialize back to an equal value \
(numbers compared by value), a `valid: false` instance must be rejected. A group whose \
generation warns that a keyword is not checked, or that refuses its schema, is counted \
as unsupported, with the reason listed below; nothing is passed silently. \
\"expressible\" marks the keywords a Rust type can state and the generator is measured on.\n\n\
The suite is generated with `untyped-schemas = \"exact\"` and `unknown-fields = \"keep\"` \
(see README, \"Configuration\"): a schema without `type` admits every JSON value, and a \
struct keeps the properties it does not list, so valid values come back unchanged. The \
defaults read `{\"properties\": ...}` as an object and drop unlisted properties, which \
suits real documents better and fails some of these cases.\n\n\
\"passed of measured\" leaves out the cases of groups that are unsupported only because \
they also use a keyword no Rust type expresses (`patternProperties` beside \
`additionalProperties`, `not` beside `$ref`) or the network: those cases do not measure \
the file's keyword. Every other unsupported case counts against it.\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_remote_documents_absolute_or_relative_to_their_base() {
        let schema = serde_json::json!({
            "$ref": "http://localhost:1234/draft2020-12/subSchemas.json#/$defs/integer",
            "properties": {
                "a": {"$ref": "#/$defs/local"},
                "b": {"$ref": "nested/foo-ref-string.json"},
                "c": {"const": {"$ref": "http://localhost:1234/not-a-reference.json"}}
            }
        });
        let mut found = Vec::new();
        references(&schema, None, &mut found);
        assert_eq!(
            found,
            ["http://localhost:1234/draft2020-12/subSchemas.json"]
        );

        let mut found = Vec::new();
        references(
            &schema,
            Some("http://localhost:1234/draft2020-12/tree.json"),
            &mut found,
        );
        assert_eq!(
            found,
            [
                "http://localhost:1234/draft2020-12/subSchemas.json",
                "http://localhost:1234/draft2020-12/nested/foo-ref-string.json"
            ]
        );
    }
}
