//! Faults as people write them: kind names (`throttling`, `hang`, ...) for
//! `--fault`, and the JSON body of `POST /_ivs_local/faults`.

use crate::duration::parse_duration;
use crate::faults::{ANY_OPERATION, Fault, FaultContext, FaultError, FaultKind};
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// The kind names, as `--fault` and the hook's `kind` take them.
pub const FAULT_KIND_NAMES: &[&str] = &[
    "throttling",
    "internal-server",
    "service-unavailable",
    "access-denied",
    "conflict",
    "service-quota-exceeded",
    "validation",
    "latency",
    "hang",
    "reset",
];

/// Parses a comma-separated list of kind names (`throttling,internal-server`).
/// `latency` is the duration of the `latency` kind; `latency_field` names
/// where it comes from (a flag or a JSON field), for the error messages.
pub fn parse_fault_kinds(
    list: &str,
    latency: Option<Duration>,
    latency_field: &str,
) -> Result<Vec<FaultKind>, String> {
    let kinds = list
        .split(',')
        .map(|name| parse_fault_kind(name.trim(), latency, latency_field))
        .collect::<Result<Vec<_>, _>>()?;
    let uses_latency = kinds.iter().any(|k| matches!(k, FaultKind::Latency(_)));
    if latency.is_some() && !uses_latency {
        return Err(format!(
            "{latency_field} is only used by the latency kind, which is not listed"
        ));
    }
    Ok(kinds)
}

fn parse_fault_kind(
    name: &str,
    latency: Option<Duration>,
    latency_field: &str,
) -> Result<FaultKind, String> {
    Ok(match name {
        "throttling" => FaultError::Throttling.into(),
        "internal-server" => FaultError::InternalServer.into(),
        "service-unavailable" => FaultError::ServiceUnavailable.into(),
        "access-denied" => FaultError::AccessDenied.into(),
        "conflict" => FaultError::Conflict.into(),
        "service-quota-exceeded" => FaultError::ServiceQuotaExceeded.into(),
        "validation" => FaultError::Validation("Invalid request".to_owned()).into(),
        "latency" => FaultKind::Latency(
            latency.ok_or_else(|| format!("the latency kind needs {latency_field}"))?,
        ),
        "hang" => FaultKind::Hang,
        "reset" => FaultKind::Reset,
        _ => {
            let short: String = name.chars().take(40).collect();
            return Err(format!(
                "unknown fault kind '{short}'; known kinds: {}",
                FAULT_KIND_NAMES.join(", ")
            ));
        }
    })
}

/// The JSON body of `POST /_ivs_local/faults`: either `kind` (a name or a
/// list of names, see [`FAULT_KIND_NAMES`]) or `errorType`.
///
/// `errorType` is one of `ThrottlingException`, `InternalServerException`,
/// `ServiceUnavailableException`, `AccessDeniedException`,
/// `ConflictException`, `ServiceQuotaExceededException`,
/// `ValidationException`, or any other name together with `status`.
/// `message` and `status` override the defaults of the known types.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRequest {
    #[serde(default = "any_operation")]
    pub operation: String,
    /// A kind name or a list of them.
    pub kind: Option<Value>,
    pub error_type: Option<String>,
    /// `"500ms"`, `"2s"`, or a number of seconds.
    pub latency: Option<Value>,
    pub probability: Option<f64>,
    /// A number of firings, or `"always"`.
    pub times: Option<Value>,
    pub message: Option<String>,
    pub status: Option<u16>,
}

/// Parses a JSON array of hook bodies (the `--faults` file), naming the
/// position of a bad one.
pub fn parse_faults_json(text: &str) -> Result<Vec<Fault>, String> {
    let requests: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("expected a JSON array of faults: {e}"))?;
    requests
        .into_iter()
        .enumerate()
        .map(|(index, request)| {
            serde_json::from_value::<FaultRequest>(request)
                .map_err(|e| e.to_string())
                .and_then(FaultRequest::into_fault)
                .map_err(|e| format!("fault {index}: {e}"))
        })
        .collect()
}

/// A JSON value as an error message quotes it: at most 40 characters.
fn brief(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text,
    }
}

fn any_operation() -> String {
    ANY_OPERATION.to_owned()
}

impl FaultRequest {
    /// The fault this request describes, or why it describes none (naming the field).
    pub fn into_fault(self) -> Result<Fault, String> {
        let latency = match &self.latency {
            None => None,
            Some(Value::Number(seconds)) => {
                Some(parse_duration(&seconds.to_string()).map_err(|e| format!("latency: {e}"))?)
            }
            Some(Value::String(text)) => {
                Some(parse_duration(text).map_err(|e| format!("latency: {e}"))?)
            }
            Some(other) => {
                return Err(format!(
                    "latency: {} must be a duration like \"500ms\" or a number of seconds",
                    brief(other)
                ));
            }
        };
        let kinds = match (&self.kind, &self.error_type) {
            (Some(_), Some(_)) => return Err("give either kind or errorType, not both".to_owned()),
            (None, None) => {
                return Err(format!(
                    "give kind (one of {}) or errorType",
                    FAULT_KIND_NAMES.join(", ")
                ));
            }
            (Some(names), None) => {
                if self.message.is_some() || self.status.is_some() {
                    return Err("message and status go with errorType, not kind".to_owned());
                }
                let list = match names {
                    Value::String(name) => name.clone(),
                    Value::Array(names) if names.iter().all(Value::is_string) => names
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                    other => {
                        return Err(format!(
                            "kind: {} must be a kind name or a list of them",
                            brief(other)
                        ));
                    }
                };
                parse_fault_kinds(&list, latency, "latency").map_err(|e| format!("kind: {e}"))?
            }
            (None, Some(error_type)) => {
                if latency.is_some() {
                    return Err("latency goes with kind latency, not errorType".to_owned());
                }
                vec![FaultKind::Error(self.error(error_type)?)]
            }
        };
        let mut fault = Fault::one_of(self.operation, kinds);
        if let Some(probability) = self.probability {
            crate::faults::check_probability(probability)?;
            fault.probability = probability;
        }
        fault.times = match &self.times {
            None => Some(1),
            Some(Value::String(word)) if word == "always" => None,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)) => {
                n.as_u64().map(|n| n as u32)
            }
            Some(other) => {
                return Err(format!(
                    "times {} must be a number of firings or \"always\"",
                    brief(other)
                ));
            }
        };
        fault.check()?;
        Ok(fault)
    }

    fn error(&self, error_type: &str) -> Result<FaultError, String> {
        let known = match error_type {
            "ThrottlingException" => Some(FaultError::Throttling),
            "InternalServerException" => Some(FaultError::InternalServer),
            "ServiceUnavailableException" => Some(FaultError::ServiceUnavailable),
            "AccessDeniedException" => Some(FaultError::AccessDenied),
            "ConflictException" => Some(FaultError::Conflict),
            "ServiceQuotaExceededException" => Some(FaultError::ServiceQuotaExceeded),
            "ValidationException" => Some(FaultError::Validation(
                self.message
                    .clone()
                    .unwrap_or_else(|| "Invalid request".to_owned()),
            )),
            _ => None,
        };
        Ok(match (known, self.status, self.message.clone()) {
            (Some(FaultError::Validation(message)), None, _) => FaultError::Validation(message),
            (Some(error), None, None) => error,
            (Some(error), status, message) => {
                // Keep the type's own status and message unless overridden.
                let defaults = error.to_api_error(&FaultContext {
                    operation: &self.operation,
                    account: "",
                    access_key: "",
                    resource: "",
                });
                FaultError::Custom {
                    status: status.unwrap_or(defaults.status),
                    error_type: error_type.to_owned(),
                    message: message.unwrap_or(defaults.message),
                }
            }
            (None, Some(status), message) => FaultError::Custom {
                status,
                message: message.unwrap_or_else(|| error_type.to_owned()),
                error_type: error_type.to_owned(),
            },
            (None, None, _) => {
                let short: String = error_type.chars().take(40).collect();
                return Err(format!(
                    "unknown errorType '{short}': give its HTTP status in 'status'"
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Fault, String> {
        serde_json::from_str::<FaultRequest>(json)
            .map_err(|e| e.to_string())?
            .into_fault()
    }

    #[test]
    fn kinds_probability_and_times() {
        let fault = parse(
            r#"{"kind": ["throttling", "internal-server"], "probability": 0.3, "times": "always"}"#,
        )
        .unwrap();
        assert_eq!(fault.operation, "*");
        assert_eq!(
            fault.kinds,
            [
                FaultError::Throttling.into(),
                FaultError::InternalServer.into()
            ]
        );
        assert_eq!((fault.probability, fault.times), (0.3, None));
        let fault = parse(
            r#"{"operation": "GetRecordingConfiguration", "kind": "latency", "latency": "250ms"}"#,
        )
        .unwrap();
        assert_eq!(
            fault.kinds,
            [FaultKind::Latency(Duration::from_millis(250))]
        );
        assert_eq!((fault.probability, fault.times), (1.0, Some(1)));
        let fault = parse(r#"{"kind": "latency", "latency": 1.5, "times": 4}"#).unwrap();
        assert_eq!(
            fault.kinds,
            [FaultKind::Latency(Duration::from_millis(1500))]
        );
        assert_eq!(fault.times, Some(4));
    }

    #[test]
    fn errors_name_the_field() {
        for (json, field) in [
            (r#"{"kind": "hang", "probability": 1.5}"#, "probability 1.5"),
            (
                r#"{"kind": "hang", "probability": -0.1}"#,
                "probability -0.1",
            ),
            (
                r#"{"kind": "latency"}"#,
                "kind: the latency kind needs latency",
            ),
            (
                r#"{"kind": "latency", "latency": "soon"}"#,
                "latency: 'soon'",
            ),
            (r#"{"kind": "latency", "latency": -1}"#, "latency: '-1'"),
            (
                r#"{"kind": "hang", "latency": "1s"}"#,
                "kind: latency is only used",
            ),
            (r#"{"kind": "teapot"}"#, "kind: unknown fault kind 'teapot'"),
            (r#"{"kind": "hang", "times": "often"}"#, "times \"often\""),
            (r#"{"kind": "hang", "times": -1}"#, "times -1"),
            (r#"{"kind": 3}"#, "kind: 3 must be"),
            (
                r#"{"kind": "latency", "latency": true}"#,
                "latency: true must",
            ),
            (
                r#"{"kind": "hang", "errorType": "ThrottlingException"}"#,
                "give either",
            ),
            (r#"{"kind": "hang", "status": 500}"#, "message and status"),
            (r#"{"operation": "*"}"#, "give kind"),
            (r#"{"errorType": "Teapot"}"#, "unknown errorType 'Teapot'"),
            (r#"{"errorType": "Teapot", "status": 200}"#, "status 200"),
        ] {
            let err = parse(json).unwrap_err();
            assert!(err.starts_with(field), "{json}: {err}");
        }
    }

    #[test]
    fn fault_files_are_arrays_of_hook_bodies() {
        let faults = parse_faults_json(
            r#"[{"kind": "throttling", "probability": 0.3, "times": "always"},
                {"operation": "ListRecordingConfigurations", "kind": "reset"}]"#,
        )
        .unwrap();
        assert_eq!(faults.len(), 2);
        let err =
            parse_faults_json(r#"[{"kind": "hang"}, {"kind": "hang", "times": -1}]"#).unwrap_err();
        assert!(err.starts_with("fault 1: times -1"), "{err}");
        assert!(parse_faults_json("{}").is_err());
    }

    #[test]
    fn flag_lists_parse_and_name_the_flag() {
        assert_eq!(
            parse_fault_kinds("throttling, reset", None, "--fault-latency").unwrap(),
            [FaultError::Throttling.into(), FaultKind::Reset]
        );
        let err = parse_fault_kinds("latency", None, "--fault-latency").unwrap_err();
        assert!(err.contains("--fault-latency"), "{err}");
    }
}
