//! Many channels benchmark: `terraform plan` of 1,000 channels read by one `ivs_channels` (10
//! ListChannels pages, then 20 BatchGetChannel calls of 50) beside the same 1,000 read by a
//! `for_each` of `ivs_channel` (one GetChannel each), from ivs-local in this process, and the
//! IVS requests each plan made. Prints numbers; asserts only that the plans succeed and read
//! what they should.
//!
//! Run with `cargo bench --bench channels` (release build). `CHANNELS_BENCH_RUNS` sets the
//! rounds (default 5), interleaved. Measures the binary cargo builds for the bench, and the
//! static release build too when `cargo xtask build` made it.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::{STATIC_BUILD, Workspace};

const CHANNELS: usize = 1000;
const DEFAULT_RUNS: usize = 5;
const REGION: &str = "us-west-2";
const ACCOUNT: &str = "123456789012";
/// The IVS operations a plan of either configuration calls.
const OPERATIONS: [&str; 3] = ["ListChannels", "BatchGetChannel", "GetChannel"];

fn main() {
    let runs = std::env::var("CHANNELS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_RUNS);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let server = runtime
        .block_on(ivs_local::Server::start(seeded()))
        .expect("ivs-local starts on 127.0.0.1");
    let endpoint = server.endpoint();
    let mut binaries = vec![(
        "bench build",
        PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-ivs")),
    )];
    let static_build = Path::new(env!("CARGO_MANIFEST_DIR")).join(STATIC_BUILD);
    if static_build.exists() {
        binaries.push(("static release", static_build));
    }
    let mut plans: Vec<(String, Workspace, Vec<Duration>)> = Vec::new();
    for (label, binary) in &binaries {
        for (shape, main_tf) in [
            ("ivs_channels", plural(&endpoint)),
            ("for_each ivs_channel", for_each(&endpoint)),
        ] {
            let label = format!("{label}, {shape}");
            let workspace = Workspace::new(&label, &main_tf);
            workspace.install(binary);
            plans.push((label, workspace, Vec::new()));
        }
    }
    println!("terraform plan of {CHANNELS} channels, {runs} rounds interleaved (after a warm-up)");
    for (label, workspace, _) in &plans {
        let before = counts(&server);
        workspace.plan();
        let made: Vec<String> = OPERATIONS
            .iter()
            .zip(counts(&server).iter().zip(&before))
            .map(|(operation, (after, before))| format!("{operation} {}", after - before))
            .collect();
        println!("  {label:<40} requests per plan: {}", made.join(", "));
    }
    for round in 0..runs {
        let count = plans.len();
        for i in 0..count {
            let (_, workspace, times) = &mut plans[(i + round) % count];
            times.push(workspace.plan());
        }
    }
    for (label, _, times) in &mut plans {
        times.sort();
        println!(
            "  {label:<40} median {:8.1} ms  min {:8.1} ms  max {:8.1} ms",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0
        );
    }
    let _ = runtime.block_on(server.shutdown());
}

/// Requests so far of each of `OPERATIONS`.
fn counts(server: &ivs_local::Server) -> Vec<usize> {
    OPERATIONS
        .iter()
        .map(|operation| server.request_count(operation))
        .collect()
}

fn channel_id(i: usize) -> String {
    format!("Bench{i:07}")
}

/// ivs-local with `CHANNELS` channels in `REGION`.
fn seeded() -> ivs_local::Config {
    let entries: Vec<String> = (0..CHANNELS)
        .map(|i| {
            format!(
                r#"{{"region":"{REGION}","id":"{}","name":"bench-{i}","tags":{{"bench":"yes"}}}}"#,
                channel_id(i)
            )
        })
        .collect();
    let seed = format!(r#"{{"channels":[{}]}}"#, entries.join(","));
    ivs_local::Config {
        seed: ivs_local::Seed::from_json(&seed).expect("the bench seed is valid"),
        ..ivs_local::Config::default()
    }
}

/// One `ivs_channels` of the whole region.
fn plural(endpoint: &str) -> String {
    support::provider_config(endpoint, REGION)
        + "\ndata \"ivs_channels\" \"all\" {}\n\noutput \"count\" {\n  value = length(data.ivs_channels.all.channels)\n}\n"
}

/// The same channels, one `ivs_channel` each, by ARN.
fn for_each(endpoint: &str) -> String {
    let arns: Vec<String> = (0..CHANNELS)
        .map(|i| {
            format!(
                "    \"arn:aws:ivs:{REGION}:{ACCOUNT}:channel/{}\",",
                channel_id(i)
            )
        })
        .collect();
    support::provider_config(endpoint, REGION)
        + &format!(
            "\nlocals {{\n  arns = [\n{}\n  ]\n}}\n\ndata \"ivs_channel\" \"each\" {{\n  for_each = toset(local.arns)\n  arn      = each.value\n}}\n\noutput \"count\" {{\n  value = length(data.ivs_channel.each)\n}}\n",
            arns.join("\n")
        )
}
