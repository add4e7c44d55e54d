//! The provider block layered over the AWS environment: shared files and profiles named in the
//! block, and the STS endpoint used by assume-role profiles.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ivs_local::{Config, Server};
use support::{Workspace, ivs_client, provider_config};

async fn created_arn(server: &Server) -> String {
    ivs_client(&server.endpoint())
        .create_recording_configuration()
        .name("profiles")
        .destination_configuration(
            aws_sdk_ivs::types::DestinationConfiguration::builder()
                .s3(aws_sdk_ivs::types::S3DestinationConfiguration::builder()
                    .bucket_name("profile-bucket")
                    .build()
                    .unwrap())
                .build(),
        )
        .send()
        .await
        .unwrap()
        .recording_configuration()
        .unwrap()
        .arn()
        .to_owned()
}

fn reading(provider_body: &str, arn: &str) -> String {
    format!(
        "{}\ndata \"ivs_recording_configuration\" \"main\" {{\n  arn = \"{arn}\"\n}}\n\noutput \"name\" {{\n  value = data.ivs_recording_configuration.main.name\n}}\n",
        provider_config(provider_body)
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn profile_from_shared_files_named_in_the_block_gives_region_and_credentials() {
    let server = Server::start(Config::default()).await.unwrap();
    let arn = created_arn(&server).await;
    let body = format!(
        "  profile                  = \"video\"\n  shared_config_files      = [\"${{path.module}}/my-config\"]\n  shared_credentials_files = [\"${{path.module}}/my-credentials\"]\n  endpoints {{\n    ivs = \"{}\"\n  }}",
        server.endpoint()
    );
    let mut workspace = Workspace::new(&reading(&body, &arn));
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
    let (run, outputs) = tokio::task::spawn_blocking(move || {
        let run = workspace.apply();
        let outputs = run.success.then(|| workspace.outputs());
        (run, outputs)
    })
    .await
    .unwrap();
    assert!(run.success, "{}", run.text());
    assert_eq!(outputs.unwrap()["name"]["value"], "profiles");
}

#[tokio::test(flavor = "multi_thread")]
async fn assume_role_profiles_call_sts_at_the_configured_endpoint() {
    let server = Server::start(Config::default()).await.unwrap();
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
    let mut workspace = Workspace::new(&reading(&body, &arn));
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
    let run = tokio::task::spawn_blocking(move || workspace.apply())
        .await
        .unwrap();
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
