//! Retry storms through the real terraform: 200 data sources against an ivs-local where 30% of
//! the reads are throttled or fail with 500, with the provider's default retry settings; and the
//! `retry_mode` argument and `AWS_RETRY_MODE`.

use std::time::Instant;

use crate::support::{
    Run, Workspace, create_recording_configuration, ivs_client, local_provider_body, off_runtime,
    plan_off_runtime, provider_config, quoted, reading,
};
use ivs_local::{Config, Fault, FaultError, Server};

const GET: &str = "GetRecordingConfiguration";
const READS: usize = 200;
const STORM_SHARE: f64 = 0.3;

/// ivs-local holding `count` recording configurations, and their ARNs.
async fn server_holding(count: usize) -> (Server, Vec<String>) {
    let server = Server::start(Config {
        recording_configuration_quota: count,
        ..Config::default()
    })
    .await
    .expect("ivs-local starts");
    let client = ivs_client(&server.endpoint());
    let mut arns = Vec::new();
    for i in 0..count {
        arns.push(create_recording_configuration(&client, &format!("storm-{i}"), "bucket").await);
    }
    (server, arns)
}

/// From now on, `STORM_SHARE` of the reads are throttled or get a 500.
fn start_storm(server: &Server) {
    server.inject_fault(
        Fault::one_of(
            GET,
            [
                FaultError::Throttling.into(),
                FaultError::InternalServer.into(),
            ],
        )
        .with_probability(STORM_SHARE)
        .always(),
    );
}

/// A configuration with `extra` provider lines reading every ARN of `arns`.
fn reading_all(endpoint: &str, extra: &str, arns: &[String]) -> String {
    let mut main_tf = provider_config(&local_provider_body(endpoint, extra));
    for (i, arn) in arns.iter().enumerate() {
        main_tf.push_str(&format!(
            "\ndata \"ivs_recording_configuration\" \"rc{i}\" {{\n  arn = \"{arn}\"\n}}\n"
        ));
    }
    main_tf
}

/// How many reads were answered, and the retries the storm caused, after `run`.
fn tally(server: &Server) -> (usize, usize) {
    let requests = server.request_count(GET);
    let faults = server.fault_count(GET);
    (requests - faults, faults)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_reads_survive_a_30_percent_storm_with_default_settings() {
    let (server, arns) = server_holding(READS).await;
    start_storm(&server);
    let main_tf = reading_all(&server.endpoint(), "", &arns);
    let started = Instant::now();
    let run = plan_off_runtime(Workspace::new(&main_tf)).await;
    let elapsed = started.elapsed();
    assert!(run.success, "terraform plan failed:\n{}", run.text());
    let (answered, faults) = tally(&server);
    let requests = server.request_count(GET);
    println!(
        "{READS} reads under a {STORM_SHARE} fault share: plan took {elapsed:.1?}, {requests} \
         requests, {faults} retried faults {:?}",
        server.fault_counts()[GET]
    );
    // Every request was either a fault, retried, or the one answer of a data source.
    assert_eq!(answered, READS, "{requests} requests, {faults} faults");
    let share = faults as f64 / requests as f64;
    assert!((0.2..0.4).contains(&share), "{faults} faults in {requests}");
    assert!(
        elapsed.as_secs() < 120,
        "the plan took {elapsed:?} (expected well under a minute)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_retries_the_storm_fails_reads_naming_the_attempts() {
    let (server, arns) = server_holding(READS).await;
    start_storm(&server);
    let main_tf = reading_all(&server.endpoint(), "  max_retries = 0\n", &arns);
    let run = plan_off_runtime(Workspace::new(&main_tf)).await;
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains("after 1 attempt"), "{text}");
    assert!(
        text.contains("Error: IVS throttled the requests for the recording configuration")
            || text.contains("Error: IVS failed to return the recording configuration"),
        "{text}"
    );
    assert!(text.contains("max_retries"), "{text}");
    // No retries: each data source sent at most one request.
    assert!(server.request_count(GET) <= READS);
    assert!(server.fault_count(GET) > 0);
}

#[test]
fn a_bad_retry_mode_fails_validate_naming_the_argument() {
    let main_tf = reading(
        "  region = \"us-west-2\"\n  retry_mode = \"bogus\"",
        &quoted("arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCdEf123456"),
    );
    let run = Workspace::new(&main_tf).validate();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains("Error: Invalid retry_mode"), "{text}");
    assert!(
        text.contains("`retry_mode` must be \"standard\" or \"adaptive\", not \"bogus\"."),
        "{text}"
    );
    assert!(
        text.contains("retry_mode = \"bogus\""),
        "not on the line: {text}"
    );
}

/// `terraform plan` reading `count` configurations under the storm with the environment `env`.
async fn storm_plan_with_env(count: usize, extra: &str, env: &[(&str, &str)]) -> (Server, Run) {
    let (server, arns) = server_holding(count).await;
    start_storm(&server);
    let mut workspace = Workspace::new(&reading_all(&server.endpoint(), extra, &arns));
    for (name, value) in env {
        workspace.set_env(name, value);
    }
    let run = off_runtime(workspace, Workspace::plan).await;
    (server, run)
}

/// `terraform plan` reading `ADAPTIVE_READS` configurations whose first GETs are throttled.
async fn throttled_burst_plan(extra: &str, env: &[(&str, &str)]) -> (Server, Run) {
    let (server, arns) = server_holding(ADAPTIVE_READS).await;
    server.inject_fault(Fault::error(GET, FaultError::Throttling).times(THROTTLED_BURST));
    let mut workspace = Workspace::new(&reading_all(&server.endpoint(), extra, &arns));
    for (name, value) in env {
        workspace.set_env(name, value);
    }
    let run = off_runtime(workspace, Workspace::plan).await;
    (server, run)
}

/// Throttled answers at the start of the adaptive-mode plans. Adaptive mode slows every request
/// down after throttling (to as little as one request every two seconds under a sustained
/// storm, which would then meet `read_timeout`): a burst shows that it is on and recovers.
const THROTTLED_BURST: u32 = 3;
/// Few reads: after the burst, adaptive mode lets about one request a second through at first.
const ADAPTIVE_READS: usize = 10;

#[tokio::test(flavor = "multi_thread")]
async fn aws_retry_mode_adaptive_is_accepted_and_reads_survive() {
    let (server, run) = throttled_burst_plan("", &[("AWS_RETRY_MODE", "adaptive")]).await;
    assert!(run.success, "{}", run.text());
    assert_eq!(tally(&server), (ADAPTIVE_READS, THROTTLED_BURST as usize));
    // The block wins over the environment.
    let (server, run) = throttled_burst_plan(
        "  retry_mode = \"adaptive\"\n",
        &[("AWS_RETRY_MODE", "bogus")],
    )
    .await;
    assert!(run.success, "{}", run.text());
    assert_eq!(tally(&server), (ADAPTIVE_READS, THROTTLED_BURST as usize));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_aws_retry_mode_or_max_attempts_is_a_clear_error() {
    for (name, value) in [("AWS_RETRY_MODE", "turbo"), ("AWS_MAX_ATTEMPTS", "many")] {
        let (_server, run) = storm_plan_with_env(1, "", &[(name, value)]).await;
        assert!(!run.success, "{}", run.text());
        let text = run.unwrapped();
        assert!(
            text.contains(&format!("\"{value}\" from the environment variable {name}")),
            "{text}"
        );
        assert!(!text.contains("panic"), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_profile_retry_settings_apply_below_the_environment() {
    let (server, arns) = server_holding(1).await;
    // Every read fails: the attempts made show which setting won.
    server.inject_fault(Fault::new(GET, FaultError::InternalServer, 100).always());
    let main_tf = reading_all(&server.endpoint(), "", &arns);
    let workspace = Workspace::new(&main_tf);
    workspace.write(
        "aws-config",
        "[default]\nmax_attempts = 2\nretry_mode = adaptive\n",
    );
    let run = off_runtime(workspace, Workspace::plan).await;
    assert!(
        run.unwrapped().contains("failed after 2 attempts"),
        "{}",
        run.text()
    );
    assert_eq!(server.request_count(GET), 2);

    let mut workspace = Workspace::new(&main_tf);
    workspace.write("aws-config", "[default]\nmax_attempts = 2\n");
    workspace.set_env("AWS_MAX_ATTEMPTS", "1");
    let run = off_runtime(workspace, Workspace::plan).await;
    assert!(
        run.unwrapped().contains("failed after 1 attempt"),
        "{}",
        run.text()
    );
    assert_eq!(server.request_count(GET), 3);
}
