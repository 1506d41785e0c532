//! Type declarations printed straight from their tokens.
//!
//! Most of a generated module is plain declarations: a documented struct,
//! enum or type alias with derives and serde attributes, and no code.
//! Parsing them with syn only to have prettyplease print them back took
//! most of the formatting time, so this module prints them itself, in
//! exactly prettyplease's layout (its rules are cited below). Whatever it
//! is not sure of (generics, tuple fields with attributes, a line that
//! would need wrapping) it declines, and the caller formats that item the
//! usual way. `tests` hold it to prettyplease's output, and every
//! generated file in the repository and the benchmark inputs is the same
//! text with or without this module.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// prettyplease's line width: a group of attribute arguments that does
/// not fit before it is broken one argument per line.
pub(super) const MARGIN: usize = 89;
pub(crate) const INDENT: usize = 4;

/// A declaration read and printed: its name (for the settings, which may
/// change the item) and its text.
pub(crate) struct Declaration {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// Reads the declaration at the front of `tokens`, returning it and how
/// many tokens it took; `None` when the front is not a declaration this
/// module prints exactly as prettyplease would.
pub(crate) fn first(tokens: &[TokenTree]) -> Option<(Declaration, usize)> {
    let mut cursor = Cursor::new(tokens);
    let mut text = String::new();
    let attrs = cursor.attrs()?;
    for attr in &attrs {
        attr.print(&mut text, 0)?;
    }
    let public = cursor.eat_ident("pub");
    let vis = if public { "pub " } else { "" };
    let keyword = cursor.ident()?;
    let name = cursor.ident()?;
    match keyword.as_str() {
        "struct" => match cursor.next()? {
            TokenTree::Group(body) if body.delimiter() == Delimiter::Brace => {
                let fields = named_fields(&body.stream().into_iter().collect::<Vec<_>>(), true)?;
                print_struct_body(&mut text, vis, &name, &fields)?;
            }
            TokenTree::Group(body) if body.delimiter() == Delimiter::Parenthesis => {
                let fields = tuple_fields(&body.stream().into_iter().collect::<Vec<_>>())?;
                cursor.punct(';')?;
                let mut line = format!("{vis}struct {name}(");
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        line.push_str(", ");
                    }
                    print_flat(&mut line, field);
                }
                line.push_str(");");
                fits(&line, 0)?;
                text.push_str(&line);
                text.push('\n');
            }
            TokenTree::Punct(semi) if semi.as_char() == ';' => {
                text.push_str(&format!("{vis}struct {name};\n"));
            }
            _ => return None,
        },
        "enum" => {
            let TokenTree::Group(body) = cursor.next()? else {
                return None;
            };
            if body.delimiter() != Delimiter::Brace {
                return None;
            }
            let variants = variants(&body.stream().into_iter().collect::<Vec<_>>())?;
            print_enum_body(&mut text, vis, &name, &variants)?;
        }
        "type" => {
            cursor.punct('=')?;
            let (ty, used) = ty(&tokens[cursor.at..])?;
            cursor.at += used;
            cursor.punct(';')?;
            let head = format!("{vis}type {name} = ");
            text.push_str(&head);
            print_run(&mut text, &ty, head.len(), 0, ";".len())?;
            text.push_str(";\n");
        }
        _ => return None,
    }
    Some((Declaration { name, text }, cursor.at))
}

/// `{vis}struct {name} { fields }` after its attributes.
fn print_struct_body(out: &mut String, vis: &str, name: &str, fields: &[NamedField]) -> Option<()> {
    out.push_str(vis);
    out.push_str("struct ");
    out.push_str(name);
    out.push_str(" {");
    print_fields_broken(out, fields, INDENT, false)?;
    out.push_str("}\n");
    Some(())
}

/// `{vis}enum {name} { variants }` after its attributes.
fn print_enum_body(out: &mut String, vis: &str, name: &str, variants: &[Variant]) -> Option<()> {
    out.push_str(vis);
    out.push_str("enum ");
    out.push_str(name);
    out.push_str(" {");
    if !variants.is_empty() {
        out.push('\n');
    }
    for variant in variants {
        variant.print(out)?;
    }
    out.push_str("}\n");
    Some(())
}

/// A public struct with named fields or enum of unit variants, built by
/// `emit` from the pieces [`first`] would read from its tokens, so that
/// the common declarations skip being written as tokens and read back.
/// Printing it gives the same text as [`first`] on those tokens, and
/// declines where it does.
pub(crate) struct DeclarationModel {
    pub(crate) attrs: Vec<Attr>,
    pub(crate) name: String,
    pub(crate) body: ModelBody,
}

pub(crate) enum ModelBody {
    Struct(Vec<NamedField>),
    Enum(Vec<Variant>),
}

impl DeclarationModel {
    pub(crate) fn print(&self) -> Option<String> {
        let mut text = String::new();
        for attr in &self.attrs {
            attr.print(&mut text, 0)?;
        }
        match &self.body {
            ModelBody::Struct(fields) => print_struct_body(&mut text, "pub ", &self.name, fields)?,
            ModelBody::Enum(variants) => print_enum_body(&mut text, "pub ", &self.name, variants)?,
        }
        Some(text)
    }
}

/// The outer attributes `tokens` consist of, as [`first`] reads them;
/// `None` when it would decline one, or for anything else.
pub(crate) fn read_attrs(tokens: TokenStream) -> Option<Vec<Attr>> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut cursor = Cursor::new(&tokens);
    let attrs = cursor.attrs()?;
    cursor.done().then_some(attrs)
}

/// The named fields `tokens` consist of (`pub name: Type,` with
/// attributes), as [`first`] reads a struct's body.
pub(crate) fn read_fields(tokens: TokenStream) -> Option<Vec<NamedField>> {
    named_fields(&tokens.into_iter().collect::<Vec<_>>(), true)
}

/// A field type as [`first`] reads it from `tokens`.
pub(crate) fn read_type(tokens: TokenStream) -> Option<Vec<Piece>> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let (pieces, used) = ty(&tokens)?;
    (used == tokens.len()).then_some(pieces)
}

/// `Some` when a line of `indent` spaces and `line` is within the margin,
/// where prettyplease would not wrap it.
fn fits(line: &str, indent: usize) -> Option<()> {
    (indent + line.len() <= MARGIN).then_some(())
}

/// The tokens inside `token` when it is a group in `delimiter`s.
pub(super) fn inside(token: &TokenTree, delimiter: Delimiter) -> Option<Vec<TokenTree>> {
    match token {
        TokenTree::Group(group) if group.delimiter() == delimiter => {
            Some(group.stream().into_iter().collect())
        }
        _ => None,
    }
}

pub(super) struct Cursor<'a> {
    pub(super) tokens: &'a [TokenTree],
    pub(super) at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(tokens: &'a [TokenTree]) -> Self {
        Cursor { tokens, at: 0 }
    }

    pub(super) fn peek(&self) -> Option<&'a TokenTree> {
        self.tokens.get(self.at)
    }

    pub(super) fn next(&mut self) -> Option<&'a TokenTree> {
        let token = self.tokens.get(self.at)?;
        self.at += 1;
        Some(token)
    }

    pub(super) fn done(&self) -> bool {
        self.at >= self.tokens.len()
    }

    pub(super) fn ident(&mut self) -> Option<String> {
        match self.peek()? {
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                self.at += 1;
                Some(text)
            }
            _ => None,
        }
    }

    /// `a::b::C`: identifiers joined by `::`, stopping before anything else.
    pub(super) fn path(&mut self) -> Option<String> {
        let mut path = self.ident()?;
        loop {
            match (self.peek(), self.tokens.get(self.at + 1)) {
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':'
                        && a.spacing() == Spacing::Joint
                        && b.as_char() == ':' =>
                {
                    self.at += 2;
                    path.push_str("::");
                    path.push_str(&self.ident()?);
                }
                _ => break,
            }
        }
        Some(path)
    }

    pub(super) fn eat_ident(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some(TokenTree::Ident(ident)) if ident == word);
        if found {
            self.at += 1;
        }
        found
    }

    /// The comma after an element of a list, or the list's end.
    pub(super) fn separator(&mut self) -> Option<()> {
        (self.done() || self.eat_punct(',')).then_some(())
    }

    /// `ch`, or `None`: for a token the grammar requires.
    pub(super) fn punct(&mut self, ch: char) -> Option<()> {
        self.eat_punct(ch).then_some(())
    }

    /// `word`, or `None`: for a keyword the grammar requires.
    pub(super) fn keyword(&mut self, word: &str) -> Option<()> {
        self.eat_ident(word).then_some(())
    }

    pub(super) fn eat_punct(&mut self, ch: char) -> bool {
        let found = matches!(self.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ch);
        if found {
            self.at += 1;
        }
        found
    }

    /// Reads the outer attributes and prints them, each on its own
    /// line(s) at `indent`.
    pub(super) fn print_attrs(&mut self, out: &mut String, indent: usize) -> Option<()> {
        for attr in self.attrs()? {
            attr.print(out, indent)?;
        }
        Some(())
    }

    /// Outer attributes: `#[...]`. An inner one (`#![...]`) is not part of
    /// a declaration.
    pub(super) fn attrs(&mut self) -> Option<Vec<Attr>> {
        let mut attrs = Vec::new();
        while self.eat_punct('#') {
            let TokenTree::Group(group) = self.next()? else {
                return None;
            };
            if group.delimiter() != Delimiter::Bracket {
                return None;
            }
            attrs.push(Attr::read(&group.stream().into_iter().collect::<Vec<_>>())?);
        }
        Some(attrs)
    }
}

/// An attribute this module prints: a doc line, a bare path
/// (`#[default]`), or a path with arguments (`#[serde(...)]`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Attr {
    Doc(String),
    Path(String),
    List(String, Group),
}

impl Attr {
    pub(super) fn read(tokens: &[TokenTree]) -> Option<Attr> {
        let mut cursor = Cursor::new(tokens);
        let mut path = cursor.ident()?;
        while cursor.eat_punct(':') {
            cursor.punct(':')?;
            path.push_str("::");
            path.push_str(&cursor.ident()?);
        }
        if cursor.done() {
            return Some(Attr::Path(path));
        }
        if path == "doc" && cursor.eat_punct('=') {
            let TokenTree::Literal(literal) = cursor.next()? else {
                return None;
            };
            return cursor
                .done()
                .then(|| unescape(&literal.to_string()))
                .flatten()
                .map(Attr::Doc);
        }
        match cursor.next()? {
            TokenTree::Group(group)
                if group.delimiter() == Delimiter::Parenthesis && cursor.done() =>
            {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                let pieces = pieces(&inner)?;
                Some(Attr::List(path, Group::parenthesized(pieces)))
            }
            _ => None,
        }
    }

    /// Prints the attribute on its own line(s) at `indent`.
    pub(super) fn print(&self, out: &mut String, indent: usize) -> Option<()> {
        match self {
            // prettyplease: a one-line doc not starting with `/` becomes
            // `///` and the text, trailing spaces trimmed.
            Attr::Doc(doc) => {
                if doc.contains('\n') || doc.starts_with('/') {
                    return None;
                }
                push_indent(out, indent);
                out.push_str("///");
                out.push_str(doc.trim_end_matches(' '));
            }
            Attr::Path(path) => {
                push_indent(out, indent);
                out.push_str("#[");
                out.push_str(path);
                out.push(']');
            }
            Attr::List(path, group) => {
                push_indent(out, indent);
                out.push_str("#[");
                out.push_str(path);
                print_group(out, group, indent + 2 + path.len(), indent, "]".len())?;
                out.push(']');
            }
        }
        out.push('\n');
        Some(())
    }
}

/// Attribute arguments as prettyplease lays them out (`attr_tokens`):
/// text, spaces it may break at (after a comma), and parenthesized groups
/// that break on their own.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    Text(String),
    Space,
    Group(Group),
    /// A comma ending a group: written only when the group is broken.
    TrailingComma,
}

/// `(...)` in attribute arguments, `<...>` in types.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    open: char,
    close: char,
    pieces: Vec<Piece>,
}

impl Group {
    fn parenthesized(pieces: Vec<Piece>) -> Group {
        Group {
            open: '(',
            close: ')',
            pieces,
        }
    }
}

/// The pieces of a parenthesized argument list, following prettyplease's
/// `attr_tokens`: a space between two words, ` = ` around `=`, a
/// breakable space after a comma.
fn pieces(tokens: &[TokenTree]) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut after_word = false;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) => {
                if after_word {
                    out.push(Piece::Space);
                }
                out.push(Piece::Text(ident.to_string()));
                after_word = true;
            }
            TokenTree::Literal(literal) => {
                if after_word {
                    out.push(Piece::Space);
                }
                out.push(Piece::Text(literal.to_string()));
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                let ch = punct.as_char();
                match ch {
                    ',' if i + 1 == tokens.len() => out.push(Piece::TrailingComma),
                    '=' if after_word => out.push(Piece::Text(" = ".to_owned())),
                    '=' => out.push(Piece::Text("= ".to_owned())),
                    ',' => {
                        out.push(Piece::Text(",".to_owned()));
                        out.push(Piece::Space);
                    }
                    ':' => out.push(Piece::Text(":".to_owned())),
                    _ => return None,
                }
                after_word = false;
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                out.push(Piece::Group(Group::parenthesized(pieces(&inner)?)));
                after_word = false;
            }
            TokenTree::Group(_) => return None,
        }
    }
    Some(out)
}

fn flat_width(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.len(),
            Piece::Space => 1,
            Piece::Group(group) => 2 + flat_width(&group.pieces),
            Piece::TrailingComma => 0,
        })
        .sum()
}

/// Prints `pieces` from `column` on a line indented by `indent`, where
/// `trailing` characters follow them before the next place a line may
/// break; a `Space` is a line break (the pieces of a broken group).
/// Returns the column after them.
fn print_run(
    out: &mut String,
    pieces: &[Piece],
    mut column: usize,
    indent: usize,
    trailing: usize,
) -> Option<usize> {
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                out.push_str(text);
                column += text.len();
            }
            Piece::Space => {
                // The comma before it stays on its line.
                out.push('\n');
                push_indent(out, indent);
                column = indent;
            }
            Piece::TrailingComma => {
                out.push(',');
                column += 1;
            }
            Piece::Group(group) => {
                // What follows up to the next break (a `Space`, or the
                // end of the enclosing group) counts against the margin.
                let rest = &pieces[i + 1..];
                let text_run = rest
                    .iter()
                    .take_while(|piece| matches!(piece, Piece::Text(_) | Piece::TrailingComma))
                    .count();
                let after = match rest.get(text_run) {
                    // `a(b)c(d)`: not something the emitter writes.
                    Some(Piece::Group(_)) => return None,
                    Some(_) => flat_width(&rest[..text_run]),
                    None => flat_width(rest) + trailing,
                };
                column = print_group(out, group, column, indent, after)?;
            }
        }
    }
    Some(column)
}

/// Prints a group whose opening delimiter goes at `column` on a line
/// indented by `indent`, followed by `trailing` characters before the
/// next break, and returns the column after its closing delimiter.
/// prettyplease breaks the group (one element per line, four spaces
/// deeper, the closing delimiter back on the line's indent) when its flat
/// contents, closing delimiter and trailing text pass the margin; each
/// group inside then decides again at its new place.
fn print_group(
    out: &mut String,
    group: &Group,
    column: usize,
    indent: usize,
    trailing: usize,
) -> Option<usize> {
    out.push(group.open);
    let column = column + 1;
    if column + flat_width(&group.pieces) + 1 + trailing <= MARGIN {
        print_flat(out, &group.pieces);
        out.push(group.close);
        return Some(column + flat_width(&group.pieces) + 1);
    }
    let inner = indent + INDENT;
    out.push('\n');
    push_indent(out, inner);
    print_run(out, &group.pieces, inner, inner, 0)?;
    out.push('\n');
    push_indent(out, indent);
    out.push(group.close);
    Some(indent + 1)
}

fn print_flat(out: &mut String, pieces: &[Piece]) {
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Space => out.push(' '),
            Piece::TrailingComma => {}
            Piece::Group(group) => {
                out.push(group.open);
                print_flat(out, &group.pieces);
                out.push(group.close);
            }
        }
    }
}

pub(super) fn push_indent(out: &mut String, indent: usize) {
    // Copied as a slice: pushed a space at a time, indenting was 2% of
    // the instructions on a synthetic document of 1,000 schemas (#8).
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let run = left.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        left -= run;
    }
}

/// Appends `line` at `indent` and ends it, whatever its length: for the
/// callers' lines that fit, or that prettyplease cannot break either.
pub(super) fn write_line(out: &mut String, indent: usize, line: &str) {
    push_indent(out, indent);
    out.push_str(line);
    out.push('\n');
}

/// A named field: attributes, `pub` or not, name, type.
pub(crate) struct NamedField {
    pub(crate) attrs: Vec<Attr>,
    pub(crate) public: bool,
    pub(crate) name: String,
    /// Shared: the emitter reads each field type once and gives its
    /// pieces to every field of that type (#8).
    pub(crate) ty: std::rc::Rc<[Piece]>,
}

impl NamedField {
    fn documented(&self) -> bool {
        self.attrs.iter().any(|attr| matches!(attr, Attr::Doc(_)))
    }

    /// `pub name: Type` (without the comma).
    fn declaration(&self) -> String {
        let vis = if self.public { "pub " } else { "" };
        let mut text = format!("{vis}{}: ", self.name);
        print_flat(&mut text, &self.ty);
        text
    }

    /// `pub name: Type,` at `indent`, the type's generic arguments broken
    /// where prettyplease would break them; `comma_is_break` when the
    /// comma is part of a line break (the last field of a variant), so
    /// does not count against the margin.
    fn print(&self, out: &mut String, indent: usize, comma_is_break: bool) -> Option<()> {
        push_indent(out, indent);
        let vis = if self.public { "pub " } else { "" };
        let before = out.len();
        out.push_str(vis);
        out.push_str(&self.name);
        out.push_str(": ");
        let column = indent + (out.len() - before);
        let trailing = if comma_is_break { 0 } else { ",".len() };
        print_run(out, &self.ty, column, indent, trailing)?;
        out.push_str(",\n");
        Some(())
    }
}

fn named_fields(tokens: &[TokenTree], allow_pub: bool) -> Option<Vec<NamedField>> {
    let mut cursor = Cursor::new(tokens);
    let mut fields = Vec::new();
    while !cursor.done() {
        let attrs = cursor.attrs()?;
        let public = allow_pub && cursor.eat_ident("pub");
        let name = cursor.ident()?;
        cursor.punct(':')?;
        let (ty, used) = ty(&tokens[cursor.at..])?;
        cursor.at += used;
        cursor.separator()?;
        fields.push(NamedField {
            attrs,
            public,
            name,
            ty: ty.into(),
        });
    }
    Some(fields)
}

/// A tuple's fields, each `pub` or not; `None` when one has attributes
/// (prettyplease may put those on the field's line).
fn tuple_fields(tokens: &[TokenTree]) -> Option<Vec<std::rc::Rc<[Piece]>>> {
    let mut cursor = Cursor::new(tokens);
    let mut fields = Vec::new();
    while !cursor.done() {
        if !cursor.attrs()?.is_empty() {
            return None;
        }
        let public = cursor.eat_ident("pub");
        let (mut ty, used) = ty(&tokens[cursor.at..])?;
        cursor.at += used;
        cursor.separator()?;
        if public {
            ty.insert(0, Piece::Text("pub ".to_owned()));
        }
        fields.push(ty.into());
    }
    Some(fields)
}

/// A struct's fields, one per line at `indent`: prettyplease breaks a
/// struct body always (`hardbreak_if_nonempty`, a hard break after each
/// field).
fn print_fields_broken(
    out: &mut String,
    fields: &[NamedField],
    indent: usize,
    in_variant: bool,
) -> Option<()> {
    if !fields.is_empty() {
        out.push('\n');
    }
    for (i, field) in fields.iter().enumerate() {
        for attr in &field.attrs {
            attr.print(out, indent)?;
        }
        field.print(out, indent, in_variant && i + 1 == fields.len())?;
    }
    Some(())
}

pub(crate) enum VariantFields {
    Unit,
    Tuple(Vec<std::rc::Rc<[Piece]>>),
    Named(Vec<NamedField>),
}

pub(crate) struct Variant {
    pub(crate) attrs: Vec<Attr>,
    pub(crate) name: String,
    pub(crate) fields: VariantFields,
}

fn variants(tokens: &[TokenTree]) -> Option<Vec<Variant>> {
    let mut cursor = Cursor::new(tokens);
    let mut variants = Vec::new();
    while !cursor.done() {
        let attrs = cursor.attrs()?;
        let name = cursor.ident()?;
        let fields = match cursor.peek() {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                cursor.at += 1;
                VariantFields::Tuple(tuple_fields(&inner)?)
            }
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                cursor.at += 1;
                VariantFields::Named(named_fields(&inner, false)?)
            }
            _ => VariantFields::Unit,
        };
        // A discriminant (`= 1`) is not emitted for these enums.
        cursor.separator()?;
        variants.push(Variant {
            attrs,
            name,
            fields,
        });
    }
    Some(variants)
}

impl Variant {
    /// The variant at four spaces, with the enum's comma after it.
    fn print(&self, out: &mut String) -> Option<()> {
        for attr in &self.attrs {
            attr.print(out, INDENT)?;
        }
        match &self.fields {
            VariantFields::Unit => {
                let line = format!("{},", self.name);
                fits(&line, INDENT)?;
                push_indent(out, INDENT);
                out.push_str(&line);
            }
            // `Name(A, B)`: prettyplease's `fields_unnamed`, a group that
            // breaks like any other, with a trailing comma when broken.
            VariantFields::Tuple(fields) => {
                let mut pieces = Vec::new();
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        pieces.push(Piece::Text(",".to_owned()));
                        pieces.push(Piece::Space);
                    }
                    pieces.extend(field.iter().cloned());
                }
                pieces.push(Piece::TrailingComma);
                push_indent(out, INDENT);
                out.push_str(&self.name);
                let group = Group::parenthesized(pieces);
                print_group(out, &group, INDENT + self.name.len(), INDENT, ",".len())?;
                out.push(',');
            }
            // prettyplease breaks `Name { ... }` only when it does not fit
            // or a field's docs force it; an undocumented field with
            // attributes would share a line with them, which is left to
            // prettyplease.
            VariantFields::Named(fields) => {
                if fields.is_empty() {
                    return None;
                }
                if fields.iter().all(NamedField::documented) {
                    push_indent(out, INDENT);
                    out.push_str(&self.name);
                    out.push_str(" {");
                    print_fields_broken(out, fields, 2 * INDENT, true)?;
                    push_indent(out, INDENT);
                    out.push_str("},");
                } else if fields.iter().all(|f| f.attrs.is_empty()) {
                    let declarations: Vec<String> =
                        fields.iter().map(NamedField::declaration).collect();
                    let line = format!("{} {{ {} }},", self.name, declarations.join(", "));
                    fits(&line, INDENT)?;
                    push_indent(out, INDENT);
                    out.push_str(&line);
                } else {
                    return None;
                }
            }
        }
        out.push('\n');
        Some(())
    }
}

/// A type at the front of `tokens` (up to a `,` or `;`) and how many
/// tokens it took: a path with `::`, generic arguments as a `<...>` group
/// (`, ` between arguments, a trailing comma when broken, as prettyplease
/// prints them). `None` for anything else (references, tuples, arrays,
/// const blocks).
fn ty(tokens: &[TokenTree]) -> Option<(Vec<Piece>, usize)> {
    let mut cursor = Cursor::new(tokens);
    let pieces = path_type(&mut cursor)?;
    match cursor.peek() {
        None => {}
        Some(TokenTree::Punct(p)) if matches!(p.as_char(), ',' | ';') => {}
        Some(_) => return None,
    }
    Some((pieces, cursor.at))
}

/// A path type at the cursor on one line (`Option<Vec<String>>`), for
/// code inside macro arguments; `None` where [`path_type`] is.
pub(super) fn flat_path_type(cursor: &mut Cursor<'_>) -> Option<String> {
    let mut text = String::new();
    print_flat(&mut text, &path_type(cursor)?);
    Some(text)
}

fn path_type(cursor: &mut Cursor<'_>) -> Option<Vec<Piece>> {
    let path = cursor.path()?;
    let mut pieces = vec![Piece::Text(path)];
    if cursor.eat_punct('<') {
        let mut args = Vec::new();
        loop {
            match cursor.peek()? {
                TokenTree::Literal(literal) => {
                    args.push(Piece::Text(literal.to_string()));
                    cursor.at += 1;
                }
                _ => args.extend(path_type(cursor)?),
            }
            if cursor.eat_punct('>') {
                break;
            }
            cursor.punct(',')?;
            args.push(Piece::Text(",".to_owned()));
            args.push(Piece::Space);
        }
        args.push(Piece::TrailingComma);
        pieces.push(Piece::Group(Group {
            open: '<',
            close: '>',
            pieces: args,
        }));
    }
    Some(pieces)
}

/// The value of a string literal as `proc_macro2` writes it (escapes from
/// `char::escape_debug`), or of a raw string literal (`///` comments in
/// `quote!` become those); `None` for any other literal.
fn unescape(literal: &str) -> Option<String> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let body = body.strip_suffix(&raw[..hashes])?.strip_suffix('"')?;
        return Some(body.to_owned());
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    // Most doc lines have no escapes; copying them whole was a fifth of
    // reading a declaration's attributes.
    if !body.contains('\\') {
        return Some(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut hex = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        digit => hex.push(digit),
                    }
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any indent, shorter or longer than the run of spaces copied at once.
    #[test]
    fn an_indent_is_that_many_spaces() {
        for indent in 0..200 {
            let mut out = "x".to_owned();
            push_indent(&mut out, indent);
            assert_eq!(out, format!("x{}", " ".repeat(indent)));
        }
    }
    use proc_macro2::TokenStream;
    use quote::quote;

    /// What prettyplease prints for `tokens` (one item).
    fn prettyplease(tokens: &TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap())
    }

    fn direct(tokens: &TokenStream) -> Option<String> {
        let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let (declaration, used) = first(&tokens)?;
        assert_eq!(used, tokens.len(), "the whole item is read");
        Some(declaration.text)
    }

    #[track_caller]
    fn same_as_prettyplease(tokens: TokenStream) {
        let printed = direct(&tokens).expect("a declaration this module prints");
        assert_eq!(printed, prettyplease(&tokens));
    }

    #[test]
    fn structs_print_as_prettyplease_prints_them() {
        same_as_prettyplease(quote! {
            #[doc = " A \"record\" \u{2014} with\ttabs and \\ back\\slashes.  "]
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(rename_all = "camelCase", deny_unknown_fields)]
            #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
            pub struct Record {
                #[doc = " Unique identifier."]
                pub id: String,
                #[doc = ""]
                #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "deserialize_present")]
                #[cfg_attr(feature = "schemars", schemars(with = "chrono::DateTime<chrono::Utc>"))]
                pub created_at: Option<chrono::DateTime<chrono::Utc>>,
                pub r#type: std::collections::BTreeMap<String, Vec<super::BoundedString<2, 6>>>,
            }
        });
        same_as_prettyplease(quote!(
            pub struct Empty {}
        ));
        same_as_prettyplease(quote!(
            pub struct Unit;
        ));
        same_as_prettyplease(quote!(
            #[derive(Debug)]
            pub struct Wrapper(pub Vec<u8>);
        ));
    }

    #[test]
    fn enums_print_as_prettyplease_prints_them() {
        same_as_prettyplease(quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
            pub enum Status {
                #[doc = " `\"pending\"`"]
                #[default]
                #[serde(rename = "pending-review")]
                Pending,
                Closed,
            }
        });
        same_as_prettyplease(quote! {
            #[serde(untagged)]
            pub enum Amount {
                #[doc = " A `Text`."]
                Text(String),
                Pair(i64, Option<Vec<String>>),
                Created {
                    #[doc = " The `record` property."]
                    record: Record,
                    #[doc = " The `at` property."]
                    #[serde(default)]
                    at: Option<chrono::DateTime<chrono::Utc>>,
                },
                Short { a: u8, b: Vec<u16> },
            }
        });
        same_as_prettyplease(quote!(
            pub enum Never {}
        ));
    }

    #[test]
    fn doc_comments_written_in_quote_read_as_their_text() {
        same_as_prettyplease(quote! {
            /// The HTTP "status".
            pub struct A;
        });
        assert_eq!(
            unescape(r##"r#"a "quoted" \n"#"##).as_deref(),
            Some(r#"a "quoted" \n"#)
        );
        assert_eq!(
            unescape(r#""tab\there \u{1f600}""#).as_deref(),
            Some("tab\there \u{1f600}")
        );
        assert_eq!(
            unescape("\" plain, it's ü\"").as_deref(),
            Some(" plain, it's ü")
        );
        assert_eq!(unescape("1"), None);
        assert_eq!(unescape("\"unfinished \\u{41\""), None);
    }

    #[test]
    fn aliases_print_as_prettyplease_prints_them() {
        same_as_prettyplease(quote! {
            #[doc = " Ids."]
            pub type Ids = Vec<std::collections::BTreeMap<String, serde_json::Value>>;
        });
    }

    /// prettyplease breaks a group of attribute arguments when its flat
    /// contents pass the margin, and each nested group decides again at
    /// its new place; every length around the margin is checked.
    #[test]
    fn attribute_groups_break_where_prettyplease_breaks_them() {
        for length in 40..120 {
            let long = "x".repeat(length);
            let nested = "y".repeat(length / 2);
            same_as_prettyplease(quote! {
                #[serde(default, rename = #long)]
                #[cfg_attr(feature = "schemars", schemars(with = #long, description = #nested))]
                pub struct A {
                    #[serde(default, skip_serializing_if = "Option::is_none", rename = #long)]
                    #[cfg_attr(feature = "schemars", schemars(with = #nested), doc = #nested)]
                    pub a: u8,
                }
            });
        }
    }

    #[test]
    fn what_might_wrap_or_is_not_a_plain_declaration_is_declined() {
        let long = format_ident_long();
        for tokens in [
            quote!(
                pub struct Generic<T> {
                    pub t: T,
                }
            ),
            quote!(
                pub struct Checked(#[serde(with = "rfc3339")] pub time::OffsetDateTime);
            ),
            quote!(pub struct Newtype(pub Vec<#long>);),
            quote!(
                pub type Bounded = super::BoundedString<1, { usize::MAX }>;
            ),
            quote!(impl A {}),
            quote!(#![doc = " Inner."]),
            quote!(
                pub enum E {
                    A = 1,
                }
            ),
            quote!(
                pub enum E {
                    A {
                        #[serde(default)]
                        a: u8,
                    },
                }
            ),
            quote!(
                #[doc = "/ starts with a slash"]
                pub struct A;
            ),
        ] {
            assert!(direct(&tokens).is_none(), "{tokens}");
        }
    }

    fn format_ident_long() -> proc_macro2::Ident {
        quote::format_ident!("{}", "Long".repeat(30))
    }

    /// Generic arguments break, outermost first, where prettyplease
    /// breaks them, in aliases, struct fields and variant fields; every
    /// length around the margin is checked.
    #[test]
    fn generic_arguments_break_where_prettyplease_breaks_them() {
        for length in 1..100 {
            let name = quote::format_ident!("{}", "N".repeat(length));
            same_as_prettyplease(quote! {
                pub type Alias = serde_json::Map<String, #name>;
            });
            same_as_prettyplease(quote! {
                #[derive(Debug, Clone, PartialEq, Eq, Hash,)]
                #[serde(default, rename = "x",)]
                pub struct A {
                    pub field: Option<std::collections::BTreeMap<String, Vec<#name>>>,
                    pub other: std::collections::BTreeMap<#name, super::BoundedString<1, 2>>,
                }
            });
            same_as_prettyplease(quote! {
                #[serde(untagged)]
                pub enum Tuple {
                    #name(#name),
                    Pair(Vec<#name>, String),
                }
            });
            same_as_prettyplease(quote! {
                pub enum E {
                    V {
                        #[doc = " Docs."]
                        field: Option<Vec<#name>>,
                    },
                }
            });
        }
    }

    #[test]
    fn a_declaration_is_read_up_to_its_end() {
        let tokens: Vec<TokenTree> = quote!(pub struct A; impl A {}).into_iter().collect();
        let (declaration, used) = first(&tokens).unwrap();
        assert_eq!(declaration.name, "A");
        assert_eq!(used, 4);
    }
}
