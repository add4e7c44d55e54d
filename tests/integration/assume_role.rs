//! `assume_role` and `assume_role_with_web_identity` through ivs-local's STS: the IVS request is
//! signed with the role's temporary key, and a role STS refuses is an error naming it.

use crate::support::{
    Workspace, apply_off_runtime, create_recording_configuration, ivs_client, off_runtime,
    read_name_config,
};
use ivs_local::{Config, Server};

const ROLE: &str = "arn:aws:iam::123456789012:role/ivs-reader";
const OTHER_ROLE: &str = "arn:aws:iam::123456789012:role/not-configured";

/// ivs-local whose STS lets callers assume `ROLE`, with one recording configuration; its ARN.
async fn server_with_role() -> (Server, String) {
    let server = Server::start(Config {
        roles: vec![ROLE.to_owned()],
        ..Config::default()
    })
    .await
    .expect("ivs-local starts");
    let arn =
        create_recording_configuration(&ivs_client(&server.endpoint()), "roles", "bucket").await;
    (server, arn)
}

/// A provider block body with `block` (whole lines) and IVS and STS both at `endpoint`.
fn body(endpoint: &str, block: &str) -> String {
    format!(
        "  region = \"us-west-2\"\n{block}  endpoints {{\n    ivs = \"{endpoint}\"\n    sts = \"{endpoint}\"\n  }}"
    )
}

/// Asserts that every accepted GetRecordingConfiguration was signed with an issued key.
fn assert_signed_with_role_keys(server: &Server) {
    let keys = server.signing_keys("GetRecordingConfiguration");
    assert!(
        !keys.is_empty(),
        "no GetRecordingConfiguration was accepted"
    );
    assert!(
        keys.iter().all(|k| k.starts_with("ASIA") && k != "test"),
        "IVS was called with a key that is not the role's: {keys:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn assume_role_signs_ivs_requests_with_the_roles_key() {
    let (server, arn) = server_with_role().await;
    let block = format!(
        "  assume_role {{\n    role_arn = \"{ROLE}\"\n    session_name = \"tf-test\"\n    external_id = \"ext-1\"\n    duration = \"30m\"\n    source_identity = \"ci-runner\"\n    tags = {{ team = \"video\" }}\n    transitive_tag_keys = [\"team\"]\n    policy_arns = [\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]\n  }}\n"
    );
    let block = format!("  sts_region = \"eu-west-1\"\n{block}");
    let workspace = Workspace::new(&read_name_config(&body(&server.endpoint(), &block), &arn));
    let (run, name) = off_runtime(workspace, |workspace| {
        let run = workspace.apply();
        let name = run.success.then(|| workspace.output("name"));
        (run, name)
    })
    .await;
    assert!(run.success, "{}", run.text());
    assert_eq!(name.unwrap(), "roles");
    assert_signed_with_role_keys(&server);

    let calls = server.sts_calls();
    let call = calls
        .iter()
        .find(|c| c.action == "AssumeRole")
        .unwrap_or_else(|| panic!("no AssumeRole call: {calls:?}"));
    assert!(call.granted);
    assert_eq!(
        call.signed_by.as_deref(),
        Some("test"),
        "signed with the base key"
    );
    let param = |name: &str| call.params.get(name).map(String::as_str);
    assert_eq!(param("RoleArn"), Some(ROLE));
    assert_eq!(param("RoleSessionName"), Some("tf-test"));
    assert_eq!(param("ExternalId"), Some("ext-1"));
    assert_eq!(param("DurationSeconds"), Some("1800"));
    assert_eq!(param("SourceIdentity"), Some("ci-runner"));
    assert_eq!(param("Tags.member.1.Key"), Some("team"));
    assert_eq!(param("Tags.member.1.Value"), Some("video"));
    assert_eq!(param("TransitiveTagKeys.member.1"), Some("team"));
    assert_eq!(
        param("PolicyArns.member.1.arn"),
        Some("arn:aws:iam::aws:policy/ReadOnlyAccess")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_sts_refuses_is_an_error_naming_the_role_and_quoting_sts() {
    let (server, arn) = server_with_role().await;
    let block = format!("  assume_role {{\n    role_arn = \"{OTHER_ROLE}\"\n  }}\n");
    let mut workspace = Workspace::new(&read_name_config(&body(&server.endpoint(), &block), &arn));
    workspace.set_env("AWS_MAX_ATTEMPTS", "1");
    let run = apply_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains(&format!("STS refused AssumeRole for the role {OTHER_ROLE}")),
        "{text}"
    );
    assert!(
        text.contains("AccessDenied: User: arn:aws:iam::123456789012:user/ivs-local is not authorized to perform: sts:AssumeRole"),
        "{text}"
    );
    assert!(server.signing_keys("GetRecordingConfiguration").is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn web_identity_from_a_token_file_needs_no_base_credentials() {
    let (server, arn) = server_with_role().await;
    let block = format!(
        "  assume_role_with_web_identity {{\n    role_arn = \"{ROLE}\"\n    session_name = \"oidc\"\n    web_identity_token_file = \"${{path.module}}/token\"\n    duration = \"1h\"\n  }}\n"
    );
    let mut workspace = Workspace::new(&read_name_config(&body(&server.endpoint(), &block), &arn));
    workspace.write("token", "eyJ.oidc-token.sig\n");
    workspace
        .unset_env("AWS_ACCESS_KEY_ID")
        .unset_env("AWS_SECRET_ACCESS_KEY");
    let run = apply_off_runtime(workspace).await;
    assert!(run.success, "{}", run.text());
    assert_signed_with_role_keys(&server);
    let calls = server.sts_calls();
    let call = calls
        .iter()
        .find(|c| c.action == "AssumeRoleWithWebIdentity")
        .unwrap_or_else(|| panic!("no AssumeRoleWithWebIdentity call: {calls:?}"));
    assert!(call.granted);
    assert_eq!(call.signed_by, None, "the web identity call is unsigned");
    let param = |name: &str| call.params.get(name).map(String::as_str);
    assert_eq!(param("WebIdentityToken"), Some("eyJ.oidc-token.sig"));
    assert_eq!(param("RoleSessionName"), Some("oidc"));
    assert_eq!(param("DurationSeconds"), Some("3600"));
}

#[tokio::test(flavor = "multi_thread")]
async fn web_identity_from_the_environment_and_a_refused_role() {
    let (server, arn) = server_with_role().await;
    let block =
        "  assume_role_with_web_identity {\n    web_identity_token = \"inline-token\"\n  }\n";
    let mut workspace = Workspace::new(&read_name_config(&body(&server.endpoint(), block), &arn));
    workspace
        .unset_env("AWS_ACCESS_KEY_ID")
        .unset_env("AWS_SECRET_ACCESS_KEY")
        .set_env("AWS_ROLE_ARN", OTHER_ROLE)
        .set_env("AWS_MAX_ATTEMPTS", "1");
    let run = apply_off_runtime(workspace).await;
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    assert!(
        text.contains(&format!(
            "STS refused AssumeRoleWithWebIdentity for the role {OTHER_ROLE}: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"
        )),
        "{text}"
    );
    let calls = server.sts_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(
        calls[0].params.get("WebIdentityToken").map(String::as_str),
        Some("inline-token")
    );
}

#[test]
fn role_blocks_are_checked_at_plan_time() {
    let block = "  assume_role {\n    role_arn = \"reader\"\n    duration = \"2d\"\n    policy = \"{not json\"\n  }\n  assume_role_with_web_identity {\n    role_arn = \"arn:aws:iam::123456789012:role/x\"\n    web_identity_token = \"t\"\n    web_identity_token_file = \"f\"\n  }\n";
    let workspace = Workspace::new(&read_name_config(
        &body("http://127.0.0.1:9", block),
        "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234",
    ));
    let run = workspace.validate();
    assert!(!run.success, "{}", run.text());
    let text = run.unwrapped();
    for expected in [
        "Error: Invalid role_arn",
        "\"reader\" is not an IAM role ARN",
        "Error: Invalid duration",
        "\"2d\" is not a duration",
        "Error: Invalid policy",
        "Error: Conflicting web identity token arguments",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}
