//! Why a call to IVS failed, classified once from the SDK's error: an answer of IVS's (with its
//! error code), an answer of something that is not IVS, no connection, no answer in time, no
//! credentials. [`super::wording`] says each in words.

use std::error::Error;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ivs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::endpoint::endpoint_used;

/// A failed call, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub(super) kind: Kind,
    pub(super) attempts: u32,
    /// The endpoint the request really went to, as the HTTP layer recorded it (a profile's
    /// `endpoint_url`, FIPS or dual-stack included), when that is known.
    pub(super) endpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// IVS answered with an AWS error code.
    Service {
        code: String,
        message: String,
        server_error: bool,
    },
    /// Something answered that is not IVS: no AWS error code, or a body that is not the API's.
    NotIvs {
        status: u16,
        body: Option<String>,
        /// Why a success could not be read (empty when the SDK gave no reason); None for an
        /// error status without an AWS error code.
        unreadable: Option<String>,
    },
    ConnectTimeout(String),
    Connect(String),
    /// No answer in time: `whole_read` when the bound of all attempts ran out (the provider's
    /// `read_timeout`), else one attempt's; `after` is the bound, as the SDK states it.
    Timeout {
        whole_read: bool,
        after: String,
    },
    /// The default credential chain found nothing; where it looked, one source a line.
    NoCredentials(String),
    CredentialsFailed(String),
    Other(String),
    /// IVS said yes but its answer held nothing.
    Empty,
}

/// The code IVS answers when the resource asked for does not exist.
pub const NOT_FOUND: &str = "ResourceNotFoundException";
/// The code IVS answers (HTTP 404) for what exists only while a channel is live (its stream),
/// when it is not.
pub const NOT_BROADCASTING: &str = "ChannelNotBroadcasting";

impl Failure {
    /// Classifies a failed call made in `attempts` attempts.
    pub fn from_sdk<E>(error: &SdkError<E, HttpResponse>, attempts: u32) -> Self
    where
        E: ProvideErrorMetadata + Error + 'static,
    {
        let kind = match error {
            SdkError::ServiceError(service) => {
                let err = service.err();
                match err.code() {
                    Some(code) => Kind::Service {
                        code: code.to_owned(),
                        message: err.message().unwrap_or("(IVS sent no message)").to_owned(),
                        server_error: service.raw().status().is_server_error(),
                    },
                    // No AWS error code: something else answered (a web server, a proxy), or a
                    // success status came with a body that is not the API's JSON.
                    None => {
                        let unreadable = service
                            .raw()
                            .status()
                            .is_success()
                            .then(|| err.source().map(cause).unwrap_or_default());
                        not_ivs(service.raw(), unreadable)
                    }
                }
            }
            SdkError::ResponseError(response) => not_ivs(response.raw(), Some(cause(error))),
            // A host that did not resolve (not retried; see the provider's http_client).
            SdkError::DispatchFailure(_) if crate::provider::dns_failure(error) => {
                Kind::Connect(cause(error))
            }
            SdkError::DispatchFailure(failure) if failure.is_timeout() => {
                Kind::ConnectTimeout(cause(error))
            }
            SdkError::DispatchFailure(failure) if failure.is_io() => Kind::Connect(cause(error)),
            SdkError::TimeoutError(_) => timeout(&cause(error)),
            other => credential_or_other(other),
        };
        Failure {
            kind,
            attempts,
            endpoint: endpoint_used(error),
        }
    }

    /// A successful call whose answer held nothing.
    pub fn empty() -> Self {
        Failure {
            kind: Kind::Empty,
            attempts: 1,
            endpoint: None,
        }
    }

    /// An error IVS reported for one item of a batch read (`BatchGetChannel`'s `errors`), in
    /// an answer that came at the call's last attempt.
    pub fn in_batch(code: &str, message: &str) -> Self {
        Failure {
            kind: Kind::Service {
                code: code.to_owned(),
                message: message.to_owned(),
                server_error: false,
            },
            attempts: 1,
            endpoint: None,
        }
    }

    /// Whether IVS itself said the resource does not exist (or, for a stream, not now: its
    /// channel is not live).
    pub fn is_not_found(&self) -> bool {
        matches!(&self.kind, Kind::Service { code, .. } if code == NOT_FOUND || code == NOT_BROADCASTING)
    }
}

fn not_ivs(response: &HttpResponse, unreadable: Option<String>) -> Kind {
    let body = response
        .body()
        .bytes()
        .map(|bytes| {
            String::from_utf8_lossy(bytes)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|text| !text.is_empty());
    Kind::NotIvs {
        status: response.status().as_u16(),
        body,
        unreadable,
    }
}

/// Wrappers that only say which layer an error passed through, not what went wrong.
const WRAPPER_TEXTS: [&str; 13] = [
    "dispatch failure",
    "failed to construct request",
    "response error",
    "service error",
    "io error",
    "other",
    "user error",
    "timeout",
    "client error (Connect)",
    "client error (SendRequest)",
    "tcp connect error",
    "the credential provider was not enabled",
    "an error occurred while loading credentials",
];

/// What went wrong, for people: the error's causes joined by ": ", without the layers it went
/// through ("dispatch failure: io error: client error (Connect)"), text a wrapper repeats from
/// its cause, or the OS error number.
fn cause(error: &(dyn Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next: Option<&(dyn Error + 'static)> = Some(error);
    while let Some(current) = next {
        let text = current.to_string();
        let text = without_os_error(text.trim());
        if !text.is_empty()
            && !WRAPPER_TEXTS.contains(&text)
            && !parts.iter().any(|part| part.contains(text))
        {
            parts.push(text.to_owned());
        }
        next = current.source();
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

/// "Connection refused (os error 111)" → "Connection refused".
fn without_os_error(text: &str) -> &str {
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    }
}

/// The SDK's timeout, from its text: "operation timeout (all attempts including retries)
/// occurred after 45s" or "operation attempt timeout (single attempt) occurred after 15s".
fn timeout(text: &str) -> Kind {
    Kind::Timeout {
        whole_read: text.contains("all attempts"),
        after: text
            .rsplit_once("occurred after ")
            .map(|(_, after)| after.trim().to_owned())
            .unwrap_or_else(|| "its time limit".to_owned()),
    }
}

/// How the SDK's default credential chain starts the list of sources it tried.
const NO_CREDENTIALS_IN_CHAIN: &str = "no credentials found in chain. Attempted:";

/// Failures before anything reached IVS: most often no credentials could be found.
fn credential_or_other<E>(error: &SdkError<E, HttpResponse>) -> Kind
where
    E: Error + 'static,
{
    let text = cause(error);
    if let Some(sources) = text.split_once(NO_CREDENTIALS_IN_CHAIN).map(|(_, s)| s) {
        // The default chain found nothing: say where it looked, one source a line.
        let sources = sources
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| {
                let line = line.replace("the credential provider was not enabled: ", "");
                format!(
                    "  {}",
                    line.replace("the credential provider was not enabled", "nothing set up")
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        Kind::NoCredentials(sources)
    } else if from_credentials_provider(error) {
        Kind::CredentialsFailed(text)
    } else {
        Kind::Other(text)
    }
}

/// Whether the failure came from resolving credentials (a profile's STS call, a credential
/// process, SSO...) rather than from the request to IVS.
fn from_credentials_provider(error: &(dyn Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(current) = next {
        if current.is::<CredentialsError>() {
            return true;
        }
        next = current.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    /// An error with a message and an optional cause.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1.as_deref().map(|e| e as &(dyn Error + 'static))
        }
    }

    fn chain(texts: &[&'static str]) -> Layer {
        texts
            .iter()
            .rev()
            .fold(None, |inner, text| Some(Layer(text, inner.map(Box::new))))
            .unwrap()
    }

    #[test]
    fn cause_drops_layers_repeats_and_os_error_numbers() {
        let refused = chain(&[
            "dispatch failure",
            "io error",
            "client error (Connect)",
            "tcp connect error",
            "Connection refused (os error 111)",
        ]);
        assert_eq!(cause(&refused), "Connection refused");
        let repeated = chain(&["failed to load: bad file", "bad file"]);
        assert_eq!(cause(&repeated), "failed to load: bad file");
        let dns = chain(&[
            "dispatch failure",
            "other",
            "dns error",
            "failed to lookup address information",
        ]);
        assert_eq!(
            cause(&dns),
            "dns error: failed to lookup address information"
        );
        // Only layers: the outermost text rather than nothing.
        assert_eq!(
            cause(&chain(&["dispatch failure", "other"])),
            "dispatch failure"
        );
    }

    #[test]
    fn timeouts_say_whether_the_whole_read_ran_out() {
        assert_eq!(
            timeout("operation timeout (all attempts including retries) occurred after 45s"),
            Kind::Timeout {
                whole_read: true,
                after: "45s".into()
            }
        );
        assert_eq!(
            timeout("operation attempt timeout (single attempt) occurred after 15s"),
            Kind::Timeout {
                whole_read: false,
                after: "15s".into()
            }
        );
    }
}
