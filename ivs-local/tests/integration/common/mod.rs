//! Helpers shared by the integration tests: SDK clients pointed at an
//! in-process server, and raw (optionally signed) HTTP for what the SDK
//! cannot send.

use aws_credential_types::Credentials;
use aws_sdk_ivs::config::retry::RetryConfig;
use aws_sdk_ivs::config::{BehaviorVersion, Region};
use aws_sdk_ivs::types::{DestinationConfiguration, S3DestinationConfiguration};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use ivs_local::Server;
use std::collections::HashMap;
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const REGION: &str = "us-west-2";

/// An IVS client for `endpoint` with explicit region and static credentials,
/// quick retries, and plain-HTTP transport; nothing reaches AWS.
pub fn client_with(
    endpoint: &str,
    region: &str,
    access_key: &str,
    secret_key: &str,
) -> aws_sdk_ivs::Client {
    let config = aws_sdk_ivs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new(
            access_key, secret_key, None, None, "tests",
        ))
        .endpoint_url(endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .build();
    aws_sdk_ivs::Client::from_conf(config)
}

/// A client of `server` in [`REGION`] with the default credentials.
pub fn client(server: &Server) -> aws_sdk_ivs::Client {
    client_with(&server.endpoint(), REGION, "test", "test")
}

pub fn s3(bucket: &str) -> DestinationConfiguration {
    DestinationConfiguration::builder()
        .s3(S3DestinationConfiguration::builder()
            .bucket_name(bucket)
            .build()
            .expect("bucket name is set"))
        .build()
}

/// Creates a recording configuration with only a name and a bucket; returns its ARN.
pub async fn create(client: &aws_sdk_ivs::Client, name: &str) -> String {
    client
        .create_recording_configuration()
        .name(name)
        .destination_configuration(s3("bucket"))
        .send()
        .await
        .expect("create succeeds")
        .recording_configuration()
        .expect("response has the configuration")
        .arn()
        .to_owned()
}

/// A raw HTTP response.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl RawResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// POSTs one fault, as the test hook's JSON, to `/_ivs_local/faults`.
pub async fn post_fault(server: &Server, fault_json: &[u8]) -> RawResponse {
    let json = [("content-type".to_owned(), "application/json".to_owned())];
    raw(server, "POST", "/_ivs_local/faults", &json, fault_json).await
}

/// The test hook's request and fault counts (`GET /_ivs_local/requests`).
pub async fn hook_counts(server: &Server) -> serde_json::Value {
    raw(server, "GET", "/_ivs_local/requests", &[], b"")
        .await
        .json()
}

/// Sends one HTTP/1.1 request as written and reads the whole response.
pub async fn raw(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> RawResponse {
    let mut stream = TcpStream::connect(server.local_addr())
        .await
        .expect("connect");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    let has_host = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"));
    if !has_host {
        head.push_str(&format!("host: {}\r\n", server.local_addr()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(body).await.expect("write body");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .await
        .expect("read response");
    parse_response(&response)
}

fn parse_response(bytes: &[u8]) -> RawResponse {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n").expect("response has a head");
    let mut lines = head.lines();
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    RawResponse {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// The headers of a request signed like the SDK signs it.
pub fn sign_headers(
    server: &Server,
    method: &str,
    path: &str,
    body: &[u8],
    secret_key: &str,
    time: SystemTime,
) -> Vec<(String, String)> {
    let host = server.local_addr().to_string();
    let base = [
        ("host", host.as_str()),
        ("content-type", "application/json"),
    ];
    let request = SignableRequest::new(
        method,
        path,
        base.iter().copied(),
        SignableBody::Bytes(body),
    )
    .expect("signable request");
    let identity: Identity = Credentials::new("test", secret_key, None, None, "tests").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name("ivs")
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .expect("signing params")
        .into();
    let (instructions, _) = sign(request, &params).expect("sign").into_parts();
    let mut headers: Vec<(String, String)> = base
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    headers.extend(
        instructions
            .headers()
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    headers
}

/// Sends a correctly signed raw request.
pub async fn signed(server: &Server, method: &str, path: &str, body: &str) -> RawResponse {
    let headers = sign_headers(
        server,
        method,
        path,
        body.as_bytes(),
        "test",
        SystemTime::now(),
    );
    raw(server, method, path, &headers, body.as_bytes()).await
}
