//! What a change to the generated code means for the crates that use it:
//! the types, fields and variants that were added, removed or changed,
//! each marked breaking or not. `--check` prints this above the text diff,
//! because a reviewer asks "what breaks?" before "which lines moved?".
//!
//! Both versions are parsed with `syn` and compared item by item. Breaking:
//! a type, field or variant removed or renamed, a field added without
//! `Option` (it is required), a field's or alias's type changed (including
//! made required or optional), a derive removed, a serde attribute changed
//! (the JSON accepted is different). Not breaking: a type, an optional
//! field or a variant added, a derive added. Docs are not compared.

use std::collections::BTreeMap;

use quote::ToTokens;

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    /// The item: `module::Type`, `module::Type.field`, `module::Enum::Variant`.
    pub item: String,
    /// What happened, e.g. `removed`, `type changed: Option<String> -> String`.
    pub change: String,
    /// Whether code using the old version may no longer compile, or JSON it
    /// handled may no longer be accepted.
    pub breaking: bool,
}

/// The shape of a type, as far as users can see it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    kind: &'static str,
    derives: Vec<String>,
    serde: String,
    /// Fields (name -> type, serde attributes) or variants (name -> shape).
    members: BTreeMap<String, (String, String)>,
    /// The order members appear in, for a stable report.
    order: Vec<String>,
}

/// Compares two versions of one generated file; `module` prefixes the
/// item names (`""` for the crate root). A version that does not parse (or
/// is absent: `""`) has no items.
pub fn compare(module: &str, old: &str, new: &str) -> Vec<ApiChange> {
    let old = shapes(module, old);
    let new = shapes(module, new);
    let mut changes = Vec::new();
    let removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    let mut renamed_to: BTreeMap<&String, &String> = BTreeMap::new();
    for name in &removed {
        // A type that reappears with the same body under one new name was
        // renamed.
        let same: Vec<&&String> = added.iter().filter(|a| new[**a] == old[*name]).collect();
        if let [target] = same[..] {
            renamed_to.insert(name, target);
        }
    }
    for name in &removed {
        changes.push(match renamed_to.get(name) {
            Some(target) => change(name, format!("renamed to `{target}`"), true),
            None => change(name, format!("{} removed", old[*name].kind), true),
        });
    }
    for name in &added {
        if !renamed_to.values().any(|t| t == name) {
            changes.push(change(name, format!("{} added", new[*name].kind), false));
        }
    }
    for (name, before) in &old {
        if let Some(after) = new.get(name) {
            compare_shapes(name, before, after, &mut changes);
        }
    }
    changes
}

fn change(item: &str, change: String, breaking: bool) -> ApiChange {
    ApiChange {
        item: item.to_owned(),
        change,
        breaking,
    }
}

fn compare_shapes(name: &str, before: &Shape, after: &Shape, out: &mut Vec<ApiChange>) {
    if before.kind != after.kind {
        out.push(change(
            name,
            format!("changed from a {} to a {}", before.kind, after.kind),
            true,
        ));
        return;
    }
    for derive in &before.derives {
        if !after.derives.contains(derive) {
            out.push(change(
                name,
                format!("no longer implements `{derive}`"),
                true,
            ));
        }
    }
    for derive in &after.derives {
        if !before.derives.contains(derive) {
            out.push(change(name, format!("now implements `{derive}`"), false));
        }
    }
    if before.serde != after.serde {
        out.push(change(
            name,
            format!(
                "serde attributes changed: `{}` -> `{}`",
                before.serde, after.serde
            ),
            true,
        ));
    }
    let separator = if before.kind == "enum" { "::" } else { "." };
    let member = |m: &str| format!("{name}{separator}{m}");
    let what = if before.kind == "enum" {
        "variant"
    } else {
        "field"
    };
    let removed: Vec<&String> = before
        .order
        .iter()
        .filter(|m| !after.members.contains_key(*m))
        .collect();
    let added: Vec<&String> = after
        .order
        .iter()
        .filter(|m| !before.members.contains_key(*m))
        .collect();
    // One member gone and one new of the same type: a rename.
    if let ([old], [new]) = (&removed[..], &added[..]) {
        if before.members[*old] == after.members[*new] {
            out.push(change(
                &member(old),
                format!("{what} renamed to `{new}`"),
                true,
            ));
            compare_members(before, after, &member, out);
            return;
        }
    }
    for m in removed {
        out.push(change(&member(m), format!("{what} removed"), true));
    }
    for m in added {
        let (ty, _) = &after.members[m];
        let optional = ty.starts_with("Option<");
        match (what, optional) {
            ("variant", _) => out.push(change(&member(m), "variant added".to_owned(), false)),
            (_, true) => out.push(change(
                &member(m),
                format!("optional field added: {ty}"),
                false,
            )),
            (_, false) => out.push(change(
                &member(m),
                format!("required field added: {ty}"),
                true,
            )),
        }
    }
    compare_members(before, after, &member, out);
}

fn compare_members(
    before: &Shape,
    after: &Shape,
    member: &impl Fn(&str) -> String,
    out: &mut Vec<ApiChange>,
) {
    for m in &before.order {
        let (Some((old_ty, old_serde)), Some((new_ty, new_serde))) =
            (before.members.get(m), after.members.get(m))
        else {
            continue;
        };
        if old_ty != new_ty {
            let how = match (
                old_ty.strip_prefix("Option<"),
                new_ty.strip_prefix("Option<"),
            ) {
                (Some(inner), None) if inner.strip_suffix('>') == Some(new_ty) => "made required",
                (None, Some(inner)) if inner.strip_suffix('>') == Some(old_ty) => "made optional",
                _ => "type changed",
            };
            out.push(change(
                &member(m),
                format!("{how}: {old_ty} -> {new_ty}"),
                true,
            ));
        } else if old_serde != new_serde {
            out.push(change(
                &member(m),
                format!("serde attributes changed: `{old_serde}` -> `{new_serde}`"),
                true,
            ));
        }
    }
}

/// Every public type of a file, by its path.
fn shapes(module: &str, text: &str) -> BTreeMap<String, Shape> {
    let mut out = BTreeMap::new();
    if let Ok(file) = syn::parse_file(text) {
        collect(module, &file.items, &mut out);
    }
    out
}

fn collect(prefix: &str, items: &[syn::Item], out: &mut BTreeMap<String, Shape>) {
    let path = |ident: &syn::Ident| {
        if prefix.is_empty() {
            ident.to_string()
        } else {
            format!("{prefix}::{ident}")
        }
    };
    for item in items {
        match item {
            syn::Item::Struct(s) if is_public(&s.vis) => {
                let mut shape = shape("struct", &s.attrs);
                for (index, field) in s.fields.iter().enumerate() {
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| index.to_string(), ToString::to_string);
                    shape.order.push(name.clone());
                    shape
                        .members
                        .insert(name, (spelled(&field.ty), serde_attrs(&field.attrs)));
                }
                out.insert(path(&s.ident), shape);
            }
            syn::Item::Enum(e) if is_public(&e.vis) => {
                let mut shape = shape("enum", &e.attrs);
                for variant in &e.variants {
                    let name = variant.ident.to_string();
                    shape.order.push(name.clone());
                    shape.members.insert(
                        name,
                        (spelled(&variant.fields), serde_attrs(&variant.attrs)),
                    );
                }
                out.insert(path(&e.ident), shape);
            }
            syn::Item::Type(t) if is_public(&t.vis) => {
                let mut shape = shape("type alias", &t.attrs);
                shape.order.push("=".to_owned());
                shape
                    .members
                    .insert("=".to_owned(), (spelled(&t.ty), String::new()));
                out.insert(path(&t.ident), shape);
            }
            syn::Item::Mod(m) if is_public(&m.vis) => {
                if let Some((_, items)) = &m.content {
                    collect(&path(&m.ident), items, out);
                }
            }
            _ => {}
        }
    }
}

fn is_public(vis: &syn::Visibility) -> bool {
    !matches!(vis, syn::Visibility::Inherited)
}

fn shape(kind: &'static str, attrs: &[syn::Attribute]) -> Shape {
    let mut derives: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| {
            a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .ok()
        })
        .flatten()
        .map(|p| spelled(&p))
        .collect();
    derives.sort();
    Shape {
        kind,
        derives,
        serde: serde_attrs(attrs),
        members: BTreeMap::new(),
        order: Vec::new(),
    }
}

fn serde_attrs(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .map(spelled)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tokens as compact text: `Option<Vec<String>>`.
fn spelled(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split(' ').enumerate() {
        let joins = out.ends_with(|c: char| "<:&(".contains(c))
            || part.starts_with(|c: char| "<>:,)".contains(c));
        if i > 0 && !joins {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The report for people: one line per change, breaking ones first, and
/// a count.
pub fn render(changes: &[ApiChange]) -> String {
    let mut sorted: Vec<&ApiChange> = changes.iter().collect();
    sorted.sort_by_key(|c| !c.breaking);
    let mut out = String::new();
    for c in &sorted {
        let mark = if c.breaking { "BREAKING" } else { "ok      " };
        out.push_str(&format!("  {mark}  {}: {}\n", c.item, c.change));
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    out.push_str(&format!(
        "{breaking} breaking change(s), {} compatible\n",
        changes.len() - breaking
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(old: &str, new: &str) -> Vec<(String, String, bool)> {
        compare("m", old, new)
            .into_iter()
            .map(|c| (c.item, c.change, c.breaking))
            .collect()
    }

    fn one(item: &str, change: &str, breaking: bool) -> Vec<(String, String, bool)> {
        vec![(item.to_owned(), change.to_owned(), breaking)]
    }

    const PET: &str =
        "#[derive(Debug, Clone)] pub struct Pet { pub name: String, pub age: Option<u8> }";

    #[test]
    fn identical_files_and_doc_changes_are_no_change() {
        assert_eq!(changes(PET, PET), []);
        let documented = "/// A pet.\n#[derive(Debug, Clone)] pub struct Pet { /// Its name.\n pub name: String, pub age: Option<u8> }";
        assert_eq!(changes(PET, documented), []);
    }

    #[test]
    fn types_removed_renamed_and_added() {
        assert_eq!(changes(PET, ""), one("m::Pet", "struct removed", true));
        assert_eq!(changes("", PET), one("m::Pet", "struct added", false));
        let renamed = PET.replace("struct Pet", "struct Animal");
        assert_eq!(
            changes(PET, &renamed),
            one("m::Pet", "renamed to `m::Animal`", true)
        );
    }

    #[test]
    fn fields_removed_renamed_added_and_retyped() {
        let no_age = "#[derive(Debug, Clone)] pub struct Pet { pub name: String }";
        assert_eq!(
            changes(PET, no_age),
            one("m::Pet.age", "field removed", true)
        );
        assert_eq!(
            changes(no_age, PET),
            one("m::Pet.age", "optional field added: Option<u8>", false)
        );
        let required = PET.replace("pub age: Option<u8>", "pub age: u8");
        assert_eq!(
            changes(PET, &required),
            one("m::Pet.age", "made required: Option<u8> -> u8", true)
        );
        assert_eq!(
            changes(no_age, &required),
            one("m::Pet.age", "required field added: u8", true)
        );
        let renamed = PET.replace("pub age:", "pub years:");
        assert_eq!(
            changes(PET, &renamed),
            one("m::Pet.age", "field renamed to `years`", true)
        );
        let retyped = PET.replace("Option<u8>", "Option<u16>");
        assert_eq!(
            changes(PET, &retyped),
            one(
                "m::Pet.age",
                "type changed: Option<u8> -> Option<u16>",
                true
            )
        );
    }

    #[test]
    fn variants_derives_and_serde_attributes() {
        let two = "#[derive(Clone, Copy)] pub enum Kind { A, B }";
        let three = "#[derive(Clone, Copy)] pub enum Kind { A, B, C }";
        assert_eq!(
            changes(three, two),
            one("m::Kind::C", "variant removed", true)
        );
        assert_eq!(
            changes(two, three),
            one("m::Kind::C", "variant added", false)
        );
        let not_copy = "#[derive(Clone)] pub enum Kind { A, B }";
        assert_eq!(
            changes(two, not_copy),
            one("m::Kind", "no longer implements `Copy`", true)
        );
        assert_eq!(
            changes(not_copy, two),
            one("m::Kind", "now implements `Copy`", false)
        );
        let strict = PET.replace("pub struct", "#[serde(deny_unknown_fields)] pub struct");
        let found = changes(PET, &strict);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.starts_with("serde attributes changed"),
            "{found:?}"
        );
        assert!(found[0].2);
    }

    #[test]
    fn nested_modules_and_private_items() {
        let old = "pub mod operations { pub struct Get; } fn helper() {}";
        let new = "pub mod operations { } fn helper2() {}";
        assert_eq!(
            changes(old, new),
            one("m::operations::Get", "struct removed", true)
        );
    }

    #[test]
    fn the_report_lists_breaking_changes_first_and_counts() {
        let report = render(&compare(
            "m",
            PET,
            "pub struct Pet { pub name: String, pub tag: Option<String> }",
        ));
        let lines: Vec<&str> = report.lines().collect();
        assert!(lines[0].contains("BREAKING"), "{report}");
        assert!(
            lines.last().unwrap().contains("breaking change(s)"),
            "{report}"
        );
        assert!(
            report.contains("m::Pet.tag: optional field added"),
            "{report}"
        );
    }
}
