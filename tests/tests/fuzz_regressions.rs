//! Inputs the fuzzer (`cargo xtask fuzz`) found to crash the generator,
//! kept so they never do again. Each must give code or diagnostics.

fn survives(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    for path in ["m/input.json", "m/input.yaml"] {
        match codegen::Config::new()
            .sources([(path.to_owned(), text.clone())])
            .generate()
        {
            Ok(generated) => drop(generated.render_warnings()),
            Err(failure) => assert!(!failure.to_string().is_empty()),
        }
    }
}

/// A YAML parse error whose column falls inside a multi-byte character
/// made the diagnostic renderer slice a string off a char boundary.
#[test]
fn issue_6_parse_error_column_inside_a_multibyte_character() {
    survives(&[39, 163]);
}
