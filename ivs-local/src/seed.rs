//! Seeds: recording configurations that exist when the server starts.
//!
//! A seed is JSON with the API's member names plus a few ivs-local fields
//! that place the resource:
//!
//! ```json
//! {"recordingConfigurations": [{
//!   "region": "us-west-2", "accountId": "123456789012", "id": "AbCd1234",
//!   "name": "demo",
//!   "destinationConfiguration": {"s3": {"bucketName": "my-bucket"}},
//!   "tags": {"team": "video"},
//!   "thumbnailConfiguration": {"recordingMode": "INTERVAL", "targetIntervalSeconds": 30},
//!   "recordingReconnectWindowSeconds": 10,
//!   "renditionConfiguration": {"renditionSelection": "ALL"},
//!   "state": "ACTIVE", "inUseByChannel": false
//! }]}
//! ```
//!
//! `region` defaults to `us-east-1`, `accountId` to the server's account,
//! `id` to a random one; `arn` may be given instead of the three. Entries
//! are validated with the same rules as CreateRecordingConfiguration, and
//! unknown members are rejected so that typos do not pass silently. A
//! top-level `createDelay` (`"2s"`, or seconds) keeps configurations created
//! through the API `CREATING` for that long.
//!
//! Seed loading sits on the store and knows nothing of the server's
//! settings: [`load`] is given the store and the default account.

use crate::arn::{self, IvsArn};
use crate::duration::parse_duration;
use crate::model::{CreateRecordingConfigurationInput, STATES};
use crate::store::{Placement, Scope, Store};
use crate::validation::{self, NewRecordingConfiguration};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Region of seeded resources that name none.
pub const DEFAULT_SEED_REGION: &str = "us-east-1";

/// The content of a seed file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seed {
    #[serde(default)]
    pub recording_configurations: Vec<SeedRecordingConfiguration>,
    /// IAM role ARNs that the local STS lets callers assume.
    #[serde(default)]
    pub roles: Vec<String>,
    /// How long configurations created through the API stay `CREATING`
    /// (`createDelay`; `--create-delay` wins over it).
    #[serde(skip)]
    pub create_delay: Option<Duration>,
}

/// One seeded recording configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedRecordingConfiguration {
    /// Full ARN; an alternative to `region` + `account_id` + `id`.
    pub arn: Option<String>,
    pub region: Option<String>,
    pub account_id: Option<String>,
    /// Resource id, the last part of the ARN (`[a-zA-Z0-9-]+`).
    pub id: Option<String>,
    /// `CREATING`, `CREATE_FAILED` or `ACTIVE` (default).
    pub state: Option<String>,
    /// Makes DeleteRecordingConfiguration answer `ConflictException`, as for
    /// a configuration a channel uses.
    #[serde(default)]
    pub in_use_by_channel: bool,
    /// The CreateRecordingConfiguration members.
    #[serde(flatten)]
    pub configuration: CreateRecordingConfigurationInput,
}

/// A seed entry with every member at one level: what [`Seed::from_json`]
/// deserializes, because `#[serde(flatten)]` buffers every member of every
/// entry first, which made seeding thousands of entries slow.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FlatEntry {
    arn: Option<String>,
    region: Option<String>,
    account_id: Option<String>,
    id: Option<String>,
    state: Option<String>,
    #[serde(default)]
    in_use_by_channel: bool,
    name: Option<String>,
    destination_configuration: Option<crate::model::DestinationConfigurationInput>,
    tags: Option<crate::model::Tags>,
    thumbnail_configuration: Option<crate::model::ThumbnailConfigurationInput>,
    recording_reconnect_window_seconds: Option<i64>,
    rendition_configuration: Option<crate::model::RenditionConfigurationInput>,
}

impl From<FlatEntry> for SeedRecordingConfiguration {
    fn from(flat: FlatEntry) -> Self {
        Self {
            arn: flat.arn,
            region: flat.region,
            account_id: flat.account_id,
            id: flat.id,
            state: flat.state,
            in_use_by_channel: flat.in_use_by_channel,
            configuration: CreateRecordingConfigurationInput {
                name: flat.name,
                destination_configuration: flat.destination_configuration,
                tags: flat.tags,
                thumbnail_configuration: flat.thumbnail_configuration,
                recording_reconnect_window_seconds: flat.recording_reconnect_window_seconds,
                rendition_configuration: flat.rendition_configuration,
            },
        }
    }
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
    #[error("seed entry recordingConfigurations[{index}]{label}: {message}")]
    Entry {
        index: usize,
        /// ` ("name")` when the entry has a name, to find it in the file.
        label: String,
        message: String,
    },
}

/// Members each JSON object of a seed may have, by path.
const KNOWN_MEMBERS: &[(&str, &[&str])] = &[
    ("", &["recordingConfigurations", "roles", "createDelay"]),
    (
        "entry",
        &[
            "arn",
            "region",
            "accountId",
            "id",
            "state",
            "inUseByChannel",
            "name",
            "destinationConfiguration",
            "tags",
            "thumbnailConfiguration",
            "recordingReconnectWindowSeconds",
            "renditionConfiguration",
        ],
    ),
    ("destinationConfiguration", &["s3"]),
    ("destinationConfiguration.s3", &["bucketName"]),
    (
        "thumbnailConfiguration",
        &[
            "recordingMode",
            "targetIntervalSeconds",
            "resolution",
            "storage",
        ],
    ),
    (
        "renditionConfiguration",
        &["renditionSelection", "renditions"],
    ),
];

fn unknown_member(object: &Value, path: &str) -> Option<String> {
    let allowed = KNOWN_MEMBERS.iter().find(|(p, _)| *p == path)?.1;
    let key = object
        .as_object()?
        .keys()
        .find(|key| !allowed.contains(&key.as_str()))?;
    Some(if path.is_empty() || path == "entry" {
        format!("unknown member '{key}'")
    } else {
        format!("unknown member '{key}' in {path}")
    })
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

    /// Parses seed JSON, rejecting unknown members.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        let mut value: Value =
            serde_json::from_str(text).map_err(|e| SeedError::Json(e.to_string()))?;
        if !value.is_object() {
            return Err(SeedError::Format(
                "expected an object like {\"recordingConfigurations\": [...]}".into(),
            ));
        }
        if let Some(message) = unknown_member(&value, "") {
            return Err(SeedError::Format(message));
        }
        let roles = match value.get("roles") {
            None | Some(Value::Null) => Vec::new(),
            Some(roles) => Vec::<String>::deserialize(roles)
                .map_err(|_| SeedError::Format("roles must be an array of IAM role ARNs".into()))?,
        };
        let create_delay = match value.get("createDelay") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.clone()),
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
        // Taken, not borrowed: entries are deserialized by moving their strings.
        let entries = match value.get_mut("recordingConfigurations").map(Value::take) {
            None | Some(Value::Null) => {
                return Ok(Seed {
                    roles,
                    create_delay,
                    ..Seed::default()
                });
            }
            Some(Value::Array(entries)) => entries,
            Some(_) => {
                return Err(SeedError::Format(
                    "recordingConfigurations must be an array".into(),
                ));
            }
        };
        let mut seed = Seed {
            recording_configurations: Vec::with_capacity(entries.len()),
            roles,
            create_delay,
        };
        for (index, entry) in entries.into_iter().enumerate() {
            let label = entry_label(entry.get("name").and_then(Value::as_str));
            let entry_error = |message: String| SeedError::Entry {
                index,
                label: label.clone(),
                message,
            };
            if !entry.is_object() {
                return Err(entry_error("must be an object".into()));
            }
            let nested = [
                (&entry, "entry"),
                (
                    &entry["destinationConfiguration"],
                    "destinationConfiguration",
                ),
                (
                    &entry["destinationConfiguration"]["s3"],
                    "destinationConfiguration.s3",
                ),
                (&entry["thumbnailConfiguration"], "thumbnailConfiguration"),
                (&entry["renditionConfiguration"], "renditionConfiguration"),
            ];
            if let Some(message) = nested
                .iter()
                .find_map(|(object, path)| unknown_member(object, path))
            {
                return Err(entry_error(message));
            }
            let parsed = FlatEntry::deserialize(entry).map_err(|e| entry_error(e.to_string()))?;
            seed.recording_configurations.push(parsed.into());
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

/// Stores every entry of `seed` in `store`, in order; accounts not named
/// default to `default_account`. Quota and duplicate ids are enforced by the
/// store itself.
pub(crate) fn load(seed: &Seed, store: &mut Store, default_account: &str) -> Result<(), SeedError> {
    for (index, entry) in seed.recording_configurations.iter().enumerate() {
        let resolved = entry.resolve(index, default_account)?;
        store
            .create(&resolved.scope, resolved.configuration, resolved.placement)
            .map_err(|e| SeedError::Entry {
                index: resolved.index,
                label: resolved.label,
                message: e.message,
            })?;
    }
    Ok(())
}

/// A seed entry ready to be stored.
struct ResolvedSeed {
    pub index: usize,
    pub label: String,
    pub scope: Scope,
    pub configuration: NewRecordingConfiguration,
    pub placement: Placement,
}

impl SeedRecordingConfiguration {
    /// Validates the entry and works out where it lives.
    fn resolve(&self, index: usize, default_account: &str) -> Result<ResolvedSeed, SeedError> {
        let label = entry_label(self.configuration.name.as_deref());
        let error = |message: String| SeedError::Entry {
            index,
            label: label.clone(),
            message,
        };
        let configuration =
            validation::validate_create(&self.configuration).map_err(|e| error(e.message))?;

        let (region, account, id) = match &self.arn {
            Some(full) => {
                let parsed = IvsArn::parse(full)
                    .filter(IvsArn::is_recording_configuration)
                    .ok_or_else(|| {
                        error(format!(
                            "arn: '{full}' is not a recording-configuration ARN \
                             (arn:aws:ivs:REGION:ACCOUNT:recording-configuration/ID)"
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
                        return Err(error(format!(
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
            return Err(error(format!(
                "region: '{region}' must match [a-z0-9-]+, e.g. us-west-2"
            )));
        }
        if !arn::is_account_id(&account) {
            return Err(error(format!("accountId: '{account}' must be 12 digits")));
        }
        if let Some(id) = &id {
            let full = arn::recording_configuration_arn(&region, &account, id);
            if !arn::is_resource_id(id) || full.len() > 128 {
                return Err(error(format!(
                    "id: '{id}' must match [a-zA-Z0-9-]+ and keep the ARN within 128 characters"
                )));
            }
        }
        if let Some(state) = &self.state
            && !STATES.contains(&state.as_str())
        {
            return Err(error(format!(
                "state: '{state}' must be one of {}",
                STATES.join(", ")
            )));
        }
        Ok(ResolvedSeed {
            index,
            label,
            scope: Scope::new(region, account),
            configuration,
            placement: Placement {
                id,
                // Seeds exist from the start: no create delay for them.
                state: Some(self.state.clone().unwrap_or_else(|| "ACTIVE".to_owned())),
                in_use: self.in_use_by_channel,
            },
        })
    }
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
        let resolved = seed.recording_configurations[0]
            .resolve(0, "123456789012")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resolved.scope, Scope::new("eu-west-1", "111122223333"));
        assert_eq!(resolved.placement.id.as_deref(), Some("abc"));
    }
}
