//! Fault injection (an ivs-local extension), in-process and over HTTP.

use crate::common::{client, create, hook_counts, post_fault, raw, signed};
use aws_sdk_ivs::error::ProvideErrorMetadata;
use ivs_local::{ANY_OPERATION, Config, Fault, FaultError, Server};

#[tokio::test]
async fn throttling_then_success_is_retried_by_the_sdk() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = create(&client, "retry-me").await;

    server.inject_fault(Fault::new(
        "GetRecordingConfiguration",
        FaultError::Throttling,
        2,
    ));
    let output = client
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        output.recording_configuration().map(|c| c.arn()),
        Some(arn.as_str())
    );
    // Two throttled attempts, then the successful one.
    assert_eq!(server.request_count("GetRecordingConfiguration"), 3);
    assert_eq!(server.request_count("CreateRecordingConfiguration"), 1);
    assert_eq!(server.request_count("DeleteRecordingConfiguration"), 0);
}

#[tokio::test]
async fn persistent_faults_exhaust_the_sdk_retries() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    server.inject_fault(Fault::new(
        "ListRecordingConfigurations",
        FaultError::InternalServer,
        10,
    ));
    let err = client
        .list_recording_configurations()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(500));
    assert!(err.into_service_error().is_internal_server_exception());
    // Standard retry mode: three attempts in all.
    assert_eq!(server.request_count("ListRecordingConfigurations"), 3);

    server.clear_faults();
    client.list_recording_configurations().send().await.unwrap();
}

#[tokio::test]
async fn service_unavailable_is_a_503() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    server.inject_fault(Fault::new(ANY_OPERATION, FaultError::ServiceUnavailable, 3));
    let err = client
        .list_recording_configurations()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(503));
    assert_eq!(err.code(), Some("ServiceUnavailableException"));
}

#[tokio::test]
async fn access_denied_names_user_action_and_resource() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = create(&client, "secret").await;
    server.inject_fault(Fault::new(
        "GetRecordingConfiguration",
        FaultError::AccessDenied,
        1,
    ));
    let err = client
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
    let err = err.into_service_error();
    assert!(err.is_access_denied_exception(), "{err:?}");
    assert_eq!(
        err.message(),
        Some(format!(
            "User: arn:aws:iam::123456789012:user/test is not authorized to perform: ivs:GetRecordingConfiguration on resource: {arn}"
        ).as_str())
    );
    // Access denial is not retried; the fault is used up.
    assert_eq!(server.request_count("GetRecordingConfiguration"), 1);
    client
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn validation_and_custom_faults_carry_their_message() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    server.inject_fault(Fault::new(
        "CreateRecordingConfiguration",
        FaultError::Validation("bucket is in another region".into()),
        1,
    ));
    server.inject_fault(Fault::new(
        "DeleteRecordingConfiguration",
        FaultError::Custom {
            status: 409,
            error_type: "ConflictException".into(),
            message: "in use by a channel".into(),
        },
        1,
    ));
    let err = client
        .create_recording_configuration()
        .destination_configuration(crate::common::s3("bucket"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception());
    assert_eq!(err.message(), Some("bucket is in another region"));

    let arn = create(&client, "kept").await;
    let err = client
        .delete_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
    assert_eq!(err.message(), Some("in use by a channel"));
}

#[tokio::test]
async fn faults_do_not_bypass_authentication() {
    let server = Server::start(Config::default()).await.unwrap();
    server.inject_fault(Fault::new(ANY_OPERATION, FaultError::Throttling, 1));
    let unsigned = raw(&server, "POST", "/ListRecordingConfigurations", &[], b"{}").await;
    assert_eq!(unsigned.status, 403);
    // The fault is still queued for the next signed request.
    let signed_response = signed(&server, "POST", "/ListRecordingConfigurations", "{}").await;
    assert_eq!(signed_response.status, 429);
}

#[tokio::test]
async fn the_http_hook_queues_lists_and_clears_faults() {
    let server = Server::start(Config::default()).await.unwrap();

    let queued = post_fault(&server, br#"{"operation":"ListRecordingConfigurations","errorType":"ThrottlingException","times":1}"#)
    .await;
    assert_eq!(queued.status, 200, "{}", queued.body);
    let throttled = signed(&server, "POST", "/ListRecordingConfigurations", "{}").await;
    assert_eq!(throttled.status, 429);
    assert_eq!(
        throttled.header("x-amzn-errortype"),
        Some("ThrottlingException")
    );
    assert_eq!(
        signed(&server, "POST", "/ListRecordingConfigurations", "{}")
            .await
            .status,
        200
    );

    let custom = post_fault(&server, br#"{"operation":"*","errorType":"PendingVerification","status":403,"message":"verify first","times":5}"#)
    .await;
    assert_eq!(custom.status, 200, "{}", custom.body);
    let pending = signed(&server, "POST", "/ListRecordingConfigurations", "{}").await;
    assert_eq!(
        (pending.status, pending.json()["message"].as_str()),
        (403, Some("verify first"))
    );
    assert_eq!(
        raw(&server, "DELETE", "/_ivs_local/faults", &[], b"")
            .await
            .status,
        204
    );
    assert_eq!(
        signed(&server, "POST", "/ListRecordingConfigurations", "{}")
            .await
            .status,
        200
    );

    let counts = hook_counts(&server).await;
    assert_eq!(counts["requestCounts"]["ListRecordingConfigurations"], 4);

    for bad in [
        &br#"{"operation":"*","errorType":"Teapot"}"#[..],
        b"not json",
        br#"{"operation":"*","errorType":"Teapot","status":200}"#,
    ] {
        let rejected = post_fault(&server, bad).await;
        assert_eq!(rejected.status, 400, "{}", String::from_utf8_lossy(bad));
        assert!(rejected.json()["message"].is_string());
    }
}
