//! Retries of AWS calls: the mode and the number of attempts, resolved with the hashicorp/aws
//! precedence (provider block, then `AWS_RETRY_MODE` / `AWS_MAX_ATTEMPTS`, then the profile's
//! `retry_mode` / `max_attempts`), and the one retry partition every IVS client of the process
//! shares.
//!
//! We resolve the environment and the profile ourselves rather than let aws-config do it:
//! aws-config panics on a bad `AWS_RETRY_MODE` or `AWS_MAX_ATTEMPTS`, and a panic is no way to
//! tell a user about a typo.

use std::borrow::Cow;
use std::sync::LazyLock;
use std::time::SystemTime;

use aws_config::retry::{RetryConfig, RetryMode};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_sdk_ivs::config::retry::{ClientRateLimiter, RetryPartition, TokenBucket};
use aws_types::os_shim_internal::{Env, Fs};

use super::config::ProviderConfig;
use super::environment::env_nonempty;
use crate::diagnostics::{Diagnostic, quote};

/// Retries when neither the block, the environment nor the profile says: as hashicorp/aws.
/// Under a storm where 30% of requests are throttled or fail with 5xx, a read fails only if
/// all 26 attempts do (0.3^26, about 1e-14); 3 attempts, the SDK's default, lost 7 of 200 reads
/// (0.3^3 = 2.7% each). The exponential backoff (capped at 20 s per retry) spaces them out.
pub const DEFAULT_MAX_RETRIES: u32 = 25;

/// The retry partition of every IVS client of this process, whatever its region.
///
/// Sharing it shares the adaptive mode's client-side rate limiter: a throttled read slows all
/// reads of the plan, not only those of its region (the SDK's default partition is per region,
/// `ivs-<region>`). Its retry quota (the token bucket) is unlimited, as hashicorp/aws disables
/// the SDK's retry quota: the standard quota (500 tokens, 5 per retry) empties during a storm
/// of throttling, and from then on every read fails at its first error however many retries
/// `max_retries` allows. The attempts and the per-read time bound keep retries bounded instead.
static PARTITION: LazyLock<RetryPartition> = LazyLock::new(|| {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    RetryPartition::custom("terraform-provider-ivs")
        .token_bucket(TokenBucket::unlimited())
        .client_rate_limiter(ClientRateLimiter::new(now))
        .build()
});

/// The retry partition all IVS clients of the process use.
pub fn partition() -> RetryPartition {
    PARTITION.clone()
}

/// The retry settings in force, or why the environment or the profile's are wrong.
pub async fn retry_config(
    config: &ProviderConfig,
    profile_files: Option<EnvConfigFiles>,
    profile_name: Option<String>,
) -> Result<RetryConfig, Diagnostic> {
    let env_mode = env_nonempty("AWS_RETRY_MODE");
    let env_attempts = env_nonempty("AWS_MAX_ATTEMPTS");
    let mode_known = config.retry_mode.is_some() || env_mode.is_some();
    let attempts_known = config.max_retries.is_some() || env_attempts.is_some();
    // The profile is read only when it can still decide something.
    let profile = if mode_known && attempts_known {
        None
    } else {
        load_profile(profile_files, profile_name).await
    };
    let from_profile = |key: &str| profile.as_ref().and_then(|p| p.get(key)).map(str::to_owned);

    let mode = match (config.retry_mode, env_mode) {
        (Some(mode), _) => mode,
        (None, Some(text)) => env_mode_value(&text, "the environment variable AWS_RETRY_MODE")?,
        (None, None) => match from_profile("retry_mode") {
            Some(text) => env_mode_value(&text, "the profile's retry_mode")?,
            None => RetryMode::Standard,
        },
    };
    let max_attempts = match (config.max_retries, env_attempts) {
        (Some(retries), _) => retries.saturating_add(1),
        (None, Some(text)) => attempts_value(&text, "the environment variable AWS_MAX_ATTEMPTS")?,
        (None, None) => match from_profile("max_attempts") {
            Some(text) => attempts_value(&text, "the profile's max_attempts")?,
            None => DEFAULT_MAX_RETRIES + 1,
        },
    };
    tracing::debug!(?mode, max_attempts, "retry settings");
    Ok(RetryConfig::standard()
        .with_retry_mode(mode)
        .with_max_attempts(max_attempts))
}

async fn load_profile(
    files: Option<EnvConfigFiles>,
    name: Option<String>,
) -> Option<aws_config::profile::ProfileSet> {
    let files = files.unwrap_or_default();
    match aws_config::profile::load(&Fs::real(), &Env::real(), &files, name.map(Cow::Owned)).await {
        Ok(profile) => Some(profile),
        // The credential chain reports unreadable files; retries then take the defaults.
        Err(error) => {
            tracing::debug!(%error, "no retry settings from the profile");
            None
        }
    }
}

fn env_mode_value(text: &str, source: &str) -> Result<RetryMode, Diagnostic> {
    text.trim()
        .parse::<RetryMode>()
        .map_err(|_| invalid_setting("retry mode", text, source, "\"standard\" or \"adaptive\""))
}

fn attempts_value(text: &str, source: &str) -> Result<u32, Diagnostic> {
    match text.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(invalid_setting(
            "number of attempts",
            text,
            source,
            "a whole number of 1 or more",
        )),
    }
}

fn invalid_setting(what: &str, text: &str, source: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Invalid {what}"),
        format!(
            "{} from {source} is not a valid {what}: use {expected}, or set it in the provider \
             block, which takes precedence.",
            quote(text)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_environment_values_are_named_and_quoted_briefly() {
        let long = "x".repeat(10_000);
        let error = env_mode_value(&long, "the environment variable AWS_RETRY_MODE").unwrap_err();
        let text = format!("{error:?}");
        assert!(text.contains("AWS_RETRY_MODE"), "{text}");
        assert!(text.len() < 1000, "{}", text.len());
        assert!(attempts_value("0", "AWS_MAX_ATTEMPTS").is_err());
        assert_eq!(attempts_value(" 4 ", "AWS_MAX_ATTEMPTS").unwrap(), 4);
        assert_eq!(
            env_mode_value("ADAPTIVE", "AWS_RETRY_MODE").unwrap(),
            RetryMode::Adaptive
        );
    }
}
