//! SigV4 verification.

use crate::common::{REGION, client_with, raw, sign_headers};
use aws_sdk_ivs::config::Credentials;
use aws_sdk_ivs::error::ProvideErrorMetadata;
use ivs_local::{Config, Server};
use std::time::{Duration, SystemTime};

async fn list_error_code(
    server: &Server,
    access_key: &str,
    secret_key: &str,
) -> (Option<String>, Option<u16>) {
    let client = client_with(&server.endpoint(), REGION, access_key, secret_key);
    let err = client
        .list_recording_configurations()
        .send()
        .await
        .unwrap_err();
    let status = err.raw_response().map(|r| r.status().as_u16());
    (err.code().map(str::to_owned), status)
}

#[tokio::test]
async fn wrong_secret_is_invalid_signature() {
    let server = Server::start(Config::default()).await.unwrap();
    let (code, status) = list_error_code(&server, "test", "wrong").await;
    assert_eq!(code.as_deref(), Some("InvalidSignatureException"));
    assert_eq!(status, Some(403));
}

#[tokio::test]
async fn unknown_access_key_is_unrecognized_client() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client_with(&server.endpoint(), REGION, "AKIDUNKNOWN", "test");
    let err = client
        .list_recording_configurations()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("UnrecognizedClientException"));
    assert_eq!(
        err.message(),
        Some("The security token included in the request is invalid.")
    );
}

#[tokio::test]
async fn configured_credentials_replace_the_defaults() {
    let config = Config {
        access_key: "AKIDLOCAL".into(),
        secret_key: "s3cr3t".into(),
        ..Config::default()
    };
    let server = Server::start(config).await.unwrap();
    let (code, _) = list_error_code(&server, "test", "test").await;
    assert_eq!(code.as_deref(), Some("UnrecognizedClientException"));
    let client = client_with(&server.endpoint(), REGION, "AKIDLOCAL", "s3cr3t");
    client.list_recording_configurations().send().await.unwrap();
}

#[tokio::test]
async fn session_tokens_are_accepted() {
    let server = Server::start(Config::default()).await.unwrap();
    let config = aws_sdk_ivs::Config::builder()
        .behavior_version(aws_sdk_ivs::config::BehaviorVersion::latest())
        .region(aws_sdk_ivs::config::Region::new(REGION))
        .credentials_provider(Credentials::new(
            "test",
            "test",
            Some("session-token".into()),
            None,
            "tests",
        ))
        .endpoint_url(server.endpoint())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    let client = aws_sdk_ivs::Client::from_conf(config);
    client.list_recording_configurations().send().await.unwrap();
}

#[tokio::test]
async fn missing_authorization_is_missing_authentication_token() {
    let server = Server::start(Config::default()).await.unwrap();
    let response = raw(&server, "POST", "/ListRecordingConfigurations", &[], b"{}").await;
    assert_eq!(response.status, 403);
    assert_eq!(
        response.header("x-amzn-errortype"),
        Some("MissingAuthenticationTokenException")
    );
    assert_eq!(response.json()["message"], "Missing Authentication Token");
}

/// As on AWS, authentication comes before routing and parsing: whatever
/// is wrong with an unsigned request, the answer is 403, and a badly signed
/// one is a signature error, never a validation error.
#[tokio::test]
async fn authentication_comes_before_routing_and_parsing() {
    let server = Server::start(Config::default()).await.unwrap();
    for (method, path, body) in [
        ("GET", "/tags/arn%ZZaws", ""),
        ("GET", "/tags/%FF%FE", ""),
        ("POST", "/tags/", "{}"),
        ("POST", "/CreateRecordingConfiguration", "{not json"),
        ("POST", "/GetRecordingConfiguration", r#"{"arn":"bad"}"#),
        ("POST", "/NoSuchOperation", ""),
        ("PUT", "/", ""),
    ] {
        let response = raw(&server, method, path, &[], body.as_bytes()).await;
        assert_eq!(response.status, 403, "{method} {path}: {}", response.body);
        assert_eq!(
            response.header("x-amzn-errortype"),
            Some("MissingAuthenticationTokenException"),
            "{method} {path}"
        );

        let headers = sign_headers(
            &server,
            method,
            path,
            body.as_bytes(),
            "wrong-secret",
            SystemTime::now(),
        );
        let response = raw(&server, method, path, &headers, body.as_bytes()).await;
        assert_eq!(response.status, 403, "{method} {path}: {}", response.body);
        assert_eq!(
            response.header("x-amzn-errortype"),
            Some("InvalidSignatureException"),
            "{method} {path}"
        );
    }
    // Still counted by the operation they name, so clients can tell nothing got through.
    assert_eq!(server.request_count("ListTagsForResource"), 4);
    assert_eq!(server.request_count("CreateRecordingConfiguration"), 2);
}

#[tokio::test]
async fn a_tampered_body_fails_the_signature() {
    let server = Server::start(Config::default()).await.unwrap();
    let signed_body = br#"{"destinationConfiguration":{"s3":{"bucketName":"bucket-a"}}}"#;
    let sent_body = br#"{"destinationConfiguration":{"s3":{"bucketName":"bucket-b"}}}"#;
    let path = "/CreateRecordingConfiguration";
    let headers = sign_headers(
        &server,
        "POST",
        path,
        signed_body,
        "test",
        SystemTime::now(),
    );

    let tampered = raw(&server, "POST", path, &headers, sent_body).await;
    assert_eq!(tampered.status, 403);
    assert_eq!(
        tampered.header("x-amzn-errortype"),
        Some("InvalidSignatureException")
    );
    assert!(
        tampered.json()["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with(
                "The request signature we calculated does not match the signature you provided."
            )
    );

    // The same headers with the body that was signed pass.
    let genuine = raw(&server, "POST", path, &headers, signed_body).await;
    assert_eq!(genuine.status, 200, "{}", genuine.body);
}

#[tokio::test]
async fn old_signatures_are_expired() {
    let server = Server::start(Config::default()).await.unwrap();
    let path = "/ListRecordingConfigurations";
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let headers = sign_headers(&server, "POST", path, b"{}", "test", an_hour_ago);
    let response = raw(&server, "POST", path, &headers, b"{}").await;
    assert_eq!(response.status, 403);
    assert_eq!(
        response.header("x-amzn-errortype"),
        Some("InvalidSignatureException")
    );
    assert!(
        response.json()["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Signature expired")
    );

    let five_minutes_ago = SystemTime::now() - Duration::from_secs(300);
    let headers = sign_headers(&server, "POST", path, b"{}", "test", five_minutes_ago);
    assert_eq!(
        raw(&server, "POST", path, &headers, b"{}").await.status,
        200
    );
}

#[tokio::test]
async fn a_malformed_authorization_header_is_incomplete() {
    let server = Server::start(Config::default()).await.unwrap();
    let headers = vec![(
        "authorization".to_owned(),
        "AWS4-HMAC-SHA256 Credential=test/20240101/us-west-2/ivs/aws4_request".to_owned(),
    )];
    let response = raw(
        &server,
        "POST",
        "/ListRecordingConfigurations",
        &headers,
        b"{}",
    )
    .await;
    assert_eq!(response.status, 403);
    assert_eq!(
        response.header("x-amzn-errortype"),
        Some("IncompleteSignatureException")
    );
}

#[tokio::test]
async fn a_request_without_host_is_rejected_not_crashed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = Server::start(Config::default()).await.unwrap();
    let path = "/ListRecordingConfigurations";
    // Correctly signed, including Host, which is then left out (HTTP/1.0 allows that).
    let headers = sign_headers(&server, "POST", path, b"", "test", SystemTime::now());
    let mut request = format!("POST {path} HTTP/1.0\r\ncontent-length: 0\r\n");
    for (name, value) in headers.iter().filter(|(name, _)| name != "host") {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(server.local_addr())
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.0 403"), "{response}");
    assert!(response.contains("InvalidSignatureException"), "{response}");

    // The server is still up.
    let client = client_with(&server.endpoint(), REGION, "test", "test");
    client.list_recording_configurations().send().await.unwrap();
}
