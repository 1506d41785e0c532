//! Simple impls printed straight from their tokens.
//!
//! Two kinds of impl are code, not declarations, and come in hundreds:
//! every operation's response enum has a decoder (`from_json`, a `match`
//! from status to variant, and `status`, the way back), and every union
//! and checked type has a `schemars::JsonSchema` impl (its name, its id,
//! and a `json!` schema). Parsed with syn and printed by prettyplease they
//! were most of what was still parsed: the decoders alone were three
//! quarters of the parsed text for GitHub's spec. Their grammar is small
//! and fixed, so this module reads it and prints each line flat, as
//! prettyplease does when a line fits. It declines (and the caller
//! parses the item as usual) on any other shape and on a line past the
//! margin, with three exceptions it follows: a struct literal wider than
//! prettyplease's 34 columns (`Self::Default { status, body }`) breaks a
//! field per line, a tail call too long for its line breaks around its
//! one argument, and a deferred `json!` argument is laid out afterwards
//! by `json_macro`, as it is after prettyplease. Held to prettyplease's
//! text by the tests below.

use proc_macro2::{Delimiter, Spacing, TokenTree};

use super::declarations::{inside, Cursor, INDENT, MARGIN};
use super::descriptors::ty;
use super::json_macro::{self, MARKER};

/// Prints the `impl` at the front of `tokens` when it is one this module
/// reads; returns its text and how many tokens it took. `plain` says
/// whether the type, by name, is left as emitted by the settings.
pub(crate) fn simple_impl(
    tokens: &[TokenTree],
    plain: impl Fn(&str) -> bool,
) -> Option<(String, usize)> {
    let mut cursor = Cursor::new(tokens);
    let mut text = String::new();
    cursor.print_attrs(&mut text, 0)?;
    cursor.keyword("impl")?;
    let first = cursor.path()?;
    let (header, name) = if cursor.eat_ident("for") {
        let name = cursor.ident()?;
        (format!("impl {first} for {name} {{"), name)
    } else {
        (format!("impl {first} {{"), first)
    };
    if !plain(&name) {
        return None;
    }
    let body = inside(cursor.next()?, Delimiter::Brace)?;
    if body.is_empty() {
        push_line(&mut text, 0, &format!("{header}}}"))?;
        return Some((text, cursor.at));
    }
    push_line(&mut text, 0, &header)?;
    let mut items = Cursor::new(&body);
    while !items.done() {
        function(&mut items, &mut text)?;
    }
    text.push_str("}\n");
    // A deferred `json!` argument is written in place, as after
    // prettyplease.
    if text.contains(MARKER) {
        text = json_macro::lay_out(&text);
    }
    Some((text, cursor.at))
}

/// `/// docs`, `[pub] fn name(params) -> type { statements }`.
fn function(cursor: &mut Cursor<'_>, text: &mut String) -> Option<()> {
    cursor.print_attrs(text, INDENT)?;
    let vis = if cursor.eat_ident("pub") { "pub " } else { "" };
    cursor.keyword("fn")?;
    let name = cursor.ident()?;
    let params = parameters(cursor.next()?)?;
    cursor.punct('-')?;
    cursor.punct('>')?;
    let output = ty(cursor)?;
    let body = inside(cursor.next()?, Delimiter::Brace)?;
    // prettyplease writes an empty body `{}` on the signature's line; no
    // generated function has one.
    if body.is_empty() {
        return None;
    }
    push_line(
        text,
        INDENT,
        &format!("{vis}fn {name}({params}) -> {output} {{"),
    )?;
    let mut body = Cursor::new(&body);
    let indent = 2 * INDENT;
    while !body.done() {
        if body.eat_ident("let") {
            // `let _ = body;`, for a decoder that never reads the body, or
            // `let value = json!(...);`.
            let pattern = body.ident()?;
            body.punct('=')?;
            let value = expression(&mut body)?;
            body.punct(';')?;
            push_line(text, indent, &format!("let {pattern} = {value};"))?;
        } else if body.eat_ident("match") {
            let Printed::Flat(scrutinee) = operand(&mut body, false)? else {
                return None;
            };
            let arms = inside(body.next()?, Delimiter::Brace)?;
            // The tail expression, so nothing may follow it.
            if !body.done() {
                return None;
            }
            if arms.is_empty() {
                // An enum with no variants: `match *self {}`.
                push_line(text, indent, &format!("match {scrutinee} {{}}"))?;
                continue;
            }
            push_line(text, indent, &format!("match {scrutinee} {{"))?;
            let mut arms = Cursor::new(&arms);
            while !arms.done() {
                let pattern = pattern(&mut arms)?;
                arms.punct('=')?;
                arms.punct('>')?;
                let value = operand(&mut arms, true)?;
                arms.separator()?;
                let arm = indent + INDENT;
                match value {
                    Printed::Flat(value) => {
                        push_line(text, arm, &format!("{pattern} => {value},"))?
                    }
                    // The arm's value in a block of its own.
                    Printed::Broken { head, fields, tail } => {
                        push_line(text, arm, &format!("{pattern} => {{"))?;
                        push_line(text, arm + INDENT, &head)?;
                        for field in fields {
                            push_line(text, arm + 2 * INDENT, &format!("{field},"))?;
                        }
                        push_line(text, arm + INDENT, &tail)?;
                        push_line(text, arm, "}")?;
                    }
                }
            }
            push_line(text, indent, "}")?;
        } else {
            let start = body.at;
            let value = expression(&mut body)?;
            if !body.done() {
                return None;
            }
            if push_line(text, indent, &value).is_none() {
                // Too long: a call breaks after its `(`, its one argument
                // on a line of its own.
                let (head, argument) = lone_argument_call(&body.tokens[start..])?;
                push_line(text, indent, &format!("{head}("))?;
                push_line(text, indent + INDENT, &format!("{argument},"))?;
                push_line(text, indent, ")")?;
            }
        }
    }
    push_line(text, INDENT, "}")
}

/// `path(argument)`: the path and the argument, flat.
fn lone_argument_call(tokens: &[TokenTree]) -> Option<(String, String)> {
    let mut cursor = Cursor::new(tokens);
    let head = cursor.path()?;
    let inner = inside(cursor.next()?, Delimiter::Parenthesis)?;
    let mut inner = Cursor::new(&inner);
    let argument = expression(&mut inner)?;
    inner.separator()?;
    (cursor.done() && inner.done()).then_some((head, argument))
}

/// `(&self)` or `(name: type, ...)`.
fn parameters(group: &TokenTree) -> Option<String> {
    let tokens = inside(group, Delimiter::Parenthesis)?;
    let mut cursor = Cursor::new(&tokens);
    let mut params = Vec::new();
    while !cursor.done() {
        if cursor.eat_punct('&') {
            cursor.keyword("self")?;
            params.push("&self".to_owned());
        } else {
            let name = cursor.ident()?;
            cursor.punct(':')?;
            params.push(format!("{name}: {}", ty(&mut cursor)?));
        }
        cursor.separator()?;
    }
    Some(params.join(", "))
}

/// An expression as prettyplease prints it: on one line, or around a
/// struct literal it breaks (one field per line).
enum Printed {
    Flat(String),
    /// `head` ends with the literal's `{`; `tail` starts with its `}`.
    Broken {
        head: String,
        fields: Vec<String>,
        tail: String,
    },
}

/// prettyplease breaks a struct literal wider than this (its path, ` { `,
/// the fields and a space), even where the line has room for it.
const STRUCT_LITERAL_WIDTH: usize = 34;

/// An expression that stays on one line.
fn expression(cursor: &mut Cursor<'_>) -> Option<String> {
    match operand(cursor, true)? {
        Printed::Flat(text) => Some(text),
        Printed::Broken { .. } => None,
    }
}

/// The expressions a decoder is made of: a literal, a path with an
/// optional turbofish (`a::b::<T>`), a call or struct literal on it, then
/// `?` and `.0`; or `*` and one of these. A `match`'s scrutinee is
/// followed by the arms' braces, which are no struct literal.
fn operand(cursor: &mut Cursor<'_>, struct_literal: bool) -> Option<Printed> {
    if cursor.eat_punct('*') {
        return match operand(cursor, struct_literal)? {
            Printed::Flat(text) => Some(Printed::Flat(format!("*{text}"))),
            Printed::Broken { .. } => None,
        };
    }
    let mut out = match cursor.next()? {
        TokenTree::Literal(literal) => literal.to_string(),
        TokenTree::Ident(first) => {
            let mut path = first.to_string();
            while cursor.eat_punct(':') {
                cursor.punct(':')?;
                path.push_str("::");
                if cursor.eat_punct('<') {
                    // A turbofish ends the path.
                    path.push('<');
                    path.push_str(&ty(cursor)?);
                    cursor.punct('>')?;
                    path.push('>');
                    break;
                }
                path.push_str(&cursor.ident()?);
            }
            path
        }
        _ => return None,
    };
    if cursor.eat_punct('!') {
        // A macro call: `module_path!()`, `concat!(a, b)`, or a deferred
        // `json!` argument, written as prettyplease writes it.
        let inner = inside(cursor.next()?, Delimiter::Parenthesis)?;
        let arguments = match inner.as_slice() {
            [TokenTree::Ident(marker), TokenTree::Literal(argument)] if marker == MARKER => {
                format!("{marker} {argument}")
            }
            _ => list(&inner, expression)?,
        };
        out.push_str(&format!("!({arguments})"));
        return Some(Printed::Flat(out));
    }
    match cursor.peek() {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
            cursor.at += 1;
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let mut args = Cursor::new(&inner);
            let mut flat = Vec::new();
            while !args.done() {
                match operand(&mut args, true)? {
                    Printed::Flat(text) => flat.push(text),
                    // A lone struct literal argument breaks in place:
                    // `call(Path {`, the fields, `})`.
                    // Whatever follows the call is left to the caller,
                    // which accepts only the end of a match arm.
                    Printed::Broken { head, fields, tail } if flat.is_empty() => {
                        args.separator()?;
                        if !args.done() {
                            return None;
                        }
                        return Some(Printed::Broken {
                            head: format!("{out}({head}"),
                            fields,
                            tail: format!("{tail})"),
                        });
                    }
                    Printed::Broken { .. } => return None,
                }
                args.separator()?;
            }
            out.push('(');
            out.push_str(&flat.join(", "));
            out.push(')');
        }
        Some(TokenTree::Group(group))
            if struct_literal && group.delimiter() == Delimiter::Brace =>
        {
            cursor.at += 1;
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let fields = fields(&inner, false)?;
            let joined = fields.join(", ");
            if out.len() + " { ".len() + joined.len() + " ".len() > STRUCT_LITERAL_WIDTH {
                return Some(Printed::Broken {
                    head: format!("{out} {{"),
                    fields,
                    tail: "}".to_owned(),
                });
            }
            out.push_str(&format!(" {{ {joined} }}"));
        }
        _ => {}
    }
    loop {
        if cursor.eat_punct('?') {
            out.push('?');
        } else if let Some(TokenTree::Punct(dot)) = cursor.peek() {
            // `.0`, a field; not `..`, which ends a pattern's fields.
            if dot.as_char() != '.' || dot.spacing() == Spacing::Joint {
                break;
            }
            cursor.at += 1;
            out.push('.');
            match cursor.next()? {
                TokenTree::Literal(field) => out.push_str(&field.to_string()),
                // A method call: `.expect("...")`.
                TokenTree::Ident(method) => {
                    out.push_str(&method.to_string());
                    let inner = inside(cursor.next()?, Delimiter::Parenthesis)?;
                    out.push('(');
                    out.push_str(&list(&inner, expression)?);
                    out.push(')');
                }
                _ => return None,
            }
        } else {
            break;
        }
    }
    Some(Printed::Flat(out))
}

/// A match arm's pattern: `_`, a literal, `low..=high`, or a variant
/// path with `(_)` or `{ field, .. }`.
fn pattern(cursor: &mut Cursor<'_>) -> Option<String> {
    match cursor.next()? {
        TokenTree::Literal(low) => {
            let low = low.to_string();
            let range = matches!(
                (cursor.peek(), cursor.tokens.get(cursor.at + 1), cursor.tokens.get(cursor.at + 2)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Punct(c)))
                    if a.as_char() == '.' && b.as_char() == '.' && c.as_char() == '='
            );
            if !range {
                return Some(low);
            }
            cursor.at += 3;
            let TokenTree::Literal(high) = cursor.next()? else {
                return None;
            };
            Some(format!("{low}..={high}"))
        }
        TokenTree::Ident(_) => {
            cursor.at -= 1;
            let mut out = cursor.path()?;
            match cursor.peek() {
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                    cursor.at += 1;
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    out.push('(');
                    out.push_str(&list(&inner, pattern)?);
                    out.push(')');
                }
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                    cursor.at += 1;
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    out.push_str(&format!(" {{ {} }}", fields(&inner, true)?.join(", ")));
                }
                _ => {}
            }
            Some(out)
        }
        _ => None,
    }
}

/// Comma-separated elements, each read by `element`, joined by `, `.
fn list(tokens: &[TokenTree], element: fn(&mut Cursor<'_>) -> Option<String>) -> Option<String> {
    let mut cursor = Cursor::new(tokens);
    let mut elements = Vec::new();
    while !cursor.done() {
        elements.push(element(&mut cursor)?);
        cursor.separator()?;
    }
    Some(elements.join(", "))
}

/// The fields of a struct literal, `name` or `name: value`, or of a
/// pattern, `name` and a last `..`.
fn fields(tokens: &[TokenTree], in_pattern: bool) -> Option<Vec<String>> {
    let mut cursor = Cursor::new(tokens);
    let mut fields = Vec::new();
    while !cursor.done() {
        if in_pattern && cursor.eat_punct('.') {
            if !(cursor.eat_punct('.') && cursor.done()) {
                return None;
            }
            fields.push("..".to_owned());
            break;
        }
        let name = cursor.ident()?;
        if cursor.eat_punct(':') {
            if in_pattern {
                return None;
            }
            fields.push(format!("{name}: {}", expression(&mut cursor)?));
        } else {
            fields.push(name);
        }
        cursor.separator()?;
    }
    (!fields.is_empty()).then_some(fields)
}

/// Appends a line, or declines when it passes the margin, where
/// prettyplease would break it. A line with a deferred `json!` argument
/// is laid out afterwards, wherever prettyplease would have broken it.
fn push_line(text: &mut String, indent: usize, line: &str) -> Option<()> {
    if indent + line.len() > MARGIN && !line.contains(MARKER) {
        return None;
    }
    text.extend(std::iter::repeat_n(' ', indent));
    text.push_str(line);
    text.push('\n');
    Some(())
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::{format_ident, quote};

    use super::*;

    fn prettyplease(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    /// Decoders as the emitter writes them, one for each kind of arm, the
    /// variant's name (in the last, the body type's) `letters` letters
    /// longer.
    fn decoders(letters: usize) -> Vec<TokenStream> {
        let pad = "X".repeat(letters);
        let variant = format_ident!("V{pad}");
        let ty = format_ident!("T{pad}");
        let unexpected = quote!(_ => Err(super::DecodeError::UnexpectedStatus(status)),);
        let arms = [
            (
                quote!(200 => Ok(Self::#variant(serde_json::from_str(body)?)),),
                quote!(Self::#variant(_) => 200,),
            ),
            (
                quote!(201 => Ok(Self::#variant(serde_json::from_str::<rfc3339::Wrap<T>>(body)?.0)),),
                quote!(Self::#variant(_) => 201,),
            ),
            (
                quote!(204 => Ok(Self::#variant),),
                quote!(Self::#variant => 204,),
            ),
            (
                quote!(400..=499 => Ok(Self::#variant { status }),),
                quote!(Self::#variant { status, .. } => status,),
            ),
            (
                quote!(500..=599 => Ok(Self::#variant { status, body: serde_json::from_str(body)? }),),
                quote!(Self::#variant { status, .. } => status,),
            ),
            (
                quote!(_ => Ok(Self::D { status, body: serde_json::from_str::<rfc3339::Wrap<Vec<#ty>>>(body)?.0 }),),
                quote!(Self::D { status, .. } => status,),
            ),
        ];
        arms.into_iter()
            .map(|(decode, status)| {
                let fallback = (!decode.to_string().starts_with('_')).then(|| unexpected.clone());
                quote! {
                    impl GetThingResponse {
                        /// Decodes a response from its HTTP status and JSON body.
                        pub fn from_json(status: u16, body: &str) -> Result<Self, super::DecodeError> {
                            match status {
                                #decode
                                #fallback
                            }
                        }
                        /// The HTTP status of this response.
                        pub fn status(&self) -> u16 {
                            match *self {
                                #status
                            }
                        }
                    }
                }
            })
            .collect()
    }

    /// Every kind of arm at every line length up to and past the margin:
    /// what is printed directly is prettyplease's text, and what passes
    /// the margin is declined.
    #[test]
    fn decoders_read_as_prettyplease_prints_them() {
        let mut printed = [0; 6];
        for letters in 0..80 {
            for (kind, tokens) in decoders(letters).into_iter().enumerate() {
                let items: Vec<TokenTree> = tokens.clone().into_iter().collect();
                if let Some((text, used)) = simple_impl(&items, |_| true) {
                    assert_eq!(used, items.len());
                    assert_eq!(text, prettyplease(tokens), "arm {kind}, {letters} letters");
                    printed[kind] += 1;
                }
            }
        }
        // Each kind is printed while it fits and declined from the length
        // where its longest line passes the 89 columns: the `201` arm is
        // 82 columns with its indent, so it fits up to 7 letters more.
        assert_eq!(printed[1], 8, "{printed:?}");
        assert!(printed.iter().all(|&n| (1..80).contains(&n)), "{printed:?}");
    }

    /// A schemars impl as `json_schema::impls` writes it, for a type of
    /// `letters` letters: the `schema_id` line breaks past the margin, and
    /// the schema is laid out by `json_macro` either way.
    fn schema_impl(letters: usize) -> TokenStream {
        let name = format!("Name{}", "X".repeat(letters));
        let ident = format_ident!("{name}");
        let properties: Vec<_> = (0..letters / 10).map(|i| format!("property_{i}")).collect();
        let schema = json_macro::deferred_json(
            quote!(serde_json::json),
            &quote!({
                "type": "object",
                "properties": { #(#properties: generator.subschema_for::<String>()),* },
                "required": [#(#properties),*],
            }),
        );
        quote! {
            #[cfg(feature = "schemars")]
            impl schemars::JsonSchema for #ident {
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(#name)
                }
                fn schema_id() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(concat!(module_path!(), "::", #name))
                }
                fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    let value = #schema;
                    schemars::Schema::try_from(value).expect("an object schema")
                }
            }
        }
    }

    #[test]
    fn schemars_impls_read_as_prettyplease_and_the_json_layout_print_them() {
        let mut printed = 0;
        let mut broken = 0;
        for letters in 0..60 {
            let tokens = schema_impl(letters);
            let items: Vec<TokenTree> = tokens.clone().into_iter().collect();
            if let Some((text, used)) = simple_impl(&items, |_| true) {
                assert_eq!(used, items.len());
                let expected = super::super::unparse_items(&syn::parse2(tokens).unwrap());
                assert_eq!(text, expected, "a name {letters} letters longer");
                printed += 1;
                broken += usize::from(text.contains("Borrowed(\n"));
            }
        }
        // The id's line is 73 columns and the name's letters: flat up to
        // 16 more letters; broken, its argument's line is 50 columns and
        // the letters, which fits up to 39.
        assert_eq!((printed, broken), (40, 23));
    }

    #[test]
    fn short_decoders_and_the_no_response_form_are_printed() {
        let tokens = quote! {
            impl DeleteThingResponse {
                /// Decodes a response from its HTTP status and JSON body.
                pub fn from_json(status: u16, body: &str) -> Result<Self, super::DecodeError> {
                    let _ = body;
                    Err(super::DecodeError::UnexpectedStatus(status))
                }
                /// The HTTP status of this response.
                pub fn status(&self) -> u16 {
                    match *self {}
                }
            }
        };
        let items: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let (text, _) = simple_impl(&items, |_| true).expect("printed directly");
        assert_eq!(text, prettyplease(tokens));
        let empty = quote!(impl std::fmt::Display for Thing {});
        let items: Vec<TokenTree> = empty.clone().into_iter().collect();
        let (text, _) = simple_impl(&items, |_| true).expect("printed directly");
        assert_eq!(text, prettyplease(empty));
    }

    #[test]
    fn a_type_the_settings_change_or_other_code_is_declined() {
        let items: Vec<TokenTree> = decoders(0).remove(0).into_iter().collect();
        assert!(simple_impl(&items, |name| name != "GetThingResponse").is_none());
        for other in [
            quote! { impl Thing { pub fn f(&self) -> u16 { if true { 1 } else { 2 } } } },
            quote! { impl Thing { pub async fn f(&self) -> u16 { 1 } } },
            quote! { impl Thing { pub fn f(&self) -> () {} } },
            quote! { impl<T> Thing<T> { pub fn f(&self) -> u16 { 1 } } },
            quote! { impl Thing { pub fn f(&self) -> u16 { let x = 1; x + 1 } } },
            quote! { impl From<Thing> for String { fn from(thing: Thing) -> String { thing.0 } } },
            // A broken struct literal outside a match arm.
            quote! { impl Thing { pub fn f(&self) -> Self { Self::Default { status, body: serde_json::Value::Null } } } },
            // ... or with more after it in the arm.
            quote! { impl Thing { pub fn f(&self) -> Self { match status { _ => Ok(Self::Default { status, body: serde_json::Value::Null })?, } } } },
        ] {
            let items: Vec<TokenTree> = other.clone().into_iter().collect();
            assert!(simple_impl(&items, |_| true).is_none(), "{other}");
        }
    }
}
