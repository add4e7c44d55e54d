//! `ivs_recording_configurations` through the real terraform against an in-process ivs-local:
//! no filter, each filter alone and combined, zero matches, another region, an invalid regex,
//! and 150 configurations read with one Get each, counted by ivs-local, at most 5 at a time.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{
    Workspace, assert_error_at, local_provider_body, off_runtime, provider_config,
};
use serde_json::{Value, json};

const ACCOUNT: &str = "123456789012";

fn arn(region: &str, id: &str) -> String {
    format!("arn:aws:ivs:{region}:{ACCOUNT}:recording-configuration/{id}")
}

/// A seed entry in `region` with id `id`, and `extra` JSON members.
fn entry(region: &str, id: &str, extra: Value) -> Value {
    let mut entry = json!({
        "region": region,
        "id": id,
        "destinationConfiguration": {"s3": {"bucketName": format!("bucket-{}", id.to_lowercase())}},
    });
    entry
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    entry
}

/// Starts ivs-local with `entries` seeded and room for `quota` configurations per region.
async fn start_with(entries: Vec<Value>, quota: usize) -> ivs_local::Server {
    let seed = json!({ "recordingConfigurations": entries }).to_string();
    let config = ivs_local::Config {
        seed: ivs_local::Seed::from_json(&seed).expect("valid seed"),
        recording_configuration_quota: quota,
        ..ivs_local::Config::default()
    };
    ivs_local::Server::start(config)
        .await
        .expect("ivs-local starts")
}

/// The configuration: the provider for `endpoint` (us-west-2), then `rest`.
fn config(endpoint: &str, rest: &str) -> String {
    provider_config(&local_provider_body(endpoint, "")) + rest
}

/// A data source `data.ivs_recording_configurations.<label>` with `arguments`, and an output
/// `<label>` of its ARNs.
fn listing(label: &str, arguments: &str) -> String {
    format!(
        "\ndata \"ivs_recording_configurations\" \"{label}\" {{\n{arguments}}}\n\noutput \"{label}\" {{\n  value = data.ivs_recording_configurations.{label}.arns\n}}\n"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_alone_and_combined_select_and_sort_by_arn() {
    let west = "us-west-2";
    let server = start_with(
        vec![
            entry(
                west,
                "Main2",
                json!({"name": "main-2", "tags": {"team": "video", "env": "dev"}}),
            ),
            entry(
                west,
                "Main1",
                json!({"name": "main-1", "tags": {"team": "video", "env": "prod"}}),
            ),
            entry(
                west,
                "Failed1",
                json!({"name": "main-3", "state": "CREATE_FAILED", "tags": {"env": "prod"}}),
            ),
            entry(
                west,
                "Other1",
                json!({"name": "other", "tags": {"team": "audio"}}),
            ),
            entry(west, "Unnamed1", json!({})),
            entry("eu-west-1", "Euro1", json!({"name": "main-eu"})),
        ],
        20,
    )
    .await;
    let rest = [
        listing("all", ""),
        listing("by_name", "  name_regex = \"^main-\"\n"),
        listing("by_state", "  states = [\"CREATE_FAILED\", \"CREATING\"]\n"),
        listing("by_tags", "  tags = { team = \"video\" }\n"),
        listing(
            "combined",
            "  name_regex = \"main\"\n  states = [\"ACTIVE\"]\n  tags = { env = \"prod\" }\n",
        ),
        listing("none", "  name_regex = \"^nothing$\"\n"),
        listing("europe", "  region = \"eu-west-1\"\n"),
        "\ndata \"ivs_recording_configuration\" \"main1\" {\n  arn = data.ivs_recording_configurations.by_tags.arns[0]\n}\n\noutput \"items\" {\n  value = data.ivs_recording_configurations.by_tags.recording_configurations\n}\n\noutput \"single\" {\n  value = data.ivs_recording_configuration.main1\n}\n\noutput \"none_items\" {\n  value = data.ivs_recording_configurations.none.recording_configurations\n}\n".to_owned(),
    ]
    .concat();
    let main_tf = config(&server.endpoint(), &rest);
    let outputs = off_runtime(Workspace::new(&main_tf), |workspace| {
        let run = workspace.apply();
        assert!(run.success, "terraform apply failed:\n{}", run.text());
        workspace.assert_plan_empty();
        workspace.outputs()
    })
    .await;
    let value = |name: &str| outputs[name]["value"].clone();
    let arns = |ids: &[&str]| json!(ids.iter().map(|id| arn(west, id)).collect::<Vec<_>>());

    // Sorted by ARN, whatever the order of creation.
    assert_eq!(
        value("all"),
        arns(&["Failed1", "Main1", "Main2", "Other1", "Unnamed1"])
    );
    assert_eq!(value("by_name"), arns(&["Failed1", "Main1", "Main2"]));
    assert_eq!(value("by_state"), arns(&["Failed1"]));
    assert_eq!(value("by_tags"), arns(&["Main1", "Main2"]));
    assert_eq!(value("combined"), arns(&["Main1"]));
    assert_eq!(value("none"), json!([]));
    assert_eq!(value("none_items"), json!([]));
    assert_eq!(value("europe"), json!([arn("eu-west-1", "Euro1")]));

    // Each item has exactly the single data source's attributes and values.
    let items = value("items");
    assert_eq!(items.as_array().map(Vec::len), Some(2));
    assert_eq!(items[0], value("single"));
    assert_eq!(items[0]["name"], "main-1");
    assert_eq!(items[0]["tags"], json!({"team": "video", "env": "prod"}));
    assert_eq!(items[1]["state"], "ACTIVE");
    assert_eq!(
        items[1]["destination_configuration"]["s3"]["bucket_name"],
        "bucket-main2"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_regex_or_state_is_a_plan_time_error_on_that_argument() {
    let server = start_with(Vec::new(), 20).await;
    let bad_regex = config(
        &server.endpoint(),
        &listing("bad", "  name_regex = \"main-(\"\n"),
    );
    let bad_state = config(
        &server.endpoint(),
        &listing("bad", "  states = [\"ACTIVE\", \"DELETED\"]\n"),
    );
    let (regex_run, state_run) = off_runtime(Workspace::new(&bad_regex), move |workspace| {
        let first = workspace.validate();
        workspace.write("main.tf", &bad_state);
        (first, workspace.validate())
    })
    .await;
    assert_error_at(
        &regex_run,
        &bad_regex,
        "Invalid regular expression in name_regex",
        "name_regex =",
        &[
            "\"main-(\" is not a valid regular expression",
            "unclosed group",
        ],
    );
    assert!(
        state_run
            .unwrapped()
            .contains("Error: Invalid state in states")
            && state_run
                .unwrapped()
                .contains("\"DELETED\" is not a recording configuration state"),
        "{}",
        state_run.text()
    );
    assert_eq!(server.request_count("ListRecordingConfigurations"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_hundred_and_fifty_are_read_with_two_list_pages_and_one_get_each() {
    const COUNT: usize = 150;
    let entries = (0..COUNT)
        .map(|i| {
            entry(
                "us-west-2",
                &format!("Many{i:03}"),
                json!({"name": format!("many-{i:03}"), "tags": {"n": i.to_string()}}),
            )
        })
        .collect();
    let server = start_with(entries, 200).await;
    let rest = listing("all", "")
        + "\noutput \"last_name\" {\n  value = data.ivs_recording_configurations.all.recording_configurations[149].name\n}\n";
    let main_tf = config(&server.endpoint(), &rest);
    let started = Instant::now();
    let outputs = off_runtime(Workspace::new(&main_tf), |workspace| {
        let run = workspace.apply();
        assert!(run.success, "terraform apply failed:\n{}", run.text());
        workspace.outputs()
    })
    .await;
    let elapsed = started.elapsed();
    let lists = server.request_count("ListRecordingConfigurations");
    let gets = server.request_count("GetRecordingConfiguration");
    println!(
        "{COUNT} recording configurations: terraform apply took {elapsed:.1?}, \
         {lists} ListRecordingConfigurations pages, {gets} GetRecordingConfiguration calls"
    );
    let listed = outputs["all"]["value"].as_array().expect("a list").clone();
    assert_eq!(listed.len(), COUNT);
    assert_eq!(listed[0], arn("us-west-2", "Many000").as_str());
    assert_eq!(outputs["last_name"]["value"], "many-149");
    // Pages of 100: two pages for 150; one Get per configuration, none repeated.
    assert_eq!(lists, 2);
    assert_eq!(gets, COUNT);
    // Generous: terraform's own start-up dominates; sequential reads with the SDK's defaults
    // would still pass, so this bounds hangs and retries, not concurrency.
    assert!(elapsed < Duration::from_secs(90), "{elapsed:?}");
}

/// Requests in flight at once through a relay, and the most there ever were.
#[derive(Default)]
struct Gauge {
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

/// A TCP relay on 127.0.0.1 to `target` that counts the requests in flight as the server sees
/// them: from a connection's first request bytes to the start of its response (HTTP/1.1 sends
/// one request at a time per connection). Each response is held `delay`, so that requests sent
/// together overlap.
async fn counting_relay(target: std::net::SocketAddr, delay: Duration) -> (String, Arc<Gauge>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let gauge = Arc::new(Gauge::default());
    let counted = gauge.clone();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            let Ok(outbound) = tokio::net::TcpStream::connect(target).await else {
                continue;
            };
            let busy = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let (mut from_client, mut to_client) = inbound.into_split();
            let (mut from_server, mut to_server) = outbound.into_split();
            let (gauge, up_busy) = (counted.clone(), busy.clone());
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                while let Ok(n @ 1..) = from_client.read(&mut buffer).await {
                    if !up_busy.swap(true, Ordering::SeqCst) {
                        let now = gauge.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        gauge.peak.fetch_max(now, Ordering::SeqCst);
                    }
                    if to_server.write_all(&buffer[..n]).await.is_err() {
                        break;
                    }
                }
            });
            let gauge = counted.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                while let Ok(n @ 1..) = from_server.read(&mut buffer).await {
                    tokio::time::sleep(delay).await;
                    // Before the client has the response, so it cannot send its next request
                    // on this connection while this one still counts.
                    if busy.swap(false, Ordering::SeqCst) {
                        gauge.in_flight.fetch_sub(1, Ordering::SeqCst);
                    }
                    if to_client.write_all(&buffer[..n]).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (endpoint, gauge)
}

#[tokio::test(flavor = "multi_thread")]
async fn details_are_fetched_concurrently_at_most_five_at_a_time() {
    const COUNT: usize = 40;
    let entries = (0..COUNT)
        .map(|i| entry("us-west-2", &format!("Conc{i:03}"), json!({})))
        .collect();
    let server = start_with(entries, 50).await;
    let (endpoint, gauge) = counting_relay(server.local_addr(), Duration::from_millis(100)).await;
    let main_tf = config(&endpoint, &listing("all", ""));
    let outputs = off_runtime(Workspace::new(&main_tf), |workspace| {
        let run = workspace.apply();
        assert!(run.success, "terraform apply failed:\n{}", run.text());
        workspace.outputs()
    })
    .await;
    assert_eq!(
        outputs["all"]["value"].as_array().map(Vec::len),
        Some(COUNT)
    );
    assert_eq!(server.request_count("GetRecordingConfiguration"), COUNT);
    let peak = gauge.peak.load(Ordering::SeqCst);
    println!("at most {peak} requests in flight at once for {COUNT} Gets");
    assert!(peak > 1, "the Gets were not concurrent");
    assert!(peak <= 5, "{peak} requests in flight at once");
}
