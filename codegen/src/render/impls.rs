//! Simple impls printed straight from their tokens.
//!
//! Three kinds of impl are code, not declarations, and come in hundreds:
//! every operation's response enum has a decoder (`from_json`, a `match`
//! from status to variant, and `status`, the way back); every union and
//! checked type has a `schemars::JsonSchema` impl (its name, its id, and
//! a `json!` schema); and every tagged union, and struct that holds one,
//! has `write_fields`/`take_fields` and the `Serialize`/`Deserialize`
//! impls through them. Parsed with syn and printed by prettyplease they
//! were most of what was still parsed. Their statements are few (`use`,
//! `let`, `return`, `if [let]` and `for` without `else`, `match`, calls
//! and method chains), so this module reads them and prints each line
//! flat, as prettyplease does when a line fits. It declines (and the
//! caller parses the item as usual) on any other shape and on a line
//! past the margin, except where it follows prettyplease's breaks:
//!
//! - a signature too long for its line, one parameter per line;
//! - a struct literal wider than prettyplease's 34 columns
//!   (`Self::Default { status, body }`), one field per line;
//! - a call with one argument too long for its line, the argument on a
//!   line of its own, and then a macro's literal on a line of its own;
//! - an `if` whose conditions do not fit, filled line by line before
//!   `&&`, with the block's `{` on a line of its own;
//! - a deferred `json!` argument, laid out afterwards by `json_macro`.
//!
//! A broken list's last comma is not counted against the margin, as in
//! prettyplease. Held to prettyplease's text by the tests below.

use proc_macro2::{Delimiter, Spacing, TokenTree};

use super::code::{self, call, if_open, push_line, signature, statement, Printed};
use super::declarations::{inside, Cursor, INDENT};
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
    let generics = generic_params(&mut cursor)?;
    let first = ty(&mut cursor)?;
    let (header, name) = if cursor.eat_ident("for") {
        let name = cursor.ident()?;
        (format!("impl{generics} {first} for {name} {{"), name)
    } else if generics.is_empty() && !first.contains('<') {
        (format!("impl {first} {{"), first)
    } else {
        return None;
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

/// `<'de>` or `<M: path::Bound>`, or nothing.
fn generic_params(cursor: &mut Cursor<'_>) -> Option<String> {
    if !cursor.eat_punct('<') {
        return Some(String::new());
    }
    let mut params = Vec::new();
    while !cursor.eat_punct('>') {
        let mut param = ty(cursor)?;
        if cursor.eat_punct(':') {
            param.push_str(": ");
            param.push_str(&ty(cursor)?);
        }
        params.push(param);
        if !cursor.eat_punct(',') {
            cursor.punct('>')?;
            break;
        }
    }
    Some(format!("<{}>", params.join(", ")))
}

/// `/// docs`, `[pub] fn name[<generics>](params) -> type { statements }`.
fn function(cursor: &mut Cursor<'_>, text: &mut String) -> Option<()> {
    cursor.print_attrs(text, INDENT)?;
    let vis = if cursor.eat_ident("pub") { "pub " } else { "" };
    cursor.keyword("fn")?;
    let name = cursor.ident()?;
    let generics = generic_params(cursor)?;
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
    signature(
        text,
        INDENT,
        &format!("{vis}fn {name}{generics}("),
        &params,
        &output,
    )?;
    block(&body, 2 * INDENT, text)?;
    push_line(text, INDENT, "}")
}

/// The statements of a block, each printed at `indent`: `use`, `let`,
/// `return`, `if [let]` and `for` without `else`, `match`, and
/// expressions, the last of them maybe without its `;`.
fn block(tokens: &[TokenTree], indent: usize, text: &mut String) -> Option<()> {
    let mut body = Cursor::new(tokens);
    while !body.done() {
        if body.eat_ident("use") {
            let path = body.path()?;
            body.punct(';')?;
            push_line(text, indent, &format!("use {path};"))?;
        } else if body.eat_ident("let") {
            let mutable = if body.eat_ident("mut") { "mut " } else { "" };
            let pattern = body.ident()?;
            let annotation = if body.eat_punct(':') {
                format!(": {}", ty(&mut body)?)
            } else {
                String::new()
            };
            body.punct('=')?;
            let start = body.at;
            let value = operand(&mut body, true)?;
            body.punct(';')?;
            let head = format!("let {mutable}{pattern}{annotation} = ");
            let tokens = &body.tokens[start..body.at - 1];
            statement(text, indent, &head, value, ";", || {
                lone_argument_call(tokens)
            })?;
        } else if body.eat_ident("return") {
            let start = body.at;
            let value = operand(&mut body, true)?;
            body.punct(';')?;
            let tokens = &body.tokens[start..body.at - 1];
            statement(text, indent, "return ", value, ";", || {
                lone_argument_call(tokens)
            })?;
        } else if body.eat_ident("if") {
            let conditions = if body.eat_ident("let") {
                let pattern = pattern(&mut body)?;
                body.punct('=')?;
                vec![format!("let {pattern} = {}", binary(&mut body)?)]
            } else {
                conjunction(&mut body)?
            };
            let inner = inside(body.next()?, Delimiter::Brace)?;
            if body.eat_ident("else") {
                return None;
            }
            if_open(text, indent, &conditions)?;
            block(&inner, indent + INDENT, text)?;
            push_line(text, indent, "}")?;
        } else if body.eat_ident("for") {
            let pattern = pattern(&mut body)?;
            body.keyword("in")?;
            let Printed::Flat(iterated) = operand(&mut body, false)? else {
                return None;
            };
            let inner = inside(body.next()?, Delimiter::Brace)?;
            push_line(text, indent, &format!("for {pattern} in {iterated} {{"))?;
            block(&inner, indent + INDENT, text)?;
            push_line(text, indent, "}")?;
        } else if body.eat_ident("match") {
            match_expression(&mut body, indent, text)?;
        } else {
            let start = body.at;
            let mut value = operand(&mut body, true)?;
            let mut head = String::new();
            let mut start_of_value = start;
            if matches!(body.peek(), Some(TokenTree::Punct(eq)) if eq.as_char() == '=' && eq.spacing() == Spacing::Alone)
            {
                // An assignment: `found = Some(...);`.
                let Printed::Flat(place) = value else {
                    return None;
                };
                body.at += 1;
                head = format!("{place} = ");
                start_of_value = body.at;
                value = operand(&mut body, true)?;
            }
            let end = body.at;
            let semicolon = if body.eat_punct(';') { ";" } else { "" };
            // Only the last statement may go without its `;`.
            if semicolon.is_empty() && !body.done() {
                return None;
            }
            let tokens = &body.tokens[start_of_value..end];
            statement(text, indent, &head, value, semicolon, || {
                lone_argument_call(tokens)
            })?;
        }
    }
    Some(())
}

/// `match scrutinee { arms }`: each arm `pattern => value,` on one line,
/// a struct literal broken in a block of its own, or `pattern => {` and
/// a block.
fn match_expression(body: &mut Cursor<'_>, indent: usize, text: &mut String) -> Option<()> {
    let Printed::Flat(scrutinee) = operand(body, false)? else {
        return None;
    };
    let arms = inside(body.next()?, Delimiter::Brace)?;
    if arms.is_empty() {
        // An enum with no variants: `match *self {}`.
        return push_line(text, indent, &format!("match {scrutinee} {{}}"));
    }
    push_line(text, indent, &format!("match {scrutinee} {{"))?;
    let mut arms = Cursor::new(&arms);
    let arm = indent + INDENT;
    while !arms.done() {
        let pattern = pattern(&mut arms)?;
        arms.punct('=')?;
        arms.punct('>')?;
        if let Some(TokenTree::Group(group)) = arms.peek() {
            if group.delimiter() == Delimiter::Brace {
                arms.at += 1;
                arms.eat_punct(',');
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                if inner.is_empty() {
                    push_line(text, arm, &format!("{pattern} => {{}}"))?;
                    continue;
                }
                push_line(text, arm, &format!("{pattern} => {{"))?;
                block(&inner, arm + INDENT, text)?;
                push_line(text, arm, "}")?;
                continue;
            }
        }
        let returned = if arms.eat_ident("return") {
            "return "
        } else {
            ""
        };
        let value = operand(&mut arms, true)?;
        arms.separator()?;
        code::match_arm(text, arm, &pattern, returned, value)?;
    }
    push_line(text, indent, "}")
}

/// Conditions joined by `&&`, each on one line.
fn conjunction(cursor: &mut Cursor<'_>) -> Option<Vec<String>> {
    let mut conditions = vec![binary(cursor)?];
    while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) =
        (cursor.peek(), cursor.tokens.get(cursor.at + 1))
    {
        if !(a.as_char() == '&' && a.spacing() == Spacing::Joint && b.as_char() == '&') {
            break;
        }
        cursor.at += 2;
        conditions.push(binary(cursor)?);
    }
    Some(conditions)
}

/// An operand, or two joined by `==` or `>`, on one line.
fn binary(cursor: &mut Cursor<'_>) -> Option<String> {
    let Printed::Flat(mut out) = operand(cursor, false)? else {
        return None;
    };
    let operator = match (cursor.peek(), cursor.tokens.get(cursor.at + 1)) {
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == '=' && a.spacing() == Spacing::Joint && b.as_char() == '=' =>
        {
            cursor.at += 2;
            "=="
        }
        (Some(TokenTree::Punct(a)), _) if a.as_char() == '>' && a.spacing() == Spacing::Alone => {
            cursor.at += 1;
            ">"
        }
        _ => return Some(out),
    };
    let Printed::Flat(right) = operand(cursor, false)? else {
        return None;
    };
    out.push_str(&format!(" {operator} {right}"));
    Some(out)
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
fn parameters(group: &TokenTree) -> Option<Vec<String>> {
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
    Some(params)
}

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
    for prefix in ['*', '&'] {
        if cursor.eat_punct(prefix) {
            let mutable = if prefix == '&' && cursor.eat_ident("mut") {
                "mut "
            } else {
                ""
            };
            return match operand(cursor, struct_literal)? {
                Printed::Flat(text) => Some(Printed::Flat(format!("{prefix}{mutable}{text}"))),
                Printed::Broken { .. } => None,
            };
        }
    }
    if cursor.eat_punct('|') {
        // A closure of one parameter: `|value| value.0`.
        let parameter = cursor.ident()?;
        cursor.punct('|')?;
        let body = expression(cursor)?;
        return Some(Printed::Flat(format!("|{parameter}| {body}")));
    }
    let mut out = match cursor.next()? {
        TokenTree::Literal(literal) => literal.to_string(),
        // A tuple or an array: `("type", tag_0)`, `[a, b]`; not a
        // parenthesized expression, which prettyplease may print without
        // its parentheses.
        TokenTree::Group(group) if group.delimiter() != Delimiter::Brace => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let elements = elements(&inner, expression)?;
            let joined = elements.join(", ");
            match group.delimiter() {
                Delimiter::Bracket => format!("[{joined}]"),
                Delimiter::Parenthesis if elements.len() != 1 => format!("({joined})"),
                _ => return None,
            }
        }
        // A qualified path: `<T as Deserialize>::deserialize`, or
        // `<String>::deserialize`.
        TokenTree::Punct(open) if open.as_char() == '<' => {
            let mut qualified = format!("<{}", ty(cursor)?);
            if cursor.eat_ident("as") {
                qualified.push_str(&format!(" as {}", cursor.path()?));
            }
            cursor.punct('>')?;
            cursor.punct(':')?;
            cursor.punct(':')?;
            format!("{qualified}>::{}", cursor.path()?)
        }
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
            let mut arguments = Vec::new();
            while !args.done() {
                arguments.push(operand(&mut args, true)?);
                args.separator()?;
            }
            // Whatever follows a broken call is left to the caller, which
            // accepts only the end of a statement or match arm.
            match call(&out, arguments)? {
                Printed::Flat(text) => out = text,
                broken => return Some(broken),
            }
        }
        Some(TokenTree::Group(group))
            if struct_literal && group.delimiter() == Delimiter::Brace =>
        {
            cursor.at += 1;
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            match code::struct_literal(&out, fields(&inner, false)?) {
                Printed::Flat(text) => out = text,
                broken => return Some(broken),
            }
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
                // A method call, `.expect("...")`, or a field, `.name`.
                TokenTree::Ident(member) => {
                    out.push_str(&member.to_string());
                    if let Some(TokenTree::Group(group)) = cursor.peek() {
                        if group.delimiter() == Delimiter::Parenthesis {
                            cursor.at += 1;
                            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                            out.push('(');
                            out.push_str(&list(&inner, expression)?);
                            out.push(')');
                        }
                    }
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
        // A tuple: `(key, value)`.
        TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let elements = elements(&inner, pattern)?;
            (elements.len() > 1).then(|| format!("({})", elements.join(", ")))
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
    Some(elements(tokens, element)?.join(", "))
}

/// Comma-separated elements, each read by `element`.
fn elements(
    tokens: &[TokenTree],
    element: fn(&mut Cursor<'_>) -> Option<String>,
) -> Option<Vec<String>> {
    let mut cursor = Cursor::new(tokens);
    let mut elements = Vec::new();
    while !cursor.done() {
        elements.push(element(&mut cursor)?);
        cursor.separator()?;
    }
    Some(elements)
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
        // 81 columns with its indent (its comma is written past the
        // margin), flat up to 8 letters more; then in a block, where its
        // value is 78 columns, up to 11.
        assert_eq!(printed[1], 12, "{printed:?}");
        assert!(printed.iter().all(|&n| (1..80).contains(&n)), "{printed:?}");
    }

    /// A schemars impl as `json_schema::impl_tokens` writes it, for a type of
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
        // 16 more letters; broken, its argument's line is 49 columns and
        // the letters (its trailing comma is not counted), which fits up
        // to 40.
        assert_eq!((printed, broken), (41, 24));
    }

    /// A tagged union's impls as the emitter writes them (`write_fields`
    /// and `take_fields`, then the emitter's own `Serialize` and
    /// `Deserialize` through them), with each kind of field and one and
    /// two tags. The error
    /// message is `letters` letters longer, the second tag's name a
    /// quarter and the type names a tenth of that.
    fn tagged_union(letters: usize) -> TokenStream {
        let pad = |n: usize| "X".repeat(n);
        let name = format_ident!("U{}", pad(letters / 10));
        let plain = format_ident!("Plain{}", pad(letters / 10));
        let held = format_ident!("Held{}", pad(letters / 10));
        let tagged = format_ident!("Tagged{}", pad(letters / 10));
        let property = format!("p{}", pad(letters / 4));
        let message = format!(
            "{}`kind` matches no kind of U: found {{found}}",
            pad(letters)
        );
        let serde_impls = crate::emit::map_serde_impls(&name);
        quote! {
            impl #name {
                fn write_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                    match self {
                        Self::#plain => {
                            map.serialize_entry("kind", &"plain")?;
                        }
                        Self::#held(value) => write_value_fields(map, value)?,
                        Self::#tagged { id, t, when, rest, inner } => {
                            map.serialize_entry("kind", &"tagged")?;
                            map.serialize_entry("on", &true)?;
                            map.serialize_entry(#property, &id)?;
                            if let Some(value) = &t {
                                map.serialize_entry("t", &rfc3339::Wrap(value))?;
                            }
                            map.serialize_entry("when", &rfc3339::Wrap(&when))?;
                            inner.write_fields(map)?;
                            for (key, value) in &rest {
                                map.serialize_entry(key, value)?;
                            }
                        }
                    }
                    Ok(())
                }
                fn take_fields(fields: &mut Fields<'_>) -> Result<Self, String> {
                    let tag_0 = fields.get("kind");
                    let tag_1 = fields.get("on");
                    if tag_0.and_then(serde_json::Value::as_str) == Some("plain") {
                        fields.remove("kind");
                        return Ok(Self::#plain);
                    }
                    if tag_0.and_then(serde_json::Value::as_str) == Some("held") {
                        return Ok(Self::#held(take_value::<#held>(fields)?));
                    }
                    if tag_0.and_then(serde_json::Value::as_str) == Some("tagged")
                        && tag_1.and_then(serde_json::Value::as_bool) == Some(true)
                    {
                        fields.remove("kind");
                        fields.remove("on");
                        return Ok(Self::#tagged {
                            id: take_required(fields, #property)?,
                            t: take_optional::<rfc3339::Wrap<T>>(fields, "t")?.map(|value| value.0),
                            when: take_required::<rfc3339::Wrap<T>>(fields, "when")?.0,
                            inner: #held::take_fields(fields)?,
                            rest: take_value(fields)?,
                        });
                    }
                    let found = describe_tags(&[("kind", tag_0)]);
                    let found = describe_tags(&[("kind", tag_0), (#property, tag_1)]);
                    Err(format!(#message))
                }
            }
            #serde_impls
        }
    }

    /// Every statement a tagged union's impls hold, printed as
    /// prettyplease prints them, through the layouts of the last two
    /// statements.
    #[test]
    fn tagged_unions_read_as_prettyplease_prints_them() {
        let mut printed = 0;
        let mut messages = [0; 3];
        let mut flat_tags = 0;
        for letters in 0..120 {
            let tokens = tagged_union(letters);
            let mut items: Vec<TokenTree> = tokens.clone().into_iter().collect();
            let mut text = String::new();
            while let Some((item, used)) = simple_impl(&items, |_| true) {
                text.push_str(&item);
                items.drain(..used);
            }
            assert!(items.is_empty(), "{letters} letters: declined");
            assert_eq!(text, prettyplease(tokens), "{letters} letters");
            printed += 1;
            let breaks =
                usize::from(text.contains("Err(\n")) + usize::from(text.contains("format!(\n"));
            messages[breaks] += 1;
            flat_tags += usize::from(text.contains("describe_tags(&[(\"kind\", tag_0), ("));
        }
        // All lines fit but the message's, which prettyplease does not
        // break. `Err(format!("` and `"))` are 16 columns and the message
        // 42, so at an indent of 8 it is flat up to 23 letters. Broken
        // around the macro, the line is `format!("` and `")` at an indent
        // of 12 (its trailing comma is not counted): one column shorter,
        // so it fits at 24 letters. From there the literal gets a line of
        // its own, however long. The
        // second `describe_tags` line is 60 columns and the property's
        // letters, flat while they are at most 21, up to 87 letters; from
        // there its one argument breaks onto a line of its own.
        assert_eq!((printed, messages, flat_tags), (120, [24, 1, 95], 88));
    }

    /// The impls of a union of whole values as the emitter writes them:
    /// `anyOf` or `oneOf`, with or without a base type, two variants whose
    /// type names are `letters` letters longer (their members half that).
    fn value_union(letters: usize, any_of: bool, base: bool) -> TokenStream {
        let pad = |n: usize| "X".repeat(n);
        let name = format_ident!("U{}", pad(letters / 10));
        let types = [
            format_ident!("T{}", pad(letters)),
            format_ident!("S{}", pad(letters)),
        ];
        let members = [
            format!("V{}", pad(letters / 2)),
            format!("W{}", pad(letters / 2)),
        ];
        let variants: Vec<(&str, TokenStream)> = members
            .iter()
            .zip(&types)
            .map(|(member, ty)| (member.as_str(), quote!(#ty)))
            .collect();
        let base = base.then(|| quote!(String));
        crate::emit::value_union_impls(&name, &variants, any_of, base)
    }

    #[test]
    fn value_unions_read_as_prettyplease_prints_them() {
        for (any_of, base) in [(true, false), (true, true), (false, false), (false, true)] {
            let mut printed = 0;
            for letters in 0..60 {
                let tokens = value_union(letters, any_of, base);
                let mut items: Vec<TokenTree> = tokens.clone().into_iter().collect();
                let mut text = String::new();
                while let Some((item, used)) = simple_impl(&items, |_| true) {
                    text.push_str(&item);
                    items.drain(..used);
                }
                if items.is_empty() {
                    assert_eq!(
                        text,
                        prettyplease(tokens),
                        "{letters} letters, {any_of}, {base}"
                    );
                    printed += 1;
                }
            }
            // The longest line is the first `match` at an indent of 8:
            // `match <` and ` as Deserialize>::deserialize(&value) {` are
            // 46 columns and the type name 1 and the letters, so it fits
            // up to 34 letters; prettyplease breaks the call from there.
            // The `oneOf` message never fits and its literal gets a line
            // of its own.
            assert_eq!(printed, 35, "anyOf {any_of}, base {base}");
        }
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

    /// An arm too long for its line, plain or a `return`, at every length
    /// around the margin: prettyplease puts the value in a block.
    #[test]
    fn an_arm_too_long_for_its_line_is_printed_in_a_block() {
        let (mut printed, mut blocks) = ([0; 2], [0; 2]);
        for letters in 0..80 {
            let variant = format_ident!("V{}", "X".repeat(letters));
            for (kind, arm) in [
                quote!(Self::#variant(value) => value.serialize(serializer),),
                quote!(Self::#variant(value) => return Ok(value),),
            ]
            .into_iter()
            .enumerate()
            {
                let tokens = quote! {
                    impl Serialize for Thing {
                        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                            match self {
                                #arm
                            }
                        }
                    }
                };
                let items: Vec<TokenTree> = tokens.clone().into_iter().collect();
                let Some((text, _)) = simple_impl(&items, |_| true) else {
                    continue;
                };
                assert_eq!(text, prettyplease(tokens), "{letters} letters, arm {kind}");
                printed[kind] += 1;
                blocks[kind] += usize::from(text.contains("=> {\n"));
            }
        }
        // At an indent of 12, `Self::V(value) => ` is 30 columns and the
        // letters; `value.serialize(serializer)` is 27 more, flat up to
        // 32 letters (the arm's comma is written past the margin), and
        // `return Ok(value)` 16, flat up to 43. In a block, the line
        // `Self::V..(value) => {` fits up to 58 letters; from there the
        // arm is declined.
        assert_eq!((printed, blocks), ([59, 59], [26, 15]));
    }

    /// A checked newtype's and an enumeration of values' `Deserialize`,
    /// as the emitter writes them.
    #[test]
    fn newtype_and_value_enumeration_deserializers_are_printed() {
        for tokens in [
            quote! {
                impl<'de> Deserialize<'de> for Code {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        Self::new(<String>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
                    }
                }
            },
            quote! {
                impl<'de> Deserialize<'de> for Level {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        for variant in Self::ALL.iter().cloned() {
                            if super::__support::json_equal(&variant.json_value(), &value) {
                                return Ok(variant);
                            }
                        }
                        let message = format!("one of 1, 2, 3, {{\"a\": true}}, found {value}");
                        Err(serde::de::Error::custom(message))
                    }
                }
            },
        ] {
            let items: Vec<TokenTree> = tokens.clone().into_iter().collect();
            let (text, used) = simple_impl(&items, |_| true).expect("printed directly");
            assert_eq!(used, items.len());
            assert_eq!(text, prettyplease(tokens));
        }
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
            quote! { impl<T> From<T> for Thing where T: Into<u16> { fn from(value: T) -> Thing { Thing(value.into()) } } },
            // A broken struct literal with more after it in the arm.
            quote! { impl Thing { pub fn f(&self) -> Self { match status { _ => Ok(Self::Default { status, body: serde_json::Value::Null })?, } } } },
        ] {
            let items: Vec<TokenTree> = other.clone().into_iter().collect();
            assert!(simple_impl(&items, |_| true).is_none(), "{other}");
        }
    }
}
