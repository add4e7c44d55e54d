//! `ivs_recording_configuration` by name and across regions, through the real terraform against
//! an in-process ivs-local: one match, none, several, both or neither of `arn` and `name`, a
//! name known only at apply, an ARN of another region read with no provider alias, and a
//! `region` that contradicts the ARN.

use crate::support::{
    Workspace, assert_error_at, assert_read_deferred_to_apply, create_recording_configuration,
    ivs_client, ivs_client_in, local_provider_body, off_runtime, provider_config, start_ivs_local,
};
use serde_json::Value;

/// A configuration with a provider for `endpoint` in us-west-2 and the data source
/// `data.ivs_recording_configuration.main` with `arguments` (whole lines), output as `rc`.
fn lookup(endpoint: &str, arguments: &str) -> String {
    format!(
        "{}\ndata \"ivs_recording_configuration\" \"main\" {{\n{arguments}}}\n\noutput \"rc\" {{\n  value = data.ivs_recording_configuration.main\n}}\n",
        provider_config(&local_provider_body(endpoint, ""))
    )
}

/// Applies `main_tf`, checks that a second plan is empty, and returns the output `rc`.
async fn apply_rc(main_tf: String) -> Value {
    off_runtime(Workspace::new(&main_tf), |workspace| {
        let run = workspace.apply();
        assert!(run.success, "terraform apply failed:\n{}", run.text());
        workspace.assert_plan_empty();
        workspace.output("rc")
    })
    .await
}

async fn plan(main_tf: &str) -> crate::support::Run {
    crate::support::plan_off_runtime(Workspace::new(main_tf)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unique_name_reads_that_configuration_with_one_list_and_one_get() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let alpha = create_recording_configuration(&client, "alpha", "alpha-bucket").await;
    create_recording_configuration(&client, "beta", "beta-bucket").await;
    let lists = server.request_count("ListRecordingConfigurations");
    let gets = server.request_count("GetRecordingConfiguration");

    let rc = apply_rc(lookup(&server.endpoint(), "  name = \"alpha\"\n")).await;
    assert_eq!(rc["arn"], alpha.as_str());
    assert_eq!(rc["id"], alpha.as_str());
    assert_eq!(rc["name"], "alpha");
    assert_eq!(rc["region"], "us-west-2");
    assert_eq!(
        rc["destination_configuration"]["s3"]["bucket_name"],
        "alpha-bucket"
    );
    // apply (one read) and the empty plan after it (one more): a List and a Get each.
    assert_eq!(
        server.request_count("ListRecordingConfigurations") - lists,
        2
    );
    assert_eq!(server.request_count("GetRecordingConfiguration") - gets, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_match_is_an_error_on_name_naming_the_name_and_the_region() {
    let server = start_ivs_local().await;
    create_recording_configuration(&ivs_client(&server.endpoint()), "alpha", "b-1").await;
    let main_tf = lookup(&server.endpoint(), "  name = \"gamma\"\n");
    assert_error_at(
        &plan(&main_tf).await,
        &main_tf,
        "No recording configuration named \"gamma\" in us-west-2",
        "name =",
        &["set `region` to look in another one"],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_with_the_same_name_is_an_error_listing_both_arns() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let first = create_recording_configuration(&client, "twin", "twin-1").await;
    let second = create_recording_configuration(&client, "twin", "twin-2").await;
    let main_tf = lookup(&server.endpoint(), "  name = \"twin\"\n");
    assert_error_at(
        &plan(&main_tf).await,
        &main_tf,
        "Several recording configurations are named \"twin\"",
        "name =",
        &[
            "2 recording configurations in region us-west-2 are named \"twin\"",
            &first,
            &second,
            "set `arn` to the one to read instead of `name`",
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn both_or_neither_of_arn_and_name_is_a_plan_time_error() {
    let server = start_ivs_local().await;
    let arn = create_recording_configuration(&ivs_client(&server.endpoint()), "one", "b-1").await;
    let both = lookup(
        &server.endpoint(),
        &format!("  arn  = \"{arn}\"\n  name = \"one\"\n"),
    );
    let neither = lookup(&server.endpoint(), "");
    let (both_run, neither_run) = off_runtime(Workspace::new(&both), move |workspace| {
        let both_run = workspace.validate();
        workspace.write("main.tf", &neither);
        (both_run, workspace.validate())
    })
    .await;
    assert_error_at(
        &both_run,
        &both,
        "Only one of `arn` or `name` may be set",
        "name =",
        &["`arn` and `name` are both set"],
    );
    assert!(!neither_run.success, "{}", neither_run.text());
    assert!(
        neither_run
            .unwrapped()
            .contains("Error: One of `arn` or `name` must be set"),
        "{}",
        neither_run.text()
    );
    assert_eq!(server.request_count("GetRecordingConfiguration"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_name_known_only_after_apply_is_looked_up_at_apply() {
    let server = start_ivs_local().await;
    let arn = create_recording_configuration(&ivs_client(&server.endpoint()), "later", "b-1").await;
    let main_tf = lookup(&server.endpoint(), "  name = terraform_data.name.output\n")
        + "\nresource \"terraform_data\" \"name\" {\n  input = \"later\"\n}\n";
    let (plan, apply, rc) = off_runtime(Workspace::new(&main_tf), |workspace| {
        (workspace.plan(), workspace.apply(), workspace.output("rc"))
    })
    .await;
    assert_read_deferred_to_apply(&plan);
    assert!(apply.success, "{}", apply.text());
    assert_eq!(rc["arn"], arn.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_arn_of_another_region_is_read_there_without_an_alias() {
    let server = start_ivs_local().await;
    let europe = ivs_client_in(&server.endpoint(), "eu-west-1");
    let arn = create_recording_configuration(&europe, "euro", "euro-bucket").await;
    assert!(arn.contains(":eu-west-1:"), "{arn}");

    // The provider is configured for us-west-2 (see local_provider_body).
    let rc = apply_rc(lookup(&server.endpoint(), &format!("  arn = \"{arn}\"\n"))).await;
    assert_eq!(rc["name"], "euro");
    assert_eq!(rc["region"], "eu-west-1");
    assert_eq!(
        rc["destination_configuration"]["s3"]["bucket_name"],
        "euro-bucket"
    );

    // By name, `region` says where to look; the provider's region has no "euro".
    let by_name = "  name   = \"euro\"\n  region = \"eu-west-1\"\n";
    let rc = apply_rc(lookup(&server.endpoint(), by_name)).await;
    assert_eq!(rc["arn"], arn.as_str());
    assert_eq!(rc["region"], "eu-west-1");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_region_contradicting_the_arn_or_not_a_region_is_an_error_on_region() {
    let server = start_ivs_local().await;
    let arn = create_recording_configuration(&ivs_client(&server.endpoint()), "here", "b-1").await;
    let contradicting = lookup(
        &server.endpoint(),
        &format!("  arn    = \"{arn}\"\n  region = \"eu-west-1\"\n"),
    );
    let malformed = lookup(
        &server.endpoint(),
        "  name   = \"here\"\n  region = \"Oregon, please\"\n",
    );
    let (contradicting_run, malformed_run) =
        off_runtime(Workspace::new(&contradicting), move |workspace| {
            let first = workspace.validate();
            workspace.write("main.tf", &malformed);
            (first, workspace.validate())
        })
        .await;
    assert_error_at(
        &contradicting_run,
        &contradicting,
        "`region` contradicts the ARN",
        "region =",
        &[
            "`region` is \"eu-west-1\"",
            "is in \"us-west-2\"",
            "A read by ARN always goes to the ARN's region",
        ],
    );
    assert!(
        malformed_run.unwrapped().contains("Error: Invalid region")
            && malformed_run
                .unwrapped()
                .contains("\"Oregon, please\" is not an AWS region name"),
        "{}",
        malformed_run.text()
    );
    assert_eq!(server.request_count("GetRecordingConfiguration"), 0);
}
