//! Builds the AWS client from the provider block layered over the standard AWS environment,
//! with the hashicorp/aws precedence: provider block, then environment, then shared files.
//! Nothing here talks to the network: credentials are resolved on the first request.

use aws_config::BehaviorVersion;
use aws_config::environment::EnvironmentVariableRegionProvider;
use aws_config::meta::region::RegionProviderChain;
use aws_config::profile::ProfileFileRegionProvider;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_sdk_ivs::config::{Credentials, Region};

use super::clients::RegionalClients;
use super::config::ProviderConfig;
use super::environment::env_nonempty;
use super::timeouts;
use crate::diagnostics::Diagnostic;

/// Makes the IVS clients the data sources use, one per region.
pub async fn connect(config: &ProviderConfig) -> Result<RegionalClients, Diagnostic> {
    let profile_files = Some(super::profile_files::load(config).await?);
    let region = resolve_region(config, profile_files.clone()).await?;
    let retry_config =
        super::retry::retry_config(config, profile_files.clone(), profile_name(config)).await?;

    // The one TLS stack of the process (rustls with aws-lc-rs), with proxies and CA bundle.
    let http_client = super::http_client::build(config).await?;
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client)
        .region(Region::new(region.clone()))
        .timeout_config(timeouts::sdk_timeouts(
            config
                .read_timeout
                .unwrap_or(timeouts::DEFAULT_READ_TIMEOUT),
        ));
    if let Some(files) = profile_files {
        loader = loader.profile_files(files);
    }
    if let Some(profile) = profile_name(config) {
        loader = loader.profile_name(profile);
    }
    if let (Some(access_key), Some(secret_key)) = (&config.access_key, &config.secret_key) {
        loader = loader.credentials_provider(Credentials::new(
            access_key,
            secret_key,
            config.token.clone(),
            None,
            "terraform-provider-ivs",
        ));
    }
    // Always set, so aws-config never resolves (and panics on) bad retry settings itself.
    loader = loader.retry_config(retry_config);
    if let Some(sts_endpoint) = &config.sts_endpoint {
        use_sts_endpoint(sts_endpoint);
    }
    let sdk_config = super::sts_credentials::apply(loader.load().await, config)?;

    Ok(RegionalClients::new(
        sdk_config,
        region,
        config.ivs_endpoint.clone(),
    ))
}

/// Sends the STS calls of credential providers (assume-role and web-identity profiles) to
/// `endpoint`. aws-config builds those STS clients itself and offers no setting for their
/// endpoint other than the `AWS_ENDPOINT_URL_STS` environment variable, so the provider block's
/// `endpoints.sts` is applied there, exactly as if the user had exported it.
fn use_sts_endpoint(endpoint: &str) {
    // SAFETY: the environment is changed only here, during ConfigureProvider, which Terraform
    // calls once per process before any read; the runtime is single-threaded and no other
    // thread of this process reads or writes the environment while it runs.
    unsafe { std::env::set_var("AWS_ENDPOINT_URL_STS", endpoint) };
}

/// The provider block's `profile`, else `AWS_PROFILE` (which aws-config reads itself), else
/// `AWS_DEFAULT_PROFILE`, as hashicorp/aws and the AWS CLI v1.
fn profile_name(config: &ProviderConfig) -> Option<String> {
    config.profile.clone().or_else(|| {
        env_nonempty("AWS_PROFILE")
            .is_none()
            .then(|| env_nonempty("AWS_DEFAULT_PROFILE"))
            .flatten()
    })
}

/// Provider block, then `AWS_REGION` / `AWS_DEFAULT_REGION`, then the profile. Never the EC2
/// instance metadata service: a plan must not wait on it.
async fn resolve_region(
    config: &ProviderConfig,
    profile_files: Option<EnvConfigFiles>,
) -> Result<String, Diagnostic> {
    if let Some(region) = &config.region {
        return Ok(region.clone());
    }
    let mut from_profile = ProfileFileRegionProvider::builder();
    if let Some(files) = profile_files {
        from_profile = from_profile.profile_files(files);
    }
    if let Some(profile) = profile_name(config) {
        from_profile = from_profile.profile_name(&profile);
    }
    let chain = RegionProviderChain::first_try(EnvironmentVariableRegionProvider::new())
        .or_else(from_profile.build());
    match chain.region().await {
        Some(region) => Ok(region.to_string()),
        None => Err(Diagnostic::error(
            "No AWS region configured",
            "The ivs provider needs a region. Set `region` in the provider block, or \
             AWS_REGION in the environment, or `region` in the AWS profile in use.",
        )),
    }
}
