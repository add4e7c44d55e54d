//! Terraform values (cty) and the `DynamicValue` codec.
//!
//! Terraform sends configuration, plans and state as `DynamicValue`s: msgpack
//! normally, JSON in a few places. Neither form says what type it holds, so
//! every decode and encode here is directed by the schema's [`Type`]:
//!
//! * [`decode_msgpack`] / [`encode_msgpack`]: the normal form, with unknown
//!   values as msgpack extensions (0 plain, 12 refined);
//! * [`decode_json`] / [`encode_json`]: the JSON form, which has no unknowns.
//!
//! Errors are [`ValueError`]s that name the attribute path and what was
//! expected versus found, e.g. `at endpoints.ivs: expected string, found integer`.
//! No input, however malformed, makes these functions panic.

mod error;
mod json;
mod json_reader;
mod msgpack;
mod number;
mod types;
mod value;

#[cfg(test)]
mod tests;

pub use error::{AttrPath, PathStep, ValueError};
pub use json::{decode_json, encode_json};
pub use msgpack::{decode_msgpack, encode_msgpack};
pub use number::Number;
pub use types::Type;
pub use value::Value;

/// How deeply values (and types) may nest before decoding, encoding or checking
/// fails. The walks are recursive, so the limit keeps hostile input from
/// exhausting the stack; real schemas nest a handful of levels.
pub const MAX_DEPTH: usize = 64;
