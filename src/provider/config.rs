//! The provider block: its schema, its plan-time checks, and reading it into [`ProviderConfig`].

use std::time::Duration;

use aws_config::retry::RetryMode;

use super::role_config::{self, AssumeRole, WebIdentity};
use super::timeouts;
use crate::data_sources::region;
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Attribute, Block, NestedBlock, Nesting, Schema};
use crate::values::{Type, Value};

/// The network arguments: proxies and certificate authorities, as hashicorp/aws names them.
fn network_attributes() -> Vec<Attribute> {
    vec![
        Attribute::optional(
            "http_proxy",
            Type::String,
            "URL of the proxy for `http://` endpoints, e.g. `http://proxy.example.com:3128` (user \
             and password may be given as `http://user:password@host:port`; they are never \
             logged). Defaults to `HTTP_PROXY`, then `http_proxy`.",
        ),
        Attribute::optional(
            "https_proxy",
            Type::String,
            "URL of the proxy for `https://` endpoints, reached with HTTP CONNECT tunnels. \
             Defaults to `HTTPS_PROXY`, then `https_proxy`.",
        ),
        Attribute::optional(
            "no_proxy",
            Type::String,
            "Comma-separated hosts, domains (`.example.com`), IP addresses and CIDR ranges to \
             reach directly, not through a proxy; `localhost` and loopback addresses always are. \
             Defaults to `NO_PROXY`, then `no_proxy`.",
        ),
        Attribute::optional(
            "custom_ca_bundle",
            Type::String,
            "PEM file of certificate authorities to trust for HTTPS, in addition to the system's \
             (which `SSL_CERT_FILE` and `SSL_CERT_DIR` can replace). Defaults to `AWS_CA_BUNDLE`.",
        ),
        Attribute::optional(
            "insecure",
            Type::Bool,
            "Skip verifying the TLS certificates of AWS endpoints, e.g. a test endpoint with a \
             self-signed certificate; never for real AWS. A warning is shown each time it is \
             used. Defaults to `false`.",
        ),
        Attribute::optional(
            "sts_region",
            Type::String,
            "AWS region of the STS calls made for `assume_role` and \
             `assume_role_with_web_identity`. Defaults to `region`.",
        ),
    ]
}

pub fn schema() -> Schema {
    let files = || Type::list(Type::String);
    Schema {
        version: 0,
        block: Block {
            description: "The ivs provider reads Amazon IVS (Interactive Video Service) \
                          resources. Every argument is optional: unset ones come from the \
                          standard AWS environment variables and shared files."
                .into(),
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
                     retried, with exponential backoff (at most 20 s between attempts). \
                     Defaults to `AWS_MAX_ATTEMPTS` - 1, then the profile's `max_attempts` - 1, \
                     then 25.",
                ),
                Attribute::optional(
                    "retry_mode",
                    Type::String,
                    "How failed requests are retried: `standard` (exponential backoff) or \
                     `adaptive` (also slows down all the provider's requests, in every region, \
                     while AWS throttles them). Defaults to `AWS_RETRY_MODE`, then the profile's \
                     `retry_mode`, then `standard`.",
                ),
            ]
            .into_iter()
            .chain(network_attributes())
            .chain([timeouts::attribute()])
            .collect(),
            blocks: role_config::blocks()
                .into_iter()
                .chain([NestedBlock {
                    name: "endpoints",
                    nesting: Nesting::Single,
                    block: Block {
                        description:
                            "Custom service endpoints, e.g. a local IVS endpoint for tests.".into(),
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
                }])
                .collect(),
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
    pub retry_mode: Option<RetryMode>,
    pub ivs_endpoint: Option<String>,
    pub sts_endpoint: Option<String>,
    pub sts_region: Option<String>,
    pub http_proxy: Option<String>,
    pub https_proxy: Option<String>,
    pub no_proxy: Option<String>,
    pub custom_ca_bundle: Option<String>,
    pub insecure: bool,
    pub assume_role: Option<AssumeRole>,
    pub web_identity: Option<WebIdentity>,
    pub read_timeout: Option<Duration>,
}

/// The most retries accepted; beyond this a failing read would take hours.
const MAX_RETRIES_LIMIT: i64 = 100;

/// Plan-time checks; values that are not known yet are skipped.
pub fn validate(config: &Value) -> Diagnostics {
    let mut found = Vec::new();
    for name in ["region", "sts_region"] {
        if let Some(region) = known_string(config, name)
            && !region::is_name(region)
        {
            found.push(
                Diagnostic::error(
                    "Invalid AWS region",
                    format!(
                        "{} is not an AWS region name: expected lowercase words and a number \
                         joined by \"-\", such as us-west-2 or eu-central-1.",
                        quote(region)
                    ),
                )
                .at(AttributePath::attribute(name)),
            );
        }
    }
    for name in ["http_proxy", "https_proxy"] {
        if let Some(url) = known_string(config, name)
            && let Err(why) = check_endpoint_url(url)
        {
            found.push(
                Diagnostic::error(
                    format!("Invalid {name}"),
                    format!(
                        "{} is not a proxy URL: {why}; e.g. \"http://proxy.example.com:3128\".",
                        quote(&without_password(url))
                    ),
                )
                .at(AttributePath::attribute(name)),
            );
        }
    }
    for name in ["custom_ca_bundle", "no_proxy"] {
        if known_string(config, name).is_some_and(|v| v.trim().is_empty()) {
            found.push(
                Diagnostic::error(
                    format!("Empty {name}"),
                    format!("`{name}` is set to an empty string; remove it or give it a value."),
                )
                .at(AttributePath::attribute(name)),
            );
        }
    }
    role_config::validate(config, &mut found);
    timeouts::validate(config, &mut found);
    if config.attr("insecure").and_then(Value::as_bool) == Some(true) {
        found.push(
            Diagnostic::warning(
                "TLS certificates are not verified",
                "`insecure = true`: the provider accepts any certificate from HTTPS endpoints, so \
                 anyone between it and AWS could read and change its requests. Use it only for \
                 test endpoints; trust a private CA with `custom_ca_bundle` instead.",
            )
            .at(AttributePath::attribute("insecure")),
        );
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
    if let Some(mode) = known_string(config, "retry_mode")
        && parse_retry_mode(mode).is_none()
    {
        found.push(
            Diagnostic::error(
                "Invalid retry_mode",
                format!(
                    "`retry_mode` must be \"standard\" or \"adaptive\", not {}.",
                    quote(mode)
                ),
            )
            .at(AttributePath::attribute("retry_mode")),
        );
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
                        format!("{} is not an endpoint URL: {why}.", quote(url)),
                    )
                    .at(AttributePath::attribute("endpoints").then(service)),
                );
            }
        }
    }
    found
}

/// `url` with the password of its user information, if any, replaced by `***`: proxy
/// credentials never appear in messages or logs.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{path}")
        }
        None => url.to_owned(),
    }
}

/// The longest endpoint or proxy URL accepted: far beyond any real one, and it keeps a huge
/// value from being carried into every request and every read error that names the endpoint.
const MAX_URL_LENGTH: usize = 2048;

/// An endpoint must be an absolute http(s) URL with a host.
fn check_endpoint_url(url: &str) -> Result<(), &'static str> {
    if url.len() > MAX_URL_LENGTH {
        return Err("it is longer than 2048 characters");
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host.is_empty() || host.starts_with(':') {
        return Err("it has no host");
    }
    if url.chars().any(char::is_whitespace) {
        return Err("it contains white space");
    }
    Ok(())
}

/// A retry mode as the provider block takes it (exactly `standard` or `adaptive`).
fn parse_retry_mode(text: &str) -> Option<RetryMode> {
    match text {
        "standard" => Some(RetryMode::Standard),
        "adaptive" => Some(RetryMode::Adaptive),
        _ => None,
    }
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
            retry_mode: known_string(config, "retry_mode").and_then(parse_retry_mode),
            ivs_endpoint: endpoint("ivs"),
            sts_endpoint: endpoint("sts"),
            sts_region: text("sts_region"),
            http_proxy: text("http_proxy"),
            https_proxy: text("https_proxy"),
            no_proxy: text("no_proxy"),
            custom_ca_bundle: text("custom_ca_bundle"),
            insecure: config
                .attr("insecure")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            assume_role: role_config::assume_role(config),
            web_identity: role_config::web_identity(config),
            read_timeout: timeouts::read_timeout(config),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_of_proxy_urls_are_masked() {
        assert_eq!(
            without_password("http://alice:s3cret@proxy:3128/x"),
            "http://alice:***@proxy:3128/x"
        );
        assert_eq!(without_password("http://proxy:3128"), "http://proxy:3128");
        assert_eq!(check_endpoint_url("http://alice:s3cret@proxy:3128"), Ok(()));
        assert!(check_endpoint_url("http://alice:s3cret@").is_err());
    }

    #[test]
    fn block_retry_modes_are_exact() {
        assert_eq!(parse_retry_mode("adaptive"), Some(RetryMode::Adaptive));
        assert_eq!(parse_retry_mode("standard"), Some(RetryMode::Standard));
        assert_eq!(parse_retry_mode("Adaptive"), None);
        assert_eq!(parse_retry_mode("legacy"), None);
    }
}
