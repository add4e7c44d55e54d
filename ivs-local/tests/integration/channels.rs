//! Channels and their stream keys, through the AWS SDK: defaults and derived fields, the
//! stream key CreateChannel makes, BatchGetChannel's errors, ListChannels' filters (one at a
//! time, as AWS), UpdateChannel, DeleteChannel, references to recording configurations, and
//! tagging of any kind.

use crate::common::{REGION, client, create};
use aws_sdk_ivs::types::{
    ChannelLatencyMode, ChannelType, ContainerFormat, MultitrackInputConfiguration,
    MultitrackMaximumResolution, MultitrackPolicy, TranscodePreset,
};
use ivs_local::{Config, Server};

#[tokio::test]
async fn create_channel_applies_defaults_derives_endpoints_and_makes_a_stream_key() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let created = client.create_channel().send().await.unwrap();
    let channel = created.channel().expect("a channel");
    let arn = channel.arn().unwrap();
    let id = arn
        .strip_prefix(&format!("arn:aws:ivs:{REGION}:123456789012:channel/"))
        .expect("a channel ARN of the caller");
    assert_eq!(id.len(), 12);
    assert_eq!(channel.name(), Some(""));
    assert_eq!(channel.r#type(), Some(&ChannelType::StandardChannelType));
    assert_eq!(
        channel.latency_mode(),
        Some(&ChannelLatencyMode::LowLatency)
    );
    assert_eq!(channel.container_format(), Some(&ContainerFormat::Ts));
    assert!(!channel.authorized());
    assert!(!channel.insecure_ingest());
    assert_eq!(channel.recording_configuration_arn(), Some(""));
    assert_eq!(channel.playback_restriction_policy_arn(), Some(""));
    assert_eq!(
        channel.preset().map(|p| p.as_str()),
        Some(""),
        "the empty preset of a STANDARD channel"
    );
    let ingest = channel.ingest_endpoint().unwrap();
    assert!(
        ingest.ends_with(".global-contribute.live-video.net"),
        "{ingest}"
    );
    let playback = channel.playback_url().unwrap();
    assert!(
        playback.starts_with("https://")
            && playback.ends_with(&format!(
                ".{REGION}.playback.live-video.net/api/video/v1/{REGION}.123456789012.channel.{id}.m3u8"
            )),
        "{playback}"
    );
    let srt = channel.srt().expect("srt");
    assert!(srt.endpoint().unwrap().ends_with(".srt.live-video.net"));
    assert!(srt.passphrase().unwrap().len() >= 16);
    let multitrack = channel.multitrack_input_configuration().unwrap();
    assert!(!multitrack.enabled());

    let key = created
        .stream_key()
        .expect("CreateChannel returns the stream key");
    assert_eq!(key.channel_arn(), Some(arn));
    assert!(key.value().unwrap().starts_with(&format!("sk_{REGION}_")));
    let got = client
        .get_stream_key()
        .arn(key.arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(got.stream_key().unwrap().value(), key.value());
    let listed = client
        .list_stream_keys()
        .channel_arn(arn)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.stream_keys().len(), 1);
    assert_eq!(listed.stream_keys()[0].arn(), key.arn());
    let batch = client
        .batch_get_stream_key()
        .arns(key.arn().unwrap())
        .arns(format!("arn:aws:ivs:{REGION}:123456789012:stream-key/Nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(batch.stream_keys().len(), 1);
    assert_eq!(batch.errors().len(), 1);

    // Same account and region: same ingest prefix, as on AWS.
    let other = client.create_channel().send().await.unwrap();
    assert_eq!(other.channel().unwrap().ingest_endpoint(), Some(ingest));
}

#[tokio::test]
async fn presets_multitrack_and_recording_configurations_follow_the_documented_rules() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let advanced = client
        .create_channel()
        .r#type(ChannelType::AdvancedHdChannelType)
        .send()
        .await
        .unwrap();
    assert_eq!(
        advanced.channel().unwrap().preset(),
        Some(&TranscodePreset::HigherBandwidthTranscodePreset)
    );
    let multitrack = MultitrackInputConfiguration::builder()
        .enabled(true)
        .policy(MultitrackPolicy::Require)
        .maximum_resolution(MultitrackMaximumResolution::Hd)
        .build();
    let refused = client
        .create_channel()
        .multitrack_input_configuration(multitrack.clone())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(refused.is_validation_exception(), "{refused:?}");
    let accepted = client
        .create_channel()
        .multitrack_input_configuration(multitrack)
        .container_format(ContainerFormat::FragmentedMp4)
        .send()
        .await
        .unwrap();
    assert_eq!(
        accepted
            .channel()
            .unwrap()
            .multitrack_input_configuration()
            .unwrap()
            .policy(),
        Some(&MultitrackPolicy::Require)
    );

    let missing = format!("arn:aws:ivs:{REGION}:123456789012:recording-configuration/Nope");
    let err = client
        .create_channel()
        .recording_configuration_arn(&missing)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");

    let recording = create(&client, "rec").await;
    let channel = client
        .create_channel()
        .recording_configuration_arn(&recording)
        .send()
        .await
        .unwrap();
    let channel_arn = channel.channel().unwrap().arn().unwrap().to_owned();
    let in_use = client
        .delete_recording_configuration()
        .arn(&recording)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(in_use.is_conflict_exception(), "{in_use:?}");
    let updated = client
        .update_channel()
        .arn(&channel_arn)
        .recording_configuration_arn("")
        .name("renamed")
        .send()
        .await
        .unwrap();
    assert_eq!(updated.channel().unwrap().name(), Some("renamed"));
    assert_eq!(
        updated.channel().unwrap().srt().unwrap().passphrase(),
        channel.channel().unwrap().srt().unwrap().passphrase(),
        "an update keeps the passphrase"
    );
    client
        .delete_recording_configuration()
        .arn(&recording)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn batch_get_reports_unknown_arns_in_errors() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let known = client.create_channel().name("one").send().await.unwrap();
    let known = known.channel().unwrap().arn().unwrap().to_owned();
    let unknown = format!("arn:aws:ivs:{REGION}:123456789012:channel/Unknown1");
    let batch = client
        .batch_get_channel()
        .arns(&known)
        .arns(&unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(batch.channels().len(), 1);
    assert_eq!(batch.channels()[0].arn(), Some(known.as_str()));
    let errors = batch.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].arn(), Some(unknown.as_str()));
    assert_eq!(errors[0].code(), Some("ResourceNotFoundException"));
    let too_many = client
        .batch_get_channel()
        .set_arns(Some(vec![known; 51]))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(too_many.is_validation_exception(), "{too_many:?}");
}

#[tokio::test]
async fn list_channels_filters_one_at_a_time_and_pages() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let recording = create(&client, "rec").await;
    for (name, with_recording) in [("a", true), ("b", false), ("a", false)] {
        let request = client.create_channel().name(name);
        let request = if with_recording {
            request.recording_configuration_arn(&recording)
        } else {
            request
        };
        request.send().await.unwrap();
    }
    let by_name = client
        .list_channels()
        .filter_by_name("a")
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.channels().len(), 2);
    let by_recording = client
        .list_channels()
        .filter_by_recording_configuration_arn(&recording)
        .send()
        .await
        .unwrap();
    assert_eq!(by_recording.channels().len(), 1);
    let both = client
        .list_channels()
        .filter_by_name("a")
        .filter_by_recording_configuration_arn(&recording)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(both.is_conflict_exception(), "{both:?}");
    let first = client.list_channels().max_results(2).send().await.unwrap();
    assert_eq!(first.channels().len(), 2);
    let rest = client
        .list_channels()
        .max_results(2)
        .next_token(first.next_token().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.channels().len(), 1);
    assert_eq!(rest.next_token(), None);
}

#[tokio::test]
async fn deleting_a_channel_deletes_its_stream_key_and_tags_work_on_any_kind() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let created = client
        .create_channel()
        .tags("team", "video")
        .send()
        .await
        .unwrap();
    let channel = created.channel().unwrap().arn().unwrap().to_owned();
    let key = created.stream_key().unwrap().arn().unwrap().to_owned();
    for arn in [&channel, &key] {
        client
            .tag_resource()
            .resource_arn(arn)
            .tags("env", "test")
            .send()
            .await
            .unwrap();
        let tags = client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .unwrap();
        assert_eq!(
            tags.tags().get("env").map(String::as_str),
            Some("test"),
            "{arn}"
        );
    }
    let got = client.get_channel().arn(&channel).send().await.unwrap();
    assert_eq!(got.channel().unwrap().tags().unwrap().len(), 2);
    client.delete_channel().arn(&channel).send().await.unwrap();
    let gone = client
        .get_stream_key()
        .arn(&key)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
    let gone = client
        .get_channel()
        .arn(&channel)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
}
