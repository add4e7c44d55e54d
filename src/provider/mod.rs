//! The provider: its configuration, the AWS client made from it, and the data sources it serves.

mod aws;
mod bounded_read;
mod ca_bundle;
mod clients;
mod config;
mod dns;
mod duration;
mod environment;
mod http_client;
mod insecure_tls;
mod profile_files;
mod request_log;
mod retry;
mod role_config;
mod sts_credentials;
mod timeouts;

use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use tokio::sync::watch;

use crate::data_sources::{self, DataSource};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, has_errors};
use crate::ephemeral_resources::{self, EphemeralResource};
use crate::functions::{self, Function};
use crate::schema::Schema;
use crate::values::Value;

pub use config::ProviderConfig;
pub use dns::is_lookup_failure as dns_failure;
/// The resolver, for the tests that give it files and a DNS server of their own.
#[doc(hidden)]
pub use dns::{LookupError, Reason, ResolverFiles, SystemResolver};

pub struct Provider {
    schema: Schema,
    /// Each made on first use, not at start-up: a plugin process that Terraform starts only to
    /// validate or configure the provider, or to read one data source, never pays for the
    /// schemas of every kind.
    data_sources: data_sources::Registry,
    /// Made on first use, like the data sources.
    ephemeral_resources: OnceLock<Vec<EphemeralResource>>,
    /// The provider-defined functions; they need no configuration.
    functions: Vec<Box<dyn Function>>,
    /// Set by ConfigureProvider; reads before that are refused with a clear error.
    aws: RwLock<Option<Arc<clients::RegionalClients>>>,
    /// `read_timeout` of the configuration: the bound on each read.
    read_timeout: RwLock<Duration>,
    /// Set once Terraform asks the provider to stop (StopProvider, on Ctrl-C): every read in
    /// flight races against it and new ones fail at once.
    stopped: watch::Sender<bool>,
}

impl Provider {
    pub fn new() -> Self {
        Provider {
            schema: config::schema(),
            data_sources: data_sources::Registry::new(),
            ephemeral_resources: OnceLock::new(),
            functions: functions::all(),
            aws: RwLock::new(None),
            read_timeout: RwLock::new(timeouts::DEFAULT_READ_TIMEOUT),
            stopped: watch::channel(false).0,
        }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Each data source's type name and schema.
    pub fn data_sources(&self) -> impl Iterator<Item = (&'static str, &Schema)> {
        self.data_sources.all().map(|d| (d.type_name(), d.schema()))
    }

    /// Each data source's type name, without making their schemas.
    pub fn data_source_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.data_sources.type_names()
    }

    pub fn data_source_schema(&self, type_name: &str) -> Option<&Schema> {
        self.find(type_name).map(|d| d.schema())
    }

    /// Each ephemeral resource's type name and schema.
    pub fn ephemeral_resources(&self) -> impl Iterator<Item = (&'static str, &Schema)> {
        self.all_ephemeral_resources()
            .iter()
            .map(|e| (e.type_name(), e.schema()))
    }

    pub fn ephemeral_resource_schema(&self, type_name: &str) -> Option<&Schema> {
        self.find_ephemeral(type_name).map(|e| e.schema())
    }

    fn all_ephemeral_resources(&self) -> &[EphemeralResource] {
        self.ephemeral_resources
            .get_or_init(ephemeral_resources::all)
    }

    fn find_ephemeral(&self, type_name: &str) -> Option<&EphemeralResource> {
        self.all_ephemeral_resources()
            .iter()
            .find(|e| e.type_name() == type_name)
    }

    pub fn validate_ephemeral_resource(&self, type_name: &str, config: &Value) -> Diagnostics {
        self.find_ephemeral(type_name)
            .map(|e| data_sources::validate(e.reader(), config))
            .unwrap_or_default()
    }

    /// Opens an ephemeral resource: reads it as its data source would, with the same bounds.
    pub async fn open_ephemeral_resource(
        &self,
        type_name: &str,
        config: &Value,
    ) -> Result<Value, Diagnostics> {
        let Some(ephemeral) = self.find_ephemeral(type_name) else {
            return Err(vec![Diagnostic::error(
                format!(
                    "This provider has no ephemeral resource type {}",
                    crate::diagnostics::quote(type_name)
                ),
                "",
            )]);
        };
        self.read_with(ephemeral.reader(), "ephemeral resource", config)
            .await
    }

    /// Every provider-defined function.
    pub fn functions(&self) -> impl Iterator<Item = &dyn Function> {
        self.functions.iter().map(|f| f.as_ref())
    }

    pub fn function(&self, name: &str) -> Option<&dyn Function> {
        self.functions().find(|f| f.name() == name)
    }

    fn find(&self, type_name: &str) -> Option<&dyn DataSource> {
        self.data_sources.get(type_name)
    }

    pub fn validate_config(&self, config: &Value) -> Diagnostics {
        config::validate(config)
    }

    pub async fn configure(&self, config: &Value) -> Diagnostics {
        let mut found = config::validate(config);
        if has_errors(&found) {
            return found;
        }
        if !config.is_known() {
            found.push(Diagnostic::error(
                "The provider configuration is not known yet",
                "Some arguments of the ivs provider block depend on values known only after \
                 apply. Use values known at plan time (variables, literals, data sources).",
            ));
            return found;
        }
        let provider_config = ProviderConfig::from_value(config);
        let connected = tokio::select! {
            biased;
            () = self.until_stopped() => Err(cancelled("configuring the provider")),
            connected = aws::connect(&provider_config) => connected,
        };
        match connected {
            Ok(aws) => {
                *self.aws.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(aws));
                *self.read_timeout.write().unwrap_or_else(|e| e.into_inner()) = provider_config
                    .read_timeout
                    .unwrap_or(timeouts::DEFAULT_READ_TIMEOUT);
            }
            Err(diagnostic) => found.push(diagnostic),
        }
        found
    }

    pub fn validate_data_source(&self, type_name: &str, config: &Value) -> Diagnostics {
        self.find(type_name)
            .map(|d| data_sources::validate(d, config))
            .unwrap_or_default()
    }

    pub async fn read_data_source(
        &self,
        type_name: &str,
        config: &Value,
    ) -> Result<Value, Diagnostics> {
        let Some(data_source) = self.find(type_name) else {
            return Err(vec![Diagnostic::error(
                format!(
                    "This provider has no data source {}",
                    crate::diagnostics::quote(type_name)
                ),
                "",
            )]);
        };
        self.read_with(data_source, "data source", config).await
    }

    /// Reads `data_source` (for a data source or an ephemeral resource, `what`), once the
    /// provider is configured, bounded by `read_timeout` and cancelled by StopProvider.
    async fn read_with(
        &self,
        data_source: &dyn DataSource,
        what: &str,
        config: &Value,
    ) -> Result<Value, Diagnostics> {
        let type_name = data_source.type_name();
        // No second validation here: Terraform validated the configuration already, and each
        // data source's read rejects what it cannot use with the same diagnostics.
        if !config.is_known() {
            return Err(vec![
                Diagnostic::error(
                    format!("The {what} configuration is not known yet"),
                    format!("{type_name} can be read only once all its arguments are known."),
                )
                .at(AttributePath::default()),
            ]);
        }
        let aws = self.aws.read().unwrap_or_else(|e| e.into_inner()).clone();
        let Some(aws) = aws else {
            return Err(vec![Diagnostic::error(
                "The provider is not configured",
                format!(
                    "Terraform asked to read {what} {type_name} before configuring the ivs \
                     provider. This is a bug in Terraform or in the provider."
                ),
            )]);
        };
        let bound = *self.read_timeout.read().unwrap_or_else(|e| e.into_inner());
        // The SDK bounds each call by `read_timeout` and names the endpoint when that runs out;
        // this bounds the read as a whole (a plural read makes several calls), a little later so
        // that the SDK's more precise error wins when both apply.
        let bounded = tokio::time::timeout(
            bound + READ_TIMEOUT_SLACK,
            data_source.read(aws.as_ref(), config),
        );
        tokio::select! {
            // Checked first: once stopped, a new read fails without starting.
            biased;
            () = self.until_stopped() => Err(vec![cancelled(&format!("reading {type_name}"))]),
            read = bounded => read
                .unwrap_or_else(|_| Err(vec![read_timed_out(type_name, aws.as_ref(), bound)])),
        }
    }

    /// Terraform asks the provider to stop (Ctrl-C): reads in flight are cancelled, and any
    /// later read fails at once.
    pub fn stop(&self) {
        tracing::debug!("StopProvider received: cancelling reads");
        self.stopped.send_replace(true);
    }

    /// Resolves once Terraform has asked the provider to stop; at once if it already has.
    async fn until_stopped(&self) {
        let mut receiver = self.stopped.subscribe();
        // The sender lives as long as `self`, so this never fails while a read runs.
        let _ = receiver.wait_for(|stopped| *stopped).await;
    }
}

/// How much later than the SDK's own bound the bound on a whole read runs out.
const READ_TIMEOUT_SLACK: Duration = Duration::from_secs(1);

fn cancelled(what: &str) -> Diagnostic {
    Diagnostic::error(
        "Cancelled: Terraform asked the provider to stop",
        format!(
            "The ivs provider cancelled {what} because Terraform asked it to stop (e.g. \
             Ctrl-C)."
        ),
    )
}

fn read_timed_out(type_name: &str, aws: &clients::RegionalClients, bound: Duration) -> Diagnostic {
    use crate::data_sources::AwsContext;
    let endpoint = aws.ivs(aws.region()).endpoint.clone();
    Diagnostic::error(
        format!("Timed out reading {type_name}"),
        format!(
            "Reading {type_name} from IVS at {endpoint} took longer than the time limit of a \
             read, {}. The provider's `read_timeout` sets that limit (default {}); check that \
             the endpoint is up and answering.",
            timeouts::human(bound),
            timeouts::human(timeouts::DEFAULT_READ_TIMEOUT)
        ),
    )
}

impl Default for Provider {
    fn default() -> Self {
        Self::new()
    }
}
