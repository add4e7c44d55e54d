//! Every text a failed call becomes: what happened, to what, and what to do. The subject of a
//! call may be one resource (an ARN), the resources of a region (a List), or those a parent
//! resource holds (a channel's stream keys), and every text names it the way that fits.

use super::failure::{Failure, Kind, NOT_BROADCASTING, NOT_FOUND};
use crate::data_sources::IvsClient;
use crate::diagnostics::{Diagnostic, excerpt};

/// What was being done, for the messages.
pub struct Call<'a> {
    /// The IAM action, e.g. `ivs:GetRecordingConfiguration`.
    pub action: &'a str,
    /// What was asked for, e.g. "recording configuration" (for a List, "recording
    /// configurations").
    pub what: &'a str,
    pub subject: Subject<'a>,
}

/// What a call was about.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// One resource, by its ARN.
    Arn(&'a str),
    /// Every resource of the kind in this region: a List.
    Region(&'a str),
    /// The resources a parent resource holds (`parent` says what it is, e.g. "channel").
    HeldBy { parent: &'a str, arn: &'a str },
    /// The one resource of another resource, which has no ARN of its own: a channel's stream.
    Of { parent: &'a str, arn: &'a str },
    /// One of the resources a parent holds that have no ARN of their own, by its ID, or with
    /// none the parent's latest: a channel's stream session.
    Within {
        parent: &'a str,
        arn: &'a str,
        id: Option<&'a str>,
    },
    /// This many resources at once, by their ARNs: a batch read.
    Several(usize),
}

impl Call<'_> {
    /// The start of a sentence saying what was being done: "Reading arn:...", "Listing the
    /// channels of region us-west-2".
    fn doing(&self) -> String {
        match self.subject {
            Subject::Arn(arn) => format!("Reading {arn}"),
            Subject::Several(_) | Subject::Of { .. } | Subject::Within { .. } => {
                format!("Reading {}", self.object())
            }
            _ => format!("Listing {}", self.object()),
        }
    }

    /// What the call was about, as the object of a sentence.
    fn object(&self) -> String {
        match self.subject {
            Subject::Arn(arn) => arn.to_owned(),
            Subject::Region(region) => format!("the {} of region {region}", self.what),
            Subject::HeldBy { parent, arn } | Subject::Of { parent, arn } => {
                format!("the {} of {parent} {arn}", self.what)
            }
            Subject::Within {
                parent,
                arn,
                id: Some(id),
            } => format!("the {} {id} of {parent} {arn}", self.what),
            Subject::Within {
                parent,
                arn,
                id: None,
            } => format!("the latest {} of {parent} {arn}", self.what),
            Subject::Several(count) => format!("{count} {} by ARN", self.what),
        }
    }

    /// The resource of the IAM action: the ARN, or `*` for a List of a region and a batch read
    /// (whose resources are the ARNs asked for).
    fn resource(&self) -> &str {
        match self.subject {
            Subject::Arn(arn)
            | Subject::HeldBy { arn, .. }
            | Subject::Of { arn, .. }
            | Subject::Within { arn, .. } => arn,
            Subject::Region(_) | Subject::Several(_) => "*",
        }
    }
}

impl Failure {
    /// The diagnostic for this failure of `call`, made with `ivs`.
    pub fn diagnostic(&self, ivs: &IvsClient, call: &Call<'_>) -> Diagnostic {
        // Name the endpoint the request really went to, not the one the configuration suggests.
        let endpoint = self.endpoint.as_deref().unwrap_or(&ivs.endpoint);
        let attempts = attempt_text(self.attempts);
        let doing = call.doing();
        let object = call.object();
        match &self.kind {
            Kind::Service {
                code,
                message,
                server_error,
            } => service_error(
                code,
                message,
                *server_error,
                &ivs.region,
                endpoint,
                call,
                &attempts,
            ),
            Kind::NotIvs {
                status,
                body,
                unreadable,
            } => not_an_ivs_answer(
                *status,
                body.as_deref(),
                unreadable.as_deref(),
                endpoint,
                call,
                &attempts,
            ),
            Kind::ConnectTimeout(why) => Diagnostic::error(
                format!("Timed out connecting to IVS at {endpoint}"),
                format!(
                    "{doing} timed out {attempts}: {why}. Check that the endpoint is reachable \
                     from this machine (network, proxy, firewall), or set \
                     `endpoints {{ ivs = ... }}`."
                ),
            ),
            Kind::Connect(why) => Diagnostic::error(
                format!("Could not connect to IVS at {endpoint}"),
                format!(
                    "{doing} failed {attempts}: {why}. Check the endpoint address, and that the \
                     service is running and reachable from this machine.{}",
                    certificate_advice(why)
                ),
            ),
            Kind::Timeout { whole_read, after } => Diagnostic::error(
                format!("Timed out reading the {} from IVS", call.what),
                if *whole_read {
                    format!(
                        "IVS at {endpoint} did not answer for {object} within the time limit of \
                         a read, {after} ({attempts}). The provider's `read_timeout` sets that \
                         limit (default 45s); check that the endpoint is up and answering."
                    )
                } else {
                    format!(
                        "IVS at {endpoint} did not answer in time {attempts} for {object} (each \
                         attempt may take {after})."
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
                    "The request for {object} to IVS at {endpoint} failed before an answer \
                     came: {}",
                    sentence(why)
                ),
            ),
            Kind::Empty => Diagnostic::error(
                format!("IVS returned no {}", call.what),
                format!(
                    "{} for {object} succeeded but its answer held nothing.",
                    call.action.trim_start_matches("ivs:"),
                ),
            ),
        }
    }
}

const CREDENTIALS_ADVICE: &str = "Set `access_key` and `secret_key` or `profile` in the provider \
    block, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY / AWS_PROFILE in the environment.";

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

/// How much of an unexpected body, or of a message IVS sent, to show.
const BODY_EXCERPT_CHARS: usize = 200;

/// `text` (a message from the service, which may echo the request back) cut to a short
/// excerpt and ending with a full stop, unless it already ends a sentence.
fn sentence(text: &str) -> String {
    let text = excerpt(text.trim_end(), BODY_EXCERPT_CHARS);
    if text.ends_with(['.', '!', '?']) {
        text
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
    server_error: bool,
    region: &str,
    endpoint: &str,
    call: &Call<'_>,
    attempts: &str,
) -> Diagnostic {
    let said = sentence(message);
    match code {
        NOT_FOUND => not_found(region, call, &said),
        NOT_BROADCASTING => not_live(region, call, &said),
        "AccessDeniedException" => Diagnostic::error(
            format!("Access denied reading the {}", call.what),
            format!(
                "IVS refused the IAM action {action} on {}. IVS said: {said}\nGrant the caller's \
                 IAM policy the action {action} on this resource.",
                call.resource(),
                action = call.action,
            ),
        ),
        "ValidationException" => Diagnostic::error(
            format!("IVS rejected the request for the {}", call.what),
            format!(
                "IVS answered ValidationException for {}. IVS said: {said}",
                call.object()
            ),
        ),
        code if CREDENTIAL_ERRORS.contains(&code) => Diagnostic::error(
            "AWS rejected the credentials",
            format!(
                "IVS at {endpoint} answered {code}: {said}\nCheck the access key and secret key \
                 (or the profile) the provider uses; temporary credentials may have expired."
            ),
        ),
        code if THROTTLING_ERRORS.contains(&code) => Diagnostic::error(
            format!("IVS throttled the requests for the {}", call.what),
            format!(
                "{} was throttled ({code}: {}) and still failed {attempts}. Retry later, or \
                 raise the provider's `max_retries`.",
                call.doing(),
                excerpt(message, BODY_EXCERPT_CHARS).trim_end_matches('.'),
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
                    "{} failed {attempts} with {code}: {said}{advice}",
                    call.doing(),
                ),
            )
        }
    }
}

/// IVS said the subject does not exist: name what is missing, where, and what to check.
fn not_found(region: &str, call: &Call<'_>, said: &str) -> Diagnostic {
    let check = "Check the ARN, the region and the account the credentials belong to.";
    match call.subject {
        Subject::Arn(arn) => Diagnostic::error(
            format!("The {} was not found", call.what),
            format!(
                "IVS in region {region} has no {} with ARN {arn}. {check} (IVS said: {said})",
                call.what
            ),
        ),
        Subject::HeldBy { parent, arn } | Subject::Of { parent, arn } => Diagnostic::error(
            format!("The {parent} was not found"),
            format!(
                "IVS in region {region} has no {parent} with ARN {arn}, so it has no {}. \
                 {check} (IVS said: {said})",
                call.what
            ),
        ),
        Subject::Within {
            parent,
            arn,
            id: Some(id),
        } => Diagnostic::error(
            format!("The {} was not found", call.what),
            format!(
                "IVS in region {region} has no {} {id} of {parent} {arn}. Check the ID, and \
                 that it is one of this {parent}'s. (IVS said: {said})",
                call.what
            ),
        ),
        Subject::Within {
            parent,
            arn,
            id: None,
        } => Diagnostic::error(
            format!("The {parent} has no {}", call.what),
            format!(
                "IVS in region {region} has no {} of {parent} {arn}: the {parent} has none yet, \
                 or does not exist. {check} (IVS said: {said})",
                call.what
            ),
        ),
        Subject::Region(_) | Subject::Several(_) => Diagnostic::error(
            format!("IVS found no {}", call.what),
            format!(
                "IVS answered {NOT_FOUND} for {}. (IVS said: {said})",
                call.object()
            ),
        ),
    }
}

/// IVS said the channel is not broadcasting: what was read exists only while it is live.
fn not_live(region: &str, call: &Call<'_>, said: &str) -> Diagnostic {
    Diagnostic::error(
        "The channel is not live",
        format!(
            "IVS in region {region} answered {NOT_BROADCASTING} for {}: a channel has a {} only \
             while an encoder broadcasts to it, and this one is not broadcasting now. Start the \
             broadcast and read again. (IVS said: {said})",
            call.object(),
            call.what,
        ),
    )
}

/// An answer that is not IVS's: no AWS error code, or a body that is not the API's JSON.
/// Usually the endpoint is not IVS (a web server, a proxy's error page).
fn not_an_ivs_answer(
    status: u16,
    body: Option<&str>,
    unreadable: Option<&str>,
    endpoint: &str,
    call: &Call<'_>,
    attempts: &str,
) -> Diagnostic {
    let status_text = match http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
    {
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
            format!("Unexpected answer from IVS at {endpoint}"),
            check.to_owned(),
        )
    };
    Diagnostic::error(
        summary,
        format!(
            "{} failed {attempts}: {endpoint} answered {status_text}{body}, {what_was_wrong}. \
             {advice}",
            call.doing()
        ),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    const REGION: &str = "us-west-2";
    const CHANNEL: &str = "arn:aws:ivs:us-west-2:123456789012:channel/AbCd1234";

    fn client() -> IvsClient {
        let config = aws_sdk_ivs::Config::builder()
            .behavior_version(aws_sdk_ivs::config::BehaviorVersion::latest())
            .region(aws_sdk_ivs::config::Region::new(REGION))
            .build();
        IvsClient {
            client: aws_sdk_ivs::Client::from_conf(config),
            region: REGION.to_owned(),
            endpoint: "http://127.0.0.1:4599".to_owned(),
        }
    }

    fn answered(code: &str) -> Failure {
        Failure {
            kind: Kind::Service {
                code: code.to_owned(),
                message: "said so".to_owned(),
                server_error: false,
            },
            attempts: 1,
            endpoint: None,
        }
    }

    fn call<'a>(action: &'a str, what: &'a str, subject: Subject<'a>) -> Call<'a> {
        Call {
            action,
            what,
            subject,
        }
    }

    #[test]
    fn a_channel_not_broadcasting_is_not_live_and_counts_as_not_found() {
        let failure = answered(NOT_BROADCASTING);
        assert!(failure.is_not_found());
        let of = Subject::Of {
            parent: "channel",
            arn: CHANNEL,
        };
        let diagnostic = failure.diagnostic(&client(), &call("ivs:GetStream", "stream", of));
        assert_eq!(diagnostic.summary, "The channel is not live");
        assert!(
            diagnostic.detail.contains(&format!(
                "for the stream of channel {CHANNEL}: a channel has a stream"
            )),
            "{}",
            diagnostic.detail
        );
    }

    #[test]
    fn not_found_names_what_is_missing_for_every_subject() {
        let ivs = client();
        let one = answered(NOT_FOUND).diagnostic(
            &ivs,
            &call("ivs:GetChannel", "channel", Subject::Arn(CHANNEL)),
        );
        assert_eq!(one.summary, "The channel was not found");
        assert!(
            one.detail.starts_with(&format!(
                "IVS in region {REGION} has no channel with ARN {CHANNEL}."
            )),
            "{}",
            one.detail
        );
        let held = Subject::HeldBy {
            parent: "channel",
            arn: CHANNEL,
        };
        let keys =
            answered(NOT_FOUND).diagnostic(&ivs, &call("ivs:ListStreamKeys", "stream keys", held));
        assert_eq!(keys.summary, "The channel was not found");
        assert!(
            keys.detail.contains(&format!(
                "has no channel with ARN {CHANNEL}, so it has no stream keys"
            )),
            "{}",
            keys.detail
        );
        let listed = answered(NOT_FOUND).diagnostic(
            &ivs,
            &call("ivs:ListChannels", "channels", Subject::Region(REGION)),
        );
        assert!(
            listed
                .detail
                .contains("for the channels of region us-west-2"),
            "{}",
            listed.detail
        );
    }

    #[test]
    fn access_denied_names_the_action_and_its_resource() {
        let ivs = client();
        let denied = |subject| {
            answered("AccessDeniedException")
                .diagnostic(&ivs, &call("ivs:X", "channels", subject))
                .detail
        };
        assert!(denied(Subject::Arn(CHANNEL)).contains(&format!("ivs:X on {CHANNEL}.")));
        assert!(denied(Subject::Region(REGION)).contains("ivs:X on *."));
        let held = Subject::HeldBy {
            parent: "channel",
            arn: CHANNEL,
        };
        assert!(denied(held).contains(&format!("ivs:X on {CHANNEL}.")));
    }

    #[test]
    fn sentences_start_with_what_was_being_done() {
        let ivs = client();
        let throttled = |subject| {
            answered("ThrottlingException")
                .diagnostic(&ivs, &call("ivs:X", "channels", subject))
                .detail
        };
        assert!(throttled(Subject::Arn(CHANNEL)).starts_with(&format!("Reading {CHANNEL} was")));
        assert!(
            throttled(Subject::Region(REGION))
                .starts_with("Listing the channels of region us-west-2 was throttled")
        );
    }

    #[test]
    fn unknown_statuses_are_shown_without_a_reason() {
        let ivs = client();
        let odd = Failure {
            kind: Kind::NotIvs {
                status: 599,
                body: None,
                unreadable: None,
            },
            attempts: 2,
            endpoint: None,
        };
        let text = odd
            .diagnostic(&ivs, &call("ivs:X", "channel", Subject::Arn(CHANNEL)))
            .detail;
        assert!(text.contains("answered HTTP 599, without"), "{text}");
        let teapot = Failure {
            kind: Kind::NotIvs {
                status: 418,
                body: None,
                unreadable: None,
            },
            attempts: 1,
            endpoint: None,
        };
        let text = teapot
            .diagnostic(&ivs, &call("ivs:X", "channel", Subject::Arn(CHANNEL)))
            .detail;
        assert!(text.contains("answered HTTP 418 I'm a teapot"), "{text}");
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
