//! `cargo xtask codegen` as a user runs it: exit codes and what it prints.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

/// `cargo xtask codegen [--check] --schemas .. --out ..`; its exit code.
fn codegen(check: bool, schemas: &Path, out: &Path) -> Option<i32> {
    let flags: &[&str] = if check { &["--check"] } else { &[] };
    codegen_with(flags, schemas, out).status.code()
}

/// `cargo xtask codegen FLAGS --schemas .. --out ..`.
fn codegen_with(flags: &[&str], schemas: &Path, out: &Path) -> Output {
    let mut args = vec!["codegen"];
    args.extend(flags);
    args.extend([
        "--schemas",
        schemas.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    xtask(&args)
}

fn copy_schemas(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/dfns");
    std::fs::create_dir_all(to.join("dfns")).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join("dfns").join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn check_fails_on_a_one_character_edit_until_regenerated() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let out = tmp.path().join("out");
    copy_schemas(&schemas);
    let (schemas_arg, out_arg) = (schemas.to_str().unwrap(), out.to_str().unwrap());

    assert_eq!(codegen(false, &schemas, &out), Some(0));
    assert_eq!(codegen(true, &schemas, &out), Some(0));

    let file = schemas.join("dfns/create_application_request.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\"origin\"", "\"origim\"", 1)).unwrap();

    let check = xtask(&[
        "codegen",
        "--check",
        "--schemas",
        schemas_arg,
        "--out",
        out_arg,
    ]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(stdout.contains("changed: src/dfns.rs"), "{stdout}");
    // `origim` is no longer listed as required, so it becomes optional.
    assert!(
        stdout.contains("+    pub origim: Option<String>,"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&check.stderr).contains("run `cargo xtask codegen`"),
        "the failure says how to fix it"
    );

    assert_eq!(codegen(false, &schemas, &out), Some(0));
    assert_eq!(codegen(true, &schemas, &out), Some(0));
}

#[test]
fn bad_input_exits_1_naming_file_and_pointer_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let out = tmp.path().join("out");
    copy_schemas(&schemas);
    std::fs::write(
        schemas.join("dfns/bad.json"),
        r##"{"type": "object", "properties": {"x": {"$ref": "#/$defs/Nope"}}}"##,
    )
    .unwrap();
    let run = xtask(&[
        "codegen",
        "--schemas",
        schemas.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error[dangling-ref]"), "{stderr}");
    assert!(
        stderr.contains("dfns/bad.json:1:"),
        "file, line and column: {stderr}"
    );
    assert!(
        stderr.contains("#/properties/x/$ref"),
        "JSON pointer: {stderr}"
    );
    assert!(!out.exists(), "nothing is written on failure");
}

#[test]
fn deny_warnings_turns_warnings_into_a_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(schemas.join("m")).unwrap();
    // `not` has no Rust counterpart: a warning that it goes unchecked.
    std::fs::write(
        schemas.join("m/level.json"),
        r#"{"title": "Level", "type": "string", "not": {"const": "none"}}"#,
    )
    .unwrap();
    let (schemas_arg, out_arg) = (schemas.to_str().unwrap(), out.to_str().unwrap());
    let lenient = xtask(&["codegen", "--schemas", schemas_arg, "--out", out_arg]);
    assert!(lenient.status.success());
    assert!(String::from_utf8_lossy(&lenient.stderr).contains("warning[unchecked]"));

    let strict_out = tmp.path().join("strict");
    let strict = xtask(&[
        "codegen",
        "--deny-warnings",
        "--schemas",
        schemas_arg,
        "--out",
        strict_out.to_str().unwrap(),
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(!strict_out.exists());
}

#[test]
fn timings_lists_every_stage_on_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let out = tmp.path().join("out");
    copy_schemas(&schemas);
    let run = codegen_with(&["--timings"], &schemas, &out);
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    for stage in [
        "load",
        "resolve",
        "lower",
        "name",
        "emit and format",
        "parse (all threads)",
    ] {
        let line = stderr
            .lines()
            .find(|line| line.trim_start().starts_with(stage))
            .unwrap_or_else(|| panic!("no `{stage}` line:\n{stderr}"));
        assert!(line.ends_with(" ms"), "{line}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(xtask(&["codegen", "--no-such-flag"]).status.code(), Some(2));
}

/// Writes a schemas folder whose output is many files (one module per
/// folder), so that writing them, each synced to disk, takes most of a run.
fn many_modules(root: &Path, count: usize, tag: &str) {
    copy_schemas(root);
    for i in 0..count {
        let folder = root.join(format!("m{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("t.json"),
            format!(r#"{{"title": "T{i}", "description": "{tag}", "type": "object", "properties": {{"a": {{"type": "string"}}}}}}"#),
        )
        .unwrap();
    }
}

#[test]
fn kill_9_at_any_moment_leaves_the_old_or_the_new_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let (v1, v2, out) = (
        tmp.path().join("v1"),
        tmp.path().join("v2"),
        tmp.path().join("out"),
    );
    many_modules(&v1, 400, "first");
    many_modules(&v2, 400, "second");
    let expected = |schemas: &Path| {
        codegen::Config::new()
            .schemas(schemas)
            .generate()
            .unwrap_or_else(|failure| panic!("{failure}"))
    };
    let (first, second) = (expected(&v1), expected(&v2));

    let run = |schemas: &Path| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args([
                "codegen",
                "--schemas",
                schemas.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    assert!(run(&v1).wait().unwrap().success());
    let started = std::time::Instant::now();
    assert!(run(&v2).wait().unwrap().success());
    let full = started.elapsed();
    assert_eq!(second.check(&out).unwrap(), []);

    let mut interrupted = 0;
    for step in 0..16u32 {
        let (schemas, _) = if step % 2 == 0 {
            (&v1, &first)
        } else {
            (&v2, &second)
        };
        let mut child = run(schemas);
        std::thread::sleep(full * step / 16);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let intact_old_or_new =
            first.check(&out).unwrap().is_empty() || second.check(&out).unwrap().is_empty();
        assert!(
            intact_old_or_new,
            "step {step}: the output is a mix of two runs"
        );
    }
    assert!(
        interrupted >= 8,
        "only {interrupted} runs were killed mid-way"
    );
}

#[test]
fn codegen_help_explains_every_option() {
    let help = xtask(&["codegen", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for option in [
        "--check",
        "--schemas <DIR>",
        "--out <DIR>",
        "--deny-warnings",
        "--lenient",
        "--overlay <FOLDER=FILE>",
        "--config <FILE>",
        "--timings",
        "Exit codes",
    ] {
        assert!(
            text.contains(option),
            "`{option}` is not explained:\n{text}"
        );
    }
}

#[test]
fn an_overlay_argument_without_a_folder_is_a_usage_error() {
    let out = xtask(&["codegen", "--overlay", "just-a-file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FOLDER=FILE"));
}

#[test]
fn check_reports_api_changes_and_whether_they_break() {
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let out = tmp.path().join("out");
    copy_schemas(&schemas);
    assert_eq!(codegen(false, &schemas, &out), Some(0));

    // `origin` stops being required; a new optional property appears.
    let file = schemas.join("dfns/create_application_request.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text
        .replacen(r#""origin", "kind""#, r#""kind""#, 1)
        .replacen(
            r#""properties": {"#,
            r#""properties": { "region": { "type": "string" },"#,
            1,
        );
    assert_ne!(edited, text, "the schema has the expected shape");
    std::fs::write(&file, edited).unwrap();

    let check = codegen_with(&["--check"], &schemas, &out);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains(
            "BREAKING  dfns::CreateApplicationRequest.origin: made optional: String -> Option<String>"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("ok        dfns::CreateApplicationRequest.region: optional field added"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 breaking change(s), 1 compatible"),
        "{stdout}"
    );
    // The report comes before the text diff.
    assert!(
        stdout.find("API changes") < stdout.find("changed: src/dfns.rs"),
        "{stdout}"
    );
}
