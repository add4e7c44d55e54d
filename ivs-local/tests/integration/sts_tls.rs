//! The `ivs-local` binary's STS and HTTPS, through the AWS SDKs: a role of `--role` is assumed
//! and its temporary credentials work for IVS; other roles are refused; the CA file of
//! `--tls-self-signed` exists when the first line announces `https://`.

use aws_sdk_ivs::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ivs-local");
const ROLE: &str = "arn:aws:iam::123456789012:role/reader";

#[tokio::test]
async fn assumed_role_credentials_work_over_https_with_the_written_ca() {
    let ca_path = std::env::temp_dir().join(format!("ivs-local-ca-{}.pem", std::process::id()));
    let mut child = Command::new(BIN)
        .args(["--quiet", "--role", ROLE, "--tls-self-signed"])
        .arg(&ca_path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start ivs-local");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let endpoint = first_line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    assert!(endpoint.starts_with("https://127.0.0.1:"), "{endpoint}");
    let ca = std::fs::read(&ca_path).expect("the CA file exists when the line is printed");

    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(
            TlsContext::builder()
                .with_trust_store(TrustStore::empty().with_pem_certificate(ca))
                .build()
                .unwrap(),
        )
        .build_https();
    let base = aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .endpoint_url(&endpoint)
        .http_client(http)
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
                "test", "test", None, None, "tests",
            )),
        )
        .build();
    let sts = aws_sdk_sts::Client::new(&base);

    let refused = sts
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/other")
        .role_session_name("s")
        .send()
        .await
        .expect_err("an unconfigured role is refused");
    let refused = refused.into_service_error();
    assert_eq!(
        aws_sdk_sts::error::ProvideErrorMetadata::code(&refused),
        Some("AccessDenied")
    );

    let assumed = sts
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("tests")
        .send()
        .await
        .expect("the configured role is assumed");
    let credentials = assumed.credentials().unwrap();
    assert!(credentials.access_key_id().starts_with("ASIA"));
    assert_eq!(
        assumed.assumed_role_user().unwrap().arn(),
        "arn:aws:sts::123456789012:assumed-role/reader/tests"
    );
    let temporary = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
        None,
        "assumed",
    );
    let as_role = base
        .to_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(temporary.clone()),
        )
        .build();
    let identity = aws_sdk_sts::Client::new(&as_role)
        .get_caller_identity()
        .send()
        .await
        .expect("GetCallerIdentity with the role's credentials");
    assert_eq!(
        identity.arn(),
        Some("arn:aws:sts::123456789012:assumed-role/reader/tests")
    );
    aws_sdk_ivs::Client::new(&as_role)
        .list_recording_configurations()
        .send()
        .await
        .expect("IVS accepts the role's credentials");

    // The temporary key without its session token is not accepted.
    let tokenless = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        None,
        None,
        "tokenless",
    );
    let without_token = base
        .to_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(tokenless),
        )
        .build();
    let error = aws_sdk_ivs::Client::new(&without_token)
        .list_recording_configurations()
        .send()
        .await
        .expect_err("a session key needs its token");
    let error = error.into_service_error();
    assert_eq!(
        aws_sdk_ivs::error::ProvideErrorMetadata::code(&error),
        Some("UnrecognizedClientException")
    );

    child.kill().expect("kill ivs-local");
    let _ = child.wait();
    let _ = std::fs::remove_file(&ca_path);
}
