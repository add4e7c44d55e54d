//! Channels: where a broadcast goes in (the ingest endpoint, RTMPS or SRT) and where viewers
//! watch it (the playback URL). CreateChannel makes the channel's stream key with it.

use super::{Context, Kind, Reference, Role, SeedField, default, stream_key, text};
use crate::errors::ApiError;
use crate::store::Resource;
use serde_json::{Value, json};

pub static KIND: Kind = Kind {
    resource_type: "channel",
    what: "channel",
    what_plural: "channels",
    shape: "Channel",
    summary_shape: "ChannelSummary",
    member: "channel",
    list_member: "channels",
    operations: &[
        (Role::Create, "CreateChannel"),
        (Role::Get, "GetChannel"),
        (Role::BatchGet, "BatchGetChannel"),
        (Role::List, "ListChannels"),
        (Role::Update, "UpdateChannel"),
        (Role::Delete, "DeleteChannel"),
    ],
    // AWS's default quota of channels per region and account.
    quota: 5000,
    references: &[
        Reference {
            member: "recordingConfigurationArn",
            resource_type: "recording-configuration",
        },
        Reference {
            member: "playbackRestrictionPolicyArn",
            resource_type: "playback-restriction-policy",
        },
        Reference {
            member: "adConfigurationArn",
            resource_type: "ad-configuration",
        },
        Reference {
            member: "failoverSlateConfigurationArn",
            resource_type: "failover-slate-configuration",
        },
    ],
    filters: &[
        ("filterByName", "name"),
        ("filterByRecordingConfigurationArn", "recordingConfigurationArn"),
        ("filterByPlaybackRestrictionPolicyArn", "playbackRestrictionPolicyArn"),
        ("filterByAdConfigurationArn", "adConfigurationArn"),
        ("filterByFailoverSlateConfigurationArn", "failoverSlateConfigurationArn"),
    ],
    // "Filters are mutually exclusive and cannot be used together. If you try to use both
    // filters, you will get an error (409 ConflictException)."
    exclusive_filters: true,
    companion: Some((&stream_key::KIND, "streamKey")),
    // An ivs-local field: a seeded channel may start on air.
    seed_fields: &[SeedField::Live("live")],
    prepare,
    ..super::PLAIN
};

/// Length of the SRT passphrases ivs-local makes.
const PASSPHRASE_LENGTH: usize = 32;

/// The documented defaults, the preset and multitrack rules, and the derived endpoints.
fn prepare(channel: &mut Resource, context: &Context<'_>) -> Result<(), ApiError> {
    default(channel, "name", "");
    default(channel, "latencyMode", "LOW");
    default(channel, "type", "STANDARD");
    default(channel, "authorized", false);
    default(channel, "insecureIngest", false);
    default(channel, "containerFormat", "TS");
    default(channel, "tags", json!({}));
    for reference in KIND.references {
        default(channel, reference.member, "");
    }
    // "This is selectable only for ADVANCED_HD and ADVANCED_SD channel types. For those
    // channel types, the default preset is HIGHER_BANDWIDTH_DELIVERY. For other channel types
    // (BASIC and STANDARD), preset is the empty string."
    let advanced = text(channel, "type").starts_with("ADVANCED_");
    let preset = match text(channel, "preset") {
        _ if !advanced => "",
        "" => "HIGHER_BANDWIDTH_DELIVERY",
        given => given,
    }
    .to_owned();
    channel.insert("preset".to_owned(), preset.into());
    check_multitrack(channel)?;
    derive_endpoints(channel, context);
    Ok(())
}

/// "[enabled] can be set to true only if channel type is STANDARD ... If true, then policy,
/// maximumResolution, and containerFormat are required, and containerFormat must be set to
/// FRAGMENTED_MP4." Without a configuration, the channel has multitrack input off.
fn check_multitrack(channel: &mut Resource) -> Result<(), ApiError> {
    default(channel, "multitrackInputConfiguration", json!({}));
    let channel_type = text(channel, "type").to_owned();
    let container = text(channel, "containerFormat").to_owned();
    let Some(Value::Object(multitrack)) = channel.get_mut("multitrackInputConfiguration") else {
        return Ok(());
    };
    let enabled = multitrack.get("enabled").and_then(Value::as_bool) == Some(true);
    if enabled {
        if channel_type != "STANDARD" {
            return Err(ApiError::validation(format!(
                "multitrackInputConfiguration.enabled can be true only for STANDARD channels, not {channel_type}"
            )));
        }
        for member in ["policy", "maximumResolution"] {
            if text(multitrack, member).is_empty() {
                return Err(ApiError::validation(format!(
                    "multitrackInputConfiguration.{member} is required when multitrack input is enabled"
                )));
            }
        }
        if container != "FRAGMENTED_MP4" {
            return Err(ApiError::validation(format!(
                "containerFormat must be FRAGMENTED_MP4 when multitrack input is enabled, not {container}"
            )));
        }
    }
    default(multitrack, "enabled", false);
    default(multitrack, "policy", "ALLOW");
    default(multitrack, "maximumResolution", "FULL_HD");
    Ok(())
}

/// The ingest endpoint, playback URL and SRT endpoint in AWS's forms, with a prefix that is
/// the same for every channel of an account and region (as on AWS), and a new passphrase.
fn derive_endpoints(channel: &mut Resource, context: &Context<'_>) {
    let region = &context.scope.region;
    let account = &context.scope.account;
    let prefix = endpoint_prefix(account, region);
    default(
        channel,
        "ingestEndpoint",
        format!("{prefix}.global-contribute.live-video.net"),
    );
    default(
        channel,
        "playbackUrl",
        format!(
            "https://{prefix}.{region}.playback.live-video.net/api/video/v1/{region}.{account}.channel.{}.m3u8",
            context.id
        ),
    );
    let passphrase: String = (0..PASSPHRASE_LENGTH)
        .map(|_| fastrand::alphanumeric())
        .collect();
    default(
        channel,
        "srt",
        json!({"endpoint": format!("{prefix}.srt.live-video.net"), "passphrase": passphrase}),
    );
}

/// Twelve hex digits that stand for an account in a region (FNV-1a: stable across runs).
fn endpoint_prefix(account: &str, region: &str) -> String {
    let hash = format!("{account}:{region}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    format!("{:012x}", hash & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Scope;

    fn prepared(input: Value) -> Result<Resource, ApiError> {
        let Value::Object(mut channel) = input else {
            unreachable!()
        };
        let scope = Scope::new("us-west-2", "123456789012");
        prepare(
            &mut channel,
            &Context {
                scope: &scope,
                id: "AbCd",
            },
        )?;
        Ok(channel)
    }

    #[test]
    fn defaults_and_derived_fields_have_aws_forms() {
        let channel = prepared(json!({})).unwrap();
        assert_eq!(channel["type"], "STANDARD");
        assert_eq!(channel["latencyMode"], "LOW");
        assert_eq!(channel["preset"], "");
        assert_eq!(channel["multitrackInputConfiguration"]["enabled"], false);
        let playback = channel["playbackUrl"].as_str().unwrap();
        assert!(
            playback.ends_with(".us-west-2.playback.live-video.net/api/video/v1/us-west-2.123456789012.channel.AbCd.m3u8"),
            "{playback}"
        );
        assert_eq!(channel["srt"]["passphrase"].as_str().unwrap().len(), PASSPHRASE_LENGTH);
    }

    #[test]
    fn advanced_channels_get_the_default_preset_and_others_none() {
        assert_eq!(prepared(json!({"type": "ADVANCED_HD"})).unwrap()["preset"], "HIGHER_BANDWIDTH_DELIVERY");
        assert_eq!(
            prepared(json!({"type": "BASIC", "preset": "CONSTRAINED_BANDWIDTH_DELIVERY"})).unwrap()["preset"],
            ""
        );
    }

    #[test]
    fn multitrack_needs_standard_and_fragmented_mp4() {
        let on = json!({"enabled": true, "policy": "ALLOW", "maximumResolution": "HD"});
        assert!(prepared(json!({"containerFormat": "FRAGMENTED_MP4", "multitrackInputConfiguration": on})).is_ok());
        for bad in [
            json!({"type": "BASIC", "containerFormat": "FRAGMENTED_MP4", "multitrackInputConfiguration": on}),
            json!({"multitrackInputConfiguration": on}),
            json!({"containerFormat": "FRAGMENTED_MP4", "multitrackInputConfiguration": {"enabled": true}}),
        ] {
            assert_eq!(prepared(bad).unwrap_err().code, "ValidationException");
        }
    }
}
