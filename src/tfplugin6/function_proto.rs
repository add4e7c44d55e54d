//! Converts our function declarations to the protocol's `Function` messages, and call failures
//! to `FunctionError`.

use std::collections::HashMap;

use super::proto;
use crate::functions::{CallError, Function};

/// Every function by name, as GetProviderSchema and GetFunctions list them.
pub fn functions<'a>(
    all: impl Iterator<Item = &'a dyn Function>,
) -> HashMap<String, proto::Function> {
    all.map(|f| (f.name().to_owned(), function(f))).collect()
}

fn function(function: &dyn Function) -> proto::Function {
    let signature = function.signature();
    proto::Function {
        parameters: signature
            .parameters
            .iter()
            .map(|p| proto::function::Parameter {
                name: p.name.to_owned(),
                r#type: p.ty.to_json_bytes(),
                // Terraform answers null and unknown arguments itself (an error, and an unknown
                // result), so the functions only ever see known values.
                allow_null_value: false,
                allow_unknown_values: false,
                description: p.description.to_string(),
                description_kind: proto::StringKind::Markdown as i32,
            })
            .collect(),
        variadic_parameter: None,
        r#return: Some(proto::function::Return {
            r#type: signature.returns.to_json_bytes(),
        }),
        summary: signature.summary.to_string(),
        description: signature.description.to_string(),
        description_kind: proto::StringKind::Markdown as i32,
        deprecation_message: String::new(),
    }
}

pub fn error(error: CallError) -> proto::FunctionError {
    proto::FunctionError {
        text: error.text,
        function_argument: error.argument.and_then(|i| i64::try_from(i).ok()),
    }
}
