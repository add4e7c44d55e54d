//! Server configuration.

use crate::seed::{Seed, SeedError};
use crate::store::DEFAULT_RECORDING_CONFIGURATION_QUOTA;

/// Access key id accepted by default.
pub const DEFAULT_ACCESS_KEY: &str = "test";
/// Secret access key accepted by default.
pub const DEFAULT_SECRET_KEY: &str = "test";
/// Account that owns the resources by default.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// How an ivs-local server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The one access key id the server accepts (others get `UnrecognizedClientException`).
    pub access_key: String,
    /// Its secret key, used to verify SigV4 signatures.
    pub secret_key: String,
    /// The 12-digit account that callers act as and that owns their resources.
    pub account_id: String,
    /// Recording configurations present from the start.
    pub seed: Seed,
    /// Most recording configurations per region and account (AWS's default: 20).
    pub recording_configuration_quota: usize,
    /// Whether to write one line per request to stderr.
    pub log_requests: bool,
    /// IAM role ARNs that STS lets callers assume (besides the seed's `roles`).
    pub roles: Vec<String>,
    /// Serve HTTPS instead of HTTP.
    pub tls: Option<crate::tls::TlsConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            access_key: DEFAULT_ACCESS_KEY.to_owned(),
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            seed: Seed::default(),
            recording_configuration_quota: DEFAULT_RECORDING_CONFIGURATION_QUOTA,
            log_requests: false,
            roles: Vec::new(),
            tls: None,
        }
    }
}

/// Why a configuration cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("account id '{0}' must be 12 digits")]
    AccountId(String),
    #[error("the access key and the secret key must not be empty")]
    EmptyCredentials,
    #[error("role '{0}' is not an IAM role ARN like arn:aws:iam::123456789012:role/NAME")]
    Role(String),
    #[error(transparent)]
    Seed(#[from] SeedError),
}

impl From<ConfigError> for std::io::Error {
    fn from(error: ConfigError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}

/// An AWS account id: 12 digits.
pub fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

impl Config {
    /// Checks the settings that do not involve the seed.
    pub(crate) fn check_settings(&self) -> Result<(), ConfigError> {
        if !is_account_id(&self.account_id) {
            return Err(ConfigError::AccountId(self.account_id.clone()));
        }
        if self.access_key.is_empty() || self.secret_key.is_empty() {
            return Err(ConfigError::EmptyCredentials);
        }
        if let Some(role) = self
            .roles
            .iter()
            .chain(&self.seed.roles)
            .find(|role| !crate::sts::is_role_arn(role))
        {
            return Err(ConfigError::Role(role.clone()));
        }
        Ok(())
    }

    /// Checks everything a server would refuse to start with, seed included.
    pub fn validate(&self) -> Result<(), ConfigError> {
        crate::state::AppState::new(self.clone()).map(|_| ())
    }
}
