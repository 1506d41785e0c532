//! `json!` arguments laid out the way a person writes them.
//!
//! prettyplease cannot format a macro's arguments: it prints them as loose
//! tokens (`{ "type" : "object", "required" : ["a"] }`), wrapped wherever
//! the margin falls, and that token-by-token layout was most of its time
//! on a module of schemars impls. So the emitter defers the argument of
//! each `json!` it writes ([`deferred_json`]): the call carries the
//! argument, written flat, as one raw string literal behind a marker,
//! which prettyplease prints as it is. Formatted text then goes through
//! [`lay_out`], which reads each argument back into a [`Json`] tree (the
//! flat text directly, without tokenizing it again) and writes it where
//! the call stands: on the line when it fits within the margin, otherwise
//! one entry per line, four spaces deeper, each with a trailing comma
//! (which `json!` accepts), each entry deciding again at its place.
//!
//! A value is a string, number or `null`/`true`/`false` literal, a
//! negative number, `generator.subschema_for::<T>()` with a path type, or
//! an array or object of values with string keys. An argument with
//! anything else is written back as its plain tokens. A marker left in
//! the output would not compile, so a missed one cannot pass unnoticed.

use std::str::FromStr;

use proc_macro2::{Delimiter, Ident, Literal, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use super::declarations::{flat_path_type, push_indent, Cursor, INDENT, MARGIN};

/// Marks a deferred argument: `json!(__json_argument r#"..."#)`.
pub(crate) const MARKER: &str = "__json_argument";

/// `macro_path!(argument)`, with the argument left for [`lay_out`].
pub(crate) fn deferred_json(macro_path: TokenStream, argument: &TokenStream) -> TokenStream {
    // Written flat, the argument is read back without tokenizing it again
    // (see `parse_flat`); one this module does not know, as its tokens.
    match parse_argument(argument) {
        Some(json) => deferred_tree(macro_path, &json),
        None => deferred_text(macro_path, &argument.to_string(), || argument.clone()),
    }
}

/// Printable ASCII other than `"` and `\\`: written in a string literal
/// as it is.
pub(crate) fn needs_no_escape(text: &str) -> bool {
    text.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
}

/// `text` as a string literal, as `Literal::string` writes it. Printable
/// ASCII is quoted here, with `"` and `\\` escaped; only other text goes
/// through `Literal::string`, which escapes character by character (a
/// tagged union's error message, full of quotes, cost 1,800 instructions
/// that way, #8).
pub(crate) fn string_literal(text: &str) -> String {
    if !text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Literal::string(text).to_string();
    }
    let escapes = text.bytes().filter(|b| matches!(b, b'"' | b'\\')).count();
    let mut quoted = String::with_capacity(text.len() + escapes + 2);
    quoted.push('"');
    if escapes == 0 {
        quoted.push_str(text);
    } else {
        for c in text.chars() {
            if matches!(c, '"' | '\\') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
    }
    quoted.push('"');
    quoted
}

/// `macro_path!(argument)` for an argument an emitter built as a tree,
/// which skips writing it as tokens only to read them back here.
pub(crate) fn deferred_tree(macro_path: TokenStream, json: &Json) -> TokenStream {
    let mut flat = String::with_capacity(json.width());
    write_flat(&mut flat, json);
    // The flat text is itself the argument's tokens.
    deferred_text(macro_path, &flat, || {
        TokenStream::from_str(&flat).unwrap_or_default()
    })
}

/// The call carrying `text` in a raw string behind the marker, or
/// `fallback` as the plain argument when `text` cannot be one.
fn deferred_text(
    macro_path: TokenStream,
    text: &str,
    fallback: impl FnOnce() -> TokenStream,
) -> TokenStream {
    // Enough hashes that no `"#...` inside ends the raw string early.
    let mut hashes = 0;
    let mut run: Option<usize> = None;
    for ch in text.chars() {
        run = match (ch, run) {
            ('"', _) => Some(0),
            ('#', Some(n)) => Some(n + 1),
            _ => None,
        };
        hashes = hashes.max(run.unwrap_or(0));
    }
    let fence = "#".repeat(hashes + 1);
    // Token text holds no bare carriage return, the one character a raw
    // string may not; should it ever, the call keeps its plain tokens.
    match Literal::from_str(&format!("r{fence}\"{text}\"{fence}")) {
        Ok(literal) => {
            let marker = Ident::new(MARKER, Span::call_site());
            quote!(#macro_path!(#marker #literal))
        }
        Err(_) => {
            let argument = fallback();
            quote!(#macro_path!(#argument))
        }
    }
}

/// A `json!` argument: its width when written on one line is kept with
/// each node, so deciding whether a subtree fits is a comparison.
pub(crate) enum Json {
    /// Keys as written (string literals), with their values.
    Object(Vec<(String, Json)>, usize),
    Array(Vec<Json>, usize),
    /// A literal or an expression, written as is.
    Atom(String),
}

impl Json {
    /// `{ "a": 1, "b": 2 }`, keys as written (see [`Json::key`]).
    pub(crate) fn object(entries: Vec<(String, Json)>) -> Json {
        // `{ "a": 1, "b": 2 }`; `{}` when empty.
        let width = if entries.is_empty() {
            2
        } else {
            let inner: usize = entries.iter().map(|(k, v)| k.len() + 2 + v.width()).sum();
            inner + 2 * (entries.len() - 1) + 4
        };
        Json::Object(entries, width)
    }

    pub(crate) fn array(items: Vec<Json>) -> Json {
        // `[1, 2]`.
        let inner: usize = items.iter().map(Json::width).sum();
        let width = inner + 2 * items.len().saturating_sub(1) + 2;
        Json::Array(items, width)
    }

    /// An object key: `name` as a string literal.
    pub(crate) fn key(name: &str) -> String {
        string_literal(name)
    }

    /// A string value.
    pub(crate) fn string(value: &str) -> Json {
        Json::Atom(string_literal(value))
    }

    /// A number or string literal.
    pub(crate) fn literal(literal: Literal) -> Json {
        // Not through a token stream, which splits a negative number's
        // sign from it (`- 1`).
        Json::Atom(literal.to_string())
    }

    pub(crate) fn bool(value: bool) -> Json {
        Json::Atom(value.to_string())
    }

    pub(crate) fn null() -> Json {
        Json::Atom("null".to_owned())
    }

    /// `generator.subschema_for::<T>()` for the type `ty`. A type that
    /// is not a path (`()`) is written as its tokens.
    pub(crate) fn subschema(ty: &TokenStream) -> Json {
        let tokens: Vec<TokenTree> = ty.clone().into_iter().collect();
        let mut cursor = Cursor::new(&tokens);
        let ty = flat_path_type(&mut cursor)
            .filter(|_| cursor.done())
            .unwrap_or_else(|| ty.to_string());
        Json::Atom(format!("generator.subschema_for::<{ty}>()"))
    }

    /// Whether any value calls on the schema generator.
    pub(crate) fn mentions_generator(&self) -> bool {
        match self {
            Json::Object(entries, _) => entries.iter().any(|(_, v)| v.mentions_generator()),
            Json::Array(items, _) => items.iter().any(Json::mentions_generator),
            Json::Atom(text) => text.starts_with("generator."),
        }
    }

    fn width(&self) -> usize {
        match self {
            Json::Object(_, width) | Json::Array(_, width) => *width,
            Json::Atom(text) => text.len(),
        }
    }
}

/// Formatted text with every deferred argument written in place.
pub(crate) fn lay_out(text: &str) -> String {
    if !text.contains(MARKER) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(at) = rest.find(MARKER) {
        // A long argument gets lines of its own from prettyplease,
        // `json!(` and `)` around it; the call is joined back up first.
        let before = &rest[..at];
        let joined = match before.trim_end_matches(' ').strip_suffix('\n') {
            Some(joined) if joined.ends_with('(') => joined,
            _ => before,
        };
        // Only a macro's argument, outside a comment: a description
        // quoting the marker stays as it is.
        let last_line = |text: &str| text.rfind('\n').map_or(0, |i| i + 1);
        let current_line = if joined.contains('\n') || out.is_empty() || out.ends_with('\n') {
            &joined[last_line(joined)..]
        } else {
            &out[last_line(&out)..]
        };
        let in_comment = current_line.trim_start().starts_with("//");
        let deferred = (joined.ends_with("!(") && !in_comment)
            .then(|| deferred_argument(&rest[at..]))
            .flatten();
        let Some((argument, end)) = deferred else {
            out.push_str(&rest[..at + MARKER.len()]);
            rest = &rest[at + MARKER.len()..];
            continue;
        };
        out.push_str(joined);
        let mut after = &rest[at + end..];
        if let Some(closing) = after.strip_prefix('\n').map(|a| a.trim_start_matches(' ')) {
            if closing.starts_with(')') {
                after = closing;
            }
        }
        let line = &out[out.rfind('\n').map_or(0, |i| i + 1)..];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let column = line.len();
        // What follows on the line counts against the margin.
        let trailing = after.find('\n').unwrap_or(after.len());
        let json = parse_flat(argument).or_else(|| {
            let tokens = TokenStream::from_str(argument).ok()?;
            parse_argument(&tokens)
        });
        match json {
            Some(json) => write(&mut out, &json, indent, column, trailing),
            None => out.push_str(argument),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The argument in the raw string literal after the marker at the front
/// of `text`, and where the literal ends.
fn deferred_argument(text: &str) -> Option<(&str, usize)> {
    // prettyplease may break the line between the marker and the literal.
    let literal = text
        .strip_prefix(MARKER)?
        .trim_start_matches([' ', '\n'])
        .strip_prefix('r')?;
    let hashes = literal.len() - literal.trim_start_matches('#').len();
    let fence = &literal[..hashes];
    let body = literal[hashes..].strip_prefix('"')?;
    let close = format!("\"{fence}");
    let length = body.find(&close)?;
    let end = text.len() - body.len() + length + close.len();
    Some((&body[..length], end))
}

/// A whole macro argument as a tree, or `None` if any part of it is not
/// a value this module knows.
fn parse_argument(tokens: &TokenStream) -> Option<Json> {
    read_all(tokens.clone(), value)
}

/// Reads the whole of `tokens` with `read`; `None` if it fails or leaves
/// anything over.
fn read_all<T>(tokens: TokenStream, read: impl FnOnce(&mut Cursor<'_>) -> Option<T>) -> Option<T> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut cursor = Cursor::new(&tokens);
    let read = read(&mut cursor)?;
    cursor.done().then_some(read)
}

fn value(cursor: &mut Cursor<'_>) -> Option<Json> {
    match cursor.peek()? {
        TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
            cursor.at += 1;
            object(group.stream())
        }
        TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
            cursor.at += 1;
            array(group.stream())
        }
        TokenTree::Literal(literal) => {
            cursor.at += 1;
            Some(Json::Atom(literal.to_string()))
        }
        TokenTree::Punct(minus) if minus.as_char() == '-' => {
            cursor.at += 1;
            match cursor.next()? {
                TokenTree::Literal(literal) => Some(Json::Atom(format!("-{literal}"))),
                _ => None,
            }
        }
        TokenTree::Ident(word) if word == "null" || word == "true" || word == "false" => {
            cursor.at += 1;
            Some(Json::Atom(word.to_string()))
        }
        TokenTree::Ident(_) => subschema_call(cursor).map(Json::Atom),
        _ => None,
    }
}

/// `generator.subschema_for::<T>()`, the schemars impls' reference to
/// another type's schema.
fn subschema_call(cursor: &mut Cursor<'_>) -> Option<String> {
    let receiver = cursor.ident()?;
    cursor.punct('.')?;
    let method = cursor.ident()?;
    match cursor.next()? {
        TokenTree::Punct(colon) if colon.as_char() == ':' && colon.spacing() == Spacing::Joint => {}
        _ => return None,
    }
    cursor.punct(':')?;
    cursor.punct('<')?;
    let ty = flat_path_type(cursor)?;
    cursor.punct('>')?;
    match cursor.next()? {
        TokenTree::Group(call)
            if call.delimiter() == Delimiter::Parenthesis && call.stream().is_empty() => {}
        _ => return None,
    }
    Some(format!("{receiver}.{method}::<{ty}>()"))
}

/// Reads an argument `write_flat` wrote back into its tree, byte by byte:
/// string and bare atoms, `{ "key": value, ... }`, `{}` and `[a, b]`.
/// `None` on anything else (a raw string, say), which is then read as
/// tokens.
fn parse_flat(text: &str) -> Option<Json> {
    let mut reader = FlatReader { text, at: 0 };
    let json = reader.value()?;
    (reader.at == text.len()).then_some(json)
}

struct FlatReader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> FlatReader<'a> {
    fn eat(&mut self, word: &str) -> bool {
        let found = self.text[self.at..].starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn value(&mut self) -> Option<Json> {
        if self.eat("{}") {
            return Some(Json::object(Vec::new()));
        }
        if self.eat("{ ") {
            let mut entries = Vec::new();
            loop {
                let key = self.string()?;
                self.eat(": ").then_some(())?;
                entries.push((key.to_owned(), self.value()?));
                if self.eat(" }") {
                    return Some(Json::object(entries));
                }
                self.eat(", ").then_some(())?;
            }
        }
        if self.eat("[") {
            let mut items = Vec::new();
            if self.eat("]") {
                return Some(Json::array(items));
            }
            loop {
                items.push(self.value()?);
                if self.eat("]") {
                    return Some(Json::array(items));
                }
                self.eat(", ").then_some(())?;
            }
        }
        if self.text[self.at..].starts_with('"') {
            return self.string().map(|text| Json::Atom(text.to_owned()));
        }
        self.atom().map(|text| Json::Atom(text.to_owned()))
    }

    /// A string literal with its quotes and escapes, as written.
    fn string(&mut self) -> Option<&'a str> {
        let text = self.text;
        let rest = &text[self.at..];
        let mut chars = rest.char_indices().skip(1);
        if !rest.starts_with('"') {
            return None;
        }
        while let Some((i, ch)) = chars.next() {
            match ch {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    self.at += i + 1;
                    return Some(&rest[..=i]);
                }
                _ => {}
            }
        }
        None
    }

    /// A number, `null`/`true`/`false`, or a `subschema_for` call: up to
    /// the separator or close that follows it, outside its `<...>` and
    /// `(...)`.
    fn atom(&mut self) -> Option<&'a str> {
        let text = self.text;
        let rest = &text[self.at..];
        let mut depth = 0usize;
        let end = rest
            .char_indices()
            .find(|&(_, ch)| {
                match ch {
                    '<' | '(' => depth += 1,
                    '>' | ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                depth == 0 && matches!(ch, ',' | ' ' | ']' | '}' | '"')
            })
            .map_or(rest.len(), |(i, _)| i);
        let atom = &rest[..end];
        let known = atom
            .chars()
            .all(|ch| ch.is_alphanumeric() || "-+._".contains(ch))
            || atom.ends_with(">()");
        (!atom.is_empty() && known).then(|| {
            self.at += end;
            atom
        })
    }
}

fn object(tokens: TokenStream) -> Option<Json> {
    let entries = read_all(tokens, |cursor| {
        let mut entries = Vec::new();
        while !cursor.done() {
            let key = match cursor.next()? {
                TokenTree::Literal(key) => key.to_string(),
                _ => return None,
            };
            if !key.starts_with('"') || !cursor.eat_punct(':') {
                return None;
            }
            entries.push((key, value(cursor)?));
            cursor.separator()?;
        }
        Some(entries)
    })?;
    Some(Json::object(entries))
}

fn array(tokens: TokenStream) -> Option<Json> {
    let items = read_all(tokens, |cursor| {
        let mut items = Vec::new();
        while !cursor.done() {
            items.push(value(cursor)?);
            cursor.separator()?;
        }
        Some(items)
    })?;
    Some(Json::array(items))
}

/// `json` as [`lay_out`] writes a deferred argument starting at `column`
/// on a line indented by `indent`, followed by `trailing` characters.
pub(crate) fn lay_out_tree(json: &Json, indent: usize, column: usize, trailing: usize) -> String {
    let mut out = String::with_capacity(json.width() * 2);
    write(&mut out, json, indent, column, trailing);
    out
}

/// Writes `json` starting at `column` on a line indented by `indent`,
/// followed by `trailing` characters.
fn write(out: &mut String, json: &Json, indent: usize, column: usize, trailing: usize) {
    if column + json.width() + trailing <= MARGIN {
        write_flat(out, json);
        return;
    }
    let inner = indent + INDENT;
    match json {
        Json::Object(entries, _) => {
            out.push_str("{\n");
            for (key, value) in entries {
                push_indent(out, inner);
                out.push_str(key);
                out.push_str(": ");
                write(out, value, inner, inner + key.len() + 2, 1);
                out.push_str(",\n");
            }
            push_indent(out, indent);
            out.push('}');
        }
        Json::Array(items, _) => {
            out.push_str("[\n");
            for item in items {
                push_indent(out, inner);
                write(out, item, inner, inner, 1);
                out.push_str(",\n");
            }
            push_indent(out, indent);
            out.push(']');
        }
        // Nowhere to break.
        Json::Atom(text) => out.push_str(text),
    }
}

fn write_flat(out: &mut String, json: &Json) {
    match json {
        Json::Object(entries, _) if entries.is_empty() => out.push_str("{}"),
        Json::Object(entries, _) => {
            out.push_str("{ ");
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push_str(": ");
                write_flat(out, value);
            }
            out.push_str(" }");
        }
        Json::Array(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flat(out, item);
            }
            out.push(']');
        }
        Json::Atom(text) => out.push_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Formats with prettyplease and lays out: the path of every
    /// generated module.
    fn format(tokens: TokenStream) -> String {
        lay_out(&prettyplease::unparse(&syn::parse2(tokens).unwrap()))
    }

    fn json(argument: TokenStream) -> TokenStream {
        deferred_json(quote!(serde_json::json), &argument)
    }

    /// Keys and strings are quoted as `Literal::string` quotes them, for
    /// every character below U+3000 and the characters that need an
    /// escape.
    #[test]
    fn string_literal_is_the_token_literal_string_makes() {
        let chars: Vec<char> = (0..0x3000).filter_map(char::from_u32).collect();
        let mut texts: Vec<String> = chars.chunks(16).map(|run| run.iter().collect()).collect();
        texts.extend(
            [
                "",
                "plain",
                "it's ~ {braces}",
                "a \"q\"",
                "back\\slash",
                "nul\0 7",
            ]
            .map(str::to_owned),
        );
        for text in texts {
            assert_eq!(
                string_literal(&text),
                Literal::string(&text).to_string(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_short_argument_stays_on_its_line_with_spaced_braces() {
        let call = json(quote!({"type": "string", "enum": ["a", -1, null]}));
        let text = format(quote! { fn f() -> Value { #call } });
        assert!(
            text.contains(
                r#"    serde_json::json!({ "type": "string", "enum": ["a", -1, null] })"#
            ),
            "{text}"
        );
    }

    #[test]
    fn a_long_argument_breaks_one_entry_per_line_and_nested_values_decide_again() {
        let call = json(quote!({
            "allOf": [
                {"type": "object", "properties": {"a": generator.subschema_for::<Option<Vec<String>>>()}, "required": []},
                generator.subschema_for::<std::collections::BTreeMap<String, Other>>()
            ]
        }));
        let text = format(quote! {
            fn f(generator: &mut G) -> Value {
                let value = #call;
                value
            }
        });
        let expected = r#"fn f(generator: &mut G) -> Value {
    let value = serde_json::json!({
        "allOf": [
            {
                "type": "object",
                "properties": { "a": generator.subschema_for::<Option<Vec<String>>>() },
                "required": [],
            },
            generator.subschema_for::<std::collections::BTreeMap<String, Other>>(),
        ],
    });
    value
}
"#;
        assert_eq!(text, expected);
    }

    #[test]
    fn an_argument_it_does_not_know_is_written_as_its_tokens() {
        let call = json(quote!({ "a": x + 1 }));
        let text = format(quote! { fn f() -> Value { #call } });
        assert!(
            text.contains(r#"serde_json::json!({ "a" : x + 1 })"#),
            "{text}"
        );
        assert!(!text.contains(MARKER));
    }

    #[test]
    fn a_description_quoting_the_marker_is_left_as_written() {
        for doc in [
            " See __json_argument r\"x\".",
            " See json!(__json_argument r\"x\").",
        ] {
            let text = format(quote! { #[doc = #doc] pub struct A; });
            assert_eq!(text, format!("///{doc}\npub struct A;\n"));
        }
    }

    #[test]
    fn flat_text_reads_back_as_the_tree_it_was_written_from() {
        let argument = quote!({
            "allOf": [
                {
                    "properties": {
                        "a": generator.subschema_for::<std::collections::BTreeMap<String, Vec<i64>>>()
                    },
                    "required": ["a, b", "q\"uote ]}"]
                },
                [], {}, -1.5, null, true
            ]
        });
        let json = parse_argument(&argument).unwrap();
        let mut flat = String::new();
        write_flat(&mut flat, &json);
        assert_eq!(json.width(), flat.len());
        let reread = parse_flat(&flat).expect("flat text reads back");
        let mut again = String::new();
        write_flat(&mut again, &reread);
        assert_eq!((again, reread.width()), (flat, json.width()));
        // What it does not know is read as tokens instead.
        for other in [
            r##"{ "a": r#"x"# }"##,
            r#"{ "a" : 1 }"#,
            r#"{ "a": x + 1 }"#,
            "[1, 2",
        ] {
            assert!(parse_flat(other).is_none(), "{other}");
        }
    }

    #[test]
    fn a_tree_built_by_an_emitter_defers_the_same_call_as_its_tokens() {
        let map = quote!(std::collections::BTreeMap<String, Vec<i64>>);
        let tokens = quote!({
            "a \"b\"\n{c}": [generator.subschema_for::<#map>()],
            "n": [-1, 4294967296u64, 1.5, true, null],
            "e": {}
        });
        let tree = Json::object(vec![
            (
                Json::key("a \"b\"\n{c}"),
                Json::array(vec![Json::subschema(&map)]),
            ),
            (
                Json::key("n"),
                Json::array(vec![
                    Json::literal(Literal::i64_unsuffixed(-1)),
                    Json::literal(Literal::u64_suffixed(4294967296)),
                    Json::literal(Literal::f64_unsuffixed(1.5)),
                    Json::bool(true),
                    Json::null(),
                ]),
            ),
            (Json::key("e"), Json::object(Vec::new())),
        ]);
        let from_tree = deferred_tree(quote!(serde_json::json), &tree).to_string();
        assert!(from_tree.contains(MARKER), "{from_tree}");
        assert_eq!(from_tree, json(tokens).to_string());
        assert!(tree.mentions_generator());
        // Where the tokens hold a type that is not a path, the tree still
        // lays out (the tokens are written as they are).
        let unit = deferred_tree(quote!(json), &Json::subschema(&quote!(())));
        assert_eq!(
            unit.to_string(),
            r##"json ! (__json_argument r#"generator.subschema_for::<()>()"#)"##
        );
        assert!(!Json::array(vec![Json::string("generator")]).mentions_generator());
    }

    #[test]
    fn a_raw_string_fence_outlasts_the_hashes_inside() {
        let call = json(quote!({ "pattern": "^\"#{2}$", "b": r##"x"#y"## }));
        let text = format(quote! { fn f() -> Value { #call } });
        let reread: TokenStream = text.parse().unwrap();
        assert!(!text.contains(MARKER), "{text}");
        assert!(reread.to_string().contains(r###"r##"x"#y"##"###), "{text}");
    }

    /// The laid-out arguments are what `json!` reads: the trailing commas
    /// aside, the same tokens as the argument.
    #[test]
    fn the_layout_reads_back_as_the_argument() {
        let argument = quote!({"oneOf": [{"allOf": [{"type": "object", "properties": {"kind": {"const": "long-enough-to-break"}}, "required": ["kind"]}, generator.subschema_for::<Other>()]}]});
        let call = json(argument.clone());
        let text = format(quote! { fn f() -> Value { #call } });
        assert!(text.contains(",\n"), "the argument was broken: {text}");
        let expected = quote! { fn f() -> Value { serde_json::json!(#argument) } };
        assert_eq!(words(text.parse().unwrap()), words(expected));
    }

    /// The tokens as words, groups as their delimiters, without the
    /// commas that end a group and without spacing.
    fn words(tokens: TokenStream) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::None => ("", ""),
                    };
                    out.push(open.to_owned());
                    let mut inner = words(group.stream());
                    if inner.last().is_some_and(|word| word == ",") {
                        inner.pop();
                    }
                    out.extend(inner);
                    out.push(close.to_owned());
                }
                other => out.push(other.to_string()),
            }
        }
        out
    }
}
