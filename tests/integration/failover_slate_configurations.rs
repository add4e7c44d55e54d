//! `ivs_failover_slate_configuration(s)` through the real terraform against ivs-local:
//! configurations with every member set and with none, read by ARN, by name and listed, every
//! attribute equal to GetFailoverSlateConfiguration's answer.

use aws_sdk_ivs::types::FailoverSlateConfiguration;
use serde_json::{Value, json};

use crate::support::reading::{assert_named_kind_reads, region_of};
use crate::support::{ivs_client, start_ivs_local};

/// What `ivs_failover_slate_configuration` must show for `api`.
pub fn expected(api: &FailoverSlateConfiguration) -> Value {
    json!({
        "arn": api.arn(),
        "id": api.arn(),
        "region": region_of(api.arn()),
        "name": api.name(),
        "activation_threshold_seconds": api.activation_threshold_seconds(),
        "min_slate_display_seconds": api.min_slate_display_seconds(),
        "max_slate_display_seconds": api.max_slate_display_seconds(),
        "state": api.state().as_str(),
        "tags": api.tags(),
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn slates_read_by_arn_by_name_and_listed_equal_get_failover_slate_configuration() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let requests = [
        client.create_failover_slate_configuration(),
        client
            .create_failover_slate_configuration()
            .name("everything")
            .activation_threshold_seconds(5)
            .min_slate_display_seconds(10)
            .max_slate_display_seconds(60)
            .tags("team", "video"),
        client.create_failover_slate_configuration().name("other"),
    ];
    let mut expected_configurations = Vec::new();
    for request in requests {
        let created = request
            .send()
            .await
            .expect("CreateFailoverSlateConfiguration")
            .failover_slate_configuration
            .expect("a configuration");
        let got = client
            .get_failover_slate_configuration()
            .arn(created.arn())
            .send()
            .await
            .expect("GetFailoverSlateConfiguration")
            .failover_slate_configuration
            .expect("a configuration");
        expected_configurations.push(expected(&got));
    }
    assert_eq!(
        expected_configurations[1]["activation_threshold_seconds"],
        5
    );
    assert_named_kind_reads(
        &server.endpoint(),
        (
            "ivs_failover_slate_configuration",
            "ivs_failover_slate_configurations",
            "failover_slate_configurations",
        ),
        &expected_configurations,
        "{ team = \"video\" }",
    )
    .await;
}
