//! Finders: the IVS calls the data sources make, each returning the API's type or a typed
//! [`Failure`] (worded in `aws_call`, so every data source says the same thing the same way).

use aws_sdk_ivs::types::{RecordingConfiguration, RecordingConfigurationSummary};

use super::IvsClient;
use super::aws_call::{AttemptCounter, Call, Failure};

/// The most ListRecordingConfigurations returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;

/// What a GetRecordingConfiguration of `arn` was, for messages.
pub fn getting(arn: &str) -> Call<'_> {
    Call {
        action: "ivs:GetRecordingConfiguration",
        what: "recording configuration",
        subject: arn,
        resource: arn,
    }
}

/// What a ListRecordingConfigurations was, for messages; `subject` is e.g. "list of region X".
pub fn listing(subject: &str) -> Call<'_> {
    Call {
        action: "ivs:ListRecordingConfigurations",
        what: "recording configurations",
        subject,
        resource: "*",
    }
}

/// GetRecordingConfiguration of `arn`.
pub async fn get_recording_configuration(
    ivs: &IvsClient,
    arn: &str,
) -> Result<RecordingConfiguration, Failure> {
    let attempts = AttemptCounter::default();
    let result = ivs
        .client
        .get_recording_configuration()
        .arn(arn)
        .customize()
        .interceptor(attempts.clone())
        .send()
        .await;
    match result {
        Ok(output) => output.recording_configuration.ok_or_else(Failure::empty),
        Err(error) => Err(Failure::from_sdk(&error, attempts.attempts())),
    }
}

/// Every recording configuration of the client's region: ListRecordingConfigurations, every page.
pub async fn list_recording_configurations(
    ivs: &IvsClient,
) -> Result<Vec<RecordingConfigurationSummary>, Failure> {
    let mut found = Vec::new();
    let mut next_token: Option<String> = None;
    loop {
        let attempts = AttemptCounter::default();
        let page = ivs
            .client
            .list_recording_configurations()
            .max_results(LIST_PAGE_SIZE)
            .set_next_token(next_token.take())
            .customize()
            .interceptor(attempts.clone())
            .send()
            .await
            .map_err(|error| Failure::from_sdk(&error, attempts.attempts()))?;
        found.extend(page.recording_configurations);
        match page.next_token {
            Some(token) if !token.is_empty() => next_token = Some(token),
            _ => return Ok(found),
        }
    }
}
