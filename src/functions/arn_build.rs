//! `arn_build(partition, region, account, resource_type, resource_id)`: the ARN of an IVS or
//! IVS Chat resource from its parts, each checked as `arn_parse` checks it. The service is not
//! an argument: the resource type decides it (`room` is IVS Chat's), so it cannot disagree.

use super::resource_types::{self, service_of};
use super::{CallError, Function, Parameter, Signature, string_argument};
use crate::data_sources::arn::{self, ArnError};
use crate::diagnostics::quote;
use crate::values::{Type, Value};

pub struct ArnBuild;

/// The parameters, in order, with their descriptions.
const PARAMETERS: [(&str, &str); 5] = [
    (
        "partition",
        "The AWS partition: `aws`, `aws-cn` or `aws-us-gov`.",
    ),
    ("region", "The region, e.g. `us-west-2`."),
    ("account", "The AWS account ID, 12 digits."),
    (
        "resource_type",
        "The resource type, e.g. `channel` or `stream-key` (one of those the description lists).",
    ),
    (
        "resource_id",
        "The resource ID: letters, digits and `-`, e.g. `AbCd1234`.",
    ),
];

impl Function for ArnBuild {
    fn name(&self) -> &'static str {
        "arn_build"
    }

    fn signature(&self) -> Signature {
        Signature {
            summary: "Builds the ARN of an Amazon IVS resource from its parts".into(),
            description: format!(
                "Builds `arn:<partition>:<service>:<region>:<account>:<resource type>/<id>`, \
                 the ARN of an Amazon IVS or IVS Chat resource. The service (`ivs` or \
                 `ivschat`) follows from the resource type, one of:\n\n{}\n\
                 Each part is checked as `arn_parse` checks it, and an error names the \
                 argument at fault; the ARN may be at most {} characters, as IVS accepts. \
                 `arn_build` is the inverse of `arn_parse`. It calls no AWS API, so it works \
                 before the provider is configured.",
                resource_types::markdown_list(),
                arn::MAX_LENGTH
            )
            .into(),
            parameters: PARAMETERS
                .iter()
                .map(|(name, description)| Parameter {
                    name,
                    ty: Type::String,
                    description: (*description).into(),
                })
                .collect(),
            returns: Type::String,
        }
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, CallError> {
        let mut parts = [""; 5];
        for (index, (name, _)) in PARAMETERS.iter().enumerate() {
            parts[index] = string_argument(arguments, index, name)?;
        }
        let [partition, region, account, resource_type, id] = parts;
        let on = |index: usize| move |error: ArnError| CallError::argument(index, error.0);
        arn::check_partition(partition).map_err(on(0))?;
        arn::check_region(region).map_err(on(1))?;
        arn::check_account(account).map_err(on(2))?;
        let Some(service) = service_of(resource_type) else {
            return Err(CallError::argument(
                3,
                format!(
                    "the resource type {} is not one of {}",
                    quote(resource_type),
                    resource_types::listed()
                ),
            ));
        };
        arn::check_id(id).map_err(on(4))?;
        let built = format!("arn:{partition}:{service}:{region}:{account}:{resource_type}/{id}");
        if built.len() > arn::MAX_LENGTH {
            return Err(CallError::argument(
                4,
                format!(
                    "the ARN would be {} characters long; IVS accepts at most {}, so the \
                     resource ID {} is too long",
                    built.len(),
                    arn::MAX_LENGTH,
                    quote(id)
                ),
            ));
        }
        Ok(Value::String(built))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::arn_parse::ArnParse;

    fn call(parts: [&str; 5]) -> Result<Value, CallError> {
        let arguments: Vec<Value> = parts.iter().map(|p| Value::String((*p).into())).collect();
        ArnBuild.call(&arguments)
    }

    #[test]
    fn builds_what_arn_parse_splits() {
        for (resource_type, service) in resource_types::RESOURCE_TYPES {
            let built = call(["aws", "eu-west-1", "123456789012", resource_type, "Ab-1"]).unwrap();
            let text = built.as_str().unwrap();
            assert_eq!(
                text,
                format!("arn:aws:{service}:eu-west-1:123456789012:{resource_type}/Ab-1")
            );
            let parts = ArnParse.call(std::slice::from_ref(&built)).unwrap();
            assert_eq!(
                parts.attr("resource_type").and_then(Value::as_str),
                Some(resource_type)
            );
        }
    }

    #[test]
    fn each_error_names_its_argument() {
        let good = ["aws", "us-west-2", "123456789012", "channel", "AbCd"];
        for (index, bad, expected) in [
            (0, "aws-xx", "the partition \"aws-xx\""),
            (1, "US-WEST-2", "the region \"US-WEST-2\""),
            (2, "12", "the account \"12\""),
            (3, "bucket", "the resource type \"bucket\""),
            (4, "a_b", "the resource ID \"a_b\""),
        ] {
            let mut parts = good;
            parts[index] = bad;
            let error = call(parts).unwrap_err();
            assert_eq!(error.argument, Some(index), "{}", error.text);
            assert!(error.text.starts_with(expected), "{}", error.text);
            // Terraform adds the full stop: "Invalid value for \"x\" parameter: <text>."
            assert!(!error.text.ends_with('.'), "{}", error.text);
        }
        let long = "a".repeat(100);
        let error = call(["aws", "us-west-2", "123456789012", "channel", &long]).unwrap_err();
        assert_eq!(error.argument, Some(4));
        assert!(error.text.contains("at most 128"), "{}", error.text);
    }
}
