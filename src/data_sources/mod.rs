//! Data sources, generic over kinds of IVS resource: a kind (`kinds/`) is declared once, with
//! its attributes, finders and filters, and has a singular and a plural data source
//! ([`singular`], [`plural`]). The finders, the failures and their wording are shared.

pub mod arn;
pub mod aws_call;
pub mod finders;
pub mod kind;
pub mod kinds;
mod plural;
pub mod region;
mod rules;
pub mod shape;
pub mod shared_attributes;
mod singular;

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;

pub use aws_call::{SendFailed, SentTo, endpoint_used};

use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use crate::values::Value;

pub use rules::Rule;

/// An IVS client for one region.
#[derive(Clone)]
pub struct IvsClient {
    pub client: aws_sdk_ivs::Client,
    /// The region requests go to, for messages.
    pub region: String,
    /// The IVS endpoint requests go to, for messages.
    pub endpoint: String,
}

/// What a data source needs to call AWS, made by the provider from its configuration.
pub trait AwsContext: Send + Sync {
    /// The provider's region: where a read goes when nothing says otherwise.
    fn region(&self) -> &str;

    /// The IVS client for `region`, made once per region and reused.
    fn ivs(&self, region: &str) -> Arc<IvsClient>;
}

/// One Terraform data source type.
#[async_trait]
pub trait DataSource: Send + Sync {
    /// The Terraform type name, e.g. `ivs_recording_configuration`.
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> &Schema;

    /// Rules over several attributes, checked at plan time before `validate`.
    fn rules(&self) -> &[Rule] {
        &[]
    }

    /// Plan-time checks of a configuration; unknown values pass.
    fn validate(&self, config: &Value) -> Diagnostics;

    /// Reads the data source; `config` is wholly known. Returns the state, with every attribute.
    async fn read(&self, aws: &dyn AwsContext, config: &Value) -> Result<Value, Diagnostics>;
}

/// Every plan-time check of `config`: the data source's rules, then its own validation.
pub fn validate(data_source: &dyn DataSource, config: &Value) -> Diagnostics {
    let mut found = rules::check(data_source.rules(), config);
    found.extend(data_source.validate(config));
    found
}

/// Makes one data source (its schema, shape and filters).
pub type Make = fn() -> Box<dyn DataSource>;

/// Every data source this provider offers, those of each kind in `kinds/`, each made on first
/// use: a plugin process that Terraform starts to validate or read one data source makes only
/// that one, and only the one asked for the provider's schema makes them all.
pub struct Registry {
    entries: Vec<Entry>,
}

/// A data source of the registry: its type name, how to make it, and itself once made.
struct Entry {
    type_name: &'static str,
    make: Make,
    made: OnceLock<Box<dyn DataSource>>,
}

impl Entry {
    fn get(&self) -> &dyn DataSource {
        self.made.get_or_init(self.make).as_ref()
    }
}

impl Registry {
    pub fn new() -> Self {
        Registry {
            entries: kinds::data_sources()
                .into_iter()
                .map(|(type_name, make)| Entry {
                    type_name,
                    make,
                    made: OnceLock::new(),
                })
                .collect(),
        }
    }

    /// Every data source's type name, without making any.
    pub fn type_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|entry| entry.type_name)
    }

    /// The data source `type_name`, made now if it was not yet.
    pub fn get(&self, type_name: &str) -> Option<&dyn DataSource> {
        self.entries
            .iter()
            .find(|entry| entry.type_name == type_name)
            .map(Entry::get)
    }

    /// Every data source, made now where they were not yet.
    pub fn all(&self) -> impl Iterator<Item = &dyn DataSource> + '_ {
        self.entries.iter().map(Entry::get)
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

/// The singular data source of the kind `K`: registered as a data source, and read by the
/// ephemeral resources.
pub fn singular<K: kind::Kind>() -> Box<dyn DataSource> {
    Box::new(singular::Singular::<K>::new())
}
