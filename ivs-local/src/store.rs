//! In-memory state: recording configurations per region and account.
//!
//! A caller only ever sees the partition of its own region (from its SigV4
//! credential scope) and account; an ARN naming another region or account is
//! simply not found there, as with AWS.
//!
//! Each partition keeps its entries in creation order (for listing and
//! stable pagination tokens) and an index from ARN to entry, so that Get,
//! Delete, tagging and the uniqueness check of a new id take constant time
//! however many configurations there are. This module knows the model and
//! the validated input only: seeds, settings and operations sit above it.

use crate::arn;
use crate::errors::ApiError;
use crate::model::{RecordingConfiguration, RecordingConfigurationSummary, Tags};
use crate::validation::{MAX_TAGS, NewRecordingConfiguration};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// AWS's default quota of recording configurations per region and account.
pub const DEFAULT_RECORDING_CONFIGURATION_QUOTA: usize = 20;

/// The states of `RecordingConfigurationState` ivs-local sets itself.
const ACTIVE: &str = "ACTIVE";
const CREATING: &str = "CREATING";

/// The partition a request works in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    pub region: String,
    pub account: String,
}

impl Scope {
    pub fn new(region: impl Into<String>, account: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            account: account.into(),
        }
    }
}

/// A stored recording configuration.
#[derive(Debug, Clone)]
struct Entry {
    config: RecordingConfiguration,
    /// Stands for "associated with a channel": deleting it is a conflict.
    in_use: bool,
    /// When a `CREATING` configuration becomes `ACTIVE` (create delay).
    active_at: Option<Instant>,
}

impl Entry {
    /// Moves a configuration whose create delay has passed to `ACTIVE`.
    fn settle(&mut self, now: Instant) {
        if self.active_at.is_some_and(|at| at <= now) {
            self.active_at = None;
            self.config.state = ACTIVE.to_owned();
        }
    }

    /// The configuration as a caller sees it at `now`.
    fn view(&self, now: Instant) -> RecordingConfiguration {
        let mut config = self.config.clone();
        if self.active_at.is_some_and(|at| at <= now) {
            config.state = ACTIVE.to_owned();
        }
        config
    }
}

/// One region/account partition: entries keyed by creation sequence, so that
/// listing is stable and pagination tokens stay valid across deletions, and
/// an index from ARN to sequence.
#[derive(Debug, Default)]
struct Partition {
    next_sequence: u64,
    entries: BTreeMap<u64, Entry>,
    by_arn: HashMap<String, u64>,
}

impl Partition {
    fn find(&self, arn: &str) -> Option<&Entry> {
        self.by_arn.get(arn).and_then(|seq| self.entries.get(seq))
    }

    fn find_mut(&mut self, arn: &str) -> Option<&mut Entry> {
        let seq = self.by_arn.get(arn)?;
        self.entries.get_mut(seq)
    }
}

/// How a new recording configuration is identified and flagged.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// A fixed resource id (seeds); random when `None`.
    pub id: Option<String>,
    /// The state to store, as given; when `None`, `CREATING` for the
    /// store's create delay, then `ACTIVE`.
    pub state: Option<String>,
    /// Whether a channel uses it (deleting it then answers `ConflictException`).
    pub in_use: bool,
}

/// One page of `ListRecordingConfigurations`.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<RecordingConfigurationSummary>,
    pub next_token: Option<String>,
}

/// All recording configurations of all partitions.
#[derive(Debug)]
pub struct Store {
    partitions: HashMap<Scope, Partition>,
    quota: usize,
    create_delay: Duration,
}

impl Store {
    /// An empty store allowing `quota` recording configurations per partition.
    pub fn new(quota: usize) -> Self {
        Self {
            partitions: HashMap::new(),
            quota,
            create_delay: Duration::ZERO,
        }
    }

    /// New configurations stay `CREATING` for `delay`, then are `ACTIVE`.
    pub fn with_create_delay(mut self, delay: Duration) -> Self {
        self.create_delay = delay;
        self
    }

    /// The quota of recording configurations per region and account.
    pub fn quota(&self) -> usize {
        self.quota
    }

    /// Creates a recording configuration in `scope`; returns it as stored.
    pub fn create(
        &mut self,
        scope: &Scope,
        new: NewRecordingConfiguration,
        placement: Placement,
    ) -> Result<&RecordingConfiguration, ApiError> {
        let quota = self.quota;
        // Not `entry(scope.clone())`: that would copy the scope on every create.
        if !self.partitions.contains_key(scope) {
            self.partitions.insert(scope.clone(), Partition::default());
        }
        let Some(partition) = self.partitions.get_mut(scope) else {
            unreachable!("the partition was just inserted");
        };
        if partition.entries.len() >= quota {
            return Err(ApiError::quota_exceeded(format!(
                "Request would cause a service quota to be exceeded: \
                 at most {quota} recording configurations per account in {}",
                scope.region
            )));
        }
        let arn = match placement.id {
            Some(id) => {
                let arn = arn::recording_configuration_arn(&scope.region, &scope.account, &id);
                if partition.by_arn.contains_key(&arn) {
                    return Err(ApiError::conflict(format!(
                        "A recording configuration with id {id} already exists"
                    )));
                }
                arn
            }
            None => loop {
                let id = arn::random_id();
                let arn = arn::recording_configuration_arn(&scope.region, &scope.account, &id);
                if !partition.by_arn.contains_key(&arn) {
                    break arn;
                }
            },
        };
        let (state, active_at) = match placement.state {
            Some(state) => (state, None),
            None if self.create_delay.is_zero() => (ACTIVE.to_owned(), None),
            None => (
                CREATING.to_owned(),
                Some(Instant::now() + self.create_delay),
            ),
        };
        let config = RecordingConfiguration {
            arn,
            name: new.name,
            destination_configuration: new.destination_configuration,
            state,
            tags: new.tags,
            thumbnail_configuration: new.thumbnail_configuration,
            recording_reconnect_window_seconds: new.recording_reconnect_window_seconds,
            rendition_configuration: new.rendition_configuration,
        };
        let sequence = partition.next_sequence;
        partition.next_sequence += 1;
        partition.by_arn.insert(config.arn.clone(), sequence);
        let entry = partition.entries.entry(sequence).or_insert(Entry {
            config,
            in_use: placement.in_use,
            active_at,
        });
        Ok(&entry.config)
    }

    /// The recording configuration with this ARN in `scope`.
    pub fn get(&self, scope: &Scope, arn: &str) -> Result<RecordingConfiguration, ApiError> {
        self.partitions
            .get(scope)
            .and_then(|p| p.find(arn))
            .map(|entry| entry.view(Instant::now()))
            .ok_or_else(|| ApiError::not_found(arn))
    }

    /// Deletes the recording configuration with this ARN in `scope`.
    pub fn delete(&mut self, scope: &Scope, arn: &str) -> Result<(), ApiError> {
        let partition = self
            .partitions
            .get_mut(scope)
            .ok_or_else(|| ApiError::not_found(arn))?;
        let entry = partition
            .find(arn)
            .ok_or_else(|| ApiError::not_found(arn))?;
        if entry.in_use {
            return Err(ApiError::conflict(format!(
                "Recording configuration {arn} is associated with a channel; \
                 set the channel's recordingConfigurationArn to \"\" before deleting it"
            )));
        }
        if let Some(sequence) = partition.by_arn.remove(arn) {
            partition.entries.remove(&sequence);
        }
        Ok(())
    }

    /// Lists `scope`'s recording configurations in creation order.
    pub fn list(
        &self,
        scope: &Scope,
        next_token: Option<&str>,
        max_results: usize,
    ) -> Result<Page, ApiError> {
        let start = match next_token {
            None | Some("") => 0,
            Some(token) => decode_token(token)
                .ok_or_else(|| ApiError::validation(format!("Invalid nextToken: {token}")))?,
        };
        let Some(partition) = self.partitions.get(scope) else {
            return Ok(Page {
                items: Vec::new(),
                next_token: None,
            });
        };
        let now = Instant::now();
        let mut remaining = partition.entries.range(start..);
        let items: Vec<RecordingConfigurationSummary> = remaining
            .by_ref()
            .take(max_results)
            .map(|(_, entry)| RecordingConfigurationSummary::from(&entry.view(now)))
            .collect();
        let next_token = remaining.next().map(|(seq, _)| encode_token(*seq));
        Ok(Page { items, next_token })
    }

    /// Adds or replaces tags on a resource of `scope`.
    pub fn tag(&mut self, scope: &Scope, arn: &str, tags: Tags) -> Result<(), ApiError> {
        let entry = self.entry_mut(scope, arn)?;
        let mut merged = entry.config.tags.clone();
        merged.extend(tags);
        if merged.len() > MAX_TAGS {
            return Err(ApiError::validation(format!(
                "Resource {arn} would have {} tags; at most {MAX_TAGS} are allowed",
                merged.len()
            )));
        }
        entry.config.tags = merged;
        Ok(())
    }

    /// Removes tags (missing keys are ignored) from a resource of `scope`.
    pub fn untag(&mut self, scope: &Scope, arn: &str, keys: &[String]) -> Result<(), ApiError> {
        let entry = self.entry_mut(scope, arn)?;
        for key in keys {
            entry.config.tags.remove(key);
        }
        Ok(())
    }

    /// The tags of a resource of `scope`.
    pub fn tags(&self, scope: &Scope, arn: &str) -> Result<Tags, ApiError> {
        self.partitions
            .get(scope)
            .and_then(|p| p.find(arn))
            .map(|entry| entry.config.tags.clone())
            .ok_or_else(|| ApiError::not_found(arn))
    }

    fn entry_mut(&mut self, scope: &Scope, arn: &str) -> Result<&mut Entry, ApiError> {
        let entry = self
            .partitions
            .get_mut(scope)
            .and_then(|p| p.find_mut(arn))
            .ok_or_else(|| ApiError::not_found(arn))?;
        entry.settle(Instant::now());
        Ok(entry)
    }
}

/// The store of a running server, shared by its requests.
#[derive(Debug)]
pub struct SharedStore(Mutex<Store>);

impl SharedStore {
    pub fn new(store: Store) -> Self {
        Self(Mutex::new(store))
    }

    /// Locks the store even if a panic poisoned it: every update of it is a
    /// single call that leaves it consistent.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Pagination tokens are the creation sequence of the next item, in hex
/// (within the model's `[a-zA-Z0-9+/=_-]*`).
fn encode_token(sequence: u64) -> String {
    format!("rc{sequence:x}")
}

fn decode_token(token: &str) -> Option<u64> {
    u64::from_str_radix(token.strip_prefix("rc")?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        DestinationConfiguration, RenditionConfiguration, S3DestinationConfiguration,
        ThumbnailConfiguration,
    };

    fn new_config(name: &str) -> NewRecordingConfiguration {
        NewRecordingConfiguration {
            name: name.into(),
            destination_configuration: DestinationConfiguration {
                s3: S3DestinationConfiguration {
                    bucket_name: "bucket".into(),
                },
            },
            tags: Tags::new(),
            thumbnail_configuration: ThumbnailConfiguration {
                recording_mode: "INTERVAL".into(),
                target_interval_seconds: 60,
                resolution: None,
                storage: vec!["SEQUENTIAL".into()],
            },
            recording_reconnect_window_seconds: 0,
            rendition_configuration: RenditionConfiguration {
                rendition_selection: "ALL".into(),
                renditions: vec![],
            },
        }
    }

    #[test]
    fn tokens_survive_deletion_of_the_next_item() {
        let scope = Scope::new("us-east-1", "123456789012");
        let mut store = Store::new(10);
        let arns: Vec<String> = (0..4)
            .map(|i| {
                store
                    .create(&scope, new_config(&format!("c{i}")), Placement::default())
                    .unwrap()
                    .arn
                    .clone()
            })
            .collect();
        let first = store.list(&scope, None, 2).unwrap();
        assert_eq!(first.items.len(), 2);
        store.delete(&scope, &arns[2]).unwrap();
        let second = store.list(&scope, first.next_token.as_deref(), 2).unwrap();
        assert_eq!(
            second
                .items
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["c3"]
        );
        assert_eq!(second.next_token, None);
    }

    #[test]
    fn in_use_configurations_cannot_be_deleted() {
        let scope = Scope::new("us-east-1", "123456789012");
        let mut store = Store::new(10);
        let placement = Placement {
            in_use: true,
            ..Placement::default()
        };
        let arn = store
            .create(&scope, new_config("x"), placement)
            .unwrap()
            .arn
            .clone();
        assert_eq!(store.delete(&scope, &arn).unwrap_err().status, 409);
    }
}
