//! Where each value of a map is written in its RON text.
//!
//! ron reports positions for syntax errors only; the values it deserializes
//! carry no spans. Semantic diagnostics ("unknown id `x`") still deserve a
//! line and column, so this module scans the text once more, after ron has
//! accepted it, and records where every string literal sits, keyed by its
//! path in the map: `conclusion`, `claims.3.id`, `arguments.0.premises.1`.
//!
//! The scanner is hand-written because no RON crate exposes value spans. It
//! understands just enough RON to follow the nesting (brackets, field names,
//! strings, raw strings, comments) and never fails: on text it does not
//! understand it simply finds fewer places.

use std::collections::HashMap;

/// A 1-based line and column (in characters), as ron counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
}

/// String literals of a map's text by their path, and line starts.
#[derive(Debug, Default)]
pub(crate) struct Locations {
    strings: HashMap<String, usize>,
    line_starts: Vec<usize>,
}

#[derive(Debug, PartialEq)]
enum Token {
    Open(char),
    Close,
    Comma,
    Colon,
    Ident(String),
    Str(usize),
    Other,
}

struct Frame {
    /// Path of the container itself.
    path: String,
    /// True for `[`, false for `(` and `{`.
    list: bool,
    /// In a struct: the field whose value comes next.
    field: Option<String>,
    /// In a list: the index of the element that comes next.
    index: usize,
}

impl Locations {
    /// Scans `text`.
    pub fn new(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let tokens = tokenize(text);
        let mut strings = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Ident(name) if tokens.get(i + 1) == Some(&Token::Colon) => {
                    if let Some(frame) = stack.last_mut().filter(|f| !f.list) {
                        frame.field = Some(name.clone());
                    }
                    i += 1;
                }
                Token::Open(c) => {
                    let path = value_path(&stack);
                    stack.push(Frame {
                        path,
                        list: *c == '[',
                        field: None,
                        index: 0,
                    });
                }
                Token::Close => {
                    stack.pop();
                }
                Token::Comma => {
                    if let Some(frame) = stack.last_mut() {
                        if frame.list {
                            frame.index += 1;
                        } else {
                            frame.field = None;
                        }
                    }
                }
                Token::Str(offset) => {
                    strings.entry(value_path(&stack)).or_insert(*offset);
                }
                Token::Colon | Token::Ident(_) | Token::Other => {}
            }
            i += 1;
        }
        Locations {
            strings,
            line_starts,
        }
    }

    /// Byte offset of the string literal at `path`, if there is one.
    pub fn string(&self, path: &str) -> Option<usize> {
        self.strings.get(path).copied()
    }

    /// The text of 1-based line `line` of `text` (the text scanned),
    /// without its line break; found in constant time.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let end = self
            .line_starts
            .get(line)
            .map_or(text.len(), |&next| next.saturating_sub(1));
        text.get(start..end.max(start))
            .unwrap_or("")
            .trim_end_matches('\r')
    }

    /// Line and column of byte `offset` of `text` (the text scanned).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let column = text
            .get(start..offset)
            .map_or(0, |before| before.chars().count())
            + 1;
        Position {
            line: line.max(1),
            column,
        }
    }
}

/// The path of the value that comes next in the innermost container.
fn value_path(stack: &[Frame]) -> String {
    let Some(frame) = stack.last() else {
        return String::new();
    };
    let tail = if frame.list {
        frame.index.to_string()
    } else if let Some(field) = &frame.field {
        field.clone()
    } else {
        // `Some(...)` or a tuple: the value stands for its container.
        return frame.path.clone();
    };
    if frame.path.is_empty() {
        tail
    } else {
        format!("{}.{tail}", frame.path)
    }
}

/// The text of 1-based line `line` of `text`, without its line break.
pub(crate) fn line_text(text: &str, line: usize) -> &str {
    text.split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim_end_matches('\r')
}

fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'(' | b'[' | b'{' => {
                tokens.push(Token::Open(b as char));
                i += 1;
            }
            b')' | b']' | b'}' => {
                tokens.push(Token::Close);
                i += 1;
            }
            b',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            b':' => {
                tokens.push(Token::Colon);
                i += 1;
            }
            b'"' => {
                tokens.push(Token::Str(i));
                i = skip_string(bytes, i + 1);
            }
            b'\'' => {
                tokens.push(Token::Other);
                i = skip_char(bytes, i + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = bytes[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i + 2),
            b'r' if raw_string_start(bytes, i + 1).is_some() => {
                let hashes = raw_string_start(bytes, i + 1).unwrap_or(0);
                tokens.push(Token::Str(i));
                i = skip_raw_string(bytes, i + 2 + hashes, hashes);
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                tokens.push(Token::Ident(text[start..i].to_owned()));
            }
            _ if b.is_ascii_whitespace() => i += 1,
            _ => {
                tokens.push(Token::Other);
                i += 1;
            }
        }
    }
    tokens
}

/// Index just past the closing quote of a string whose body starts at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_char(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Ron's block comments nest.
fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1usize;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else if bytes[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// After an `r` at `i - 1`: the number of `#` of a raw string starting
/// here (`r"`, `r#"`), or `None` when this is not a raw string.
fn raw_string_start(bytes: &[u8], i: usize) -> Option<usize> {
    let hashes = bytes.get(i..)?.iter().take_while(|&&c| c == b'#').count();
    (bytes.get(i + hashes) == Some(&b'"')).then_some(hashes)
}

fn skip_raw_string(bytes: &[u8], mut i: usize, hashes: usize) -> usize {
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes
                .get(i + 1..i + 1 + hashes)
                .is_some_and(|h| h.iter().all(|&c| c == b'#'))
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_strings_by_path() {
        let text = "// a map\nMap(\n  title: \"t\",\n  conclusion: r#\"c\"#,\n  claims: [\n    (id: \"c\", text: \"x, (y]\", quote: Some(\"q\")),\n    Claim(id: \"d\", /* \"no\" */ text: \"z\"),\n  ],\n  arguments: [(id: \"a\", premises: [\"d\", \"c\"], target: \"c\", kind: Support)],\n)\n";
        let loc = Locations::new(text);
        let at = |path: &str| {
            let offset = loc.string(path).unwrap();
            let p = loc.position(text, offset);
            (p.line, p.column)
        };
        assert_eq!(at("title"), (3, 10));
        assert_eq!(at("conclusion"), (4, 15));
        assert_eq!(at("claims.0.id"), (6, 10));
        assert_eq!(at("claims.0.quote"), (6, 43));
        assert_eq!(at("claims.1.id"), (7, 15));
        assert_eq!(at("claims.1.text"), (7, 37));
        assert_eq!(at("arguments.0.premises.1"), (9, 41));
        assert_eq!(at("arguments.0.target"), (9, 55));
        assert_eq!(loc.string("claims.2.id"), None);
        assert_eq!(loc.line(text, 1), "// a map");
        assert_eq!(loc.line(text, 3), "  title: \"t\",");
        assert_eq!(loc.line(text, 10), ")");
        assert_eq!(loc.line(text, 11), "");
        assert_eq!(loc.line(text, 99), "");
    }

    #[test]
    fn counts_columns_in_characters() {
        let text = "(title: \"äöü\", conclusion: \"c\")";
        let loc = Locations::new(text);
        let p = loc.position(text, loc.string("conclusion").unwrap());
        assert_eq!((p.line, p.column), (1, 28));
    }

    #[test]
    fn survives_unterminated_text() {
        for text in [
            "(a: \"",
            "(a: r#\"x",
            "/* (",
            "'",
            "((((",
            ")))]]",
            "r",
            "r#",
        ] {
            let loc = Locations::new(text);
            assert_eq!(loc.string("b"), None);
        }
    }
}
