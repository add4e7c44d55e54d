//! The SRT passphrase of a channel lets anyone with the stream key stream to it: it is sensitive
//! in the schema of `ivs_channel` and `ivs_channels`, shown as `(sensitive value)` in plans, and
//! in no log, even at `TF_LOG=trace`.

use serde_json::Value;

use crate::channels::{get_channel, send_create_channel};
use crate::support::{
    Workspace, assert_kept_out_of_logs, ivs_client, local_provider_body, off_runtime,
    provider_config, start_ivs_local,
};

/// `data_source_schemas` of `terraform providers schema -json`.
fn data_source_schemas() -> Value {
    let workspace = Workspace::new(&provider_config(crate::support::REGION_ONLY));
    let run = workspace.terraform(&["providers", "schema", "-json"]);
    assert!(run.success, "{}", run.text());
    let schema: Value = serde_json::from_str(&run.stdout).expect("schema JSON");
    schema["provider_schemas"]["registry.terraform.io/ivs-rs/ivs"]["data_source_schemas"].clone()
}

#[test]
fn the_passphrase_is_sensitive_in_both_schemas_and_nothing_else_of_the_channel_is() {
    let schemas = data_source_schemas();
    let single = &schemas["ivs_channel"]["block"]["attributes"];
    let srt = &single["srt"]["nested_type"]["attributes"];
    assert_eq!(srt["passphrase"]["sensitive"], true, "{srt}");
    assert_eq!(srt["endpoint"].get("sensitive"), None, "{srt}");
    for (name, attribute) in single.as_object().expect("attributes") {
        assert_eq!(attribute.get("sensitive"), None, "{name} is not a secret");
    }
    let listed = &schemas["ivs_channels"]["block"]["attributes"]["channels"]["nested_type"]["attributes"]
        ["srt"]["nested_type"]["attributes"];
    assert_eq!(listed["passphrase"]["sensitive"], true, "{listed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_passphrase_is_in_no_trace_log_and_plans_show_it_as_sensitive() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let arn = send_create_channel(client.create_channel().name("secret")).await;
    let passphrase = get_channel(&client, &arn)
        .await
        .srt
        .and_then(|srt| srt.passphrase)
        .expect("IVS made a passphrase");
    let config = provider_config(&local_provider_body(&server.endpoint(), ""))
        + &format!(
            "\ndata \"ivs_channel\" \"main\" {{\n  arn = \"{arn}\"\n}}\n\n\
             data \"ivs_channels\" \"all\" {{}}\n\n\
             output \"passphrase\" {{\n  value     = data.ivs_channel.main.srt.passphrase\n  sensitive = true\n}}\n\n\
             output \"listed\" {{\n  value     = data.ivs_channels.all.channels[0].srt.passphrase\n  sensitive = true\n}}\n"
        );
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_LOG", "trace");
    let (plan, apply, outputs) = off_runtime(workspace, |workspace| {
        let plan = workspace.plan();
        let apply = workspace.apply();
        (plan, apply, workspace.outputs())
    })
    .await;
    assert!(
        plan.success && apply.success,
        "{}\n{}",
        plan.text(),
        apply.text()
    );
    assert_kept_out_of_logs(&[&plan, &apply], &passphrase, "passphrase");
    assert!(
        plan.unwrapped().contains("passphrase = (sensitive value)"),
        "{}",
        plan.stdout
    );
    // It is still there for whoever needs it, through outputs marked sensitive.
    assert_eq!(outputs["passphrase"]["value"], passphrase.as_str());
    assert_eq!(outputs["passphrase"]["sensitive"], true);
    assert_eq!(outputs["listed"]["value"], passphrase.as_str());
}
