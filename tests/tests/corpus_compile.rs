//! Real API descriptions nobody here wrote generate and compile, every
//! item documented (`deny(missing_docs)`, as in the generated crate): the
//! vendors' WorkOS and Dfns specs, Stripe's, and the OpenAPI 3.0/3.1
//! example documents (GitHub's, larger still, is left to `cargo xtask
//! corpus`). All go into one scratch crate (a module
//! each, through the single-file layout) checked by one `cargo check`.
//! Skipped with a message when `../shared/corpus` is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

const LARGE_SPECS: [&str; 3] = [
    "workos/open-api-spec.yaml",
    "dfns/dfns-openapi-1.578.2.json",
    "openapi/stripe/spec3.json",
];

fn examples(corpus: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in ["v3.0", "v3.1"] {
        let dir = corpus
            .join("openapi/oai-examples/learn.openapis.org")
            .join(folder);
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_file() {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn real_specs_generate_and_compile() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = workspace.join("../shared/corpus");
    if !corpus.join("MANIFEST.tsv").exists() {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    }
    let mut documents: Vec<PathBuf> = LARGE_SPECS.iter().map(|p| corpus.join(p)).collect();
    documents.extend(examples(&corpus));
    assert!(documents.len() >= 20, "the OpenAPI examples are present");

    let scratch = workspace.join("target/corpus-compile");
    let src = scratch.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let mut modules = String::new();
    let mut report = Vec::new();
    for (i, path) in documents.iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let generated = codegen::Config::new()
            .sources([(format!("spec/{name}"), text)])
            .layout(codegen::Layout::SingleFile)
            .lenient(true)
            .generate()
            .unwrap_or_else(|failure| panic!("{} does not generate:\n{failure}", path.display()));
        std::fs::write(
            src.join(format!("spec{i}.rs")),
            &generated.files["generated.rs"],
        )
        .unwrap();
        modules.push_str(&format!(
            "/// `{name}`.\npub mod spec{i} {{ include!(\"spec{i}.rs\"); }}\n"
        ));
        let stats = generated.stats;
        report.push(format!(
            "{}: {} types, {}/{} positions precise ({:.1}%)",
            path.strip_prefix(&corpus).unwrap().display(),
            stats.types,
            stats.positions - stats.value_positions,
            stats.positions,
            stats.precise_percent()
        ));
    }
    std::fs::write(
        src.join("lib.rs"),
        // The generated crate denies missing docs; so does this one, for
        // every generated item of every spec.
        format!("//! The corpus specs, a module each.\n#![deny(warnings)]\n#![allow(clippy::all, dead_code)]\n#![deny(missing_docs)]\n{modules}"),
    )
    .unwrap();
    std::fs::write(
        scratch.join("Cargo.toml"),
        "[package]\nname = \"corpus-compile\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nchrono = { version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }\n\
         regex = \"1\"\nschemars = { version = \"1\", optional = true, features = [\"chrono04\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nserde_path_to_error = \"0.1\"\n\n\
         [features]\ndefault = [\"schemars\"]\n\n[workspace]\n",
    )
    .unwrap();
    eprintln!("{}", report.join("\n"));
    let check = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format=short"])
        .current_dir(&scratch)
        .env(
            "CARGO_TARGET_DIR",
            workspace.join("target/corpus-compile-target"),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("error"))
        .take(20)
        .collect();
    assert!(
        check.status.success(),
        "generated code does not compile:\n{}",
        errors.join("\n")
    );
}
