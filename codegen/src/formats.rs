//! The one place that maps string `format`s to Rust types.
//!
//! Lowering asks [`StringFormat::recognise`], which records the format in
//! the IR whatever it will become; emission asks
//! [`StringFormat::rust_type`] and the generated crate's manifest asks
//! [`StringFormat::dependency`], both under the project's
//! [`FormatMappings`] (the `[formats]` table of `codegen.toml`). A format
//! mapped to `String` is a plain `String` in the output and needs no crate.
//!
//! Integer `format`s (`int8` ... `uint64`) name a Rust integer type
//! ([`IntType::for_format`]); lowering asks [`FormatMappings::integer`],
//! so a project can widen (`int64 = "i128"`) or change one. The choice is
//! made before lowering derives the bounds a type already implies, so the
//! checks stay exact for the type actually emitted.

use proc_macro2::TokenStream;
use quote::quote;
use serde::Deserialize;

use crate::ir::IntType;

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
/// checked (chrono), `uuid` and `uri` stay strings, each integer format is
/// the Rust type of its name (`int32` -> `i32`).
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
    /// `int8`: the Rust integer type instead of `i8`.
    #[serde(default)]
    pub int8: Option<IntType>,
    /// `int16`: the Rust integer type instead of `i16`.
    #[serde(default)]
    pub int16: Option<IntType>,
    /// `int32`: the Rust integer type instead of `i32`.
    #[serde(default)]
    pub int32: Option<IntType>,
    /// `int64`: the Rust integer type instead of `i64`.
    #[serde(default)]
    pub int64: Option<IntType>,
    /// `uint8`: the Rust integer type instead of `u8`.
    #[serde(default)]
    pub uint8: Option<IntType>,
    /// `uint16`: the Rust integer type instead of `u16`.
    #[serde(default)]
    pub uint16: Option<IntType>,
    /// `uint32`: the Rust integer type instead of `u32`.
    #[serde(default)]
    pub uint32: Option<IntType>,
    /// `uint64`: the Rust integer type instead of `u64`.
    #[serde(default)]
    pub uint64: Option<IntType>,
}

impl FormatMappings {
    /// The Rust type of an integer with format `name`, if `name` is an
    /// integer format: the mapped type, else the one the format names.
    pub fn integer(&self, name: &str) -> Option<IntType> {
        let named = IntType::for_format(name)?;
        let mapped = match named {
            IntType::I8 => self.int8,
            IntType::I16 => self.int16,
            IntType::I32 => self.int32,
            IntType::I64 => self.int64,
            IntType::U8 => self.uint8,
            IntType::U16 => self.uint16,
            IntType::U32 => self.uint32,
            IntType::U64 => self.uint64,
            // No format names a 128-bit type.
            IntType::I128 | IntType::U128 => None,
        };
        Some(mapped.unwrap_or(named))
    }
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
    /// `time::OffsetDateTime`. Its own serde form is not RFC 3339, so the
    /// fields that hold one are read and written through
    /// `time::serde::rfc3339` (see [`StringFormat::needs_rfc3339`]).
    Time,
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
                DateTimeType::Time => quote!(time::OffsetDateTime),
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

    /// Whether the Rust type's own serde form differs from the format's
    /// text, so that every position holding it needs the generated
    /// `rfc3339` adaptor: `time::OffsetDateTime`.
    pub fn needs_rfc3339(self, mappings: &FormatMappings) -> bool {
        self == StringFormat::DateTime && mappings.date_time == DateTimeType::Time
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
                // `time::serde::rfc3339` needs both directions of the
                // well-known formats.
                DateTimeType::Time => dependency(
                    "time",
                    r#"{ version = "0.3", features = ["serde", "formatting", "parsing"] }"#,
                ),
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
