//! The provider-defined functions through the real terraform: `provider::ivs::arn_parse` and
//! `arn_build` in outputs of `terraform apply` and in `terraform console`, a malformed argument
//! failing with an error on that argument, and a `terraform test` with `mock_provider "ivs"`
//! (which never configures the provider) calling both. No IVS endpoint is involved: functions
//! call no AWS API.

use serde_json::json;

use crate::support::{REGION_ONLY, Run, Workspace, provider_config};

const CHANNEL_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/AbCd1234";

/// A configuration with the provider block and `rest`.
fn config(rest: &str) -> String {
    format!("{}\n{rest}", provider_config(REGION_ONLY))
}

#[test]
fn apply_outputs_parse_and_build_arns() {
    let workspace = Workspace::new(&config(&format!(
        r#"
output "parsed" {{
  value = provider::ivs::arn_parse("{CHANNEL_ARN}")
}}

output "room" {{
  value = provider::ivs::arn_parse("arn:aws-us-gov:ivschat:us-gov-west-1:210987654321:room/Room-1")
}}

output "built" {{
  value = provider::ivs::arn_build("aws", "us-west-2", "123456789012", "stream-key", "Key1")
}}

output "ingest" {{
  value = provider::ivs::ingest_url("a1b2c3d4e5f6.global-contribute.live-video.net", "rtmps")
}}

output "round_trip" {{
  value = provider::ivs::arn_build(
    provider::ivs::arn_parse("{CHANNEL_ARN}").partition,
    provider::ivs::arn_parse("{CHANNEL_ARN}").region,
    provider::ivs::arn_parse("{CHANNEL_ARN}").account,
    provider::ivs::arn_parse("{CHANNEL_ARN}").resource_type,
    provider::ivs::arn_parse("{CHANNEL_ARN}").resource_id,
  )
}}
"#
    )));
    let run = workspace.apply();
    assert!(run.success, "{}", run.text());
    assert_eq!(
        workspace.output("parsed"),
        json!({
            "partition": "aws",
            "service": "ivs",
            "region": "us-west-2",
            "account": "123456789012",
            "resource_type": "channel",
            "resource_id": "AbCd1234",
        })
    );
    assert_eq!(
        workspace.output("room"),
        json!({
            "partition": "aws-us-gov",
            "service": "ivschat",
            "region": "us-gov-west-1",
            "account": "210987654321",
            "resource_type": "room",
            "resource_id": "Room-1",
        })
    );
    assert_eq!(
        workspace.output("built"),
        json!("arn:aws:ivs:us-west-2:123456789012:stream-key/Key1")
    );
    assert_eq!(workspace.output("round_trip"), json!(CHANNEL_ARN));
    assert_eq!(
        workspace.output("ingest"),
        json!("rtmps://a1b2c3d4e5f6.global-contribute.live-video.net:443/app/")
    );
}

/// An ARN of every resource type of IVS (low-latency, real-time) and IVS Chat, with its service.
const EVERY_KIND: [(&str, &str); 12] = [
    ("ivs", "channel"),
    ("ivs", "stream-key"),
    ("ivs", "playback-key"),
    ("ivs", "recording-configuration"),
    ("ivs", "playback-restriction-policy"),
    ("ivs", "ad-configuration"),
    ("ivs", "failover-slate-configuration"),
    ("ivs", "stage"),
    ("ivs", "encoder-configuration"),
    ("ivs", "storage-configuration"),
    ("ivschat", "room"),
    ("ivschat", "logging-configuration"),
];

#[test]
fn an_arn_of_every_kind_parses_into_its_parts_and_builds_back() {
    let arns: Vec<String> = EVERY_KIND
        .iter()
        .enumerate()
        .map(|(i, (service, kind))| {
            format!("arn:aws:{service}:eu-central-1:123456789012:{kind}/Id{i}aBc")
        })
        .collect();
    let workspace = Workspace::new(&config(&format!(
        r#"
locals {{
  arns = {arns}
}}

output "parsed" {{
  value = [for arn in local.arns : provider::ivs::arn_parse(arn)]
}}

output "rebuilt" {{
  value = [for p in [for arn in local.arns : provider::ivs::arn_parse(arn)] :
    provider::ivs::arn_build(p.partition, p.region, p.account, p.resource_type, p.resource_id)]
}}
"#,
        arns = json!(arns)
    )));
    let run = workspace.apply();
    assert!(run.success, "{}", run.text());
    let parsed = workspace.output("parsed");
    for (i, (service, kind)) in EVERY_KIND.iter().enumerate() {
        assert_eq!(
            parsed[i],
            json!({
                "partition": "aws",
                "service": service,
                "region": "eu-central-1",
                "account": "123456789012",
                "resource_type": kind,
                "resource_id": format!("Id{i}aBc"),
            }),
            "{}",
            arns[i]
        );
    }
    assert_eq!(workspace.output("rebuilt"), json!(arns));
}

/// `terraform console` evaluating `expression`.
fn console(workspace: &Workspace, expression: &str) -> Run {
    use std::io::Write;
    let mut child = workspace
        .command(&["console"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("terraform console starts");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{expression}").expect("write to terraform console");
    drop(stdin);
    child.wait_with_output().expect("terraform console").into()
}

#[test]
fn console_evaluates_the_functions() {
    let workspace = Workspace::new(&config(""));
    let run = console(
        &workspace,
        &format!("provider::ivs::arn_parse(\"{CHANNEL_ARN}\").resource_id"),
    );
    assert!(run.success, "{}", run.text());
    assert_eq!(run.stdout.trim(), "\"AbCd1234\"");
    let run = console(
        &workspace,
        "provider::ivs::arn_build(\"aws-cn\", \"cn-north-1\", \"123456789012\", \"room\", \"r1\")",
    );
    assert!(run.success, "{}", run.text());
    assert_eq!(
        run.stdout.trim(),
        "\"arn:aws-cn:ivschat:cn-north-1:123456789012:room/r1\""
    );
}

#[test]
fn a_malformed_argument_is_an_error_on_that_argument() {
    let main_tf = config(
        r#"
output "bad" {
  value = provider::ivs::arn_parse("arn:aws:s3:us-west-2:123456789012:channel/AbCd1234")
}
"#,
    );
    let workspace = Workspace::new(&main_tf);
    let run = workspace.plan();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains("Invalid value for \"arn\" parameter")
            && text.contains(
                "\"arn:aws:s3:us-west-2:123456789012:channel/AbCd1234\" is not an IVS ARN: \
                 the service is \"s3\", not \"ivs\" or \"ivschat\"."
            ),
        "{text}"
    );
    assert!(!text.contains(".."), "one full stop, Terraform's: {text}");
    let line = main_tf
        .lines()
        .position(|l| l.contains("arn_parse("))
        .expect("the call")
        + 1;
    assert!(text.contains(&format!("on main.tf line {line}")), "{text}");

    let workspace = Workspace::new(&config(
        r#"
output "bad" {
  value = provider::ivs::arn_build("aws", "us-west-2", "12345", "channel", "AbCd1234")
}

output "bad_protocol" {
  value = provider::ivs::ingest_url("a1b2c3d4e5f6.global-contribute.live-video.net", "srt")
}
"#,
    ));
    let run = workspace.plan();
    let text = run.unwrapped();
    assert!(!run.success, "{text}");
    assert!(
        text.contains("Invalid value for \"account\" parameter")
            && text.contains("the account \"12345\" is not an AWS account ID (12 digits)."),
        "{text}"
    );
}

#[test]
fn terraform_test_with_a_mock_provider_calls_the_functions() {
    let workspace = Workspace::new(&config(&format!(
        r#"
variable "arn" {{
  type    = string
  default = "{CHANNEL_ARN}"
}}

output "account" {{
  value = provider::ivs::arn_parse(var.arn).account
}}

output "stream_key" {{
  value = provider::ivs::arn_build("aws", "eu-west-1", provider::ivs::arn_parse(var.arn).account, "stream-key", "K1")
}}
"#
    )));
    // Provider functions are not in scope in a run block's `variables`, but are in its
    // assertions, which are evaluated in the module.
    workspace.write(
        "functions.tftest.hcl",
        r#"
mock_provider "ivs" {}

run "parses_the_account" {
  command = plan

  assert {
    condition     = output.account == "123456789012"
    error_message = "arn_parse gave the wrong account"
  }
}

run "builds_a_stream_key_arn" {
  command = apply

  variables {
    arn = "arn:aws:ivs:us-east-1:210987654321:channel/Other"
  }

  assert {
    condition     = output.stream_key == "arn:aws:ivs:eu-west-1:210987654321:stream-key/K1"
    error_message = "arn_build gave the wrong ARN"
  }

  assert {
    condition     = provider::ivs::arn_parse(output.stream_key).resource_type == "stream-key"
    error_message = "arn_parse and arn_build disagree"
  }
}
"#,
    );
    let run = workspace.terraform(&["test", "-no-color"]);
    assert!(run.success, "{}", run.text());
    assert!(run.stdout.contains("2 passed, 0 failed"), "{}", run.text());
}

/// OpenTofu lists functions with GetFunctions rather than GetProviderSchema: the same ones.
#[tokio::test]
async fn get_functions_lists_what_the_schema_lists_and_bad_calls_are_errors() {
    use terraform_provider_ivs::provider::Provider;
    use terraform_provider_ivs::tfplugin6::ProviderService;
    use terraform_provider_ivs::tfplugin6::proto::{self, provider_server::Provider as _};
    use tonic::Request;

    let service = ProviderService::new(Provider::new());
    let listed = service
        .get_functions(Request::new(Default::default()))
        .await
        .unwrap()
        .into_inner();
    let schema = service
        .get_provider_schema(Request::new(Default::default()))
        .await
        .unwrap()
        .into_inner();
    let mut names: Vec<_> = listed.functions.keys().cloned().collect();
    names.sort();
    assert_eq!(names, ["arn_build", "arn_parse", "ingest_url"]);
    assert_eq!(listed.functions, schema.functions);
    for function in listed.functions.values() {
        assert!(function.description.len() > 100, "{function:?}");
        assert!(!function.summary.is_empty());
        assert!(function.parameters.iter().all(|p| p.description.len() > 10));
    }

    let call = |name: &str, arguments: usize| proto::call_function::Request {
        name: name.into(),
        arguments: vec![proto::DynamicValue::default(); arguments],
    };
    let answer = service
        .call_function(Request::new(call("arn_unknown", 1)))
        .await
        .unwrap()
        .into_inner();
    let error = answer.error.expect("an error");
    assert!(
        error.text.contains("no function \"arn_unknown\"") && error.function_argument.is_none(),
        "{error:?}"
    );
    let answer = service
        .call_function(Request::new(call("arn_parse", 2)))
        .await
        .unwrap()
        .into_inner();
    assert!(
        answer
            .error
            .expect("an error")
            .text
            .contains("takes 1 argument(s), not 2")
    );
    // An empty DynamicValue is a null: an error on the argument, not a panic.
    let answer = service
        .call_function(Request::new(call("arn_parse", 1)))
        .await
        .unwrap()
        .into_inner();
    let error = answer.error.expect("an error");
    assert_eq!(error.function_argument, Some(0), "{error:?}");
}
