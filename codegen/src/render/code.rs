//! Statements laid out as prettyplease lays them out, a line at a time.
//!
//! These are the layout rules of the impl printer (`impls`), apart from
//! the reading of tokens, so that an emitter can write a simple impl's
//! text directly (`emit::held_text`) and get, by the same functions, the
//! text the printer would make of its tokens. Each function declines
//! (`None`) where prettyplease would break a line in a way these rules do
//! not follow; the caller then gives the tokens to the printer instead.
//!
//! The rules: a line is written flat when it fits the margin; a signature
//! too long for its line has one parameter per line; a struct literal
//! wider than prettyplease's 34 columns has one field per line; a call
//! with one argument too long for its line has the argument on a line of
//! its own, and then a macro's literal on a line of its own; an `if`
//! whose conditions do not fit is filled line by line before `&&`, with
//! the block's `{` on a line of its own. A broken list's last comma is
//! not counted against the margin, as in prettyplease.

use super::declarations::{write_line, INDENT, MARGIN};
use super::json_macro::MARKER;

/// An expression as prettyplease prints it: on one line, or around a
/// struct literal it breaks (one field per line).
pub(crate) enum Printed {
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

/// `path { fields }`, flat when it is narrow enough, else broken.
pub(crate) fn struct_literal(path: &str, fields: Vec<String>) -> Printed {
    let joined = fields.join(", ");
    if path.len() + " { ".len() + joined.len() + " ".len() > STRUCT_LITERAL_WIDTH {
        return Printed::Broken {
            head: format!("{path} {{"),
            fields,
            tail: "}".to_owned(),
        };
    }
    Printed::Flat(format!("{path} {{ {joined} }}"))
}

/// `path(arguments)`. A lone struct literal argument that breaks breaks
/// the call around it (`call(Path {`, the fields, `})`); one among others
/// is declined.
pub(crate) fn call(path: &str, arguments: Vec<Printed>) -> Option<Printed> {
    let mut flat = Vec::with_capacity(arguments.len());
    let lone = arguments.len() == 1;
    for argument in arguments {
        match argument {
            Printed::Flat(text) => flat.push(text),
            Printed::Broken { head, fields, tail } if lone => {
                return Some(Printed::Broken {
                    head: format!("{path}({head}"),
                    fields,
                    tail: format!("{tail})"),
                });
            }
            Printed::Broken { .. } => return None,
        }
    }
    Some(Printed::Flat(format!("{path}({})", flat.join(", "))))
}

/// Appends a line, or declines when it passes the margin, where
/// prettyplease would break it. A line with a deferred `json!` argument
/// is laid out afterwards, wherever prettyplease would have broken it.
pub(crate) fn push_line(text: &mut String, indent: usize, line: &str) -> Option<()> {
    if indent + line.len() > MARGIN && !line.contains(MARKER) {
        return None;
    }
    write_line(text, indent, line);
    Some(())
}

/// The elements of a broken list, one per line, each with a comma. The
/// last one's comma is written only because the list broke, so
/// prettyplease does not count it against the margin.
pub(crate) fn push_elements(text: &mut String, indent: usize, elements: &[String]) -> Option<()> {
    let (last, rest) = elements.split_last()?;
    for element in rest {
        push_line(text, indent, &format!("{element},"))?;
    }
    (indent + last.len() <= MARGIN || last.contains(MARKER)).then_some(())?;
    write_line(text, indent, &format!("{last},"));
    Some(())
}

/// A function's signature up to its body's `{`: `head` is everything up
/// to the parameters' `(` (`fn name<M: Bound>(`). Too long for its line,
/// it has one parameter per line.
pub(crate) fn signature(
    text: &mut String,
    indent: usize,
    head: &str,
    params: &[String],
    output: &str,
) -> Option<()> {
    let flat = format!("{head}{}) -> {output} {{", params.join(", "));
    if push_line(text, indent, &flat).is_some() {
        return Some(());
    }
    if params.is_empty() {
        return None;
    }
    push_line(text, indent, head)?;
    push_elements(text, indent + INDENT, params)?;
    push_line(text, indent, &format!(") -> {output} {{"))
}

/// The line (or lines) opening `if conditions {`, the conditions joined by
/// `&&`: when they do not fit, prettyplease fills lines with whole
/// conditions, breaking before `&&`, and puts the block's `{` on a line of
/// its own.
pub(crate) fn if_open(text: &mut String, indent: usize, conditions: &[String]) -> Option<()> {
    let (first, rest) = conditions.split_first()?;
    let flat = format!("if {} {{", conditions.join(" && "));
    if push_line(text, indent, &flat).is_some() {
        return Some(());
    }
    let mut line = format!("if {first}");
    for condition in rest {
        let longer = format!("{line} && {condition}");
        if indent + longer.len() <= MARGIN {
            line = longer;
        } else {
            push_line(text, indent, &line)?;
            line = format!("{}&& {condition}", " ".repeat(INDENT));
        }
    }
    push_line(text, indent, &line)?;
    push_line(text, indent, "{")
}

/// `head`, the expression and `tail` on one line; around a struct literal
/// prettyplease breaks, its fields one per line; or, when the line is too
/// long for a call with one argument, the argument on a line of its own.
/// `lone_call` gives such a call's path and argument, flat, when the
/// expression is one.
// Marked for inlining: without the mark, once `call_statement` called it
// too, Stripe's run took 1% more instructions (callgrind: 980 M -> 990 M;
// with the mark, 980 M again).
#[inline]
pub(crate) fn statement(
    text: &mut String,
    indent: usize,
    head: &str,
    value: Printed,
    tail: &str,
    lone_call: impl FnOnce() -> Option<(String, String)>,
) -> Option<()> {
    match value {
        Printed::Flat(value) => {
            if push_line(text, indent, &format!("{head}{value}{tail}")).is_some() {
                return Some(());
            }
            if let Some((name, literal)) = macro_with_literal(&value) {
                // A macro's tokens break around them, with no comma
                // added: its literal on a line of its own, however long.
                push_line(text, indent, &format!("{head}{name}("))?;
                write_line(text, indent + INDENT, literal);
                return push_line(text, indent, &format!("){tail}"));
            }
            let (call, argument) = lone_call()?;
            push_line(text, indent, &format!("{head}{call}("))?;
            if push_elements(text, indent + INDENT, std::slice::from_ref(&argument)).is_none() {
                // Still too long: a macro call's one literal on a line of
                // its own, however long.
                let (name, literal) = macro_with_literal(&argument)?;
                push_line(text, indent + INDENT, &format!("{name}("))?;
                write_line(text, indent + 2 * INDENT, literal);
                push_line(text, indent + INDENT, "),")?;
            }
            push_line(text, indent, &format!("){tail}"))
        }
        Printed::Broken {
            head: open,
            fields,
            tail: close,
        } => {
            push_line(text, indent, &format!("{head}{open}"))?;
            push_elements(text, indent + INDENT, &fields)?;
            push_line(text, indent, &format!("{close}{tail}"))
        }
    }
}

/// A statement whose expression is the call `path(argument)`, the
/// argument printed flat: laid out as [`statement`] lays out such a call.
pub(crate) fn call_statement(
    text: &mut String,
    indent: usize,
    head: &str,
    (path, argument): (&str, String),
    tail: &str,
) -> Option<()> {
    let flat = Printed::Flat(format!("{path}({argument})"));
    statement(text, indent, head, flat, tail, || {
        Some((path.to_owned(), argument))
    })
}

/// `name!("literal")`, as printed flat: `name!` and the literal.
fn macro_with_literal(printed: &str) -> Option<(&str, &str)> {
    let open = printed.find("!(\"")?;
    let (name, literal) = (&printed[..=open], printed[open + 2..].strip_suffix(')')?);
    let is_name = name[..open]
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_');
    (is_name && literal.ends_with('"')).then_some((name, literal))
}

/// A match arm whose value is an expression (`returned` is `"return "`
/// or empty), at `arm`: `pattern => value,` on one line, or the value in
/// a block of its own.
pub(crate) fn match_arm(
    text: &mut String,
    arm: usize,
    pattern: &str,
    returned: &str,
    value: Printed,
) -> Option<()> {
    match value {
        Printed::Flat(value) => {
            let line = format!("{pattern} => {returned}{value}");
            // prettyplease writes an arm's comma past the margin.
            if arm + line.len() <= MARGIN {
                write_line(text, arm, &format!("{line},"));
            } else {
                // Too long for one line, the value goes in a block of its
                // own; a `return` becomes a statement there.
                let semicolon = if returned.is_empty() { "" } else { ";" };
                push_line(text, arm, &format!("{pattern} => {{"))?;
                push_line(text, arm + INDENT, &format!("{returned}{value}{semicolon}"))?;
                push_line(text, arm, "}")?;
            }
            Some(())
        }
        Printed::Broken { .. } if !returned.is_empty() => None,
        Printed::Broken { head, fields, tail } => {
            push_line(text, arm, &format!("{pattern} => {{"))?;
            push_line(text, arm + INDENT, &head)?;
            push_elements(text, arm + 2 * INDENT, &fields)?;
            push_line(text, arm + INDENT, &tail)?;
            push_line(text, arm, "}")
        }
    }
}
