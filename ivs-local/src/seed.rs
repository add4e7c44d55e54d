//! Seeds: resources of any kind that exist when the server starts.
//!
//! A seed is JSON with, for each kind that has a Create operation, a list under the kind's
//! List member name (`recordingConfigurations`, ...), each entry in the API's own shape, as
//! boto3 would send it to the kind's Create, plus a few ivs-local fields that place the
//! resource:
//!
//! ```json
//! {"recordingConfigurations": [{
//!   "region": "us-west-2", "accountId": "123456789012", "id": "AbCd1234",
//!   "name": "demo", "destinationConfiguration": {"s3": {"bucketName": "my-bucket"}},
//!   "state": "ACTIVE", "inUseByChannel": false
//! }]}
//! ```
//!
//! `region` defaults to `us-east-1`, `accountId` to the server's account, `id` to a random
//! one; `arn` may be given instead of the three. Entries are checked with the model's
//! constraints of the kind's Create input, and then created as Create creates them (with
//! the kind's companion, if it has one); members the model does not have are rejected so that typos
//! do not pass silently. A kind's own seed fields (a recording configuration's `state` and
//! `inUseByChannel`) are documented with the kind. A top-level `createDelay` (`"2s"`, or
//! seconds) keeps resources created through the API pending for that long.
//!
//! Kinds are seeded in the order of `crate::kinds::KINDS`, so that a resource may name a
//! seeded resource of a kind it refers to.

use crate::arn::{self, IvsArn};
use crate::duration::parse_duration;
use crate::kinds::{KINDS, Kind, Role, SeedField};
use crate::model::model;
use crate::model::validate::check_input;
use crate::resources::{self, Placement};
use crate::store::{Resource, Scope, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Region of seeded resources that name none.
pub const DEFAULT_SEED_REGION: &str = "us-east-1";

/// Members of a seed entry that place the resource.
const PLACEMENT: [&str; 4] = ["arn", "region", "accountId", "id"];

/// The content of a seed file.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    /// Every entry, kinds in seeding order.
    pub entries: Vec<SeedEntry>,
    /// IAM role ARNs that the local STS lets callers assume.
    pub roles: Vec<String>,
    /// How long resources created through the API stay pending (`createDelay`;
    /// `--create-delay` wins over it).
    pub create_delay: Option<Duration>,
}

/// One seeded resource, as read.
#[derive(Debug, Clone)]
pub struct SeedEntry {
    kind: &'static Kind,
    index: usize,
    /// ` ("name")` when the entry has a name, to find it in the file.
    label: String,
    arn: Option<String>,
    region: Option<String>,
    account_id: Option<String>,
    id: Option<String>,
    in_use: bool,
    /// Health and viewer count of the stream a seeded channel starts with.
    live: Option<(String, u64)>,
    /// Members of the resource the API sets itself (`state`).
    members: Resource,
    /// The Create input.
    input: Resource,
    /// Its constraint violations, as the ValidationException would word them (reported when
    /// the seed is loaded, with the entry's place).
    violations: Option<String>,
}

/// Why a seed was rejected.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read seed file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("seed is not valid JSON: {0}")]
    Json(String),
    #[error("seed: {0}")]
    Format(String),
    #[error("seed entry {list}[{index}]{label}: {message}")]
    Entry {
        list: &'static str,
        index: usize,
        label: String,
        message: String,
    },
}

/// The kinds a seed may hold: those with a Create operation.
fn seeded_kinds() -> impl Iterator<Item = &'static Kind> {
    KINDS
        .iter()
        .copied()
        .filter(|kind| kind.operation(Role::Create).is_some())
}

fn create_input_shape(kind: &Kind) -> &'static str {
    model().input_shape(kind.operation(Role::Create).unwrap_or_default())
}

impl Seed {
    /// Reads and parses a seed file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Seed, SeedError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.to_owned(),
            source,
        })?;
        Seed::from_json(&text)
    }

    /// Parses seed JSON, rejecting unknown members and values of the wrong type.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| SeedError::Json(e.to_string()))?;
        let Value::Object(mut top) = value else {
            return Err(SeedError::Format(
                "expected an object like {\"recordingConfigurations\": [...]}".into(),
            ));
        };
        if let Some(key) = top.keys().find(|key| {
            !matches!(key.as_str(), "roles" | "createDelay")
                && !seeded_kinds().any(|kind| kind.list_member == key.as_str())
        }) {
            return Err(SeedError::Format(format!("unknown member '{key}'")));
        }
        let roles = match top.remove("roles") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(roles)) => roles
                .into_iter()
                .map(|role| match role {
                    Value::String(role) => Ok(role),
                    _ => Err(SeedError::Format(
                        "roles must be an array of IAM role ARNs".into(),
                    )),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(SeedError::Format(
                    "roles must be an array of IAM role ARNs".into(),
                ));
            }
        };
        let create_delay = match top.remove("createDelay") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text),
            Some(Value::Number(seconds)) => Some(seconds.to_string()),
            Some(_) => {
                return Err(SeedError::Format(
                    "createDelay must be a duration like \"2s\" or a number of seconds".into(),
                ));
            }
        }
        .map(|text| parse_duration(&text))
        .transpose()
        .map_err(|e| SeedError::Format(format!("createDelay: {e}")))?;
        let mut seed = Seed {
            entries: Vec::new(),
            roles,
            create_delay,
        };
        for kind in seeded_kinds() {
            let entries = match top.remove(kind.list_member) {
                None | Some(Value::Null) => continue,
                Some(Value::Array(entries)) => entries,
                Some(_) => {
                    return Err(SeedError::Format(format!(
                        "{} must be an array",
                        kind.list_member
                    )));
                }
            };
            seed.entries.reserve(entries.len());
            for (index, entry) in entries.into_iter().enumerate() {
                seed.entries.push(SeedEntry::parse(kind, index, entry)?);
            }
        }
        Ok(seed)
    }
}

fn entry_label(name: Option<&str>) -> String {
    match name {
        Some(name) if !name.is_empty() => format!(" (\"{name}\")"),
        _ => String::new(),
    }
}

/// The first member of `object` (at `path` in the entry) that the structure `shape` does not
/// have, at any depth.
fn unknown_member(object: &Resource, shape: &str, path: &str, extra: &[&str]) -> Option<String> {
    let members = model().members(shape);
    for (key, value) in object {
        let Some(member) = members.get(key) else {
            if extra.contains(&key.as_str()) {
                continue;
            }
            return Some(if path.is_empty() {
                format!("unknown member '{key}'")
            } else {
                format!("unknown member '{key}' in {path}")
            });
        };
        if let Value::Object(nested) = value
            && model().shape(&member.shape).kind == "structure"
        {
            let nested_path = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if let Some(found) = unknown_member(nested, &member.shape, &nested_path, &[]) {
                return Some(found);
            }
        }
    }
    None
}

/// `{"health": "HEALTHY"|"STARVING"|"UNKNOWN", "viewerCount": N}`, both optional.
fn live_field(name: &str, value: &Value) -> Result<(String, u64), String> {
    let Value::Object(members) = value else {
        return Err(format!(
            "{name} must be an object like {{\"health\": \"HEALTHY\", \"viewerCount\": 3}}"
        ));
    };
    if let Some(unknown) = members
        .keys()
        .find(|k| !["health", "viewerCount"].contains(&k.as_str()))
    {
        return Err(format!("unknown member '{unknown}' in {name}"));
    }
    let health = match members.get("health") {
        None => "HEALTHY",
        Some(Value::String(health)) => health,
        Some(_) => return Err(format!("{name}.health must be a string")),
    };
    let viewers = match members.get("viewerCount") {
        None => 0,
        Some(count) => count
            .as_u64()
            .ok_or_else(|| format!("{name}.viewerCount must be a whole number"))?,
    };
    Ok((health.to_owned(), viewers))
}

impl SeedEntry {
    fn parse(kind: &'static Kind, index: usize, entry: Value) -> Result<Self, SeedError> {
        let label = entry_label(entry.get("name").and_then(Value::as_str));
        let error = |message: String| SeedError::Entry {
            list: kind.list_member,
            index,
            label: label.clone(),
            message,
        };
        let Value::Object(mut input) = entry else {
            return Err(error("must be an object".into()));
        };
        let seed_names: Vec<&str> = kind
            .seed_fields
            .iter()
            .map(|field| match field {
                SeedField::Member(name) | SeedField::InUse(name) | SeedField::Live(name) => *name,
            })
            .chain(PLACEMENT)
            .collect();
        let shape = create_input_shape(kind);
        if let Some(message) = unknown_member(&input, shape, "", &seed_names) {
            return Err(error(message));
        }
        let mut text_field = |name: &str| -> Result<Option<String>, SeedError> {
            match input.remove(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(text)) => Ok(Some(text)),
                Some(_) => Err(error(format!("{name} must be a string"))),
            }
        };
        let (arn, region, account_id, id) = (
            text_field("arn")?,
            text_field("region")?,
            text_field("accountId")?,
            text_field("id")?,
        );
        let mut members = Resource::new();
        let mut in_use = false;
        let mut live = None;
        for field in kind.seed_fields {
            match field {
                SeedField::Member(name) => match input.remove(*name) {
                    None | Some(Value::Null) => {}
                    Some(value) => {
                        members.insert((*name).to_owned(), value);
                    }
                },
                SeedField::InUse(name) => match input.remove(*name) {
                    None | Some(Value::Null) => {}
                    Some(Value::Bool(flag)) => in_use = flag,
                    Some(_) => return Err(error(format!("{name} must be true or false"))),
                },
                SeedField::Live(name) => match input.remove(*name) {
                    None | Some(Value::Null) => {}
                    Some(value) => live = Some(live_field(name, &value).map_err(error)?),
                },
            }
        }
        let input_value = Value::Object(input);
        let violations = check_input(shape, &input_value)
            .map_err(|e| error(e.0))?
            .into_result()
            .err()
            .map(|e| e.message);
        let Value::Object(input) = input_value else {
            unreachable!("built from an object");
        };
        Ok(SeedEntry {
            kind,
            index,
            label,
            arn,
            region,
            account_id,
            id,
            in_use,
            live,
            members,
            input,
            violations,
        })
    }

    fn error(&self, message: String) -> SeedError {
        SeedError::Entry {
            list: self.kind.list_member,
            index: self.index,
            label: self.label.clone(),
            message,
        }
    }

    /// Where the entry lives and its id, checked.
    fn placement(&self, default_account: &str) -> Result<(Scope, Option<String>), SeedError> {
        let kind = self.kind;
        let (region, account, id) = match &self.arn {
            Some(full) => {
                let parsed = IvsArn::parse(full)
                    .filter(|parsed| parsed.resource_type == kind.resource_type)
                    .ok_or_else(|| {
                        self.error(format!(
                            "arn: '{full}' is not a {} ARN (arn:aws:ivs:REGION:ACCOUNT:{}/ID)",
                            kind.what, kind.resource_type
                        ))
                    })?;
                for (member, given, in_arn) in [
                    ("region", &self.region, parsed.region),
                    ("accountId", &self.account_id, parsed.account),
                    ("id", &self.id, parsed.id),
                ] {
                    if let Some(given) = given
                        && given != in_arn
                    {
                        return Err(self.error(format!(
                            "{member}: '{given}' contradicts the arn, which says '{in_arn}'"
                        )));
                    }
                }
                (
                    parsed.region.to_owned(),
                    parsed.account.to_owned(),
                    Some(parsed.id.to_owned()),
                )
            }
            None => (
                self.region
                    .clone()
                    .unwrap_or_else(|| DEFAULT_SEED_REGION.to_owned()),
                self.account_id
                    .clone()
                    .unwrap_or_else(|| default_account.to_owned()),
                self.id.clone(),
            ),
        };
        if !arn::is_region(&region) {
            return Err(self.error(format!(
                "region: '{region}' must match [a-z0-9-]+, e.g. us-west-2"
            )));
        }
        if !arn::is_account_id(&account) {
            return Err(self.error(format!("accountId: '{account}' must be 12 digits")));
        }
        let scope = Scope::new(region, account);
        if let Some(id) = &id
            && (!arn::is_resource_id(id) || kind.arn(&scope, id).len() > 128)
        {
            return Err(self.error(format!(
                "id: '{id}' must match [a-zA-Z0-9-]+ and keep the ARN within 128 characters"
            )));
        }
        Ok((scope, id))
    }
}

/// A seeded member the API sets itself must be one of its enum's values in the output shape.
fn check_output_enum(kind: &Kind, member: &str, value: &Value) -> Result<(), String> {
    let allowed = model()
        .member_shape(kind.shape, member)
        .and_then(|shape| shape.values.as_ref());
    match (value.as_str(), allowed) {
        (Some(text), Some(allowed)) if allowed.iter().any(|v| v == text) => Ok(()),
        (Some(text), Some(allowed)) => Err(format!(
            "{member}: '{text}' must be one of {}",
            allowed.join(", ")
        )),
        (None, _) => Err(format!("{member} must be a string")),
        (Some(_), None) => Ok(()),
    }
}

/// Stores every entry of `seed` in `store`, in order; accounts not named default to
/// `default_account`. Constraints, quota, references and duplicate ids are checked as for
/// Create.
pub(crate) fn load(seed: &Seed, store: &mut Store, default_account: &str) -> Result<(), SeedError> {
    for entry in &seed.entries {
        let (scope, id) = entry.placement(default_account)?;
        for (member, value) in &entry.members {
            check_output_enum(entry.kind, member, value).map_err(|m| entry.error(m))?;
        }
        if let Some(violations) = &entry.violations {
            return Err(entry.error(violations.clone()));
        }
        let mut input = entry.input.clone();
        input.extend(entry.members.clone());
        let placement = Placement {
            id,
            in_use: entry.in_use,
            settled: true,
        };
        let (arn, _) = resources::insert_new(store, &scope, entry.kind, input, placement)
            .map_err(|e| entry.error(e.message))?;
        if let Some((health, viewers)) = &entry.live {
            crate::live::go_live(store, &scope, &arn, health, *viewers)
                .map_err(|e| entry.error(e.message))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_nested_members_naming_the_entry() {
        let err = Seed::from_json(
            r#"{"recordingConfigurations":[{"name":"demo","destinationConfiguration":{"s3":{"bucket":"b"}}}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "seed entry recordingConfigurations[0] (\"demo\"): unknown member 'bucket' in destinationConfiguration.s3"
        );
    }

    #[test]
    fn an_arn_fixes_region_account_and_id() {
        let seed = Seed::from_json(
            r#"{"recordingConfigurations":[{"arn":"arn:aws:ivs:eu-west-1:111122223333:recording-configuration/abc","destinationConfiguration":{"s3":{"bucketName":"bucket"}}}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (scope, id) = seed.entries[0]
            .placement("123456789012")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(scope, Scope::new("eu-west-1", "111122223333"));
        assert_eq!(id.as_deref(), Some("abc"));
    }

    #[test]
    fn channels_are_seeded_with_their_stream_key() {
        let seed = Seed::from_json(
            r#"{"channels":[{"region":"us-west-2","id":"Chan1","name":"one","tags":{"k":"v"}}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut store = Store::default();
        load(&seed, &mut store, "123456789012").unwrap_or_else(|e| panic!("{e}"));
        let scope = Scope::new("us-west-2", "123456789012");
        assert_eq!(store.count(&scope, "channel"), 1);
        assert_eq!(store.count(&scope, "stream-key"), 1);
    }

    #[test]
    fn a_channel_naming_a_missing_recording_configuration_is_refused() {
        let seed = Seed::from_json(
            r#"{"channels":[{"recordingConfigurationArn":"arn:aws:ivs:us-east-1:123456789012:recording-configuration/Nope"}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let err = load(&seed, &mut Store::default(), "123456789012").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("seed entry channels[0]: Resource: arn:"),
            "{err}"
        );
    }

    #[test]
    fn policies_key_pairs_and_the_channels_naming_them_are_seeded() {
        let key = serde_json::to_string(include_str!("../tests/data/p384-a.pem")).unwrap();
        let policy = "arn:aws:ivs:us-east-1:123456789012:playback-restriction-policy/Pol1";
        let seed = Seed::from_json(&format!(
            r#"{{"keyPairs":[{{"publicKeyMaterial":{key}}}],
                "playbackRestrictionPolicies":[{{"arn":"{policy}","allowedCountries":["FR"]}}],
                "channels":[{{"playbackRestrictionPolicyArn":"{policy}"}}]}}"#
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let mut store = Store::default();
        load(&seed, &mut store, "123456789012").unwrap_or_else(|e| panic!("{e}"));
        let scope = Scope::new("us-east-1", "123456789012");
        let pairs = store.select(&scope, "playback-key", |_| true);
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].get("publicKeyMaterial").is_none());
        assert_eq!(pairs[0]["fingerprint"].as_str().map(str::len), Some(47));
        assert_eq!(store.count(&scope, "channel"), 1);

        let bad = Seed::from_json(r#"{"keyPairs":[{"publicKeyMaterial":"nope"}]}"#).unwrap();
        let err = load(&bad, &mut Store::default(), "123456789012").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("seed entry keyPairs[0]: publicKeyMaterial must be"),
            "{err}"
        );
    }
}
