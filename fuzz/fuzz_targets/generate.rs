//! Arbitrary bytes, read as a JSON and as a YAML document, through the
//! whole pipeline (load -> overlay -> resolve -> lower -> analyze -> naming
//! -> emit -> render) and the diagnostics renderer. Any panic is a bug.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    for path in ["m/input.json", "m/input.yaml"] {
        match codegen::Config::new()
            .sources([(path.to_owned(), text.clone())])
            .generate()
        {
            Ok(generated) => {
                let _ = generated.render_warnings();
            }
            Err(failure) => {
                let _ = failure.to_string();
            }
        }
    }
});
