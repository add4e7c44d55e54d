//! SigV4 verification of incoming requests.
//!
//! The signature is recomputed with `aws-sigv4`, the signer of the AWS SDKs,
//! over exactly the headers the client listed in `SignedHeaders` and over
//! the received body, then compared with the client's. A changed body,
//! header, path or query therefore fails like a wrong secret key does.

use crate::amz_date;
use crate::arn;
use crate::errors::ApiError;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use axum::http::request::Parts;
use std::borrow::Cow;
use std::time::{Duration, SystemTime};

/// The signing name of IVS.
pub const SERVICE: &str = "ivs";
/// The only algorithm IVS accepts.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// How far a request's `X-Amz-Date` may be from the server's clock (as AWS).
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// Who sent a correctly signed request, and for which region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub access_key: String,
    pub region: String,
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    access_key: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, ApiError> {
    let Some(rest) = value.strip_prefix(ALGORITHM) else {
        return Err(ApiError::incomplete_signature(format!(
            "Unsupported Authorization Type; only {ALGORITHM} is accepted"
        )));
    };
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    let missing: Vec<&str> = [
        ("Credential", credential.is_none()),
        ("Signature", signature.is_none()),
        ("SignedHeaders", signed_headers.is_none()),
    ]
    .iter()
    .filter(|(_, absent)| *absent)
    .map(|(name, _)| *name)
    .collect();
    if !missing.is_empty() {
        let sentences: Vec<String> = missing
            .iter()
            .map(|name| format!("Authorization header requires '{name}' parameter."))
            .collect();
        return Err(ApiError::incomplete_signature(sentences.join(" ")));
    }
    let credential = credential.unwrap_or_default();
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, terminator] = scope[..] else {
        return Err(ApiError::incomplete_signature(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'"
        )));
    };
    if terminator != "aws4_request" {
        return Err(ApiError::invalid_signature(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'."
        )));
    }
    Ok(Authorization {
        access_key,
        date,
        region,
        service,
        signed_headers: signed_headers.unwrap_or_default().split(';').collect(),
        signature: signature.unwrap_or_default(),
    })
}

/// Verifies the SigV4 signature of a request.
///
/// `now` is the server's clock; requests dated more than
/// [`MAX_CLOCK_SKEW`] away are rejected as AWS does.
pub fn verify(
    parts: &Parts,
    body: &[u8],
    access_key: &str,
    secret_key: &str,
    now: SystemTime,
) -> Result<Caller, ApiError> {
    verify_for(SERVICE, parts, body, access_key, secret_key, now)
}

/// [`verify`] for a request to `service` (the credential scope's signing name, e.g. `sts`).
pub fn verify_for(
    service: &str,
    parts: &Parts,
    body: &[u8],
    access_key: &str,
    secret_key: &str,
    now: SystemTime,
) -> Result<Caller, ApiError> {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let Some(authorization) = parts.headers.get("authorization") else {
        return Err(ApiError::missing_authentication());
    };
    let authorization = authorization
        .to_str()
        .map_err(|_| ApiError::incomplete_signature("Authorization header is not valid text"))?;
    let auth = parse_authorization(authorization)?;

    if auth.access_key != access_key {
        return Err(ApiError::unrecognized_client());
    }
    if auth.service != service {
        return Err(ApiError::invalid_signature(format!(
            "Credential should be scoped to correct service: '{service}'. "
        )));
    }
    if !arn::is_region(auth.region) {
        return Err(ApiError::invalid_signature(
            "Credential should be scoped to a valid region. ",
        ));
    }

    let Some(date_header) = header("x-amz-date") else {
        return Err(ApiError::incomplete_signature(
            "Authorization header requires existence of a 'X-Amz-Date' header.",
        ));
    };
    let signed_at = amz_date::parse(date_header).ok_or_else(|| {
        ApiError::incomplete_signature(format!(
            "Date must be in ISO-8601 'basic format'. Got '{date_header}'."
        ))
    })?;
    if !date_header.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(ApiError::invalid_signature(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{date_header}'.",
            auth.date,
            date_header.get(..8).unwrap_or(date_header)
        )));
    }
    check_clock_skew(signed_at, now)?;

    if !auth.signed_headers.contains(&"host") {
        return Err(ApiError::incomplete_signature(
            "'Host' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }

    let expected = compute_signature(parts, body, &auth, secret_key, signed_at)
        .ok_or_else(ApiError::signature_mismatch)?;
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        return Err(ApiError::signature_mismatch());
    }
    Ok(Caller {
        access_key: auth.access_key.to_owned(),
        region: auth.region.to_owned(),
    })
}

fn check_clock_skew(signed_at: SystemTime, now: SystemTime) -> Result<(), ApiError> {
    let skew_minutes = MAX_CLOCK_SKEW.as_secs() / 60;
    if let Some(earliest) = now.checked_sub(MAX_CLOCK_SKEW)
        && signed_at < earliest
    {
        return Err(ApiError::invalid_signature(format!(
            "Signature expired: {} is now earlier than {} ({} - {skew_minutes} min.)",
            amz_date::format(signed_at),
            amz_date::format(earliest),
            amz_date::format(now)
        )));
    }
    if let Some(latest) = now.checked_add(MAX_CLOCK_SKEW)
        && signed_at > latest
    {
        return Err(ApiError::invalid_signature(format!(
            "Signature not yet current: {} is still later than {} ({} + {skew_minutes} min.)",
            amz_date::format(signed_at),
            amz_date::format(latest),
            amz_date::format(now)
        )));
    }
    Ok(())
}

/// The signature the client should have sent, or `None` if the request
/// cannot be put in canonical form (which cannot have been signed right).
fn compute_signature(
    parts: &Parts,
    body: &[u8],
    auth: &Authorization<'_>,
    secret_key: &str,
    signed_at: SystemTime,
) -> Option<String> {
    // The signer derives a missing Host from the URI, which has none here
    // (and would panic); a request without Host cannot match anyway.
    parts.headers.get("host")?;
    // Only the headers the client signed, with every value each one has.
    let mut headers: Vec<(&str, &str)> = Vec::new();
    for name in &auth.signed_headers {
        for value in parts.headers.get_all(*name) {
            headers.push((name, value.to_str().ok()?));
        }
    }
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|pq| pq.as_str())
        .unwrap_or("/");
    let request = SignableRequest::new(
        parts.method.as_str(),
        path_and_query,
        headers.into_iter(),
        SignableBody::Bytes(body),
    )
    .ok()?;

    let mut settings = SigningSettings::default();
    // Sign exactly what the client listed, whatever the SDK would leave out.
    settings.excluded_headers = Some(Vec::<Cow<'static, str>>::new());
    let identity: Identity =
        Credentials::new(auth.access_key, secret_key, None, None, "ivs-local").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(auth.region)
        .name(auth.service)
        .time(signed_at)
        .settings(settings)
        .build()
        .ok()?
        .into();
    let output = sign(request, &params).ok()?;
    Some(output.signature().to_owned())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_sdk_authorization_header() {
        let auth = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=test/20240101/eu-west-1/ivs/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, Signature=abcd",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(auth.access_key, "test");
        assert_eq!(auth.region, "eu-west-1");
        assert_eq!(auth.service, "ivs");
        assert_eq!(auth.signed_headers, ["content-type", "host", "x-amz-date"]);
        assert_eq!(auth.signature, "abcd");
    }

    #[test]
    fn names_missing_parameters() {
        let Err(err) = parse_authorization("AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request")
        else {
            panic!("accepted an incomplete header");
        };
        assert_eq!(err.code, "IncompleteSignatureException");
        assert!(err.message.contains("'Signature'"), "{}", err.message);
        assert!(err.message.contains("'SignedHeaders'"), "{}", err.message);
    }

    #[test]
    fn rejects_old_and_future_dates() {
        let now = amz_date::parse("20240101T120000Z").unwrap_or(SystemTime::UNIX_EPOCH);
        let old = amz_date::parse("20240101T114400Z").unwrap_or(SystemTime::UNIX_EPOCH);
        let future = amz_date::parse("20240101T121600Z").unwrap_or(SystemTime::UNIX_EPOCH);
        let near = amz_date::parse("20240101T121400Z").unwrap_or(SystemTime::UNIX_EPOCH);
        assert!(
            check_clock_skew(old, now)
                .unwrap_err()
                .message
                .starts_with("Signature expired")
        );
        assert!(check_clock_skew(future, now).is_err());
        assert!(check_clock_skew(near, now).is_ok());
    }
}
