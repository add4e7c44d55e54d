//! Errors of the value codec, each carrying the place in the value where it arose.

use std::fmt;

/// One step of an [`AttrPath`]: how to go from a value to one of its children.
///
/// The three kinds mirror Terraform's own `AttributePath` steps, so a path can be
/// turned into a diagnostic that points at the offending attribute.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    /// An attribute of an object.
    Attr(String),
    /// An element of a list, or of a set (by its position in the received order,
    /// since our sets are plain vectors).
    Index(usize),
    /// An element of a map, by key.
    Key(String),
}

/// Where in a value something is: the steps from the root value down to it.
///
/// Displays like `endpoints.ivs`, `rules[0].name` or `tags["env"]`; the root itself
/// displays as `(root)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AttrPath(pub Vec<PathStep>);

impl AttrPath {
    /// The path of the root value (no steps).
    pub fn root() -> Self {
        AttrPath(Vec::new())
    }

    /// The steps from the root, outermost first.
    pub fn steps(&self) -> &[PathStep] {
        &self.0
    }

    /// True for the root path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// This path extended by an attribute step (builder style, for callers that
    /// report errors about values they pulled out of an object).
    pub fn attr(mut self, name: impl Into<String>) -> Self {
        self.0.push(PathStep::Attr(name.into()));
        self
    }

    /// This path extended by a list/set index step.
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(PathStep::Index(index));
        self
    }

    /// This path extended by a map key step.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(PathStep::Key(key.into()));
        self
    }
}

impl From<Vec<PathStep>> for AttrPath {
    fn from(steps: Vec<PathStep>) -> Self {
        AttrPath(steps)
    }
}

impl From<&[PathStep]> for AttrPath {
    fn from(steps: &[PathStep]) -> Self {
        AttrPath(steps.to_vec())
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Attr(name) if i == 0 => f.write_str(name)?,
                PathStep::Attr(name) => write!(f, ".{name}")?,
                PathStep::Index(index) => write!(f, "[{index}]")?,
                // A huge key (a map key is any string) is cut like any quoted value.
                PathStep::Key(key) if key.len() > crate::diagnostics::QUOTED_CHARS => {
                    write!(f, "[{}]", crate::diagnostics::quote(key))?
                }
                // JSON quoting so keys with dots, brackets or quotes stay unambiguous.
                PathStep::Key(key) => match serde_json::to_string(key) {
                    Ok(quoted) => write!(f, "[{quoted}]")?,
                    Err(_) => write!(f, "[{key:?}]")?,
                },
            }
        }
        Ok(())
    }
}

/// A value could not be decoded, encoded or checked against its type.
///
/// `message` says what was expected and what was found; `path` says where.
/// Displays as `at endpoints.ivs: expected string, found integer`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at {path}: {message}")]
pub struct ValueError {
    /// Where in the value the problem is.
    pub path: AttrPath,
    /// What went wrong, e.g. `expected string, found integer`.
    pub message: String,
}

impl ValueError {
    /// An error at `path`.
    pub fn new(path: impl Into<AttrPath>, message: impl Into<String>) -> Self {
        ValueError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An error about the whole input rather than a part of it (truncated bytes,
    /// trailing bytes, invalid JSON).
    pub fn at_root(message: impl Into<String>) -> Self {
        ValueError::new(AttrPath::root(), message)
    }
}
