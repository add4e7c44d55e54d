//! Input validation by the model's constraints, worded as AWS words them.
//!
//! One walk over any input shape checks what the model says of every member: required, type,
//! length (in UTF-16 units, as AWS's Java counts), pattern (matched against the whole value),
//! range, enum, list and map sizes, list elements, map keys and values. Violations are collected
//! and reported together in one `ValidationException`, as AWS does:
//! `2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: ...; ...`.
//! A value of the wrong JSON type is not a constraint violation but a body that cannot be read:
//! `SerializationException`, as from AWS.

use super::{Shape, Tags, model};
use crate::errors::ApiError;
use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Most tags a resource can carry (the model's `Tags` map max).
pub const MAX_TAGS: usize = 50;

/// Patterns the model writes in a form the service contradicts, matched as the service
/// matches them while messages quote the model's text. `ResourceArn` reads `...:[a-z-]/...`
/// (a single character for the resource type), which no IVS ARN matches; the service takes
/// its own ARNs.
const WIDENED: &[(&str, &str)] = &[(
    "ResourceArn",
    "arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]+/[a-zA-Z0-9-]+",
)];

/// Every pattern of the model, compiled once, by shape name.
static PATTERNS: LazyLock<HashMap<&'static str, Regex>> = LazyLock::new(|| {
    model()
        .shapes
        .iter()
        .filter_map(|(name, shape)| {
            let written = shape.pattern.as_deref()?;
            let matched = WIDENED
                .iter()
                .find(|(shape, _)| shape == name)
                .map_or(written, |(_, matched)| matched);
            let regex = Regex::new(&format!("^(?:{matched})$"))
                .unwrap_or_else(|e| unreachable!("model pattern {matched} must compile: {e}"));
            Some((name.as_str(), regex))
        })
        .collect()
});

/// Constraint violations of one request, reported together.
#[derive(Debug, Default)]
pub struct Violations {
    items: Vec<String>,
}

impl Violations {
    /// Records that `value` (already rendered: `'x'` or `null`) at `member` broke `constraint`.
    fn add(&mut self, value: &str, member: &str, constraint: &str) {
        self.items.push(format!(
            "Value {value} at '{member}' failed to satisfy constraint: {constraint}"
        ));
    }

    /// The violations as AWS words them, one line.
    pub fn message(&self) -> String {
        let count = self.items.len();
        let noun = if count == 1 { "error" } else { "errors" };
        format!(
            "{count} validation {noun} detected: {}",
            self.items.join("; ")
        )
    }

    /// `Ok` if nothing was violated, else the `ValidationException`.
    pub fn into_result(self) -> Result<(), ApiError> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.message()))
        }
    }
}

/// A value of the wrong JSON type at a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError(pub String);

impl TypeError {
    /// The `SerializationException` of a request body.
    pub fn into_api_error(self) -> ApiError {
        ApiError::serialization(format!("Could not parse the request body: {}", self.0))
    }
}

/// Checks `input` against the structure `shape`: `Err` for a value of the wrong type,
/// else every constraint violation (possibly none).
pub fn check_input(shape: &str, input: &Value) -> Result<Violations, TypeError> {
    let mut violations = Violations::default();
    check_structure(shape, input, "", &mut violations)?;
    Ok(violations)
}

/// Checks a request's input, with the error AWS answers when it fails.
pub fn validate_input(shape: &str, input: &Value) -> Result<(), ApiError> {
    check_input(shape, input)
        .map_err(TypeError::into_api_error)?
        .into_result()
}

fn type_error(expected: &str, path: &str, value: &Value) -> TypeError {
    let found = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let at = if path.is_empty() {
        "the request".to_owned()
    } else {
        format!("'{path}'")
    };
    TypeError(format!(
        "invalid type: expected {expected} at {at}, found {found}"
    ))
}

fn check_structure(
    shape_name: &str,
    value: &Value,
    path: &str,
    violations: &mut Violations,
) -> Result<(), TypeError> {
    let Value::Object(object) = value else {
        return Err(type_error("an object", path, value));
    };
    let shape = model().shape(shape_name);
    for (name, member) in &shape.members {
        let member_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        match object.get(name) {
            None | Some(Value::Null) => {
                if shape.required.contains(name) {
                    violations.add("null", &member_path, "Member must not be null");
                }
            }
            Some(value) => check_value(&member.shape, value, &member_path, violations)?,
        }
    }
    Ok(())
}

fn check_value(
    shape_name: &str,
    value: &Value,
    path: &str,
    violations: &mut Violations,
) -> Result<(), TypeError> {
    let shape = model().shape(shape_name);
    match shape.kind.as_str() {
        "structure" => check_structure(shape_name, value, path, violations),
        "string" => {
            let text = value
                .as_str()
                .ok_or_else(|| type_error("a string", path, value))?;
            for constraint in string_constraints(shape_name, shape, text) {
                violations.add(&quoted(text), path, &constraint);
            }
            Ok(())
        }
        "integer" | "long" => {
            let number = value
                .as_i64()
                .ok_or_else(|| type_error("an integer", path, value))?;
            for constraint in range_constraints(shape, number) {
                violations.add(&quoted(number), path, &constraint);
            }
            Ok(())
        }
        "boolean" => match value {
            Value::Bool(_) => Ok(()),
            _ => Err(type_error("a boolean", path, value)),
        },
        "list" => check_list(shape, value, path, violations),
        "map" => check_map(shape, value, path, violations),
        // Timestamps, blobs, numbers the IVS inputs do not use with constraints.
        _ => Ok(()),
    }
}

fn check_list(
    shape: &Shape,
    value: &Value,
    path: &str,
    violations: &mut Violations,
) -> Result<(), TypeError> {
    let Value::Array(items) = value else {
        return Err(type_error("an array", path, value));
    };
    let rendered = || quoted(render(value));
    for constraint in size_constraints(shape, items.len()) {
        violations.add(&rendered(), path, &constraint);
    }
    let Some(element) = &shape.member else {
        return Ok(());
    };
    let element_shape = model().shape(&element.shape);
    if element_shape.kind != "string" {
        for item in items {
            check_value(&element.shape, item, path, violations)?;
        }
        return Ok(());
    }
    // The message names the list once, with every constraint its elements break.
    let mut broken: Vec<String> = Vec::new();
    for item in items {
        let text = item
            .as_str()
            .ok_or_else(|| type_error("a string", path, item))?;
        for constraint in string_constraints(&element.shape, element_shape, text) {
            if !broken.contains(&constraint) {
                broken.push(constraint);
            }
        }
    }
    if !broken.is_empty() {
        violations.add(
            &rendered(),
            path,
            &format!("Member must satisfy constraint: [{}]", broken.join(", ")),
        );
    }
    Ok(())
}

fn check_map(
    shape: &Shape,
    value: &Value,
    path: &str,
    violations: &mut Violations,
) -> Result<(), TypeError> {
    let Value::Object(entries) = value else {
        return Err(type_error("an object", path, value));
    };
    let rendered = || quoted(render(value));
    for constraint in size_constraints(shape, entries.len()) {
        violations.add(&rendered(), path, &constraint);
    }
    let (Some(key), Some(value_ref)) = (&shape.key, &shape.value) else {
        return Ok(());
    };
    let key_shape = model().shape(&key.shape);
    let value_shape = model().shape(&value_ref.shape);
    let mut broken_keys: Vec<String> = Vec::new();
    let mut broken_values: Vec<String> = Vec::new();
    for (k, v) in entries {
        for constraint in string_constraints(&key.shape, key_shape, k) {
            if !broken_keys.contains(&constraint) {
                broken_keys.push(constraint);
            }
        }
        if value_shape.kind != "string" {
            check_value(&value_ref.shape, v, path, violations)?;
            continue;
        }
        let text = v.as_str().ok_or_else(|| type_error("a string", path, v))?;
        for constraint in string_constraints(&value_ref.shape, value_shape, text) {
            if !broken_values.contains(&constraint) {
                broken_values.push(constraint);
            }
        }
    }
    for (what, broken) in [("Map keys", broken_keys), ("Map value", broken_values)] {
        if !broken.is_empty() {
            violations.add(
                &rendered(),
                path,
                &format!("{what} must satisfy constraint: [{}]", broken.join(", ")),
            );
        }
    }
    Ok(())
}

fn quoted(value: impl std::fmt::Display) -> String {
    format!("'{value}'")
}

/// Renders a value the way AWS's (Java) messages do: `[a, b]`, `{k=v, k2=v2}`.
fn render(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(render).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}={}", render(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        other => other.to_string(),
    }
}

/// Length as AWS counts it (Java strings: UTF-16 code units).
fn length(value: &str) -> usize {
    value.encode_utf16().count()
}

fn bound(limit: Option<f64>) -> Option<i64> {
    // Model bounds are whole numbers written as JSON numbers.
    limit.map(|limit| limit as i64)
}

/// The enum, length and pattern constraints of a string shape that `text` breaks.
fn string_constraints(shape_name: &str, shape: &Shape, text: &str) -> Vec<String> {
    if let Some(values) = &shape.values {
        return if values.iter().any(|v| v == text) {
            Vec::new()
        } else {
            vec![format!(
                "Member must satisfy enum value set: [{}]",
                values.join(", ")
            )]
        };
    }
    let mut broken = size_constraints(shape, length(text));
    if let (Some(pattern), Some(regex)) = (&shape.pattern, PATTERNS.get(shape_name))
        && !regex.is_match(text)
    {
        broken.push(format!(
            "Member must satisfy regular expression pattern: {pattern}"
        ));
    }
    broken
}

/// Length bounds of strings, lists and maps, as AWS words them (maximum first).
fn size_constraints(shape: &Shape, size: usize) -> Vec<String> {
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    let mut broken = Vec::new();
    if let Some(max) = bound(shape.max)
        && size > max
    {
        broken.push(format!(
            "Member must have length less than or equal to {max}"
        ));
    }
    if let Some(min) = bound(shape.min)
        && size < min
    {
        broken.push(format!(
            "Member must have length greater than or equal to {min}"
        ));
    }
    broken
}

fn range_constraints(shape: &Shape, number: i64) -> Vec<String> {
    let mut broken = Vec::new();
    if let Some(max) = bound(shape.max)
        && number > max
    {
        broken.push(format!(
            "Member must have value less than or equal to {max}"
        ));
    }
    if let Some(min) = bound(shape.min)
        && number < min
    {
        broken.push(format!(
            "Member must have value greater than or equal to {min}"
        ));
    }
    broken
}

/// Tag keys beginning with `aws:` are reserved for AWS (AWS tagging rules), in any case.
pub fn check_reserved_tag_keys<'a>(
    keys: impl IntoIterator<Item = &'a String>,
) -> Result<(), ApiError> {
    match keys
        .into_iter()
        .find(|key| key.to_ascii_lowercase().starts_with("aws:"))
    {
        Some(key) => Err(ApiError::validation(format!(
            "Tag key '{key}' is invalid: the prefix 'aws:' is reserved for AWS use"
        ))),
        None => Ok(()),
    }
}

/// The `tags` member of an input or resource, if it has one.
pub fn tags_of(value: &serde_json::Map<String, Value>) -> Tags {
    value
        .get("tags")
        .and_then(Value::as_object)
        .map(|tags| {
            tags.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_every_violation_in_one_message() {
        let input = json!({"name": "bad name", "recordingReconnectWindowSeconds": 301});
        let violations = check_input("CreateRecordingConfigurationRequest", &input)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            violations.message(),
            "3 validation errors detected: \
             Value null at 'destinationConfiguration' failed to satisfy constraint: Member must not be null; \
             Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*; \
             Value '301' at 'recordingReconnectWindowSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_a_type_error_naming_the_member() {
        let input = json!({"destinationConfiguration": {"s3": {"bucketName": 5}}});
        let error = check_input("CreateRecordingConfigurationRequest", &input).unwrap_err();
        assert_eq!(
            error.0,
            "invalid type: expected a string at 'destinationConfiguration.s3.bucketName', found a number"
        );
    }

    #[test]
    fn the_resource_arn_pattern_takes_real_arns_and_quotes_the_model() {
        let input =
            json!({"resourceArn": "arn:aws:ivs:us-west-2:123456789012:channel/AbC", "tagKeys": []});
        let violations =
            check_input("UntagResourceRequest", &input).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(violations.items.is_empty(), "{violations:?}");
        let bad = json!({"resourceArn": "arn:aws:s3:::bucket", "tagKeys": []});
        let message = check_input("UntagResourceRequest", &bad)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .message();
        assert!(message.contains(":[a-z-]/[a-zA-Z0-9-]+"), "{message}");
    }

    #[test]
    fn lengths_count_utf16_units() {
        assert_eq!(length("é"), 1);
        assert_eq!(length("😀"), 2);
    }
}
