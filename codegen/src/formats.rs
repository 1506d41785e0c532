//! The one place that maps string `format`s to Rust types.
//!
//! Lowering asks [`StringFormat::recognise`]; emission asks
//! [`StringFormat::rust_type`]; the generated crate's manifest asks
//! [`StringFormat::dependency`]. Making a mapping configurable means changing
//! only this file.

use proc_macro2::TokenStream;
use quote::quote;

/// A string format that gets a richer type than `String`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StringFormat {
    /// RFC 3339 `date-time`.
    DateTime,
}

/// A crate the generated code depends on for a format's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dependency {
    /// Crate name.
    pub name: &'static str,
    /// The `Cargo.toml` value.
    pub spec: &'static str,
}

impl StringFormat {
    /// The format named `name`, if it is mapped.
    pub fn recognise(name: &str) -> Option<StringFormat> {
        match name {
            "date-time" => Some(StringFormat::DateTime),
            _ => None,
        }
    }

    /// The Rust type, as a path.
    pub fn rust_type(self) -> TokenStream {
        match self {
            StringFormat::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        }
    }

    /// Whether the Rust type implements `Hash` and `Eq`.
    pub fn is_hash_eq(self) -> bool {
        match self {
            StringFormat::DateTime => true,
        }
    }

    /// The crate that provides the type.
    pub fn dependency(self) -> Dependency {
        match self {
            StringFormat::DateTime => Dependency {
                name: "chrono",
                spec: r#"{ version = "0.4", default-features = false, features = ["std", "serde"] }"#,
            },
        }
    }
}
