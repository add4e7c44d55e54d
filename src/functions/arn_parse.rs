//! `arn_parse(arn)`: an IVS or IVS Chat ARN split into its parts, checked part by part.

use super::resource_types::{self, service_of};
use super::{CallError, Function, Parameter, Signature, string_argument};
use crate::data_sources::arn;
use crate::diagnostics::quote;
use crate::values::{Type, Value};

pub struct ArnParse;

/// The attributes of the result, in the order the docs list them.
const PARTS: [&str; 6] = [
    "partition",
    "service",
    "region",
    "account",
    "resource_type",
    "resource_id",
];

impl Function for ArnParse {
    fn name(&self) -> &'static str {
        "arn_parse"
    }

    fn signature(&self) -> Signature {
        Signature {
            summary: "Splits an Amazon IVS ARN into its parts".into(),
            description: format!(
                "Splits the ARN of an Amazon IVS or IVS Chat resource, \
                 `arn:<partition>:<service>:<region>:<account>:<resource type>/<id>`, into an \
                 object with the attributes `partition` (`aws`, `aws-cn` or `aws-us-gov`), \
                 `service` (`ivs` or `ivschat`), `region`, `account` (12 digits), \
                 `resource_type` and `resource_id`. Every part is checked; a malformed ARN is \
                 an error that says which part is wrong. The resource types are:\n\n{}\n\
                 It calls no AWS API, so it works before the provider is configured.",
                resource_types::markdown_list()
            )
            .into(),
            parameters: vec![Parameter {
                name: "arn",
                ty: Type::String,
                description: "The ARN to split, e.g. \
                              `arn:aws:ivs:us-west-2:123456789012:channel/AbCd1234`."
                    .into(),
            }],
            returns: Type::object(PARTS.iter().map(|name| (*name, Type::String))),
        }
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, CallError> {
        let text = string_argument(arguments, 0, "arn")?;
        let invalid =
            |why: &str| CallError::argument(0, format!("{} is not an IVS ARN: {why}", quote(text)));
        let parsed = arn::parse_any(text).map_err(|error| invalid(&error.0))?;
        match service_of(parsed.resource_type) {
            None => {
                return Err(invalid(&format!(
                    "the resource type {} is not one of {}",
                    quote(parsed.resource_type),
                    resource_types::listed()
                )));
            }
            Some(service) if service != parsed.service => {
                return Err(invalid(&format!(
                    "a {} is a resource of the service \"{service}\", not {}",
                    quote(parsed.resource_type),
                    quote(parsed.service)
                )));
            }
            Some(_) => {}
        }
        Ok(Value::object(
            [
                ("partition", parsed.partition),
                ("service", parsed.service),
                ("region", parsed.region),
                ("account", parsed.account),
                ("resource_type", parsed.resource_type),
                ("resource_id", parsed.id),
            ]
            .map(|(name, part)| (name, Value::String(part.to_owned()))),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(text: &str) -> Result<Value, CallError> {
        ArnParse.call(&[Value::String(text.to_owned())])
    }

    #[test]
    fn splits_arns_of_every_resource_type() {
        for (resource_type, service) in resource_types::RESOURCE_TYPES {
            let text = format!("arn:aws-cn:{service}:cn-north-1:123456789012:{resource_type}/Ab-1");
            let parts = call(&text).unwrap();
            for (name, expected) in [
                ("partition", "aws-cn"),
                ("service", service),
                ("region", "cn-north-1"),
                ("account", "123456789012"),
                ("resource_type", resource_type),
                ("resource_id", "Ab-1"),
            ] {
                assert_eq!(parts.attr(name).and_then(Value::as_str), Some(expected));
            }
        }
    }

    #[test]
    fn errors_are_on_the_argument_and_quote_it() {
        for (text, expected) in [
            ("", "the ARN is empty"),
            (
                "arn:aws:s3:us-west-2:123456789012:channel/a",
                "service is \"s3\"",
            ),
            (
                "arn:aws:ivs:us-west-2:123456789012:bucket/a",
                "resource type \"bucket\"",
            ),
            (
                "arn:aws:ivschat:us-west-2:123456789012:channel/a",
                "service \"ivs\"",
            ),
            (
                "arn:aws:ivs:us-west-2:123456789012:channel/a_b",
                "resource ID \"a_b\"",
            ),
            ("arn:aws:ivs:us-west-2:1234:channel/a", "account \"1234\""),
        ] {
            let error = call(text).unwrap_err();
            assert_eq!(error.argument, Some(0));
            assert!(error.text.contains(expected), "{text:?}: {}", error.text);
            assert!(error.text.starts_with(&quote(text)), "{}", error.text);
        }
    }

    #[test]
    fn a_null_is_an_error_not_a_panic() {
        let error = ArnParse.call(&[Value::Null]).unwrap_err();
        assert_eq!(error.argument, Some(0));
    }
}
