//! A tagged union's `write_fields` and `take_fields`, written as text.
//!
//! The impl is the same few statements for every tagged union: an arm per
//! variant writing its tags and fields, and an `if` per variant testing
//! its tags and taking its fields. Built with `quote!` and read back by
//! the impl printer, it was nearly a third of the instructions on a
//! synthetic document of 1,000 schemas (#8). Here the statements are
//! written as the printer prints them (each expression flat, as
//! `render::impls` reads it) and laid out by the printer's own rules
//! (`render::code`), so the text is the same. Anything these functions do
//! not write the way the printer would is declined, and the caller falls
//! back to the tokens ([`Emitter::union_own_impls`]).

use crate::ir::{Struct, TypeId, TypeRef, Union, UnknownFields, VariantBody};
use crate::render::{
    call, call_statement, if_open, match_arm, push_line, signature, statement, string_literal,
    struct_literal, type_text, Printed, INDENT, JSON_MARKER,
};

use super::Emitter;

impl Emitter<'_> {
    /// [`Emitter::union_own_impls`] for a union told apart by the tag
    /// `properties`, as the printer prints it; `None` where the text
    /// would need a layout the printer's rules do not cover.
    pub(super) fn tagged_union_text(
        &self,
        id: TypeId,
        body: &Union,
        properties: &[String],
        module: &str,
    ) -> Option<String> {
        let name = self.names.type_name(id);
        let members = self.names.members(id);
        let mut text = String::new();
        push_line(&mut text, 0, &format!("impl {name} {{"))?;

        // write_fields: one arm per variant.
        signature(
            &mut text,
            INDENT,
            "fn write_fields<M: serde::ser::SerializeMap>(",
            &["&self".to_owned(), "map: &mut M".to_owned()],
            "Result<(), M::Error>",
        )?;
        let block = 2 * INDENT;
        if body.variants.is_empty() {
            push_line(&mut text, block, "match self {}")?;
        } else {
            push_line(&mut text, block, "match self {")?;
            let arm = block + INDENT;
            for (index, variant) in body.variants.iter().enumerate() {
                let member = members.get(index)?;
                match &variant.body {
                    VariantBody::Type(_) => match_arm(
                        &mut text,
                        arm,
                        &format!("Self::{member}(value)"),
                        "",
                        Printed::Flat("write_value_fields(map, value)?".to_owned()),
                    )?,
                    VariantBody::Fields(fields) => {
                        let names = self.names.variant_members(id, index);
                        // `map: map_field`, a binding the printer
                        // declines in a pattern.
                        if names.iter().any(|name| name == "map") {
                            return None;
                        }
                        let pattern = if names.is_empty() {
                            format!("Self::{member}")
                        } else {
                            format!("Self::{member} {{ {} }}", names.join(", "))
                        };
                        let mut statements = String::new();
                        for (property, value) in &variant.tags {
                            let value = tag_value(value);
                            flat_statement(
                                &mut statements,
                                arm + INDENT,
                                &format!(
                                    "map.serialize_entry({}, &{value})?",
                                    string_literal(property)
                                ),
                            )?;
                        }
                        self.write_fields_text(
                            &mut statements,
                            arm + INDENT,
                            fields,
                            names,
                            |member| member.to_owned(),
                        )?;
                        if statements.is_empty() {
                            push_line(&mut text, arm, &format!("{pattern} => {{}}"))?;
                        } else {
                            push_line(&mut text, arm, &format!("{pattern} => {{"))?;
                            text.push_str(&statements);
                            push_line(&mut text, arm, "}")?;
                        }
                    }
                }
            }
            push_line(&mut text, block, "}")?;
        }
        push_line(&mut text, block, "Ok(())")?;
        push_line(&mut text, INDENT, "}")?;

        // take_fields: the tags read once, then an `if` per variant.
        signature(
            &mut text,
            INDENT,
            "fn take_fields(",
            &["fields: &mut Fields<'_>".to_owned()],
            "Result<Self, String>",
        )?;
        for (index, property) in properties.iter().enumerate() {
            flat_statement(
                &mut text,
                block,
                &format!("let tag_{index} = fields.get({})", string_literal(property)),
            )?;
        }
        for (index, variant) in body.variants.iter().enumerate() {
            let member = members.get(index)?;
            let conditions = variant
                .tags
                .iter()
                .map(|(property, value)| {
                    let local = properties.iter().position(|p| p == property)?;
                    let read = match value {
                        serde_json::Value::Bool(_) => "as_bool",
                        serde_json::Value::String(_) => "as_str",
                        _ => "as_i64",
                    };
                    Some(format!(
                        "tag_{local}.and_then(serde_json::Value::{read}) == Some({})",
                        tag_value(value)
                    ))
                })
                .collect::<Option<Vec<_>>>()?;
            if_open(&mut text, block, &conditions)?;
            let inner = block + INDENT;
            // A variant of fields takes its tags out of the fields first.
            if matches!(variant.body, VariantBody::Fields(_)) {
                for (property, _) in &variant.tags {
                    flat_statement(
                        &mut text,
                        inner,
                        &format!("fields.remove({})", string_literal(property)),
                    )?;
                }
            }
            let construct = match &variant.body {
                VariantBody::Type(ty) => {
                    let ty = type_text(self.type_ref(ty, module))?;
                    Printed::Flat(format!("Self::{member}(take_value::<{ty}>(fields)?)"))
                }
                VariantBody::Fields(fields)
                    if fields.fields.is_empty() && fields.flattened.is_none() =>
                {
                    Printed::Flat(format!("Self::{member}"))
                }
                VariantBody::Fields(fields) => {
                    let takes = self.take_fields_text(
                        fields,
                        self.names.variant_members(id, index),
                        module,
                    )?;
                    struct_literal(&format!("Self::{member}"), takes)
                }
            };
            let lone = match &construct {
                Printed::Flat(flat) => Some(("Ok".to_owned(), flat.clone())),
                Printed::Broken { .. } => None,
            };
            statement(
                &mut text,
                inner,
                "return ",
                call("Ok", vec![construct])?,
                ";",
                || lone,
            )?;
            push_line(&mut text, block, "}")?;
        }
        let found: Vec<String> = properties
            .iter()
            .enumerate()
            .map(|(index, property)| format!("({}, tag_{index})", string_literal(property)))
            .collect();
        let found = format!("&[{}]", found.join(", "));
        call_statement(
            &mut text,
            block,
            "let found = ",
            ("describe_tags", found),
            ";",
        )?;
        let message = string_literal(&self.no_tag_match(id, body, properties));
        call_statement(
            &mut text,
            block,
            "",
            ("Err", format!("format!({message})")),
            "",
        )?;
        push_line(&mut text, INDENT, "}")?;
        text.push_str("}\n");
        // The printer lays out a deferred `json!` argument's text
        // afterwards; a document's string that looks like one is left to
        // it.
        (!text.contains(JSON_MARKER)).then_some(text)
    }

    /// The statements of [`Emitter::write_struct_fields`], as printed;
    /// `access` gives the expression that reads a member.
    fn write_fields_text(
        &self,
        text: &mut String,
        indent: usize,
        body: &Struct,
        members: &[String],
        access: impl Fn(&str) -> String,
    ) -> Option<()> {
        for (field, member) in body.fields.iter().zip(members) {
            let wire = string_literal(&field.wire_name);
            let value = access(member);
            let via_rfc3339 = self.via_rfc3339(&field.ty);
            if field.required {
                let written = if via_rfc3339 {
                    format!("&rfc3339::Wrap(&{value})")
                } else {
                    format!("&{value}")
                };
                flat_statement(
                    text,
                    indent,
                    &format!("map.serialize_entry({wire}, {written})?"),
                )?;
            } else {
                let written = if via_rfc3339 {
                    "&rfc3339::Wrap(value)"
                } else {
                    "value"
                };
                if_open(text, indent, &[format!("let Some(value) = &{value}")])?;
                flat_statement(
                    text,
                    indent + INDENT,
                    &format!("map.serialize_entry({wire}, {written})?"),
                )?;
                push_line(text, indent, "}")?;
            }
        }
        if body.flattened.is_some() {
            let value = access(members.last()?);
            flat_statement(text, indent, &format!("{value}.write_fields(map)?"))?;
        }
        if matches!(body.unknown, UnknownFields::Collect(_)) {
            let value = access(members.get(body.fields.len())?);
            push_line(text, indent, &format!("for (key, value) in &{value} {{"))?;
            flat_statement(text, indent + INDENT, "map.serialize_entry(key, value)?")?;
            push_line(text, indent, "}")?;
        }
        Some(())
    }

    /// The fields of [`Emitter::take_struct_fields`]' struct literal, as
    /// printed: `member: expression`.
    fn take_fields_text(
        &self,
        body: &Struct,
        members: &[String],
        module: &str,
    ) -> Option<Vec<String>> {
        let mut takes = Vec::with_capacity(members.len());
        for (field, member) in body.fields.iter().zip(members) {
            let wire = string_literal(&field.wire_name);
            let take = if field.required {
                "take_required"
            } else {
                "take_optional"
            };
            if !self.via_rfc3339(&field.ty) {
                takes.push(format!("{member}: {take}(fields, {wire})?"));
                continue;
            }
            let (present, then) = if field.required {
                (self.field_type(field, module), ".0")
            } else {
                let present = crate::ir::Field {
                    required: true,
                    ..field.clone()
                };
                (self.field_type(&present, module), ".map(|value| value.0)")
            };
            let wrapped = type_text(quote::quote!(rfc3339::Wrap<#present>))?;
            takes.push(format!(
                "{member}: {take}::<{wrapped}>(fields, {wire})?{then}"
            ));
        }
        if let Some(union) = body.flattened {
            let ty = type_text(self.type_ref(&TypeRef::Named(union), module))?;
            // A path, which the printer prints as the type printer does.
            if !ty
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '#')
            {
                return None;
            }
            takes.push(format!("{}: {ty}::take_fields(fields)?", members.last()?));
        }
        if matches!(body.unknown, UnknownFields::Collect(_)) {
            takes.push(format!(
                "{}: take_value(fields)?",
                members.get(body.fields.len())?
            ));
        }
        Some(takes)
    }
}

/// A statement of one expression that is no call the printer would break
/// (a method call), with its `;`.
fn flat_statement(text: &mut String, indent: usize, expression: &str) -> Option<()> {
    push_line(text, indent, &format!("{expression};"))
}

/// A tag's value as `quote!` writes the literal the token path
/// interpolates: a string quoted, a boolean as it is, any other number as
/// an integer with its `i64` suffix.
fn tag_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::String(s) => string_literal(s),
        other => format!("{}i64", other.as_i64().unwrap_or_default()),
    }
}
