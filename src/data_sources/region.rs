//! The optional `region` argument every data source takes: checked at plan time, and the
//! region a name lookup or a list goes to.

use std::sync::LazyLock;

use regex::Regex;

use super::AwsContext;
use crate::diagnostics::{AttributePath, Diagnostic, quote};
use crate::schema::{Attribute, Mode};
use crate::values::{Type, Value};

/// AWS region names: `us-west-2`, `eu-central-1`, `us-gov-west-1`, `ap-southeast-5`...
static REGION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$").expect("valid regex"));
/// No AWS region name comes near this long.
const MAX_LENGTH: usize = 32;

/// The `region` argument, with `description`.
pub fn attribute(description: &'static str) -> Attribute {
    Attribute::computed("region", Type::String, description)
        .as_argument(Mode::OptionalComputed, description)
}

/// Whether `text` has the shape of an AWS region name (and a sane length).
pub fn is_name(text: &str) -> bool {
    text.len() <= MAX_LENGTH && REGION.is_match(text)
}

/// An error on `region` if it is set and not a region name; unknown passes.
pub fn validate(config: &Value) -> Option<Diagnostic> {
    let region = config.attr("region").and_then(Value::as_str)?;
    (!is_name(region)).then(|| {
        Diagnostic::error(
            "Invalid region",
            format!(
                "{} is not an AWS region name: expected lowercase words and a number joined by \
                 \"-\", such as us-west-2 or eu-central-1.",
                quote(region)
            ),
        )
        .at(AttributePath::attribute("region"))
    })
}

/// The region the configuration asks for, else the provider's.
pub fn chosen(aws: &dyn AwsContext, config: &Value) -> String {
    config
        .attr("region")
        .and_then(Value::as_str)
        .unwrap_or(aws.region())
        .to_owned()
}

/// An error on `region` when it is set and the ARN is in another region.
pub fn contradicting(config: &Value, arn: &str, arn_region: &str) -> Option<Diagnostic> {
    let region = config.attr("region").and_then(Value::as_str)?;
    (region != arn_region).then(|| {
        Diagnostic::error(
            "`region` contradicts the ARN",
            format!(
                "`region` is {}, but the ARN {} is in {arn_region:?}. A read by ARN always \
                 goes to the ARN's region: remove `region`, or set it to {arn_region:?}.",
                quote(region),
                quote(arn)
            ),
        )
        .at(AttributePath::attribute("region"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_region(region: &str) -> Value {
        Value::object([("region", Value::String(region.into()))])
    }

    #[test]
    fn region_names_pass_and_others_fail_on_region() {
        for good in [
            "us-west-2",
            "eu-central-1",
            "us-gov-west-1",
            "ap-southeast-5",
        ] {
            assert!(validate(&with_region(good)).is_none(), "{good}");
        }
        for bad in [
            "",
            "US-WEST-2",
            "us-west",
            "uswest2",
            "us_west_2",
            "us-west-2-",
            "us-west-123",
            &"a-".repeat(40),
            &format!("us-{}-1", "west".repeat(1 << 18)),
        ] {
            let found = validate(&with_region(bad)).expect(bad);
            assert_eq!(found.attribute, Some(AttributePath::attribute("region")));
            assert!(found.detail.len() < 400, "{}", found.detail);
        }
        assert!(validate(&Value::object([("region", Value::Unknown)])).is_none());
    }
}
