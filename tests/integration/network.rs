//! Proxies and private certificate authorities, as a user behind a corporate network meets
//! them: a proxy started here sees the requests (plain HTTP and CONNECT), `no_proxy` and
//! loopback bypass it, and a private-CA HTTPS ivs-local works only with the CA trusted.

use crate::support::proxy::{PROXIED_HOST, TestProxy};
use crate::support::{
    Run, Workspace, apply_off_runtime, create_recording_configuration, ivs_client,
    local_provider_body, read_name_config, start_ivs_local,
};
use ivs_local::{Config, Server, TlsConfig};

/// Creates the recording configuration "network" through `endpoint`; returns its ARN.
async fn created_arn(endpoint: &str) -> String {
    create_recording_configuration(&ivs_client(endpoint), "network", "bucket").await
}

/// ivs-local over HTTPS with a certificate from a fresh private CA, also valid for
/// `PROXIED_HOST`.
async fn start_https_ivs_local() -> Server {
    Server::start(Config {
        tls: Some(TlsConfig::SelfSigned {
            ca_file: None,
            names: vec![PROXIED_HOST.to_owned()],
        }),
        ..Config::default()
    })
    .await
    .expect("ivs-local starts with TLS")
}

/// An IVS client that trusts `ca_pem`, for setting up data over HTTPS.
fn https_ivs_client(endpoint: &str, ca_pem: &str) -> aws_sdk_ivs::Client {
    use aws_sdk_ivs::config::{BehaviorVersion, Credentials, Region};
    use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(
            TlsContext::builder()
                .with_trust_store(TrustStore::empty().with_pem_certificate(ca_pem.as_bytes()))
                .build()
                .unwrap(),
        )
        .build_https();
    aws_sdk_ivs::Client::from_conf(
        aws_sdk_ivs::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(crate::support::REGION))
            .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
            .endpoint_url(endpoint)
            .http_client(http)
            .build(),
    )
}

/// `endpoint` with its host replaced by `PROXIED_HOST`.
fn by_name(endpoint: &str) -> String {
    let (scheme, rest) = endpoint.split_once("://").unwrap();
    let port = rest.rsplit_once(':').unwrap().1;
    format!("{scheme}://{PROXIED_HOST}:{port}")
}

fn assert_read(run: &Run) {
    assert!(run.success, "{}", run.text());
}

#[tokio::test(flavor = "multi_thread")]
async fn http_proxy_argument_carries_plain_http_requests_and_its_password_is_never_logged() {
    let server = start_ivs_local().await;
    let arn = created_arn(&server.endpoint()).await;
    let proxy = TestProxy::start().await;
    let proxy_url = proxy.url_with_credentials("alice", "pr0xy-s3cret");
    let extra = format!("  http_proxy = \"{proxy_url}\"\n");
    let body = local_provider_body(&by_name(&server.endpoint()), &extra);
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.set_env("TF_LOG_PROVIDER", "trace");
    let run = apply_off_runtime(workspace).await;
    assert_read(&run);
    let seen = proxy.seen();
    let expected = format!(
        "POST http://{PROXIED_HOST}:{}/GetRecordingConfiguration HTTP/1.1",
        server.local_addr().port()
    );
    let request = seen
        .iter()
        .find(|s| s.request_line == expected)
        .unwrap_or_else(|| panic!("the proxy did not see {expected:?}: {seen:?}"));
    // Basic base64("alice:pr0xy-s3cret")
    assert_eq!(
        request.proxy_authorization.as_deref(),
        Some("Basic YWxpY2U6cHIweHktczNjcmV0")
    );
    assert!(
        !run.stderr.contains("pr0xy-s3cret") && !run.stderr.contains("YWxpY2U6cHIweHktczNjcmV0"),
        "the proxy password reached the log"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn https_proxy_from_the_environment_tunnels_with_connect_to_a_private_ca_endpoint() {
    let server = start_https_ivs_local().await;
    let ca = server.ca_pem().unwrap().to_owned();
    let arn = send_create_https(&server, &ca).await;
    let proxy = TestProxy::start().await;
    let body = local_provider_body(&by_name(&server.endpoint()), "");
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.write("ca.pem", &ca);
    let ca_path = workspace.path().join("ca.pem").display().to_string();
    workspace
        .set_env("https_proxy", &proxy.url)
        .set_env("AWS_CA_BUNDLE", &ca_path);
    let run = apply_off_runtime(workspace).await;
    assert_read(&run);
    let expected = format!(
        "CONNECT {PROXIED_HOST}:{} HTTP/1.1",
        server.local_addr().port()
    );
    let seen = proxy.seen();
    assert!(
        seen.iter().any(|s| s.request_line == expected),
        "the proxy did not see {expected:?}: {seen:?}"
    );
}

async fn send_create_https(server: &Server, ca: &str) -> String {
    crate::support::send_create(
        https_ivs_client(&server.endpoint(), ca)
            .create_recording_configuration()
            .name("network")
            .destination_configuration(crate::support::s3_destination("bucket")),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn no_proxy_and_loopback_bypass_the_proxy() {
    let server = start_ivs_local().await;
    let arn = created_arn(&server.endpoint()).await;
    let proxy = TestProxy::start().await;

    // Loopback is never proxied: the read works and the proxy sees nothing.
    let body = local_provider_body(&server.endpoint(), "");
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.set_env("HTTP_PROXY", &proxy.url);
    assert_read(&apply_off_runtime(workspace).await);
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());

    // `no_proxy` names the host: the request goes direct, where the name does not resolve.
    let extra = format!(
        "  http_proxy = \"{}\"\n  no_proxy = \"example.com,{PROXIED_HOST}\"\n",
        proxy.url
    );
    let body = local_provider_body(&by_name(&server.endpoint()), &extra);
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.set_env("AWS_MAX_ATTEMPTS", "1");
    let run = apply_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());
    let text = run.unwrapped();
    assert!(text.contains(&format!("http://{PROXIED_HOST}:")), "{text}");

    // NO_PROXY from the environment works the same way.
    let body = local_provider_body(&by_name(&server.endpoint()), "");
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace
        .set_env("HTTP_PROXY", &proxy.url)
        .set_env("NO_PROXY", PROXIED_HOST)
        .set_env("AWS_MAX_ATTEMPTS", "1");
    let run = apply_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());
}

#[tokio::test(flavor = "multi_thread")]
async fn private_ca_endpoint_works_with_custom_ca_bundle_and_fails_clearly_without() {
    let server = start_https_ivs_local().await;
    let ca = server.ca_pem().unwrap().to_owned();
    let arn = send_create_https(&server, &ca).await;

    let extra = "  custom_ca_bundle = \"${path.module}/ca.pem\"\n";
    let body = local_provider_body(&server.endpoint(), extra);
    let workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.write("ca.pem", &ca);
    assert_read(&apply_off_runtime(workspace).await);

    let body = local_provider_body(&server.endpoint(), "");
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.set_env("AWS_MAX_ATTEMPTS", "1");
    let run = apply_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains(&format!(
            "Error: Could not connect to IVS at {}",
            server.endpoint()
        )),
        "{text}"
    );
    assert!(
        text.contains("TLS handshake failed: invalid peer certificate: UnknownIssuer"),
        "{text}"
    );
    assert!(
        text.contains("name that CA's PEM file in `custom_ca_bundle` or AWS_CA_BUNDLE"),
        "{text}"
    );
}

#[test]
fn bad_proxy_urls_are_errors_naming_the_argument_without_the_password() {
    let body = "  region = \"us-west-2\"\n  http_proxy = \"proxy.example.com:3128\"\n  https_proxy = \"http://bob:hunter2@\"\n  endpoints {\n    ivs = \"http://127.0.0.1:9\"\n  }";
    let workspace = Workspace::new(&read_name_config(body, ARN));
    let run = workspace.validate();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains("Error: Invalid http_proxy"), "{text}");
    assert!(
        text.contains(
            "\"proxy.example.com:3128\" is not a proxy URL: it must start with http:// or https://"
        ),
        "{text}"
    );
    assert!(text.contains("Error: Invalid https_proxy"), "{text}");
    // Terraform quotes the configuration line itself; our message masks the password.
    assert!(
        text.contains("\"http://bob:***@\" is not a proxy URL: it has no host"),
        "{text}"
    );
}

#[test]
fn an_unreadable_or_empty_ca_bundle_is_an_error_naming_its_source() {
    let body = "  region = \"us-west-2\"\n  custom_ca_bundle = \"${path.module}/missing.pem\"\n  endpoints {\n    ivs = \"http://127.0.0.1:9\"\n  }";
    let workspace = Workspace::new(&read_name_config(body, ARN));
    let run = workspace.plan();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains("Error: Cannot read the CA bundle"), "{text}");
    assert!(text.contains("`custom_ca_bundle` names"), "{text}");
    assert!(text.contains("missing.pem"), "{text}");

    let mut workspace = Workspace::new(&read_name_config(
        &local_provider_body("http://127.0.0.1:9", ""),
        ARN,
    ));
    workspace.write("empty.pem", "not a certificate\n");
    let path = workspace.path().join("empty.pem").display().to_string();
    workspace.set_env("AWS_CA_BUNDLE", &path);
    let run = workspace.plan();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains("Error: Invalid CA bundle"), "{text}");
    assert!(text.contains("AWS_CA_BUNDLE names"), "{text}");
    assert!(text.contains("holds no PEM certificate"), "{text}");
}

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

/// PEM that frames a "certificate" whose DER is three zero bytes.
const UNUSABLE_BUNDLE: &str = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

/// The certificates of a CA bundle are parsed only for https: an `http://` endpoint reads
/// without them, and an https request fails naming the bundle (the SDK's connector would panic).
#[tokio::test(flavor = "multi_thread")]
async fn a_ca_bundle_with_an_unusable_certificate_fails_only_https_requests() {
    // A plan reading `arn` from `endpoint` with AWS_CA_BUNDLE naming the unusable bundle.
    async fn plan_with_unusable_bundle(endpoint: &str, arn: &str) -> Run {
        let mut workspace =
            Workspace::new(&read_name_config(&local_provider_body(endpoint, ""), arn));
        workspace.write("unusable.pem", UNUSABLE_BUNDLE);
        let path = workspace.path().join("unusable.pem").display().to_string();
        workspace.set_env("AWS_CA_BUNDLE", &path);
        crate::support::off_runtime(workspace, |workspace| workspace.plan()).await
    }

    let server = start_ivs_local().await;
    let arn = created_arn(&server.endpoint()).await;
    let http = plan_with_unusable_bundle(&server.endpoint(), &arn).await;
    assert_read(&http);

    let https_server = start_https_ivs_local().await;
    let https = plan_with_unusable_bundle(&https_server.endpoint(), ARN).await;
    assert!(!https.success, "{}", https.text());
    let text = https.unwrapped();
    assert!(text.contains("AWS_CA_BUNDLE names"), "{text}");
    assert!(
        text.contains("holds a certificate that cannot be used"),
        "{text}"
    );
    assert!(!text.contains("panic"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn insecure_skips_certificate_verification_with_a_warning_each_time() {
    let server = start_https_ivs_local().await;
    let ca = server.ca_pem().unwrap().to_owned();
    let arn = send_create_https(&server, &ca).await;
    let proxy = TestProxy::start().await;
    let body = local_provider_body(&by_name(&server.endpoint()), "  insecure = true\n");
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.set_env("HTTPS_PROXY", &proxy.url);
    let (plan, apply) =
        crate::support::off_runtime(workspace, |workspace| (workspace.plan(), workspace.apply()))
            .await;
    for run in [&plan, &apply] {
        assert_read(run);
        assert!(
            run.unwrapped()
                .contains("Warning: TLS certificates are not verified"),
            "{}",
            run.text()
        );
    }
    // The proxy still carries it, through a CONNECT tunnel.
    let expected = format!(
        "CONNECT {PROXIED_HOST}:{} HTTP/1.1",
        server.local_addr().port()
    );
    assert!(
        proxy.seen().iter().any(|s| s.request_line == expected),
        "{:?}",
        proxy.seen()
    );
}

/// Without a proxy, `insecure = true` resolves the endpoint's name itself, from /etc/hosts, as
/// every other request does (not through the C library, which a static binary must avoid).
#[tokio::test(flavor = "multi_thread")]
async fn insecure_reaches_an_endpoint_named_in_etc_hosts_directly() {
    let server = start_https_ivs_local().await;
    let ca = server.ca_pem().unwrap().to_owned();
    let arn = send_create_https(&server, &ca).await;
    let port = server.local_addr().port();
    let body = local_provider_body(&format!("https://localhost:{port}"), "  insecure = true\n");
    let workspace = Workspace::new(&read_name_config(&body, &arn));
    let plan = crate::support::off_runtime(workspace, |workspace| workspace.plan()).await;
    assert_read(&plan);
    assert!(
        plan.unwrapped()
            .contains("Warning: TLS certificates are not verified"),
        "{}",
        plan.text()
    );
}
