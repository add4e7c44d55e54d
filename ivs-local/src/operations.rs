//! The IVS operations ivs-local serves: routing (HTTP bindings of the
//! model) and their behaviour.

use crate::errors::{ApiError, json_response};
use crate::model::{
    ArnInput, CreateRecordingConfigurationInput, ListRecordingConfigurationsInput, TagResourceBody,
};
use crate::store::{Placement, Scope, SharedStore};
use crate::validation::{self, MAX_RESULTS_RANGE, Violations};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

/// An IVS operation ivs-local implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    CreateRecordingConfiguration,
    GetRecordingConfiguration,
    ListRecordingConfigurations,
    DeleteRecordingConfiguration,
    TagResource,
    UntagResource,
    ListTagsForResource,
}

impl Operation {
    /// Every operation ivs-local implements.
    pub const ALL: [Operation; 7] = [
        Operation::CreateRecordingConfiguration,
        Operation::GetRecordingConfiguration,
        Operation::ListRecordingConfigurations,
        Operation::DeleteRecordingConfiguration,
        Operation::TagResource,
        Operation::UntagResource,
        Operation::ListTagsForResource,
    ];

    /// The operation's name in the model (and in IAM actions, `ivs:{name}`).
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateRecordingConfiguration => "CreateRecordingConfiguration",
            Operation::GetRecordingConfiguration => "GetRecordingConfiguration",
            Operation::ListRecordingConfigurations => "ListRecordingConfigurations",
            Operation::DeleteRecordingConfiguration => "DeleteRecordingConfiguration",
            Operation::TagResource => "TagResource",
            Operation::UntagResource => "UntagResource",
            Operation::ListTagsForResource => "ListTagsForResource",
        }
    }
}

/// IVS operations of the model (and of newer SDKs) that ivs-local does not implement.
const UNIMPLEMENTED: &[&str] = &[
    "BatchGetChannel",
    "BatchGetStreamKey",
    "BatchStartViewerSessionRevocation",
    "CreateAdConfiguration",
    "CreateChannel",
    "CreateFailoverSlateConfiguration",
    "CreatePlaybackRestrictionPolicy",
    "CreateStreamKey",
    "DeleteAdConfiguration",
    "DeleteChannel",
    "DeleteFailoverSlateConfiguration",
    "DeletePlaybackKeyPair",
    "DeletePlaybackRestrictionPolicy",
    "DeleteStreamKey",
    "GetAdConfiguration",
    "GetChannel",
    "GetFailoverSlateConfiguration",
    "GetPlaybackKeyPair",
    "GetPlaybackRestrictionPolicy",
    "GetStream",
    "GetStreamKey",
    "GetStreamSession",
    "ImportPlaybackKeyPair",
    "InsertAdBreak",
    "ListAdConfigurations",
    "ListChannels",
    "ListFailoverSlateConfigurations",
    "ListPlaybackKeyPairs",
    "ListPlaybackRestrictionPolicies",
    "ListStreamKeys",
    "ListStreamSessions",
    "ListStreams",
    "PutMetadata",
    "StartViewerSessionRevocation",
    "StopStream",
    "UpdateAdConfiguration",
    "UpdateChannel",
    "UpdateFailoverSlateConfiguration",
    "UpdatePlaybackRestrictionPolicy",
];

/// A request matched to an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub operation: Operation,
    /// The percent-decoded `{resourceArn}` label of the tagging operations.
    pub resource_arn: Option<String>,
}

/// The operation a method and (raw, still percent-encoded) path name, or
/// `UnknownOperationException`. Decodes nothing, so it cannot fail on a
/// request's content: the server uses it to count requests before
/// authenticating them, and [`route`] only after.
pub fn operation(method: &Method, path: &str) -> Result<Operation, ApiError> {
    if path.starts_with("/tags/") {
        return match *method {
            Method::GET => Ok(Operation::ListTagsForResource),
            Method::POST => Ok(Operation::TagResource),
            Method::DELETE => Ok(Operation::UntagResource),
            _ => Err(unknown(method, path)),
        };
    }
    if *method != Method::POST {
        return Err(unknown(method, path));
    }
    match path {
        "/CreateRecordingConfiguration" => Ok(Operation::CreateRecordingConfiguration),
        "/GetRecordingConfiguration" => Ok(Operation::GetRecordingConfiguration),
        "/ListRecordingConfigurations" => Ok(Operation::ListRecordingConfigurations),
        "/DeleteRecordingConfiguration" => Ok(Operation::DeleteRecordingConfiguration),
        _ => match path
            .strip_prefix('/')
            .filter(|name| UNIMPLEMENTED.contains(name))
        {
            Some(name) => Err(ApiError::unknown_operation(format!(
                "ivs-local implements recording configurations and tagging only; {name} is not available"
            ))),
            None => Err(unknown(method, path)),
        },
    }
}

/// Matches an authenticated request to an operation and decodes its
/// `{resourceArn}` label. An empty label (`/tags/`) is an empty
/// `resourceArn`, which validation then rejects, naming the member.
pub fn route(method: &Method, path: &str) -> Result<Route, ApiError> {
    let operation = operation(method, path)?;
    let resource_arn = match path.strip_prefix("/tags/") {
        // The SDKs encode ':' and '/' in the label; a hand-written request
        // may leave '/' as is, which is why the whole rest is the label.
        Some(label) => Some(
            percent_encoding::percent_decode_str(label)
                .decode_utf8()
                .map_err(|_| {
                    ApiError::validation("resourceArn is not valid percent-encoded UTF-8")
                })?
                .into_owned(),
        ),
        None => None,
    };
    Ok(Route {
        operation,
        resource_arn,
    })
}

fn unknown(method: &Method, path: &str) -> ApiError {
    ApiError::unknown_operation(format!("No IVS operation matches {method} {path}"))
}

/// Parses a JSON request body; an empty body is an empty input.
fn parse_body<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::serialization(format!("Could not parse the request body: {e}")))
}

/// The resource a request acts on, for messages (e.g. injected AccessDenied).
pub fn target_resource(route: &Route, body: &[u8], scope: &Scope) -> String {
    if let Some(arn) = &route.resource_arn {
        return arn.clone();
    }
    let from_body = serde_json::from_slice::<ArnInput>(body)
        .ok()
        .and_then(|input| input.arn);
    from_body.unwrap_or_else(|| {
        format!(
            "arn:aws:ivs:{}:{}:recording-configuration/*",
            scope.region, scope.account
        )
    })
}

/// Runs an operation for a verified caller in `scope`.
pub(crate) fn execute(
    store: &SharedStore,
    scope: &Scope,
    route: &Route,
    query: Option<&str>,
    body: &[u8],
) -> Result<Response, ApiError> {
    let resource_arn = route.resource_arn.as_deref().unwrap_or_default();
    match route.operation {
        Operation::CreateRecordingConfiguration => {
            let input: CreateRecordingConfigurationInput = parse_body(body)?;
            let new = validation::validate_create(&input)?;
            let mut store = store.lock();
            let created = store.create(scope, new, Placement::default())?;
            Ok(ok(json!({ "recordingConfiguration": created })))
        }
        Operation::GetRecordingConfiguration => {
            let input: ArnInput = parse_body(body)?;
            let arn = validation::validate_recording_configuration_arn(input.arn.as_deref())?;
            let found = store.lock().get(scope, &arn)?;
            Ok(ok(json!({ "recordingConfiguration": found })))
        }
        Operation::ListRecordingConfigurations => {
            let input: ListRecordingConfigurationsInput = parse_body(body)?;
            validation::validate_list(&input)?;
            let page = {
                let store = store.lock();
                // "Default: your service quota or 100, whichever is smaller."
                let default_max = store.quota().clamp(1, MAX_RESULTS_RANGE.1 as usize);
                let max = input
                    .max_results
                    .and_then(|m| usize::try_from(m).ok())
                    .unwrap_or(default_max);
                store.list(scope, input.next_token.as_deref(), max)?
            };
            let mut body = json!({ "recordingConfigurations": page.items });
            if let Some(token) = page.next_token {
                body["nextToken"] = token.into();
            }
            Ok(ok(body))
        }
        Operation::DeleteRecordingConfiguration => {
            let input: ArnInput = parse_body(body)?;
            let arn = validation::validate_recording_configuration_arn(input.arn.as_deref())?;
            store.lock().delete(scope, &arn)?;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        Operation::TagResource => {
            let input: TagResourceBody = parse_body(body)?;
            let mut violations = Violations::new();
            validation::validate_resource_arn(resource_arn, &mut violations);
            match &input.tags {
                None => violations.required("tags"),
                Some(tags) => validation::check_tags(&mut violations, "tags", tags),
            }
            violations.into_result()?;
            let tags = input.tags.unwrap_or_default();
            validation::check_reserved_tag_keys(tags.keys())?;
            store.lock().tag(scope, resource_arn, tags)?;
            Ok(ok(json!({})))
        }
        Operation::UntagResource => {
            let keys: Vec<String> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .filter(|(name, _)| name == "tagKeys")
                .map(|(_, value)| value.into_owned())
                .collect();
            // No `tagKeys` parameter at all is a missing required member.
            let keys = (!keys.is_empty()).then_some(keys);
            let mut violations = Violations::new();
            validation::validate_resource_arn(resource_arn, &mut violations);
            validation::validate_tag_keys(keys.as_deref(), &mut violations);
            violations.into_result()?;
            store
                .lock()
                .untag(scope, resource_arn, &keys.unwrap_or_default())?;
            Ok(ok(json!({})))
        }
        Operation::ListTagsForResource => {
            let mut violations = Violations::new();
            validation::validate_resource_arn(resource_arn, &mut violations);
            violations.into_result()?;
            let tags = store.lock().tags(scope, resource_arn)?;
            Ok(ok(json!({ "tags": tags })))
        }
    }
}

fn ok(body: serde_json::Value) -> Response {
    json_response(StatusCode::OK, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_resource_arn_label() {
        let route = route(
            &Method::GET,
            "/tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Arecording-configuration%2FAbC",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(route.operation, Operation::ListTagsForResource);
        assert_eq!(
            route.resource_arn.as_deref(),
            Some("arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbC")
        );
    }

    #[test]
    fn unknown_routes_are_unknown_operations() {
        for (method, path) in [
            (Method::GET, "/CreateRecordingConfiguration"),
            (Method::POST, "/Nope"),
            (Method::PUT, "/tags/x"),
            (Method::POST, "/CreateChannel"),
        ] {
            let err = route(&method, path).unwrap_err();
            assert_eq!(
                (err.status, err.code.as_str()),
                (404, "UnknownOperationException")
            );
        }
    }
}
