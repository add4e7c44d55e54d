//! IVS ARNs: `arn:<partition>:ivs:<region>:<account>:<resource type>/<id>`, checked part by part
//! so the error says which part is wrong.

use std::fmt;

use super::region;
use crate::diagnostics::{AttributePath, Diagnostic, quote};

/// The partitions IVS ARNs are issued in.
const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];
/// The longest ARN the IVS API accepts.
pub const MAX_LENGTH: usize = 128;
/// AWS account IDs are exactly this many digits.
pub const ACCOUNT_DIGITS: usize = 12;

/// A well-formed IVS ARN, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvsArn<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub id: &'a str,
}

/// Why a string is not an IVS ARN of the expected resource type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnError(pub String);

impl fmt::Display for ArnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ARN of IVS or IVS Chat of any resource type, split into its parts (for the provider's
/// functions, which take ARNs of every kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnyArn<'a> {
    pub partition: &'a str,
    /// `ivs`, or `ivschat` (chat rooms and their logging configurations).
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource_type: &'a str,
    pub id: &'a str,
}

/// The services whose ARNs [`parse_any`] takes.
pub const SERVICES: [&str; 2] = ["ivs", "ivschat"];

/// Parses `text` as an IVS ARN whose resource is `<resource_type>/<id>`.
pub fn parse<'a>(text: &'a str, resource_type: &str) -> Result<IvsArn<'a>, ArnError> {
    let CommonParts {
        partition,
        region,
        account,
        resource,
        ..
    } = common_parts(text, &["ivs"])?;
    let Some((kind, id)) = resource.split_once('/') else {
        return Err(ArnError(format!(
            "the resource {} is not of the form \"{resource_type}/<id>\"",
            quote(resource)
        )));
    };
    if kind != resource_type {
        return Err(ArnError(format!(
            "this is the ARN of a {}, not of a {resource_type:?}",
            quote(kind)
        )));
    }
    check_id(id)?;
    Ok(IvsArn {
        partition,
        region,
        account,
        id,
    })
}

/// Parses `text` as an ARN of IVS or IVS Chat (see [`SERVICES`]) of any resource type; which
/// types exist is for the caller to say.
pub fn parse_any(text: &str) -> Result<AnyArn<'_>, ArnError> {
    let parts = common_parts(text, &SERVICES)?;
    let Some((resource_type, id)) = parts.resource.split_once('/') else {
        return Err(ArnError(format!(
            "the resource {} is not of the form \"<resource type>/<id>\"",
            quote(parts.resource)
        )));
    };
    check_id(id)?;
    Ok(AnyArn {
        partition: parts.partition,
        service: parts.service,
        region: parts.region,
        account: parts.account,
        resource_type,
        id,
    })
}

/// The parts every IVS ARN checks the same way; the resource is left whole.
struct CommonParts<'a> {
    partition: &'a str,
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn common_parts<'a>(text: &'a str, services: &[&str]) -> Result<CommonParts<'a>, ArnError> {
    let fail = |why: String| Err(ArnError(why));
    if text.is_empty() {
        return fail("the ARN is empty".into());
    }
    if text.len() > MAX_LENGTH {
        return fail(format!(
            "the ARN is {} characters long; IVS accepts at most {MAX_LENGTH}",
            text.len()
        ));
    }
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return fail("an ARN has six parts separated by \":\"".into());
    };
    if prefix != "arn" {
        return fail(format!(
            "an ARN starts with \"arn:\", not {}",
            quote(prefix)
        ));
    }
    check_partition(partition)?;
    if !services.contains(&service) {
        let expected: Vec<String> = services.iter().map(|s| format!("\"{s}\"")).collect();
        return fail(format!(
            "the service is {}, not {}",
            quote(service),
            expected.join(" or ")
        ));
    }
    check_region(region)?;
    check_account(account)?;
    Ok(CommonParts {
        partition,
        service,
        region,
        account,
        resource,
    })
}

/// Checks an ARN's partition.
pub fn check_partition(partition: &str) -> Result<(), ArnError> {
    if PARTITIONS.contains(&partition) {
        return Ok(());
    }
    Err(ArnError(format!(
        "the partition {} is not one of {}",
        quote(partition),
        PARTITIONS.join(", ")
    )))
}

/// Checks an ARN's region.
pub fn check_region(region: &str) -> Result<(), ArnError> {
    if region::is_name(region) {
        return Ok(());
    }
    Err(ArnError(format!(
        "the region {} is not a region name (lowercase words and a number joined by \"-\", \
         such as us-west-2)",
        quote(region)
    )))
}

/// Checks an ARN's account.
pub fn check_account(account: &str) -> Result<(), ArnError> {
    if account.len() == ACCOUNT_DIGITS && account.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(ArnError(format!(
        "the account {} is not an AWS account ID ({ACCOUNT_DIGITS} digits)",
        quote(account)
    )))
}

/// Checks an ARN's resource ID.
pub fn check_id(id: &str) -> Result<(), ArnError> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Ok(());
    }
    Err(ArnError(format!(
        "the resource ID {} must be letters, digits and \"-\"",
        quote(id)
    )))
}

/// The error on the attribute `at` whose value `text` is not an ARN of the resource type
/// `arn_type` (a `what`), saying why (`error`) and what one looks like.
pub fn invalid(text: &str, error: &ArnError, what: &str, arn_type: &str, at: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Invalid {what} ARN"),
        format!(
            "{} is not an IVS {what} ARN: {error}.\nExpected \
             arn:<partition>:ivs:<region>:<account>:{arn_type}/<id>, for example \
             arn:aws:ivs:us-west-2:123456789012:{arn_type}/AbCd1234.",
            quote(text)
        ),
    )
    .at(AttributePath::attribute(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE: &str = "recording-configuration";

    #[test]
    fn accepts_arns_in_every_partition() {
        for partition in PARTITIONS {
            let text = format!(
                "arn:{partition}:ivs:us-west-2:123456789012:recording-configuration/AbCd-1234"
            );
            let arn = parse(&text, TYPE).unwrap();
            assert_eq!(arn.partition, partition);
            assert_eq!(arn.region, "us-west-2");
            assert_eq!(arn.account, "123456789012");
            assert_eq!(arn.id, "AbCd-1234");
        }
    }

    #[test]
    fn names_the_part_at_fault() {
        let cases = [
            ("", "empty"),
            ("not-an-arn", "six parts"),
            (
                "arx:aws:ivs:us-west-2:123456789012:recording-configuration/a",
                "starts with",
            ),
            (
                "arn:aws-xx:ivs:us-west-2:123456789012:recording-configuration/a",
                "partition \"aws-xx\"",
            ),
            (
                "arn:aws:s3:us-west-2:123456789012:recording-configuration/a",
                "service is \"s3\"",
            ),
            (
                "arn:aws:ivs:US-WEST-2:1:recording-configuration/a",
                "region \"US-WEST-2\"",
            ),
            (
                "arn:aws:ivs::123456789012:recording-configuration/a",
                "region \"\"",
            ),
            (
                "arn:aws:ivs:us-west-2:12a:recording-configuration/a",
                "account \"12a\"",
            ),
            (
                "arn:aws:ivs:us-west-2:12345678901:recording-configuration/a",
                "account \"12345678901\" is not an AWS account ID (12 digits)",
            ),
            (
                "arn:aws:ivs:us-west-2:1234567890123:recording-configuration/a",
                "account \"1234567890123\"",
            ),
            (
                "arn:aws:ivs:us-west-2:12345678901a:recording-configuration/a",
                "account \"12345678901a\"",
            ),
            (
                "arn:aws:ivs:us-west-2:123456789012:recording-configuration",
                "not of the form",
            ),
            (
                "arn:aws:ivs:us-west-2:123456789012:channel/abc",
                "ARN of a \"channel\"",
            ),
            (
                "arn:aws:ivs:us-west-2:123456789012:recording-configuration/",
                "resource ID \"\"",
            ),
            (
                "arn:aws:ivs:us-west-2:123456789012:recording-configuration/a_b",
                "resource ID \"a_b\"",
            ),
        ];
        for (text, expected) in cases {
            let err = parse(text, TYPE).unwrap_err();
            assert!(
                err.0.contains(expected),
                "{text:?}: {err} should contain {expected:?}"
            );
        }
    }

    #[test]
    fn enforces_the_api_length_limit() {
        let id = "a".repeat(MAX_LENGTH);
        let text = format!("arn:aws:ivs:us-west-2:123456789012:recording-configuration/{id}");
        assert!(parse(&text, TYPE).unwrap_err().0.contains("at most 128"));
        let fits = format!(
            "arn:aws:ivs:us-west-2:123456789012:recording-configuration/{}",
            "a".repeat(MAX_LENGTH - 59)
        );
        assert_eq!(fits.len(), MAX_LENGTH);
        assert!(parse(&fits, TYPE).is_ok());
    }
}
