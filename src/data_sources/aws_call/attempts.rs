//! Counting the attempts of one operation (the SDK retries throttling, 5xx and connection
//! errors), so that a failure can say how hard the provider tried.

use std::error::Error;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_sdk_ivs::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_ivs::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_ivs::error::{BoxError, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::Failure;

/// Counts the attempts of the operation it is attached to.
#[derive(Debug, Clone, Default)]
pub struct AttemptCounter(Arc<AtomicU32>);

impl AttemptCounter {
    pub fn attempts(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Intercept for AttemptCounter {
    fn name(&self) -> &'static str {
        "AttemptCounter"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// [`send`] of an SDK request (a fluent builder), with the attempt counter on it: how every
/// kind sends its Get, List and batch read.
#[macro_export]
macro_rules! sdk_call {
    ($request:expr) => {
        $crate::data_sources::aws_call::send(|counter| {
            $request.customize().interceptor(counter).send()
        })
    };
}

/// Sends one operation with its attempts counted: `operation` gets the counter to attach
/// (`client.get_channel().arn(a).customize().interceptor(counter).send()`), and a failure comes
/// back classified. Every IVS call of the data sources goes through here.
pub async fn send<T, E, F, Fut>(operation: F) -> Result<T, Failure>
where
    F: FnOnce(AttemptCounter) -> Fut,
    Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata + Error + 'static,
{
    let counter = AttemptCounter::default();
    operation(counter.clone())
        .await
        .map_err(|error| Failure::from_sdk(&error, counter.attempts()))
}
