// The program `cargo xtask conformance` compiles beside the generated suite
// crate: it decodes every test-suite instance with the group's root type and
// prints one JSON line per instance. `checks.rs` (written per run) holds the
// table of groups; `cases.json` the instances.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

type Check = fn(&Value, bool) -> Result<(), String>;

include!("checks.rs");

/// `valid: true` must deserialize and serialize back to an equal value;
/// `valid: false` must be rejected.
fn check<T: DeserializeOwned + Serialize>(data: &Value, valid: bool) -> Result<(), String> {
    match serde_json::from_value::<T>(data.clone()) {
        Ok(decoded) if valid => {
            let again = serde_json::to_value(&decoded).map_err(|e| format!("serialize: {e}"))?;
            if json_equal(data, &again) {
                Ok(())
            } else {
                Err(format!("round trip changed the value: {again}"))
            }
        }
        Ok(_) => Err("accepted an invalid instance".to_owned()),
        Err(err) if valid => Err(format!("rejected a valid instance: {err}")),
        Err(_) => Ok(()),
    }
}

/// Equality in JSON Schema's data model: numbers by mathematical value
/// (`1.0` equals `1`), objects regardless of key order.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: runner CASES.json");
    let text = std::fs::read_to_string(&path).expect("cases file");
    let cases: Vec<(String, Vec<(Value, bool)>)> = serde_json::from_str(&text).expect("cases JSON");
    std::panic::set_hook(Box::new(|_| {}));
    for (module, instances) in cases {
        let Some((_, check)) = CHECKS.iter().find(|(name, _)| *name == module) else {
            continue;
        };
        for (index, (data, valid)) in instances.iter().enumerate() {
            let outcome = std::panic::catch_unwind(|| check(data, *valid))
                .unwrap_or_else(|_| Err("panicked".to_owned()));
            let line = serde_json::json!({
                "module": module,
                "case": index,
                "error": outcome.err(),
            });
            println!("{line}");
        }
    }
}
