//! The provider's logs reach Terraform's log under the provider's name, at the level asked for.

mod support;

use support::{REGION_ONLY, Workspace, reading};

#[test]
fn tf_log_debug_shows_the_providers_lines_under_its_name() {
    let config = reading(
        REGION_ONLY,
        "\"arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234\"",
    );
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_LOG", "debug");
    let run = workspace.validate();
    assert!(run.success, "{}", run.text());
    let provider_lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("provider.terraform-provider-ivs:"))
        .collect();
    // Parsed as hclog JSON: the level and message are Terraform's own, the fields become
    // key=value pairs (an unparsed line would show the raw JSON with "@message").
    assert!(
        provider_lines.iter().any(|l| l.contains("[DEBUG]")
            && l.contains(": plugin listening:")
            && l.contains("network=unix")
            && !l.contains("@message")),
        "no parsed debug line from the provider:\n{}",
        run.stderr
    );
}
