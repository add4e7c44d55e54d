//! Plan benchmark: what the provider adds to a `terraform plan`. For 1 and 100 data sources read
//! from ivs-local, the median (and p90) wall time of `terraform plan` beside a builtin-only plan of
//! the same size (1 and 100 `terraform_data` resources), and their ratios. Targets (issue 8): one
//! data source at most 1.9× the builtin-only plan, 100 data sources at most 1.2×.
//!
//! Run with `cargo bench --bench plan` (release build). Prints numbers; asserts nothing but that
//! every plan succeeds. Uses the real `terraform` on PATH with `dev_overrides`, ivs-local in this
//! process on 127.0.0.1 (seeded with 100 recording configurations), dummy credentials,
//! `CHECKPOINT_DISABLE=1` and `AWS_EC2_METADATA_DISABLED=true`: nothing leaves the machine.
//!
//! Binaries measured, interleaved in one run: the one cargo builds for the bench, the static
//! release build if `cargo xtask build` made it, and any given in `PLAN_BENCH_PROVIDERS`
//! (`label=/path/to/terraform-provider-ivs`, comma-separated), e.g. a build of an earlier commit.
//! `PLAN_BENCH_RUNS` sets the rounds (default 25). Each round runs every plan once, in an order
//! rotated from round to round, so that the machine's load falls on all of them alike.
//!
//! After the timed rounds, each provider plan runs a few more times with the provider started
//! through a bash wrapper that records the CPU time of every plugin process (bash's `times`,
//! from getrusage). The plan's median minus that CPU time bounds what any provider could reach:
//! Terraform waits on the plugin for most of it, and cannot wait on less than nothing. That
//! bound is printed beside the ratios (the "floor").

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::{STATIC_BUILD, Workspace};

const DEFAULT_RUNS: usize = 25;
const SIZES: [usize; 2] = [1, 100];
const REGION: &str = "us-west-2";
const ACCOUNT: &str = "123456789012";

/// Plans per provider and size run through the CPU-recording wrapper (not timed).
const CPU_RUNS: usize = 5;

/// One plan measured: a builtin-only configuration, or one reading data sources with a provider.
struct Plan {
    label: String,
    size: usize,
    /// The provider binary's label, `None` for builtin-only.
    provider: Option<String>,
    workspace: Workspace,
    times: Vec<Duration>,
    /// CPU time of all the plugin processes of one plan (median of `CPU_RUNS`), provider plans only.
    provider_cpu: Option<Duration>,
}

fn main() {
    let runs = std::env::var("PLAN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_RUNS);
    let providers = providers();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let server = runtime
        .block_on(ivs_local::Server::start(ivs_local_config()))
        .expect("ivs-local starts on 127.0.0.1");
    let endpoint = server.endpoint();

    let mut plans = Vec::new();
    for size in SIZES {
        plans.push(Plan::new(
            format!("builtin x{size}"),
            size,
            None,
            &builtin(size),
        ));
        for (label, binary) in &providers {
            let plan = Plan::new(
                format!("{label} x{size}"),
                size,
                Some(label.clone()),
                &reading(&endpoint, size),
            );
            plan.install(binary);
            plans.push(plan);
        }
    }
    // A first plan of each, not counted: it checks that the plan succeeds, and warms caches.
    for plan in &plans {
        plan.run();
    }
    for round in 0..runs {
        let count = plans.len();
        for i in 0..count {
            let plan = &mut plans[(i + round) % count];
            let elapsed = plan.run();
            plan.times.push(elapsed);
        }
    }
    for plan in plans.iter_mut().filter(|p| p.provider.is_some()) {
        plan.provider_cpu = Some(plan.measure_provider_cpu());
    }
    report(&mut plans, runs);
    let _ = runtime.block_on(server.shutdown());
}

/// The provider binaries to measure: label and path.
fn providers() -> Vec<(String, PathBuf)> {
    let mut providers = vec![(
        "bench build".to_owned(),
        PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-ivs")),
    )];
    let static_build = Path::new(env!("CARGO_MANIFEST_DIR")).join(STATIC_BUILD);
    if static_build.exists() {
        providers.push(("static release".to_owned(), static_build));
    } else {
        println!("(no static build at {STATIC_BUILD}: run `cargo xtask build` to measure it too)");
    }
    if let Ok(extra) = std::env::var("PLAN_BENCH_PROVIDERS") {
        for entry in extra.split(',').filter(|e| !e.trim().is_empty()) {
            let (label, path) = entry
                .split_once('=')
                .expect("PLAN_BENCH_PROVIDERS entries are label=/path/to/binary");
            let path = PathBuf::from(path.trim());
            assert!(path.is_file(), "no provider binary at {}", path.display());
            providers.push((label.trim().to_owned(), path));
        }
    }
    providers
}

/// ivs-local with 100 recording configurations in `REGION`, the ones the data sources read.
fn ivs_local_config() -> ivs_local::Config {
    let entries: Vec<String> = (0..SIZES[1])
        .map(|i| {
            format!(
                r#"{{"region":"{REGION}","id":"{}","name":"bench-{i}","destinationConfiguration":{{"s3":{{"bucketName":"bench-bucket"}}}}}}"#,
                seed_id(i)
            )
        })
        .collect();
    let seed = format!(r#"{{"recordingConfigurations":[{}]}}"#, entries.join(","));
    ivs_local::Config {
        seed: ivs_local::Seed::from_json(&seed).expect("the bench seed is valid"),
        recording_configuration_quota: SIZES[1],
        ..ivs_local::Config::default()
    }
}

fn seed_id(i: usize) -> String {
    format!("Bench{i:07}")
}

/// `size` builtin `terraform_data` resources: a plan with no provider to start.
fn builtin(size: usize) -> String {
    (0..size)
        .map(|i| format!("resource \"terraform_data\" \"d{i}\" {{\n  input = \"value-{i}\"\n}}\n"))
        .collect()
}

/// `size` data sources, each reading one seeded recording configuration from `endpoint`.
fn reading(endpoint: &str, size: usize) -> String {
    let mut config = support::provider_config(endpoint, REGION);
    for i in 0..size {
        config += &format!(
            "\ndata \"ivs_recording_configuration\" \"r{i}\" {{\n  arn = \"arn:aws:ivs:{REGION}:{ACCOUNT}:recording-configuration/{}\"\n}}\n",
            seed_id(i)
        );
    }
    config
}

impl Plan {
    fn new(label: String, size: usize, provider: Option<String>, main_tf: &str) -> Plan {
        Plan {
            workspace: Workspace::new(&label, main_tf),
            label,
            size,
            provider,
            times: Vec::new(),
            provider_cpu: None,
        }
    }

    /// Copies `binary` where this workspace's `dev_overrides` looks for the provider.
    fn install(&self, binary: &Path) {
        self.workspace.install(binary);
    }

    /// The CPU time (user + system) the plugin processes of one plan use, median of `CPU_RUNS`
    /// plans: the installed binary runs under a bash wrapper that writes its `times` on exit.
    fn measure_provider_cpu(&self) -> Duration {
        let provider_dir = self.workspace.path().join("provider");
        let binary = provider_dir.join("terraform-provider-ivs");
        let real = provider_dir.join("real-provider");
        let records = self.workspace.path().join("cpu-records");
        std::fs::rename(&binary, &real).expect("move the provider binary aside");
        std::fs::create_dir_all(&records).unwrap();
        // `times` prints the shell's own times, then its children's: the provider's.
        let wrapper = format!(
            "#!/bin/bash\n\"{}\" \"$@\"\nstatus=$?\ntimes > \"{}/$$\"\nexit $status\n",
            real.display(),
            records.display()
        );
        std::fs::write(&binary, wrapper).unwrap();
        set_executable(&binary);
        let mut per_plan = Vec::new();
        for _ in 0..CPU_RUNS {
            for entry in std::fs::read_dir(&records).unwrap() {
                std::fs::remove_file(entry.unwrap().path()).unwrap();
            }
            self.run();
            let total = std::fs::read_dir(&records)
                .unwrap()
                .map(|entry| children_cpu(&std::fs::read_to_string(entry.unwrap().path()).unwrap()))
                .sum::<Duration>();
            per_plan.push(total);
        }
        std::fs::rename(&real, &binary).expect("put the provider binary back");
        per_plan.sort();
        per_plan[per_plan.len() / 2]
    }

    /// One `terraform plan`; its wall time.
    fn run(&self) -> Duration {
        self.workspace.plan()
    }

    fn median(&self) -> Duration {
        self.times[self.times.len() / 2]
    }

    fn p90(&self) -> Duration {
        self.times[self.times.len() * 9 / 10]
    }
}

fn set_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The children's user + system time from bash's `times` output (its second line,
/// `0m0.012s 0m0.004s`).
fn children_cpu(times: &str) -> Duration {
    let line = times.lines().nth(1).expect("bash `times` prints two lines");
    line.split_whitespace()
        .map(|field| {
            let (minutes, seconds) = field
                .trim_end_matches('s')
                .split_once('m')
                .expect("bash `times` prints NmS.SSSs");
            let minutes: f64 = minutes.parse().expect("minutes");
            let seconds: f64 = seconds.parse().expect("seconds");
            Duration::from_secs_f64(minutes * 60.0 + seconds)
        })
        .sum()
}

fn report(plans: &mut [Plan], runs: usize) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "terraform plan, {runs} rounds interleaved; load average at the end: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    // Paired ratios (provider plan / builtin plan of the same round) before sorting the times.
    let mut paired: Vec<(String, Vec<f64>)> = Vec::new();
    for plan in plans.iter().filter(|p| p.provider.is_some()) {
        let builtin = plans
            .iter()
            .find(|b| b.provider.is_none() && b.size == plan.size)
            .expect("a builtin plan of each size");
        let ratios = plan
            .times
            .iter()
            .zip(&builtin.times)
            .map(|(p, b)| p.as_secs_f64() / b.as_secs_f64())
            .collect();
        paired.push((plan.label.clone(), ratios));
    }
    for plan in plans.iter_mut() {
        plan.times.sort();
    }
    for size in SIZES {
        let builtin = plans
            .iter()
            .find(|b| b.provider.is_none() && b.size == size)
            .expect("a builtin plan of each size");
        let target = if size == 1 { 1.9 } else { 1.2 };
        println!("\n{size} block(s):");
        for plan in plans.iter().filter(|p| p.size == size) {
            let mut line = format!(
                "  {:<28} median {:7.1} ms  p90 {:7.1} ms",
                plan.label,
                ms(plan.median()),
                ms(plan.p90())
            );
            if plan.provider.is_some() {
                let mut ratios = paired
                    .iter()
                    .find(|(label, _)| *label == plan.label)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default();
                ratios.sort_by(f64::total_cmp);
                line += &format!(
                    "  ratio of medians {:.2}x  median of paired ratios {:.2}x  (target <= {target}x)",
                    plan.median().as_secs_f64() / builtin.median().as_secs_f64(),
                    ratios[ratios.len() / 2]
                );
                if let Some(cpu) = plan.provider_cpu {
                    let floor = plan.median().saturating_sub(cpu);
                    line += &format!(
                        "\n  {:<28} provider CPU {:5.1} ms per plan; plan minus it {:7.1} ms = floor {:.2}x",
                        "",
                        ms(cpu),
                        ms(floor),
                        floor.as_secs_f64() / builtin.median().as_secs_f64()
                    );
                }
            }
            println!("{line}");
        }
    }
}
