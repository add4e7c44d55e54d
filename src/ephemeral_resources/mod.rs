//! Ephemeral resources (Terraform 1.10+, OpenTofu 1.11+): a kind read when Terraform opens it,
//! at plan and at apply, whose value Terraform never writes to the plan or the state. Generic
//! over the data sources' [`Kind`]: an ephemeral resource reads exactly as the kind's singular
//! data source does (same arguments, attributes, checks and errors), so registering a kind is
//! one line in [`ephemeral_kinds!`].
//!
//! Nothing is held open: IVS has no leases, so there is nothing to renew (no `renew_at` is
//! sent, and Terraform never calls Renew) and nothing to release on Close.

use crate::data_sources::kind::Kind;
use crate::data_sources::{self, DataSource, kinds};
use crate::schema::{Block, Schema};

/// One ephemeral resource type: a kind's singular data source, read but never stored.
pub struct EphemeralResource {
    schema: Schema,
    reader: Box<dyn DataSource>,
}

impl EphemeralResource {
    fn of<K: Kind>() -> Self {
        let reader = data_sources::singular::<K>();
        let names = &K::NAMES;
        let description = format!(
            "Reads an Amazon IVS {what} each time Terraform opens it (at plan and at apply), \
             with the arguments and attributes of the `{name}` data source, and never stores \
             it in the plan or the state. Use it for secrets: pass its values to a \
             provisioner, a provider block or a write-only argument, or to an ephemeral \
             output.",
            what = names.what,
            name = names.singular,
        );
        let schema = Schema {
            version: reader.schema().version,
            block: Block {
                description: description.into(),
                ..reader.schema().block.clone()
            },
        };
        EphemeralResource { schema, reader }
    }

    /// The Terraform type name, e.g. `ivs_stream_key` (as its data source's).
    pub fn type_name(&self) -> &'static str {
        self.reader.type_name()
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// What checks the configuration and reads the value: the singular data source.
    pub fn reader(&self) -> &dyn DataSource {
        self.reader.as_ref()
    }
}

/// `module::Kind` per line, each a kind of `data_sources::kinds` offered as ephemeral too.
macro_rules! ephemeral_kinds {
    ($($module:ident :: $kind:ident),* $(,)?) => {
        /// Every ephemeral resource this provider offers.
        pub fn all() -> Vec<EphemeralResource> {
            vec![$(EphemeralResource::of::<kinds::$module::$kind>()),*]
        }
    };
}

ephemeral_kinds! {
    stream_key::StreamKey,
}
