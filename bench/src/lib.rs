//! Benchmarks of the generator and of the code it generates (#8).
//!
//! The library holds what the benchmark targets share: the inputs
//! ([`synthetic`] documents, the [`workload`] of the runtime benchmark), the
//! conversion of the generator's inputs into the single JSON Schema document
//! typify reads ([`defs`]), and [`stats`]. The measuring happens in the
//! targets under `benches/`, run by `cargo xtask bench`; none of it runs
//! under `cargo test`.

pub mod defs;
pub mod stats;
pub mod synthetic;
pub mod workload;
