//! Server settings.
//!
//! Settings sit above seed loading and the store: [`Config::build_store`]
//! checks them and loads the seed into a fresh store. Nothing here knows the
//! server or its operations.

use crate::arn::{is_account_id, is_role_arn};
use crate::faults::Fault;
use crate::kinds::{self, DEFAULT_RECORDING_CONFIGURATION_QUOTA};
use crate::seed::{self, Seed, SeedError};
use crate::store::{Limits, Store};
use std::collections::HashMap;
use std::time::Duration;

/// Access key id accepted by default.
pub const DEFAULT_ACCESS_KEY: &str = "test";
/// Secret access key accepted by default.
pub const DEFAULT_SECRET_KEY: &str = "test";
/// Account that owns the resources by default.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";
/// How long a client may take to send a request's headers.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How an ivs-local server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The one access key id the server accepts (others get `UnrecognizedClientException`).
    pub access_key: String,
    /// Its secret key, used to verify SigV4 signatures.
    pub secret_key: String,
    /// The 12-digit account that callers act as and that owns their resources.
    pub account_id: String,
    /// Resources present from the start.
    pub seed: Seed,
    /// Most recording configurations per region and account (AWS's default: 20).
    pub recording_configuration_quota: usize,
    /// Quotas of other kinds (or of recording configurations, over the field above) per
    /// region and account, by ARN resource type: `("channel", 10)`. Kinds not named keep
    /// AWS's default quota.
    pub quotas: Vec<(String, usize)>,
    /// How long new recording configurations stay `CREATING` before they are `ACTIVE`;
    /// `None` takes the seed's `createDelay`, else zero (`ACTIVE` at once).
    pub create_delay: Option<Duration>,
    /// A connection that has not sent a whole request head in this time is closed.
    pub header_read_timeout: Duration,
    /// A request whose body has not fully arrived in this time gets 408 and is dropped.
    pub body_read_timeout: Duration,
    /// Whether to write one line per request to stderr.
    pub log_requests: bool,
    /// IAM role ARNs that STS lets callers assume (besides the seed's `roles`).
    pub roles: Vec<String>,
    /// Serve HTTPS instead of HTTP.
    pub tls: Option<crate::tls::TlsConfig>,
    /// Faults in force from the start, for the whole process (until cleared);
    /// see [`Fault`]. Empty by default.
    pub faults: Vec<Fault>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            access_key: DEFAULT_ACCESS_KEY.to_owned(),
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            seed: Seed::default(),
            recording_configuration_quota: DEFAULT_RECORDING_CONFIGURATION_QUOTA,
            quotas: Vec::new(),
            create_delay: None,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            log_requests: false,
            roles: Vec::new(),
            tls: None,
            faults: Vec::new(),
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
    #[error("quota for '{0}': no kind has that ARN resource type")]
    Quota(String),
    #[error("fault {index} ({operation}): {message}")]
    Fault {
        index: usize,
        operation: String,
        message: String,
    },
    #[error(transparent)]
    Seed(#[from] SeedError),
}

impl From<ConfigError> for std::io::Error {
    fn from(error: ConfigError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}

impl Config {
    /// The create delay in force: the setting, else the seed's, else none.
    pub fn effective_create_delay(&self) -> Duration {
        self.create_delay
            .or(self.seed.create_delay)
            .unwrap_or(Duration::ZERO)
    }

    /// Checks the settings and returns a store holding the seed.
    pub(crate) fn build_store(&self) -> Result<Store, ConfigError> {
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
            .find(|role| !is_role_arn(role))
        {
            return Err(ConfigError::Role(role.clone()));
        }
        for (index, fault) in self.faults.iter().enumerate() {
            fault.check().map_err(|message| ConfigError::Fault {
                index,
                operation: fault.operation.chars().take(40).collect(),
                message,
            })?;
        }
        let mut quotas: HashMap<&'static str, usize> = [(
            "recording-configuration",
            self.recording_configuration_quota,
        )]
        .into();
        for (resource_type, quota) in &self.quotas {
            let kind = kinds::by_resource_type(resource_type)
                .ok_or_else(|| ConfigError::Quota(resource_type.clone()))?;
            quotas.insert(kind.resource_type, *quota);
        }
        let mut store = Store::new(Limits {
            quotas,
            create_delay: self.effective_create_delay(),
        });
        seed::load(&self.seed, &mut store, &self.account_id)?;
        Ok(store)
    }

    /// Checks everything a server would refuse to start with, seed included.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.build_store().map(|_| ())
    }
}
