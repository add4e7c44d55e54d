//! Provider-defined functions (`provider::ivs::<name>(...)`, Terraform 1.8+, OpenTofu 1.7+):
//! pure computations on values, with no AWS call, so they work before (and without) the
//! provider being configured. Each function is a file; [`functions!`] registers it with one line.

mod arn_build;
mod arn_parse;
mod ingest_url;
mod resource_types;

use crate::schema::Text;
use crate::values::{Type, Value};

/// One positional parameter of a function.
pub struct Parameter {
    pub name: &'static str,
    pub ty: Type,
    /// For the docs and Terraform's hover help.
    pub description: Text,
}

/// What a function takes and gives, and its documentation.
pub struct Signature {
    /// One line, shown in lists of functions.
    pub summary: Text,
    /// Markdown, for the generated docs.
    pub description: Text,
    pub parameters: Vec<Parameter>,
    pub returns: Type,
}

/// Why a call failed: what is wrong, and which argument (0-based) is at fault if one is. The
/// text is the end of a sentence Terraform writes (`Invalid value for "arn" parameter: <text>.`):
/// lower case, no full stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub argument: Option<usize>,
    pub text: String,
}

impl CallError {
    /// An error about the argument at `index`.
    pub fn argument(index: usize, text: impl Into<String>) -> Self {
        CallError {
            argument: Some(index),
            text: text.into(),
        }
    }
}

/// One provider-defined function.
pub trait Function: Send + Sync {
    /// The name Terraform calls it by, after `provider::ivs::`.
    fn name(&self) -> &'static str;

    fn signature(&self) -> Signature;

    /// Calls it with `arguments`, one per parameter, each of the parameter's type. Terraform
    /// sends no null and no unknown argument (the parameters do not allow them), but a null is
    /// still an error on its argument rather than a panic.
    fn call(&self, arguments: &[Value]) -> Result<Value, CallError>;
}

/// `module::Type` per line: declares each module and registers its function, in this order.
macro_rules! functions {
    ($($module:ident :: $function:ident),* $(,)?) => {
        /// Every function this provider offers.
        pub fn all() -> Vec<Box<dyn Function>> {
            vec![$(Box::new($module::$function)),*]
        }
    };
}

functions! {
    arn_parse::ArnParse,
    arn_build::ArnBuild,
    ingest_url::IngestUrl,
}

/// The string argument at `index`, named `name` in errors.
fn string_argument<'a>(
    arguments: &'a [Value],
    index: usize,
    name: &str,
) -> Result<&'a str, CallError> {
    match arguments.get(index) {
        Some(Value::String(text)) => Ok(text),
        Some(Value::Null) | None => Err(CallError::argument(
            index,
            format!("`{name}` must be a string, not null"),
        )),
        Some(other) => Err(CallError::argument(
            index,
            format!("`{name}` must be a string, not a {}", other.kind_name()),
        )),
    }
}
