//! Data sources: one file each (schema, validation, read, mapping), registered in [`all`].

mod arn;
mod aws_call;
mod recording_configuration;

use async_trait::async_trait;

pub use aws_call::{SendFailed, SentTo, endpoint_used};

use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use crate::values::Value;

/// What a data source needs to call AWS, made by the provider from its configuration.
pub struct AwsContext {
    pub ivs: aws_sdk_ivs::Client,
    /// The region requests go to, for messages.
    pub region: String,
    /// The IVS endpoint requests go to, for messages.
    pub ivs_endpoint: String,
}

/// One Terraform data source type.
#[async_trait]
pub trait DataSource: Send + Sync {
    /// The Terraform type name, e.g. `ivs_recording_configuration`.
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> &Schema;

    /// Plan-time checks of a configuration; unknown values pass.
    fn validate(&self, config: &Value) -> Diagnostics;

    /// Reads the data source; `config` is wholly known. Returns the state, with every attribute.
    async fn read(&self, aws: &AwsContext, config: &Value) -> Result<Value, Diagnostics>;
}

/// Every data source this provider offers. A new data source is one file and one line here.
pub fn all() -> Vec<Box<dyn DataSource>> {
    vec![Box::new(
        recording_configuration::RecordingConfiguration::new(),
    )]
}
