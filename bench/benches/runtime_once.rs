//! One pass of the runtime benchmark's work, for instruction counts that
//! the machine's load does not move:
//!
//! ```sh
//! cargo bench -p bench --bench runtime_once --no-run
//! valgrind --tool=callgrind target/release/deps/runtime_once-* serialize generated
//! ```
//!
//! Arguments: `deserialize` or `serialize`, then `generated`, `typify` or
//! `value`, then optionally `none` to do only the set-up (the baseline to
//! subtract). For serializing, `--toggle-collect='runtime_once::serialize*'`
//! counts only the serializer, and `RUNTIME_ONCE_DUMP=1` prints what it
//! wrote, to compare the three outputs.

use std::hint::black_box;

/// typify's output for `schemas/workos/`.
#[allow(clippy::all, dead_code, unused_imports)]
mod typify_workos {
    include!(concat!(env!("OUT_DIR"), "/typify_workos.rs"));
}

const APPLICATIONS: usize = 10_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(work), Some(types)) = (args.first(), args.get(1)) else {
        eprintln!("usage: runtime_once deserialize|serialize generated|typify|value [none]");
        std::process::exit(2);
    };
    let setup_only = args.get(2).is_some_and(|a| a == "none");
    let json = serde_json::to_string(&bench::workload::connect_application_list(APPLICATIONS))
        .expect("a Value serializes");
    match (work.as_str(), types.as_str()) {
        ("deserialize", "generated") => {
            if !setup_only {
                let list: generated::workos::ConnectApplicationList =
                    serde_json::from_str(black_box(&json)).expect("the payload matches");
                black_box(list);
            }
        }
        ("deserialize", "typify") => {
            if !setup_only {
                let list: typify_workos::ConnectApplicationList =
                    serde_json::from_str(black_box(&json)).expect("typify accepts the payload");
                black_box(list);
            }
        }
        ("deserialize", "value") => {
            if !setup_only {
                let value: serde_json::Value =
                    serde_json::from_str(black_box(&json)).expect("valid JSON");
                black_box(value);
            }
        }
        ("serialize", "generated") => {
            let list: generated::workos::ConnectApplicationList =
                serde_json::from_str(&json).expect("the payload matches");
            serialize(&list, json.len(), setup_only);
        }
        ("serialize", "typify") => {
            let list: typify_workos::ConnectApplicationList =
                serde_json::from_str(&json).expect("typify accepts the payload");
            serialize(&list, json.len(), setup_only);
        }
        ("serialize", "value") => {
            let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
            serialize(&value, json.len(), setup_only);
        }
        _ => {
            eprintln!("unknown work or types: {work} {types}");
            std::process::exit(2);
        }
    }
}

#[inline(never)]
fn serialize<T: serde::Serialize>(value: &T, size: usize, setup_only: bool) {
    let mut buffer = Vec::with_capacity(size * 2);
    if !setup_only {
        serde_json::to_writer(&mut buffer, black_box(value)).expect("serializes");
        if std::env::var_os("RUNTIME_ONCE_DUMP").is_some() {
            println!("{}", String::from_utf8_lossy(&buffer));
        }
    }
    black_box(buffer);
}
