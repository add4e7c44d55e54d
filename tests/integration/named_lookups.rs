//! Every kind with names, through the real terraform against ivs-local seeded with two of each
//! named "twin" and one named "alone": by name, one match is read, none and several are errors
//! on `name` (the several listing their ARNs), and a missing ARN is an error on `arn`.

use crate::support::reading::data_blocks;
use crate::support::{Workspace, assert_error_at, off_runtime};

/// Seed-file entries of a kind named `name` in us-west-2, with `id` and the kind's required
/// members `required` (JSON members, or nothing).
fn entry(id: &str, name: &str, required: &str) -> String {
    format!(
        "{{\"region\": \"us-west-2\", \"accountId\": \"123456789012\", \"id\": \"{id}\", \
         \"name\": \"{name}\"{required}}}"
    )
}

/// A kind with names: (seed list member, data source, ARN resource type, what messages call one
/// and several, required members).
type NamedKind = (
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str),
    &'static str,
);

const KINDS: &[NamedKind] = &[
    (
        "playbackRestrictionPolicies",
        "ivs_playback_restriction_policy",
        "playback-restriction-policy",
        (
            "playback restriction policy",
            "playback restriction policies",
        ),
        "",
    ),
    (
        "adConfigurations",
        "ivs_ad_configuration",
        "ad-configuration",
        ("ad configuration", "ad configurations"),
        ", \"mediaTailorPlaybackConfigurations\": [{\"playbackConfigurationArn\": \"arn:aws:mediatailor:us-west-2:123456789012:playbackConfiguration/x\"}]",
    ),
    (
        "failoverSlateConfigurations",
        "ivs_failover_slate_configuration",
        "failover-slate-configuration",
        (
            "failover slate configuration",
            "failover slate configurations",
        ),
        "",
    ),
    (
        "keyPairs",
        "ivs_playback_key_pair",
        "playback-key",
        ("playback key pair", "playback key pairs"),
        ", \"publicKeyMaterial\": PEM",
    ),
];

#[tokio::test(flavor = "multi_thread")]
async fn by_name_none_and_several_are_errors_on_name_and_a_missing_arn_on_arn() {
    let pem = serde_json::to_string(
        &rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384)
            .expect("a P-384 key")
            .public_key_pem(),
    )
    .expect("JSON string");
    let seed = KINDS
        .iter()
        .map(|(member, _, _, _, required)| {
            let required = required.replace("PEM", &pem);
            format!(
                "\"{member}\": [{}, {}, {}]",
                entry("Twin0001", "twin", &required),
                entry("Twin0002", "twin", &required),
                entry("Alone001", "alone", &required),
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let config = ivs_local::Config {
        seed: ivs_local::Seed::from_json(&format!("{{{seed}}}")).expect("the seed loads"),
        ..ivs_local::Config::default()
    };
    let server = ivs_local::Server::start(config)
        .await
        .expect("ivs-local starts");
    let endpoint = server.endpoint();
    let arn = |resource_type: &str, id: &str| {
        format!("arn:aws:ivs:us-west-2:123456789012:{resource_type}/{id}")
    };
    for (_, data_type, resource_type, (what, what_plural), _) in KINDS {
        let one = data_blocks(&endpoint, &[(data_type, "  name = \"alone\"\n".into())]);
        let (apply, read) = off_runtime(Workspace::new(&one), |workspace| {
            (workspace.apply(), workspace.output("d0"))
        })
        .await;
        assert!(apply.success, "{}", apply.text());
        assert_eq!(
            read["arn"],
            arn(resource_type, "Alone001").as_str(),
            "{data_type}"
        );

        let none = data_blocks(&endpoint, &[(data_type, "  name = \"gamma\"\n".into())]);
        let run = off_runtime(Workspace::new(&none), Workspace::plan).await;
        assert_error_at(
            &run,
            &none,
            &format!("No {what} named \"gamma\" in us-west-2"),
            "name =",
            &["set `region` to look in another one"],
        );

        let several = data_blocks(&endpoint, &[(data_type, "  name = \"twin\"\n".into())]);
        let run = off_runtime(Workspace::new(&several), Workspace::plan).await;
        assert_error_at(
            &run,
            &several,
            &format!("Several {what_plural} are named \"twin\""),
            "name =",
            &[
                &arn(resource_type, "Twin0001"),
                &arn(resource_type, "Twin0002"),
                "set `arn` to the one to read instead of `name`",
            ],
        );

        let missing = arn(resource_type, "Missing1");
        let config = data_blocks(
            &endpoint,
            &[(data_type, format!("  arn = \"{missing}\"\n"))],
        );
        let run = off_runtime(Workspace::new(&config), Workspace::plan).await;
        assert_error_at(
            &run,
            &config,
            &format!("The {what} was not found"),
            "arn =",
            &[&format!("has no {what} with ARN {missing}")],
        );
    }
}
