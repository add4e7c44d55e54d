//! The model's HTTP bindings: which method and path is which operation, and where each input
//! member travels (the JSON body, a URI label, the query string).

use super::{OperationModel, model};
use crate::errors::ApiError;
use axum::http::Method;
use serde_json::{Map, Value};

/// The operation of the model whose binding matches a method and (raw) path, with its URI
/// labels still percent-encoded. Decodes nothing, so it cannot fail on a request's content.
pub fn operation_at<'p>(method: &Method, path: &'p str) -> Option<(&'static str, Labels<'p>)> {
    model().operations.iter().find_map(|(name, operation)| {
        if operation.http.method != method.as_str() {
            return None;
        }
        let labels = match_template(&operation.http.request_uri, path)?;
        Some((name.as_str(), labels))
    })
}

/// URI labels of a request: name and raw (percent-encoded) value.
pub type Labels<'p> = Vec<(&'static str, &'p str)>;

/// Matches `/tags/{resourceArn}` against a path. The last label takes the whole rest of the
/// path: the SDKs encode ':' and '/' in it, but a hand-written request may leave '/' as is.
fn match_template<'p>(template: &'static str, path: &'p str) -> Option<Labels<'p>> {
    let template = template.split('?').next().unwrap_or(template);
    let mut labels = Vec::new();
    let mut rest = path;
    let mut parts = template.split('{').peekable();
    let literal = parts.next().unwrap_or_default();
    rest = rest.strip_prefix(literal)?;
    while let Some(part) = parts.next() {
        let (label, literal) = part.split_once('}')?;
        let label = label.trim_end_matches('+');
        if parts.peek().is_none() && literal.is_empty() {
            labels.push((label, rest));
            rest = "";
        } else {
            let end = rest.find(literal).filter(|_| !literal.is_empty())?;
            labels.push((label, &rest[..end]));
            rest = &rest[end + literal.len()..];
        }
    }
    rest.is_empty().then_some(labels)
}

/// The input of `operation` as one JSON object with the model's member names: the members of
/// the JSON body, then URI labels and query-string members where the model puts them.
pub fn bind(
    operation: &OperationModel,
    labels: &[(&str, String)],
    query: Option<&str>,
    body: &[u8],
) -> Result<Value, ApiError> {
    let mut input = parse_body(body)?;
    let Some(shape) = &operation.input else {
        return Ok(Value::Object(input));
    };
    for (name, member) in model().members(&shape.shape) {
        let wire_name = member.location_name.as_deref().unwrap_or(name);
        match member.location.as_deref() {
            None => {}
            Some("uri") => {
                input.remove(name);
                if let Some((_, value)) = labels.iter().find(|(label, _)| *label == wire_name) {
                    input.insert(name.clone(), Value::String(value.clone()));
                }
            }
            Some("querystring") => {
                input.remove(name);
                let values: Vec<Value> =
                    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                        .filter(|(key, _)| key == wire_name)
                        .map(|(_, value)| Value::String(value.into_owned()))
                        .collect();
                // No parameter at all is an absent member (an empty list looks the same).
                if values.is_empty() {
                    continue;
                }
                let value = if model().shape(&member.shape).kind == "list" {
                    Value::Array(values)
                } else {
                    values.into_iter().next().unwrap_or(Value::Null)
                };
                input.insert(name.clone(), value);
            }
            // Headers: no IVS input member travels in one.
            Some(_) => {
                input.remove(name);
            }
        }
    }
    Ok(Value::Object(input))
}

/// Parses a JSON request body, which must be an object; an empty body is an empty input.
fn parse_body(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(input)) => Ok(input),
        Ok(_) => Err(ApiError::serialization(
            "Could not parse the request body: expected a JSON object",
        )),
        Err(e) => Err(ApiError::serialization(format!(
            "Could not parse the request body: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_literal_paths_and_trailing_labels() {
        assert_eq!(match_template("/GetChannel", "/GetChannel"), Some(vec![]));
        assert_eq!(match_template("/GetChannel", "/GetChannels"), None);
        assert_eq!(
            match_template("/tags/{resourceArn}", "/tags/arn%3Aaws/x"),
            Some(vec![("resourceArn", "arn%3Aaws/x")])
        );
        assert_eq!(
            match_template("/tags/{resourceArn}", "/tags/"),
            Some(vec![("resourceArn", "")])
        );
    }

    #[test]
    fn operations_are_found_by_method_and_path() {
        let (name, _) = operation_at(&Method::DELETE, "/tags/x").expect("UntagResource");
        assert_eq!(name, "UntagResource");
        assert!(operation_at(&Method::GET, "/CreateChannel").is_none());
    }
}
