//! With default settings, a plan against an IVS endpoint that never answers fails with a clear
//! timeout error within 60 s. Slow by nature (the default bound is 45 s), so it is the only test
//! of its binary and runs in parallel with the others; `bounded_io.rs` checks the same with a
//! short `read_timeout`.

use std::time::Duration;

use crate::support::plan_against_hung_endpoint;

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/Hung00000001";

#[tokio::test(flavor = "multi_thread")]
async fn a_hung_endpoint_fails_every_read_within_60_s_by_default() {
    let hung = plan_against_hung_endpoint("", ARN).await;
    println!("plan against a hung endpoint failed in {:?}", hung.elapsed);
    hung.assert_timed_out_after("45s");
    assert!(
        hung.elapsed < Duration::from_secs(60),
        "took {:?}",
        hung.elapsed
    );
}
