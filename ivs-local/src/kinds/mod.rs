//! The kinds of IVS resource ivs-local serves, each declared once, in its own file: its ARN
//! resource type, its shapes and operations in the model, and the behaviour the model cannot
//! express (documented defaults, derived fields, cross-member rules, quota, create delay).
//! Binding, validation, storage, listing, tagging and seeding are generic over kinds
//! (`crate::model`, `crate::store`, `crate::resources`, `crate::seed`).
//!
//! A new kind is its own file and one line in [`KINDS`].

pub use recording_configuration::DEFAULT_QUOTA as DEFAULT_RECORDING_CONFIGURATION_QUOTA;

use crate::errors::ApiError;
use crate::store::{Resource, Scope};

/// Declares each kind's module and lists its `KIND` in [`KINDS`], one line per kind.
macro_rules! kinds {
    ($($kind:ident,)*) => {
        $(mod $kind;)*
        /// Every kind ivs-local serves. Seeds are loaded in this order, so a kind comes after
        /// the kinds its resources refer to.
        pub static KINDS: &[&Kind] = &[$(&$kind::KIND),*];
    };
}

kinds! {
    recording_configuration,
    playback_restriction_policy,
    playback_key_pair,
    ad_configuration,
    failover_slate_configuration,
    channel,
    stream_key,
}

/// The tagging operations, which work on a resource of any kind, by ARN.
pub const TAGGING: [&str; 3] = ["TagResource", "UntagResource", "ListTagsForResource"];

/// What an operation of a kind does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Create,
    Get,
    BatchGet,
    List,
    Update,
    Delete,
}

/// Where a new resource lives and what it is called, for its derived fields.
#[derive(Debug)]
pub struct Context<'a> {
    pub scope: &'a Scope,
    pub id: &'a str,
}

/// A member that refers to a resource of another kind by ARN.
#[derive(Debug)]
pub struct Reference {
    pub member: &'static str,
    pub resource_type: &'static str,
}

/// A member that is `pending` for the create delay, then `settled`.
#[derive(Debug)]
pub struct Delayed {
    pub member: &'static str,
    pub pending: &'static str,
    pub settled: &'static str,
}

/// A seed-entry member beyond the Create input and the placement (`arn`, `region`,
/// `accountId`, `id`).
#[derive(Debug)]
pub enum SeedField {
    /// A member of the resource the API sets itself (`state`), checked against the output shape.
    Member(&'static str),
    /// A flag that makes Delete a conflict, as for a resource in use (`inUseByChannel`).
    InUse(&'static str),
    /// Puts the resource (a channel) on air once seeded: `{"health": ..., "viewerCount": N}`,
    /// both optional (`crate::live`).
    Live(&'static str),
}

/// A resource kind.
#[derive(Debug)]
pub struct Kind {
    /// The ARN resource type: `arn:aws:ivs:REGION:ACCOUNT:{resource_type}/ID`.
    pub resource_type: &'static str,
    /// For messages: "recording configuration", "recording configurations".
    pub what: &'static str,
    pub what_plural: &'static str,
    /// The model's shape of one resource (Get's) and of a list item.
    pub shape: &'static str,
    pub summary_shape: &'static str,
    /// The output member holding one resource (`channel`), and a list (`channels`, which is
    /// also the kind's key in seed files).
    pub member: &'static str,
    pub list_member: &'static str,
    /// The kind's operations in the model.
    pub operations: &'static [(Role, &'static str)],
    /// Most resources of the kind per region and account (AWS's default quota).
    pub quota: usize,
    /// Most resources of the kind per owner (a channel's stream keys), `usize::MAX` for no
    /// bound beyond [`Kind::quota`]. Refused, as AWS refuses it, with 402
    /// `ServiceQuotaExceededException`.
    pub quota_per_owner: usize,
    /// Length of the random ids of new resources.
    pub id_length: usize,
    /// A member that waits out the create delay.
    pub delayed: Option<Delayed>,
    /// The kind a resource belongs to, by the member naming it: listing needs it, and deleting
    /// the owner deletes its resources (a channel's stream keys).
    pub owner: Option<Reference>,
    /// Members that refer to other resources, which must exist when ivs-local serves their
    /// kind, and whose deletion they then block.
    pub references: &'static [Reference],
    /// List filters: the List input member and the resource member it must equal.
    pub filters: &'static [(&'static str, &'static str)],
    /// Whether at most one filter may be given (else 409 `ConflictException`).
    pub exclusive_filters: bool,
    /// A resource of another kind that Create makes with each one, and the output member it
    /// is returned in (CreateChannel's stream key).
    pub companion: Option<(&'static Kind, &'static str)>,
    pub seed_fields: &'static [SeedField],
    /// Turns a validated Create input (or a resource merged with an Update input) into the
    /// resource: documented defaults, derived fields, rules the model cannot express.
    pub prepare: fn(&mut Resource, &Context<'_>) -> Result<(), ApiError>,
}

/// What most kinds have: no bound per owner, 12-character ids, nothing delayed, no owner,
/// references, filters or companion, no seed fields. A kind writes what differs and ends with
/// `..kinds::PLAIN`; the members it must always write (names, shapes, operations, quota,
/// prepare) are empty here, which the model test below catches.
pub(crate) const PLAIN: Kind = Kind {
    resource_type: "",
    what: "",
    what_plural: "",
    shape: "",
    summary_shape: "",
    member: "",
    list_member: "",
    operations: &[],
    quota: 0,
    quota_per_owner: usize::MAX,
    id_length: 12,
    delayed: None,
    owner: None,
    references: &[],
    filters: &[],
    exclusive_filters: false,
    companion: None,
    seed_fields: &[],
    prepare: |_, _| Ok(()),
};

impl Kind {
    /// The name of the operation with `role`, if the kind has one.
    pub fn operation(&self, role: Role) -> Option<&'static str> {
        self.operations
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, name)| *name)
    }

    /// The ARN of the resource `id` of this kind in `scope`.
    pub fn arn(&self, scope: &Scope, id: &str) -> String {
        format!(
            "arn:aws:ivs:{}:{}:{}/{id}",
            scope.region, scope.account, self.resource_type
        )
    }
}

/// The kind whose ARNs have this resource type.
pub fn by_resource_type(resource_type: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .copied()
        .find(|kind| kind.resource_type == resource_type)
}

/// Parses a `--quota` value: `TYPE=N` for the kind with ARN resource type `TYPE`, or a bare
/// `N` for recording configurations (what `--quota` meant before kinds had their own).
pub fn parse_quota(text: &str) -> Result<(&'static str, usize), String> {
    let short: String = text.chars().take(64).collect();
    let (kind, number) = match text.split_once('=') {
        Some((name, number)) => {
            let kind = by_resource_type(name.trim()).ok_or_else(|| {
                let names: Vec<&str> = KINDS.iter().map(|k| k.resource_type).collect();
                format!(
                    "'{short}': unknown kind '{}'; kinds are {}",
                    name.trim(),
                    names.join(", ")
                )
            })?;
            (kind, number)
        }
        None => (&recording_configuration::KIND, text),
    };
    let quota = number.trim().parse::<usize>().map_err(|_| {
        format!("'{short}' must be N or KIND=N with N a whole number, e.g. channel=10")
    })?;
    Ok((kind.resource_type, quota))
}

/// The kind an operation belongs to, and what it does.
pub fn by_operation(name: &str) -> Option<(&'static Kind, Role)> {
    KINDS.iter().find_map(|kind| {
        kind.operations
            .iter()
            .find(|(_, op)| *op == name)
            .map(|(role, _)| (*kind, *role))
    })
}

/// Every operation ivs-local implements, as the model names them.
pub fn implemented_operations() -> Vec<&'static str> {
    KINDS
        .iter()
        .flat_map(|kind| kind.operations.iter().map(|(_, name)| *name))
        .chain(TAGGING)
        .chain(crate::live_operations::OPERATIONS)
        .collect()
}

/// Sets `member` to `value` unless the resource has it.
pub(crate) fn default(resource: &mut Resource, member: &str, value: impl Into<serde_json::Value>) {
    if resource.get(member).is_none_or(serde_json::Value::is_null) {
        resource.insert(member.to_owned(), value.into());
    }
}

/// The string member `member`, or `""`.
pub(crate) fn text<'r>(resource: &'r Resource, member: &str) -> &'r str {
    resource
        .get(member)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model;

    #[test]
    fn quotas_name_a_kind_or_mean_recording_configurations() {
        assert_eq!(parse_quota("7"), Ok(("recording-configuration", 7)));
        assert_eq!(parse_quota("channel=10"), Ok(("channel", 10)));
        let unknown = parse_quota("stage=1").unwrap_err();
        assert!(unknown.contains("unknown kind 'stage'"), "{unknown}");
        assert!(parse_quota("channel=-1").is_err());
    }

    #[test]
    fn every_kind_names_shapes_and_operations_of_the_model() {
        let model = model();
        for kind in KINDS {
            let named = [kind.resource_type, kind.what, kind.member, kind.list_member];
            assert!(named.iter().all(|name| !name.is_empty()), "{named:?}");
            assert!(!kind.operations.is_empty() && kind.quota > 0, "{named:?}");
            for shape in [kind.shape, kind.summary_shape] {
                assert!(model.shapes.contains_key(shape), "{shape}");
            }
            for (_, operation) in kind.operations {
                assert!(model.operations.contains_key(*operation), "{operation}");
            }
            for (input, member) in kind.filters {
                let list = kind
                    .operation(Role::List)
                    .expect("a kind with filters lists");
                assert!(
                    model.members(model.input_shape(list)).contains_key(*input),
                    "{input}"
                );
                assert!(model.members(kind.shape).contains_key(*member), "{member}");
            }
        }
    }
}
