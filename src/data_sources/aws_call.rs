//! Calling AWS: counting attempts, and turning every kind of failure into a diagnostic that says
//! what happened and what to do. "Not found" is said only when IVS itself said so.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ivs::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_ivs::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_ivs::error::{BoxError, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::AwsContext;
use crate::diagnostics::Diagnostic;

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
    pub arn: &'a str,
    /// The region in the ARN, to point out a mismatch with the provider's region.
    pub arn_region: &'a str,
    pub attempts: u32,
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

/// Turns a failed call into a diagnostic.
pub fn diagnose<E>(
    error: &SdkError<E, HttpResponse>,
    aws: &AwsContext,
    call: &Call<'_>,
) -> Diagnostic
where
    E: ProvideErrorMetadata + Error + 'static,
{
    // Name the endpoint the request really went to, not the one the configuration suggests.
    let observed;
    let aws = match endpoint_used(error) {
        Some(ivs_endpoint) if ivs_endpoint != aws.ivs_endpoint => {
            observed = AwsContext {
                ivs: aws.ivs.clone(),
                region: aws.region.clone(),
                ivs_endpoint,
            };
            &observed
        }
        _ => aws,
    };
    let attempts = attempt_text(call.attempts);
    match error {
        SdkError::ServiceError(service) => {
            let err = service.err();
            match err.code() {
                Some(code) => {
                    let message = err.message().unwrap_or("(IVS sent no message)");
                    service_error(code, message, service.raw(), aws, call, &attempts)
                }
                // No AWS error code: something else answered (a web server, a proxy), or a
                // success status came with a body that is not the API's JSON.
                None => {
                    let unreadable = service
                        .raw()
                        .status()
                        .is_success()
                        .then(|| err.source().map(cause).unwrap_or_default());
                    not_an_ivs_answer(service.raw(), unreadable.as_deref(), aws, call, &attempts)
                }
            }
        }
        SdkError::ResponseError(response) => {
            not_an_ivs_answer(response.raw(), Some(&cause(error)), aws, call, &attempts)
        }
        SdkError::DispatchFailure(failure) if failure.is_timeout() => Diagnostic::error(
            format!("Timed out connecting to IVS at {}", aws.ivs_endpoint),
            format!(
                "Reading {} {} timed out {attempts}: {}. Check that the endpoint is reachable \
                 from this machine (network, proxy, firewall), or set `endpoints {{ ivs = ... }}`.",
                call.what,
                call.arn,
                cause(error)
            ),
        ),
        SdkError::DispatchFailure(failure) if failure.is_io() => Diagnostic::error(
            format!("Could not connect to IVS at {}", aws.ivs_endpoint),
            format!(
                "Reading {} {} failed {attempts}: {}. Check the endpoint address, and that the \
                 service is running and reachable from this machine.{}",
                call.what,
                call.arn,
                cause(error),
                certificate_advice(&cause(error))
            ),
        ),
        SdkError::TimeoutError(_) => Diagnostic::error(
            format!("Timed out reading the {} from IVS", call.what),
            format!(
                "IVS at {} did not answer in time {attempts} for {}.",
                aws.ivs_endpoint, call.arn
            ),
        ),
        other => credential_or_other(other, aws, call),
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

/// `text` ending with a full stop, unless it already ends a sentence.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
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
    response: &HttpResponse,
    aws: &AwsContext,
    call: &Call<'_>,
    attempts: &str,
) -> Diagnostic {
    let region_hint = if call.arn_region != aws.region {
        format!(
            " The ARN is in region {}, but the provider is configured for region {}: set the \
             provider's `region` to {} (or use a provider alias) to read it.",
            call.arn_region, aws.region, call.arn_region
        )
    } else {
        String::new()
    };
    match code {
        "ResourceNotFoundException" => Diagnostic::error(
            format!("The {} was not found", call.what),
            format!(
                "IVS in region {} has no {} with ARN {}.{region_hint} Check the ARN, the region \
                 and the account the credentials belong to. (IVS said: {})",
                aws.region,
                call.what,
                call.arn,
                sentence(message)
            ),
        ),
        "AccessDeniedException" => Diagnostic::error(
            format!("Access denied reading the {}", call.what),
            format!(
                "IVS refused the IAM action {} on {}. IVS said: {}\nGrant the caller's IAM \
                 policy the action {} on this resource.",
                call.action,
                call.arn,
                sentence(message),
                call.action
            ),
        ),
        "ValidationException" => Diagnostic::error(
            format!("IVS rejected the request for the {}", call.what),
            format!(
                "IVS answered ValidationException for {}. IVS said: {}{region_hint}",
                call.arn,
                sentence(message)
            ),
        ),
        code if CREDENTIAL_ERRORS.contains(&code) => Diagnostic::error(
            "AWS rejected the credentials",
            format!(
                "IVS at {} answered {code}: {}\nCheck the access key and secret key (or the \
                 profile) the provider uses; temporary credentials may have expired.",
                aws.ivs_endpoint,
                sentence(message)
            ),
        ),
        code if THROTTLING_ERRORS.contains(&code) => Diagnostic::error(
            format!("IVS throttled the requests for the {}", call.what),
            format!(
                "Reading {} was throttled ({code}: {}) and still failed {attempts}. Retry \
                 later, or raise the provider's `max_retries`.",
                call.arn,
                message.trim_end_matches('.')
            ),
        ),
        code => {
            let advice = if response.status().is_server_error() {
                " This is an error on the service's side: retry later."
            } else {
                ""
            };
            Diagnostic::error(
                format!("IVS failed to return the {}", call.what),
                format!(
                    "Reading {} failed {attempts} with {code}: {}{advice}",
                    call.arn,
                    sentence(message)
                ),
            )
        }
    }
}

/// An answer that is not IVS's: no AWS error code, or a body that is not the API's JSON.
/// Usually the endpoint is not IVS (a web server, a proxy's error page).
fn not_an_ivs_answer(
    response: &HttpResponse,
    unreadable: Option<&str>,
    aws: &AwsContext,
    call: &Call<'_>,
    attempts: &str,
) -> Diagnostic {
    let status = response.status();
    let status_text = match status_reason(status.as_u16()) {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    };
    let body = response
        .body()
        .bytes()
        .map(|bytes| {
            String::from_utf8_lossy(bytes)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|text| !text.is_empty())
        .map(|text| match text.char_indices().nth(BODY_EXCERPT_CHARS) {
            Some((at, _)) => format!(" with the body \"{}...\"", &text[..at]),
            None => format!(" with the body \"{text}\""),
        })
        .unwrap_or_default();
    let what_was_wrong = match unreadable {
        Some("") => "which could not be read as an IVS API response".to_owned(),
        Some(why) => format!("which could not be read as an IVS API response ({why})"),
        None => "without an AWS error code".to_owned(),
    };
    let check = "Check that the IVS endpoint (`endpoints { ivs = ... }` in the provider block, \
                 AWS_ENDPOINT_URL_IVS or AWS_ENDPOINT_URL) really is an IVS API endpoint.";
    let (summary, advice) = if status.is_server_error() {
        (
            format!("IVS failed to return the {}", call.what),
            format!("This may be an error on the service's side or a proxy: retry later. {check}"),
        )
    } else {
        (
            format!("Unexpected answer from IVS at {}", aws.ivs_endpoint),
            check.to_owned(),
        )
    };
    Diagnostic::error(
        summary,
        format!(
            "Reading {} {} failed {attempts}: {} answered {status_text}{body}, {what_was_wrong}. \
             {advice}",
            call.what, call.arn, aws.ivs_endpoint
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
fn credential_or_other<E>(
    error: &SdkError<E, HttpResponse>,
    aws: &AwsContext,
    call: &Call<'_>,
) -> Diagnostic
where
    E: Error + 'static,
{
    let text = cause(error);
    let advice = "Set `access_key` and `secret_key` or `profile` in the provider block, or \
                  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY / AWS_PROFILE in the environment.";
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
        Diagnostic::error(
            "No valid AWS credentials found",
            format!(
                "The provider found no AWS credentials to sign its requests to IVS with. \
                 {advice}\nWhere it looked:\n{sources}"
            ),
        )
    } else if from_credentials_provider(error) {
        Diagnostic::error(
            "No valid AWS credentials found",
            format!(
                "The provider could not get AWS credentials to call IVS: loading them failed: \
                 {}\nCredentials of a profile with a role, web identity, credential process or \
                 SSO are fetched at the first request: check that profile, and `endpoints.sts` \
                 if STS is not AWS's. {advice}",
                sentence(&text)
            ),
        )
    } else {
        Diagnostic::error(
            format!("Reading the {} failed", call.what),
            format!(
                "The request for {} to IVS at {} failed before an answer came: {}",
                call.arn,
                aws.ivs_endpoint,
                sentence(&text)
            ),
        )
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
