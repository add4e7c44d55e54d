//! The provider: its configuration, the AWS client made from it, and the data sources it serves.

mod aws;
mod clients;
mod config;
mod dns;
mod http_client;
mod insecure_tls;
mod request_log;
mod role_config;
mod sts_credentials;

use std::sync::{Arc, RwLock};

use crate::data_sources::{self, DataSource};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, has_errors};
use crate::schema::Schema;
use crate::values::Value;

pub use config::ProviderConfig;

pub struct Provider {
    schema: Schema,
    data_sources: Vec<Box<dyn DataSource>>,
    /// Set by ConfigureProvider; reads before that are refused with a clear error.
    aws: RwLock<Option<Arc<clients::RegionalClients>>>,
}

impl Provider {
    pub fn new() -> Self {
        Provider {
            schema: config::schema(),
            data_sources: data_sources::all(),
            aws: RwLock::new(None),
        }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Each data source's type name and schema.
    pub fn data_sources(&self) -> impl Iterator<Item = (&'static str, &Schema)> {
        self.data_sources
            .iter()
            .map(|d| (d.type_name(), d.schema()))
    }

    pub fn data_source_schema(&self, type_name: &str) -> Option<&Schema> {
        self.find(type_name).map(|d| d.schema())
    }

    fn find(&self, type_name: &str) -> Option<&dyn DataSource> {
        self.data_sources
            .iter()
            .find(|d| d.type_name() == type_name)
            .map(|d| d.as_ref())
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
        match aws::connect(&ProviderConfig::from_value(config)).await {
            Ok(aws) => {
                *self.aws.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(aws));
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
        // No second validation here: Terraform validated the configuration already, and each
        // data source's read rejects what it cannot use with the same diagnostics.
        if !config.is_known() {
            return Err(vec![
                Diagnostic::error(
                    "The data source configuration is not known yet",
                    format!("{type_name} can be read only once all its arguments are known."),
                )
                .at(AttributePath::default()),
            ]);
        }
        let aws = self.aws.read().unwrap_or_else(|e| e.into_inner()).clone();
        let Some(aws) = aws else {
            return Err(vec![Diagnostic::error(
                "The provider is not configured",
                "Terraform asked to read a data source before configuring the ivs provider. \
                 This is a bug in Terraform or in the provider.",
            )]);
        };
        data_source.read(aws.as_ref(), config).await
    }

    /// Terraform asks the provider to stop (Ctrl-C). Reads are short and bounded by the SDK's
    /// retry and timeout settings, so there is nothing to cancel here.
    pub fn stop(&self) {
        tracing::debug!("StopProvider received");
    }
}

impl Default for Provider {
    fn default() -> Self {
        Self::new()
    }
}
