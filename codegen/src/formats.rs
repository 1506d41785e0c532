//! The one place that maps string `format`s to Rust types.
//!
//! Lowering asks [`StringFormat::recognise`], which records the format in
//! the IR whatever it will become; emission asks
//! [`StringFormat::rust_type`] and the generated crate's manifest asks
//! [`StringFormat::dependency`], both under the project's
//! [`FormatMappings`] (the `[formats]` table of `codegen.toml`). A format
//! mapped to `String` is a plain `String` in the output and needs no crate.

use proc_macro2::TokenStream;
use quote::quote;
use serde::Deserialize;

/// A string `format` that can get a richer type than `String`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StringFormat {
    /// RFC 3339 `date-time`.
    DateTime,
    /// RFC 4122 `uuid`.
    Uuid,
    /// RFC 3986 `uri`.
    Uri,
}

/// A crate the generated code depends on for a format's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dependency {
    /// Crate name.
    pub name: &'static str,
    /// The `Cargo.toml` value.
    pub spec: &'static str,
}

/// Which Rust type each format becomes (`[formats]` in `codegen.toml`).
/// The defaults keep what the schemas alone promise: `date-time` is
/// checked (chrono), `uuid` and `uri` stay strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FormatMappings {
    /// `date-time`.
    #[serde(default)]
    pub date_time: DateTimeType,
    /// `uuid`.
    #[serde(default)]
    pub uuid: UuidType,
    /// `uri`.
    #[serde(default)]
    pub uri: UriType,
}

/// What a `date-time` becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateTimeType {
    /// `chrono::DateTime<chrono::Utc>`.
    #[default]
    Chrono,
    /// `jiff::Timestamp` (its serde form is RFC 3339).
    Jiff,
    /// `String`, unchecked.
    String,
}

/// What a `uuid` becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UuidType {
    /// `String`, unchecked.
    #[default]
    String,
    /// `uuid::Uuid`.
    Uuid,
}

/// What a `uri` becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UriType {
    /// `String`, unchecked.
    #[default]
    String,
    /// `url::Url`.
    Url,
}

impl StringFormat {
    /// The format named `name`, if it can be mapped.
    pub fn recognise(name: &str) -> Option<StringFormat> {
        match name {
            "date-time" => Some(StringFormat::DateTime),
            "uuid" => Some(StringFormat::Uuid),
            "uri" => Some(StringFormat::Uri),
            _ => None,
        }
    }

    /// The Rust type under `mappings`, as a path.
    pub fn rust_type(self, mappings: &FormatMappings) -> TokenStream {
        match (self, mappings) {
            (StringFormat::DateTime, m) => match m.date_time {
                DateTimeType::Chrono => quote!(chrono::DateTime<chrono::Utc>),
                DateTimeType::Jiff => quote!(jiff::Timestamp),
                DateTimeType::String => quote!(String),
            },
            (StringFormat::Uuid, m) => match m.uuid {
                UuidType::Uuid => quote!(uuid::Uuid),
                UuidType::String => quote!(String),
            },
            (StringFormat::Uri, m) => match m.uri {
                UriType::Url => quote!(url::Url),
                UriType::String => quote!(String),
            },
        }
    }

    /// Whether the Rust type implements `Hash` and `Eq`: every type a
    /// format can map to does.
    pub fn is_hash_eq(self) -> bool {
        true
    }

    /// The crate that provides the type under `mappings`; `None` for
    /// `String`.
    pub fn dependency(self, mappings: &FormatMappings) -> Option<Dependency> {
        let dependency = |name, spec| Some(Dependency { name, spec });
        match self {
            StringFormat::DateTime => match mappings.date_time {
                DateTimeType::Chrono => dependency(
                    "chrono",
                    r#"{ version = "0.4", default-features = false, features = ["std", "serde"] }"#,
                ),
                DateTimeType::Jiff => {
                    dependency("jiff", r#"{ version = "0.2", features = ["serde"] }"#)
                }
                DateTimeType::String => None,
            },
            StringFormat::Uuid => match mappings.uuid {
                UuidType::Uuid => dependency("uuid", r#"{ version = "1", features = ["serde"] }"#),
                UuidType::String => None,
            },
            StringFormat::Uri => match mappings.uri {
                UriType::Url => dependency("url", r#"{ version = "2", features = ["serde"] }"#),
                UriType::String => None,
            },
        }
    }
}
