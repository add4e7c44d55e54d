//! The IVS operations ivs-local serves: a request is bound to its operation's input by the
//! model's HTTP bindings, validated by the model's constraints, and run by the generic
//! behaviour of its role (`crate::resources`) for its kind.

use crate::errors::{ApiError, json_response};
use crate::kinds::{self, Role};
use crate::model::binding::{self, bind};
use crate::model::model;
use crate::model::validate::validate_input;
use crate::resources::{self, Placement};
use crate::store::{Scope, SharedStore};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::LazyLock;

/// An IVS operation ivs-local implements, by its name in the model (and in IAM actions,
/// `ivs:{name}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation(&'static str);

static IMPLEMENTED: LazyLock<Vec<&'static str>> = LazyLock::new(kinds::implemented_operations);

impl Operation {
    /// Every operation ivs-local implements.
    pub fn all() -> impl Iterator<Item = Operation> {
        IMPLEMENTED.iter().map(|name| Operation(name))
    }

    /// The implemented operation with this name.
    pub fn named(name: &str) -> Option<Operation> {
        Self::all().find(|op| op.0 == name)
    }

    pub fn name(self) -> &'static str {
        self.0
    }
}

/// A request matched to an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub operation: Operation,
    /// The percent-decoded URI labels (`resourceArn` of the tagging operations).
    pub labels: Vec<(&'static str, String)>,
}

/// The operation a method and (raw, still percent-encoded) path name, or
/// `UnknownOperationException`. Decodes nothing, so it cannot fail on a request's content:
/// the server uses it to count requests before authenticating them, and [`route`] only after.
pub fn operation(method: &Method, path: &str) -> Result<Operation, ApiError> {
    match binding::operation_at(method, path) {
        Some((name, _)) => Operation::named(name).ok_or_else(|| {
            ApiError::unknown_operation(format!(
                "ivs-local does not implement {name}; it implements {}",
                IMPLEMENTED.join(", ")
            ))
        }),
        None => Err(ApiError::unknown_operation(format!(
            "No IVS operation matches {method} {path}"
        ))),
    }
}

/// Matches an authenticated request to an operation and decodes its URI labels. An empty
/// label (`/tags/`) is an empty member, which validation then rejects, naming it.
pub fn route(method: &Method, path: &str) -> Result<Route, ApiError> {
    let operation = operation(method, path)?;
    let (_, raw) = binding::operation_at(method, path).unwrap_or_default();
    let labels = raw
        .into_iter()
        .map(|(label, value)| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .map(|decoded| (label, decoded.into_owned()))
                .map_err(|_| {
                    ApiError::validation(format!("{label} is not valid percent-encoded UTF-8"))
                })
        })
        .collect::<Result<_, _>>()?;
    Ok(Route { operation, labels })
}

/// The resource a request acts on, for messages (e.g. injected AccessDenied).
pub fn target_resource(route: &Route, body: &[u8], scope: &Scope) -> String {
    if let Some((_, arn)) = route.labels.first() {
        return arn.clone();
    }
    let from_body = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|input| Some(input.get("arn")?.as_str()?.to_owned()));
    from_body.unwrap_or_else(|| match kinds::by_operation(route.operation.name()) {
        Some((kind, _)) => kind.arn(scope, "*"),
        None => "*".to_owned(),
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
    let name = route.operation.name();
    let operation = model().operation(name);
    let input = bind(operation, &route.labels, query, body)?;
    validate_input(model().input_shape(name), &input)?;
    let Value::Object(input) = input else {
        unreachable!("bind returns an object");
    };
    // Only what the output shape has goes out (the model's own list of members).
    let output = run(store, scope, name, input)?.map(|output| match (output, &operation.output) {
        (Value::Object(members), Some(shape)) => {
            let wanted = model().members(&shape.shape);
            Value::Object(
                members
                    .into_iter()
                    .filter(|(m, _)| wanted.contains_key(m))
                    .collect(),
            )
        }
        (output, _) => output,
    });
    let status = operation.http.response_code.unwrap_or(200);
    Ok(match (status, output) {
        (204, _) | (_, None) => StatusCode::NO_CONTENT.into_response(),
        (_, Some(output)) => json_response(
            StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            &output,
        ),
    })
}

/// The operation's output, `None` for operations without one.
fn run(
    store: &SharedStore,
    scope: &Scope,
    name: &str,
    input: Map<String, Value>,
) -> Result<Option<Value>, ApiError> {
    let mut store = store.lock();
    let store = &mut *store;
    let arn = |input: &Map<String, Value>, member: &str| {
        input
            .get(member)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let list = |input: &Map<String, Value>, member: &str| {
        input
            .get(member)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    match name {
        "TagResource" => {
            let tags = input
                .get("tags")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            resources::tag(store, scope, &arn(&input, "resourceArn"), tags)?;
            return Ok(Some(json!({})));
        }
        "UntagResource" => {
            let keys = list(&input, "tagKeys");
            resources::untag(store, scope, &arn(&input, "resourceArn"), &keys)?;
            return Ok(Some(json!({})));
        }
        "ListTagsForResource" => {
            let tags = resources::tags(store, scope, &arn(&input, "resourceArn"))?;
            return Ok(Some(json!({ "tags": tags })));
        }
        _ if crate::live_operations::OPERATIONS.contains(&name) => {
            return crate::live_operations::run(store, scope, name, &input);
        }
        _ => {}
    }
    let Some((kind, role)) = kinds::by_operation(name) else {
        return Err(ApiError::unknown_operation(format!(
            "ivs-local does not implement {name}"
        )));
    };
    Ok(match role {
        Role::Create => Some(resources::create(
            store,
            scope,
            kind,
            input,
            Placement::default(),
        )?),
        Role::Get => {
            let resource = resources::get(store, scope, kind, &arn(&input, "arn"))?;
            Some(json!({ kind.member: resource }))
        }
        Role::BatchGet => Some(resources::batch_get(
            store,
            scope,
            kind,
            &list(&input, "arns"),
        )),
        Role::List => Some(resources::list(store, scope, kind, &Value::Object(input))?),
        Role::Update => Some(resources::update(store, scope, kind, input)?),
        Role::Delete => {
            // AWS refuses to delete a channel on air with 409 ConflictException.
            let target = arn(&input, "arn");
            if kind.resource_type == "channel" && store.live.is_live(scope, &target) {
                return Err(ApiError::conflict(format!(
                    "Channel: {target} is live; stop its stream before deleting it"
                )));
            }
            resources::delete(store, scope, kind, &arn(&input, "arn"))?;
            // Most Deletes answer 204 without a body; DeletePlaybackKeyPair has an (empty)
            // output shape and answers 200 `{}`.
            model().operation(name).output.as_ref().map(|_| json!({}))
        }
    })
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
        assert_eq!(route.operation.name(), "ListTagsForResource");
        assert_eq!(
            route.labels,
            vec![(
                "resourceArn",
                "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbC".to_owned()
            )]
        );
    }

    #[test]
    fn unknown_routes_are_unknown_operations() {
        for (method, path) in [
            (Method::GET, "/CreateRecordingConfiguration"),
            (Method::POST, "/Nope"),
            (Method::PUT, "/tags/x"),
            (Method::POST, "/CreateStage"),
            (Method::POST, "/StartViewerSessionRevocation"),
        ] {
            let err = route(&method, path).unwrap_err();
            assert_eq!(
                (err.status, err.code.as_str()),
                (404, "UnknownOperationException"),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn every_kind_operation_and_tagging_is_implemented_and_routed() {
        let names: Vec<&str> = Operation::all().map(Operation::name).collect();
        let declared = kinds::KINDS
            .iter()
            .flat_map(|kind| kind.operations.iter().map(|(_, name)| *name))
            .chain(kinds::TAGGING);
        for name in declared {
            assert!(names.contains(&name), "{name}");
            let http = &model().operation(name).http;
            let method = Method::from_bytes(http.method.as_bytes()).unwrap();
            let path = http.request_uri.replace("{resourceArn}", "x");
            assert_eq!(
                operation(&method, &path).ok().map(Operation::name),
                Some(name)
            );
        }
    }
}
