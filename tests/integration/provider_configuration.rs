//! The provider block layered over the AWS environment: shared files and profiles named in the
//! block, and the STS endpoint used by assume-role profiles.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::{
    Workspace, apply_off_runtime, create_recording_configuration, ivs_client, off_runtime,
    read_name_config, start_ivs_local,
};
use ivs_local::Server;

/// Creates the recording configuration "profiles" in `server`; returns its ARN.
async fn created_arn(server: &Server) -> String {
    create_recording_configuration(
        &ivs_client(&server.endpoint()),
        "profiles",
        "profile-bucket",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn profile_from_shared_files_named_in_the_block_gives_region_and_credentials() {
    let server = start_ivs_local().await;
    let arn = created_arn(&server).await;
    let body = format!(
        "  profile                  = \"video\"\n  shared_config_files      = [\"${{path.module}}/my-config\"]\n  shared_credentials_files = [\"${{path.module}}/my-credentials\"]\n  endpoints {{\n    ivs = \"{}\"\n  }}",
        server.endpoint()
    );
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.write("my-config", "[profile video]\nregion = us-west-2\n");
    workspace.write(
        "my-credentials",
        "[video]\naws_access_key_id = test\naws_secret_access_key = test\n",
    );
    // Nothing in the environment: region and keys come only from the files the block names.
    workspace
        .unset_env("AWS_REGION")
        .unset_env("AWS_ACCESS_KEY_ID")
        .unset_env("AWS_SECRET_ACCESS_KEY");
    let (run, name) = off_runtime(workspace, |workspace| {
        let run = workspace.apply();
        let name = run.success.then(|| workspace.output("name"));
        (run, name)
    })
    .await;
    assert!(run.success, "{}", run.text());
    assert_eq!(name.unwrap(), "profiles");
}

#[tokio::test(flavor = "multi_thread")]
async fn assume_role_profiles_call_sts_at_the_configured_endpoint() {
    let server = start_ivs_local().await;
    let arn = created_arn(&server).await;
    // A stand-in STS endpoint that only counts the connections it gets.
    let sts = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sts_endpoint = format!("http://{}", sts.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((stream, _)) = sts.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    let body = format!(
        "  profile = \"assumer\"\n  endpoints {{\n    ivs = \"{}\"\n    sts = \"{sts_endpoint}\"\n  }}",
        server.endpoint()
    );
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.write(
        "aws-config",
        "[profile assumer]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = base\n\n[profile base]\naws_access_key_id = test\naws_secret_access_key = test\n",
    );
    workspace
        .unset_env("AWS_ACCESS_KEY_ID")
        .unset_env("AWS_SECRET_ACCESS_KEY")
        .set_env("AWS_MAX_ATTEMPTS", "1")
        // Were `endpoints.sts` ignored, STS would go to this dead local port, never to AWS.
        .set_env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    let run = apply_off_runtime(workspace).await;
    // The stand-in cannot answer, so the read fails; what matters is where STS was called.
    assert!(!run.success, "{}", run.text());
    assert!(
        connections.load(Ordering::SeqCst) >= 1,
        "no STS call reached {sts_endpoint}:\n{}",
        run.text()
    );
    let text = run.unwrapped();
    assert!(
        text.contains("Error: No valid AWS credentials found"),
        "{text}"
    );
    assert!(text.contains("could not get AWS credentials"), "{text}");
    println!("{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn aws_default_profile_is_honoured_when_aws_profile_is_unset() {
    let server = start_ivs_local().await;
    let arn = created_arn(&server).await;
    let body = format!("  endpoints {{\n    ivs = \"{}\"\n  }}", server.endpoint());
    let mut workspace = Workspace::new(&read_name_config(&body, &arn));
    workspace.write("aws-config", "[profile video]\nregion = us-west-2\n");
    workspace.write(
        "aws-credentials",
        "[video]\naws_access_key_id = test\naws_secret_access_key = test\n",
    );
    workspace
        .unset_env("AWS_REGION")
        .unset_env("AWS_ACCESS_KEY_ID")
        .unset_env("AWS_SECRET_ACCESS_KEY")
        .set_env("AWS_DEFAULT_PROFILE", "video");
    let (run, name) = off_runtime(workspace, |workspace| {
        let run = workspace.apply();
        let name = run.success.then(|| workspace.output("name"));
        (run, name)
    })
    .await;
    assert!(run.success, "{}", run.text());
    assert_eq!(name.unwrap(), "profiles");
}

#[test]
fn errors_name_the_endpoint_from_the_profile_that_the_sdk_really_used() {
    // No endpoint in the block or the environment: the profile's endpoint_url is used, and a
    // dead port there must be named, not AWS's endpoint for the region.
    let body = "  profile = \"local\"";
    let mut workspace = Workspace::new(&read_name_config(
        body,
        "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234",
    ));
    workspace.write(
        "aws-config",
        "[profile local]\nregion = us-west-2\nendpoint_url = http://127.0.0.1:9\n",
    );
    workspace.set_env("AWS_MAX_ATTEMPTS", "1");
    let run = workspace.apply();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains("Error: Could not connect to IVS at http://127.0.0.1:9 "),
        "{text}"
    );
    assert!(!text.contains("amazonaws.com"), "{text}");
}
