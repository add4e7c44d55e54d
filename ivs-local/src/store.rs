//! In-memory state: resources of every kind, per region and account, indexed by ARN.
//!
//! A caller only ever sees the partition of its own region (from its SigV4 credential scope)
//! and account; an ARN naming another region or account is simply not found there, as with
//! AWS. Resources are JSON objects in the model's output shape of their kind, as Get returns
//! them. Each kind of each partition keeps its entries in creation order (for listing and
//! stable pagination tokens) and an index from ARN to entry, so that Get, Delete, tagging and
//! the uniqueness check of a new id take constant time however many there are.
//!
//! This module knows no kind: kinds (`crate::kinds`) say what a resource is, and
//! `crate::resources` what each operation does with it.

use crate::errors::ApiError;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A resource as stored: its members, as the model's output shape names them.
pub type Resource = Map<String, Value>;

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

/// A member that holds one value until a moment, then another (`state` is `CREATING` for the
/// create delay, then `ACTIVE`).
#[derive(Debug, Clone)]
pub struct Pending {
    pub member: &'static str,
    pub settled: &'static str,
    pub at: Instant,
}

/// A stored resource.
#[derive(Debug, Clone)]
pub struct Entry {
    pub resource: Resource,
    /// Stands for "used by another resource" (seeds): deleting it is a conflict.
    pub in_use: bool,
    pub pending: Option<Pending>,
}

impl Entry {
    /// Settles a pending member whose moment has passed.
    fn settle(&mut self, now: Instant) {
        if let Some(pending) = self.pending.take_if(|p| p.at <= now) {
            self.resource
                .insert(pending.member.to_owned(), pending.settled.into());
        }
    }
}

/// The resources of one kind in one partition: entries by creation sequence, and an index
/// from ARN to sequence.
#[derive(Debug, Default)]
struct Resources {
    next_sequence: u64,
    entries: BTreeMap<u64, Entry>,
    by_arn: HashMap<String, u64>,
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<Resource>,
    pub next_token: Option<String>,
}

/// The settings that bound what the store holds and when.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// Quotas that differ from a kind's default, by ARN resource type.
    pub quotas: HashMap<&'static str, usize>,
    /// How long new resources of kinds with a delayed member stay pending.
    pub create_delay: Duration,
}

/// Every resource of every partition, by kind (its ARN resource type).
#[derive(Debug, Default)]
pub struct Store {
    partitions: HashMap<Scope, HashMap<&'static str, Resources>>,
    pub limits: Limits,
    /// Streams and stream sessions, which are not resources of a kind (`crate::live`).
    pub live: crate::live::Live,
}

impl Store {
    pub fn new(limits: Limits) -> Self {
        Self {
            partitions: HashMap::new(),
            limits,
            live: crate::live::Live::default(),
        }
    }

    fn resources(&self, scope: &Scope, kind: &str) -> Option<&Resources> {
        self.partitions.get(scope)?.get(kind)
    }

    fn resources_mut(&mut self, scope: &Scope, kind: &'static str) -> &mut Resources {
        // Not `entry(scope.clone())` first: that would copy the scope on every call.
        if !self.partitions.contains_key(scope) {
            self.partitions.insert(scope.clone(), HashMap::new());
        }
        let Some(partition) = self.partitions.get_mut(scope) else {
            unreachable!("the partition was just inserted");
        };
        partition.entry(kind).or_default()
    }

    /// How many resources of `kind` `scope` holds.
    pub fn count(&self, scope: &Scope, kind: &str) -> usize {
        self.resources(scope, kind).map_or(0, |r| r.entries.len())
    }

    /// Whether a resource of `kind` has this ARN in `scope`.
    pub fn contains(&self, scope: &Scope, kind: &str, arn: &str) -> bool {
        self.resources(scope, kind)
            .is_some_and(|r| r.by_arn.contains_key(arn))
    }

    /// Stores a new resource (its `arn` member set).
    pub fn insert(&mut self, scope: &Scope, kind: &'static str, entry: Entry) {
        let arn = entry
            .resource
            .get("arn")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let resources = self.resources_mut(scope, kind);
        let sequence = resources.next_sequence;
        resources.next_sequence += 1;
        resources.by_arn.insert(arn, sequence);
        resources.entries.insert(sequence, entry);
    }

    /// The resource of `kind` with this ARN in `scope`, as a caller sees it now.
    pub fn get(&mut self, scope: &Scope, kind: &'static str, arn: &str) -> Option<&Entry> {
        self.get_mut(scope, kind, arn).map(|entry| &*entry)
    }

    /// The resource of `kind` with this ARN, to change it.
    pub fn get_mut(&mut self, scope: &Scope, kind: &'static str, arn: &str) -> Option<&mut Entry> {
        let resources = self.partitions.get_mut(scope)?.get_mut(kind)?;
        let sequence = *resources.by_arn.get(arn)?;
        let entry = resources.entries.get_mut(&sequence)?;
        entry.settle(Instant::now());
        Some(entry)
    }

    /// Removes the resource of `kind` with this ARN; whether there was one.
    pub fn remove(&mut self, scope: &Scope, kind: &'static str, arn: &str) -> bool {
        let Some(resources) = self.partitions.get_mut(scope).and_then(|p| p.get_mut(kind)) else {
            return false;
        };
        match resources.by_arn.remove(arn) {
            Some(sequence) => resources.entries.remove(&sequence).is_some(),
            None => false,
        }
    }

    /// The resources of `kind` in `scope` that `keep` selects, in creation order.
    pub fn select(
        &mut self,
        scope: &Scope,
        kind: &'static str,
        keep: impl Fn(&Resource) -> bool,
    ) -> Vec<Resource> {
        let Some(resources) = self.partitions.get_mut(scope).and_then(|p| p.get_mut(kind)) else {
            return Vec::new();
        };
        let now = Instant::now();
        resources
            .entries
            .values_mut()
            .filter_map(|entry| {
                entry.settle(now);
                keep(&entry.resource).then(|| entry.resource.clone())
            })
            .collect()
    }

    /// How many resources of `kind` in `scope` `keep` selects (without copying them).
    pub fn count_where(
        &self,
        scope: &Scope,
        kind: &str,
        keep: impl Fn(&Resource) -> bool,
    ) -> usize {
        self.resources(scope, kind).map_or(0, |r| {
            r.entries.values().filter(|e| keep(&e.resource)).count()
        })
    }

    /// One page of the resources of `kind` in `scope` that `keep` selects, from `next_token`.
    pub fn list(
        &mut self,
        scope: &Scope,
        kind: &'static str,
        next_token: Option<&str>,
        max_results: usize,
        keep: impl Fn(&Resource) -> bool,
    ) -> Result<Page, ApiError> {
        let start = match next_token {
            None | Some("") => 0,
            Some(token) => decode_token(token)
                .ok_or_else(|| ApiError::validation(format!("Invalid nextToken: {token}")))?,
        };
        let empty = Page {
            items: Vec::new(),
            next_token: None,
        };
        let Some(resources) = self.partitions.get_mut(scope).and_then(|p| p.get_mut(kind)) else {
            return Ok(empty);
        };
        let now = Instant::now();
        let mut selected = resources
            .entries
            .range_mut(start..)
            .filter_map(|(sequence, entry)| {
                entry.settle(now);
                keep(&entry.resource).then_some((*sequence, &entry.resource))
            });
        let items: Vec<Resource> = selected
            .by_ref()
            .take(max_results)
            .map(|(_, resource)| resource.clone())
            .collect();
        let next_token = selected.next().map(|(sequence, _)| encode_token(sequence));
        Ok(Page { items, next_token })
    }
}

/// The store of a running server, shared by its requests.
#[derive(Debug)]
pub struct SharedStore(Mutex<Store>);

impl SharedStore {
    pub fn new(store: Store) -> Self {
        Self(Mutex::new(store))
    }

    /// Locks the store even if a panic poisoned it: every update of it is a single call that
    /// leaves it consistent.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Pagination tokens are the creation sequence of the next item, in hex (within the model's
/// `[a-zA-Z0-9+/=_-]*`).
pub(crate) fn encode_token(sequence: u64) -> String {
    format!("p{sequence:x}")
}

pub(crate) fn decode_token(token: &str) -> Option<u64> {
    u64::from_str_radix(token.strip_prefix('p')?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(arn: &str) -> Entry {
        let Value::Object(resource) = json!({"arn": arn}) else {
            unreachable!()
        };
        Entry {
            resource,
            in_use: false,
            pending: None,
        }
    }

    #[test]
    fn tokens_survive_deletion_of_the_next_item() {
        let scope = Scope::new("us-east-1", "123456789012");
        let mut store = Store::default();
        for i in 0..4 {
            store.insert(&scope, "thing", entry(&format!("a{i}")));
        }
        let first = store.list(&scope, "thing", None, 2, |_| true).unwrap();
        assert_eq!(first.items.len(), 2);
        assert!(store.remove(&scope, "thing", "a2"));
        let second = store
            .list(&scope, "thing", first.next_token.as_deref(), 2, |_| true)
            .unwrap();
        assert_eq!(second.items, vec![entry("a3").resource]);
        assert_eq!(second.next_token, None);
    }

    #[test]
    fn partitions_and_kinds_are_apart() {
        let mut store = Store::default();
        store.insert(
            &Scope::new("us-east-1", "123456789012"),
            "thing",
            entry("a"),
        );
        assert!(!store.contains(&Scope::new("us-west-2", "123456789012"), "thing", "a"));
        assert!(!store.contains(&Scope::new("us-east-1", "123456789012"), "other", "a"));
        assert!(store.contains(&Scope::new("us-east-1", "123456789012"), "thing", "a"));
    }
}
