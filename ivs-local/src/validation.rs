//! Input validation with the constraints of the IVS model and AWS's wording.
//!
//! Model constraints (required members, lengths, patterns, ranges, enums)
//! are all collected and reported together in one `ValidationException`, as
//! AWS does: `2 validation errors detected: Value 'x' at 'name' failed to
//! satisfy constraint: ...; Value ...`. Rules that are not model
//! constraints but documented behaviour (one destination, renditions for
//! `CUSTOM`, reserved tag prefix) are checked afterwards, one at a time.

use crate::errors::ApiError;
use crate::model::{
    CreateRecordingConfigurationInput, DestinationConfiguration, ListRecordingConfigurationsInput,
    RECORDING_MODES, RENDITION_SELECTIONS, RENDITIONS, RenditionConfiguration,
    RenditionConfigurationInput, S3DestinationConfiguration, THUMBNAIL_RESOLUTIONS,
    THUMBNAIL_STORAGE, Tags, ThumbnailConfiguration, ThumbnailConfigurationInput,
};
use regex::Regex;
use std::sync::LazyLock;

/// Documented defaults applied at creation.
pub mod defaults {
    pub const RECORDING_MODE: &str = "INTERVAL";
    pub const TARGET_INTERVAL_SECONDS: i64 = 60;
    pub const STORAGE: &str = "SEQUENTIAL";
    pub const RENDITION_SELECTION: &str = "ALL";
    pub const RECORDING_RECONNECT_WINDOW_SECONDS: i64 = 0;
}

/// Most tags a resource can carry (`Tags` map max 50).
pub const MAX_TAGS: usize = 50;
/// `MaxRecordingConfigurationResults` range.
pub const MAX_RESULTS_RANGE: (i64, i64) = (1, 100);

/// A string shape of the model: length bounds and an optional pattern.
struct StringShape {
    min: usize,
    max: usize,
    pattern: Option<Pattern>,
}

/// A model pattern: its text as the model writes it (quoted in messages),
/// and the full-match regex it is checked with. AWS matches patterns against
/// the whole value: `bad!key` fails `[\p{L}...]+` although `bad` matches.
struct Pattern {
    text: &'static str,
    regex: Regex,
}

impl Pattern {
    /// The model's pattern, matched as written.
    fn model(text: &'static str) -> Self {
        Self::widened(text, text)
    }

    /// A model pattern quoted as written but matched as `matched`, where the
    /// model's text contradicts what the service accepts.
    fn widened(text: &'static str, matched: &str) -> Self {
        let regex = Regex::new(&format!("^(?:{matched})$"))
            .unwrap_or_else(|e| unreachable!("model pattern {matched} must compile: {e}"));
        Self { text, regex }
    }
}

impl StringShape {
    fn new(min: usize, max: usize, pattern: Option<Pattern>) -> Self {
        Self { min, max, pattern }
    }
}

/// `RecordingConfigurationName`.
static NAME: LazyLock<StringShape> =
    LazyLock::new(|| StringShape::new(0, 128, Some(Pattern::model("[a-zA-Z0-9-_]*"))));

/// `S3DestinationBucketName`.
static BUCKET_NAME: LazyLock<StringShape> =
    LazyLock::new(|| StringShape::new(3, 63, Some(Pattern::model("[a-z0-9-.]+"))));

/// `RecordingConfigurationArn`.
static RECORDING_CONFIGURATION_ARN: LazyLock<StringShape> = LazyLock::new(|| {
    StringShape::new(
        0,
        128,
        Some(Pattern::model(
            "arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+",
        )),
    )
});

/// `ResourceArn`. The model's pattern reads `...:[a-z-]/[a-zA-Z0-9-]+` (a
/// single character for the resource type), which no real IVS ARN matches;
/// the service accepts its own ARNs, so the resource type is matched as
/// `[a-z-]+` here while messages quote the model's text.
static RESOURCE_ARN: LazyLock<StringShape> = LazyLock::new(|| {
    StringShape::new(
        1,
        128,
        Some(Pattern::widened(
            "arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]/[a-zA-Z0-9-]+",
            "arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]+/[a-zA-Z0-9-]+",
        )),
    )
});

/// `PaginationToken`.
static PAGINATION_TOKEN: LazyLock<StringShape> =
    LazyLock::new(|| StringShape::new(0, 1024, Some(Pattern::model("[a-zA-Z0-9+/=_-]*"))));

/// `TagKey`: letters, separators and numbers of any script, and `_.:/=+-@`.
static TAG_KEY: LazyLock<StringShape> = LazyLock::new(|| {
    StringShape::new(
        1,
        128,
        Some(Pattern::model(r"([\p{L}\p{Z}\p{N}_.:/=+\-@]+)")),
    )
});

/// `TagValue`: as `TagKey`, and may be empty.
static TAG_VALUE: LazyLock<StringShape> = LazyLock::new(|| {
    StringShape::new(
        0,
        256,
        Some(Pattern::model(r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)")),
    )
});

/// Constraint violations of one request, reported together.
#[derive(Debug, Default)]
pub struct Violations {
    items: Vec<String>,
}

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `value` (already rendered: `'x'` or `null`) at `member` broke `constraint`.
    fn add(&mut self, value: &str, member: &str, constraint: &str) {
        self.items.push(format!(
            "Value {value} at '{member}' failed to satisfy constraint: {constraint}"
        ));
    }

    /// Records a missing required member.
    pub fn required(&mut self, member: &str) {
        self.add("null", member, "Member must not be null");
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
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
        if self.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.message()))
        }
    }
}

fn quoted(value: impl std::fmt::Display) -> String {
    format!("'{value}'")
}

/// Length as AWS counts it (Java strings: UTF-16 code units).
fn length(value: &str) -> usize {
    value.encode_utf16().count()
}

/// The constraints of `shape` that `value` breaks, as AWS words them.
fn string_constraints(value: &str, shape: &StringShape) -> Vec<String> {
    let mut broken = Vec::new();
    let len = length(value);
    if len > shape.max {
        broken.push(format!(
            "Member must have length less than or equal to {}",
            shape.max
        ));
    }
    if len < shape.min {
        broken.push(format!(
            "Member must have length greater than or equal to {}",
            shape.min
        ));
    }
    if let Some(pattern) = &shape.pattern
        && !pattern.regex.is_match(value)
    {
        broken.push(format!(
            "Member must satisfy regular expression pattern: {}",
            pattern.text
        ));
    }
    broken
}

fn check_string(violations: &mut Violations, member: &str, value: &str, shape: &StringShape) {
    for constraint in string_constraints(value, shape) {
        violations.add(&quoted(value), member, &constraint);
    }
}

fn check_range(violations: &mut Violations, member: &str, value: i64, min: i64, max: i64) {
    if value > max {
        violations.add(
            &quoted(value),
            member,
            &format!("Member must have value less than or equal to {max}"),
        );
    }
    if value < min {
        violations.add(
            &quoted(value),
            member,
            &format!("Member must have value greater than or equal to {min}"),
        );
    }
}

fn enum_constraint(allowed: &[&str]) -> String {
    format!(
        "Member must satisfy enum value set: [{}]",
        allowed.join(", ")
    )
}

fn check_enum(violations: &mut Violations, member: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value) {
        violations.add(&quoted(value), member, &enum_constraint(allowed));
    }
}

fn check_enum_list(violations: &mut Violations, member: &str, values: &[String], allowed: &[&str]) {
    if values.iter().any(|v| !allowed.contains(&v.as_str())) {
        violations.add(
            &quoted(format!("[{}]", values.join(", "))),
            member,
            &format!(
                "Member must satisfy constraint: [{}]",
                enum_constraint(allowed)
            ),
        );
    }
}

/// Renders a map the way AWS's (Java) messages do: `{k=v, k2=v2}`.
fn render_map(tags: &Tags) -> String {
    let entries: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{{{}}}", entries.join(", "))
}

/// `Tags` constraints: at most 50 entries, keys 1–128, values 0–256.
pub fn check_tags(violations: &mut Violations, member: &str, tags: &Tags) {
    // Rendered only when something is wrong: seeds and requests are mostly right.
    let rendered = || quoted(render_map(tags));
    if tags.len() > MAX_TAGS {
        violations.add(
            &rendered(),
            member,
            &format!("Member must have length less than or equal to {MAX_TAGS}"),
        );
    }
    let mut key_constraints: Vec<String> = Vec::new();
    let mut value_constraints: Vec<String> = Vec::new();
    for (key, value) in tags {
        for c in string_constraints(key, &TAG_KEY) {
            if !key_constraints.contains(&c) {
                key_constraints.push(c);
            }
        }
        for c in string_constraints(value, &TAG_VALUE) {
            if !value_constraints.contains(&c) {
                value_constraints.push(c);
            }
        }
    }
    if !key_constraints.is_empty() {
        violations.add(
            &rendered(),
            member,
            &format!(
                "Map keys must satisfy constraint: [{}]",
                key_constraints.join(", ")
            ),
        );
    }
    if !value_constraints.is_empty() {
        violations.add(
            &rendered(),
            member,
            &format!(
                "Map value must satisfy constraint: [{}]",
                value_constraints.join(", ")
            ),
        );
    }
}

/// Tag keys beginning with `aws:` are reserved for AWS (AWS tagging rules).
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

/// A validated `CreateRecordingConfiguration` request with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecordingConfiguration {
    pub name: String,
    pub destination_configuration: DestinationConfiguration,
    pub tags: Tags,
    pub thumbnail_configuration: ThumbnailConfiguration,
    pub recording_reconnect_window_seconds: i64,
    pub rendition_configuration: RenditionConfiguration,
}

/// Validates a create request and applies the documented defaults.
pub fn validate_create(
    input: &CreateRecordingConfigurationInput,
) -> Result<NewRecordingConfiguration, ApiError> {
    let mut violations = Violations::new();
    if let Some(name) = &input.name {
        check_string(&mut violations, "name", name, &NAME);
    }
    match &input.destination_configuration {
        None => violations.required("destinationConfiguration"),
        Some(destination) => {
            if let Some(s3) = &destination.s3 {
                match &s3.bucket_name {
                    None => violations.required("destinationConfiguration.s3.bucketName"),
                    Some(bucket) => check_string(
                        &mut violations,
                        "destinationConfiguration.s3.bucketName",
                        bucket,
                        &BUCKET_NAME,
                    ),
                }
            }
        }
    }
    if let Some(tags) = &input.tags {
        check_tags(&mut violations, "tags", tags);
    }
    if let Some(thumbnail) = &input.thumbnail_configuration {
        check_thumbnail(&mut violations, thumbnail);
    }
    if let Some(window) = input.recording_reconnect_window_seconds {
        check_range(
            &mut violations,
            "recordingReconnectWindowSeconds",
            window,
            0,
            300,
        );
    }
    if let Some(rendition) = &input.rendition_configuration {
        check_rendition(&mut violations, rendition);
    }
    violations.into_result()?;

    // "For recording, you define one and only one type of destination
    // configuration": S3 is the only type the model has.
    let bucket_name = input
        .destination_configuration
        .as_ref()
        .and_then(|d| d.s3.as_ref())
        .and_then(|s3| s3.bucket_name.clone())
        .ok_or_else(|| {
            ApiError::validation(
                "destinationConfiguration must specify exactly one destination type: s3",
            )
        })?;
    let tags = input.tags.clone().unwrap_or_default();
    check_reserved_tag_keys(tags.keys())?;
    let rendition_configuration = rendition_with_defaults(input.rendition_configuration.as_ref())?;

    Ok(NewRecordingConfiguration {
        name: input.name.clone().unwrap_or_default(),
        destination_configuration: DestinationConfiguration {
            s3: S3DestinationConfiguration { bucket_name },
        },
        tags,
        thumbnail_configuration: thumbnail_with_defaults(input.thumbnail_configuration.as_ref()),
        recording_reconnect_window_seconds: input
            .recording_reconnect_window_seconds
            .unwrap_or(defaults::RECORDING_RECONNECT_WINDOW_SECONDS),
        rendition_configuration,
    })
}

fn check_thumbnail(violations: &mut Violations, thumbnail: &ThumbnailConfigurationInput) {
    if let Some(mode) = &thumbnail.recording_mode {
        check_enum(
            violations,
            "thumbnailConfiguration.recordingMode",
            mode,
            RECORDING_MODES,
        );
    }
    if let Some(interval) = thumbnail.target_interval_seconds {
        check_range(
            violations,
            "thumbnailConfiguration.targetIntervalSeconds",
            interval,
            1,
            60,
        );
    }
    if let Some(resolution) = &thumbnail.resolution {
        check_enum(
            violations,
            "thumbnailConfiguration.resolution",
            resolution,
            THUMBNAIL_RESOLUTIONS,
        );
    }
    if let Some(storage) = &thumbnail.storage {
        check_enum_list(
            violations,
            "thumbnailConfiguration.storage",
            storage,
            THUMBNAIL_STORAGE,
        );
    }
}

fn check_rendition(violations: &mut Violations, rendition: &RenditionConfigurationInput) {
    if let Some(selection) = &rendition.rendition_selection {
        check_enum(
            violations,
            "renditionConfiguration.renditionSelection",
            selection,
            RENDITION_SELECTIONS,
        );
    }
    if let Some(renditions) = &rendition.renditions {
        check_enum_list(
            violations,
            "renditionConfiguration.renditions",
            renditions,
            RENDITIONS,
        );
    }
}

fn thumbnail_with_defaults(input: Option<&ThumbnailConfigurationInput>) -> ThumbnailConfiguration {
    let input = input.cloned().unwrap_or_default();
    ThumbnailConfiguration {
        recording_mode: input
            .recording_mode
            .unwrap_or_else(|| defaults::RECORDING_MODE.to_owned()),
        target_interval_seconds: input
            .target_interval_seconds
            .unwrap_or(defaults::TARGET_INTERVAL_SECONDS),
        resolution: input.resolution,
        storage: input
            .storage
            .unwrap_or_else(|| vec![defaults::STORAGE.to_owned()]),
    }
}

fn rendition_with_defaults(
    input: Option<&RenditionConfigurationInput>,
) -> Result<RenditionConfiguration, ApiError> {
    let input = input.cloned().unwrap_or_default();
    let selection = input
        .rendition_selection
        .unwrap_or_else(|| defaults::RENDITION_SELECTION.to_owned());
    let renditions = input.renditions.unwrap_or_default();
    // "If CUSTOM is specified, a set of renditions must be specified in the
    // renditions field."
    if selection == "CUSTOM" && renditions.is_empty() {
        return Err(ApiError::validation(
            "renditionConfiguration.renditions must be specified when renditionSelection is CUSTOM",
        ));
    }
    Ok(RenditionConfiguration {
        rendition_selection: selection,
        renditions,
    })
}

/// Validates the required `arn` member of Get/Delete and returns it.
pub fn validate_recording_configuration_arn(arn: Option<&str>) -> Result<String, ApiError> {
    let mut violations = Violations::new();
    match arn {
        None => violations.required("arn"),
        Some(arn) => check_string(&mut violations, "arn", arn, &RECORDING_CONFIGURATION_ARN),
    }
    violations.into_result()?;
    Ok(arn.unwrap_or_default().to_owned())
}

/// Validates the `resourceArn` URI label of the tagging operations.
pub fn validate_resource_arn(arn: &str, violations: &mut Violations) {
    check_string(violations, "resourceArn", arn, &RESOURCE_ARN);
}

/// Validates the required `tagKeys` of UntagResource (`TagKeyList`: 0–50 keys of 1–128).
pub fn validate_tag_keys(keys: Option<&[String]>, violations: &mut Violations) {
    let Some(keys) = keys else {
        violations.required("tagKeys");
        return;
    };
    let rendered = quoted(format!("[{}]", keys.join(", ")));
    if keys.len() > MAX_TAGS {
        violations.add(
            &rendered,
            "tagKeys",
            &format!("Member must have length less than or equal to {MAX_TAGS}"),
        );
    }
    let mut broken: Vec<String> = Vec::new();
    for key in keys {
        for c in string_constraints(key, &TAG_KEY) {
            if !broken.contains(&c) {
                broken.push(c);
            }
        }
    }
    if !broken.is_empty() {
        violations.add(
            &rendered,
            "tagKeys",
            &format!("Member must satisfy constraint: [{}]", broken.join(", ")),
        );
    }
}

/// Validates ListRecordingConfigurations' paging members.
pub fn validate_list(input: &ListRecordingConfigurationsInput) -> Result<(), ApiError> {
    let mut violations = Violations::new();
    if let Some(token) = &input.next_token {
        check_string(&mut violations, "nextToken", token, &PAGINATION_TOKEN);
    }
    if let Some(max) = input.max_results {
        let (min, max_allowed) = MAX_RESULTS_RANGE;
        check_range(&mut violations, "maxResults", max, min, max_allowed);
    }
    violations.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_violation_in_one_message() {
        let input = CreateRecordingConfigurationInput {
            name: Some("bad name".into()),
            recording_reconnect_window_seconds: Some(301),
            ..Default::default()
        };
        let err = validate_create(&input).unwrap_err();
        assert_eq!(err.code, "ValidationException");
        assert_eq!(
            err.message,
            "3 validation errors detected: \
             Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*; \
             Value null at 'destinationConfiguration' failed to satisfy constraint: Member must not be null; \
             Value '301' at 'recordingReconnectWindowSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"
        );
    }

    #[test]
    fn lengths_count_utf16_units() {
        assert_eq!(length("é"), 1);
        assert_eq!(length("😀"), 2);
    }
}
