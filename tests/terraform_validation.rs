//! Plan-time validation through the real terraform: a malformed ARN or provider argument is
//! reported on the attribute, with file and line; a well-formed or unknown ARN passes.

mod support;

use support::{Workspace, provider_config};

const GOOD_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

fn data_source(arn_expression: &str) -> String {
    format!(
        "{}\ndata \"ivs_recording_configuration\" \"main\" {{\n  arn = {arn_expression}\n}}\n",
        provider_config("  region = \"us-west-2\"")
    )
}

#[test]
fn malformed_arn_fails_validate_naming_arn_file_and_line() {
    let cases = [
        (
            "arn:aws:ivs:us-west-2:123456789012:channel/AbCd1234",
            "ARN of a \"channel\"",
        ),
        ("arn:aws:s3:::bucket", "service is \"s3\""),
        (
            "arn:aws:ivs:us-west-2:12x:recording-configuration/AbCd1234",
            "account \"12x\"",
        ),
        ("recording-configuration/AbCd1234", "six parts"),
    ];
    for (bad, reason) in cases {
        let config = data_source(&format!("\"{bad}\""));
        let arn_line = config.lines().position(|l| l.contains("arn =")).unwrap() + 1;
        let workspace = Workspace::new(&config);
        for command in [
            &["validate", "-no-color"][..],
            &["plan", "-no-color", "-input=false"][..],
        ] {
            let run = workspace.terraform(command);
            assert!(!run.success, "{command:?} accepted {bad}");
            let text = run.unwrapped();
            assert!(
                text.contains("Error: Invalid recording configuration ARN"),
                "{text}"
            );
            assert!(
                text.contains(&format!(
                    "on main.tf line {arn_line}, in data \"ivs_recording_configuration\" \"main\""
                )),
                "{text}"
            );
            assert!(
                text.contains(&format!("{arn_line}: arn = \"{bad}\"")),
                "{text}"
            );
            assert!(text.contains(reason), "{bad}: {text}");
        }
    }
}

#[test]
fn well_formed_arns_pass_validate_in_every_partition() {
    for partition in ["aws", "aws-cn", "aws-us-gov"] {
        let arn = GOOD_ARN.replace("arn:aws:", &format!("arn:{partition}:"));
        let workspace = Workspace::new(&data_source(&format!("\"{arn}\"")));
        let run = workspace.terraform(&["validate", "-no-color"]);
        assert!(run.success, "{arn}: {}", run.text());
        assert!(
            run.text().contains("The configuration is valid"),
            "{}",
            run.text()
        );
    }
}

#[test]
fn an_arn_unknown_at_plan_passes_and_is_known_after_apply() {
    let config = format!(
        "{}\nresource \"terraform_data\" \"arn\" {{\n  input = \"{GOOD_ARN}\"\n}}\n",
        data_source("terraform_data.arn.output")
    );
    let workspace = Workspace::new(&config);
    let validate = workspace.terraform(&["validate", "-no-color"]);
    assert!(validate.success, "{}", validate.text());
    let plan = workspace.terraform(&["plan", "-no-color", "-input=false"]);
    assert!(plan.success, "{}", plan.text());
    assert!(
        plan.text()
            .contains("data.ivs_recording_configuration.main will be read during apply"),
        "{}",
        plan.text()
    );
    assert!(
        plan.text().contains("(known after apply)"),
        "{}",
        plan.text()
    );
}

#[test]
fn bad_provider_arguments_are_reported_on_the_argument() {
    let cases = [
        (
            "  region = \"US West\"",
            "region = \"US West\"",
            "Invalid AWS region",
        ),
        (
            "  access_key = \"AKIDEXAMPLE\"",
            "`secret_key` must be set",
            "Missing secret_key",
        ),
        (
            "  max_retries = -1",
            "max_retries = -1",
            "Invalid max_retries",
        ),
        (
            "  max_retries = 1.5",
            "max_retries = 1.5",
            "Invalid max_retries",
        ),
        (
            "  endpoints {\n    ivs = \"localhost:4566\"\n  }",
            "ivs = \"localhost:4566\"",
            "Invalid ivs endpoint",
        ),
    ];
    for (body, shown, summary) in cases {
        let config = format!(
            "{}\ndata \"ivs_recording_configuration\" \"main\" {{\n  arn = \"{GOOD_ARN}\"\n}}\n",
            provider_config(body)
        );
        let workspace = Workspace::new(&config);
        let run = workspace.terraform(&["plan", "-no-color", "-input=false"]);
        assert!(!run.success, "{body} was accepted");
        let text = run.unwrapped();
        assert!(
            text.contains(&format!("Error: {summary}")),
            "{body}: {text}"
        );
        assert!(text.contains("on main.tf line"), "{body}: {text}");
        assert!(text.contains(shown), "{body}: {text}");
    }
}
