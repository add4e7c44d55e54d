//! Finders: the IVS calls the data sources make, each returning the API's type or a typed
//! [`Failure`] (worded in `aws_call`, so every data source says the same thing the same way).

use aws_sdk_ivs::types::{RecordingConfiguration, RecordingConfigurationSummary};

use super::IvsClient;
use super::aws_call::{Call, Failure, Subject, send};

/// The most ListRecordingConfigurations returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;

/// What a GetRecordingConfiguration of `arn` was, for messages.
pub fn getting(arn: &str) -> Call<'_> {
    Call {
        action: "ivs:GetRecordingConfiguration",
        what: "recording configuration",
        subject: Subject::Arn(arn),
    }
}

/// What a ListRecordingConfigurations of `region` was, for messages.
pub fn listing(region: &str) -> Call<'_> {
    Call {
        action: "ivs:ListRecordingConfigurations",
        what: "recording configurations",
        subject: Subject::Region(region),
    }
}

/// GetRecordingConfiguration of `arn`.
pub async fn get_recording_configuration(
    ivs: &IvsClient,
    arn: &str,
) -> Result<RecordingConfiguration, Failure> {
    let output = send(|counter| {
        ivs.client
            .get_recording_configuration()
            .arn(arn)
            .customize()
            .interceptor(counter)
            .send()
    })
    .await?;
    output.recording_configuration.ok_or_else(Failure::empty)
}

/// Every recording configuration of the client's region: ListRecordingConfigurations, every page.
pub async fn list_recording_configurations(
    ivs: &IvsClient,
) -> Result<Vec<RecordingConfigurationSummary>, Failure> {
    let mut found = Vec::new();
    let mut next_token: Option<String> = None;
    loop {
        let page = send(|counter| {
            ivs.client
                .list_recording_configurations()
                .max_results(LIST_PAGE_SIZE)
                .set_next_token(next_token.take())
                .customize()
                .interceptor(counter)
                .send()
        })
        .await?;
        found.extend(page.recording_configurations);
        match page.next_token {
            Some(token) if !token.is_empty() => next_token = Some(token),
            _ => return Ok(found),
        }
    }
}
