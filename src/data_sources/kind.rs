//! A kind of IVS resource (recording configuration, channel, ...), declared once: its names,
//! its attributes with their mapping from the SDK's type, how to get one, many and a list of
//! them, and the filters of its plural data source. The singular and plural data sources are
//! generic over kinds ([`super::singular`], [`super::plural`]), so a new kind is its own file
//! under `kinds/` and one line in `kinds/mod.rs`.

use std::collections::HashMap;
use std::future::Future;

use super::aws_call::Failure;
use super::shape::Shape;
use super::{IvsClient, arn};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::{Attribute, Text};
use crate::values::{Type, Value};

/// How Terraform, IAM and the messages name a kind.
pub struct Names {
    /// The singular data source's type, e.g. `ivs_channel`.
    pub singular: &'static str,
    /// The plural data source's type, e.g. `ivs_channels`.
    pub plural: &'static str,
    /// The plural's attribute holding the matches, e.g. `channels`.
    pub list_attribute: &'static str,
    /// In messages and docs, e.g. "channel"...
    pub what: &'static str,
    /// ...and "channels".
    pub what_plural: &'static str,
    /// The resource type of its ARNs, e.g. `channel` in `arn:aws:ivs:...:channel/<id>`.
    pub arn_type: &'static str,
    /// The IAM actions of its Get and List operations, e.g. `ivs:GetChannel`.
    pub get_action: &'static str,
    pub list_action: &'static str,
}

/// The resource a kind's resources belong to, whose ARN its List needs (ListStreamKeys takes a
/// channel's): the singular then also reads the one resource of a parent, and the plural lists
/// those of one parent.
pub struct Parent {
    /// The argument and attribute holding the parent's ARN, e.g. `channel_arn`.
    pub argument: &'static str,
    /// In messages and docs, e.g. "channel".
    pub what: &'static str,
    /// The resource type of its ARNs, e.g. `channel`.
    pub arn_type: &'static str,
}

/// For kinds whose resources have no ARN and are told apart within their [`Parent`] by an ID (a
/// channel's stream sessions, by stream ID): that ID. The singular reads one by the parent's ARN
/// and the ID or, without the ID, the parent's latest, as the API does ([`Kind::get_within`]);
/// the plural lists one parent's, sorted by ID; [`Resource::arn`] gives the ID.
pub struct Within {
    /// The argument and attribute holding the ID, e.g. `stream_id`.
    pub argument: &'static str,
    /// The plural's sorted list of them, e.g. `stream_ids`.
    pub list_attribute: &'static str,
    /// What the ID is, in messages and docs, e.g. "stream ID".
    pub what: &'static str,
    /// The model's pattern of the ID, checked at plan time, e.g. `^st-[a-zA-Z0-9]+$`.
    pub pattern: &'static str,
}

/// What a kind's resources are read by, and sorted by: their own ARN (`arn`), or, for kinds with
/// no ARN of their own that exist at most once per resource of another kind (a channel's live
/// stream), that resource's ARN, which [`Resource::arn`] then gives.
#[derive(Clone, Copy)]
pub struct Key {
    /// The singular's argument and every data source's attribute, e.g. `arn`, `channel_arn`.
    pub argument: &'static str,
    /// The plural's sorted list of them, e.g. `arns`, `channel_arns`.
    pub list_attribute: &'static str,
    /// What the ARN names, in messages and docs, e.g. "channel".
    pub what: &'static str,
    /// The resource type of the ARNs, e.g. `channel`.
    pub arn_type: &'static str,
}

impl Key {
    /// The key of `K`: [`Kind::KEYED_BY`], or else its own ARN.
    pub fn of<K: Kind>() -> Key {
        K::KEYED_BY.unwrap_or(Key {
            argument: "arn",
            list_attribute: "arns",
            what: K::NAMES.what,
            arn_type: K::NAMES.arn_type,
        })
    }
}

/// What every IVS resource has, in the Get answer and in a List item alike: the plural's
/// filters run on List items, before anything is read in full.
pub trait Resource {
    /// Its ARN; for kinds [`Within`] a parent, its ID there.
    fn arn(&self) -> &str;
    /// The name, for kinds that have one.
    fn name(&self) -> Option<&str> {
        None
    }
    fn tags(&self) -> Option<&HashMap<String, String>> {
        None
    }
}

/// [`Resource`] for SDK types whose `arn`, `name` and `tags` fields say it all: `optional` where
/// the SDK's `arn` is an `Option<String>`, `required` where it is a `String`.
#[macro_export]
macro_rules! named_resource {
    (@arn optional, $api:ident) => { $api.arn.as_deref().unwrap_or_default() };
    (@arn required, $api:ident) => { $api.arn.as_str() };
    ($arn:ident: $($type:ty),+ $(,)?) => {
        $(
            impl $crate::data_sources::kind::Resource for $type {
                fn arn(&self) -> &str {
                    $crate::named_resource!(@arn $arn, self)
                }
                fn name(&self) -> Option<&str> {
                    self.name.as_deref()
                }
                fn tags(&self) -> Option<&::std::collections::HashMap<String, String>> {
                    self.tags.as_ref()
                }
            }
        )+
    };
}

/// One page of a List.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// What a batch read (`BatchGetChannel`) answered: the resources it found, and an error per
/// ARN it did not find or could not read (`arn`, `code`, `message`).
pub struct Batch<T> {
    pub found: Vec<T>,
    pub errors: Vec<(String, String, String)>,
}

/// A List request narrowed by a filter's value.
pub type Narrow<K> = fn(<K as Kind>::ListRequest, &str) -> <K as Kind>::ListRequest;
/// A plan-time check of a filter's value.
pub type Check = Box<dyn Fn(&Value) -> Diagnostics + Send + Sync>;
/// Whether a List item passes a filter's value.
pub type Keeps<K> = Box<dyn Fn(&<K as Kind>::Summary, &Value) -> bool + Send + Sync>;

/// An argument of the plural data source that narrows the list, beyond the `region`,
/// `name_regex` and `tags` every plural has.
pub struct Filter<K: Kind> {
    /// The argument (optional).
    pub attribute: Attribute,
    /// Plan-time check of its value (known, not null); errors are on the argument.
    pub check: Option<Check>,
    /// The List request narrowed by the value, where the API filters on the server. The API may
    /// refuse two such filters at once: only the first one set is sent, and every filter also
    /// runs on the List items, so any combination works.
    pub api: Option<Narrow<K>>,
    /// Whether a List item passes, for the value (known, not null).
    pub keeps: Keeps<K>,
}

impl<K: Kind> Filter<K> {
    /// The argument `name`: only items that refer to the resource of this ARN (of another kind,
    /// named `what`, whose ARNs are of type `arn_type`), as `refers_to` reads it from an item.
    /// The API filters on it (`api`).
    pub fn by_arn(
        name: &'static str,
        what: &'static str,
        arn_type: &'static str,
        api: Narrow<K>,
        refers_to: fn(&K::Summary) -> Option<&str>,
    ) -> Self {
        Filter {
            attribute: Attribute::optional(
                name,
                Type::String,
                format!(
                    "Only those that use the {what} of this ARN,                      `arn:aws:ivs:<region>:<account>:{arn_type}/<id>`."
                ),
            ),
            check: Some(Box::new(move |value| {
                let text = value.as_str().unwrap_or_default();
                match arn::parse(text, arn_type) {
                    Ok(_) => Vec::new(),
                    Err(error) => vec![arn::invalid(text, &error, what, arn_type, name)],
                }
            })),
            api: Some(api),
            keeps: Box::new(move |item, value| refers_to(item) == value.as_str()),
        }
    }
}

/// A kind of IVS resource. Per kind only its SDK calls and its attributes; everything else is
/// generic.
pub trait Kind: Sized + Send + Sync + 'static {
    /// The SDK type of the Get answer: every attribute is read from it.
    type Full: Resource + Send + Sync + 'static;
    /// The SDK type of a List item.
    type Summary: Resource + Send + Sync + 'static;
    /// The SDK's request builder of the List operation, for the filters the API has.
    type ListRequest: Clone + Send + 'static;

    const NAMES: Names;
    /// Whether the kind has names: the singular then reads by `name` too, and the plural takes
    /// `name_regex`.
    const NAMED: bool;
    /// What its resources belong to, for kinds listed per parent (stream keys, per channel).
    const PARENT: Option<Parent> = None;
    /// For kinds with no ARN of their own, the resource whose ARN identifies theirs (a stream,
    /// its channel's): the singular then reads by that ARN alone. See [`Key`].
    const KEYED_BY: Option<Key> = None;
    /// Whether its resources have tags: the plural then takes `tags`.
    const TAGGED: bool = true;
    /// For kinds with no ARN of their own, told apart within their [`Kind::PARENT`] by an ID
    /// (a channel's stream sessions): that ID. See [`Within`].
    const WITHIN: Option<Within> = None;

    /// What the singular data source reads, for its docs ("Reads an Amazon IVS channel...").
    fn description() -> Text;
    /// What the plural data source lists, for its docs.
    fn plural_description() -> Text;

    /// Every attribute, as the Get answer gives it.
    fn shape() -> Shape<Self::Full>;

    /// The plural's own filters, in schema order.
    fn filters() -> Vec<Filter<Self>> {
        Vec::new()
    }

    /// Get of one ARN (the [`Key`]'s).
    fn get(ivs: &IvsClient, arn: &str) -> impl Future<Output = Result<Self::Full, Failure>> + Send;

    /// For kinds [`Within`] a parent: the Get of the one of `parent_arn` with ID `id`, or with
    /// none the parent's latest. The generic code calls it only for kinds with a
    /// [`Kind::WITHIN`]; for the others it is [`Kind::get`] of `id` (or of `parent_arn`).
    fn get_within(
        ivs: &IvsClient,
        parent_arn: &str,
        id: Option<&str>,
    ) -> impl Future<Output = Result<Self::Full, Failure>> + Send {
        async move { Self::get(ivs, id.unwrap_or(parent_arn)).await }
    }

    /// A List request of the whole region, to narrow with filters and page through.
    fn list_request(ivs: &IvsClient) -> Self::ListRequest;

    /// A List request narrowed to those named `name`, where the API filters by name; by
    /// default the whole region is listed and the names compared here.
    fn named(request: Self::ListRequest, _name: &str) -> Self::ListRequest {
        request
    }

    /// A List request narrowed to the resources of the parent `parent_arn`, for kinds with a
    /// [`Kind::PARENT`].
    fn within(request: Self::ListRequest, _parent_arn: &str) -> Self::ListRequest {
        request
    }

    /// One page of `request`, from `next_token`.
    fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> impl Future<Output = Result<Page<Self::Summary>, Failure>> + Send;

    /// Reads every one of `arns` in full, in any order; one deleted since it was listed is left
    /// out, and a failure is worded for the ARN or the call at fault: with the API's batch read
    /// where it has one (`finders::read_in_batches`), else one Get each, a few at a time
    /// (`finders::read_one_by_one`).
    fn read_many(
        ivs: &IvsClient,
        arns: Vec<String>,
    ) -> impl Future<Output = Result<Vec<Self::Full>, Diagnostic>> + Send;
}
