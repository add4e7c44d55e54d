//! Ctrl-C during reads from an endpoint that never answers: Terraform asks the provider to stop,
//! the reads in flight are cancelled, and Terraform and the plugin are gone within 2 s.

use std::time::{Duration, Instant};

use crate::support::processes::{Started, alive, plugins_of, send_signal, wait_until};
use crate::support::{PLAN, Workspace, local_provider_body, provider_config, start_ivs_local};
use ivs_local::Fault;

const OPERATION: &str = "GetRecordingConfiguration";

/// How many data sources the plan reads at once (more than Terraform's parallelism of 10).
const READS: usize = 20;

/// How long Terraform and the plugin may take to be gone after Ctrl-C.
const STOP_BOUND: Duration = Duration::from_secs(2);

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

// Multi-threaded: ivs-local goes on serving on the runtime's workers while the test waits.
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_cancels_reads_from_a_hung_endpoint() {
    let server = start_ivs_local().await;
    server.inject_fault(Fault::hang(OPERATION).always());
    let workspace = Workspace::new(&many_reads(&server.endpoint()));
    let mut terraform = Started::spawn(workspace.command(PLAN));
    assert!(
        wait_until(Duration::from_secs(30), || server.fault_count(OPERATION)
            > 0),
        "the reads never reached ivs-local"
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
