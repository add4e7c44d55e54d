//! State shared by all requests of one server.

use crate::config::{Config, ConfigError};
use crate::faults::FaultQueue;
use crate::operations::Operation;
use crate::seed::SeedError;
use crate::store::Store;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

pub(crate) struct AppState {
    pub access_key: String,
    pub secret_key: String,
    pub account_id: String,
    pub log_requests: bool,
    pub faults: FaultQueue,
    pub sts: crate::sts::Sts,
    store: Mutex<Store>,
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
        config.check_settings()?;
        let mut store = Store::new(config.recording_configuration_quota);
        for (index, entry) in config.seed.recording_configurations.iter().enumerate() {
            let resolved = entry.resolve(index, &config.account_id)?;
            // Quota and duplicate ids are enforced by the store itself.
            store
                .create(&resolved.scope, resolved.configuration, resolved.placement)
                .map_err(|e| SeedError::Entry {
                    index: resolved.index,
                    label: resolved.label,
                    message: e.message,
                })?;
        }
        Ok(Self {
            access_key: config.access_key,
            secret_key: config.secret_key,
            account_id: config.account_id,
            log_requests: config.log_requests,
            faults: FaultQueue::default(),
            sts: crate::sts::Sts::new(
                config
                    .roles
                    .iter()
                    .chain(&config.seed.roles)
                    .cloned()
                    .collect(),
            ),
            store: Mutex::new(store),
            request_counts: Mutex::new(HashMap::new()),
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
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
