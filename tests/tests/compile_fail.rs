//! Invalid states do not compile: each file in `tests/ui/` must fail with
//! the error recorded beside it.

#[test]
fn invalid_states_are_unrepresentable() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/*/*.rs"));
}
