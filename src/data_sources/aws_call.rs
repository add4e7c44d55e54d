//! Calling AWS: counting attempts, classifying every kind of failure ([`Failure`]), and wording
//! it as a diagnostic that says what happened and what to do, all texts in this one place.
//! "Not found" is said only when IVS itself said so.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ivs::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_ivs::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_ivs::error::{BoxError, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::IvsClient;
use crate::diagnostics::{Diagnostic, excerpt};

/// Counts the attempts of one operation (the SDK retries throttling, 5xx and connection errors).
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

/// The endpoint a request was really sent to, as the HTTP layer saw it: put on each response
/// (an extension of the raw response) by the provider's HTTP client.
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

/// The endpoint the SDK really sent the failed request to (profile `endpoint_url`, FIPS,
/// dual-stack...), when the HTTP layer recorded it.
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

/// What was being done, for the messages.
pub struct Call<'a> {
    /// The IAM action, e.g. `ivs:GetRecordingConfiguration`.
    pub action: &'a str,
    /// What was asked for, e.g. "recording configuration".
    pub what: &'a str,
    /// What the call was about, as the messages name it: an ARN, or a phrase for a list.
    pub subject: &'a str,
    /// The IAM resource of the action: the ARN, or `*` for a list.
    pub resource: &'a str,
}

/// Why a call to IVS failed, classified once; [`Failure::diagnostic`] words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    kind: Kind,
    attempts: u32,
    /// The endpoint the request really went to, as the HTTP layer recorded it (a profile's
    /// `endpoint_url`, FIPS or dual-stack included), when that is known.
    endpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
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

const CREDENTIAL_ERRORS: [&str; 7] = [
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "ExpiredToken",
    "MissingAuthenticationTokenException",
];

const THROTTLING_ERRORS: [&str; 5] = [
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
];

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

    /// Whether IVS itself said the resource does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(&self.kind, Kind::Service { code, .. } if code == "ResourceNotFoundException")
    }

    /// The diagnostic for this failure of `call`, made with `ivs`.
    pub fn diagnostic(&self, ivs: &IvsClient, call: &Call<'_>) -> Diagnostic {
        // Name the endpoint the request really went to, not the one the configuration suggests.
        let observed;
        let ivs = match &self.endpoint {
            Some(endpoint) if *endpoint != ivs.endpoint => {
                observed = IvsClient {
                    endpoint: endpoint.clone(),
                    ..ivs.clone()
                };
                &observed
            }
            _ => ivs,
        };
        let attempts = attempt_text(self.attempts);
        let endpoint = &ivs.endpoint;
        match &self.kind {
            Kind::Service {
                code,
                message,
                server_error,
            } => service_error(code, message, *server_error, ivs, call, &attempts),
            Kind::NotIvs {
                status,
                body,
                unreadable,
            } => not_an_ivs_answer(
                *status,
                body.as_deref(),
                unreadable.as_deref(),
                ivs,
                call,
                &attempts,
            ),
            Kind::ConnectTimeout(why) => Diagnostic::error(
                format!("Timed out connecting to IVS at {endpoint}"),
                format!(
                    "Reading {} {} timed out {attempts}: {why}. Check that the endpoint is \
                     reachable from this machine (network, proxy, firewall), or set \
                     `endpoints {{ ivs = ... }}`.",
                    call.what, call.subject
                ),
            ),
            Kind::Connect(why) => Diagnostic::error(
                format!("Could not connect to IVS at {endpoint}"),
                format!(
                    "Reading {} {} failed {attempts}: {why}. Check the endpoint address, and \
                     that the service is running and reachable from this machine.{}",
                    call.what,
                    call.subject,
                    certificate_advice(why)
                ),
            ),
            Kind::Timeout { whole_read, after } => Diagnostic::error(
                format!("Timed out reading the {} from IVS", call.what),
                if *whole_read {
                    format!(
                        "IVS at {endpoint} did not answer for {} within the time limit of a read, \
                         {after} ({attempts}). The provider's `read_timeout` sets that limit \
                         (default 45s); check that the endpoint is up and answering.",
                        call.subject
                    )
                } else {
                    format!(
                        "IVS at {endpoint} did not answer in time {attempts} for {} (each attempt \
                         may take {after}).",
                        call.subject
                    )
                },
            ),
            Kind::NoCredentials(sources) => Diagnostic::error(
                "No valid AWS credentials found",
                format!(
                    "The provider found no AWS credentials to sign its requests to IVS with. \
                     {CREDENTIALS_ADVICE}\nWhere it looked:\n{sources}"
                ),
            ),
            Kind::CredentialsFailed(why) => Diagnostic::error(
                "No valid AWS credentials found",
                format!(
                    "The provider could not get AWS credentials to call IVS: loading them \
                     failed: {}\nCredentials of a profile with a role, web identity, credential \
                     process or SSO are fetched at the first request: check that profile, and \
                     `endpoints.sts` if STS is not AWS's. {CREDENTIALS_ADVICE}",
                    sentence(why)
                ),
            ),
            Kind::Other(why) => Diagnostic::error(
                format!("Reading the {} failed", call.what),
                format!(
                    "The request for {} to IVS at {endpoint} failed before an answer came: {}",
                    call.subject,
                    sentence(why)
                ),
            ),
            Kind::Empty => Diagnostic::error(
                format!("IVS returned no {}", call.what),
                format!(
                    "{} for {} succeeded but its answer held nothing.",
                    call.action.trim_start_matches("ivs:"),
                    call.subject
                ),
            ),
        }
    }
}

const CREDENTIALS_ADVICE: &str = "Set `access_key` and `secret_key` or `profile` in the provider \
    block, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY / AWS_PROFILE in the environment.";

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

/// `text` (a message from the service, which may echo the request back) cut to a short
/// excerpt and ending with a full stop, unless it already ends a sentence.
fn sentence(text: &str) -> String {
    let text = excerpt(text.trim_end(), BODY_EXCERPT_CHARS);
    let text = text.as_str();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
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

fn attempt_text(attempts: u32) -> String {
    match attempts {
        0 | 1 => "after 1 attempt".to_owned(),
        n => format!("after {n} attempts"),
    }
}

fn service_error(
    code: &str,
    message: &str,
    server_error: bool,
    ivs: &IvsClient,
    call: &Call<'_>,
    attempts: &str,
) -> Diagnostic {
    match code {
        "ResourceNotFoundException" => Diagnostic::error(
            format!("The {} was not found", call.what),
            format!(
                "IVS in region {} has no {} with ARN {}. Check the ARN, the region \
                 and the account the credentials belong to. (IVS said: {})",
                ivs.region,
                call.what,
                call.subject,
                sentence(message)
            ),
        ),
        "AccessDeniedException" => Diagnostic::error(
            format!("Access denied reading the {}", call.what),
            format!(
                "IVS refused the IAM action {} on {}. IVS said: {}\nGrant the caller's IAM \
                 policy the action {} on this resource.",
                call.action,
                call.resource,
                sentence(message),
                call.action
            ),
        ),
        "ValidationException" => Diagnostic::error(
            format!("IVS rejected the request for the {}", call.what),
            format!(
                "IVS answered ValidationException for {}. IVS said: {}",
                call.subject,
                sentence(message)
            ),
        ),
        code if CREDENTIAL_ERRORS.contains(&code) => Diagnostic::error(
            "AWS rejected the credentials",
            format!(
                "IVS at {} answered {code}: {}\nCheck the access key and secret key (or the \
                 profile) the provider uses; temporary credentials may have expired.",
                ivs.endpoint,
                sentence(message)
            ),
        ),
        code if THROTTLING_ERRORS.contains(&code) => Diagnostic::error(
            format!("IVS throttled the requests for the {}", call.what),
            format!(
                "Reading {} was throttled ({code}: {}) and still failed {attempts}. Retry \
                 later, or raise the provider's `max_retries`.",
                call.subject,
                excerpt(message, BODY_EXCERPT_CHARS).trim_end_matches('.')
            ),
        ),
        code => {
            let advice = if server_error {
                " This is an error on the service's side: retry later."
            } else {
                ""
            };
            Diagnostic::error(
                format!("IVS failed to return the {}", call.what),
                format!(
                    "Reading {} failed {attempts} with {code}: {}{advice}",
                    call.subject,
                    sentence(message)
                ),
            )
        }
    }
}

/// An answer that is not IVS's: no AWS error code, or a body that is not the API's JSON.
/// Usually the endpoint is not IVS (a web server, a proxy's error page).
fn not_an_ivs_answer(
    status: u16,
    body: Option<&str>,
    unreadable: Option<&str>,
    ivs: &IvsClient,
    call: &Call<'_>,
    attempts: &str,
) -> Diagnostic {
    let status_text = match status_reason(status) {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    };
    let body = body
        .map(|text| format!(" with the body \"{}\"", excerpt(text, BODY_EXCERPT_CHARS)))
        .unwrap_or_default();
    let what_was_wrong = match unreadable {
        Some("") => "which could not be read as an IVS API response".to_owned(),
        Some(why) => format!("which could not be read as an IVS API response ({why})"),
        None => "without an AWS error code".to_owned(),
    };
    let check = "Check that the IVS endpoint (`endpoints { ivs = ... }` in the provider block, \
                 AWS_ENDPOINT_URL_IVS or AWS_ENDPOINT_URL) really is an IVS API endpoint.";
    let (summary, advice) = if (500..600).contains(&status) {
        (
            format!("IVS failed to return the {}", call.what),
            format!("This may be an error on the service's side or a proxy: retry later. {check}"),
        )
    } else {
        (
            format!("Unexpected answer from IVS at {}", ivs.endpoint),
            check.to_owned(),
        )
    };
    Diagnostic::error(
        summary,
        format!(
            "Reading {} {} failed {attempts}: {} answered {status_text}{body}, {what_was_wrong}. \
             {advice}",
            call.what, call.subject, ivs.endpoint
        ),
    )
}

/// How much of an unexpected body to show.
const BODY_EXCERPT_CHARS: usize = 200;

fn status_reason(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

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

/// For a TLS certificate the client does not trust: how to trust a private CA.
fn certificate_advice(cause: &str) -> &'static str {
    if cause.contains("invalid peer certificate") {
        " The endpoint's TLS certificate is not trusted: if it comes from a private certificate \
         authority, name that CA's PEM file in `custom_ca_bundle` or AWS_CA_BUNDLE."
    } else {
        ""
    }
}

/// How the SDK's default credential chain starts the list of sources it tried.
const NO_CREDENTIALS_IN_CHAIN: &str = "no credentials found in chain. Attempted:";

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
    fn sentence_ends_with_one_full_stop() {
        assert_eq!(sentence("Rate exceeded"), "Rate exceeded.");
        assert_eq!(sentence("Unexpected error."), "Unexpected error.");
        assert_eq!(sentence("Really? "), "Really?");
    }

    #[test]
    fn attempts_are_counted_in_words() {
        assert_eq!(attempt_text(0), "after 1 attempt");
        assert_eq!(attempt_text(1), "after 1 attempt");
        assert_eq!(attempt_text(3), "after 3 attempts");
    }
}
