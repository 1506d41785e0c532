//! Where a JSON pointer's value sits in the source text, so diagnostics can
//! show line, column and a snippet.
//!
//! Documents are parsed into `serde_json::Value`s, which forget positions;
//! this module finds them again on demand, only when a diagnostic is
//! rendered. JSON is scanned by hand (a forgiving scanner that tracks the
//! pointer); YAML goes through `yaml-rust2`'s event parser, which reports
//! a position for every node.
//!
//! Invariant: never panics and never recurses without bound; an input it
//! cannot follow yields `None`, and the diagnostic is shown without a
//! snippet.

use std::ops::Range;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::pointer;

/// The byte range of the value at `pointer` in `text`.
pub fn locate(path: &str, text: &str, pointer: &str) -> Option<Range<usize>> {
    let tokens = pointer::tokens(pointer)?;
    if path.ends_with(".json") {
        let mut scanner = JsonScanner {
            bytes: text.as_bytes(),
            at: 0,
        };
        scanner.find(&tokens, 0)
    } else {
        locate_yaml(text, &tokens)
    }
}

/// The byte offset of a 1-based line and column (columns count
/// characters), clamped to the text and to character boundaries.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(offset, _)| offset)
}

/// The byte range of the character at `offset` (empty at the end).
pub fn char_at(text: &str, offset: usize) -> Range<usize> {
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    start..end
}

struct JsonScanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl JsonScanner<'_> {
    const MAX_DEPTH: usize = 512;

    fn skip_ws(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    /// Finds the value at `tokens` inside the value starting here.
    fn find(&mut self, tokens: &[String], depth: usize) -> Option<Range<usize>> {
        self.skip_ws();
        let start = self.at;
        let Some((first, rest)) = tokens.split_first() else {
            self.skip_value(depth)?;
            return Some(start..self.at);
        };
        if depth > Self::MAX_DEPTH {
            return None;
        }
        match *self.bytes.get(self.at)? {
            b'{' => {
                self.at += 1;
                loop {
                    self.skip_ws();
                    if *self.bytes.get(self.at)? == b'}' {
                        return None;
                    }
                    let key = self.skip_string()?;
                    self.skip_ws();
                    (*self.bytes.get(self.at)? == b':').then_some(())?;
                    self.at += 1;
                    if self.key_is(key, first) {
                        return self.find(rest, depth + 1);
                    }
                    self.skip_value(depth + 1)?;
                    self.skip_ws();
                    match *self.bytes.get(self.at)? {
                        b',' => self.at += 1,
                        _ => return None,
                    }
                }
            }
            b'[' => {
                let wanted: usize = first.parse().ok()?;
                self.at += 1;
                for index in 0.. {
                    self.skip_ws();
                    if *self.bytes.get(self.at)? == b']' {
                        return None;
                    }
                    if index == wanted {
                        return self.find(rest, depth + 1);
                    }
                    self.skip_value(depth + 1)?;
                    self.skip_ws();
                    match *self.bytes.get(self.at)? {
                        b',' => self.at += 1,
                        _ => return None,
                    }
                }
                None
            }
            _ => None,
        }
    }

    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > Self::MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        match *self.bytes.get(self.at)? {
            b'"' => self.skip_string().map(drop),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                loop {
                    self.skip_ws();
                    let next = *self.bytes.get(self.at)?;
                    if next == close {
                        self.at += 1;
                        return Some(());
                    }
                    if next == b',' || next == b':' {
                        self.at += 1;
                        continue;
                    }
                    self.skip_value(depth + 1)?;
                }
            }
            _ => {
                while self.at < self.bytes.len()
                    && !matches!(self.bytes[self.at], b',' | b'}' | b']')
                    && !self.bytes[self.at].is_ascii_whitespace()
                {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// Steps over a string literal and returns its byte range, quotes
    /// included. Nothing is unescaped or allocated: a diagnostic in a large
    /// spec skips megabytes of strings to reach its pointer (#8).
    fn skip_string(&mut self) -> Option<Range<usize>> {
        (*self.bytes.get(self.at)? == b'"').then_some(())?;
        let start = self.at;
        self.at += 1;
        while *self.bytes.get(self.at)? != b'"' {
            if self.bytes[self.at] == b'\\' {
                self.at += 1;
            }
            self.at += 1;
        }
        self.at += 1;
        Some(start..self.at)
    }

    /// Whether the string literal at `literal` is the key `wanted`; only a
    /// key with escapes is decoded.
    fn key_is(&self, literal: Range<usize>, wanted: &str) -> bool {
        let Some(raw) = self.bytes.get(literal.start + 1..literal.end - 1) else {
            return false;
        };
        if !raw.contains(&b'\\') {
            return raw == wanted.as_bytes();
        }
        std::str::from_utf8(&self.bytes[literal])
            .ok()
            .and_then(|text| serde_json::from_str::<String>(text).ok())
            .is_some_and(|key| key == wanted)
    }
}

fn locate_yaml(text: &str, tokens: &[String]) -> Option<Range<usize>> {
    let mut finder = YamlFinder {
        target: tokens.to_vec(),
        stack: Vec::new(),
        path: Vec::new(),
        found: None,
        refine: false,
    };
    let mut parser = Parser::new_from_str(text);
    // A document that does not parse as YAML has no positions to offer.
    parser.load(&mut finder, false).ok()?;
    let (start, length) = finder.found?;
    let byte = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(b, _)| b)
    };
    let start_byte = byte(start);
    Some(start_byte..byte(start + length.max(1)))
}

enum Frame {
    Mapping { expecting_key: bool },
    Sequence { index: usize },
}

struct YamlFinder {
    target: Vec<String>,
    stack: Vec<Frame>,
    /// Pointer tokens of the node being read.
    path: Vec<String>,
    /// Character offset and length of the target node.
    found: Option<(usize, usize)>,
    /// The target is a block mapping or sequence, whose start event is
    /// marked after its first key; its first scalar marks it better.
    refine: bool,
}

impl YamlFinder {
    /// Called when a node starts: decides whether it is a key, and if it is
    /// a value, whether it is the target. Returns whether it is a key.
    fn node_starts(&mut self, mark: Marker, length: usize) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Mapping {
                expecting_key: true,
            }) => return true,
            Some(Frame::Sequence { index }) => self.path.push(index.to_string()),
            _ => {}
        }
        if self.found.is_none() && self.path == self.target {
            self.found = Some((mark.index(), length));
        }
        false
    }

    /// Called when a value node ends.
    fn value_ends(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { expecting_key }) => {
                *expecting_key = true;
                self.path.pop();
            }
            Some(Frame::Sequence { index }) => {
                *index += 1;
                self.path.pop();
            }
            None => {}
        }
    }
}

impl MarkedEventReceiver for YamlFinder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                if std::mem::take(&mut self.refine) {
                    self.found = Some((mark.index(), value.chars().count()));
                }
                if self.node_starts(mark, value.chars().count()) {
                    if let Some(Frame::Mapping { expecting_key }) = self.stack.last_mut() {
                        *expecting_key = false;
                    }
                    self.path.push(value);
                } else {
                    self.value_ends();
                }
            }
            Event::Alias(_) => {
                let is_key = self.node_starts(mark, 1);
                if !is_key {
                    self.value_ends();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let was_found = self.found.is_some();
                // A complex (non-scalar) key is not addressable by a
                // pointer; it is read as a value of an unknown key.
                let is_key = self.node_starts(mark, 1);
                if !was_found && self.found.is_some() {
                    self.refine = true;
                }
                if is_key {
                    if let Some(Frame::Mapping { expecting_key }) = self.stack.last_mut() {
                        *expecting_key = false;
                    }
                    self.path.push(String::new());
                }
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping {
                        expecting_key: true,
                    },
                    _ => Frame::Sequence { index: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.refine = false;
                self.stack.pop();
                self.value_ends();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet<'a>(path: &str, text: &'a str, pointer: &str) -> Option<&'a str> {
        locate(path, text, pointer).map(|r| &text[r])
    }

    #[test]
    fn json_keys_with_escapes_are_decoded() {
        let text = r#"{"k\u0061": 1, "b\"q": [2, "s\\"], "ka": 3}"#;
        assert_eq!(snippet("t.json", text, "/ka"), Some("1"));
        assert_eq!(snippet("t.json", text, "/b\"q/1"), Some(r#""s\\""#));
        assert_eq!(snippet("t.json", text, "/k"), None);
    }

    #[test]
    fn json_pointers() {
        let text = r#"{"a": {"b~c": [1, {"x": "y\"z"}], "d/e": true}, "f": null}"#;
        assert_eq!(snippet("t.json", text, ""), Some(text));
        assert_eq!(snippet("t.json", text, "/a/b~0c/1/x"), Some(r#""y\"z""#));
        assert_eq!(snippet("t.json", text, "/a/d~1e"), Some("true"));
        assert_eq!(snippet("t.json", text, "/f"), Some("null"));
        assert_eq!(snippet("t.json", text, "/a/b~0c/0"), Some("1"));
        assert_eq!(snippet("t.json", text, "/nope"), None);
        assert_eq!(snippet("t.json", "{\"a\": [1,", "/a/3"), None);
    }

    #[test]
    fn yaml_pointers() {
        let text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [id, name]\n    \"200\": {}\n";
        assert_eq!(
            snippet("t.yaml", text, "/components/schemas/Pet/type"),
            Some("object")
        );
        assert_eq!(
            snippet("t.yaml", text, "/components/schemas/Pet/required/1"),
            Some("name")
        );
        assert_eq!(snippet("t.yaml", text, "/openapi"), Some("3.1.0"));
        assert_eq!(
            locate("t.yaml", text, "/components/schemas/200").map(|r| offset_line(text, r.start)),
            Some(7)
        );
        assert_eq!(snippet("t.yaml", text, "/components/nope"), None);
        // A block mapping is shown at its first key.
        assert_eq!(
            snippet("t.yaml", text, "/components/schemas/Pet"),
            Some("type")
        );
        let nested = "a:\n  - b: 1\n    c: 2\n";
        assert_eq!(snippet("t.yaml", nested, "/a/0"), Some("b"));
        assert_eq!(snippet("t.yaml", nested, "/a/0/c"), Some("2"));
        assert_eq!(snippet("t.yaml", "a: [1, 2", "/a/0"), None);
    }

    fn offset_line(text: &str, offset: usize) -> usize {
        text[..offset].matches('\n').count() + 1
    }

    #[test]
    fn line_and_column_to_offset() {
        let text = "ab\ncd\nef";
        assert_eq!(offset_of(text, 2, 2), 4);
        assert_eq!(offset_of(text, 9, 9), text.len());
        let wide = "'\u{fffd}x";
        assert_eq!(offset_of(wide, 1, 3), 4);
        assert_eq!(char_at(wide, 2), 1..4);
        assert_eq!(char_at(wide, 99), 5..5);
    }
}
