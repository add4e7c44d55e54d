//! Diagnostics: what the provider tells the person running Terraform.
//!
//! Every diagnostic is written for people: a one-line summary, a detail that says what to do,
//! and, where one attribute is at fault, its path so Terraform can point at the file and line.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One step of an attribute path: `endpoints.ivs` is two attribute steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Attribute(String),
    Key(String),
    Index(i64),
}

/// Where in a configuration a diagnostic applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttributePath(pub Vec<PathStep>);

impl AttributePath {
    /// The path of a top-level attribute.
    pub fn attribute(name: &str) -> Self {
        AttributePath(vec![PathStep::Attribute(name.to_owned())])
    }

    /// This path extended by one attribute step.
    pub fn then(mut self, name: &str) -> Self {
        self.0.push(PathStep::Attribute(name.to_owned()));
        self
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Attribute(name) if i == 0 => write!(f, "{name}")?,
                PathStep::Attribute(name) => write!(f, ".{name}")?,
                PathStep::Key(key) => write!(f, "[{}]", quote(key))?,
                PathStep::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A message for the person running Terraform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub summary: String,
    pub detail: String,
    pub attribute: Option<AttributePath>,
}

impl Diagnostic {
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            attribute: None,
        }
    }

    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(summary, detail)
        }
    }

    /// Points the diagnostic at an attribute, so Terraform shows its file and line.
    pub fn at(mut self, path: AttributePath) -> Self {
        self.attribute = Some(path);
        self
    }
}

/// The diagnostics of one call; empty means all is well.
pub type Diagnostics = Vec<Diagnostic>;

/// How many characters of a value a diagnostic quotes: enough to recognise it, never a whole
/// huge value (a 50 MB ARN must not become a 50 MB diagnostic).
pub const QUOTED_CHARS: usize = 64;

/// `text` quoted for a diagnostic: in double quotes with control characters escaped; when
/// longer than [`QUOTED_CHARS`], its first characters, an ellipsis and its total length, so
/// `"arn:aws:ivs:..."... (1048576 characters)`. Every diagnostic that quotes a value given to
/// the provider (or echoed back by AWS) goes through here.
pub fn quote(text: &str) -> String {
    match cut(text, QUOTED_CHARS) {
        (shown, Some(total)) => format!("{shown:?}... ({total} characters)"),
        (_, None) => format!("{text:?}"),
    }
}

/// `text` (prose, e.g. a message AWS sent) cut to its first `max` characters, with an
/// ellipsis and the total length when cut. Not quoted: for values, use [`quote`].
pub fn excerpt(text: &str, max: usize) -> String {
    match cut(text, max) {
        (shown, Some(total)) => format!("{shown}... ({total} characters)"),
        (_, None) => text.to_owned(),
    }
}

/// `text`'s first `max` characters, and its length in characters if that cut it short.
fn cut(text: &str, max: usize) -> (&str, Option<usize>) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (&text[..at], Some(text.chars().count())),
        None => (text, None),
    }
}

/// Whether any of the diagnostics is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_keeps_short_values_and_cuts_long_ones_with_their_length() {
        assert_eq!(quote("us-west-2"), "\"us-west-2\"");
        assert_eq!(quote("a\u{1b}[31m"), "\"a\\u{1b}[31m\"");
        let exact = "x".repeat(QUOTED_CHARS);
        assert_eq!(quote(&exact), format!("{exact:?}"));
        let huge = "é".repeat(1 << 20);
        let quoted = quote(&huge);
        assert!(quoted.ends_with("\"... (1048576 characters)"), "{quoted}");
        assert!(
            quoted.starts_with(format!("{:?}", "é".repeat(QUOTED_CHARS)).trim_end_matches('"'))
        );
        // Escaping can grow each character, but never past a few hundred bytes.
        assert!(quote(&"\u{0}".repeat(1000)).len() < 1024);
    }
}
