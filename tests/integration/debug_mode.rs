//! Debug mode: `terraform-provider-ivs -debug`, started without Terraform, prints the
//! `TF_REATTACH_PROVIDERS` line; two `terraform plan`s with that variable are served by that one
//! process (its own log shows both, and Terraform starts no plugin of its own); Ctrl-C (SIGINT)
//! ends it cleanly: exit code 0, its socket file removed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::processes::{Started, send_signal, wait_until};
use crate::support::{REGION_ONLY, Workspace, provider_binary, provider_config};

/// How long the provider may take to start listening, or to stop.
const LIMIT: Duration = Duration::from_secs(20);

/// The provider's log lines that record a call of `rpc`.
fn calls(log: &str, rpc: &str) -> usize {
    log.lines()
        .filter(|l| l.contains("handling call") && l.contains(&format!("\"rpc\":\"{rpc}\"")))
        .count()
}

#[test]
fn two_plans_attach_to_one_debug_process_that_stops_on_sigint() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("provider.log");
    let mut command = Command::new(provider_binary());
    command
        .arg("-debug")
        .env_clear()
        .env("PLUGIN_UNIX_SOCKET_DIR", dir.path())
        .env("TF_LOG_PROVIDER", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log_path).unwrap());
    let mut started = Started {
        child: command.spawn().expect("the provider starts"),
    };
    let stdout = started.child.stdout.take().expect("stdout");
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    let reattach = loop {
        let line = received
            .recv_timeout(LIMIT)
            .expect("the provider prints TF_REATTACH_PROVIDERS");
        if let Some(value) = line.strip_prefix("TF_REATTACH_PROVIDERS='") {
            break value.trim_end_matches('\'').to_owned();
        }
    };
    let parsed: Value = serde_json::from_str(&reattach).expect("JSON");
    let entry = &parsed["registry.terraform.io/ivs-rs/ivs"];
    assert_eq!(entry["Protocol"], "grpc");
    assert_eq!(entry["ProtocolVersion"], 6);
    assert_eq!(entry["Test"], true);
    assert_eq!(entry["Pid"], json!(started.pid()));
    assert_eq!(entry["Addr"]["Network"], "unix");
    let socket = entry["Addr"]["String"].as_str().expect("a socket path");
    assert!(
        socket.starts_with(&dir.path().display().to_string()),
        "{socket}"
    );

    let config = provider_config(REGION_ONLY)
        + "\noutput \"id\" {\n  value = provider::ivs::arn_parse(\"arn:aws:ivs:us-west-2:123456789012:channel/AbCd\").resource_id\n}\n";
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_REATTACH_PROVIDERS", &reattach);
    workspace.set_env("TF_LOG", "debug");
    for plan in 1..=2 {
        let run = workspace.plan();
        assert!(run.success, "plan {plan}: {}", run.text());
        assert!(run.stdout.contains("+ id = \"AbCd\""), "{}", run.stdout);
        assert!(
            run.stderr
                .contains("overridden as an \"unmanaged provider\"")
                && !run.stderr.contains("starting plugin"),
            "plan {plan} started a plugin of its own: {}",
            run.stderr
        );
        let log = std::fs::read_to_string(&log_path).unwrap();
        assert!(
            calls(&log, "CallFunction") >= plan,
            "the debug process did not serve plan {plan}: {log}"
        );
    }
    assert!(
        started.child.try_wait().unwrap().is_none(),
        "it still serves"
    );

    send_signal(started.pid(), "INT");
    assert!(
        wait_until(LIMIT, || matches!(started.child.try_wait(), Ok(Some(_)))),
        "the provider did not stop on SIGINT"
    );
    let status = started.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    // The reader thread may not have read the last lines yet: take them until it ends, at the
    // pipe's end (the process has exited), bounded in case it never does.
    let mut rest = Vec::new();
    while let Ok(line) = received.recv_timeout(LIMIT) {
        rest.push(line);
    }
    assert!(rest.iter().any(|l| l == "Provider stopped."), "{rest:?}");
    assert!(
        !std::path::Path::new(socket).exists(),
        "the socket file is left"
    );
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(!log.contains("panicked"), "{log}");
}
