//! Protocol details the SDK hides: status codes, headers, bodies.

use crate::common::{raw, signed};
use ivs_local::{Config, Server};

#[tokio::test]
async fn unknown_paths_are_json_404s() {
    let server = Server::start(Config::default()).await.unwrap();
    // Signed: unsigned requests get 403 before any routing (see auth.rs).
    for (method, path) in [
        ("GET", "/"),
        ("POST", "/NoSuchOperation"),
        ("POST", "/StartViewerSessionRevocation"),
        ("GET", "/_ivs_local/other"),
    ] {
        let response = signed(&server, method, path, "").await;
        assert_eq!(response.status, 404, "{method} {path}");
        assert_eq!(
            response.header("x-amzn-errortype"),
            Some("UnknownOperationException")
        );
        assert_eq!(response.header("content-type"), Some("application/json"));
        assert!(response.json()["message"].is_string());
    }
}

#[tokio::test]
async fn every_response_has_a_request_id() {
    let server = Server::start(Config::default()).await.unwrap();
    let ok = signed(&server, "POST", "/ListRecordingConfigurations", "{}").await;
    let not_found = raw(&server, "GET", "/nothing", &[], b"").await;
    for response in [&ok, &not_found] {
        let id = response.header("x-amzn-requestid").expect("request id");
        assert_eq!(id.len(), 36, "{id}");
    }
    assert_ne!(
        ok.header("x-amzn-requestid"),
        not_found.header("x-amzn-requestid")
    );
    assert_eq!(
        ok.json(),
        serde_json::json!({"recordingConfigurations": []})
    );
}

#[tokio::test]
async fn create_delete_and_tags_use_the_model_status_codes() {
    let server = Server::start(Config::default()).await.unwrap();
    let created = signed(
        &server,
        "POST",
        "/CreateRecordingConfiguration",
        r#"{"name":"wire","destinationConfiguration":{"s3":{"bucketName":"bucket"}}}"#,
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let arn = created.json()["recordingConfiguration"]["arn"]
        .as_str()
        .unwrap()
        .to_owned();

    // Unencoded '/' in the label, as a hand-written request may send it.
    let label = arn.replace(':', "%3A");
    let tagged = signed(
        &server,
        "POST",
        &format!("/tags/{label}"),
        r#"{"tags":{"k":"v"}}"#,
    )
    .await;
    assert_eq!((tagged.status, tagged.body.as_str()), (200, "{}"));
    let listed = signed(&server, "GET", &format!("/tags/{label}"), "").await;
    assert_eq!(listed.json(), serde_json::json!({"tags": {"k": "v"}}));

    let deleted = signed(
        &server,
        "POST",
        "/DeleteRecordingConfiguration",
        &format!(r#"{{"arn":"{arn}"}}"#),
    )
    .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.body, "");
    let gone = signed(
        &server,
        "POST",
        "/GetRecordingConfiguration",
        &format!(r#"{{"arn":"{arn}"}}"#),
    )
    .await;
    assert_eq!(gone.status, 404);
    assert_eq!(
        gone.header("x-amzn-errortype"),
        Some("ResourceNotFoundException")
    );
    assert_eq!(gone.json()["exceptionMessage"], gone.json()["message"]);
}
