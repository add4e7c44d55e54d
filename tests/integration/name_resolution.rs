//! Names resolve as Go's resolver resolves them: /etc/hosts at once (whatever DNS does), in the
//! order of nsswitch.conf's `hosts:` line, then the name servers of resolv.conf with its
//! options. Each test has its own files and its own DNS server on 127.0.0.1; the last ones go
//! through the real terraform, the provider pointed at them by the test-only variables.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use terraform_provider_ivs::provider::{LookupError, ResolverFiles, SystemResolver};

use crate::support::dns::DnsServer;
use crate::support::{Run, Workspace, local_provider_body, read_name_config};

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// A resolver over `files`, with the budget a connection attempt gives a lookup.
fn resolver(files: ResolverFiles) -> SystemResolver {
    SystemResolver::new(files, Duration::from_millis(4500))
}

async fn resolve(files: ResolverFiles, name: &str) -> Result<Vec<IpAddr>, LookupError> {
    resolver(files).lookup(name).await
}

#[tokio::test]
async fn a_name_only_dns_knows_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let dns = DnsServer::answering(&[("ivs.dns.test", &[ip("127.0.0.7"), ip("::1")])]);
    let files = dns.files(dir.path(), "127.0.0.1 localhost\n", "", None);
    let found = resolve(files, "ivs.dns.test").await.unwrap();
    assert_eq!(found, [ip("127.0.0.7"), ip("::1")]);
    let mut asked = dns.questions();
    asked.sort();
    assert_eq!(asked, ["ivs.dns.test. A", "ivs.dns.test. AAAA"]);
}

#[tokio::test]
async fn a_name_in_both_answers_from_the_file_unless_nsswitch_puts_dns_first() {
    let dns = DnsServer::answering(&[("both.test", &[ip("127.0.0.3")])]);
    let hosts = "127.0.0.2 both.test\n";
    for (nsswitch, expected, asks_dns) in [
        (None, "127.0.0.2", false),
        (Some("hosts: files dns\n"), "127.0.0.2", false),
        (
            Some("hosts: files mdns4_minimal [NOTFOUND=return] dns\n"),
            "127.0.0.2",
            false,
        ),
        (Some("hosts: dns files\n"), "127.0.0.3", true),
        (Some("hosts: dns\n"), "127.0.0.3", true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let before = dns.questions().len();
        let files = dns.files(dir.path(), hosts, "", nsswitch);
        let found = resolve(files, "BOTH.test.").await.unwrap();
        assert_eq!(found, [ip(expected)], "{nsswitch:?}");
        assert_eq!(dns.questions().len() > before, asks_dns, "{nsswitch:?}");
    }
    // `dns files`: a name DNS does not know still comes from the file.
    let dir = tempfile::tempdir().unwrap();
    let files = dns.files(
        dir.path(),
        "127.0.0.9 only-file.test\n",
        "",
        Some("hosts: dns files\n"),
    );
    assert_eq!(
        resolve(files, "only-file.test").await.unwrap(),
        [ip("127.0.0.9")]
    );
    // `files` alone: DNS is never asked.
    let dir = tempfile::tempdir().unwrap();
    let before = dns.questions().len();
    let files = dns.files(dir.path(), "", "", Some("hosts: files\n"));
    let error = resolve(files, "both.test").await.unwrap_err().to_string();
    assert!(error.contains("cannot resolve \"both.test\""), "{error}");
    assert!(error.contains("does not name it"), "{error}");
    assert_eq!(dns.questions().len(), before);
}

/// An IPv4-only entry of the hosts file answers at once: no AAAA question waits on DNS (a
/// server that never answers, Go's default options).
#[tokio::test]
async fn the_hosts_file_answers_at_once_whatever_dns_does() {
    let dir = tempfile::tempdir().unwrap();
    let dns = DnsServer::silent();
    let files = dns.files(dir.path(), "127.0.0.1 ivs.example.test\n", "", None);
    let started = Instant::now();
    let found = resolve(files, "ivs.example.test").await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(found, [ip("127.0.0.1")]);
    assert!(dns.questions().is_empty(), "{:?}", dns.questions());
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_clear_error_after_the_attempts_resolv_conf_allows() {
    let dir = tempfile::tempdir().unwrap();
    let dns = DnsServer::silent();
    let files = dns.files(dir.path(), "", "options timeout:1 attempts:2\n", None);
    let started = Instant::now();
    let error = resolve(files, "ivs.silent.test")
        .await
        .unwrap_err()
        .to_string();
    let elapsed = started.elapsed();
    assert!(
        (Duration::from_millis(1900)..Duration::from_millis(3000)).contains(&elapsed),
        "{elapsed:?}"
    );
    let expected = format!(
        "cannot resolve \"ivs.silent.test\": no answer from the name server {} ({}) after 2 \
         attempts of 1s each",
        dns.address,
        dir.path().join("etc/resolv.conf").display()
    );
    assert_eq!(error, expected);
    // Both attempts of both questions reached the server.
    assert_eq!(dns.questions().len(), 4, "{:?}", dns.questions());

    // With Go's defaults (5s, 2 attempts) the lookup stops at the budget it was given.
    let dir = tempfile::tempdir().unwrap();
    let files = dns.files(dir.path(), "", "", None);
    let started = Instant::now();
    let error = SystemResolver::new(files, Duration::from_millis(1500))
        .lookup("ivs.silent.test")
        .await
        .unwrap_err()
        .to_string();
    let elapsed = started.elapsed();
    assert!(
        (Duration::from_millis(1400)..Duration::from_millis(2500)).contains(&elapsed),
        "{elapsed:?}"
    );
    assert!(
        error.contains(&format!("no answer from the name server {} ", dns.address))
            && error.contains("within 1.5s"),
        "{error}"
    );
}

#[tokio::test]
async fn search_domains_and_ndots_as_go() {
    let dns = DnsServer::answering(&[
        ("ivs.corp.test", &[ip("127.0.0.11")]),
        ("a.b.corp.test", &[ip("127.0.0.12")]),
        ("a.b", &[ip("127.0.0.13")]),
    ]);
    let only_a = |asked: Vec<String>| -> Vec<String> {
        asked
            .into_iter()
            .filter_map(|q| q.strip_suffix(" A").map(str::to_owned))
            .collect()
    };
    // No dot (below ndots 1): the search domain first, and it answers.
    let dir = tempfile::tempdir().unwrap();
    let files = dns.files(dir.path(), "", "search corp.test lab.test\n", None);
    assert_eq!(
        resolve(files.clone(), "ivs").await.unwrap(),
        [ip("127.0.0.11")]
    );
    assert_eq!(only_a(dns.questions()), ["ivs.corp.test."]);

    // One dot, ndots 1: as written first.
    assert_eq!(
        resolve(files.clone(), "a.b").await.unwrap(),
        [ip("127.0.0.13")]
    );
    assert_eq!(only_a(dns.questions())[1..], ["a.b."]);

    // ndots 2: the search domain first.
    let dir = tempfile::tempdir().unwrap();
    let files = dns.files(dir.path(), "", "search corp.test\noptions ndots:2\n", None);
    assert_eq!(
        resolve(files.clone(), "a.b").await.unwrap(),
        [ip("127.0.0.12")]
    );
    assert_eq!(only_a(dns.questions())[2..], ["a.b.corp.test."]);

    // A name nobody knows: every name tried, in Go's order, then "no such host".
    let error = resolve(files, "nowhere").await.unwrap_err().to_string();
    assert_eq!(
        error,
        "cannot resolve \"nowhere\": no such host (asked for nowhere.corp.test., nowhere.)"
    );
    assert_eq!(
        only_a(dns.questions())[3..],
        ["nowhere.corp.test.", "nowhere."]
    );
}

#[tokio::test]
async fn no_name_server_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::dns::write_files(dir.path(), "", "search corp.test\n", None);
    let files = ResolverFiles::under(dir.path());
    let error = resolve(files, "ivs.test").await.unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "cannot resolve \"ivs.test\": {} names no name server, and {} does not name it",
            dir.path().join("etc/resolv.conf").display(),
            dir.path().join("etc/hosts").display()
        )
    );
    let missing = ResolverFiles::under(&dir.path().join("nothing"));
    let error = resolve(missing, "ivs.test").await.unwrap_err().to_string();
    assert!(error.contains("cannot be read"), "{error}");
}

// Through the real terraform.

/// A workspace whose provider resolves with the files under `root` and DNS at `dns_port`.
fn resolving_workspace(config: &str, root: &std::path::Path, dns_port: u16) -> Workspace {
    let mut workspace = Workspace::new(config);
    workspace
        .set_env("TF_IVS_TEST_ONLY_RESOLVER_ROOT", root.to_str().unwrap())
        .set_env("TF_IVS_TEST_ONLY_DNS_PORT", &dns_port.to_string());
    workspace
}

async fn created_arn(endpoint: &str) -> String {
    let client = crate::support::ivs_client(endpoint);
    crate::support::create_recording_configuration(&client, "resolved", "bucket").await
}

#[tokio::test(flavor = "multi_thread")]
async fn terraform_reads_from_an_endpoint_only_dns_or_only_the_hosts_file_names() {
    let server = crate::support::start_ivs_local().await;
    let port = server.local_addr().port();
    let arn = created_arn(&server.endpoint()).await;
    let dns = DnsServer::answering(&[("ivs.dns.test", &[ip("127.0.0.1")])]);
    let dir = tempfile::tempdir().unwrap();
    dns.files(dir.path(), "127.0.0.1 ivs.file.test\n", "", None);
    for host in ["ivs.dns.test", "ivs.file.test"] {
        let body = local_provider_body(&format!("http://{host}:{port}"), "");
        let workspace = resolving_workspace(
            &read_name_config(&body, &arn),
            dir.path(),
            dns.address.port(),
        );
        let run = crate::support::apply_off_runtime(workspace).await;
        assert!(run.success, "{host}: {}", run.text());
        assert!(run.text().contains("name = \"resolved\""), "{}", run.text());
    }
    assert!(
        !dns.questions()
            .iter()
            .any(|q| q.starts_with("ivs.file.test.")),
        "{:?}",
        dns.questions()
    );
}

/// A name server that never answers, with no options in resolv.conf: one clear error naming
/// the host and the server, in the time a connection attempt leaves the lookup (not retried
/// until `read_timeout`).
#[tokio::test(flavor = "multi_thread")]
async fn terraform_reports_a_name_server_that_never_answers_clearly_and_soon() {
    let dns = DnsServer::silent();
    let dir = tempfile::tempdir().unwrap();
    dns.files(dir.path(), "127.0.0.1 localhost\n", "", None);
    let arn = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";
    let body = local_provider_body("http://ivs.silent.test:4566", "");
    let workspace = resolving_workspace(
        &read_name_config(&body, arn),
        dir.path(),
        dns.address.port(),
    );
    let started = Instant::now();
    let run: Run = crate::support::plan_off_runtime(workspace).await;
    let elapsed = started.elapsed();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains("Error: Could not connect to IVS at http://ivs.silent.test:4566"),
        "{text}"
    );
    assert!(text.contains("after 1 attempt"), "{text}");
    assert!(
        text.contains(&format!(
            "cannot resolve \"ivs.silent.test\": no answer from the name server {}",
            dns.address
        )),
        "{text}"
    );
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");

    // A short read_timeout leaves the lookup less, and it still says why before the read ends.
    let body = local_provider_body("http://ivs.silent.test:4566", "  read_timeout = \"2s\"\n");
    let workspace = resolving_workspace(
        &read_name_config(&body, arn),
        dir.path(),
        dns.address.port(),
    );
    let run: Run = crate::support::plan_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains(&format!(
            "cannot resolve \"ivs.silent.test\": no answer from the name server {} ",
            dns.address
        )) && text.contains("within 1.5s"),
        "{text}"
    );
}
