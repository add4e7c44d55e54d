//! Failover slate configurations through the AWS SDK: documented defaults, state (with the
//! create delay), Update, and their use by channels.

use crate::common::{REGION, client};
use aws_sdk_ivs::types::FailoverSlateConfigurationState;
use ivs_local::{Config, Server};
use std::time::Duration;

#[tokio::test]
async fn slates_have_documented_defaults_and_update_what_is_given() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let created = client
        .create_failover_slate_configuration()
        .max_slate_display_seconds(120)
        .send()
        .await
        .unwrap();
    let slate = created.failover_slate_configuration().unwrap();
    let arn = slate.arn().to_owned();
    assert!(arn.contains(":failover-slate-configuration/"), "{arn}");
    assert_eq!(slate.state(), &FailoverSlateConfigurationState::Created);
    assert_eq!(slate.activation_threshold_seconds(), Some(3));
    assert_eq!(slate.min_slate_display_seconds(), Some(3));
    assert_eq!(slate.max_slate_display_seconds(), Some(120));
    assert_eq!(slate.name(), Some(""));

    let updated = client
        .update_failover_slate_configuration()
        .arn(&arn)
        .activation_threshold_seconds(5)
        .send()
        .await
        .unwrap();
    let slate = updated.failover_slate_configuration().unwrap();
    assert_eq!(slate.activation_threshold_seconds(), Some(5));
    assert_eq!(slate.max_slate_display_seconds(), Some(120), "kept");

    let out_of_range = client
        .create_failover_slate_configuration()
        .max_slate_display_seconds(181)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let message = out_of_range.meta().message().unwrap_or_default().to_owned();
    assert!(message.contains("at 'maxSlateDisplaySeconds'"), "{message}");

    let channel = client
        .create_channel()
        .failover_slate_configuration_arn(&arn)
        .send()
        .await
        .unwrap();
    let channel = channel.channel().unwrap().arn().unwrap().to_owned();
    let err = client
        .delete_failover_slate_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
    client.delete_channel().arn(&channel).send().await.unwrap();
    client
        .delete_failover_slate_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    let missing = format!("arn:aws:ivs:{REGION}:123456789012:failover-slate-configuration/Nope");
    let err = client
        .create_channel()
        .failover_slate_configuration_arn(&missing)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
}

#[tokio::test]
async fn slates_are_creating_for_the_create_delay_then_created() {
    let delay = Duration::from_secs(1);
    let server = Server::start(Config {
        create_delay: Some(delay),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = client(&server);
    let created = client
        .create_failover_slate_configuration()
        .send()
        .await
        .unwrap();
    let slate = created.failover_slate_configuration().unwrap();
    assert_eq!(slate.state(), &FailoverSlateConfigurationState::Creating);
    let arn = slate.arn().to_owned();
    tokio::time::sleep(delay + Duration::from_millis(200)).await;
    let got = client
        .get_failover_slate_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.failover_slate_configuration().unwrap().state(),
        &FailoverSlateConfigurationState::Created
    );
}
