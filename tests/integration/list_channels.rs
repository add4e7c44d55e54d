//! `ivs_channels` through the real terraform against an in-process ivs-local: each filter of the
//! API alone, two of them at once (which the API itself refuses), `name_regex` and `tags`, no
//! match, and 1,000 channels read with exactly 10 ListChannels pages and 20 BatchGetChannel
//! calls, counted by ivs-local.

use serde_json::{Value, json};

use crate::channels::get_channel;
use crate::support::{
    Workspace, assert_error_at, ivs_client, local_provider_body, off_runtime, provider_config,
};

const REGION: &str = "us-west-2";
const ACCOUNT: &str = "123456789012";

fn arn(kind: &str, id: &str) -> String {
    format!("arn:aws:ivs:{REGION}:{ACCOUNT}:{kind}/{id}")
}

/// Starts ivs-local seeded with `seed` (the seed file's JSON).
async fn start_with(seed: Value) -> ivs_local::Server {
    let config = ivs_local::Config {
        seed: ivs_local::Seed::from_json(&seed.to_string()).expect("valid seed"),
        ..ivs_local::Config::default()
    };
    ivs_local::Server::start(config)
        .await
        .expect("ivs-local starts")
}

/// A seed channel `id` named `name` in `REGION`, with `extra` CreateChannel members.
fn channel(id: &str, name: &str, extra: Value) -> Value {
    let mut entry = json!({"region": REGION, "id": id, "name": name});
    entry
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    entry
}

/// The provider for `endpoint` and `data.ivs_channels.<label>` with `arguments`, its ARNs as the
/// output `<label>`.
fn listing(endpoint: &str, label: &str, arguments: &str) -> String {
    provider_config(&local_provider_body(endpoint, ""))
        + &format!(
            "\ndata \"ivs_channels\" \"{label}\" {{\n{arguments}}}\n\noutput \"{label}\" {{\n  value = data.ivs_channels.{label}.arns\n}}\n"
        )
}

/// The ARNs `arguments` select, planned and applied through terraform.
async fn selected(server: &ivs_local::Server, arguments: &str) -> Value {
    let config = listing(&server.endpoint(), "found", arguments);
    off_runtime(Workspace::new(&config), |workspace| {
        let run = workspace.apply();
        assert!(run.success, "{}", run.text());
        workspace.assert_plan_empty();
        workspace.output("found")
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn each_filter_alone_and_combined_selects_and_sorts_by_arn() {
    let recording = arn("recording-configuration", "Record000001");
    let other_recording = arn("recording-configuration", "Record000002");
    let policy = arn("playback-restriction-policy", "Policy000001");
    let ads = arn("ad-configuration", "AdConf000001");
    let slate = arn("failover-slate-configuration", "Slate0000001");
    let server = start_with(json!({
        "recordingConfigurations": [
            {"region": REGION, "id": "Record000001", "destinationConfiguration": {"s3": {"bucketName": "one"}}},
            {"region": REGION, "id": "Record000002", "destinationConfiguration": {"s3": {"bucketName": "two"}}},
        ],
        // Channels may refer only to resources that exist, as on AWS.
        "playbackRestrictionPolicies": [{"region": REGION, "id": "Policy000001"}],
        "adConfigurations": [{"region": REGION, "id": "AdConf000001", "mediaTailorPlaybackConfigurations": [
            {"playbackConfigurationArn": "arn:aws:mediatailor:us-west-2:123456789012:playbackConfiguration/ads"}
        ]}],
        "failoverSlateConfigurations": [{"region": REGION, "id": "Slate0000001"}],
        "channels": [
            channel("Chan00000003", "main-3", json!({"recordingConfigurationArn": recording, "tags": {"team": "video"}})),
            channel("Chan00000001", "main-1", json!({"recordingConfigurationArn": recording, "playbackRestrictionPolicyArn": policy})),
            channel("Chan00000002", "other", json!({"recordingConfigurationArn": other_recording, "tags": {"team": "video", "env": "dev"}})),
            channel("Chan00000004", "main-4", json!({"adConfigurationArn": ads, "failoverSlateConfigurationArn": slate, "tags": {"team": "audio"}})),
            {"region": "eu-west-1", "id": "Chan00000009", "name": "main-europe", "tags": {"team": "video"}},
        ],
    }))
    .await;
    let ids = |ids: &[&str]| json!(ids.iter().map(|id| arn("channel", id)).collect::<Vec<_>>());
    let cases = [
        (
            "",
            ids(&[
                "Chan00000001",
                "Chan00000002",
                "Chan00000003",
                "Chan00000004",
            ]),
        ),
        (
            &*format!("  recording_configuration_arn = \"{recording}\"\n"),
            ids(&["Chan00000001", "Chan00000003"]),
        ),
        (
            &*format!("  playback_restriction_policy_arn = \"{policy}\"\n"),
            ids(&["Chan00000001"]),
        ),
        (
            &*format!("  ad_configuration_arn = \"{ads}\"\n"),
            ids(&["Chan00000004"]),
        ),
        (
            &*format!("  failover_slate_configuration_arn = \"{slate}\"\n"),
            ids(&["Chan00000004"]),
        ),
        (
            "  name_regex = \"^main-\"\n",
            ids(&["Chan00000001", "Chan00000003", "Chan00000004"]),
        ),
        (
            "  tags = { team = \"video\" }\n",
            ids(&["Chan00000002", "Chan00000003"]),
        ),
        // Two of the API's filters at once: ListChannels refuses that, the data source does not.
        (
            &*format!(
                "  recording_configuration_arn = \"{recording}\"\n  playback_restriction_policy_arn = \"{policy}\"\n"
            ),
            ids(&["Chan00000001"]),
        ),
        (
            &*format!(
                "  recording_configuration_arn = \"{recording}\"\n  tags = {{ team = \"video\" }}\n  name_regex = \"3$\"\n"
            ),
            ids(&["Chan00000003"]),
        ),
        ("  name_regex = \"^nothing$\"\n", json!([])),
        (
            "  region = \"eu-west-1\"\n",
            json!([arn("channel", "Chan00000009").replace(REGION, "eu-west-1")]),
        ),
    ];
    for (arguments, expected) in cases {
        assert_eq!(selected(&server, arguments).await, expected, "{arguments}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn listed_channels_have_every_attribute_of_get_channel() {
    let server = start_with(json!({
        "channels": [
            channel("Chan00000001", "one", json!({"type": "BASIC", "latencyMode": "NORMAL", "tags": {"k": "v"}})),
            channel("Chan00000002", "two", json!({"type": "ADVANCED_SD", "insecureIngest": true})),
        ],
    }))
    .await;
    let client = ivs_client(&server.endpoint());
    let config = provider_config(&local_provider_body(&server.endpoint(), ""))
        + "\ndata \"ivs_channels\" \"all\" {}\n\noutput \"all\" {\n  value     = data.ivs_channels.all.channels\n  sensitive = true\n}\n";
    let listed = off_runtime(Workspace::new(&config), |workspace| {
        let run = workspace.apply();
        assert!(run.success, "{}", run.text());
        workspace.output("all")
    })
    .await;
    let listed = listed.as_array().expect("a list");
    assert_eq!(listed.len(), 2);
    for item in listed {
        let arn = item["arn"].as_str().expect("an ARN");
        let api = get_channel(&client, arn).await;
        assert_eq!(item["name"], api.name().unwrap_or_default());
        assert_eq!(item["playback_url"], api.playback_url().unwrap_or_default());
        assert_eq!(
            item["srt"]["passphrase"],
            api.srt().and_then(|s| s.passphrase()).unwrap_or_default()
        );
        assert_eq!(item["insecure_ingest"], api.insecure_ingest());
        assert_eq!(
            item["multitrack_input_configuration"]["maximum_resolution"],
            api.multitrack_input_configuration()
                .and_then(|m| m.maximum_resolution())
                .map(|r| r.as_str())
                .unwrap_or_default()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_filter_arn_fails_validate_on_its_argument() {
    let config = listing(
        "http://127.0.0.1:1",
        "bad",
        "  recording_configuration_arn = \"arn:aws:ivs:us-west-2:123456789012:channel/AbCd\"\n",
    );
    let run = off_runtime(Workspace::new(&config), Workspace::validate).await;
    assert_error_at(
        &run,
        &config,
        "Invalid recording configuration ARN",
        "recording_configuration_arn =",
        &["is not an IVS recording configuration ARN"],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_channels_take_ten_list_pages_and_twenty_batch_reads() {
    let channels: Vec<Value> = (0..1000)
        .map(|i| channel(&format!("Many{i:08}"), &format!("many-{i}"), json!({})))
        .collect();
    let server = start_with(json!({ "channels": channels })).await;
    let config = listing(&server.endpoint(), "many", "");
    let run = off_runtime(Workspace::new(&config), Workspace::plan).await;
    assert!(run.success, "{}", run.text());
    assert_eq!(server.request_count("ListChannels"), 10);
    assert_eq!(server.request_count("BatchGetChannel"), 20);
    assert_eq!(server.request_count("GetChannel"), 0);
}
