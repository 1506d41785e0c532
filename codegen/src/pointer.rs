//! JSON Pointer (RFC 6901) helpers and [`Location`], the address of a value
//! inside a loaded document.

use serde_json::Value;

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

/// Objects up to this many members are searched by comparing keys.
const SCANNED_OBJECT_LEN: usize = 16;

/// `object.get(key)`, without hashing `key` when the object is small.
/// `serde_json`'s maps hash with SipHash, which costs more than comparing
/// a schema's handful of short keys; the stages look keywords up in every
/// schema they visit (#8).
pub fn member<'v>(object: &'v serde_json::Map<String, Value>, key: &str) -> Option<&'v Value> {
    if object.len() <= SCANNED_OBJECT_LEN {
        object.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        object.get(key)
    }
}

/// [`member`] of a value that may not be an object.
pub fn get_member<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(object) => member(object, key),
        _ => None,
    }
}

/// Appends one escaped reference token to a pointer.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_onto(&mut out, token);
    out
}

/// Appends one escaped reference token to `pointer` in place: a walk over
/// a whole document extends one buffer and truncates it again instead of
/// building a pointer per node.
pub fn push_onto(pointer: &mut String, token: &str) {
    pointer.push('/');
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The value at `pointer` inside `root`, like `serde_json::Value::pointer`
/// but without allocating: that one unescapes every token into a new
/// `String`, and lowering looks values up by pointer for every schema it
/// visits, which made it a tenth of a whole run on real specs (#8).
pub fn get<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut value = root;
    // OpenAPI path keys are escaped (`/paths/~1v1~1accounts`): one buffer
    // serves every escaped token.
    let mut unescaped = String::new();
    for token in pointer.strip_prefix('/')?.split('/') {
        let key = if token.contains('~') {
            unescaped.clear();
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                match (c, chars.clone().next()) {
                    ('~', Some('1')) => {
                        unescaped.push('/');
                        chars.next();
                    }
                    ('~', Some('0')) => {
                        unescaped.push('~');
                        chars.next();
                    }
                    (c, _) => unescaped.push(c),
                }
            }
            unescaped.as_str()
        } else {
            token
        };
        value = match value {
            Value::Object(map) => member(map, key)?,
            Value::Array(items) => items.get(array_index(key)?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// An RFC 6901 array index: digits, no leading zero, no sign.
fn array_index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
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

    /// Scanned or hashed, by size, a lookup finds what `get` finds.
    #[test]
    fn a_member_is_found_as_get_finds_it() {
        for len in [0, 1, 15, 16, 17, 40] {
            let object: serde_json::Map<String, Value> = (0..len)
                .map(|i| (format!("key{i}"), Value::from(i)))
                .collect();
            for i in 0..=len {
                let key = format!("key{i}");
                assert_eq!(member(&object, &key), object.get(&key), "{len} {key}");
            }
            assert_eq!(member(&object, "key"), None);
            let value = Value::Object(object.clone());
            assert_eq!(get_member(&value, "key0"), object.get("key0"));
        }
        assert_eq!(get_member(&Value::from(1), "key0"), None);
    }

    #[test]
    fn escapes_round_trip() {
        let p = push(&push("", "a/b"), "c~d");
        assert_eq!(p, "/a~1b/c~0d");
        assert_eq!(tokens(&p).unwrap(), ["a/b", "c~d"]);
        assert_eq!(last_token(&p).as_deref(), Some("c~d"));
        assert_eq!(tokens("no-slash"), None);
    }

    #[test]
    fn get_agrees_with_serde_json() {
        let doc = serde_json::json!({
            "a/b": { "c~d": [10, { "e": null }] },
            "": { "": 1 },
            "list": [0, 1, 2],
            "%25": true,
            "~1": "tilde one",
            "~": { "/": "both" }
        });
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/e",
            "/a~1b/c~0d/2",
            "/",
            "//",
            "/list/0",
            "/list/2",
            "/list/3",
            "/list/01",
            "/list/+1",
            "/list/-1",
            "/list/",
            "/%25",
            "/~01",
            "/~0/~1",
            "/~2",
            "/~",
            "/missing",
            "/a~1b/c~0d/0/x",
            "no-slash",
            "/a~1b/c~d",
            "/a~2b",
        ] {
            assert_eq!(
                get(&doc, pointer),
                doc.pointer(pointer),
                "pointer {pointer:?}"
            );
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
