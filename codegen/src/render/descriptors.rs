//! The `operations` module printed straight from its tokens.
//!
//! A whole spec has a descriptor per operation: a unit struct and an
//! `impl Operation` of constants and associated types (761 of them for
//! GitHub's spec). Parsed with syn and printed back by prettyplease they
//! were three quarters of the parse time of a whole spec and a fifth of
//! its formatting. The shape never varies, so this module prints it in
//! prettyplease's layout: `&[...]` lists of names one per line when the
//! line would pass the margin, every other line as long as it is. It
//! declines (and the caller parses the module as usual) on anything else.
//! Held to prettyplease's text by the tests below and by `render`'s.

use proc_macro2::{Delimiter, TokenTree};

use super::declarations::{self, write_line, Cursor, INDENT, MARGIN};

/// Prints the `operations` module at the front of `tokens`; returns its
/// text and how many tokens it took. `plain` says whether a descriptor,
/// by name, is left as emitted by the settings.
pub(crate) fn module(
    tokens: &[TokenTree],
    plain: impl Fn(&str) -> bool,
) -> Option<(String, usize)> {
    let mut cursor = Cursor::new(tokens);
    let mut text = String::new();
    cursor.print_attrs(&mut text, 0)?;
    cursor.keyword("pub")?;
    cursor.keyword("mod")?;
    cursor.keyword("operations")?;
    let inner = declarations::inside(cursor.next()?, Delimiter::Brace)?;
    text.push_str("pub mod operations {\n");
    let mut at = 0;
    while at < inner.len() {
        let (declaration, used) = declarations::first(&inner[at..])?;
        if !plain(&declaration.name) {
            return None;
        }
        // Printed at the top level; every line but a doc line must still
        // fit four columns deeper, or prettyplease might break it there.
        for line in declaration.text.lines() {
            if !line.starts_with("///") && INDENT + line.len() > MARGIN {
                return None;
            }
            write_line(&mut text, INDENT, line);
        }
        at += used;
        let mut impl_cursor = Cursor::new(&inner[at..]);
        print_impl(&mut impl_cursor, &declaration.name, &mut text)?;
        at += impl_cursor.at;
    }
    text.push_str("}\n");
    Some((text, cursor.at))
}

/// `impl path for Name { const ...; type ...; }` at one indent.
fn print_impl(cursor: &mut Cursor<'_>, name: &str, text: &mut String) -> Option<()> {
    cursor.keyword("impl")?;
    let header = format!("impl {}", cursor.path()?);
    cursor.keyword("for")?;
    cursor.keyword(name)?;
    // A long header breaks before `for`, at the same indent.
    let flat = format!("{header} for {name} {{");
    if INDENT + flat.len() <= MARGIN {
        write_line(text, INDENT, &flat);
    } else {
        write_line(text, INDENT, &header);
        write_line(text, INDENT, &format!("for {name} {{"));
    }
    let items = declarations::inside(cursor.next()?, Delimiter::Brace)?;
    let mut items = Cursor::new(&items);
    let indent = 2 * INDENT;
    while !items.done() {
        let keyword = items.ident()?;
        let item_name = items.ident()?;
        let line = match keyword.as_str() {
            "const" => {
                items.punct(':')?;
                let ty = ty(&mut items)?;
                items.punct('=')?;
                let head = format!("const {item_name}: {ty} = ");
                let value = value(&mut items)?;
                items.punct(';')?;
                match value {
                    Value::List(names) => push_list(text, indent, &head, "&[", &names, "];"),
                    // A call's arguments break like a list.
                    Value::Some(literal) => {
                        push_list(text, indent, &head, "Some(", &[literal], ");")
                    }
                    Value::Text(value) => write_line(text, indent, &format!("{head}{value};")),
                }
                continue;
            }
            "type" => {
                items.punct('=')?;
                let ty = ty(&mut items)?;
                items.punct(';')?;
                let line = format!("type {item_name} = {ty};");
                // A long generic type would be broken at its arguments.
                if indent + line.len() > MARGIN && line.contains('<') {
                    return None;
                }
                line
            }
            _ => return None,
        };
        write_line(text, indent, &line);
    }
    write_line(text, INDENT, "}");
    Some(())
}

enum Value {
    /// `&["a", "b"]`, the literals as written.
    List(Vec<String>),
    /// `Some(literal)`.
    Some(String),
    /// A literal, `None`, `true` or `false`.
    Text(String),
}

fn value(cursor: &mut Cursor<'_>) -> Option<Value> {
    match cursor.next()? {
        TokenTree::Literal(literal) => Some(Value::Text(literal.to_string())),
        TokenTree::Punct(amp) if amp.as_char() == '&' => match cursor.next()? {
            TokenTree::Group(list) if list.delimiter() == Delimiter::Bracket => {
                let inner: Vec<TokenTree> = list.stream().into_iter().collect();
                let mut list = Cursor::new(&inner);
                let mut names = Vec::new();
                while !list.done() {
                    match list.next()? {
                        TokenTree::Literal(name) => names.push(name.to_string()),
                        _ => return None,
                    }
                    list.separator()?;
                }
                Some(Value::List(names))
            }
            _ => None,
        },
        TokenTree::Ident(word) if word == "None" || word == "true" || word == "false" => {
            Some(Value::Text(word.to_string()))
        }
        TokenTree::Ident(word) if word == "Some" => match cursor.next()? {
            TokenTree::Group(inner) if inner.delimiter() == Delimiter::Parenthesis => {
                let inner: Vec<TokenTree> = inner.stream().into_iter().collect();
                match inner.as_slice() {
                    [TokenTree::Literal(literal)] => Some(Value::Some(literal.to_string())),
                    _ => None,
                }
            }
            _ => None,
        },
        _ => None,
    }
}

/// A type on one line: paths with generic arguments (lifetimes among
/// them), `()`, `&'static` and `&mut` references and slices, as
/// prettyplease writes them. The caller checks
/// that what follows ends the item.
pub(super) fn ty(cursor: &mut Cursor<'_>) -> Option<String> {
    let mut out = String::new();
    type_into(cursor, &mut out)?;
    Some(out)
}

fn type_into(cursor: &mut Cursor<'_>, out: &mut String) -> Option<()> {
    match cursor.peek()? {
        TokenTree::Punct(amp) if amp.as_char() == '&' => {
            cursor.at += 1;
            out.push('&');
            if let Some(TokenTree::Punct(tick)) = cursor.peek() {
                if tick.as_char() != '\'' {
                    return None;
                }
                cursor.at += 1;
                out.push('\'');
                out.push_str(&cursor.ident()?);
                out.push(' ');
            }
            if cursor.eat_ident("mut") {
                out.push_str("mut ");
            }
            type_into(cursor, out)
        }
        // A lifetime argument: `Cow<'static, str>`.
        TokenTree::Punct(tick) if tick.as_char() == '\'' => {
            cursor.at += 1;
            out.push('\'');
            out.push_str(&cursor.ident()?);
            Some(())
        }
        TokenTree::Group(group) => {
            let (open, close) = match group.delimiter() {
                Delimiter::Bracket => ('[', ']'),
                Delimiter::Parenthesis => ('(', ')'),
                _ => return None,
            };
            cursor.at += 1;
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let mut inner = Cursor::new(&inner);
            out.push(open);
            if !inner.done() {
                type_into(&mut inner, out)?;
            }
            out.push(close);
            inner.done().then_some(())
        }
        TokenTree::Ident(_) => {
            out.push_str(&cursor.path()?);
            if cursor.eat_punct('<') {
                out.push('<');
                loop {
                    type_into(cursor, out)?;
                    if cursor.eat_punct('>') {
                        break;
                    }
                    cursor.punct(',')?;
                    out.push_str(", ");
                }
                out.push('>');
            }
            Some(())
        }
        _ => None,
    }
}

/// `head`, then `items` between `open` and `close`: on one line when it
/// fits the margin, otherwise one item per line with a trailing comma.
fn push_list(
    text: &mut String,
    indent: usize,
    head: &str,
    open: &str,
    items: &[String],
    close: &str,
) {
    let flat = format!("{head}{open}{}{close}", items.join(", "));
    if indent + flat.len() <= MARGIN {
        write_line(text, indent, &flat);
        return;
    }
    write_line(text, indent, &format!("{head}{open}"));
    for item in items {
        write_line(text, indent + INDENT, &format!("{item},"));
    }
    write_line(text, indent, close);
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::{format_ident, quote};

    use super::*;

    fn descriptor(name: &str, query: &[String], body: TokenStream) -> TokenStream {
        let media = format!(
            "application/{}",
            "x".repeat(query.last().map_or(0, String::len))
        );
        let name = format_ident!("{name}");
        quote! {
            /// Lists things.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct #name;

            impl super::super::Operation for #name {
                const METHOD: &'static str = "GET";
                const PATH: &'static str = "/a/very/long/path/{with}/{parameters}/that/goes/past/the/margin/of/the/line";
                const PATH_PARAMETERS: &'static [&'static str] = &["with", "parameters"];
                const QUERY_PARAMETERS: &'static [&'static str] = &[#(#query),*];
                const HEADER_PARAMETERS: &'static [&'static str] = &[];
                const BODY_MEDIA_TYPE: Option<&'static str> = Some(#media);
                const BODY_REQUIRED: bool = true;
                type Parameters = super::ListThingsParams;
                type Body = #body;
                type Response = super::ListThingsResponse;
            }
        }
    }

    fn operations(descriptors: TokenStream) -> TokenStream {
        quote! {
            /// One descriptor per HTTP operation.
            #[allow(clippy::module_inception)]
            pub mod operations {
                #descriptors
            }
        }
    }

    fn prettyplease(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    /// Query lists of every length around the margin, and the body types
    /// the emitter writes: each prints as prettyplease prints it.
    #[test]
    fn descriptors_read_as_prettyplease_prints_them() {
        let bodies = [
            quote!(()),
            quote!(super::CreateThing),
            quote!(Vec<super::CreateThing>),
            quote!(std::collections::BTreeMap<String, super::Thing>),
        ];
        let mut checked = 0;
        for letters in 0..40 {
            for body in &bodies {
                let query = vec!["per_page".to_owned(), "x".repeat(letters)];
                // Names from 30 to 69 letters: the `impl` line passes the margin.
                let name = format!("ListThings{}", "X".repeat(letters + 20));
                let tokens = operations(descriptor(&name, &query, body.clone()));
                let items: Vec<TokenTree> = tokens.clone().into_iter().collect();
                let (text, used) = module(&items, |_| true).expect("printed directly");
                assert_eq!(used, items.len());
                assert_eq!(text, prettyplease(tokens), "query of {letters} letters");
                checked += 1;
            }
        }
        assert_eq!(checked, 160);
    }

    #[test]
    fn a_descriptor_the_settings_change_or_an_unknown_item_is_declined() {
        let tokens = operations(descriptor("ListThings", &[], quote!(())));
        let items: Vec<TokenTree> = tokens.into_iter().collect();
        assert!(module(&items, |name| name != "ListThings").is_none());
        let tokens = operations(quote! {
            pub struct ListThings;
            impl super::super::Operation for ListThings { fn f() {} }
        });
        let items: Vec<TokenTree> = tokens.into_iter().collect();
        assert!(module(&items, |_| true).is_none());
    }
}
