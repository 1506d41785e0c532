//! Generates the pet store types from `schemas/` (refined by the overlay in
//! `refinements/`) into `OUT_DIR/generated.rs`, which `src/main.rs`
//! includes.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    codegen::Config::new()
        .schemas("schemas")
        .overlay("pets", "refinements/pets.overlay.yaml")
        .layout(codegen::Layout::SingleFile)
        .out_dir(std::env::var("OUT_DIR")?)
        .emit_rerun_if_changed(true)
        .generate()?;
    Ok(())
}
