//! Files and endpoints that never end: a FIFO and /dev/zero as shared files, an endpoint that
//! never answers with a short `read_timeout`. Each fails with a clear error within its bound,
//! the plugin keeps answering other calls meanwhile, and it never outlives Terraform.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::plugin_env::MAGIC_COOKIE;
use crate::support::processes::{Started, alive, plugins_of, send_signal, wait_until};
use crate::support::{
    PLAN, Run, Workspace, create_recording_configuration, ivs_client, local_provider_body,
    plan_against_hung_endpoint, plan_off_runtime, provider_config, quoted, read_name_config,
    start_ivs_local,
};
use ivs_local::Fault;
use terraform_provider_ivs::provider::Provider;
use terraform_provider_ivs::tfplugin6::proto::provider_client::ProviderClient;
use terraform_provider_ivs::tfplugin6::proto::{
    DynamicValue, configure_provider, get_provider_schema,
};
use terraform_provider_ivs::values::{Value, encode_msgpack};

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/Bounded00001";

/// How long a configured file may take to read before it is given up.
const FILE_TIMEOUT: Duration = Duration::from_secs(5);

/// A FIFO that nobody writes to: opening it for reading blocks forever.
fn fifo(dir: &std::path::Path) -> String {
    let path = dir.join("fifo");
    let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
    assert!(made.success());
    path.display().to_string()
}

/// A plan reading one recording configuration from a refusing endpoint (never reached: the
/// provider fails first), with `extra` provider lines.
fn plan_with(extra: &str) -> (Run, Duration) {
    let endpoint = "http://127.0.0.1:9";
    let workspace = Workspace::new(&read_name_config(
        &local_provider_body(endpoint, extra),
        ARN,
    ));
    let started = Instant::now();
    let run = workspace.plan();
    (run, started.elapsed())
}

#[test]
fn a_fifo_as_shared_credentials_file_fails_within_the_bound_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path());
    let extra = format!(
        "  profile = \"video\"\n  shared_credentials_files = [{}]\n",
        quoted(&fifo)
    );
    let (run, elapsed) = plan_with(&extra);
    println!("plan with a FIFO failed in {elapsed:?}");
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains(&format!(
            "Error: Cannot read the shared credentials file \"{fifo}\""
        )),
        "{text}"
    );
    assert!(
        text.contains("`shared_credentials_files` names")
            && text.contains("could not be read within 5 s"),
        "{text}"
    );
    assert!(
        elapsed < FILE_TIMEOUT + Duration::from_secs(15),
        "took {elapsed:?}"
    );
}

#[test]
fn dev_zero_as_shared_config_file_hits_the_size_cap() {
    let extra = "  profile = \"video\"\n  shared_config_files = [\"/dev/zero\"]\n";
    let (run, elapsed) = plan_with(extra);
    println!("plan with /dev/zero failed in {elapsed:?}");
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains("Error: Cannot read the shared config file \"/dev/zero\"")
            && text.contains(
                "`shared_config_files` names \"/dev/zero\", but it is larger than the 1 MiB"
            ),
        "{text}"
    );
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hung_endpoint_fails_at_read_timeout_naming_endpoint_and_bound() {
    // Many retries allowed: the bound on the read, not the retry count, ends it.
    let extra = "  read_timeout = \"2s\"\n  max_retries = 25\n";
    let hung = plan_against_hung_endpoint(extra, ARN).await;
    println!(
        "plan against a hung endpoint with read_timeout 2s failed in {:?}",
        hung.elapsed
    );
    let text = hung.assert_timed_out_after("2s");
    assert!(text.contains("`read_timeout`"), "{text}");
    assert!(
        hung.elapsed < Duration::from_secs(15),
        "took {:?}",
        hung.elapsed
    );
}

#[test]
fn read_timeout_is_checked_at_plan_time() {
    for (value, problem) in [
        ("soon", "is not a duration"),
        ("0s", "is outside the accepted range"),
        ("2h", "is outside the accepted range"),
    ] {
        let (run, _) = plan_with(&format!("  read_timeout = \"{value}\"\n"));
        let text = run.unwrapped();
        assert!(!run.success, "{text}");
        assert!(
            text.contains("Error: Invalid read_timeout")
                && text.contains(&format!("\"{value}\" {problem}")),
            "{value}: {text}"
        );
    }
}

#[test]
fn the_plugin_dies_with_terraform_while_a_file_read_is_stuck() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path());
    let extra = format!(
        "  profile = \"video\"\n  shared_credentials_files = [{}]\n",
        quoted(&fifo)
    );
    let workspace = Workspace::new(&read_name_config(
        &local_provider_body("http://127.0.0.1:9", &extra),
        ARN,
    ));
    let mut terraform = Started::spawn(workspace.command(PLAN));
    // Terraform starts the plugin more than once; wait for the one that configures (it opens
    // the FIFO and stays in ConfigureProvider).
    let mut plugins = Vec::new();
    assert!(
        wait_until(Duration::from_secs(30), || {
            plugins = plugins_of(terraform.pid());
            plugins.iter().any(|&pid| reading_a_file(pid))
        }),
        "no plugin opened the FIFO"
    );
    let killed = Instant::now();
    send_signal(terraform.pid(), "KILL");
    let _ = terraform.child.wait();
    // Well before the file read's own timeout would end ConfigureProvider.
    let bound = Duration::from_secs(4);
    let gone = wait_until(bound, || !plugins.iter().any(|&pid| alive(pid)));
    println!(
        "plugin gone {:?} after kill -9 of terraform",
        killed.elapsed()
    );
    assert!(
        gone,
        "plugin {plugins:?} still alive {bound:?} after kill -9 of terraform"
    );
}

/// Whether `pid` has a thread reading a configured file (the provider names them file-read).
fn reading_a_file(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.filter_map(Result::ok).any(|task| {
        std::fs::read_to_string(task.path().join("comm")).is_ok_and(|c| c.trim() == "file-read")
    })
}

/// The plugin started by hand as Terraform would, over TCP without TLS, so a plain gRPC client
/// can talk to it; killed when dropped.
fn start_plugin() -> (Started, String) {
    let mut command = Command::new(crate::support::provider_binary());
    command
        .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("TF_IVS_PLUGIN_TRANSPORT", "tcp")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("PLUGIN_CLIENT_CERT")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    let mut plugin = Started::spawn(command);
    let mut line = String::new();
    BufReader::new(plugin.child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line.split('|').nth(3).expect("handshake line").to_owned();
    (plugin, address)
}

#[tokio::test(flavor = "multi_thread")]
async fn other_calls_are_answered_while_a_file_read_is_stuck() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path());
    let (_plugin, address) = start_plugin();
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{address}"))
        .unwrap()
        .connect()
        .await
        .expect("connects to the plugin");
    let mut client = ProviderClient::new(channel);

    let ty = Provider::new().schema().block.value_type();
    let config = Value::object([
        ("region", Value::String("us-west-2".into())),
        ("profile", Value::String("video".into())),
        (
            "shared_credentials_files",
            Value::List(vec![Value::String(fifo.clone())]),
        ),
    ]);
    let request = configure_provider::Request {
        config: Some(DynamicValue {
            msgpack: encode_msgpack(&config, &ty).unwrap(),
            json: Vec::new(),
        }),
        ..Default::default()
    };
    let mut configuring = client.clone();
    let started = Instant::now();
    let configure = tokio::spawn(async move { configuring.configure_provider(request).await });

    // Meanwhile, ConfigureProvider is stuck on the FIFO and other calls are answered at once.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for _ in 0..3 {
        let asked = Instant::now();
        let schema = tokio::time::timeout(
            Duration::from_secs(2),
            client.get_provider_schema(get_provider_schema::Request {}),
        )
        .await
        .expect("GetProviderSchema is answered while a file read is stuck")
        .expect("GetProviderSchema succeeds");
        assert!(schema.into_inner().provider.is_some());
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "{:?}",
            asked.elapsed()
        );
        assert!(
            !configure.is_finished(),
            "ConfigureProvider did not wait on the FIFO"
        );
    }

    let answer = tokio::time::timeout(FILE_TIMEOUT + Duration::from_secs(5), configure)
        .await
        .expect("ConfigureProvider ends within the file timeout")
        .unwrap()
        .expect("ConfigureProvider answers")
        .into_inner();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= FILE_TIMEOUT - Duration::from_millis(100),
        "{elapsed:?}"
    );
    let summaries: Vec<_> = answer
        .diagnostics
        .iter()
        .map(|d| d.summary.clone())
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s == &format!("Cannot read the shared credentials file \"{fifo}\"")),
        "{summaries:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_of_several_slow_calls_is_bounded_as_a_whole() {
    // Each call answers within read_timeout, but the list and the get together do not: the
    // bound on the whole read (read_timeout, plus 1 s for the SDK's own bound to speak first)
    // ends it.
    let server = start_ivs_local().await;
    create_recording_configuration(&ivs_client(&server.endpoint()), "slow", "bucket").await;
    let latency = Duration::from_secs(3);
    server.inject_fault(Fault::latency("ListRecordingConfigurations", latency).always());
    server.inject_fault(Fault::latency("GetRecordingConfiguration", latency).always());
    let main_tf = format!(
        "{}\ndata \"ivs_recording_configurations\" \"all\" {{}}\n",
        provider_config(&local_provider_body(
            &server.endpoint(),
            "  read_timeout = \"4s\"\n"
        ))
    );
    let started = Instant::now();
    let run = plan_off_runtime(Workspace::new(&main_tf)).await;
    let elapsed = started.elapsed();
    println!("plan of a list and a get, 3 s each, with read_timeout 4s failed in {elapsed:?}");
    let text = run.unwrapped();
    assert!(!run.success, "{text}");
    assert!(
        text.contains("Error: Timed out reading ivs_recording_configurations")
            && text.contains(&format!("from IVS at {} took longer", server.endpoint()))
            && text.contains("the time limit of a read, 4s"),
        "{text}"
    );
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}
