//! The `assume_role` and `assume_role_with_web_identity` blocks: schema, plan-time checks, and
//! reading them. Names, environment variables and limits as hashicorp/aws.

use std::collections::BTreeMap;
use std::time::Duration;

use super::duration::{self, Accepted};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Attribute, Block, NestedBlock, Nesting};
use crate::values::{Type, Value};

pub const ASSUME_ROLE: &str = "assume_role";
pub const WEB_IDENTITY: &str = "assume_role_with_web_identity";

/// STS accepts role sessions from 15 minutes to 12 hours.
const SESSION: Accepted = Accepted {
    range: Duration::from_secs(15 * 60)..=Duration::from_secs(12 * 60 * 60),
    range_text: "from 15m to 12h (what STS accepts)",
    examples: "\"1h\", \"45m\" or \"1h30m\"",
};

/// `assume_role { ... }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
    pub duration: Option<Duration>,
    pub policy: Option<String>,
    pub policy_arns: Vec<String>,
    pub tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
}

/// `assume_role_with_web_identity { ... }`, before the environment fills its gaps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebIdentity {
    pub role_arn: Option<String>,
    pub session_name: Option<String>,
    pub web_identity_token: Option<String>,
    pub web_identity_token_file: Option<String>,
    pub duration: Option<Duration>,
    pub policy: Option<String>,
    pub policy_arns: Vec<String>,
}

fn role_arn_doc() -> Attribute {
    Attribute::required(
        "role_arn",
        Type::String,
        "ARN of the IAM role to assume, e.g. `arn:aws:iam::123456789012:role/reader`.",
    )
}

fn duration_doc() -> Attribute {
    Attribute::optional(
        "duration",
        Type::String,
        "How long the role session lasts, as a duration such as `1h`, `45m` or `1h30m` (15m to \
         12h). Defaults to 1h.",
    )
}

fn policy_docs() -> [Attribute; 2] {
    [
        Attribute::optional(
            "policy",
            Type::String,
            "IAM policy (JSON) that further restricts the role session. Defaults to none.",
        ),
        Attribute::optional(
            "policy_arns",
            Type::set(Type::String),
            "ARNs of IAM managed policies that further restrict the role session. Defaults to \
             none.",
        ),
    ]
}

pub fn blocks() -> Vec<NestedBlock> {
    let [policy, policy_arns] = policy_docs();
    let [web_policy, web_policy_arns] = policy_docs();
    vec![
        NestedBlock {
            name: ASSUME_ROLE,
            nesting: Nesting::Single,
            block: Block {
                description: "Assume an IAM role with STS AssumeRole, signed with the \
                              credentials found otherwise (arguments, environment, profile); IVS \
                              is then called with the role's temporary credentials."
                    .into(),
                attributes: vec![
                    role_arn_doc(),
                    Attribute::optional(
                        "session_name",
                        Type::String,
                        "Name of the role session, seen in CloudTrail. Defaults to a name made \
                         from the current time.",
                    ),
                    Attribute::optional(
                        "external_id",
                        Type::String,
                        "External ID the role's trust policy requires, if any. Defaults to none.",
                    ),
                    duration_doc(),
                    policy,
                    policy_arns,
                    Attribute::optional(
                        "tags",
                        Type::map(Type::String),
                        "Session tags (key = value) passed to STS. Defaults to none.",
                    ),
                    Attribute::optional(
                        "transitive_tag_keys",
                        Type::set(Type::String),
                        "Keys of `tags` that stay on the session through role chaining. \
                         Defaults to none.",
                    ),
                    Attribute::optional(
                        "source_identity",
                        Type::String,
                        "Source identity passed to STS, kept through role chaining. Defaults to \
                         none.",
                    ),
                ],
                blocks: Vec::new(),
            },
        },
        NestedBlock {
            name: WEB_IDENTITY,
            nesting: Nesting::Single,
            block: Block {
                description: "Assume an IAM role with STS AssumeRoleWithWebIdentity, proving \
                              the identity with an OpenID Connect token (e.g. from a CI system \
                              or a Kubernetes service account)."
                    .into(),
                attributes: vec![
                    Attribute::optional(
                        "role_arn",
                        Type::String,
                        "ARN of the IAM role to assume. Defaults to `AWS_ROLE_ARN`.",
                    ),
                    Attribute::optional(
                        "session_name",
                        Type::String,
                        "Name of the role session. Defaults to `AWS_ROLE_SESSION_NAME`, then a \
                         name made from the current time.",
                    ),
                    Attribute::optional(
                        "web_identity_token",
                        Type::String,
                        "The OpenID Connect token itself. Conflicts with \
                         `web_identity_token_file`; one of them is needed.",
                    )
                    .sensitive(),
                    Attribute::optional(
                        "web_identity_token_file",
                        Type::String,
                        "File holding the OpenID Connect token, read at each credential refresh. \
                         Defaults to `AWS_WEB_IDENTITY_TOKEN_FILE`.",
                    ),
                    duration_doc(),
                    web_policy,
                    web_policy_arns,
                ],
                blocks: Vec::new(),
            },
        },
    ]
}

/// `arn:PARTITION:iam::ACCOUNT:role/NAME`.
fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", partition, "iam", "", account, resource]
        if partition.starts_with("aws")
            && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit())
            && resource.strip_prefix("role/").is_some_and(|name| !name.is_empty()))
}

fn known_str<'a>(block: &'a Value, name: &str) -> Option<&'a str> {
    block.attr(name).and_then(Value::as_str)
}

/// Plan-time checks of both blocks; unknown values pass.
pub fn validate(config: &Value, found: &mut Diagnostics) {
    for block_name in [ASSUME_ROLE, WEB_IDENTITY] {
        let Some(block) = config
            .attr(block_name)
            .filter(|b| !b.is_null() && b.is_known())
        else {
            continue;
        };
        let at = |name: &str| AttributePath::attribute(block_name).then(name);
        if let Some(arn) = known_str(block, "role_arn")
            && !is_role_arn(arn)
        {
            found.push(
                Diagnostic::error(
                    "Invalid role_arn",
                    format!(
                        "{} is not an IAM role ARN; expected e.g. \
                         \"arn:aws:iam::123456789012:role/reader\".",
                        quote(arn)
                    ),
                )
                .at(at("role_arn")),
            );
        }
        if let Some(text) = known_str(block, "duration") {
            found.extend(duration::check(
                text,
                &SESSION,
                "Invalid duration",
                at("duration"),
            ));
        }
        if let Some(policy) = known_str(block, "policy")
            && let Err(error) = serde_json::from_str::<serde_json::Value>(policy)
        {
            found.push(
                Diagnostic::error(
                    "Invalid policy",
                    format!(
                        "`policy` must be an IAM policy in JSON, but it is not JSON ({error}): \
                         {}",
                        quote(policy)
                    ),
                )
                .at(at("policy")),
            );
        }
        for name in ["session_name", "external_id", "source_identity"] {
            if known_str(block, name).is_some_and(str::is_empty) {
                found.push(
                    Diagnostic::error(
                        format!("Empty {name}"),
                        format!(
                            "`{name}` is set to an empty string; remove it or give it a value."
                        ),
                    )
                    .at(at(name)),
                );
            }
        }
        if block_name == WEB_IDENTITY {
            let is_set = |name| block.attr(name).is_some_and(|v| !v.is_null());
            if is_set("web_identity_token") && is_set("web_identity_token_file") {
                found.push(
                    Diagnostic::error(
                        "Conflicting web identity token arguments",
                        "Set only one of `web_identity_token` and `web_identity_token_file`.",
                    )
                    .at(at("web_identity_token_file")),
                );
            }
        }
    }
}

fn strings(block: &Value, name: &str) -> Vec<String> {
    block
        .attr(name)
        .and_then(Value::elements)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn text(block: &Value, name: &str) -> Option<String> {
    known_str(block, name).map(str::to_owned)
}

/// Reads `assume_role` from a configuration that passed [`validate`].
pub fn assume_role(config: &Value) -> Option<AssumeRole> {
    let block = config.attr(ASSUME_ROLE).filter(|b| !b.is_null())?;
    Some(AssumeRole {
        role_arn: text(block, "role_arn")?,
        session_name: text(block, "session_name"),
        external_id: text(block, "external_id"),
        duration: known_str(block, "duration").and_then(duration::parse),
        policy: text(block, "policy"),
        policy_arns: strings(block, "policy_arns"),
        tags: block
            .attr("tags")
            .and_then(Value::as_map)
            .map(|tags| {
                tags.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                    .collect()
            })
            .unwrap_or_default(),
        transitive_tag_keys: strings(block, "transitive_tag_keys"),
        source_identity: text(block, "source_identity"),
    })
}

/// Reads `assume_role_with_web_identity` from a configuration that passed [`validate`].
pub fn web_identity(config: &Value) -> Option<WebIdentity> {
    let block = config.attr(WEB_IDENTITY).filter(|b| !b.is_null())?;
    Some(WebIdentity {
        role_arn: text(block, "role_arn"),
        session_name: text(block, "session_name"),
        web_identity_token: text(block, "web_identity_token"),
        web_identity_token_file: text(block, "web_identity_token_file"),
        duration: known_str(block, "duration").and_then(duration::parse),
        policy: text(block, "policy"),
        policy_arns: strings(block, "policy_arns"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_role_arns() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/reader"));
        assert!(is_role_arn("arn:aws-us-gov:iam::123456789012:role/a/b"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/reader"));
        assert!(!is_role_arn("arn:aws:sts::123456789012:role/reader"));
        assert!(!is_role_arn("reader"));
    }
}
