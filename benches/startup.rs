//! Startup benchmark: time from process start to the handshake line, with AutoMTLS on, and the
//! process's peak RSS at that point. Terraform starts the plugin several times per plan, so this
//! is paid again and again. Targets: median under 3 ms, peak RSS under 8 MiB.
//!
//! Run with `cargo bench --bench startup` (release build). Prints numbers; asserts nothing. It
//! measures the binary cargo builds for the bench and, when `cargo xtask build` has made it, the
//! static release binary that releases ship, interleaved.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/integration/support/plugin_env.rs"]
mod plugin_env;

const RUNS: usize = 60;

/// Where `cargo xtask build` puts the static release binary, the one releases ship.
const STATIC_BUILD: &str = "target/x86_64-unknown-linux-gnu/release/terraform-provider-ivs";

fn main() {
    let mut binaries = vec![(
        "cargo bench build (dynamic)",
        env!("CARGO_BIN_EXE_terraform-provider-ivs").to_owned(),
    )];
    let static_build = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(STATIC_BUILD);
    if static_build.exists() {
        binaries.push(("release build (static)", static_build.display().to_string()));
    } else {
        println!("(no static build at {STATIC_BUILD}: run `cargo xtask build` to measure it too)");
    }
    let client_pem = client_certificate_pem();
    let socket_dir = tempfile::tempdir().expect("temp dir");
    let mut samples: Vec<(Vec<Duration>, Vec<u64>)> = vec![Default::default(); binaries.len()];
    // Interleaved, so that the machine's load affects every binary alike.
    for _ in 0..RUNS {
        for ((_, binary), (times, peaks_kib)) in binaries.iter().zip(&mut samples) {
            let (elapsed, peak) = start_once(binary, &client_pem, socket_dir.path());
            times.push(elapsed);
            peaks_kib.push(peak);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for ((label, binary), (mut times, mut peaks_kib)) in binaries.into_iter().zip(samples) {
        times.sort();
        peaks_kib.sort();
        println!("startup to handshake line (mTLS), {RUNS} runs, {label}: {binary}");
        println!(
            "  time: median {:.2} ms, p90 {:.2} ms, min {:.2} ms, max {:.2} ms (target: median < 3 ms)",
            ms(times[RUNS / 2]),
            ms(times[RUNS * 9 / 10]),
            ms(times[0]),
            ms(times[RUNS - 1])
        );
        println!(
            "  peak RSS at handshake: median {:.1} MiB, max {:.1} MiB (target: < 8 MiB)",
            peaks_kib[RUNS / 2] as f64 / 1024.0,
            peaks_kib[RUNS - 1] as f64 / 1024.0
        );
        let size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0);
        println!("  binary size: {:.1} MB", size as f64 / 1e6);
    }
}

/// Starts `binary` as Terraform would; returns the time to its handshake line and its peak RSS
/// then, and kills it.
fn start_once(binary: &str, client_pem: &str, socket_dir: &std::path::Path) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env("TF_PLUGIN_MAGIC_COOKIE", plugin_env::MAGIC_COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env("PLUGIN_CLIENT_CERT", client_pem)
        .env("PLUGIN_UNIX_SOCKET_DIR", socket_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("provider starts");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .expect("handshake line");
    let elapsed = started.elapsed();
    assert!(
        line.starts_with("1|6|unix|"),
        "unexpected handshake {line:?}"
    );
    let peak = peak_rss_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    (elapsed, peak)
}

/// VmHWM: the process's peak resident set so far.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A self-signed client certificate for localhost, as PEM.
fn client_certificate_pem() -> String {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    plugin_env::certificate_pem(cert.der())
}
