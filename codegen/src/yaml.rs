//! YAML -> `serde_json::Value`, for stage 1 (load).
//!
//! Built on yaml-rust2's event parser (YAML 1.2) rather than a serde
//! deserializer, for three reasons: integers beyond 64 bits (OpenAI's spec
//! has `-9223372036854776000`) become floats instead of failing; nesting is
//! handled with an explicit stack and a depth limit, so no document can
//! overflow ours; and every error keeps its line and column.
//!
//! Plain scalars are typed by the YAML 1.2 core schema (null, booleans,
//! integers, floats); quoted and block scalars are strings. Mapping keys
//! become strings (`200:` is the key `"200"`). Anchors and aliases work.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// How deep collections may nest, as in serde_json.
const MAX_DEPTH: usize = 128;

/// A YAML error with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Parses the first document of `text`.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(err) = parser.load(&mut builder, false) {
        let mark = err.marker();
        return Err(YamlError {
            message: err.info().to_owned(),
            line: mark.line(),
            column: mark.col() + 1,
        });
    }
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

enum Frame {
    Sequence(Vec<Value>, usize),
    Mapping(Map<String, Value>, Option<String>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    root: Option<Value>,
    error: Option<YamlError>,
}

impl Builder {
    fn fail(&mut self, mark: Marker, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(YamlError {
                message: message.into(),
                line: mark.line(),
                column: mark.col() + 1,
            });
        }
    }

    /// Places a finished node in its parent (or as the root).
    fn node(&mut self, value: Value, anchor: usize, mark: Marker) {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
            Some(Frame::Sequence(items, _)) => items.push(value),
            Some(Frame::Mapping(map, key, _)) => match key.take() {
                Some(key) => {
                    map.insert(key, value);
                }
                None => match value {
                    Value::String(s) => *key = Some(s),
                    Value::Number(n) => *key = Some(n.to_string()),
                    Value::Bool(b) => *key = Some(b.to_string()),
                    Value::Null => *key = Some("null".to_owned()),
                    _ => self.fail(mark, "a mapping key must be a scalar"),
                },
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(text, style, tag.as_ref());
                self.node(value, anchor, mark);
            }
            Event::Alias(anchor) => match self.anchors.get(&anchor).cloned() {
                Some(value) => self.node(value, 0, mark),
                None => self.fail(mark, "an alias to an unknown anchor"),
            },
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(mark, "recursion limit exceeded");
                    return;
                }
                self.stack.push(match event {
                    Event::SequenceStart(..) => Frame::Sequence(Vec::new(), anchor),
                    _ => Frame::Mapping(Map::new(), None, anchor),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence(items, anchor)) => (Value::Array(items), anchor),
                    Some(Frame::Mapping(map, _, anchor)) => (Value::Object(map), anchor),
                    None => return,
                };
                self.node(value, anchor, mark);
            }
            _ => {}
        }
    }
}

/// Types a scalar: plain ones by the YAML 1.2 core schema, others as text.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    let explicit_string = tag.is_some_and(|t| t.suffix == "str");
    if style != TScalarStyle::Plain || explicit_string {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(&text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Ok(n) = text.parse::<u64>() {
            return Value::Number(n.into());
        }
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Ok(n) = i64::from_str_radix(rest, radix) {
                return Value::Number(n.into());
            }
        }
    }
    let looks_numeric = digits
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_numeric {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_follow_the_core_schema() {
        let value = parse(
            "a: 1\nb: -2.5\nc: true\nd: ~\ne: '1'\nf: \"true\"\ng: 0x1F\nh: 1e3\ni: 1.0.0\nj: .inf\nk: -9223372036854776000\nl: 18446744073709551615\n",
        )
        .unwrap();
        assert_eq!(
            value,
            json!({"a": 1, "b": -2.5, "c": true, "d": null, "e": "1", "f": "true", "g": 31,
                   "h": 1000.0, "i": "1.0.0", "j": ".inf", "k": -9.223372036854776e18,
                   "l": 18446744073709551615u64})
        );
    }

    #[test]
    fn keys_become_strings_and_aliases_repeat_anchors() {
        let value = parse("200: {x: &a [1, 2]}\ntrue: *a\n").unwrap();
        assert_eq!(value, json!({"200": {"x": [1, 2]}, "true": [1, 2]}));
    }

    #[test]
    fn errors_have_positions_and_depth_is_bounded() {
        let err = parse("a:\n  b: 1\n c: 2\n").unwrap_err();
        // At the `:` of the key that is indented wrongly.
        assert_eq!((err.line, err.column), (3, 3), "{err:?}");
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "recursion limit exceeded"
        );
        assert!(parse("[*nope]").is_err());
    }
}
