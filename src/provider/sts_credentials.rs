//! Credentials from STS for the `assume_role` and `assume_role_with_web_identity` blocks.
//!
//! Our own small providers over the SDK's STS client rather than aws-config's
//! `AssumeRoleProvider` and `WebIdentityTokenCredentialsProvider`: those cannot send every
//! argument hashicorp/aws offers (`source_identity`, `transitive_tag_keys`; an inline
//! `web_identity_token`, a web-identity `duration`), and their errors do not name the role.
//! Caching and refreshing before expiry stay the SDK's (the client's identity cache).

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider, future};
use aws_sdk_ivs::config::Region;
use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sts::types::{PolicyDescriptorType, Tag};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::bounded_read::{SMALL_FILE_CAP, read_config_file};
use super::config::ProviderConfig;
use super::environment::env_nonempty;
use super::role_config::{AssumeRole, WEB_IDENTITY, WebIdentity};
use crate::data_sources::endpoint_used;
use crate::diagnostics::{AttributePath, Diagnostic};

/// The STS client of the role providers: the provider's HTTP client, region (or `sts_region`)
/// and STS endpoint; signed with `base` credentials.
fn sts_client(sdk_config: &SdkConfig, config: &ProviderConfig) -> aws_sdk_sts::Client {
    let mut builder = aws_sdk_sts::config::Builder::from(sdk_config);
    if let Some(region) = &config.sts_region {
        builder = builder.region(Region::new(region.clone()));
    }
    if let Some(endpoint) = &config.sts_endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    aws_sdk_sts::Client::from_conf(builder.build())
}

/// A session name when none is given: the tool and the time, as the AWS SDKs make them.
fn default_session_name() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("terraform-provider-ivs-{now}")
}

/// `sdk_config` with the role blocks' credentials in place of the base ones: the web identity's
/// role first (it needs no base credentials), then `assume_role` signed with what came before.
pub fn apply(sdk_config: SdkConfig, config: &ProviderConfig) -> Result<SdkConfig, Diagnostic> {
    let mut sdk_config = sdk_config;
    if let Some(block) = &config.web_identity {
        let provider = WebIdentityRole::new(sts_client(&sdk_config, config), block)?;
        tracing::debug!(
            role_arn = provider.role_arn,
            "credentials from a web identity role"
        );
        sdk_config = sdk_config
            .into_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
    }
    if let Some(block) = &config.assume_role {
        let provider = AssumedRole {
            client: sts_client(&sdk_config, config),
            role: block.clone(),
            session_name: block
                .session_name
                .clone()
                .unwrap_or_else(default_session_name),
        };
        tracing::debug!(
            role_arn = block.role_arn,
            "credentials from an assumed role"
        );
        sdk_config = sdk_config
            .into_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
    }
    Ok(sdk_config)
}

/// Why STS gave no credentials, naming the role and quoting STS.
#[derive(Debug, thiserror::Error)]
enum RoleError {
    #[error("STS refused {action} for the role {role_arn}: {code}: {message}")]
    Refused {
        action: &'static str,
        role_arn: String,
        code: String,
        message: String,
    },
    #[error("calling STS{at} ({action}) for the role {role_arn} failed: {cause}")]
    Failed {
        action: &'static str,
        role_arn: String,
        at: String,
        cause: String,
    },
    #[error("STS answered {action} for the role {role_arn} without credentials")]
    Empty {
        action: &'static str,
        role_arn: String,
    },
    #[error(
        "cannot read the web identity token file {path} (`{WEB_IDENTITY}.web_identity_token_file` \
         or AWS_WEB_IDENTITY_TOKEN_FILE): {cause}"
    )]
    /// `path` is already quoted (briefly).
    TokenFile { path: String, cause: String },
}

fn role_error<E>(
    action: &'static str,
    role_arn: &str,
    error: &SdkError<E, HttpResponse>,
) -> RoleError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let SdkError::ServiceError(service) = error
        && let Some(code) = service.err().code()
    {
        return RoleError::Refused {
            action,
            role_arn: role_arn.to_owned(),
            code: code.to_owned(),
            message: service
                .err()
                .message()
                .unwrap_or("(STS sent no message)")
                .to_owned(),
        };
    }
    RoleError::Failed {
        action,
        role_arn: role_arn.to_owned(),
        at: endpoint_used(error)
            .map(|e| format!(" at {e}"))
            .unwrap_or_default(),
        cause: DisplayErrorContext(error).to_string(),
    }
}

fn credentials(
    action: &'static str,
    role_arn: &str,
    sts: Option<&aws_sdk_sts::types::Credentials>,
) -> provider::Result {
    let Some(sts) = sts else {
        return Err(CredentialsError::provider_error(RoleError::Empty {
            action,
            role_arn: role_arn.to_owned(),
        }));
    };
    Ok(Credentials::new(
        sts.access_key_id(),
        sts.secret_access_key(),
        Some(sts.session_token().to_owned()),
        SystemTime::try_from(*sts.expiration()).ok(),
        action,
    ))
}

fn policy_arns(arns: &[String]) -> Option<Vec<PolicyDescriptorType>> {
    (!arns.is_empty()).then(|| {
        arns.iter()
            .map(|arn| PolicyDescriptorType::builder().arn(arn).build())
            .collect()
    })
}

fn seconds(duration: Option<std::time::Duration>) -> Option<i32> {
    duration.and_then(|d| i32::try_from(d.as_secs()).ok())
}

#[derive(Debug)]
struct AssumedRole {
    client: aws_sdk_sts::Client,
    role: AssumeRole,
    session_name: String,
}

impl AssumedRole {
    async fn assume(&self) -> provider::Result {
        const ACTION: &str = "AssumeRole";
        let role = &self.role;
        let tags = role
            .tags
            .iter()
            .map(|(key, value)| Tag::builder().key(key).value(value).build())
            .collect::<Result<Vec<_>, _>>()
            .map_err(CredentialsError::invalid_configuration)?;
        let answer = self
            .client
            .assume_role()
            .role_arn(&role.role_arn)
            .role_session_name(&self.session_name)
            .set_external_id(role.external_id.clone())
            .set_duration_seconds(seconds(role.duration))
            .set_policy(role.policy.clone())
            .set_policy_arns(policy_arns(&role.policy_arns))
            .set_tags((!tags.is_empty()).then_some(tags))
            .set_transitive_tag_keys(
                (!role.transitive_tag_keys.is_empty()).then(|| role.transitive_tag_keys.clone()),
            )
            .set_source_identity(role.source_identity.clone())
            .send()
            .await
            .map_err(|e| {
                CredentialsError::provider_error(role_error(ACTION, &role.role_arn, &e))
            })?;
        credentials(ACTION, &role.role_arn, answer.credentials())
    }
}

impl ProvideCredentials for AssumedRole {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.assume())
    }
}

#[derive(Debug)]
enum Token {
    Inline(String),
    /// Read at each refresh: the token in it may be rotated (CI systems, Kubernetes).
    File(PathBuf),
}

#[derive(Debug)]
struct WebIdentityRole {
    client: aws_sdk_sts::Client,
    role_arn: String,
    session_name: String,
    token: Token,
    block: WebIdentity,
}

impl WebIdentityRole {
    /// The block with `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME` and `AWS_WEB_IDENTITY_TOKEN_FILE`
    /// filling its gaps, as hashicorp/aws does.
    fn new(client: aws_sdk_sts::Client, block: &WebIdentity) -> Result<Self, Diagnostic> {
        let at = |name: &str| AttributePath::attribute(WEB_IDENTITY).then(name);
        let role_arn = block
            .role_arn
            .clone()
            .or_else(|| env_nonempty("AWS_ROLE_ARN"))
            .ok_or_else(|| {
                Diagnostic::error(
                    "Missing role_arn for the web identity",
                    "`assume_role_with_web_identity` needs `role_arn`, or AWS_ROLE_ARN in the \
                     environment.",
                )
                .at(at("role_arn"))
            })?;
        let token = match (&block.web_identity_token, &block.web_identity_token_file) {
            (Some(token), _) => Token::Inline(token.clone()),
            (None, Some(file)) => Token::File(file.into()),
            (None, None) => match env_nonempty("AWS_WEB_IDENTITY_TOKEN_FILE") {
                Some(file) => Token::File(file.into()),
                None => {
                    return Err(Diagnostic::error(
                        "Missing web identity token",
                        "`assume_role_with_web_identity` needs `web_identity_token` or \
                         `web_identity_token_file`, or AWS_WEB_IDENTITY_TOKEN_FILE in the \
                         environment.",
                    )
                    .at(AttributePath::attribute(WEB_IDENTITY)));
                }
            },
        };
        Ok(WebIdentityRole {
            client,
            role_arn,
            session_name: block
                .session_name
                .clone()
                .or_else(|| env_nonempty("AWS_ROLE_SESSION_NAME"))
                .unwrap_or_else(default_session_name),
            token,
            block: block.clone(),
        })
    }

    async fn assume(&self) -> provider::Result {
        const ACTION: &str = "AssumeRoleWithWebIdentity";
        let token = match &self.token {
            Token::Inline(token) => token.clone(),
            // Read at each refresh, off the runtime and bounded (see `bounded_read`).
            Token::File(path) => read_config_file(path, SMALL_FILE_CAP)
                .await
                .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
                .map_err(|e| {
                    CredentialsError::invalid_configuration(RoleError::TokenFile {
                        path: crate::diagnostics::quote(&path.to_string_lossy()),
                        cause: e.to_string(),
                    })
                })?,
        };
        let answer = self
            .client
            .assume_role_with_web_identity()
            .role_arn(&self.role_arn)
            .role_session_name(&self.session_name)
            .web_identity_token(token)
            .set_duration_seconds(seconds(self.block.duration))
            .set_policy(self.block.policy.clone())
            .set_policy_arns(policy_arns(&self.block.policy_arns))
            .send()
            .await
            .map_err(|e| {
                CredentialsError::provider_error(role_error(ACTION, &self.role_arn, &e))
            })?;
        credentials(ACTION, &self.role_arn, answer.credentials())
    }
}

impl ProvideCredentials for WebIdentityRole {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.assume())
    }
}
