//! Documentation for everything the schemas leave undocumented, so that
//! the generated crate builds under `#![deny(missing_docs)]`.
//!
//! Runs after naming, beside the pipeline. What a schema says always wins;
//! a fallback says where the item comes from (a type: its file and JSON
//! pointer; a field: its JSON key; an enum value: the string on the wire),
//! which is what a reader of the docs would look up next. A blank
//! description (`"description": ""`, common in vendor specs) documents
//! nothing, so it counts as none.

use crate::ir::{Status, TypeKind, TypeTable};

/// Fills in the docs of types, fields, union variants, responses and
/// operations that have none.
pub fn fill(table: &mut TypeTable) {
    let ids: Vec<_> = table.iter().map(|(id, _)| id).collect();
    for id in ids {
        let def = table.get_mut(id);
        if is_blank(&def.docs) {
            def.docs = Some(format!(
                "Generated from `{}`, at `#{}`.",
                def.origin.file, def.origin.pointer
            ));
        }
        for field in def.kind.fields_mut() {
            if is_blank(&field.docs) {
                field.docs = Some(format!("The `{}` property.", field.wire_name));
            }
        }
        match &mut def.kind {
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    if is_blank(&variant.docs) {
                        variant.docs = Some(if variant.tags.is_empty() {
                            format!("{} `{}`.", indefinite_article(&variant.name), variant.name)
                        } else {
                            variant
                                .tags
                                .iter()
                                .map(|(property, value)| format!("`{property}` = `{value}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        });
                    }
                }
            }
            TypeKind::Responses(responses) => {
                for response in responses {
                    if is_blank(&response.docs) {
                        response.docs = Some(match response.status {
                            Status::Code(code) => format!("Status {code}."),
                            Status::Class(class) => format!("A status {class}XX."),
                            Status::Default => "Any other status.".to_owned(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    for operation in &mut table.operations {
        if is_blank(&operation.docs) {
            operation.docs = Some(format!("`{} {}`.", operation.method, operation.path));
        }
    }
}

/// Whether `docs` would render as no doc comment at all: missing, or only
/// whitespace.
fn is_blank(docs: &Option<String>) -> bool {
    docs.as_deref().is_none_or(|docs| docs.trim().is_empty())
}

/// "A" or "An", as the name is read aloud: "An `Array`", "A `String`".
fn indefinite_article(name: &str) -> &'static str {
    match name.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o') => "An",
        _ => "A",
    }
}
