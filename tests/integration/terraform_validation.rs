//! Plan-time validation through the real terraform: a malformed ARN or provider argument is
//! reported on the attribute, with file and line; a well-formed or unknown ARN passes.

use crate::support::{
    ARN_KNOWN_AFTER_APPLY, PLAN, REGION_ONLY, VALIDATE, Workspace, assert_read_deferred_to_apply,
    quoted, reading, terraform_data_arn,
};

const GOOD_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

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
        let config = reading(REGION_ONLY, &quoted(bad));
        let arn_line = config.lines().position(|l| l.contains("arn =")).unwrap() + 1;
        let workspace = Workspace::new(&config);
        for command in [VALIDATE, PLAN] {
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
        let workspace = Workspace::new(&reading(REGION_ONLY, &quoted(&arn)));
        let run = workspace.validate();
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
    let config = reading(REGION_ONLY, ARN_KNOWN_AFTER_APPLY) + &terraform_data_arn(GOOD_ARN);
    let workspace = Workspace::new(&config);
    let validate = workspace.validate();
    assert!(validate.success, "{}", validate.text());
    assert_read_deferred_to_apply(&workspace.plan());
}

#[test]
fn a_malformed_arn_known_only_at_apply_is_refused_before_any_call() {
    // The endpoint is a dead local port: reaching it would report a connection error instead.
    let provider = "  region = \"us-west-2\"\n  endpoints {\n    ivs = \"http://127.0.0.1:9\"\n  }";
    let bad = "arn:aws:ivs:us-west-2:123456789012:channel/AbCd1234";
    let config = reading(provider, ARN_KNOWN_AFTER_APPLY) + &terraform_data_arn(bad);
    let workspace = Workspace::new(&config);
    let run = workspace.apply();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains("Error: Invalid recording configuration ARN"),
        "{text}"
    );
    assert!(text.contains("ARN of a \"channel\""), "{text}");
    assert!(!text.contains("Could not connect"), "{text}");
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
        let workspace = Workspace::new(&reading(body, &quoted(GOOD_ARN)));
        let run = workspace.plan();
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
