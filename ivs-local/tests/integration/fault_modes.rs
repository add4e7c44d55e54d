//! Fault modes beyond errors (latency, hang, reset), shares of requests
//! (`probability`), process-wide faults, and the fault counts.

use crate::common::{REGION, client, create, hook_counts, post_fault, sign_headers};
use aws_sdk_ivs::config::retry::RetryConfig;
use aws_sdk_ivs::config::timeout::TimeoutConfig;
use aws_sdk_ivs::error::SdkError;
use ivs_local::{ANY_OPERATION, Config, Fault, FaultError, FaultKind, SHUTDOWN_GRACE, Server};
use std::io::ErrorKind;
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const GET: &str = "GetRecordingConfiguration";

/// `client`, with at most `attempts` attempts of at most `attempt_timeout` each.
fn impatient(server: &Server, attempts: u32, attempt_timeout: Duration) -> aws_sdk_ivs::Client {
    let config = client(server)
        .config()
        .to_builder()
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(attempts)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(attempt_timeout)
                .build(),
        )
        .build();
    aws_sdk_ivs::Client::from_conf(config)
}

/// Sends a signed `ListRecordingConfigurations` over a raw connection and
/// reads until the server closes it: what came back, or the read error.
fn raw_list(
    server: &Server,
) -> impl Future<Output = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let path = "/ListRecordingConfigurations";
    let headers = sign_headers(server, "POST", path, b"{}", "test", SystemTime::now());
    let mut head = format!("POST {path} HTTP/1.1\r\nconnection: close\r\ncontent-length: 2\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n{}");
    let addr = server.local_addr();
    async move {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(head.as_bytes()).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok(answer)
    }
}

#[tokio::test]
async fn latency_answers_late_then_normally() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = create(&client, "slow").await;
    server.inject_fault(Fault::latency(GET, Duration::from_millis(400)));
    let started = Instant::now();
    let output = client.get_recording_configuration().arn(&arn).send().await;
    let waited = started.elapsed();
    assert!(output.is_ok(), "{output:?}");
    assert!(
        waited >= Duration::from_millis(400),
        "answered after {waited:?}"
    );
    assert_eq!(server.request_count(GET), 1);
    assert_eq!(server.fault_counts()[GET]["latency"], 1);
    client
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!((server.request_count(GET), server.fault_count(GET)), (2, 1));
}

#[tokio::test]
async fn a_hung_request_times_out_and_the_retry_is_answered() {
    let server = Server::start(Config::default()).await.unwrap();
    let arn = create(&client(&server), "stuck").await;

    server.inject_fault(Fault::hang(GET));
    let once = impatient(&server, 1, Duration::from_millis(300));
    let err = once
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");

    server.inject_fault(Fault::hang(GET));
    let twice = impatient(&server, 2, Duration::from_millis(300));
    twice
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(server.request_count(GET), 3);
    assert_eq!(server.fault_counts()[GET]["hang"], 2);
}

#[tokio::test]
async fn hung_requests_get_no_answer_and_do_not_hold_up_shutdown() {
    let server = Server::start(Config::default()).await.unwrap();
    server.inject_fault(Fault::hang(ANY_OPERATION).always());
    // Each reads until the server closes its connection.
    let clients: Vec<_> = (0..3).map(|_| tokio::spawn(raw_list(&server))).collect();
    let started = Instant::now();
    while server.fault_count(ANY_OPERATION) < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "requests did not arrive"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Still hanging a while later.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(clients.iter().all(|c| !c.is_finished()));

    let stopping = Instant::now();
    server.shutdown().await.unwrap();
    let took = stopping.elapsed();
    assert!(took < SHUTDOWN_GRACE / 2, "shutdown took {took:?}");
    for client in clients {
        let answer = client.await.unwrap().unwrap_or_default();
        assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    }
}

#[tokio::test]
async fn a_reset_ends_the_connection_with_rst_and_no_answer() {
    let server = Server::start(Config::default()).await.unwrap();
    server.inject_fault(Fault::reset("ListRecordingConfigurations"));
    let err = raw_list(&server).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectionReset, "{err}");
    // Used up: the next one is answered.
    let answer = raw_list(&server).await.unwrap();
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    assert_eq!(
        server.fault_counts()["ListRecordingConfigurations"]["reset"],
        1
    );
}

#[tokio::test]
async fn the_sdk_retries_reset_connections() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = create(&client, "flaky-network").await;
    server.inject_fault(Fault::reset(GET).times(2));
    client
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!((server.request_count(GET), server.fault_count(GET)), (3, 2));
}

#[tokio::test]
async fn a_process_wide_30_percent_storm_fails_about_30_percent() {
    let storm = Fault::one_of(
        ANY_OPERATION,
        [
            FaultError::Throttling.into(),
            FaultError::InternalServer.into(),
        ],
    )
    .with_probability(0.3)
    .always();
    let server = Server::start(Config {
        faults: vec![storm],
        ..Config::default()
    })
    .await
    .unwrap();
    // Enough attempts that every read gets through (0.3^20 per read).
    let client = impatient(&server, 20, Duration::from_secs(5));
    const READS: usize = 100;
    let arn = create(&client, "stormy").await;
    for _ in 0..READS {
        client
            .get_recording_configuration()
            .arn(&arn)
            .send()
            .await
            .unwrap();
    }
    let requests = server.request_count(GET);
    let faults = server.fault_count(GET);
    // Every request either failed with a fault or was one of the reads.
    assert_eq!(requests - faults, READS);
    let share = faults as f64 / requests as f64;
    // 0.3 expected; the bounds are about four standard deviations away.
    assert!((0.15..0.45).contains(&share), "{faults} of {requests}");
    let kinds = &server.fault_counts()[GET];
    assert!(
        kinds["throttling"] > 0 && kinds["internal-server"] > 0,
        "{kinds:?}"
    );
    eprintln!("{READS} reads: {requests} requests, {faults} faults {kinds:?}");
}

#[tokio::test]
async fn invalid_process_wide_faults_are_refused_naming_the_field() {
    let bad = Fault {
        probability: 1.5,
        ..Fault::hang(GET)
    };
    let err = Server::start(Config {
        faults: vec![Fault::reset(GET), bad],
        ..Config::default()
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        "fault 1 (GetRecordingConfiguration): probability 1.5 must be a number from 0 to 1"
    );
    let err = Server::start(Config {
        faults: vec![Fault::latency("*", Duration::from_secs(100_000))],
        ..Config::default()
    })
    .await
    .unwrap_err();
    assert!(err.to_string().contains("latency"), "{err}");
}

#[tokio::test]
async fn the_hook_takes_every_mode_and_reports_counts() {
    let server = Server::start(Config::default()).await.unwrap();
    let queued = post_fault(&server, br#"{"operation":"ListRecordingConfigurations","kind":["latency"],"latency":"300ms","times":2}"#)
    .await;
    assert_eq!(queued.status, 200, "{}", queued.body);
    assert_eq!(
        queued.json(),
        serde_json::json!({"operation": "ListRecordingConfigurations", "kind": ["latency"], "probability": 1.0, "times": 2})
    );
    let started = Instant::now();
    for _ in 0..2 {
        assert!(
            raw_list(&server)
                .await
                .unwrap()
                .starts_with(b"HTTP/1.1 200")
        );
    }
    assert!(started.elapsed() >= Duration::from_millis(600));

    let queued = post_fault(
        &server,
        br#"{"kind":"reset","probability":1,"times":"always"}"#,
    )
    .await;
    assert_eq!(queued.json()["times"], "always", "{}", queued.body);
    for _ in 0..2 {
        let err = raw_list(&server).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionReset);
    }
    let counts = hook_counts(&server).await;
    assert_eq!(
        counts["faultCounts"],
        serde_json::json!({"ListRecordingConfigurations": {"latency": 2, "reset": 2}})
    );
    assert_eq!(counts["requestCounts"]["ListRecordingConfigurations"], 4);

    for (bad, named) in [
        (&br#"{"kind":"hang","probability":2}"#[..], "probability 2"),
        (
            br#"{"kind":"latency"}"#,
            "kind: the latency kind needs latency",
        ),
        (
            br#"{"kind":"latency","latency":"forever"}"#,
            "latency: 'forever'",
        ),
        (br#"{"kind":"sleep"}"#, "kind: unknown fault kind 'sleep'"),
        (
            br#"{"kind":"hang","operation":"StartViewerSessionRevocation"}"#,
            "operation 'StartViewerSessionRevocation'",
        ),
    ] {
        let rejected = post_fault(&server, bad).await;
        assert_eq!(rejected.status, 400, "{}", String::from_utf8_lossy(bad));
        let message = rejected.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(message.starts_with(named), "{message}");
    }
}

#[test]
fn kinds_are_named_as_the_flags_name_them() {
    let names: Vec<_> = [
        FaultKind::Error(FaultError::ServiceUnavailable),
        FaultKind::Latency(Duration::ZERO),
        FaultKind::Hang,
        FaultKind::Reset,
    ]
    .iter()
    .map(FaultKind::name)
    .collect();
    assert_eq!(names, ["service-unavailable", "latency", "hang", "reset"]);
    for name in &names {
        assert!(ivs_local::FAULT_KIND_NAMES.contains(name));
    }
    let _ = REGION;
}
