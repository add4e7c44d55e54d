//! How long a read may take: the connect and per-attempt timeouts, and `read_timeout`, the bound
//! on a whole read (every attempt and the backoff between them), so that a hung endpoint fails
//! the plan with a clear error instead of holding it up, however many retries are allowed.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;

use super::duration::{self, Accepted};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::schema::Attribute;
use crate::values::{Type, Value};

/// A host that is down or a port that refuses connections fails fast, not after minutes.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// An endpoint that accepts connections but never answers: each attempt gets this long (a
/// GetRecordingConfiguration answer takes well under a second).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(15);

/// The default bound on a read: three hung attempts (3 x 15 s) are cut here, and a plan against
/// a hung endpoint fails within a minute.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(45);

const ACCEPTED: Accepted = Accepted {
    range: Duration::from_secs(1)..=Duration::from_secs(60 * 60),
    range_text: "from 1s to 1h",
    examples: "\"45s\" or \"2m\"",
};

pub const READ_TIMEOUT: &str = "read_timeout";

pub fn attribute() -> Attribute {
    Attribute::optional(
        READ_TIMEOUT,
        Type::String,
        "The most time one data source read may take, all retries and the waits between them \
         included, as a duration such as `45s`, `2m` or `1m30s` (1s to 1h). A read that takes \
         longer fails with a timeout error naming the endpoint. Each connection attempt is given \
         5s and each request attempt 15s within it. Defaults to `45s`.",
    )
}

/// Plan-time check of `read_timeout`; unknown values pass.
pub fn validate(config: &Value, found: &mut Diagnostics) {
    if let Some(text) = config.attr(READ_TIMEOUT).and_then(Value::as_str) {
        found.extend(duration::check(
            text,
            &ACCEPTED,
            "Invalid read_timeout",
            AttributePath::attribute(READ_TIMEOUT),
        ));
    }
}

/// `read_timeout` of a configuration that passed [`validate`], if set.
pub fn read_timeout(config: &Value) -> Option<Duration> {
    config
        .attr(READ_TIMEOUT)
        .and_then(Value::as_str)
        .and_then(duration::parse)
}

/// The SDK's timeouts: the operation timeout bounds each call with all its attempts.
pub fn sdk_timeouts(read_timeout: Duration) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(read_timeout)
        .build()
}

/// `duration` as users write it: `45s`, `2m`, `1m30s`.
pub fn human(duration: Duration) -> String {
    let secs = duration.as_secs();
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_durations_as_users_do() {
        assert_eq!(human(Duration::from_secs(45)), "45s");
        assert_eq!(human(Duration::from_secs(120)), "2m");
        assert_eq!(human(Duration::from_secs(90)), "1m30s");
    }
}
