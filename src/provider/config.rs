//! The provider block: its schema, its plan-time checks, and reading it into [`ProviderConfig`].

use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use crate::schema::{Attribute, Block, NestedBlock, Nesting, Schema};
use crate::values::{Type, Value};

pub fn schema() -> Schema {
    let files = || Type::list(Type::String);
    Schema {
        version: 0,
        block: Block {
            description: "The ivs provider reads Amazon IVS (Interactive Video Service) \
                          resources. Every argument is optional: unset ones come from the \
                          standard AWS environment variables and shared files.",
            attributes: vec![
                Attribute::optional(
                    "region",
                    Type::String,
                    "AWS region to call, e.g. `us-west-2`. Defaults to `AWS_REGION`, \
                     `AWS_DEFAULT_REGION`, then the profile's `region`.",
                ),
                Attribute::optional(
                    "profile",
                    Type::String,
                    "Named profile of the shared config and credentials files. Defaults to \
                     `AWS_PROFILE`, then `default`.",
                ),
                Attribute::optional(
                    "access_key",
                    Type::String,
                    "AWS access key ID. Set together with `secret_key`; overrides the \
                     environment and profiles.",
                ),
                Attribute::optional("secret_key", Type::String, "AWS secret access key.")
                    .sensitive(),
                Attribute::optional(
                    "token",
                    Type::String,
                    "Session token for temporary credentials, used with `access_key` and \
                     `secret_key`.",
                )
                .sensitive(),
                Attribute::optional(
                    "shared_config_files",
                    files(),
                    "Shared config files to read instead of `~/.aws/config` \
                     (`AWS_CONFIG_FILE`).",
                ),
                Attribute::optional(
                    "shared_credentials_files",
                    files(),
                    "Shared credentials files to read instead of `~/.aws/credentials` \
                     (`AWS_SHARED_CREDENTIALS_FILE`).",
                ),
                Attribute::optional(
                    "max_retries",
                    Type::Number,
                    "How many times a failed request (throttling, 5xx, connection errors) is \
                     retried, with exponential backoff. Defaults to `AWS_MAX_ATTEMPTS` - 1, \
                     then 2.",
                ),
            ],
            blocks: vec![NestedBlock {
                name: "endpoints",
                nesting: Nesting::Single,
                block: Block {
                    description: "Custom service endpoints, e.g. a local IVS endpoint for tests.",
                    attributes: vec![
                        Attribute::optional(
                            "ivs",
                            Type::String,
                            "IVS endpoint URL, e.g. `http://127.0.0.1:4566`. Defaults to \
                             `AWS_ENDPOINT_URL_IVS`, then `AWS_ENDPOINT_URL`, then AWS's \
                             endpoint for the region.",
                        ),
                        Attribute::optional(
                            "sts",
                            Type::String,
                            "STS endpoint URL, used when credentials are obtained through STS \
                             (assume-role and web-identity profiles). Defaults to \
                             `AWS_ENDPOINT_URL_STS`.",
                        ),
                    ],
                    blocks: Vec::new(),
                },
            }],
        },
    }
}

/// The provider block, as read from a wholly known configuration.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ProviderConfig {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub token: Option<String>,
    pub shared_config_files: Vec<String>,
    pub shared_credentials_files: Vec<String>,
    pub max_retries: Option<u32>,
    pub ivs_endpoint: Option<String>,
    pub sts_endpoint: Option<String>,
}

/// The most retries accepted; beyond this a failing read would take hours.
const MAX_RETRIES_LIMIT: i64 = 100;

/// Plan-time checks; values that are not known yet are skipped.
pub fn validate(config: &Value) -> Diagnostics {
    let mut found = Vec::new();
    if let Some(region) = known_string(config, "region") {
        let valid = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            found.push(
                Diagnostic::error(
                    "Invalid AWS region",
                    format!(
                        "{region:?} is not a region name: use lowercase letters, digits and \"-\", \
                         e.g. \"us-west-2\"."
                    ),
                )
                .at(AttributePath::attribute("region")),
            );
        }
    }
    for name in ["profile", "access_key", "secret_key", "token"] {
        if known_string(config, name).is_some_and(str::is_empty) {
            found.push(
                Diagnostic::error(
                    format!("Empty {name}"),
                    format!("`{name}` is set to an empty string; remove it or give it a value."),
                )
                .at(AttributePath::attribute(name)),
            );
        }
    }
    let is_set = |name| config.attr(name).is_some_and(|v| !v.is_null());
    for (set, missing) in [("access_key", "secret_key"), ("secret_key", "access_key")] {
        if is_set(set) && !is_set(missing) {
            found.push(
                Diagnostic::error(
                    format!("Missing {missing}"),
                    format!("`{set}` is set, so `{missing}` must be set too."),
                )
                .at(AttributePath::attribute(missing)),
            );
        }
    }
    if is_set("token") && !is_set("access_key") {
        found.push(
            Diagnostic::error(
                "A session token needs static keys",
                "`token` is set, so `access_key` and `secret_key` must be set too.",
            )
            .at(AttributePath::attribute("token")),
        );
    }
    if let Some(retries) = config
        .attr("max_retries")
        .filter(|v| v.is_known() && !v.is_null())
    {
        match retries.as_i64() {
            Some(n) if (0..=MAX_RETRIES_LIMIT).contains(&n) => {}
            _ => found.push(
                Diagnostic::error(
                    "Invalid max_retries",
                    format!(
                        "`max_retries` must be a whole number from 0 to {MAX_RETRIES_LIMIT}, not \
                         {retries:?}."
                    ),
                )
                .at(AttributePath::attribute("max_retries")),
            ),
        }
    }
    for name in ["shared_config_files", "shared_credentials_files"] {
        if let Some(Value::List(items)) = config.attr(name)
            && items
                .iter()
                .any(|item| item.as_str().is_some_and(str::is_empty))
        {
            found.push(
                Diagnostic::error(
                    format!("Empty file name in {name}"),
                    format!("Every entry of `{name}` must be a file path."),
                )
                .at(AttributePath::attribute(name)),
            );
        }
    }
    if let Some(endpoints) = config.attr("endpoints").filter(|v| !v.is_null()) {
        for service in ["ivs", "sts"] {
            if let Some(url) = known_string(endpoints, service)
                && let Err(why) = check_endpoint_url(url)
            {
                found.push(
                    Diagnostic::error(
                        format!("Invalid {service} endpoint"),
                        format!("{url:?} is not an endpoint URL: {why}."),
                    )
                    .at(AttributePath::attribute("endpoints").then(service)),
                );
            }
        }
    }
    found
}

/// An endpoint must be an absolute http(s) URL with a host.
fn check_endpoint_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Err("it has no host");
    }
    if url.chars().any(char::is_whitespace) {
        return Err("it contains white space");
    }
    Ok(())
}

fn known_string<'a>(value: &'a Value, name: &str) -> Option<&'a str> {
    value.attr(name).and_then(Value::as_str)
}

fn string_list(value: &Value, name: &str) -> Vec<String> {
    match value.attr(name) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

impl ProviderConfig {
    /// Reads a configuration that passed [`validate`].
    pub fn from_value(config: &Value) -> Self {
        let text = |name| known_string(config, name).map(str::to_owned);
        let endpoint = |service| {
            config
                .attr("endpoints")
                .and_then(|e| known_string(e, service))
                .map(str::to_owned)
        };
        ProviderConfig {
            region: text("region"),
            profile: text("profile"),
            access_key: text("access_key"),
            secret_key: text("secret_key"),
            token: text("token"),
            shared_config_files: string_list(config, "shared_config_files"),
            shared_credentials_files: string_list(config, "shared_credentials_files"),
            max_retries: config
                .attr("max_retries")
                .and_then(Value::as_i64)
                .and_then(|n| u32::try_from(n).ok()),
            ivs_endpoint: endpoint("ivs"),
            sts_endpoint: endpoint("sts"),
        }
    }
}
