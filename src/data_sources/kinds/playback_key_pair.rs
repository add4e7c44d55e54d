//! The playback key pair: the public key IVS checks the playback tokens of private channels
//! with (the private key stays with whoever signs them). `ivs_playback_key_pair(s)`.

use aws_sdk_ivs::types::{PlaybackKeyPair as Api, PlaybackKeyPairSummary};

use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Kind, Names, Page};
use crate::data_sources::shape::{self, Shape};
use crate::data_sources::shared_attributes;
use crate::data_sources::{IvsClient, finders};
use crate::diagnostics::Diagnostic;
use crate::schema::Text;

/// The kind (its SDK types are `sdk::PlaybackKeyPair` and its summary).
pub struct PlaybackKeyPair;

/// The most ListPlaybackKeyPairs returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;

crate::named_resource!(optional: Api, PlaybackKeyPairSummary);

impl Kind for PlaybackKeyPair {
    type Full = Api;
    type Summary = PlaybackKeyPairSummary;
    type ListRequest =
        aws_sdk_ivs::operation::list_playback_key_pairs::builders::ListPlaybackKeyPairsFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_playback_key_pair",
        plural: "ivs_playback_key_pairs",
        list_attribute: "playback_key_pairs",
        what: "playback key pair",
        what_plural: "playback key pairs",
        arn_type: "playback-key",
        get_action: "ivs:GetPlaybackKeyPair",
        list_action: "ivs:ListPlaybackKeyPairs",
    };
    const NAMED: bool = true;

    fn description() -> Text {
        "Reads an Amazon IVS playback key pair, by ARN or by name: the public key IVS verifies \
         the playback tokens of private (`authorized`) channels with, and its fingerprint."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the Amazon IVS playback key pairs of a region, optionally filtered by name and \
         tags, sorted by ARN."
            .into()
    }

    fn shape() -> Shape<Api> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shared_attributes::name::<Self>(),
            shape::text(
                "fingerprint",
                "Fingerprint of the public key, as IVS shows it: to tell which private key \
                 signs for it.",
                |k| k.fingerprint.as_deref(),
            ),
            shared_attributes::tags::<Self>(),
        ]);
        Shape(fields)
    }

    async fn get(ivs: &IvsClient, arn: &str) -> Result<Api, Failure> {
        let output = crate::sdk_call!(ivs.client.get_playback_key_pair().arn(arn)).await?;
        output.key_pair.ok_or_else(Failure::empty)
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client
            .list_playback_key_pairs()
            .max_results(LIST_PAGE_SIZE)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<PlaybackKeyPairSummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.key_pairs,
            next_token: page.next_token,
        })
    }

    async fn read_many(ivs: &IvsClient, arns: Vec<String>) -> Result<Vec<Api>, Diagnostic> {
        // The API has no batch read of playback key pairs.
        finders::read_one_by_one::<Self>(ivs, arns).await
    }
}
