//! A small JSON tokenizer for the type-directed JSON decoder.
//!
//! We read JSON ourselves rather than through `serde_json::Value` because
//! serde_json (without its `float_roundtrip`/`arbitrary_precision` features,
//! which this crate does not control) rounds some decimals to a neighbouring
//! `f64` and loses the literal text of numbers. Here a number's exact text is
//! kept and handed to [`Number::parse`](super::Number::parse), which rounds
//! correctly, and errors carry the attribute path being read.

use super::error::{AttrPath, PathStep, ValueError};

/// A cursor over JSON bytes. Every method checks bounds: no input panics.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// The syntax error for the current position.
    pub(super) fn syntax(&self, path: &[PathStep], what: &str) -> ValueError {
        ValueError::new(
            AttrPath::from(path),
            format!("invalid JSON at byte {}: {what}", self.pos),
        )
    }

    /// Skips JSON whitespace and returns the next byte without consuming it.
    pub(super) fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        self.bytes.get(self.pos).copied()
    }

    /// True when only whitespace is left.
    pub(super) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// The byte offset of the next unread byte.
    pub(super) fn position(&self) -> usize {
        self.pos
    }

    /// Consumes `byte` (after whitespace) if it is next.
    pub(super) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `byte` (after whitespace) or fails.
    pub(super) fn expect(&mut self, byte: u8, path: &[PathStep]) -> Result<(), ValueError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.syntax(path, &format!("expected '{}'", char::from(byte))))
        }
    }

    /// Consumes the literal `null`.
    pub(super) fn null(&mut self, path: &[PathStep]) -> Result<(), ValueError> {
        self.literal(b"null", path)
    }

    /// Consumes `true` or `false`.
    pub(super) fn boolean(&mut self, path: &[PathStep]) -> Result<bool, ValueError> {
        if self.peek() == Some(b't') {
            self.literal(b"true", path).map(|()| true)
        } else {
            self.literal(b"false", path).map(|()| false)
        }
    }

    /// Consumes exactly `word`.
    fn literal(&mut self, word: &[u8], path: &[PathStep]) -> Result<(), ValueError> {
        self.peek();
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.syntax(path, "expected a JSON value"))
        }
    }

    /// Consumes a number and returns its exact text, checked against the JSON
    /// grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    pub(super) fn number(&mut self, path: &[PathStep]) -> Result<&'a str, ValueError> {
        self.peek();
        let start = self.pos;
        self.eat_byte(b'-');
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.syntax(path, "invalid number")),
        }
        if self.eat_byte(b'.') {
            self.required_digits(path)?;
        }
        if self.eat_byte(b'e') || self.eat_byte(b'E') {
            if !self.eat_byte(b'+') {
                self.eat_byte(b'-');
            }
            self.required_digits(path)?;
        }
        // Only ASCII was consumed, so this cannot fail; no unwrap all the same.
        std::str::from_utf8(&self.bytes[start..self.pos])
            .map_err(|_| self.syntax(path, "invalid number"))
    }

    /// Consumes `byte` if it is the very next byte (no whitespace skipping).
    fn eat_byte(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes a (possibly empty) run of ASCII digits.
    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Consumes a non-empty run of ASCII digits.
    fn required_digits(&mut self, path: &[PathStep]) -> Result<(), ValueError> {
        let start = self.pos;
        self.digits();
        if self.pos == start {
            return Err(self.syntax(path, "invalid number: expected a digit"));
        }
        Ok(())
    }

    /// Consumes a string and returns its unescaped contents.
    pub(super) fn string(&mut self, path: &[PathStep]) -> Result<String, ValueError> {
        self.expect(b'"', path)?;
        let mut out = String::new();
        loop {
            // Copy the longest run of plain bytes at once; runs end at ASCII
            // bytes, so each run on its own must be valid UTF-8.
            let start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = std::str::from_utf8(&self.bytes[start..self.pos])
                .map_err(|_| self.syntax(path, "string is not valid UTF-8"))?;
            out.push_str(run);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape(path)?);
                }
                Some(_) => return Err(self.syntax(path, "control character in string")),
                None => return Err(self.syntax(path, "unterminated string")),
            }
        }
    }

    /// Decodes the escape after a backslash.
    fn escape(&mut self, path: &[PathStep]) -> Result<char, ValueError> {
        let Some(&b) = self.bytes.get(self.pos) else {
            return Err(self.syntax(path, "unterminated string"));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(path),
            _ => return Err(self.syntax(path, "invalid escape in string")),
        })
    }

    /// Decodes `XXXX` after `\u`, joining a UTF-16 surrogate pair.
    fn unicode_escape(&mut self, path: &[PathStep]) -> Result<char, ValueError> {
        let first = self.hex4(path)?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !(self.eat_byte(b'\\') && self.eat_byte(b'u')) {
                    return Err(self.syntax(path, "unpaired surrogate in string"));
                }
                let second = self.hex4(path)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.syntax(path, "unpaired surrogate in string"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.syntax(path, "unpaired surrogate in string")),
            _ => u32::from(first),
        };
        char::from_u32(code).ok_or_else(|| self.syntax(path, "invalid unicode escape"))
    }

    /// Reads four hex digits.
    fn hex4(&mut self, path: &[PathStep]) -> Result<u16, ValueError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u16::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.syntax(path, "invalid unicode escape"))?;
        self.pos += 4;
        Ok(digits)
    }
}
