//! `ephemeral "ivs_stream_key"` through the real terraform against ivs-local: opened at plan and
//! at apply, by `channel_arn` and by `arn`, its `value` handed to a local-exec provisioner's
//! environment (where Terraform 1.10+ allows ephemeral values) that writes it to a file, equal
//! to GetStreamKey's answer; and the value is in neither the state, the saved plan's
//! `terraform show -json`, nor a TF_LOG=trace log of plan and apply.

use crate::channels::send_create_channel;
use crate::support::{
    Workspace, ivs_client, local_provider_body, off_runtime, provider_config, start_ivs_local,
};

/// The ARN and value of the one stream key of `channel`, as ListStreamKeys and GetStreamKey
/// answer.
async fn the_key_of(client: &aws_sdk_ivs::Client, channel: &str) -> (String, String) {
    let listed = client
        .list_stream_keys()
        .channel_arn(channel)
        .send()
        .await
        .expect("ListStreamKeys");
    let [key] = &listed.stream_keys[..] else {
        panic!("one stream key");
    };
    let arn = key.arn().expect("an ARN").to_owned();
    let value = client
        .get_stream_key()
        .arn(&arn)
        .send()
        .await
        .expect("GetStreamKey")
        .stream_key
        .and_then(|k| k.value)
        .expect("a value");
    (arn, value)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_reaches_a_provisioner_and_nothing_stored_or_logged() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let channel = send_create_channel(client.create_channel().name("ephemeral")).await;
    let (key_arn, value) = the_key_of(&client, &channel).await;
    let config = provider_config(&local_provider_body(&server.endpoint(), ""))
        + &format!(
            r#"
ephemeral "ivs_stream_key" "by_channel" {{
  channel_arn = "{channel}"
}}

ephemeral "ivs_stream_key" "by_arn" {{
  arn = "{key_arn}"
}}

resource "terraform_data" "encoder" {{
  provisioner "local-exec" {{
    command = "printf '%s' \"$KEY\" > by_channel.txt && printf '%s' \"$KEY_BY_ARN\" > by_arn.txt && printf '%s' \"$ARN\" > arn.txt"
    environment = {{
      KEY        = ephemeral.ivs_stream_key.by_channel.value
      KEY_BY_ARN = ephemeral.ivs_stream_key.by_arn.value
      ARN        = ephemeral.ivs_stream_key.by_channel.arn
    }}
  }}
}}
"#
        );
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_LOG", "trace");
    let (plan, show, apply, workspace) = off_runtime(workspace, |workspace| {
        let plan = workspace.terraform(&["plan", "-no-color", "-input=false", "-out=saved.tfplan"]);
        let show = workspace.terraform(&["show", "-json", "saved.tfplan"]);
        let apply = workspace.terraform(&["apply", "-no-color", "-input=false", "saved.tfplan"]);
        let files = |name: &str| std::fs::read_to_string(workspace.path().join(name)).ok();
        (
            plan,
            show,
            apply,
            [
                files("by_channel.txt"),
                files("by_arn.txt"),
                files("arn.txt"),
                files("terraform.tfstate"),
            ],
        )
    })
    .await;
    assert!(plan.success, "{}", plan.text());
    assert!(show.success, "{}", show.text());
    assert!(apply.success, "{}", apply.text());
    let [by_channel, by_arn, arn, state] = workspace;
    assert_eq!(by_channel.as_deref(), Some(value.as_str()));
    assert_eq!(by_arn.as_deref(), Some(value.as_str()));
    assert_eq!(arn.as_deref(), Some(key_arn.as_str()));
    let state = state.expect("a state file");
    assert!(!state.contains(&value), "the stream key is in the state");
    assert!(
        !show.stdout.contains(&value),
        "the stream key is in the saved plan"
    );
    for run in [&plan, &apply] {
        assert!(
            run.stderr.contains("OpenEphemeralResource"),
            "the trace log shows the ephemeral resources opened"
        );
        assert!(
            !run.text().contains(&value),
            "the stream key is in terraform's output or trace log"
        );
    }
}

#[test]
fn the_schema_matches_the_data_source_and_bad_arguments_fail_validate() {
    use crate::support::REGION_ONLY;
    let workspace = Workspace::new(&provider_config(REGION_ONLY));
    let run = workspace.terraform(&["providers", "schema", "-json"]);
    assert!(run.success, "{}", run.text());
    let all: serde_json::Value = serde_json::from_str(&run.stdout).expect("schema JSON");
    let provider = &all["provider_schemas"]["registry.terraform.io/ivs-rs/ivs"];
    let ephemeral = &provider["ephemeral_resource_schemas"]["ivs_stream_key"]["block"];
    let data = &provider["data_source_schemas"]["ivs_stream_key"]["block"];
    assert_eq!(ephemeral["attributes"], data["attributes"]);
    assert_eq!(ephemeral["attributes"]["value"]["sensitive"], true);
    assert!(
        ephemeral["description"]
            .as_str()
            .is_some_and(|d| d.contains("never stores")),
        "{ephemeral}"
    );

    let bad_arn = provider_config(REGION_ONLY)
        + "\nephemeral \"ivs_stream_key\" \"k\" {\n  arn = \"arn:aws:ivs:us-west-2:123456789012:channel/AbCd\"\n}\n";
    let run = Workspace::new(&bad_arn).validate();
    let text = run.unwrapped();
    assert!(!run.success, "{text}");
    assert!(
        text.contains("Error: Invalid stream key ARN")
            && text.contains("this is the ARN of a \"channel\", not of a \"stream-key\"")
            && text.contains("on main.tf line 12"),
        "{text}"
    );

    let both = provider_config(REGION_ONLY)
        + "\nephemeral \"ivs_stream_key\" \"k\" {\n  arn         = \"arn:aws:ivs:us-west-2:123456789012:stream-key/AbCd\"\n  channel_arn = \"arn:aws:ivs:us-west-2:123456789012:channel/AbCd\"\n}\n";
    let run = Workspace::new(&both).validate();
    let text = run.unwrapped();
    assert!(!run.success, "{text}");
    assert!(text.contains("channel_arn"), "{text}");
}
