//! The endpoint a request really went to (a profile's `endpoint_url`, FIPS, dual-stack...), as
//! the provider's HTTP layer recorded it, so that messages name that one and not the one the
//! configuration suggests.

use std::error::Error;

use aws_sdk_ivs::error::{BoxError, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// The endpoint a request was sent to: put on each response (an extension of the raw response)
/// by the provider's HTTP client.
#[derive(Debug, Clone)]
pub struct SentTo(pub String);

/// A request that failed before an answer came, with the endpoint it was sent to; found in the
/// source chain of a dispatch failure. Displays as its cause, which the messages quote.
#[derive(Debug)]
pub struct SendFailed {
    pub endpoint: String,
    pub source: BoxError,
}

impl std::fmt::Display for SendFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.source.fmt(f)
    }
}

impl Error for SendFailed {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.source()
    }
}

/// The endpoint the SDK really sent the failed request to, when the HTTP layer recorded it.
pub fn endpoint_used<E>(error: &SdkError<E, HttpResponse>) -> Option<String>
where
    E: Error + 'static,
{
    if let Some(response) = error.raw_response()
        && let Some(SentTo(endpoint)) = response.extension::<SentTo>()
    {
        return Some(endpoint.clone());
    }
    let mut next: Option<&(dyn Error + 'static)> = Some(error);
    while let Some(current) = next {
        if let Some(failed) = current.downcast_ref::<SendFailed>() {
            return Some(failed.endpoint.clone());
        }
        next = current.source();
    }
    None
}
