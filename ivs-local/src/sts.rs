//! A local AWS STS: `AssumeRole`, `AssumeRoleWithWebIdentity` and `GetCallerIdentity` over the
//! query protocol (form-encoded `POST /`, XML answers), as the AWS SDKs send and parse them.
//!
//! Only the roles of the configuration (`--role`, the seed's `roles`) can be assumed; others get
//! 403 `AccessDenied` as on AWS. Each role assumed gets fresh temporary credentials, which the
//! IVS operations then accept (with their session token) until they expire. Every STS call and
//! the access key that signed each IVS request are recorded, so tests can tell what signed what.

use crate::amz_date;
#[cfg(test)]
use crate::arn::is_role_arn;
use crate::errors::ApiError;
use crate::sigv4;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// The signing name of STS.
const SERVICE: &str = "sts";
/// The STS API version the SDKs send.
const VERSION: &str = "2011-06-15";
const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// Session lengths STS accepts, in seconds (AWS: 15 minutes up to the role's maximum, 12 h).
const MIN_DURATION: u64 = 900;
const MAX_DURATION: u64 = 43_200;
const DEFAULT_DURATION: u64 = 3_600;
/// STS query requests are small.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// One STS call as ivs-local received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsCall {
    /// `AssumeRole`, `AssumeRoleWithWebIdentity` or `GetCallerIdentity`.
    pub action: String,
    /// Every form parameter but `Action` and `Version` (`RoleArn`, `RoleSessionName`,
    /// `ExternalId`, `DurationSeconds`, `Tags.member.1.Key`, `WebIdentityToken`...).
    pub params: BTreeMap<String, String>,
    /// The access key that signed the call; `None` for unsigned web-identity calls.
    pub signed_by: Option<String>,
    /// The region of the signature's credential scope; `None` for unsigned calls.
    pub region: Option<String>,
    /// Whether STS granted it.
    pub granted: bool,
}

/// Temporary credentials issued for an assumed role.
#[derive(Debug, Clone)]
struct Session {
    secret_key: String,
    session_token: String,
    expires: SystemTime,
    /// `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`, for GetCallerIdentity.
    assumed_role_arn: String,
}

/// The STS state of one server.
#[derive(Debug, Default)]
pub(crate) struct Sts {
    roles: Vec<String>,
    sessions: Mutex<HashMap<String, Session>>,
    calls: Mutex<Vec<StsCall>>,
    /// (IVS operation, access key that signed it), in arrival order.
    signers: Mutex<Vec<(String, String)>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Sts {
    pub fn new(roles: Vec<String>) -> Self {
        Sts {
            roles,
            ..Sts::default()
        }
    }

    pub fn calls(&self) -> Vec<StsCall> {
        lock(&self.calls).clone()
    }

    /// The access keys that signed the IVS requests of `operation`, in arrival order.
    pub fn signers(&self, operation: &str) -> Vec<String> {
        lock(&self.signers)
            .iter()
            .filter(|(op, _)| op == operation)
            .map(|(_, key)| key.clone())
            .collect()
    }

    pub fn record_signer(&self, operation: &str, access_key: &str) {
        lock(&self.signers).push((operation.to_owned(), access_key.to_owned()));
    }

    /// The key pair to verify a request signed with `parts`' access key: an issued session's
    /// (whose token must come with it and which must not have expired), else the server's own.
    pub fn signing_key(
        &self,
        parts: &Parts,
        state_key: (&str, &str),
        now: SystemTime,
    ) -> Result<(String, String), ApiError> {
        let base = (state_key.0.to_owned(), state_key.1.to_owned());
        let Some(access_key) = signing_access_key(parts) else {
            return Ok(base);
        };
        let Some(session) = lock(&self.sessions).get(access_key).cloned() else {
            return Ok(base);
        };
        let token = parts
            .headers
            .get("x-amz-security-token")
            .and_then(|v| v.to_str().ok());
        if token != Some(session.session_token.as_str()) {
            return Err(ApiError::unrecognized_client());
        }
        if now >= session.expires {
            return Err(ApiError::new(
                403,
                "ExpiredTokenException",
                "The security token included in the request is expired",
            ));
        }
        Ok((access_key.to_owned(), session.secret_key))
    }

    fn issue(&self, account: &str, role_arn: &str, session_name: &str, seconds: u64) -> Issued {
        let role_name = role_arn.rsplit('/').next().unwrap_or(role_arn);
        let issued = Issued {
            access_key: format!("ASIA{}", random_text(16, UPPER_ALNUM)),
            secret_key: random_text(40, ALNUM),
            session_token: random_text(64, ALNUM),
            expires: SystemTime::now() + Duration::from_secs(seconds),
            assumed_role_arn: format!(
                "arn:aws:sts::{account}:assumed-role/{role_name}/{session_name}"
            ),
            assumed_role_id: format!("AROA{}:{session_name}", random_text(17, UPPER_ALNUM)),
        };
        lock(&self.sessions).insert(
            issued.access_key.clone(),
            Session {
                secret_key: issued.secret_key.clone(),
                session_token: issued.session_token.clone(),
                expires: issued.expires,
                assumed_role_arn: issued.assumed_role_arn.clone(),
            },
        );
        issued
    }
}

struct Issued {
    access_key: String,
    secret_key: String,
    session_token: String,
    expires: SystemTime,
    assumed_role_arn: String,
    assumed_role_id: String,
}

const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn random_text(len: usize, alphabet: &[u8]) -> String {
    (0..len)
        .map(|_| char::from(alphabet[fastrand::usize(..alphabet.len())]))
        .collect()
}

/// The access key of a SigV4 `Authorization` header (`... Credential=KEY/date/...`).
fn signing_access_key(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get("authorization")?.to_str().ok()?;
    let credential = value.split("Credential=").nth(1)?;
    credential.split('/').next()
}

/// `POST /`: one STS query-protocol call.
pub(crate) async fn handle(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return xml_error(&ApiError::new(
            413,
            "RequestEntityTooLarge",
            "STS request bodies are limited to 64 KiB",
        ));
    };
    let mut params: BTreeMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let action = params.remove("Action").unwrap_or_default();
    params.remove("Version");
    let mut call = StsCall {
        action: action.clone(),
        params: params.clone(),
        signed_by: None,
        region: None,
        granted: false,
    };
    let outcome = answer(&state, &parts, &body, &action, &params, &mut call);
    call.granted = outcome.is_ok();
    lock(&state.sts.calls).push(call);
    match outcome {
        Ok(xml) => xml_response(StatusCode::OK, xml),
        Err(error) => xml_error(&error),
    }
}

fn answer(
    state: &AppState,
    parts: &Parts,
    body: &[u8],
    action: &str,
    params: &BTreeMap<String, String>,
    call: &mut StsCall,
) -> Result<String, ApiError> {
    // The web-identity call is unsigned (the token is the proof); the others need SigV4.
    let signer = if action == "AssumeRoleWithWebIdentity" {
        None
    } else {
        let now = SystemTime::now();
        let (key, secret) = state.sts.signing_key(
            parts,
            (state.access_key.as_str(), state.secret_key.as_str()),
            now,
        )?;
        let caller = sigv4::verify_for(SERVICE, parts, body, &key, &secret, now)?;
        call.signed_by = Some(caller.access_key.clone());
        call.region = Some(caller.region);
        Some(caller.access_key)
    };
    let required = |name: &str, member: &str| {
        params
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    400,
                    "ValidationError",
                    format!(
                        "1 validation error detected: Value null at '{member}' failed to satisfy \
                         constraint: Member must not be null"
                    ),
                )
            })
    };
    let account = &state.account_id;
    match action {
        "AssumeRole" | "AssumeRoleWithWebIdentity" => {
            let role_arn = required("RoleArn", "roleArn")?;
            let session_name = required("RoleSessionName", "roleSessionName")?;
            if action == "AssumeRoleWithWebIdentity" {
                required("WebIdentityToken", "webIdentityToken")?;
            }
            let seconds = duration(params)?;
            if !state.sts.roles.contains(&role_arn) {
                let message = match &signer {
                    Some(key) => format!(
                        "User: {} is not authorized to perform: sts:{action} on resource: \
                         {role_arn}",
                        caller_arn(state, key)
                    ),
                    None => "Not authorized to perform sts:AssumeRoleWithWebIdentity".to_owned(),
                };
                return Err(ApiError::new(403, "AccessDenied", message));
            }
            let issued = state.sts.issue(account, &role_arn, &session_name, seconds);
            Ok(assume_role_xml(action, &issued, params))
        }
        "GetCallerIdentity" => {
            let key = signer.unwrap_or_default();
            Ok(format!(
                "<GetCallerIdentityResponse xmlns=\"{XMLNS}\"><GetCallerIdentityResult>\
                 <Arn>{}</Arn><UserId>{}</UserId><Account>{account}</Account>\
                 </GetCallerIdentityResult>{}</GetCallerIdentityResponse>",
                escape(&caller_arn(state, &key)),
                escape(&key),
                response_metadata()
            ))
        }
        "" => Err(ApiError::new(
            400,
            "MissingAction",
            "Missing Action parameter in the request",
        )),
        other => Err(ApiError::new(
            400,
            "InvalidAction",
            format!("Could not find operation {other} for version {VERSION}"),
        )),
    }
}

/// `DurationSeconds`, checked as STS does, or the default hour.
fn duration(params: &BTreeMap<String, String>) -> Result<u64, ApiError> {
    let Some(text) = params.get("DurationSeconds") else {
        return Ok(DEFAULT_DURATION);
    };
    let invalid = |constraint: String| {
        ApiError::new(
            400,
            "ValidationError",
            format!(
                "1 validation error detected: Value '{text}' at 'durationSeconds' failed to \
                 satisfy constraint: {constraint}"
            ),
        )
    };
    let seconds: u64 = text
        .parse()
        .map_err(|_| invalid("Member must be a number".to_owned()))?;
    if seconds < MIN_DURATION {
        return Err(invalid(format!(
            "Member must have value greater than or equal to {MIN_DURATION}"
        )));
    }
    if seconds > MAX_DURATION {
        return Err(invalid(format!(
            "Member must have value less than or equal to {MAX_DURATION}"
        )));
    }
    Ok(seconds)
}

/// The ARN of whoever signed with `access_key`: an assumed role, or the account's user.
fn caller_arn(state: &AppState, access_key: &str) -> String {
    match lock(&state.sts.sessions).get(access_key) {
        Some(session) => session.assumed_role_arn.clone(),
        None => format!("arn:aws:iam::{}:user/ivs-local", state.account_id),
    }
}

fn assume_role_xml(action: &str, issued: &Issued, params: &BTreeMap<String, String>) -> String {
    let source_identity = params
        .get("SourceIdentity")
        .map(|s| format!("<SourceIdentity>{}</SourceIdentity>", escape(s)))
        .unwrap_or_default();
    format!(
        "<{action}Response xmlns=\"{XMLNS}\"><{action}Result>\
         <AssumedRoleUser><Arn>{}</Arn><AssumedRoleId>{}</AssumedRoleId></AssumedRoleUser>\
         <Credentials><AccessKeyId>{}</AccessKeyId><SecretAccessKey>{}</SecretAccessKey>\
         <SessionToken>{}</SessionToken><Expiration>{}</Expiration></Credentials>\
         {source_identity}</{action}Result>{}</{action}Response>",
        escape(&issued.assumed_role_arn),
        escape(&issued.assumed_role_id),
        issued.access_key,
        issued.secret_key,
        issued.session_token,
        iso8601(issued.expires),
        response_metadata()
    )
}

fn response_metadata() -> String {
    format!(
        "<ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata>",
        request_id()
    )
}

fn request_id() -> String {
    format!(
        "{}-{}-{}-{}-{}",
        random_text(8, b"0123456789abcdef"),
        random_text(4, b"0123456789abcdef"),
        random_text(4, b"0123456789abcdef"),
        random_text(4, b"0123456789abcdef"),
        random_text(12, b"0123456789abcdef")
    )
}

/// `2024-01-01T12:00:00Z`, as STS writes `Expiration`.
fn iso8601(time: SystemTime) -> String {
    let basic = amz_date::format(time); // 20240101T120000Z
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &basic[0..4],
        &basic[4..6],
        &basic[6..8],
        &basic[9..11],
        &basic[11..13],
        &basic[13..15]
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml_response(status: StatusCode, xml: String) -> Response {
    let mut response = (status, xml).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    response
}

/// An error as the query protocol sends it: `<ErrorResponse><Error><Code>...`.
fn xml_error(error: &ApiError) -> Response {
    let kind = if error.status >= 500 {
        "Receiver"
    } else {
        "Sender"
    };
    let xml = format!(
        "<ErrorResponse xmlns=\"{XMLNS}\"><Error><Type>{kind}</Type><Code>{}</Code>\
         <Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
        escape(&error.code),
        escape(&error.message),
        request_id()
    );
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    xml_response(status, xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_role_arns() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/reader"));
        assert!(is_role_arn("arn:aws:iam::123456789012:role/team/reader"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/reader"));
        assert!(!is_role_arn("arn:aws:iam::12345:role/reader"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role/"));
    }

    #[test]
    fn writes_expiration_in_extended_iso8601() {
        let time = amz_date::parse("20240102T030405Z").unwrap_or(SystemTime::UNIX_EPOCH);
        assert_eq!(iso8601(time), "2024-01-02T03:04:05Z");
    }
}
