//! Duration arguments (`read_timeout`, the role blocks' `duration`): Go-style text, as
//! hashicorp/aws takes it, and one plan-time check with one wording for all of them.

use std::ops::RangeInclusive;
use std::time::Duration;

use crate::diagnostics::{AttributePath, Diagnostic, quote};

/// A Go-style duration made of hours, minutes and seconds: `1h`, `90m`, `1h30m`, `3600s`.
pub fn parse(text: &str) -> Option<Duration> {
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: u64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
        any = true;
    }
    (any && digits.is_empty()).then(|| Duration::from_secs(total))
}

/// What a duration argument accepts.
pub struct Accepted {
    pub range: RangeInclusive<Duration>,
    /// The range as users write it, for the error: `from 1s to 1h`.
    pub range_text: &'static str,
    /// Examples for the error on text that is no duration: `"45s" or "2m"`.
    pub examples: &'static str,
}

/// The plan-time error for `text` (titled `summary`, at `at`), or `None` when it is a duration
/// in the accepted range.
pub fn check(
    text: &str,
    accepted: &Accepted,
    summary: &str,
    at: AttributePath,
) -> Option<Diagnostic> {
    let problem = match parse(text) {
        Some(d) if accepted.range.contains(&d) => return None,
        Some(_) => format!("is outside the accepted range, {}", accepted.range_text),
        None => format!(
            "is not a duration; use hours, minutes and seconds such as {}",
            accepted.examples
        ),
    };
    Some(Diagnostic::error(summary, format!("{} {problem}.", quote(text))).at(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_style_durations() {
        assert_eq!(parse("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse("900s"), Some(Duration::from_secs(900)));
        assert_eq!(parse("15"), None);
        assert_eq!(parse("1d"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn one_wording_for_both_problems() {
        let accepted = Accepted {
            range: Duration::from_secs(1)..=Duration::from_secs(60),
            range_text: "from 1s to 1m",
            examples: "\"5s\"",
        };
        let at = || AttributePath::attribute("wait");
        assert!(check("30s", &accepted, "Invalid wait", at()).is_none());
        let out = check("2m", &accepted, "Invalid wait", at()).unwrap();
        assert_eq!(
            out.detail,
            "\"2m\" is outside the accepted range, from 1s to 1m."
        );
        let bad = check("soon", &accepted, "Invalid wait", at()).unwrap();
        assert_eq!(
            bad.detail,
            "\"soon\" is not a duration; use hours, minutes and seconds such as \"5s\"."
        );
    }
}
