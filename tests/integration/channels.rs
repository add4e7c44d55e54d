//! `ivs_channel` through the real terraform against ivs-local: channels of every type, latency
//! mode and container format, with and without a recording configuration, tags and multitrack
//! input, read by ARN and by name, every attribute equal to GetChannel's answer; lookups with no
//! match or several; an ARN known only at apply; and the SRT passphrase kept a secret.

use aws_sdk_ivs::operation::create_channel::builders::CreateChannelFluentBuilder;
use aws_sdk_ivs::types::{
    Channel, ChannelLatencyMode, ChannelType, ContainerFormat, MultitrackInputConfiguration,
    MultitrackMaximumResolution, MultitrackPolicy, TranscodePreset,
};
use serde_json::{Value, json};

use crate::support::reading::assert_fields_equal;
use crate::support::{
    ARN_KNOWN_AFTER_APPLY, Workspace, assert_error_at, create_recording_configuration, ivs_client,
    local_provider_body, off_runtime, provider_config, start_ivs_local, terraform_data_arn,
};

/// What `ivs_channel` must show for `api`, written from the API's own shape.
pub fn expected(api: &Channel) -> Value {
    json!({
        "arn": api.arn(),
        "id": api.arn(),
        "region": api.arn().and_then(|arn| arn.split(':').nth(3)),
        "name": api.name(),
        "latency_mode": api.latency_mode().map(|m| m.as_str()),
        "type": api.r#type().map(|t| t.as_str()),
        "recording_configuration_arn": api.recording_configuration_arn(),
        "ingest_endpoint": api.ingest_endpoint(),
        "playback_url": api.playback_url(),
        "authorized": api.authorized(),
        "tags": api.tags(),
        "insecure_ingest": api.insecure_ingest(),
        "preset": api.preset().map(|p| p.as_str()),
        "srt": api.srt().map(|srt| json!({
            "endpoint": srt.endpoint(),
            "passphrase": srt.passphrase(),
        })),
        "playback_restriction_policy_arn": api.playback_restriction_policy_arn(),
        "multitrack_input_configuration": api.multitrack_input_configuration().map(|m| json!({
            "enabled": m.enabled(),
            "policy": m.policy().map(|p| p.as_str()),
            "maximum_resolution": m.maximum_resolution().map(|r| r.as_str()),
        })),
        "container_format": api.container_format().map(|f| f.as_str()),
        "ad_configuration_arn": api.ad_configuration_arn(),
        "failover_slate_configuration_arn": api.failover_slate_configuration_arn(),
    })
}

/// Sends the CreateChannel `request`; returns the new channel's ARN.
pub async fn send_create_channel(request: CreateChannelFluentBuilder) -> String {
    request
        .send()
        .await
        .expect("ivs-local creates the channel")
        .channel()
        .and_then(Channel::arn)
        .expect("the answer holds the channel and its ARN")
        .to_owned()
}

/// The channel `arn` as GetChannel returns it.
pub async fn get_channel(client: &aws_sdk_ivs::Client, arn: &str) -> Channel {
    client
        .get_channel()
        .arn(arn)
        .send()
        .await
        .expect("GetChannel")
        .channel
        .expect("a channel")
}

/// A configuration for `endpoint` reading `ivs_channel.c<i>` by ARN for each of `arns`, with
/// the outputs `c<i>` (sensitive: each holds an SRT passphrase).
fn reading_each(endpoint: &str, arns: &[String]) -> String {
    let mut config = provider_config(&local_provider_body(endpoint, ""));
    for (i, arn) in arns.iter().enumerate() {
        config += &format!(
            "\ndata \"ivs_channel\" \"c{i}\" {{\n  arn = \"{arn}\"\n}}\n\noutput \"c{i}\" {{\n  value     = data.ivs_channel.c{i}\n  sensitive = true\n}}\n"
        );
    }
    config
}

/// Every CreateChannel shape worth reading: each type, latency mode and container format, a
/// recording configuration or none, tags or none, multitrack input, every optional member.
fn variants(client: &aws_sdk_ivs::Client, recording: &str) -> Vec<CreateChannelFluentBuilder> {
    let mut all = vec![client.create_channel()];
    for (i, kind) in [
        ChannelType::BasicChannelType,
        ChannelType::StandardChannelType,
        ChannelType::AdvancedSdChannelType,
        ChannelType::AdvancedHdChannelType,
    ]
    .into_iter()
    .enumerate()
    {
        for latency in [
            ChannelLatencyMode::LowLatency,
            ChannelLatencyMode::NormalLatency,
        ] {
            for container in [ContainerFormat::Ts, ContainerFormat::FragmentedMp4] {
                all.push(
                    client
                        .create_channel()
                        .name(format!(
                            "variant-{i}-{}-{}",
                            latency.as_str(),
                            container.as_str()
                        ))
                        .r#type(kind.clone())
                        .latency_mode(latency.clone())
                        .container_format(container),
                );
            }
        }
    }
    all.push(
        client
            .create_channel()
            .name("everything")
            .r#type(ChannelType::StandardChannelType)
            .latency_mode(ChannelLatencyMode::NormalLatency)
            .authorized(true)
            .insecure_ingest(true)
            .recording_configuration_arn(recording)
            .tags("team", "video")
            .tags("env", "test")
            .container_format(ContainerFormat::FragmentedMp4)
            .multitrack_input_configuration(
                MultitrackInputConfiguration::builder()
                    .enabled(true)
                    .policy(MultitrackPolicy::Require)
                    .maximum_resolution(MultitrackMaximumResolution::Hd)
                    .build(),
            ),
    );
    all.push(
        client
            .create_channel()
            .name("advanced-preset")
            .r#type(ChannelType::AdvancedHdChannelType)
            .preset(TranscodePreset::ConstrainedBandwidthTranscodePreset)
            .recording_configuration_arn(recording),
    );
    all
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_every_kind_of_channel_exactly_as_get_channel_answers() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let recording = create_recording_configuration(&client, "channels", "channel-bucket").await;
    let mut arns = Vec::new();
    for request in variants(&client, &recording) {
        arns.push(send_create_channel(request).await);
    }
    let mut expected_outputs = Vec::new();
    for arn in &arns {
        expected_outputs.push(expected(&get_channel(&client, arn).await));
    }
    let workspace = Workspace::new(&reading_each(&server.endpoint(), &arns));
    let outputs = off_runtime(workspace, |workspace| {
        let run = workspace.apply();
        assert!(run.success, "terraform apply failed:\n{}", run.text());
        workspace.assert_plan_empty();
        workspace.outputs()
    })
    .await;
    for (i, expected) in expected_outputs.iter().enumerate() {
        assert_fields_equal(&outputs[format!("c{i}")]["value"], expected, &arns[i]);
    }
    // Literal values, independent of the mapping and of the API's echo.
    let everything = &outputs[format!("c{}", arns.len() - 2)]["value"];
    assert_eq!(everything["name"], "everything");
    assert_eq!(everything["authorized"], true);
    assert_eq!(
        everything["recording_configuration_arn"],
        recording.as_str()
    );
    assert_eq!(
        everything["multitrack_input_configuration"]["policy"],
        "REQUIRE"
    );
    assert_eq!(everything["tags"], json!({"team": "video", "env": "test"}));
    let minimal = &outputs["c0"]["value"];
    assert_eq!(minimal["type"], "STANDARD");
    assert_eq!(minimal["latency_mode"], "LOW");
    assert_eq!(minimal["recording_configuration_arn"], "");
    assert!(
        minimal["srt"]["passphrase"]
            .as_str()
            .is_some_and(|p| !p.is_empty()),
        "{minimal}"
    );
}

/// A configuration with a provider for `endpoint` and `data.ivs_channel.main` with `arguments`
/// (whole lines), its name as the output `name`.
fn lookup(endpoint: &str, arguments: &str) -> String {
    provider_config(&local_provider_body(endpoint, ""))
        + &format!(
            "\ndata \"ivs_channel\" \"main\" {{\n{arguments}}}\n\noutput \"arn\" {{\n  value = data.ivs_channel.main.arn\n}}\n"
        )
}

#[tokio::test(flavor = "multi_thread")]
async fn by_name_one_match_is_read_and_none_or_several_are_errors_on_name() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let alpha = send_create_channel(client.create_channel().name("alpha")).await;
    let first = send_create_channel(client.create_channel().name("twin")).await;
    let second = send_create_channel(client.create_channel().name("twin")).await;
    let endpoint = server.endpoint();

    let found = lookup(&endpoint, "  name = \"alpha\"\n");
    let (apply, arn) = off_runtime(Workspace::new(&found), |workspace| {
        (workspace.apply(), workspace.output("arn"))
    })
    .await;
    assert!(apply.success, "{}", apply.text());
    assert_eq!(arn, alpha.as_str());

    let none = lookup(&endpoint, "  name = \"gamma\"\n");
    let run = off_runtime(Workspace::new(&none), Workspace::plan).await;
    assert_error_at(
        &run,
        &none,
        "No channel named \"gamma\" in us-west-2",
        "name =",
        &["set `region` to look in another one"],
    );

    let several = lookup(&endpoint, "  name = \"twin\"\n");
    let run = off_runtime(Workspace::new(&several), Workspace::plan).await;
    assert_error_at(
        &run,
        &several,
        "Several channels are named \"twin\"",
        "name =",
        &[
            "2 channels in region us-west-2 are named \"twin\"",
            &first,
            &second,
            "set `arn` to the one to read instead of `name`",
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_or_malformed_arn_is_an_error_on_arn() {
    let server = start_ivs_local().await;
    let missing = "arn:aws:ivs:us-west-2:123456789012:channel/NoSuchChan12";
    let config = lookup(&server.endpoint(), &format!("  arn = \"{missing}\"\n"));
    let run = off_runtime(Workspace::new(&config), Workspace::plan).await;
    assert_error_at(
        &run,
        &config,
        "The channel was not found",
        "arn =",
        &[&format!(
            "IVS in region us-west-2 has no channel with ARN {missing}"
        )],
    );
    let wrong_kind = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";
    let config = lookup(&server.endpoint(), &format!("  arn = \"{wrong_kind}\"\n"));
    let run = off_runtime(Workspace::new(&config), Workspace::validate).await;
    assert_error_at(
        &run,
        &config,
        "Invalid channel ARN",
        "arn =",
        &["this is the ARN of a \"recording-configuration\", not of a \"channel\""],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_arn_known_only_after_apply_is_read_at_apply() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let arn = send_create_channel(client.create_channel().name("later")).await;
    let config = lookup(
        &server.endpoint(),
        &format!("  arn = {ARN_KNOWN_AFTER_APPLY}\n"),
    ) + &terraform_data_arn(&arn);
    let gets_before = server.request_count("GetChannel");
    let (plan, apply, output) = off_runtime(Workspace::new(&config), |workspace| {
        (workspace.plan(), workspace.apply(), workspace.output("arn"))
    })
    .await;
    assert!(plan.success, "{}", plan.text());
    assert!(
        plan.text()
            .contains("data.ivs_channel.main will be read during apply"),
        "{}",
        plan.text()
    );
    assert_eq!(server.request_count("GetChannel"), gets_before + 1);
    assert!(apply.success, "{}", apply.text());
    assert_eq!(output, arn.as_str());
}
