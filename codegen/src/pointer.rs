//! JSON Pointer (RFC 6901) helpers and [`Location`], the address of a value
//! inside a loaded document.

use crate::load::DocId;

/// Where a schema lives: a document and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The document.
    pub doc: DocId,
    /// JSON pointer into the document; `""` is its root.
    pub pointer: String,
}

impl Location {
    /// The location of `doc`'s root.
    pub fn root(doc: DocId) -> Self {
        Self {
            doc,
            pointer: String::new(),
        }
    }

    /// The location of the child `token` (a key or an index) of this value.
    pub fn child(&self, token: &str) -> Self {
        Self {
            doc: self.doc,
            pointer: push(&self.pointer, token),
        }
    }
}

/// Appends one escaped reference token to a pointer.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The unescaped reference tokens of a pointer; `None` if it is malformed.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Decodes `%XX` escapes, as `$ref` fragments are URI-encoded.
pub fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = &bytes[i + 1..i + 3];
            if hex.iter().all(u8::is_ascii_hexdigit) {
                let digits = std::str::from_utf8(hex).expect("ASCII hex digits");
                out.push(u8::from_str_radix(digits, 16).expect("checked hex digits"));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| input.to_owned())
}

/// The last token of a pointer, unescaped (`/$defs/A~1B` -> `A/B`).
pub fn last_token(pointer: &str) -> Option<String> {
    tokens(pointer).and_then(|t| t.last().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let p = push(&push("", "a/b"), "c~d");
        assert_eq!(p, "/a~1b/c~0d");
        assert_eq!(tokens(&p).unwrap(), ["a/b", "c~d"]);
        assert_eq!(last_token(&p).as_deref(), Some("c~d"));
        assert_eq!(tokens("no-slash"), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
