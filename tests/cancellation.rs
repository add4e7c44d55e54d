//! Ctrl-C during reads from an endpoint that never answers: Terraform asks the provider to stop,
//! the reads in flight are cancelled, and Terraform and the plugin are gone within 2 s.

mod support;

use std::time::{Duration, Instant};

use support::processes::{Started, alive, plugins_of, send_signal, wait_until};
use support::{PLAN, Workspace, local_provider_body, provider_config};

/// How many data sources the plan reads at once (more than Terraform's parallelism of 10).
const READS: usize = 20;

/// How long Terraform and the plugin may take to be gone after Ctrl-C.
const STOP_BOUND: Duration = Duration::from_secs(2);

/// An endpoint that accepts connections (in the kernel's backlog) and never answers; how many
/// connections it has had, so the test knows the reads are in flight.
struct Hanging {
    listener: std::net::TcpListener,
}

impl Hanging {
    fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        Hanging { listener }
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.listener.local_addr().unwrap())
    }

    /// Whether a request reached it (nothing is ever accepted, so the backlog shows it).
    fn has_requests(&self) -> bool {
        let port = self.listener.local_addr().unwrap().port();
        // /proc/net/tcp lists the backlog's established connections to our port.
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
        let local = format!("0100007F:{port:04X}");
        table.lines().skip(1).any(|line| {
            line.split_whitespace().nth(1) == Some(local.as_str())
                && line.split_whitespace().nth(3) == Some("01")
        })
    }
}

/// A configuration reading `READS` recording configurations from `endpoint`.
fn many_reads(endpoint: &str) -> String {
    let mut config = provider_config(&local_provider_body(endpoint, ""));
    for i in 0..READS {
        config.push_str(&format!(
            "\ndata \"ivs_recording_configuration\" \"r{i}\" {{\n  arn = \"arn:aws:ivs:us-west-2:123456789012:recording-configuration/Hang{i:08}\"\n}}\n"
        ));
    }
    config
}

#[test]
fn ctrl_c_cancels_reads_from_a_hung_endpoint() {
    let hanging = Hanging::start();
    let workspace = Workspace::new(&many_reads(&hanging.endpoint()));
    let mut terraform = Started::spawn(workspace.command(PLAN));
    assert!(
        wait_until(Duration::from_secs(30), || hanging.has_requests()),
        "the reads never reached the endpoint"
    );
    let plugins = plugins_of(terraform.pid());
    assert!(!plugins.is_empty(), "terraform runs the provider");

    let interrupted = Instant::now();
    send_signal(terraform.pid(), "INT");
    let output = terraform.wait_for_exit(STOP_BOUND + Duration::from_secs(8));
    let elapsed = interrupted.elapsed();
    let output = output.unwrap_or_else(|| panic!("terraform still runs {elapsed:?} after Ctrl-C"));
    println!("terraform exited {elapsed:?} after Ctrl-C:\n{output}");
    assert!(
        elapsed < STOP_BOUND,
        "terraform took {elapsed:?} to exit after Ctrl-C:\n{output}"
    );
    assert!(
        output.contains("Error: Cancelled: Terraform asked the provider to stop"),
        "the reads were not cancelled:\n{output}"
    );
    assert!(
        wait_until(STOP_BOUND.saturating_sub(elapsed), || !plugins
            .iter()
            .any(|&p| alive(p))),
        "the plugin outlived terraform: {plugins:?}"
    );
}
