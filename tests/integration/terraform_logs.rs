//! The provider's logs reach Terraform's log under the provider's name, at the level asked for.

use crate::support::{
    REGION_ONLY, Workspace, apply_off_runtime, create_recording_configuration, ivs_client, quoted,
    read_config, reading, start_ivs_local,
};
use ivs_local::{Fault, FaultError};

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

/// Provider log lines of `stderr` (Terraform's own log), unwrapped.
fn provider_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("provider.terraform-provider-ivs:"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn tf_log_provider_debug_logs_one_line_per_aws_request_attempt() {
    let server = start_ivs_local().await;
    let arn =
        create_recording_configuration(&ivs_client(&server.endpoint()), "logs", "bucket").await;
    // The first attempt is throttled, so the SDK retries: two lines, attempts 1 and 2.
    server.inject_fault(Fault::new(
        "GetRecordingConfiguration",
        FaultError::Throttling,
        1,
    ));
    let mut workspace = Workspace::new(&read_config(&server.endpoint(), &quoted(&arn)));
    workspace.set_env("TF_LOG_PROVIDER", "debug");
    let run = apply_off_runtime(workspace).await;
    assert!(run.success, "{}", run.text());
    let host = format!("host={}", server.local_addr());
    let requests: Vec<&str> = provider_lines(&run.stderr)
        .into_iter()
        .filter(|l| l.contains("[DEBUG]") && l.contains(": AWS request:"))
        .collect();
    assert_eq!(requests.len(), 2, "{}", run.stderr);
    for (line, (status, attempt)) in requests.iter().zip([("429", "1"), ("200", "2")]) {
        for field in [
            "service=ivs",
            "operation=GetRecordingConfiguration",
            host.as_str(),
            &format!("status={status}"),
            &format!("attempt={attempt}"),
            "latency_ms=",
        ] {
            assert!(line.contains(field), "no {field:?} in {line}");
        }
        let request_id = line
            .split_whitespace()
            .find_map(|f| f.strip_prefix("request_id="))
            .unwrap_or_else(|| panic!("no request_id in {line}"));
        assert_eq!(request_id.len(), 36, "not a request id: {line}");
    }
    // At debug, no headers.
    assert!(
        !run.stderr.contains("AWS request headers"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tf_log_provider_trace_shows_headers_with_every_secret_masked() {
    const ROLE: &str = "arn:aws:iam::123456789012:role/logs";
    let server = ivs_local::Server::start(ivs_local::Config {
        roles: vec![ROLE.to_owned()],
        access_key: "AKIDLOGSTEST".to_owned(),
        secret_key: "base-secret-never-logged".to_owned(),
        ..ivs_local::Config::default()
    })
    .await
    .unwrap();
    let endpoint = server.endpoint();
    let body = format!(
        "  region = \"us-west-2\"\n  assume_role {{\n    role_arn = \"{ROLE}\"\n  }}\n  endpoints {{\n    ivs = \"{endpoint}\"\n    sts = \"{endpoint}\"\n  }}"
    );
    let config = reading(
        &body,
        "\"arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234\"",
    );
    let mut workspace = Workspace::new(&config);
    workspace
        .set_env("TF_LOG_PROVIDER", "trace")
        .set_env("AWS_ACCESS_KEY_ID", "AKIDLOGSTEST")
        .set_env("AWS_SECRET_ACCESS_KEY", "base-secret-never-logged");
    // The configuration does not exist: the read fails after STS and IVS were both called.
    let run = apply_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    assert!(run.text().contains("was not found"), "{}", run.text());
    let stderr = &run.stderr;
    assert!(stderr.contains("AWS request headers"), "{stderr}");
    assert!(stderr.contains("operation=AssumeRole"), "{stderr}");
    assert!(stderr.contains("authorization: (masked)"), "{stderr}");
    assert!(
        stderr.contains("x-amz-security-token: (masked)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("base-secret-never-logged"),
        "base secret in the log"
    );
    assert!(!stderr.contains("Signature="), "a signature in the log");
    // Every mention of the session token header is masked, whoever logs it.
    for (at, _) in stderr
        .to_ascii_lowercase()
        .match_indices("x-amz-security-token")
    {
        let after = &stderr[at + "x-amz-security-token".len()..];
        assert!(
            after.starts_with(": (masked)")
                || after.starts_with(';')
                || after.starts_with(',')
                || after.starts_with('\n')
                || after.starts_with(' '),
            "session token header not masked: {}",
            &stderr[at..(at + 120).min(stderr.len())]
        );
    }
    // IVS was called with the role's session credentials, so their token was on the wire.
    let keys = server.signing_keys("GetRecordingConfiguration");
    assert!(
        !keys.is_empty() && keys.iter().all(|k| k.starts_with("ASIA")),
        "{keys:?}"
    );
}
