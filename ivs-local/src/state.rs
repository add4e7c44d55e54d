//! State shared by all requests of one server: settings it needs at run
//! time, the store, queued faults, and request and fault counts.

use crate::config::{Config, ConfigError};
use crate::faults::FaultQueue;
use crate::operations::Operation;
use crate::store::SharedStore;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;

pub(crate) struct AppState {
    pub access_key: String,
    pub secret_key: String,
    pub account_id: String,
    pub log_requests: bool,
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    pub faults: FaultQueue,
    pub sts: crate::sts::Sts,
    pub store: SharedStore,
    /// Turns true when the server begins to shut down (hung requests end then).
    pub closing: watch::Receiver<bool>,
    request_counts: Mutex<HashMap<&'static str, usize>>,
    /// Faults fired, by operation and kind name.
    fault_counts: Mutex<HashMap<(&'static str, &'static str), usize>>,
}

/// Locks a mutex even if a panic poisoned it: every update of the guarded
/// data is a single call that leaves it consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// Checks the configuration, stores its seed and queues its faults.
    pub fn new(config: Config, closing: watch::Receiver<bool>) -> Result<Self, ConfigError> {
        let store = config.build_store()?;
        let faults = FaultQueue::default();
        for fault in config.faults {
            faults.push(fault);
        }
        Ok(Self {
            access_key: config.access_key,
            secret_key: config.secret_key,
            account_id: config.account_id,
            log_requests: config.log_requests,
            header_read_timeout: config.header_read_timeout,
            body_read_timeout: config.body_read_timeout,
            faults,
            sts: crate::sts::Sts::new(
                config
                    .roles
                    .iter()
                    .chain(&config.seed.roles)
                    .cloned()
                    .collect(),
            ),
            store: SharedStore::new(store),
            closing,
            request_counts: Mutex::new(HashMap::new()),
            fault_counts: Mutex::new(HashMap::new()),
        })
    }

    pub fn count_request(&self, operation: Operation) {
        *lock(&self.request_counts)
            .entry(operation.name())
            .or_default() += 1;
    }

    pub fn request_count(&self, operation: &str) -> usize {
        lock(&self.request_counts)
            .get(operation)
            .copied()
            .unwrap_or(0)
    }

    pub fn request_counts(&self) -> HashMap<&'static str, usize> {
        lock(&self.request_counts).clone()
    }

    pub fn count_fault(&self, operation: Operation, kind: &'static str) {
        *lock(&self.fault_counts)
            .entry((operation.name(), kind))
            .or_default() += 1;
    }

    /// Faults fired on `operation` (`*`: on all operations), all kinds together.
    pub fn fault_count(&self, operation: &str) -> usize {
        lock(&self.fault_counts)
            .iter()
            .filter(|((op, _), _)| operation == crate::faults::ANY_OPERATION || *op == operation)
            .map(|(_, count)| count)
            .sum()
    }

    /// Faults fired, by operation, then by kind name.
    pub fn fault_counts(&self) -> BTreeMap<&'static str, BTreeMap<&'static str, usize>> {
        let mut counts: BTreeMap<_, BTreeMap<_, _>> = BTreeMap::new();
        for ((operation, kind), count) in lock(&self.fault_counts).iter() {
            counts.entry(*operation).or_default().insert(*kind, *count);
        }
        counts
    }
}
