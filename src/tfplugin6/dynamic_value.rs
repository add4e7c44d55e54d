//! DynamicValue <-> our values, directed by the schema's type.

use super::proto::DynamicValue;
use crate::diagnostics::Diagnostic;
use crate::values::{self, Type, Value};

/// Decodes what Terraform sent: msgpack normally, JSON in the rare cases Terraform uses it.
pub fn decode(value: Option<&DynamicValue>, ty: &Type, what: &str) -> Result<Value, Diagnostic> {
    let Some(value) = value else {
        return Ok(Value::Null);
    };
    let decoded = if !value.msgpack.is_empty() {
        values::decode_msgpack(&value.msgpack, ty)
    } else if !value.json.is_empty() {
        values::decode_json(&value.json, ty)
    } else {
        return Ok(Value::Null);
    };
    decoded.map_err(|error| {
        Diagnostic::error(
            format!("Terraform sent a {what} this provider cannot read"),
            format!(
                "The {what} did not match the provider's schema ({error}). This is a bug in \
                 Terraform or in the provider; please report it with your Terraform version."
            ),
        )
    })
}

/// Encodes a value for Terraform as msgpack.
pub fn encode(value: &Value, ty: &Type, what: &str) -> Result<DynamicValue, Diagnostic> {
    values::encode_msgpack(value, ty)
        .map(|msgpack| DynamicValue {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|error| {
            Diagnostic::error(
                format!("The provider produced an invalid {what}"),
                format!(
                    "The {what} did not match the provider's own schema ({error}). This is a bug \
                     in the provider; please report it."
                ),
            )
        })
}
