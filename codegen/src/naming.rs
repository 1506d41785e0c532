//! Stage 6, naming: [`NameHint`]s -> unique Rust identifiers, over the
//! whole table at once.
//!
//! Required names (titles, definition keys) are placed first and must not
//! collide; contextual names follow in id order, so a parent is always named
//! before the types nested in it. Fields and enum variants get identifiers
//! unique within their item, and `serde_rename` works out the smallest set
//! of `#[serde(...)]` renames that reproduces every wire name.
//!
//! Invariant: every identifier produced here is a valid, non-colliding Rust
//! identifier, whatever the input strings are.

use std::collections::{BTreeMap, HashSet};

use crate::diag::Sink;
use crate::ir::{NameHint, Role, Struct, TypeId, TypeKind, TypeTable, UnknownFields, VariantBody};

/// The settled identifiers of one run.
#[derive(Debug, Default)]
pub struct Names {
    operations: Vec<String>,
    types: Vec<String>,
    members: Vec<Vec<String>>,
    variant_members: Vec<Vec<Vec<String>>>,
    modules: BTreeMap<String, String>,
}

impl Names {
    /// The identifier of operation `index`'s descriptor (unique within its
    /// module's `operations`).
    pub fn operation(&self, index: usize) -> &str {
        &self.operations[index]
    }

    /// The identifier of a type.
    pub fn type_name(&self, id: TypeId) -> &str {
        &self.types[id.0 as usize]
    }

    /// The identifiers of a struct's fields (followed by the map of unknown
    /// fields when it collects them, or the flattened union when it holds
    /// one), or an enum's or union's variants, in order.
    pub fn members(&self, id: TypeId) -> &[String] {
        &self.members[id.0 as usize]
    }

    /// The identifiers of the fields of a union's variant `index` (followed
    /// by its nested union's member, when it holds one).
    pub fn variant_members(&self, id: TypeId, index: usize) -> &[String] {
        &self.variant_members[id.0 as usize][index]
    }

    /// The identifier of the module for source module key `module`.
    pub fn module(&self, module: &str) -> &str {
        &self.modules[module]
    }

    /// Every source module key with its identifier.
    pub fn module_idents(&self) -> impl Iterator<Item = (&str, &str)> {
        self.modules.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Gives source module `module` the identifier `ident` (from
    /// configuration, which checked it); false when there is no such module.
    pub fn rename_module(&mut self, module: &str, ident: &str) -> bool {
        match self.modules.get_mut(module) {
            Some(current) => {
                *current = ident.to_owned();
                true
            }
            None => false,
        }
    }

    /// Gives a type the identifier `name` (from configuration, which
    /// checked it).
    pub fn rename_type(&mut self, id: TypeId, name: String) {
        self.types[id.0 as usize] = name;
    }

    /// Gives member `index` of a type the identifier `name` (from
    /// configuration, which checked it).
    pub fn rename_member(&mut self, id: TypeId, index: usize, name: String) {
        self.members[id.0 as usize][index] = name;
    }
}

/// Names every type, field, variant and module in `table`.
/// With `lenient`, a union no name can be derived for is a warning and is
/// called `{Parent}Kind` (see [`crate::lower::lower`]).
pub fn name(sink: &mut Sink, table: &TypeTable, lenient: bool) -> Names {
    let mut names = Names {
        operations: Vec::new(),
        types: vec![String::new(); table.len()],
        members: vec![Vec::new(); table.len()],
        variant_members: vec![Vec::new(); table.len()],
        modules: BTreeMap::new(),
    };
    let mut taken: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut required_at: BTreeMap<(String, String), String> = BTreeMap::new();

    for (id, def) in table.iter() {
        let NameHint::Required(raw) = &def.name else {
            continue;
        };
        let module_taken = taken.entry(def.origin.module.clone()).or_default();
        let mut ident = type_ident(raw);
        let key = (def.origin.module.clone(), ident.clone());
        if let Some(first) = required_at.get(&key) {
            sink.error(
                "name-collision",
                &def.origin.file,
                &def.origin.pointer,
                format!("`{raw}` becomes the Rust type `{ident}`, already used for {first}"),
            )
            .hint("rename one of the two definitions, or give one a distinct `title`");
            ident = unique(&ident, module_taken);
        } else {
            required_at.insert(key, format!("{}#{}", def.origin.file, def.origin.pointer));
        }
        module_taken.insert(ident.clone());
        names.types[id.0 as usize] = ident;
    }

    for (id, def) in table.iter() {
        let NameHint::Derived(candidates) = &def.name else {
            continue;
        };
        let module_taken = taken.entry(def.origin.module.clone()).or_default();
        let candidates: Vec<String> = candidates.iter().map(|c| type_ident(c)).collect();
        let last = candidates
            .last()
            .cloned()
            .unwrap_or_else(|| "Unnamed".to_owned());
        let ident = candidates
            .into_iter()
            .find(|c| !module_taken.contains(c))
            .unwrap_or_else(|| unique(&last, module_taken));
        module_taken.insert(ident.clone());
        names.types[id.0 as usize] = ident;
    }

    for (id, def) in table.iter() {
        let NameHint::Contextual {
            title,
            parent,
            key,
            role,
        } = &def.name
        else {
            continue;
        };
        let parent_name = names.types[parent.0 as usize].clone();
        let module_taken = taken.entry(def.origin.module.clone()).or_default();
        let base = match role {
            // A one-word property (`type`, `status`) says little on its own:
            // `PetStatus` reads better than `Status`.
            Role::Property if words(key).len() == 1 => merge_words(&parent_name, &type_ident(key)),
            Role::Property => type_ident(key),
            Role::Item => {
                let singular = singular(key);
                if singular == *key {
                    type_ident(&format!("{key}_item"))
                } else {
                    type_ident(&singular)
                }
            }
            Role::MapValue if key == "additionalProperties" => "Value".to_owned(),
            Role::MapValue => type_ident(&format!("{key}_value")),
            Role::Union if key.is_empty() => {
                if title.is_none() {
                    let report = if lenient { Sink::warning } else { Sink::error };
                    report(
                        sink,
                        "unnamed-union",
                        &def.origin.file,
                        &def.origin.pointer,
                        "no name can be derived for this union: its variants are told apart by several properties",
                    )
                    .hint("give the schema holding the oneOf a `title` (with an overlay if the schema is not yours)");
                }
                format!("{parent_name}Kind")
            }
            Role::Union => merge_words(&parent_name, &type_ident(key)),
        };
        let prefixed = merge_words(&parent_name, &base);
        // A closed set of values belongs to its parent (`ShipmentStatus`,
        // `CreateM2MApplicationType`); an object often stands on its own
        // (`PermissionAssignment`).
        let preferred = match def.kind {
            TypeKind::Enum(_) => [prefixed.clone(), base],
            _ => [base, prefixed.clone()],
        };
        let candidates = title.iter().map(|t| type_ident(t)).chain(preferred);
        let ident = candidates
            .into_iter()
            .find(|c| !module_taken.contains(c))
            .unwrap_or_else(|| unique(&prefixed, module_taken));
        module_taken.insert(ident.clone());
        names.types[id.0 as usize] = ident;
    }

    // Property names recur across a document's objects (`id`, `name`,
    // `created_at`), and values across its enums (`active`), so each is
    // turned into an identifier once.
    let mut field_idents = FieldIdents::default();
    let mut value_idents: foldhash::HashMap<String, String> = foldhash::HashMap::default();
    for (id, def) in table.iter() {
        names.members[id.0 as usize] = match &def.kind {
            TypeKind::Struct(s) => struct_members(s, table, &names.types, &mut field_idents),
            TypeKind::Enum(e) => {
                let mut used = HashSet::new();
                e.variants
                    .iter()
                    .map(|v| {
                        let ident = value_idents
                            .entry(v.name_source())
                            .or_insert_with_key(|source| variant_ident(source))
                            .clone();
                        unique_ident(ident, &mut used)
                    })
                    .collect()
            }
            TypeKind::Union(u) => {
                let mut used = HashSet::new();
                u.variants
                    .iter()
                    .map(|v| unique_ident(variant_ident(&v.name), &mut used))
                    .collect()
            }
            TypeKind::Responses(responses) => {
                let mut used = HashSet::new();
                responses
                    .iter()
                    .map(|r| unique_ident(crate::lower::status_name(r.status), &mut used))
                    .collect()
            }
            TypeKind::Alias(_) | TypeKind::Checked(_) | TypeKind::Tuple(_) | TypeKind::Pending => {
                Vec::new()
            }
        };
        if let TypeKind::Union(u) = &def.kind {
            names.variant_members[id.0 as usize] = u
                .variants
                .iter()
                .map(|v| match &v.body {
                    VariantBody::Fields(s) => {
                        struct_members(s, table, &names.types, &mut field_idents)
                    }
                    VariantBody::Type(_) => Vec::new(),
                })
                .collect();
        }
        let module = &def.origin.module;
        if !names.modules.contains_key(module) {
            names.modules.insert(module.clone(), field_ident(module));
        }
    }
    let mut operation_names: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for operation in &table.operations {
        let used = operation_names
            .entry(operation.origin.module.clone())
            .or_default();
        names
            .operations
            .push(unique_ident(type_ident(&operation.operation_id), used));
    }
    names
}

/// [`field_ident`] of each property name met so far.
type FieldIdents<'t> = foldhash::HashMap<&'t str, String>;

/// Field identifiers of a struct, then its unknown-field map or its
/// flattened union's member.
fn struct_members<'t>(
    s: &'t Struct,
    table: &TypeTable,
    type_names: &[String],
    field_idents: &mut FieldIdents<'t>,
) -> Vec<String> {
    let mut used = HashSet::new();
    let mut members: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            let ident = field_idents
                .entry(f.wire_name.as_str())
                .or_insert_with(|| field_ident(&f.wire_name))
                .clone();
            unique_ident(ident, &mut used)
        })
        .collect();
    if let UnknownFields::Collect(_) = s.unknown {
        members.push(unique_ident("additional_properties".to_owned(), &mut used));
    }
    if let Some(union) = s.flattened {
        // One tag property names the member after itself
        // (`application_type`); otherwise the union's last word does
        // (`OAuthParty` -> `party`).
        let member = match &table.get(union).name {
            NameHint::Contextual { key, .. } if !key.is_empty() => field_ident(key),
            _ => words(&type_names[union.0 as usize])
                .last()
                .map_or_else(|| "kind".to_owned(), |w| field_ident(w)),
        };
        members.push(unique_ident(member, &mut used));
    }
    members
}

/// `ConnectApplication` + `ApplicationType` -> `ConnectApplicationType`:
/// words the two share at the seam are written once.
fn merge_words(parent: &str, child: &str) -> String {
    let parent_words = words(parent);
    let child_words = words(child);
    for overlap in (1..=parent_words.len().min(child_words.len())).rev() {
        if parent_words[parent_words.len() - overlap..] == child_words[..overlap] {
            return format!("{parent}{}", join(&child_words[overlap..], true));
        }
    }
    format!("{parent}{child}")
}

/// Rust keywords that `r#` can escape.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const UNESCAPABLE: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type, trait and variant names the generated code uses unqualified (the
/// prelude's and serde's), which a schema type must not shadow: a schema
/// named `From` would otherwise turn every `impl From<..>` of its module
/// into an error.
const RESERVED_TYPES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Eq",
    "Err",
    "From",
    "Hash",
    "Into",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Serialize",
    "Some",
    "String",
    "TryFrom",
    "Vec",
    "Self",
    // The module's private union support (`emit::union_support`).
    "Fields",
];

/// Splits any string into lowercase ASCII words: case boundaries and
/// non-alphanumeric characters separate words; a leading `+`/`-` before a
/// digit becomes `plus`/`minus` so that `+1` and `-1` stay apart.
fn words(raw: &str) -> Vec<String> {
    case_words(&spaced(raw))
}

/// `raw` with every character but ASCII letters and digits turned into a
/// space, and signs before digits spelled out.
fn spaced(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let before_digit = chars.peek().is_some_and(|n| n.is_ascii_digit());
        match c {
            '+' if before_digit => text.push_str(" plus "),
            '-' if before_digit && text.trim().is_empty() => text.push_str(" minus "),
            c if c.is_ascii_alphanumeric() => text.push(c),
            _ => text.push(' '),
        }
    }
    text
}

/// The case of the last letter since a word began.
#[derive(Clone, Copy, PartialEq)]
enum LastLetter {
    None,
    Lower,
    Upper,
}

/// The lowercase words of spaced text, split at case boundaries: after a
/// lowercase letter followed by a capital (`created|At`), and before the
/// last of two or more capitals followed by a lowercase letter
/// (`HTTP|Server`); digits take the case of what came before. These are
/// heck's rules (the test `words_and_camel_case_agree_with_heck` holds
/// them to heck on every short string), applied to ASCII bytes: heck's
/// formatting machinery was most of naming's time on GitHub's spec.
fn case_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in text.split(' ') {
        let bytes = chunk.as_bytes();
        let mut start = 0;
        let mut last = LastLetter::None;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                words.push(chunk[start..].to_ascii_lowercase());
                break;
            };
            let with_c = if c.is_ascii_lowercase() {
                LastLetter::Lower
            } else if c.is_ascii_uppercase() {
                LastLetter::Upper
            } else {
                last
            };
            if with_c == LastLetter::Lower && next.is_ascii_uppercase() {
                words.push(chunk[start..=i].to_ascii_lowercase());
                start = i + 1;
                last = LastLetter::None;
            } else if last == LastLetter::Upper
                && c.is_ascii_uppercase()
                && next.is_ascii_lowercase()
            {
                words.push(chunk[start..i].to_ascii_lowercase());
                start = i;
                last = LastLetter::None;
            } else {
                last = with_c;
            }
        }
    }
    words
}

/// Joins words, putting `_` between two digits so `1.0` and `10` differ.
fn join(words: &[String], capitalize: bool) -> String {
    let mut out = String::new();
    for word in words {
        let needs_separator = out.ends_with(|c: char| c.is_ascii_digit())
            && word.starts_with(|c: char| c.is_ascii_digit());
        if needs_separator || (!capitalize && !out.is_empty()) {
            out.push('_');
        }
        if capitalize {
            // A word from `words` is lowercase ASCII letters and digits,
            // which heck's camel case only capitalizes.
            let mut letters = word.chars();
            if let Some(first) = letters.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(letters.as_str());
            }
        } else {
            out.push_str(word);
        }
    }
    out
}

/// An `UpperCamelCase` type name for any string.
pub fn type_ident(raw: &str) -> String {
    let mut ident = join(&words(raw), true);
    if ident.is_empty() {
        ident = "Unnamed".to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&ident.as_str()) {
        ident.push_str("Type");
    }
    ident
}

/// A `snake_case` field name for any string, escaped if it is a keyword.
pub fn field_ident(raw: &str) -> String {
    let mut ident = join(&words(raw), false);
    if ident.is_empty() {
        ident = "field".to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    escape(ident)
}

/// An `UpperCamelCase` variant name for an enum string.
pub fn variant_ident(raw: &str) -> String {
    let mut ident = join(&words(raw), true);
    if ident.is_empty() {
        ident = "Empty".to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    escape(ident)
}

fn escape(ident: String) -> String {
    if UNESCAPABLE.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// `ident` or, if taken, `ident2`, `ident3`, ...
fn unique(ident: &str, taken: &HashSet<String>) -> String {
    (2..)
        .map(|n| format!("{ident}{n}"))
        .find(|c| !taken.contains(c))
        .expect("an unbounded range has a free name")
}

fn unique_ident(ident: String, used: &mut HashSet<String>) -> String {
    let ident = if used.contains(&ident) {
        let separator = if ident.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{ident}{separator}{n}"))
            .find(|c| !used.contains(c))
            .expect("an unbounded range has a free name")
    } else {
        ident
    };
    used.insert(ident.clone());
    ident
}

/// `permissionAssignments` -> `permissionAssignment`, `categories` ->
/// `category`; words that are not plain plurals are returned unchanged.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_owned();
        }
    }
    if word.ends_with('s') && !["ss", "us"].iter().any(|e| word.ends_with(e)) {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// What kind of item a rename rule applies to: serde converts field names
/// from `snake_case` and variant names from `PascalCase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Members {
    /// Struct fields.
    Fields,
    /// Enum variants.
    Variants,
}

/// The serde renames that map `idents` to `wire_names`: a `rename_all` rule
/// when one rule covers every member, and per-member renames otherwise.
pub fn serde_rename<'a>(
    members: Members,
    idents: &[String],
    wire_names: &[&'a str],
) -> (Option<&'static str>, Vec<Option<&'a str>>) {
    let unraw: Vec<&str> = idents
        .iter()
        .map(|i| i.strip_prefix("r#").unwrap_or(i))
        .collect();
    // Preferred rules first: no attribute at all, then the common ones.
    let (identity, rules): (&str, &[&'static str]) = match members {
        Members::Fields => (
            "snake_case",
            &[
                "snake_case",
                "camelCase",
                "PascalCase",
                "SCREAMING_SNAKE_CASE",
                "kebab-case",
                "UPPERCASE",
            ],
        ),
        Members::Variants => (
            "PascalCase",
            &[
                "PascalCase",
                "snake_case",
                "SCREAMING_SNAKE_CASE",
                "kebab-case",
                "camelCase",
                "lowercase",
                "UPPERCASE",
            ],
        ),
    };
    for &rule in rules {
        let covers = unraw
            .iter()
            .zip(wire_names)
            .all(|(ident, wire)| apply_rule(members, rule, ident) == *wire);
        if covers {
            let rule = (rule != identity).then_some(rule);
            return (rule, vec![None; idents.len()]);
        }
    }
    let renames = unraw
        .iter()
        .zip(wire_names)
        .map(|(ident, wire)| (ident != wire).then_some(*wire))
        .collect();
    (None, renames)
}

/// What serde's `rename_all = rule` turns `ident` into (mirrors serde_derive).
fn apply_rule(members: Members, rule: &str, ident: &str) -> String {
    match members {
        Members::Fields => match rule {
            "snake_case" | "lowercase" => ident.to_owned(),
            "UPPERCASE" | "SCREAMING_SNAKE_CASE" => ident.to_ascii_uppercase(),
            "kebab-case" => ident.replace('_', "-"),
            "PascalCase" | "camelCase" => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for c in ident.chars() {
                    if c == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(c.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(c);
                    }
                }
                if rule == "camelCase" {
                    lower_first(&pascal)
                } else {
                    pascal
                }
            }
            _ => unreachable!("unknown rule {rule}"),
        },
        Members::Variants => match rule {
            "PascalCase" => ident.to_owned(),
            "lowercase" => ident.to_ascii_lowercase(),
            "UPPERCASE" => ident.to_ascii_uppercase(),
            "camelCase" => lower_first(ident),
            "snake_case" | "SCREAMING_SNAKE_CASE" | "kebab-case" => {
                let mut snake = String::new();
                for (i, c) in ident.char_indices() {
                    if c.is_uppercase() && i > 0 {
                        snake.push('_');
                    }
                    snake.push(c.to_ascii_lowercase());
                }
                match rule {
                    "snake_case" => snake,
                    "kebab-case" => snake.replace('_', "-"),
                    _ => snake.to_ascii_uppercase(),
                }
            }
            _ => unreachable!("unknown rule {rule}"),
        },
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use heck::ToUpperCamelCase;

    /// The fast paths in `words` and `join` give what heck gives: every
    /// string of up to five characters over lowercase letters, digits,
    /// separators and signs, and a few with capitals (which take heck's
    /// path).
    /// heck's snake case of spaced text, split into its words.
    fn words_by_heck(text: &str) -> Vec<String> {
        use heck::ToSnakeCase;
        text.to_snake_case()
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn words_and_camel_case_agree_with_heck() {
        let alphabet = ['a', 'z', 'A', 'Z', '1', ' ', '_', '-', '+'];
        let mut inputs = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = inputs
                .iter()
                .filter(|s| s.len() == inputs.last().map_or(0, String::len))
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            inputs.extend(longer);
        }
        inputs.extend(["HTTPServer", "createdAt", "v1Beta2", "ABC"].map(str::to_owned));
        assert!(inputs.len() > 60_000);
        for input in &inputs {
            let expected = words_by_heck(&spaced(input));
            assert_eq!(words(input), expected, "{input:?}");
            let camel: String = expected.iter().map(|w| w.to_upper_camel_case()).collect();
            let joined = join(&expected, true).replace('_', "");
            assert_eq!(joined, camel, "{input:?}");
        }
    }

    #[test]
    fn field_idents() {
        let cases = [
            ("appId", "app_id"),
            ("relyingPartyId", "relying_party_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("", "field"),
            ("2fa", "_2fa"),
            ("$schema", "schema"),
            ("@id", "id"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("reaction-rollup", "reaction_rollup"),
            ("café", "caf"),
            ("über", "ber"),
            ("日本", "field"),
            ("HTTPServer", "http_server"),
        ];
        for (raw, expected) in cases {
            assert_eq!(field_ident(raw), expected, "field_ident({raw:?})");
        }
    }

    #[test]
    fn type_and_variant_idents() {
        assert_eq!(
            type_ident("CreateOAuthApplicationDto"),
            "CreateOAuthApplicationDto"
        );
        assert_eq!(type_ident("permission_assignment"), "PermissionAssignment");
        assert_eq!(type_ident("String"), "StringType");
        assert_eq!(type_ident("Self"), "SelfType");
        assert_eq!(type_ident("from"), "FromType");
        assert_eq!(type_ident("TryFrom"), "TryFromType");
        assert_eq!(type_ident("Fields"), "FieldsType");
        assert_eq!(type_ident("3d-model"), "V3dModel");
        assert_eq!(
            variant_ident("ClientSideApplication"),
            "ClientSideApplication"
        );
        assert_eq!(variant_ident("m2m"), "M2m");
        assert_eq!(variant_ident("1.0"), "V1_0");
        assert_eq!(variant_ident("10"), "V10");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("Self"), "Self_");
    }

    /// Identifiers made once per property name or enum value are the
    /// same in every type: a suffix one type needed for a clash stays in
    /// that type.
    #[test]
    fn shared_names_get_their_own_identifiers_in_each_type() {
        let text = r#"{"$defs": {
            "A": {"type": "object", "properties": {"a-b": {"type": "string"}, "a_b": {"type": "string"}, "type": {"type": "string"}}},
            "B": {"type": "object", "properties": {"a_b": {"type": "string"}, "type": {"type": "string"}}},
            "C": {"enum": ["x-y", "X_Y", "self"]},
            "D": {"enum": ["X_Y", "self"]}
        }}"#;
        let mut sink = Sink::default();
        let docs = crate::load::load(&mut sink, &crate::load::sources(&[("m/a.json", text)]));
        let resolved = crate::resolve::resolve(&mut sink, &docs);
        let table = crate::lower::lower(&mut sink, &docs, &resolved, &Default::default());
        let names = name(&mut sink, &table, false);
        let members = |type_name: &str| {
            let (id, _) = table
                .iter()
                .find(|(id, _)| names.type_name(*id) == type_name)
                .expect("the type");
            names.members(id).to_vec()
        };
        assert_eq!(members("A"), ["a_b", "a_b2", "r#type"]);
        assert_eq!(members("B"), ["a_b", "r#type"]);
        assert_eq!(members("C"), ["XY", "XY2", "Self_"]);
        assert_eq!(members("D"), ["XY", "Self_"]);
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut used = HashSet::new();
        assert_eq!(unique_ident("a_b".into(), &mut used), "a_b");
        assert_eq!(unique_ident("a_b".into(), &mut used), "a_b2");
        assert_eq!(unique_ident("v1".into(), &mut used), "v1");
        assert_eq!(unique_ident("v1".into(), &mut used), "v1_2");
    }

    #[test]
    fn merging_names_at_the_seam() {
        assert_eq!(
            merge_words("ConnectApplication", "ApplicationType"),
            "ConnectApplicationType"
        );
        assert_eq!(merge_words("Pet", "Kind"), "PetKind");
        assert_eq!(merge_words("Event", "EventType"), "EventType");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("permissionAssignments"), "permissionAssignment");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("data"), "data");
    }

    fn rename(
        members: Members,
        pairs: &[(&str, &'static str)],
    ) -> (Option<&'static str>, Vec<Option<&'static str>>) {
        let idents: Vec<String> = pairs.iter().map(|p| p.0.to_owned()).collect();
        let wires: Vec<&str> = pairs.iter().map(|p| p.1).collect();
        serde_rename(members, &idents, &wires)
    }

    #[test]
    fn rename_all_only_when_it_covers_every_member() {
        assert_eq!(
            rename(Members::Fields, &[("app_id", "appId"), ("name", "name")]),
            (Some("camelCase"), vec![None, None])
        );
        assert_eq!(
            rename(Members::Fields, &[("app_id", "app_id"), ("r#type", "type")]),
            (None, vec![None, None])
        );
        assert_eq!(
            rename(
                Members::Fields,
                &[("app_id", "appId"), ("org_id", "org_id")]
            ),
            (None, vec![Some("appId"), None])
        );
        assert_eq!(
            rename(
                Members::Variants,
                &[("FirstParty", "first_party"), ("M2m", "m2m")]
            ),
            (Some("snake_case"), vec![None, None])
        );
        assert_eq!(
            rename(Members::Variants, &[("Oauth", "oauth"), ("M2m", "m2m")]),
            (Some("snake_case"), vec![None, None])
        );
    }
}
