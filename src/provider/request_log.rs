//! Watches every AWS request at the HTTP layer, below the SDK's retries: one debug line per
//! attempt (service, operation, endpoint host, HTTP status, request id, attempt number, latency),
//! the headers at trace with every secret masked, and the endpoint each request really went to
//! (profile `endpoint_url`, FIPS and dual-stack included) handed to the error messages.

use std::time::Instant;

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::http::Headers;

use crate::data_sources::{SendFailed, SentTo};

/// Headers whose values are secrets: never logged.
const SECRET_HEADERS: [&str; 4] = [
    "authorization",
    "x-amz-security-token",
    "proxy-authorization",
    "x-amz-web-identity-token",
];

/// Wraps a connector to watch its requests.
#[derive(Debug)]
pub struct Observed<C> {
    inner: C,
}

impl<C> Observed<C> {
    pub fn new(inner: C) -> Self {
        Observed { inner }
    }
}

/// `scheme://host[:port]` of a URI.
fn endpoint_of(uri: &str) -> String {
    match uri.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            // Never user information (a proxy's or anyone's) in logs or messages.
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{scheme}://{host}")
        }
        None => uri.to_owned(),
    }
}

fn host_of(endpoint: &str) -> &str {
    endpoint
        .split_once("://")
        .map_or(endpoint, |(_, host)| host)
}

/// The signing name in the SigV4 credential scope (`.../REGION/SERVICE/aws4_request`), else the
/// first label of the host.
fn service_of(request: &HttpRequest, host: &str) -> String {
    let scoped = request
        .headers()
        .get("authorization")
        .and_then(|auth| auth.split("Credential=").nth(1))
        .and_then(|credential| credential.split('/').nth(3));
    scoped
        .unwrap_or_else(|| host.split('.').next().unwrap_or(host))
        .to_owned()
}

/// The operation: the path of REST-JSON calls (`/GetRecordingConfiguration`), the `Action` of
/// query-protocol calls (STS). Only the `Action` is read from a body, nothing else of it.
fn operation_of(request: &HttpRequest) -> String {
    let uri = request.uri();
    let path = uri.split_once("://").map_or(uri, |(_, rest)| {
        rest.find('/').map_or("/", |at| &rest[at..])
    });
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let from_path = path.trim_matches('/');
    if !from_path.is_empty() {
        return from_path.to_owned();
    }
    request
        .body()
        .bytes()
        .and_then(form_action)
        .unwrap_or_else(|| "(unknown)".to_owned())
}

fn form_action(body: &[u8]) -> Option<String> {
    std::str::from_utf8(body)
        .ok()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("Action="))
        .map(str::to_owned)
}

/// The attempt number the SDK announces in `amz-sdk-request: attempt=N; max=M`.
fn attempt_of(headers: &Headers) -> Option<u64> {
    headers
        .get("amz-sdk-request")?
        .split(';')
        .find_map(|part| part.trim().strip_prefix("attempt="))?
        .parse()
        .ok()
}

/// `name: value` lines, secrets masked.
fn masked(headers: &Headers) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                format!("{name}: (masked)")
            } else {
                format!("{name}: {value}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl<C: HttpConnector> HttpConnector for Observed<C> {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let endpoint = endpoint_of(request.uri());
        let host = host_of(&endpoint).to_owned();
        let service = service_of(&request, &host);
        let operation = operation_of(&request);
        let attempt = attempt_of(request.headers()).unwrap_or(1);
        tracing::trace!(
            service,
            operation,
            host,
            attempt,
            headers = masked(request.headers()),
            "AWS request headers"
        );
        let started = Instant::now();
        let sent = self.inner.call(request);
        HttpConnectorFuture::new(async move {
            let result = sent.await;
            let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            match result {
                Ok(mut response) => {
                    let headers = response.headers();
                    let request_id = headers
                        .get("x-amzn-requestid")
                        .or_else(|| headers.get("x-amz-request-id"))
                        .unwrap_or("")
                        .to_owned();
                    tracing::debug!(
                        service,
                        operation,
                        host,
                        status = response.status().as_u16(),
                        request_id,
                        attempt,
                        latency_ms,
                        "AWS request"
                    );
                    tracing::trace!(
                        service,
                        operation,
                        headers = masked(headers),
                        "AWS response headers"
                    );
                    response.add_extension(SentTo(endpoint));
                    Ok(response)
                }
                Err(error) => {
                    tracing::debug!(
                        service,
                        operation,
                        host,
                        error = %error,
                        attempt,
                        latency_ms,
                        "AWS request failed"
                    );
                    Err(failed_at(error, endpoint))
                }
            }
        })
    }
}

/// The same failure, of the same kind (which decides retries), now naming its endpoint.
fn failed_at(error: ConnectorError, endpoint: String) -> ConnectorError {
    let (timeout, io, user, other) = (
        error.is_timeout(),
        error.is_io(),
        error.is_user(),
        error.as_other(),
    );
    let wrapped = Box::new(SendFailed {
        endpoint,
        source: Box::new(error),
    });
    if timeout {
        ConnectorError::timeout(wrapped)
    } else if io {
        ConnectorError::io(wrapped)
    } else if user {
        ConnectorError::user(wrapped)
    } else {
        ConnectorError::other(wrapped, other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_drop_paths_and_user_information() {
        assert_eq!(
            endpoint_of("https://ivs.us-west-2.amazonaws.com/GetRecordingConfiguration"),
            "https://ivs.us-west-2.amazonaws.com"
        );
        assert_eq!(
            endpoint_of("http://user:pw@127.0.0.1:4566/x?y"),
            "http://127.0.0.1:4566"
        );
    }

    #[test]
    fn reads_the_action_of_query_calls() {
        assert_eq!(
            form_action(b"Action=AssumeRole&Version=2011-06-15&RoleArn=x"),
            Some("AssumeRole".to_owned())
        );
        assert_eq!(form_action(b"Version=1"), None);
    }
}
