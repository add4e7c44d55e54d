//! `ivs-local`: a local Amazon IVS endpoint, driven by the AWS model.

use clap::Parser;
use ivs_local::{Config, DEFAULT_RECORDING_CONFIGURATION_QUOTA, Fault, Seed, TlsConfig};
use std::io::{self, Write};
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// A local Amazon IVS endpoint, driven by the AWS model (`--operations` lists what it serves).
///
/// Listens on 127.0.0.1 only. Its first line on stdout is
/// `listening on http://127.0.0.1:PORT` (`https://` with TLS); each request is logged to stderr.
/// Requests must be SigV4-signed (service `ivs`, any region) with the
/// access key and secret key below.
#[derive(Debug, Parser)]
#[command(name = "ivs-local", version)]
struct Cli {
    /// Port to listen on (0 picks a free one, printed on the first line).
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// JSON file of resources to create at start-up (see the README's seed file section).
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,

    /// Print the IVS operations ivs-local implements, one per line, and exit.
    #[arg(long)]
    operations: bool,

    /// Access key id that clients must sign with.
    #[arg(long, default_value = ivs_local::DEFAULT_ACCESS_KEY, value_parser = non_empty)]
    access_key: String,

    /// Secret access key that clients must sign with.
    #[arg(long, default_value = ivs_local::DEFAULT_SECRET_KEY, value_parser = non_empty)]
    secret_key: String,

    /// 12-digit account id that owns the resources (appears in ARNs).
    #[arg(long, default_value = ivs_local::DEFAULT_ACCOUNT_ID, value_parser = account_id)]
    account_id: String,

    /// A quota per region and account: KIND=N for the kind with that ARN resource type
    /// (channel=5000, recording-configuration=20, ...: AWS's defaults), or N for recording
    /// configurations; repeatable.
    #[arg(long, value_name = "[KIND=]N", value_parser = ivs_local::parse_quota)]
    quota: Vec<(&'static str, usize)>,

    /// Keep new recording configurations CREATING this long, then ACTIVE
    /// (e.g. 2s, 1500ms, 1m, or plain seconds; default: ACTIVE at once).
    #[arg(long, value_name = "DURATION", value_parser = ivs_local::parse_duration)]
    create_delay: Option<Duration>,

    /// Do not log requests to stderr.
    #[arg(long)]
    quiet: bool,

    /// IAM role ARN that STS (`POST /`) lets callers assume; repeatable.
    #[arg(long = "role", value_name = "ARN")]
    roles: Vec<String>,

    /// Serve HTTPS with this PEM certificate chain (with --tls-key).
    #[arg(
        long,
        value_name = "FILE",
        requires = "tls_key",
        conflicts_with = "tls_self_signed"
    )]
    tls_cert: Option<PathBuf>,

    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,

    /// Serve HTTPS with a new private CA, whose certificate (PEM) is written to FILE before
    /// the first line; the server certificate is for localhost, 127.0.0.1 and each --tls-name.
    #[arg(long, value_name = "FILE")]
    tls_self_signed: Option<PathBuf>,

    /// Another host name for the self-signed certificate; repeatable.
    #[arg(long = "tls-name", value_name = "NAME", requires = "tls_self_signed")]
    tls_names: Vec<String>,

    /// A fault for the whole process: comma-separated kinds, one picked at random each time it
    /// fires. Kinds: throttling, internal-server, service-unavailable, access-denied, conflict,
    /// service-quota-exceeded, validation, latency (with --fault-latency), hang, reset.
    #[arg(long, value_name = "KINDS")]
    fault: Option<String>,

    /// The share of matching requests --fault fires on, 0 to 1 (default: 1, every one).
    #[arg(long, value_name = "P", requires = "fault", value_parser = probability)]
    fault_probability: Option<f64>,

    /// The operation --fault applies to, e.g. GetRecordingConfiguration (default: *, all).
    #[arg(long, value_name = "OPERATION", requires = "fault")]
    fault_operation: Option<String>,

    /// How many times --fault fires, then stops (default: without limit).
    #[arg(long, value_name = "N", requires = "fault")]
    fault_times: Option<u32>,

    /// How late the latency kind answers (e.g. 500ms, 2s).
    #[arg(long, value_name = "DURATION", requires = "fault", value_parser = ivs_local::parse_duration)]
    fault_latency: Option<Duration>,

    /// JSON file of faults for the whole process: an array of `POST /_ivs_local/faults` bodies.
    #[arg(long, value_name = "FILE")]
    faults: Option<PathBuf>,
}

fn probability(value: &str) -> Result<f64, String> {
    let short: String = value.chars().take(32).collect();
    match value.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("'{short}' must be a number from 0 to 1, e.g. 0.3")),
    }
}

/// The faults the flags and the `--faults` file ask for, or why they are wrong (naming the flag).
fn faults(cli: &Cli) -> Result<Vec<Fault>, String> {
    let mut faults = match &cli.faults {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--faults {}: {e}", path.display()))?;
            ivs_local::parse_faults_json(&text)
                .map_err(|e| format!("--faults {}: {e}", path.display()))?
        }
        None => Vec::new(),
    };
    if let Some(kinds) = &cli.fault {
        let kinds = ivs_local::parse_fault_kinds(kinds, cli.fault_latency, "--fault-latency")
            .map_err(|e| format!("--fault: {e}"))?;
        let operation = cli
            .fault_operation
            .clone()
            .unwrap_or_else(|| ivs_local::ANY_OPERATION.to_owned());
        let mut fault = Fault::one_of(operation, kinds).always();
        fault.probability = cli.fault_probability.unwrap_or(1.0);
        fault.times = cli.fault_times;
        fault
            .check()
            .map_err(|e| format!("--fault-operation: {e}"))?;
        faults.insert(0, fault);
    }
    Ok(faults)
}

fn non_empty(value: &str) -> Result<String, String> {
    if value.is_empty() {
        Err("must not be empty".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

fn account_id(value: &str) -> Result<String, String> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_owned())
    } else {
        Err("must be 12 digits, e.g. 123456789012".to_owned())
    }
}

/// Writes to stderr, ignoring failures (e.g. a closed stderr).
fn report(message: &str) {
    let _ = writeln!(io::stderr(), "ivs-local: {message}");
}

/// Exit status for bad input (same as clap's usage errors).
const USAGE_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.operations {
        let mut out = io::stdout().lock();
        for name in ivs_local::implemented_operations() {
            let _ = writeln!(out, "{name}");
        }
        return ExitCode::SUCCESS;
    }
    let faults = match faults(&cli) {
        Ok(faults) => faults,
        Err(error) => {
            report(&format!("error: {error}"));
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let seed = match &cli.seed {
        Some(path) => match Seed::from_file(path) {
            Ok(seed) => seed,
            Err(error) => {
                report(&format!("error: {error}"));
                return ExitCode::from(USAGE_ERROR);
            }
        },
        None => Seed::default(),
    };
    let mut config = Config {
        access_key: cli.access_key,
        secret_key: cli.secret_key,
        account_id: cli.account_id,
        seed,
        recording_configuration_quota: DEFAULT_RECORDING_CONFIGURATION_QUOTA,
        quotas: cli
            .quota
            .iter()
            .map(|(kind, quota)| ((*kind).to_owned(), *quota))
            .collect(),
        create_delay: cli.create_delay,
        log_requests: !cli.quiet,
        roles: cli.roles,
        tls: match (cli.tls_cert, cli.tls_key, cli.tls_self_signed) {
            (Some(cert), Some(key), _) => Some(TlsConfig::Files { cert, key }),
            (_, _, Some(ca_file)) => Some(TlsConfig::SelfSigned {
                ca_file: Some(ca_file),
                names: cli.tls_names,
            }),
            _ => None,
        },
        faults,
        ..Config::default()
    };
    // Reject a bad seed before binding, so nothing listens on failure.
    if let Err(error) = config.validate() {
        report(&format!("error: {error}"));
        return ExitCode::from(USAGE_ERROR);
    }
    // The CA file exists before the first line announces the server.
    let config = match config.tls.take().map(TlsConfig::made).transpose() {
        Ok(tls) => Config { tls, ..config },
        Err(error) => {
            report(&format!("error: {error}"));
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            report(&format!("error: cannot start the async runtime: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli.port, config));
    // Connection tasks are gone by now; nothing may hold up the exit.
    runtime.shutdown_timeout(Duration::from_millis(500));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&format!("error: {error}"));
            ExitCode::FAILURE
        }
    }
}

async fn run(port: u16, config: Config) -> io::Result<()> {
    // Signal handlers go in before the announcement: whoever reads "listening on" may send
    // SIGTERM at once, and without a handler that signal's default action kills the process.
    let shutdown = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let addr = listener.local_addr()?;
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    {
        // The first stdout line is the contract with whoever started us.
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "listening on {scheme}://{addr}")?;
        stdout.flush()?;
    }
    ivs_local::serve_with_shutdown(listener, config, shutdown).await?;
    report("stopped");
    Ok(())
}

/// Installs the SIGINT (Ctrl-C) and SIGTERM handlers now, and returns a future that completes
/// on either signal.
fn shutdown_signal() -> io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}
