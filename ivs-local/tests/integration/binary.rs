//! The `ivs-local` binary: start, announce, serve, stop; bad input.

use aws_sdk_ivs::config::{BehaviorVersion, Credentials, Region};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ivs-local");

/// Starts ivs-local with `args`; returns it, the rest of its stdout, and its first stdout line.
fn start(args: &[&str]) -> (Child, BufReader<ChildStdout>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ivs-local");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).expect("read first line");
    (child, stdout, first_line)
}

#[tokio::test]
async fn serves_on_the_announced_port_until_killed() {
    let (mut child, _stdout, first_line) = start(&["--port", "0", "--quiet"]);
    let endpoint = first_line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first_line:?}"))
        .to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");

    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("ap-south-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .endpoint_url(&endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .load()
        .await;
    let client = aws_sdk_ivs::Client::new(&config);
    let result = client.list_recording_configurations().send().await;

    child.kill().expect("kill ivs-local");
    let _ = child.wait();
    let output = result.expect("ListRecordingConfigurations succeeds");
    assert!(output.recording_configurations().is_empty());
}

#[test]
fn sigterm_stops_it_cleanly() {
    let (mut child, mut stdout, first_line) = start(&["--port", "0"]);
    assert!(first_line.starts_with("listening on http://127.0.0.1:"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("send SIGTERM");
    assert!(status.success());
    let exit = child.wait().expect("wait");
    assert_eq!(exit.code(), Some(0));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("read rest");
    assert_eq!(rest, "", "nothing on stdout after the first line");
}

/// The address in an announced `listening on http://ADDR` line.
fn announced_addr(first_line: &str) -> String {
    first_line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {first_line:?}"))
        .to_owned()
}

/// Clients that stall mid-request: half-sent headers, and a body shorter
/// than its Content-Length. They must neither delay other clients nor keep
/// SIGTERM from stopping the server within 5 s.
#[test]
fn sigterm_stops_it_within_5_s_whatever_stalled_clients_do() {
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    let (mut child, _stdout, first_line) = start(&["--port", "0", "--quiet"]);
    let addr = announced_addr(&first_line);
    let mut half_headers = TcpStream::connect(&addr).expect("connect");
    half_headers
        .write_all(b"POST /ListRecordingConfigurations HTTP/1.1\r\nhost: x\r\ncontent-le")
        .expect("write half a head");
    let mut short_body = TcpStream::connect(&addr).expect("connect");
    short_body
        .write_all(
            b"POST /ListRecordingConfigurations HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{",
        )
        .expect("write a short body");
    let idle = TcpStream::connect(&addr).expect("connect");

    // Another client is served at once meanwhile (an unsigned request: 403).
    let started = Instant::now();
    let mut other = TcpStream::connect(&addr).expect("connect");
    other
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .expect("write request");
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut other, &mut answer).expect("read answer");
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "another client waited {:?}",
        started.elapsed()
    );

    let signalled = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("send SIGTERM");
    assert!(status.success());
    let deadline = signalled + Duration::from_secs(5);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("try_wait") {
            break exit;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running 5 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    eprintln!("exited {:?} after SIGTERM", signalled.elapsed());
    assert_eq!(exit.code(), Some(0));
    drop((half_headers, short_body, idle));
}

#[test]
fn create_delay_flag_is_parsed_and_checked() {
    let (mut child, _stdout, first_line) =
        start(&["--port", "0", "--quiet", "--create-delay", "1500ms"]);
    assert!(first_line.starts_with("listening on http://127.0.0.1:"));
    child.kill().expect("kill ivs-local");
    let _ = child.wait();

    let output = Command::new(BIN)
        .args(["--create-delay", "soon"])
        .output()
        .expect("run ivs-local");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("invalid value 'soon' for '--create-delay <DURATION>'")
            && stderr.contains("write e.g. 2s, 1500ms, 1m or 2"),
        "{stderr}"
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let seed_path =
        std::env::temp_dir().join(format!("ivs-local-bad-seed-{}.json", std::process::id()));
    let mut file = std::fs::File::create(&seed_path).expect("create seed");
    file.write_all(br#"{"recordingConfigurations":[{"name":"x","destinationConfiguration":{"s3":{"bucketName":"B"}}}]}"#)
        .expect("write seed");
    drop(file);
    let seed_arg = seed_path.to_string_lossy().into_owned();
    let cases: [(&[&str], &str); 6] = [
        (&["--quota", "stage=1"], "unknown kind 'stage'"),
        (&["--quota", "channel=many"], "must be N or KIND=N"),
        (
            &["--port", "not-a-port"],
            "invalid value 'not-a-port' for '--port",
        ),
        (&["--account-id", "42"], "must be 12 digits"),
        (
            &["--seed", "/nonexistent/seed.json"],
            "cannot read seed file /nonexistent/seed.json",
        ),
        (
            &["--seed", &seed_arg],
            "seed entry recordingConfigurations[0] (\"x\"): 2 validation errors detected",
        ),
    ];
    for (args, expected) in cases {
        let output = Command::new(BIN)
            .args(args)
            .output()
            .expect("run ivs-local");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    std::fs::remove_file(&seed_path).expect("remove seed");

    let help = Command::new(BIN)
        .arg("--help")
        .output()
        .expect("run --help");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--access-key") && help.contains("[default: test]"),
        "{help}"
    );
}

#[tokio::test]
async fn quotas_are_per_kind_and_a_bare_number_is_recording_configurations() {
    let (mut child, _stdout, first_line) = start(&[
        "--port",
        "0",
        "--quiet",
        "--quota",
        "channel=1",
        "--quota",
        "0",
    ]);
    let client = single_attempt_client(&first_line).await;
    client
        .create_channel()
        .send()
        .await
        .expect("the first channel fits");
    let channel = client.create_channel().send().await.unwrap_err();
    let recording = client
        .create_recording_configuration()
        .destination_configuration(crate::common::s3("bucket"))
        .send()
        .await
        .unwrap_err();
    let statuses = [
        channel.raw_response().map(|r| r.status().as_u16()),
        recording.raw_response().map(|r| r.status().as_u16()),
    ];
    assert_eq!(
        statuses,
        [Some(402), Some(402)],
        "{channel:?} {recording:?}"
    );
    child.kill().expect("kill");
    child.wait().expect("wait");
}

/// An SDK client of the ivs-local at `first_line`'s address that makes one attempt per call.
async fn single_attempt_client(first_line: &str) -> aws_sdk_ivs::Client {
    let endpoint = format!("http://{}", announced_addr(first_line));
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .endpoint_url(&endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(aws_sdk_ivs::config::retry::RetryConfig::disabled())
        .load()
        .await;
    aws_sdk_ivs::Client::new(&config)
}

/// The HTTP status of each of `n` single-attempt ListRecordingConfigurations calls.
async fn list_statuses(client: &aws_sdk_ivs::Client, n: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..n {
        statuses.push(match client.list_recording_configurations().send().await {
            Ok(_) => 200,
            Err(err) => err.raw_response().map_or(0, |r| r.status().as_u16()),
        });
    }
    statuses
}

#[tokio::test]
async fn fault_flags_apply_to_the_whole_process() {
    let (mut child, _stdout, first_line) = start(&[
        "--quiet",
        "--fault",
        "throttling",
        "--fault-operation",
        "ListRecordingConfigurations",
        "--fault-times",
        "2",
    ]);
    let client = single_attempt_client(&first_line).await;
    let statuses = list_statuses(&client, 3).await;
    child.kill().expect("kill ivs-local");
    let _ = child.wait();
    assert_eq!(statuses, [429, 429, 200]);

    // A share of every operation: about half of 200 fail, with either kind.
    let (mut child, _stdout, first_line) = start(&[
        "--quiet",
        "--fault",
        "internal-server, service-unavailable",
        "--fault-probability",
        "0.5",
    ]);
    let client = single_attempt_client(&first_line).await;
    let statuses = list_statuses(&client, 200).await;
    child.kill().expect("kill ivs-local");
    let _ = child.wait();
    let count = |status| statuses.iter().filter(|s| **s == status).count();
    let (ok, e500, e503) = (count(200), count(500), count(503));
    assert_eq!(ok + e500 + e503, 200, "{statuses:?}");
    // 100 expected; the bounds are about five standard deviations away.
    assert!((65..135).contains(&ok), "{ok} of 200 answered");
    assert!(e500 > 0 && e503 > 0, "{e500} 500s, {e503} 503s");
}

#[tokio::test]
async fn a_faults_file_queues_hook_bodies_at_start() {
    let path = std::env::temp_dir().join(format!("ivs-local-faults-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"[{"errorType": "ServiceUnavailableException", "times": 1},
            {"operation": "ListRecordingConfigurations", "kind": "throttling", "times": 1}]"#,
    )
    .expect("write faults file");
    let (mut child, _stdout, first_line) = start(&["--quiet", "--faults", &path.to_string_lossy()]);
    let client = single_attempt_client(&first_line).await;
    let statuses = list_statuses(&client, 3).await;
    child.kill().expect("kill ivs-local");
    let _ = child.wait();
    std::fs::remove_file(&path).expect("remove faults file");
    assert_eq!(statuses, [503, 429, 200]);
}

#[test]
fn bad_fault_flags_exit_2_naming_the_flag() {
    let bad_file =
        std::env::temp_dir().join(format!("ivs-local-bad-faults-{}.json", std::process::id()));
    std::fs::write(
        &bad_file,
        r#"[{"kind": "hang"}, {"kind": "hang", "probability": 7}]"#,
    )
    .expect("write faults file");
    let bad_file_arg = bad_file.to_string_lossy().into_owned();
    let cases: [(&[&str], &str); 8] = [
        (
            &["--fault", "throttling", "--fault-probability", "1.5"],
            "invalid value '1.5' for '--fault-probability <P>': '1.5' must be a number from 0 to 1",
        ),
        (
            &["--fault", "throttling", "--fault-probability", "lots"],
            "for '--fault-probability <P>'",
        ),
        (
            &["--fault", "latency"],
            "--fault: the latency kind needs --fault-latency",
        ),
        (
            &["--fault", "latency", "--fault-latency", "forever"],
            "invalid value 'forever' for '--fault-latency <DURATION>'",
        ),
        (
            &["--fault", "nap"],
            "--fault: unknown fault kind 'nap'; known kinds: throttling,",
        ),
        (
            &[
                "--fault",
                "hang",
                "--fault-operation",
                "StartViewerSessionRevocation",
            ],
            "--fault-operation: operation 'StartViewerSessionRevocation' is not one ivs-local serves",
        ),
        (&["--fault-probability", "0.3"], "--fault <KINDS>"),
        (
            &["--faults", &bad_file_arg],
            "fault 1: probability 7 must be a number from 0 to 1",
        ),
    ];
    for (args, expected) in cases {
        let output = Command::new(BIN)
            .args(args)
            .output()
            .expect("run ivs-local");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing listens");
    }
    std::fs::remove_file(&bad_file).expect("remove faults file");
}
