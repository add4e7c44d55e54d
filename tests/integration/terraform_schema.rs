//! `terraform providers schema -json` shows the provider's and the data source's schemas,
//! every attribute described.

use crate::support::{REGION_ONLY, Workspace, provider_config};
use serde_json::Value;

/// The provider's part of `terraform providers schema -json`.
fn schema_json() -> Value {
    let config = provider_config(REGION_ONLY);
    let workspace = Workspace::new(&config);
    let run = workspace.terraform(&["providers", "schema", "-json"]);
    assert!(run.success, "{}", run.text());
    let all: Value = serde_json::from_str(&run.stdout).expect("schema JSON");
    all["provider_schemas"]["registry.terraform.io/ivs-rs/ivs"].clone()
}

/// Asserts that every attribute of `block` (at path `at`), nested ones included, has a description.
fn assert_described(block: &Value, at: &str) {
    let attributes = block["attributes"].as_object().expect("attributes");
    for (name, attribute) in attributes {
        let description = attribute["description"].as_str().unwrap_or("");
        assert!(description.len() > 10, "{at}.{name} has no description");
        if let Some(nested) = attribute.get("nested_type") {
            assert_described(nested, &format!("{at}.{name}"));
        }
    }
    if let Some(blocks) = block["block_types"].as_object() {
        for (name, nested) in blocks {
            assert_described(&nested["block"], &format!("{at}.{name}"));
        }
    }
}

#[test]
fn provider_schema_lists_every_argument_optional_and_described() {
    let schema = schema_json();
    let block = &schema["provider"]["block"];
    let attributes = block["attributes"].as_object().unwrap();
    let mut names: Vec<_> = attributes.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "access_key",
            "custom_ca_bundle",
            "http_proxy",
            "https_proxy",
            "insecure",
            "max_retries",
            "no_proxy",
            "profile",
            "read_timeout",
            "region",
            "retry_mode",
            "secret_key",
            "shared_config_files",
            "shared_credentials_files",
            "sts_region",
            "token"
        ]
    );
    for (name, attribute) in attributes {
        assert_eq!(attribute["optional"], true, "{name} is optional");
    }
    assert_eq!(attributes["secret_key"]["sensitive"], true);
    assert_eq!(attributes["token"]["sensitive"], true);
    assert_eq!(attributes["access_key"].get("sensitive"), None);
    assert_eq!(attributes["max_retries"]["type"], "number");
    assert_eq!(attributes["retry_mode"]["type"], "string");
    assert_eq!(
        attributes["shared_config_files"]["type"],
        serde_json::json!(["list", "string"])
    );
    let endpoints = &block["block_types"]["endpoints"];
    assert_eq!(endpoints["nesting_mode"], "single");
    let endpoint_names: Vec<_> = endpoints["block"]["attributes"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(endpoint_names, ["ivs", "sts"]);
    assert_eq!(attributes["insecure"]["type"], "bool");
    for (name, required) in [
        ("assume_role", true),
        ("assume_role_with_web_identity", false),
    ] {
        let role = &block["block_types"][name];
        assert_eq!(role["nesting_mode"], "single", "{name}");
        assert_eq!(
            role["block"]["attributes"]["role_arn"]["required"] == true,
            required,
            "{name}.role_arn"
        );
    }
    assert_eq!(
        block["block_types"]["assume_role_with_web_identity"]["block"]["attributes"]["web_identity_token"]
            ["sensitive"],
        true
    );
    assert_described(block, "provider");
}

#[test]
fn data_source_schema_has_every_field_of_the_api() {
    let schema = schema_json();
    let data_sources = schema["data_source_schemas"].as_object().unwrap();
    assert_eq!(
        data_sources.keys().collect::<Vec<_>>(),
        [
            "ivs_ad_configuration",
            "ivs_ad_configurations",
            "ivs_channel",
            "ivs_channels",
            "ivs_failover_slate_configuration",
            "ivs_failover_slate_configurations",
            "ivs_playback_key_pair",
            "ivs_playback_key_pairs",
            "ivs_playback_restriction_policies",
            "ivs_playback_restriction_policy",
            "ivs_recording_configuration",
            "ivs_recording_configurations",
            "ivs_stream",
            "ivs_stream_key",
            "ivs_stream_keys",
            "ivs_stream_session",
            "ivs_stream_sessions",
            "ivs_streams"
        ]
    );
    let block = &data_sources["ivs_recording_configuration"]["block"];
    let attributes = &block["attributes"];
    // Lookup keys: set one, and the read fills in the other.
    for key in ["arn", "name", "region"] {
        assert_eq!(attributes[key]["optional"], true, "{key}");
        assert_eq!(attributes[key]["computed"], true, "{key}");
    }
    for computed in [
        "id",
        "state",
        "recording_reconnect_window_seconds",
        "tags",
        "destination_configuration",
        "thumbnail_configuration",
        "rendition_configuration",
    ] {
        assert_eq!(attributes[computed]["computed"], true, "{computed}");
    }
    assert_eq!(
        attributes["tags"]["type"],
        serde_json::json!(["map", "string"])
    );
    let s3 = &attributes["destination_configuration"]["nested_type"]["attributes"]["s3"];
    assert_eq!(
        s3["nested_type"]["attributes"]["bucket_name"]["type"],
        "string"
    );
    let thumbnails = &attributes["thumbnail_configuration"]["nested_type"]["attributes"];
    for name in [
        "recording_mode",
        "target_interval_seconds",
        "resolution",
        "storage",
    ] {
        assert!(
            thumbnails.get(name).is_some(),
            "thumbnail_configuration.{name}"
        );
    }
    assert_eq!(
        thumbnails["storage"]["type"],
        serde_json::json!(["list", "string"])
    );
    let renditions = &attributes["rendition_configuration"]["nested_type"]["attributes"];
    assert_eq!(renditions["rendition_selection"]["type"], "string");
    assert_eq!(
        renditions["renditions"]["type"],
        serde_json::json!(["list", "string"])
    );
    assert_described(block, "ivs_recording_configuration");
}

#[test]
fn plural_data_source_lists_objects_with_exactly_the_single_attributes() {
    let schema = schema_json();
    let data_sources = &schema["data_source_schemas"];
    let single = &data_sources["ivs_recording_configuration"]["block"]["attributes"];
    let block = &data_sources["ivs_recording_configurations"]["block"];
    let attributes = &block["attributes"];
    for argument in ["region", "name_regex", "states", "tags"] {
        assert_eq!(attributes[argument]["optional"], true, "{argument}");
    }
    assert_eq!(
        attributes["states"]["type"],
        serde_json::json!(["set", "string"])
    );
    assert_eq!(
        attributes["arns"]["type"],
        serde_json::json!(["list", "string"])
    );
    let items = &attributes["recording_configurations"];
    assert_eq!(items["computed"], true);
    assert_eq!(items["nested_type"]["nesting_mode"], "list");
    let item_names: Vec<_> = items["nested_type"]["attributes"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    let single_names: Vec<_> = single.as_object().unwrap().keys().collect();
    assert_eq!(item_names, single_names);
    assert_described(block, "ivs_recording_configurations");
}

/// Terraform starts the plugin several times per plan; with `get_provider_schema_optional` it
/// asks for the schema at the first start only and reuses it at the others.
#[test]
fn a_plan_asks_for_the_schema_once_whatever_the_plugin_starts() {
    let config = crate::support::reading(REGION_ONLY, crate::support::ARN_KNOWN_AFTER_APPLY)
        + &crate::support::terraform_data_arn(
            "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234",
        );
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_LOG", "trace");
    let run = workspace.plan();
    assert!(run.success, "{}", run.text());
    let provider_lines = || {
        run.stderr
            .lines()
            .filter(|l| l.contains("provider.terraform-provider-ivs:"))
    };
    let starts = provider_lines()
        .filter(|l| l.contains("plugin listening"))
        .count();
    let schema_calls = provider_lines()
        .filter(|l| l.contains("handling call") && l.contains("rpc=GetProviderSchema"))
        .count();
    assert!(
        starts >= 2,
        "the plugin started {starts} times:\n{}",
        run.stderr
    );
    assert_eq!(
        schema_calls, 1,
        "GetProviderSchema calls in {starts} starts"
    );
}

/// `camelCase` as `snake_case`.
fn snake_case(name: &str) -> String {
    let mut snake = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    snake
}

/// Asserts that the attributes of `attributes` (at `at`) are exactly the members of the model's
/// structure `shape`, snake-cased, plus `extra`; and so on down nested structures and lists of
/// them.
fn assert_members_are_attributes(
    shapes: &Value,
    shape: &str,
    attributes: &Value,
    extra: &[&str],
    at: &str,
) {
    let members = shapes[shape]["members"].as_object().expect("a structure");
    let mut wanted: Vec<String> = members.keys().map(|m| snake_case(m)).collect();
    wanted.extend(extra.iter().map(|e| (*e).to_owned()));
    wanted.sort();
    let mut have: Vec<String> = attributes
        .as_object()
        .expect("attributes")
        .keys()
        .cloned()
        .collect();
    have.sort();
    assert_eq!(
        have, wanted,
        "{at}: the attributes are the model's {shape} members"
    );
    for (member, target) in members {
        let mut inner = target["shape"].as_str().expect("a shape name");
        if shapes[inner]["type"] == "list" {
            inner = shapes[inner]["member"]["shape"]
                .as_str()
                .expect("a member shape");
        }
        if shapes[inner]["type"] == "structure" {
            let name = snake_case(member);
            let nested = &attributes[&name]["nested_type"]["attributes"];
            // A resource nested whole (a session's channel) has its `id` and `region` too.
            let ours: &[&str] = if shapes[inner]["members"].get("arn").is_some() {
                &["id", "region"]
            } else {
                &[]
            };
            assert_members_are_attributes(shapes, inner, nested, ours, &format!("{at}.{name}"));
        }
    }
}

#[test]
fn every_member_of_each_get_answer_is_an_attribute_of_its_data_sources() {
    let model: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/ivs-local/model/ivs.json"
        ))
        .expect("ivs-local's copy of botocore's model"),
    )
    .expect("model JSON");
    let shapes = &model["model"]["shapes"];
    let schema = schema_json();
    let data_sources = &schema["data_source_schemas"];
    for (singular, plural, list, shape) in [
        (
            "ivs_recording_configuration",
            "ivs_recording_configurations",
            "recording_configurations",
            "RecordingConfiguration",
        ),
        ("ivs_channel", "ivs_channels", "channels", "Channel"),
        (
            "ivs_stream_key",
            "ivs_stream_keys",
            "stream_keys",
            "StreamKey",
        ),
        (
            "ivs_playback_key_pair",
            "ivs_playback_key_pairs",
            "playback_key_pairs",
            "PlaybackKeyPair",
        ),
        (
            "ivs_playback_restriction_policy",
            "ivs_playback_restriction_policies",
            "playback_restriction_policies",
            "PlaybackRestrictionPolicy",
        ),
        (
            "ivs_ad_configuration",
            "ivs_ad_configurations",
            "ad_configurations",
            "AdConfiguration",
        ),
        (
            "ivs_failover_slate_configuration",
            "ivs_failover_slate_configurations",
            "failover_slate_configurations",
            "FailoverSlateConfiguration",
        ),
        ("ivs_stream", "ivs_streams", "streams", "Stream"),
        (
            "ivs_stream_session",
            "ivs_stream_sessions",
            "stream_sessions",
            "StreamSession",
        ),
    ] {
        // `id` (the ARN, as Terraform expects) and `region` (from the ARN) are ours; a session,
        // which has no ARN, also shows the `channel_arn` it was read by.
        let ours: &[&str] = if shape == "StreamSession" {
            &["id", "region", "channel_arn"]
        } else {
            &["id", "region"]
        };
        let attributes = &data_sources[singular]["block"]["attributes"];
        assert_members_are_attributes(shapes, shape, attributes, ours, singular);
        let items = &data_sources[plural]["block"]["attributes"][list]["nested_type"]["attributes"];
        assert_members_are_attributes(shapes, shape, items, ours, plural);
    }
}
