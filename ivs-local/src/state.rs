//! State shared by all requests of one server: settings it needs at run
//! time, the store, queued faults and request counts.

use crate::config::{Config, ConfigError};
use crate::faults::FaultQueue;
use crate::operations::Operation;
use crate::store::SharedStore;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

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
    request_counts: Mutex<HashMap<&'static str, usize>>,
}

/// Locks a mutex even if a panic poisoned it: every update of the guarded
/// data is a single call that leaves it consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// Checks the configuration and stores its seed.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        let store = config.build_store()?;
        Ok(Self {
            access_key: config.access_key,
            secret_key: config.secret_key,
            account_id: config.account_id,
            log_requests: config.log_requests,
            header_read_timeout: config.header_read_timeout,
            body_read_timeout: config.body_read_timeout,
            faults: FaultQueue::default(),
            sts: crate::sts::Sts::new(
                config
                    .roles
                    .iter()
                    .chain(&config.seed.roles)
                    .cloned()
                    .collect(),
            ),
            store: SharedStore::new(store),
            request_counts: Mutex::new(HashMap::new()),
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
}
