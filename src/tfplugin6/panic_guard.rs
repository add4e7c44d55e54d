//! A panic in a handler becomes an error diagnostic on that call, never a crashed plugin.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use tonic::{Response, Status};

use super::proto;

/// A response message that can carry diagnostics.
pub trait WithDiagnostics: Default {
    fn with_diagnostics(diagnostics: Vec<proto::Diagnostic>) -> Self;
}

macro_rules! with_diagnostics {
    ($($response:ty),* $(,)?) => {$(
        impl WithDiagnostics for $response {
            // Some responses hold only diagnostics; the update keeps one macro for all of them.
            #[allow(clippy::needless_update)]
            fn with_diagnostics(diagnostics: Vec<proto::Diagnostic>) -> Self {
                Self { diagnostics, ..Default::default() }
            }
        }
    )*};
}

with_diagnostics!(
    proto::get_metadata::Response,
    proto::get_provider_schema::Response,
    proto::validate_provider_config::Response,
    proto::configure_provider::Response,
    proto::validate_data_resource_config::Response,
    proto::read_data_source::Response,
    proto::validate_resource_config::Response,
    proto::upgrade_resource_state::Response,
    proto::read_resource::Response,
    proto::plan_resource_change::Response,
    proto::apply_resource_change::Response,
    proto::import_resource_state::Response,
    proto::validate_ephemeral_resource_config::Response,
    proto::open_ephemeral_resource::Response,
    proto::renew_ephemeral_resource::Response,
    proto::close_ephemeral_resource::Response,
    proto::get_functions::Response,
    proto::get_resource_identity_schemas::Response,
);

/// A function call answers with one error text, not diagnostics: the diagnostics' texts.
impl WithDiagnostics for proto::call_function::Response {
    fn with_diagnostics(diagnostics: Vec<proto::Diagnostic>) -> Self {
        let text = diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.summary, d.detail))
            .collect::<Vec<_>>()
            .join("\n");
        Self {
            result: None,
            error: Some(proto::FunctionError {
                text,
                function_argument: None,
            }),
        }
    }
}

/// Runs one RPC's work, turning a panic into an error diagnostic naming the RPC.
pub async fn guarded<R: WithDiagnostics>(
    rpc: &'static str,
    work: impl Future<Output = R>,
) -> Result<Response<R>, Status> {
    tracing::trace!(rpc, "handling call");
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(response) => Ok(Response::new(response)),
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            tracing::error!(rpc, panic = message, "provider panicked");
            let diagnostic = proto::Diagnostic {
                severity: proto::diagnostic::Severity::Error as i32,
                summary: "The ivs provider hit an internal error".to_owned(),
                detail: format!(
                    "While handling {rpc} the provider failed unexpectedly: {message}\n\n\
                     This is a bug in the provider; please report it with the configuration \
                     that triggered it."
                ),
                attribute: None,
            };
            Ok(Response::new(R::with_diagnostics(vec![diagnostic])))
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "(no message)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_error_diagnostic() {
        let response = guarded("ReadDataSource", async {
            if true {
                panic!("boom at {}", 42);
            }
            proto::read_data_source::Response::default()
        })
        .await
        .unwrap()
        .into_inner();
        assert_eq!(response.diagnostics.len(), 1);
        let diagnostic = &response.diagnostics[0];
        assert_eq!(
            diagnostic.severity,
            proto::diagnostic::Severity::Error as i32
        );
        assert!(
            diagnostic.detail.contains("ReadDataSource"),
            "{}",
            diagnostic.detail
        );
        assert!(
            diagnostic.detail.contains("boom at 42"),
            "{}",
            diagnostic.detail
        );
    }
}
