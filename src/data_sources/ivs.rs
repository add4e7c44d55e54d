//! Finders: the IVS calls the data sources make, each returning the API's type or a typed
//! [`Failure`] (worded in `aws_call`, so every data source says the same thing the same way).

use aws_sdk_ivs::types::RecordingConfiguration;

use super::IvsClient;
use super::aws_call::{AttemptCounter, Call, Failure};

/// What a GetRecordingConfiguration of `arn` was, for messages.
pub fn getting<'a>(arn: &'a str, arn_region: &'a str) -> Call<'a> {
    Call {
        action: "ivs:GetRecordingConfiguration",
        what: "recording configuration",
        subject: arn,
        resource: arn,
        arn_region: Some(arn_region),
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
