//! Inputs built to break the generator: text that tries to escape doc
//! comments, and nesting far deeper than any real schema. Each must give
//! working code or a clear error, never a panic or a stack overflow.

use std::path::Path;

fn generate_one(name: &str, text: &str) -> Result<codegen::Generated, codegen::Failure> {
    codegen::Config::new()
        .sources([(format!("m/{name}"), text.to_owned())])
        .generate()
}

#[test]
fn descriptions_cannot_inject_code() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/injection/note.json");
    let generated = generate_one("note.json", &std::fs::read_to_string(fixture).unwrap())
        .unwrap_or_else(|failure| panic!("{failure}"));
    let module = &generated.files["src/m.rs"];
    let mut mentions = 0;
    for line in module.lines() {
        if line.contains("injected") {
            mentions += 1;
            let trimmed = line.trim_start();
            let inert = trimmed.starts_with("///")
                || trimmed.starts_with("#[serde(rename = ")
                || trimmed.starts_with("\"\\\"); fn injected_in_enum");
            assert!(inert, "injected text outside a comment or string: {line}");
        }
    }
    assert!(
        mentions >= 3,
        "the descriptions are kept as docs:\n{module}"
    );
    // The fixture's types compile and round-trip in `exactness.rs`.
}

#[test]
fn ten_thousand_levels_of_nesting_is_a_clear_error() {
    let depth = 10_000;
    let nested = format!(
        "{}{{\"type\": \"string\"}}{}",
        "{\"type\": \"object\", \"properties\": {\"a\": ".repeat(depth),
        "}}".repeat(depth)
    );
    let failure = generate_one("deep.json", &nested).expect_err("too deep to parse");
    assert_eq!(failure.diagnostics[0].code, "parse");
    assert!(failure.diagnostics[0].message.contains("recursion limit"));

    let yaml = format!("{}a: 1{}", "{a: ".repeat(depth), "}".repeat(depth));
    let failure = generate_one("deep.yaml", &yaml).expect_err("too deep to parse");
    assert_eq!(failure.diagnostics[0].code, "parse");
}

#[test]
fn ten_thousand_references_in_a_chain_generate() {
    let depth = 10_000;
    let defs: Vec<String> = (0..depth)
        .map(|i| format!(r##""A{i}": {{"$ref": "#/$defs/A{}"}}"##, i + 1))
        .chain([format!(r#""A{depth}": {{"type": "string"}}"#)])
        .collect();
    let text = format!(r#"{{"$defs": {{{}}}}}"#, defs.join(","));
    let generated = generate_one("chain.json", &text).unwrap_or_else(|failure| panic!("{failure}"));
    assert!(generated.files["src/m.rs"].contains("pub type A0 = A1;"));
}

#[test]
fn a_long_all_of_chain_is_a_clear_error() {
    let depth = 1_000;
    let defs: Vec<String> = (0..depth)
        .map(|i| {
            format!(
                r##""A{i}": {{"allOf": [{{"$ref": "#/$defs/A{}"}}], "properties": {{"p{i}": {{"type": "string"}}}}}}"##,
                i + 1
            )
        })
        .chain([format!(r#""A{depth}": {{"type": "object"}}"#)])
        .collect();
    let text = format!(r#"{{"$defs": {{{}}}}}"#, defs.join(","));
    let failure = generate_one("chain.json", &text).expect_err("too deep to merge");
    assert!(failure.diagnostics.iter().all(|d| d.code == "too-deep"));
    assert!(failure.to_string().contains("merges more than 256 schemas"));
}

#[test]
fn cycles_that_cannot_be_represented_are_errors_and_ones_that_can_compile() {
    let failure = generate_one(
        "cycle.json",
        r##"{"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}}"##,
    )
    .expect_err("A is B and B is A");
    assert!(failure.diagnostics.iter().any(|d| d.code == "alias-cycle"));
    // Recursive structs get a Box; `tests/fixtures/refs` compiles and
    // round-trips one in `exactness.rs`.
    let generated = generate_one(
        "list.json",
        r##"{"title": "Node", "type": "object", "properties": {"next": {"$ref": "#"}}}"##,
    )
    .unwrap();
    assert!(generated.files["src/m.rs"].contains("pub next: Option<Box<Node>>,"));
}
