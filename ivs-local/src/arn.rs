//! IVS ARNs: `arn:aws:ivs:{region}:{account}:{resource-type}/{id}`.

/// The parts of an ARN that matches `arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]+/[a-zA-Z0-9-]+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IvsArn<'a> {
    pub region: &'a str,
    pub account: &'a str,
    pub resource_type: &'a str,
    pub id: &'a str,
}

impl<'a> IvsArn<'a> {
    /// Splits an IVS ARN, or `None` if it does not have the IVS ARN form.
    pub fn parse(arn: &'a str) -> Option<Self> {
        let rest = arn.strip_prefix("arn:aws:ivs:")?;
        let (region, rest) = rest.split_once(':')?;
        let (account, rest) = rest.split_once(':')?;
        let (resource_type, id) = rest.split_once('/')?;
        let parsed = Self {
            region,
            account,
            resource_type,
            id,
        };
        let valid = is_region(region)
            && !account.is_empty()
            && account.bytes().all(|b| b.is_ascii_digit())
            && !resource_type.is_empty()
            && resource_type
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-')
            && is_resource_id(id);
        valid.then_some(parsed)
    }
}

/// `[a-z0-9-]+`, the region part of IVS ARNs.
pub fn is_region(region: &str) -> bool {
    !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `[a-zA-Z0-9-]+`, the resource-id part of IVS ARNs.
pub fn is_resource_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// An AWS account id, the account part of ARNs: 12 digits.
pub fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

/// A random alphanumeric id of `length` characters, like the ones AWS generates.
pub fn random_id(length: usize) -> String {
    (0..length).map(|_| fastrand::alphanumeric()).collect()
}

/// Whether `arn` is an IAM role ARN: `arn:aws:iam::ACCOUNT:role/[PATH/]NAME`.
pub fn is_role_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:aws:iam::") else {
        return false;
    };
    let Some((account, name)) = rest.split_once(":role/") else {
        return false;
    };
    is_account_id(account)
        && !name.is_empty()
        && !name.ends_with('/')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_recording_configuration_arns() {
        let arn =
            IvsArn::parse("arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbC-12")
                .expect("valid ARN");
        assert_eq!(arn.region, "us-west-2");
        assert_eq!(arn.account, "123456789012");
        assert_eq!(arn.id, "AbC-12");
        assert_eq!(arn.resource_type, "recording-configuration");
    }

    #[test]
    fn rejects_malformed_arns() {
        for bad in [
            "",
            "arn:aws:ivs:us-west-2:123456789012:recording-configuration/",
            "arn:aws:ivs:US-WEST-2:123456789012:recording-configuration/x",
            "arn:aws:ivs:us-west-2:12a:recording-configuration/x",
            "arn:aws:ivs:us-west-2:123456789012:recording-configuration/a_b",
            "arn:aws:s3:us-west-2:123456789012:recording-configuration/x",
            "arn:aws:ivs:us-west-2:123456789012:recording-configuration/x/y",
        ] {
            assert_eq!(IvsArn::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn random_ids_have_the_aws_form() {
        let id = random_id(12);
        assert_eq!(id.len(), 12);
        assert!(is_resource_id(&id));
    }
}
