//! With default settings, a plan against an IVS endpoint that never answers fails with a clear
//! timeout error within 60 s. Slow by nature (the default bound is 45 s), so it is the only test
//! of its binary and runs in parallel with the others; `bounded_io.rs` checks the same with a
//! short `read_timeout`.

mod support;

use std::time::{Duration, Instant};

use ivs_local::Fault;
use support::{
    Workspace, local_provider_body, plan_off_runtime, read_name_config, start_ivs_local,
};

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/Hung00000001";

#[tokio::test(flavor = "multi_thread")]
async fn a_hung_endpoint_fails_every_read_within_60_s_by_default() {
    let server = start_ivs_local().await;
    server.inject_fault(Fault::hang("GetRecordingConfiguration").always());
    let endpoint = server.endpoint();
    let workspace = Workspace::new(&read_name_config(&local_provider_body(&endpoint, ""), ARN));
    let started = Instant::now();
    let run = plan_off_runtime(workspace).await;
    let elapsed = started.elapsed();
    println!("plan against a hung endpoint failed in {elapsed:?}");
    let text = run.unwrapped();
    assert!(!run.success, "{text}");
    assert!(
        text.contains("Error: Timed out reading the recording configuration from IVS")
            && text.contains(&format!("IVS at {endpoint} did not answer"))
            && text.contains("within the time limit of a read, 45s"),
        "{text}"
    );
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
}
