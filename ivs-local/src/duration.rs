//! Durations as `--create-delay` and seeds take them: humantime's forms
//! (`2s`, `1500ms`, `1m 30s`) or plain seconds (`2`, `0.5`).

use std::time::Duration;

/// The longest duration accepted, so that "now + duration" stays representable.
const MAX: Duration = Duration::from_secs(24 * 60 * 60);

/// Parses `2s`, `1500ms`, `1m 30s`, `2` or `0.5` (seconds); at most 24 hours.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let short: String = text.chars().take(32).collect();
    let parsed = match text.parse::<f64>() {
        Ok(seconds) => Duration::try_from_secs_f64(seconds)
            .map_err(|_| format!("'{short}' must be a non-negative number of seconds")),
        Err(_) => humantime::parse_duration(text).map_err(|e| {
            format!("'{short}' is not a duration ({e}); write e.g. 2s, 1500ms, 1m or 2")
        }),
    }?;
    if parsed > MAX {
        return Err(format!("'{short}' is longer than the 24h allowed"));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_humantime_and_plain_seconds() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1500ms"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
    }

    #[test]
    fn rejects_nonsense_naming_it() {
        for bad in ["-1", "soon", "", "2 parsecs", "25h", "NaN"] {
            let err = parse_duration(bad).unwrap_err();
            assert!(err.contains(&format!("'{bad}'")), "{bad}: {err}");
        }
    }
}
