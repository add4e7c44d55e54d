//! Bounded inputs through the real terraform: a megabyte ARN or region gets an error of a few
//! hundred bytes that quotes a short prefix and the length, never the value, and an ARN's
//! account must be 12 digits. The gRPC answers are measured too, in process.

use crate::support::{REGION_ONLY, VALIDATE, Workspace, provider_config, quoted, reading};
use terraform_provider_ivs::provider::Provider;
use terraform_provider_ivs::tfplugin6::ProviderService;
use terraform_provider_ivs::tfplugin6::proto::{
    self, DynamicValue, provider_server::Provider as _,
};
use terraform_provider_ivs::values::{Type, Value, encode_msgpack};
use tonic::Request;

/// A mebibyte of `a`, built by Terraform itself so the source line stays short.
const MEBIBYTE_OF_A: &str = r#"replace(format("%1048576s", ""), " ", "a")"#;
/// The most an error about a huge value may take.
const BOUND: usize = 1024;
const ARN_PREFIX: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/";

/// Terraform's whole output (stdout and stderr) of a failing `command`, checked to name
/// `summary` and `attribute` and to stay under [`BOUND`] bytes.
fn assert_short_error(workspace: &Workspace, command: &[&str], summary: &str, attribute: &str) {
    let run = workspace.terraform(command);
    assert!(!run.success, "{command:?} accepted it");
    let text = run.text();
    assert!(
        text.len() < BOUND,
        "{command:?} printed {} bytes:\n{}",
        text.len(),
        &text[..text.len().min(4000)]
    );
    let unwrapped = run.unwrapped();
    assert!(unwrapped.contains(&format!("Error: {summary}")), "{text}");
    assert!(unwrapped.contains(&format!("{attribute} =")), "{text}");
    assert!(unwrapped.contains("characters)"), "{text}");
}

#[test]
fn a_megabyte_arn_gets_an_error_under_a_kilobyte() {
    let config = format!(
        "{}\nlocals {{\n  huge = \"{ARN_PREFIX}${{{MEBIBYTE_OF_A}}}\"\n}}\n\ndata \
         \"ivs_recording_configuration\" \"main\" {{\n  arn = local.huge\n}}\n",
        provider_config(REGION_ONLY)
    );
    let workspace = Workspace::new(&config);
    for command in [VALIDATE, crate::support::PLAN] {
        assert_short_error(
            &workspace,
            command,
            "Invalid recording configuration ARN",
            "arn",
        );
    }
    let run = workspace.terraform(VALIDATE);
    assert!(
        run.unwrapped().contains(&format!(
            "... ({} characters)",
            ARN_PREFIX.len() + (1 << 20)
        )),
        "{}",
        run.text()
    );
}

#[test]
fn a_megabyte_region_gets_an_error_under_a_kilobyte() {
    let huge_region = format!("\"us-${{{MEBIBYTE_OF_A}}}-1\"");
    // In the data source...
    let config = format!(
        "{}\ndata \"ivs_recording_configurations\" \"all\" {{\n  region = {huge_region}\n}}\n",
        provider_config(REGION_ONLY)
    );
    let workspace = Workspace::new(&config);
    for command in [VALIDATE, crate::support::PLAN] {
        assert_short_error(&workspace, command, "Invalid region", "region");
    }
    // ...and in the provider block, where `terraform validate` does not look: plan does.
    let config = reading(&format!("  region = {huge_region}"), &quoted(GOOD_ARN));
    let workspace = Workspace::new(&config);
    assert_short_error(
        &workspace,
        crate::support::PLAN,
        "Invalid AWS region",
        "region",
    );
}

#[test]
fn a_megabyte_endpoint_gets_an_error_under_a_kilobyte() {
    let provider = format!(
        "  region = \"us-west-2\"\n  endpoints {{\n    ivs = \"http://127.0.0.1/${{{MEBIBYTE_OF_A}}}\"\n  }}"
    );
    let workspace = Workspace::new(&reading(&provider, &quoted(GOOD_ARN)));
    assert_short_error(
        &workspace,
        crate::support::PLAN,
        "Invalid ivs endpoint",
        "ivs",
    );
    assert!(
        workspace
            .plan()
            .unwrapped()
            .contains("is not an endpoint URL: it is longer than 2048 characters"),
    );
}

const GOOD_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

#[test]
fn accounts_of_eleven_and_thirteen_digits_fail_validate_on_arn() {
    for account in ["12345678901", "1234567890123"] {
        let arn = GOOD_ARN.replace("123456789012", account);
        let config = reading(REGION_ONLY, &quoted(&arn));
        let line = config.lines().position(|l| l.contains("arn =")).unwrap() + 1;
        let run = Workspace::new(&config).validate();
        assert!(!run.success, "{arn} passed validate");
        let text = run.unwrapped();
        assert!(
            text.contains("Error: Invalid recording configuration ARN"),
            "{text}"
        );
        assert!(
            text.contains(&format!("on main.tf line {line}")) && text.contains("arn = \""),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "the account \"{account}\" is not an AWS account ID (12 digits)"
            )),
            "{text}"
        );
    }
}

/// `config` of type `ty` as a msgpack DynamicValue.
fn dynamic(config: &Value, ty: &Type) -> Option<DynamicValue> {
    Some(DynamicValue {
        msgpack: encode_msgpack(config, ty).expect("encodes"),
        json: Vec::new(),
    })
}

/// `config` with every other attribute of the schema's `ty` null.
fn with_nulls(ty: &Type, set: &[(&str, Value)]) -> Value {
    let Type::Object(attributes) = ty else {
        panic!("a block is an object")
    };
    Value::object(attributes.keys().map(|name| {
        let value = set
            .iter()
            .find(|(n, _)| n == name)
            .map_or(Value::Null, |(_, v)| v.clone());
        (name.clone(), value)
    }))
}

#[tokio::test]
async fn the_grpc_answers_to_megabyte_values_stay_under_a_kilobyte() {
    use prost::Message;
    let mebibyte = "a".repeat(1 << 20);
    let provider = Provider::new();
    let data_source_type = provider
        .data_source_schema("ivs_recording_configuration")
        .unwrap()
        .block
        .value_type();
    let provider_type = provider.schema().block.value_type();
    let service = ProviderService::new(provider);

    let huge_arn = format!("{ARN_PREFIX}{mebibyte}");
    let huge_region = format!("us-{mebibyte}-1");
    for (name, value) in [
        ("arn", &huge_arn),
        ("region", &huge_region),
        ("name", &mebibyte),
    ] {
        let config = with_nulls(&data_source_type, &[(name, Value::String(value.clone()))]);
        let answer = service
            .validate_data_resource_config(Request::new(
                proto::validate_data_resource_config::Request {
                    type_name: "ivs_recording_configuration".into(),
                    config: dynamic(&config, &data_source_type),
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert!(!answer.diagnostics.is_empty(), "{name}");
        assert!(answer.encoded_len() < BOUND, "{name}: {answer:?}");
    }
    let config = with_nulls(&provider_type, &[("region", Value::String(huge_region))]);
    let answer = service
        .validate_provider_config(Request::new(proto::validate_provider_config::Request {
            config: dynamic(&config, &provider_type),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.diagnostics.len(), 1, "{answer:?}");
    assert!(answer.encoded_len() < BOUND, "{answer:?}");
    let answer = service
        .validate_data_resource_config(Request::new(
            proto::validate_data_resource_config::Request {
                type_name: mebibyte.clone(),
                config: None,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(answer.encoded_len() < BOUND, "{answer:?}");
}
