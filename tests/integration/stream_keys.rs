//! `ivs_stream_key` and `ivs_stream_keys` through the real terraform against ivs-local: the key
//! CreateChannel made and one made by CreateStreamKey with tags, read by ARN, by the channel's
//! ARN and listed per channel, every attribute equal to GetStreamKey's answer; a channel with no
//! key, a missing channel and malformed ARNs are errors on the argument; and the value is a
//! secret: sensitive in the schema, `(sensitive value)` in plans, in no trace log.

use aws_sdk_ivs::types::StreamKey;
use serde_json::{Value, json};

use crate::channels::send_create_channel;
use crate::support::reading::{
    apply_and_read, apply_deferred, assert_fields_equal, data_blocks, region_of,
};
use crate::support::{
    ARN_KNOWN_AFTER_APPLY, Workspace, assert_error_at, assert_kept_out_of_logs, ivs_client,
    off_runtime, start_ivs_local, terraform_data_arn,
};

/// What `ivs_stream_key` must show for `api`, written from the API's own shape.
fn expected(api: &StreamKey) -> Value {
    json!({
        "arn": api.arn(),
        "id": api.arn(),
        "region": api.arn().and_then(region_of),
        "channel_arn": api.channel_arn(),
        "value": api.value(),
        "tags": api.tags(),
    })
}

async fn get_stream_key(client: &aws_sdk_ivs::Client, arn: &str) -> StreamKey {
    client
        .get_stream_key()
        .arn(arn)
        .send()
        .await
        .expect("GetStreamKey")
        .stream_key
        .expect("a stream key")
}

/// The ARNs of the stream keys of `channel`, as ListStreamKeys answers.
async fn keys_of(client: &aws_sdk_ivs::Client, channel: &str) -> Vec<String> {
    client
        .list_stream_keys()
        .channel_arn(channel)
        .send()
        .await
        .expect("ListStreamKeys")
        .stream_keys
        .iter()
        .filter_map(|k| k.arn.clone())
        .collect()
}

/// Deletes every stream key of `channel`.
async fn delete_keys_of(client: &aws_sdk_ivs::Client, channel: &str) {
    for old in keys_of(client, channel).await {
        client
            .delete_stream_key()
            .arn(old)
            .send()
            .await
            .expect("DeleteStreamKey");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_read_by_arn_by_channel_and_listed_equal_get_stream_key() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    // The key CreateChannel makes (no tags), and one of CreateStreamKey with every member.
    let made = send_create_channel(client.create_channel().name("made")).await;
    let replaced = send_create_channel(client.create_channel().name("replaced")).await;
    delete_keys_of(&client, &replaced).await;
    client
        .create_stream_key()
        .channel_arn(&replaced)
        .tags("team", "video")
        .tags("env", "test")
        .send()
        .await
        .expect("CreateStreamKey");
    let mut expected_keys = Vec::new();
    for channel in [&made, &replaced] {
        let [arn] = &keys_of(&client, channel).await[..] else {
            panic!("one key per channel");
        };
        expected_keys.push(expected(&get_stream_key(&client, arn).await));
    }
    let arn = |i: usize| expected_keys[i]["arn"].as_str().unwrap().to_owned();
    let blocks = vec![
        ("ivs_stream_key", format!("  arn = \"{}\"\n", arn(0))),
        ("ivs_stream_key", format!("  channel_arn = \"{made}\"\n")),
        ("ivs_stream_key", format!("  arn = \"{}\"\n", arn(1))),
        (
            "ivs_stream_key",
            format!("  channel_arn = \"{replaced}\"\n"),
        ),
        (
            "ivs_stream_keys",
            format!("  channel_arn = \"{replaced}\"\n"),
        ),
        (
            "ivs_stream_keys",
            format!("  channel_arn = \"{replaced}\"\n  tags = {{ team = \"other\" }}\n"),
        ),
    ];
    let read = apply_and_read(data_blocks(&server.endpoint(), &blocks), blocks.len()).await;
    for (i, key) in [0, 0, 1, 1].into_iter().enumerate() {
        assert_fields_equal(&read[i], &expected_keys[key], &format!("block d{i}"));
    }
    assert_eq!(read[3]["tags"], json!({"team": "video", "env": "test"}));
    assert!(
        read[0]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("sk_us-west-2_"))
    );
    let listed = &read[4];
    assert_eq!(listed["channel_arn"], replaced.as_str());
    assert_eq!(listed["region"], "us-west-2");
    assert_eq!(listed["arns"], json!([arn(1)]));
    assert_fields_equal(&listed["stream_keys"][0], &expected_keys[1], "listed key");
    assert_eq!(read[5]["arns"], json!([]), "the tags filter leaves none");
}

/// One data block of `data_type` with `arguments` (whole lines).
fn lookup(endpoint: &str, data_type: &str, arguments: &str) -> String {
    data_blocks(endpoint, &[(data_type, arguments.to_owned())])
}

#[tokio::test(flavor = "multi_thread")]
async fn a_channel_with_no_key_a_missing_channel_and_bad_arns_are_errors_on_the_argument() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let keyless = send_create_channel(client.create_channel().name("keyless")).await;
    delete_keys_of(&client, &keyless).await;
    let endpoint = server.endpoint();

    let none = lookup(
        &endpoint,
        "ivs_stream_key",
        &format!("  channel_arn = \"{keyless}\"\n"),
    );
    let run = off_runtime(Workspace::new(&none), Workspace::plan).await;
    assert_error_at(
        &run,
        &none,
        "The channel has no stream key",
        "channel_arn =",
        &[&format!("The channel {keyless} has no stream key")],
    );

    let missing = "arn:aws:ivs:us-west-2:123456789012:channel/NoSuchChan12";
    for data_type in ["ivs_stream_key", "ivs_stream_keys"] {
        let config = lookup(
            &endpoint,
            data_type,
            &format!("  channel_arn = \"{missing}\"\n"),
        );
        let run = off_runtime(Workspace::new(&config), Workspace::plan).await;
        assert_error_at(
            &run,
            &config,
            "The channel was not found",
            "channel_arn =",
            &[&format!(
                "has no channel with ARN {missing}, so it has no stream keys"
            )],
        );
    }

    let missing_key = "arn:aws:ivs:us-west-2:123456789012:stream-key/NoSuchKey123";
    let config = lookup(
        &endpoint,
        "ivs_stream_key",
        &format!("  arn = \"{missing_key}\"\n"),
    );
    let run = off_runtime(Workspace::new(&config), Workspace::plan).await;
    assert_error_at(
        &run,
        &config,
        "The stream key was not found",
        "arn =",
        &[missing_key],
    );

    let wrong_kind = keyless.replace(":channel/", ":stream-key/");
    for (data_type, argument, value, summary) in [
        (
            "ivs_stream_key",
            "channel_arn",
            wrong_kind.as_str(),
            "Invalid channel ARN",
        ),
        (
            "ivs_stream_keys",
            "channel_arn",
            wrong_kind.as_str(),
            "Invalid channel ARN",
        ),
        (
            "ivs_stream_key",
            "arn",
            keyless.as_str(),
            "Invalid stream key ARN",
        ),
    ] {
        let config = lookup(
            &endpoint,
            data_type,
            &format!("  {argument} = \"{value}\"\n"),
        );
        let run = off_runtime(Workspace::new(&config), Workspace::validate).await;
        assert_error_at(&run, &config, summary, &format!("{argument} ="), &[]);
    }

    let both = lookup(
        &endpoint,
        "ivs_stream_key",
        &format!("  arn = \"{missing_key}\"\n  channel_arn = \"{keyless}\"\n"),
    );
    let run = off_runtime(Workspace::new(&both), Workspace::validate).await;
    assert_error_at(
        &run,
        &both,
        "Only one of `arn` or `channel_arn` may be set",
        "channel_arn =",
        &[],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_value_is_sensitive_shown_as_such_in_plans_and_in_no_trace_log() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let channel = send_create_channel(client.create_channel().name("secret")).await;
    let [key] = &keys_of(&client, &channel).await[..] else {
        panic!("one key");
    };
    let value = get_stream_key(&client, key).await.value.expect("a value");
    let blocks = [
        ("ivs_stream_key", format!("  channel_arn = \"{channel}\"\n")),
        (
            "ivs_stream_keys",
            format!("  channel_arn = \"{channel}\"\n"),
        ),
    ];
    let config = data_blocks(&server.endpoint(), &blocks)
        // Only the value is secret: the ARN is an output that needs no `sensitive`.
        + "\noutput \"arn\" {\n  value = data.ivs_stream_key.d0.arn\n}\n";
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_LOG", "trace");
    let (schema, plan, apply, outputs) = off_runtime(workspace, |workspace| {
        let schema = workspace.terraform(&["providers", "schema", "-json"]);
        let plan = workspace.plan();
        let apply = workspace.apply();
        (schema, plan, apply, workspace.outputs())
    })
    .await;
    assert!(apply.success, "{}", apply.text());
    assert_eq!(outputs["d0"]["value"]["value"], value.as_str());
    assert_eq!(
        outputs["d1"]["value"]["stream_keys"][0]["value"],
        value.as_str()
    );
    assert_eq!(outputs["arn"]["value"], key.as_str());
    assert_kept_out_of_logs(&[&plan, &apply], &value, "stream key");
    assert!(
        plan.unwrapped().contains("d0 = (sensitive value)"),
        "{}",
        plan.stdout
    );
    let schema: Value = serde_json::from_str(&schema.stdout).expect("schema JSON");
    let data =
        &schema["provider_schemas"]["registry.terraform.io/ivs-rs/ivs"]["data_source_schemas"];
    let single = &data["ivs_stream_key"]["block"]["attributes"];
    for (name, attribute) in single.as_object().expect("attributes") {
        let secret = name == "value";
        assert_eq!(attribute.get("sensitive").is_some(), secret, "{name}");
    }
    let listed =
        &data["ivs_stream_keys"]["block"]["attributes"]["stream_keys"]["nested_type"]["attributes"];
    assert_eq!(listed["value"]["sensitive"], true, "{listed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_channel_arn_known_only_after_apply_defers_the_read_to_apply() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let channel = send_create_channel(client.create_channel().name("later")).await;
    let [key] = &keys_of(&client, &channel).await[..] else {
        panic!("one key");
    };
    let blocks = [
        (
            "ivs_stream_key",
            format!("  channel_arn = {ARN_KNOWN_AFTER_APPLY}\n"),
        ),
        (
            "ivs_stream_keys",
            format!("  channel_arn = {ARN_KNOWN_AFTER_APPLY}\n"),
        ),
    ];
    let config = data_blocks(&server.endpoint(), &blocks) + &terraform_data_arn(&channel);
    // Nothing was listed at plan: one List each, at apply.
    let outputs = apply_deferred(
        &server,
        config,
        &["data.ivs_stream_key.d0", "data.ivs_stream_keys.d1"],
        "ListStreamKeys",
        2,
    )
    .await;
    assert_eq!(outputs["d0"]["value"]["arn"], key.as_str());
    assert_eq!(outputs["d1"]["value"]["arns"], json!([key]));
}
