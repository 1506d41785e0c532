//! Data-driven exactness: every instance in `tests/cases/<fixture>.json` is
//! fed to the type generated from `tests/fixtures/<fixture>/`.
//!
//! - `valid`: must deserialize and serialize back to an equal JSON value.
//! - `tolerated`: must deserialize (unknown extra properties are dropped).
//! - `invalid`: `[instance, expected error text]`; must be rejected with an
//!   error containing that text.

use serde_json::Value;
use tests::{dispatch, json_equal};

#[test]
fn fixture_instances_are_accepted_and_rejected_exactly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/cases");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &paths {
        let fixture = path.file_stem().unwrap().to_str().unwrap();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for group in file["cases"].as_array().unwrap() {
            let ty = group["type"].as_str().unwrap();
            let run = |instance: &Value| {
                dispatch(fixture, ty, &instance.to_string())
                    .unwrap_or_else(|| panic!("no dispatch arm for {fixture}::{ty}"))
            };
            for instance in group["valid"].as_array().into_iter().flatten() {
                checked += 1;
                match run(instance) {
                    Ok(back) if json_equal(&back, instance) => {}
                    Ok(back) => failures.push(format!(
                        "{fixture}::{ty}: {instance} re-serialized as {back}"
                    )),
                    Err(err) => {
                        failures.push(format!("{fixture}::{ty}: {instance} rejected: {err}"))
                    }
                }
            }
            for instance in group["tolerated"].as_array().into_iter().flatten() {
                checked += 1;
                if let Err(err) = run(instance) {
                    failures.push(format!("{fixture}::{ty}: {instance} rejected: {err}"));
                }
            }
            for case in group["invalid"].as_array().into_iter().flatten() {
                checked += 1;
                let (instance, expected) = (&case[0], case[1].as_str().unwrap());
                match run(instance) {
                    Ok(back) => failures.push(format!(
                        "{fixture}::{ty}: {instance} accepted (as {back}); expected `{expected}`"
                    )),
                    Err(err) if err.contains(expected) => {}
                    Err(err) => failures.push(format!(
                        "{fixture}::{ty}: {instance} rejected with `{err}`; expected `{expected}`"
                    )),
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} instances checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
