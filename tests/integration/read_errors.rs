//! Every way reading a recording configuration can fail, through the real terraform against an
//! in-process ivs-local: each failure gives its own diagnostic, worded for people, and "not
//! found" is said only when IVS said so. Also how the provider finds its region, credentials
//! and endpoint, and that a secret never reaches the logs.

use std::time::{Duration, Instant};

use crate::support::{
    REGION, REGION_ONLY, Run, Workspace, apply_off_runtime, create_recording_configuration,
    endpoints_block, ivs_client, local_provider_body, plan_off_runtime, read_name_config,
    start_ivs_local,
};
use ivs_local::{Fault, FaultError, Server};

const OPERATION: &str = "GetRecordingConfiguration";
/// Well formed, in the provider's region and ivs-local's account, but never created.
const MISSING_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/NoSuch000001";
const NOT_FOUND: &str = "was not found";

/// Starts ivs-local holding one recording configuration, named `name`, in us-west-2; returns the
/// server and the configuration's ARN.
async fn server_holding(name: &str) -> (Server, String) {
    let server = start_ivs_local().await;
    let arn =
        create_recording_configuration(&ivs_client(&server.endpoint()), name, "recordings-bucket")
            .await;
    (server, arn)
}

/// As `server_holding`, with the next `times` reads of the configuration failing with `error`.
async fn server_failing_reads(name: &str, error: FaultError, times: u32) -> (Server, String) {
    let (server, arn) = server_holding(name).await;
    server.inject_fault(Fault::new(OPERATION, error, times));
    (server, arn)
}

/// A configuration reading `arn` from the IVS endpoint `endpoint` in us-west-2, with `extra`
/// provider lines, and an output of its name.
fn config(endpoint: &str, extra: &str, arn: &str) -> String {
    read_name_config(&local_provider_body(endpoint, extra), arn)
}

/// `terraform plan` of `main_tf` in a fresh workspace, off the test's runtime, which serves
/// ivs-local meanwhile.
async fn plan(main_tf: &str) -> Run {
    plan_off_runtime(Workspace::new(main_tf)).await
}

/// `terraform plan` in `workspace`, timed; prints how long it took to fail, `how` (e.g. "against
/// a silent endpoint").
async fn timed_plan(workspace: Workspace, how: &str) -> (Run, Duration) {
    let started = Instant::now();
    let run = plan_off_runtime(workspace).await;
    let elapsed = started.elapsed();
    println!("terraform plan {how} failed in {elapsed:.1?}");
    (run, elapsed)
}

/// Asserts a failed run of `main_tf` whose error is `summary`, pointing at the `arn` line,
/// whose output holds each of `details`; returns the unwrapped output.
fn assert_read_error(run: &Run, main_tf: &str, summary: &str, details: &[&str]) -> String {
    assert!(!run.success, "terraform succeeded:\n{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains(&format!("Error: {summary}")), "{text}");
    let (index, arn_line) = main_tf
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("arn ="))
        .expect("main.tf sets arn");
    let line = index + 1;
    assert!(
        text.contains(&format!(
            "on main.tf line {line}, in data \"ivs_recording_configuration\" \"main\""
        )),
        "not on the arn line: {text}"
    );
    assert!(
        text.contains(&format!("{line}: {}", arn_line.trim())),
        "{text}"
    );
    for detail in details {
        assert!(text.contains(detail), "missing {detail:?} in: {text}");
    }
    assert_readable(&text);
    text
}

/// As `assert_read_error`, for a failure that is not "not found": the output must not say so.
fn assert_other_read_error(run: &Run, main_tf: &str, summary: &str, details: &[&str]) -> String {
    let text = assert_read_error(run, main_tf, summary, details);
    assert!(!text.contains(NOT_FOUND), "{text}");
    text
}

/// Asserts a successful apply that read the configuration named `name`.
fn assert_read(run: &Run, name: &str) {
    assert!(run.success, "terraform failed:\n{}", run.text());
    assert!(
        run.unwrapped().contains(&format!("name = \"{name}\"")),
        "{}",
        run.text()
    );
}

/// Nothing a person should not have to read: Rust Debug dumps, internal type names.
fn assert_readable(text: &str) {
    for clumsy in [
        "Some(",
        "None,",
        "{ kind:",
        "source: Some",
        "DispatchFailure",
        "ConnectorError",
        "ServiceError {",
        "SdkError",
        "dispatch failure",
        "io error:",
        "(os error",
    ] {
        assert!(!text.contains(clumsy), "{clumsy:?} in: {text}");
    }
}

/// The URL of a 127.0.0.1 port with nothing listening: bound once, then released.
fn dead_endpoint() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port())
}

/// Serves `response` (a whole HTTP/1.1 response) to every connection on 127.0.0.1: an endpoint
/// that is not IVS. Returns its URL.
async fn not_ivs(response: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                // The request head; the SDK's GET has no body.
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_arn_is_not_found_on_the_arn_with_arn_and_region() {
    let server = start_ivs_local().await;
    let main_tf = config(&server.endpoint(), "", MISSING_ARN);
    let run = plan(&main_tf).await;
    let text = assert_read_error(
        &run,
        &main_tf,
        "The recording configuration was not found",
        &[&format!(
            "IVS in region {REGION} has no recording configuration with ARN {MISSING_ARN}"
        )],
    );
    assert!(
        !text.contains("The ARN is in region"),
        "no mismatch here: {text}"
    );
    assert_eq!(
        server.request_count(OPERATION),
        1,
        "not found is not retried"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn arn_of_another_region_is_looked_up_in_that_region() {
    // It exists in us-west-2; the same id in eu-west-1 is asked of eu-west-1, which has nothing.
    let (server, existing) = server_holding("west").await;
    let arn = existing.replace(":us-west-2:", ":eu-west-1:");
    let main_tf = config(&server.endpoint(), "", &arn);
    let run = plan(&main_tf).await;
    assert_read_error(
        &run,
        &main_tf,
        "The recording configuration was not found",
        &[&format!(
            "IVS in region eu-west-1 has no recording configuration with ARN {arn}"
        )],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn access_denied_names_the_iam_action_and_the_arn() {
    let (server, arn) = server_failing_reads("denied", FaultError::AccessDenied, 1).await;
    let main_tf = config(&server.endpoint(), "", &arn);
    let run = plan(&main_tf).await;
    assert_other_read_error(
        &run,
        &main_tf,
        "Access denied reading the recording configuration",
        &[
            &format!("IVS refused the IAM action ivs:GetRecordingConfiguration on {arn}"),
            // IAM's own words, with the caller.
            "User: arn:aws:iam::123456789012:user/test is not authorized to perform: \
             ivs:GetRecordingConfiguration",
            "Grant the caller's IAM policy the action ivs:GetRecordingConfiguration",
        ],
    );
    assert_eq!(
        server.request_count(OPERATION),
        1,
        "access denied is not retried"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn validation_error_shows_the_service_message() {
    let message = "1 validation error detected: Value at 'arn' failed to satisfy constraint: \
                   some service message";
    let (server, arn) =
        server_failing_reads("invalid", FaultError::Validation(message.into()), 1).await;
    let main_tf = config(&server.endpoint(), "", &arn);
    let run = plan(&main_tf).await;
    assert_other_read_error(
        &run,
        &main_tf,
        "IVS rejected the request for the recording configuration",
        &[&format!("IVS said: {message}")],
    );
    assert_eq!(
        server.request_count(OPERATION),
        1,
        "validation is not retried"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn persistent_throttling_reports_the_attempts_made() {
    // (extra provider lines, attempts). The default, 25 retries, would wait minutes here.
    for (extra, attempts) in [("  max_retries = 2\n", 3), ("  max_retries = 1\n", 2)] {
        let (server, arn) = server_failing_reads("busy", FaultError::Throttling, 10).await;
        let main_tf = config(&server.endpoint(), extra, &arn);
        let run = plan(&main_tf).await;
        assert_other_read_error(
            &run,
            &main_tf,
            "IVS throttled the requests for the recording configuration",
            &[
                &format!("Reading {arn} was throttled"),
                "ThrottlingException",
                &format!("still failed after {attempts} attempts"),
                "raise the provider's `max_retries`",
            ],
        );
        assert_eq!(server.request_count(OPERATION), attempts, "{extra:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn persistent_server_error_reports_the_attempts_made() {
    let (server, arn) = server_failing_reads("broken", FaultError::InternalServer, 10).await;
    let main_tf = config(&server.endpoint(), "  max_retries = 2\n", &arn);
    let run = plan(&main_tf).await;
    assert_other_read_error(
        &run,
        &main_tf,
        "IVS failed to return the recording configuration",
        &[
            &format!("Reading {arn} failed after 3 attempts"),
            "InternalServerException",
            "retry later",
        ],
    );
    assert_eq!(server.request_count(OPERATION), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transient_server_error_is_retried_and_the_read_succeeds() {
    let (server, arn) = server_failing_reads("flaky", FaultError::InternalServer, 1).await;
    let run = apply_off_runtime(Workspace::new(&config(&server.endpoint(), "", &arn))).await;
    assert_read(&run, "flaky");
    assert_eq!(server.request_count(OPERATION), 2, "one 500, one retry");
}

#[tokio::test(flavor = "multi_thread")]
async fn unreachable_endpoint_fails_fast_and_names_the_endpoint() {
    let endpoint = dead_endpoint();
    // Three attempts: the default, 25 retries, backs off for minutes (the per-read bound cuts it).
    let main_tf = config(&endpoint, "  max_retries = 2\n", MISSING_ARN);
    let (run, elapsed) = timed_plan(Workspace::new(&main_tf), "against a refusing port").await;
    assert_other_read_error(
        &run,
        &main_tf,
        &format!("Could not connect to IVS at {endpoint}"),
        &["after 3 attempts", "Check the endpoint address"],
    );
    assert!(
        elapsed < Duration::from_secs(30),
        "a refusing port should fail within seconds, took {elapsed:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_that_never_answers_times_out_instead_of_hanging() {
    // Connections complete in the kernel's backlog, but nothing ever answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", silent.local_addr().unwrap());
    let main_tf = config(&endpoint, "  max_retries = 0\n", MISSING_ARN);
    let (run, elapsed) = timed_plan(Workspace::new(&main_tf), "against a silent endpoint").await;
    assert_other_read_error(
        &run,
        &main_tf,
        "Timed out reading the recording configuration from IVS",
        &[&endpoint, "after 1 attempt"],
    );
    assert!(
        elapsed < Duration::from_secs(60),
        "a silent endpoint must time out, took {elapsed:?}"
    );
    drop(silent);
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_ivs_rejects_name_the_aws_error() {
    // (variable, value, the error IVS answers)
    let cases = [
        (
            "AWS_SECRET_ACCESS_KEY",
            "wrong-secret",
            "InvalidSignatureException",
        ),
        (
            "AWS_ACCESS_KEY_ID",
            "AKIAUNKNOWNKEY000000",
            "UnrecognizedClientException",
        ),
    ];
    for (variable, value, error) in cases {
        let (server, arn) = server_holding("creds").await;
        let main_tf = config(&server.endpoint(), "", &arn);
        let mut workspace = Workspace::new(&main_tf);
        workspace.set_env(variable, value);
        let run = plan_off_runtime(workspace).await;
        let text = assert_read_error(
            &run,
            &main_tf,
            "AWS rejected the credentials",
            &[
                &format!("IVS at {} answered {error}", server.endpoint()),
                "Check the access key and secret key",
            ],
        );
        assert!(!text.contains(NOT_FOUND), "{variable}: {text}");
        assert!(
            !text.contains("wrong-secret"),
            "a secret key is shown: {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_credentials_at_all_says_so() {
    let (server, arn) = server_holding("anonymous").await;
    let main_tf = config(&server.endpoint(), "", &arn);
    let mut workspace = Workspace::new(&main_tf);
    workspace
        .unset_env("AWS_ACCESS_KEY_ID")
        .unset_env("AWS_SECRET_ACCESS_KEY");
    let (run, _) = timed_plan(workspace, "without credentials").await;
    assert_other_read_error(
        &run,
        &main_tf,
        "No valid AWS credentials found",
        &[
            "The provider found no AWS credentials",
            "Set `access_key` and `secret_key` or `profile` in the provider block",
            // Where the default chain looked, one source a line, without the SDK's jargon.
            "Where it looked: Environment: environment variable not set",
            "Ec2InstanceMetadata: IMDS disabled",
        ],
    );
    assert_eq!(
        server.request_count(OPERATION),
        0,
        "nothing unsigned is sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn static_keys_in_the_provider_block_override_the_environment() {
    let (server, arn) = server_holding("static").await;
    let keys = "  access_key = \"test\"\n  secret_key = \"test\"\n";
    let mut workspace = Workspace::new(&config(&server.endpoint(), keys, &arn));
    workspace
        .set_env("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000")
        .set_env("AWS_SECRET_ACCESS_KEY", "wrong-secret");
    assert_read(&apply_off_runtime(workspace).await, "static");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_region_anywhere_is_an_error() {
    let server = start_ivs_local().await;
    let body = endpoints_block(&server.endpoint());
    let mut workspace = Workspace::new(&read_name_config(&body, MISSING_ARN));
    workspace.unset_env("AWS_REGION");
    let run = plan_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains("Error: No AWS region configured"), "{text}");
    assert!(
        text.contains("Set `region` in the provider block"),
        "{text}"
    );
    assert!(!text.contains(NOT_FOUND), "{text}");
    assert_readable(&text);
    assert_eq!(server.request_count(OPERATION), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn region_from_the_environment_is_used_when_the_block_has_none() {
    let (server, arn) = server_holding("env-region").await;
    let body = endpoints_block(&server.endpoint());
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.set_env("AWS_REGION", REGION);
    assert_read(&apply_off_runtime(workspace).await, "env-region");
}

#[tokio::test(flavor = "multi_thread")]
async fn endpoint_from_the_environment_works_and_the_block_wins_over_it() {
    let (server, arn) = server_holding("env-endpoint").await;

    // No endpoints block: AWS_ENDPOINT_URL_IVS is used.
    let mut workspace = Workspace::new(&read_name_config(REGION_ONLY, &arn));
    workspace.set_env("AWS_ENDPOINT_URL_IVS", &server.endpoint());
    assert_read(&apply_off_runtime(workspace).await, "env-endpoint");
    assert_eq!(server.request_count(OPERATION), 1);

    // Both: the block's endpoint is used, the environment's dead one is not.
    let mut workspace = Workspace::new(&config(&server.endpoint(), "", &arn));
    workspace.set_env("AWS_ENDPOINT_URL_IVS", &dead_endpoint());
    assert_read(&apply_off_runtime(workspace).await, "env-endpoint");
    assert_eq!(server.request_count(OPERATION), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_key_never_reaches_the_logs() {
    const SECRET: &str = "s3cr3t-DO-NOT-LOG-1234";
    let (server, arn) = server_holding("secret").await;
    let keys = format!("  access_key = \"test\"\n  secret_key = \"{SECRET}\"\n");
    let mut workspace = Workspace::new(&config(&server.endpoint(), &keys, &arn));
    workspace.set_env("TF_LOG", "trace");
    let run = plan_off_runtime(workspace).await;
    // The read went out signed with the secret, and was refused.
    assert!(!run.success, "{}", run.text());
    assert!(
        run.text().contains("AWS rejected the credentials"),
        "{}",
        run.text()
    );
    assert!(
        run.text().contains("configured the IVS client"),
        "the provider's own trace logs are in the output"
    );
    assert_eq!(server.request_count(OPERATION), 1);
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(at) = text.find(SECRET) {
            let context = &text[at.saturating_sub(400)..(at + 200).min(text.len())];
            panic!("the secret key is in {stream}:\n...{context}...");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_that_is_not_ivs_says_so() {
    // (response, what the detail says about it)
    let cases = [
        (
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 22\r\n\
             Connection: close\r\n\r\n<h1>No such page</h1>\n",
            "answered HTTP 404 Not Found with the body \"<h1>No such page</h1>\", without an AWS \
             error code",
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 22\r\n\
             Connection: close\r\n\r\n<h1>Welcome page!</h1>",
            "answered HTTP 200 OK with the body \"<h1>Welcome page!</h1>\", which could not be \
             read as an IVS API response",
        ),
    ];
    for (response, said) in cases {
        let endpoint = not_ivs(response).await;
        let main_tf = config(&endpoint, "", MISSING_ARN);
        let run = plan(&main_tf).await;
        assert_other_read_error(
            &run,
            &main_tf,
            &format!("Unexpected answer from IVS at {endpoint}"),
            &[said, "really is an IVS API endpoint"],
        );
    }
}
