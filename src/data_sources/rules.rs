//! Cross-attribute rules a data source declares, checked at plan time before its own `validate`.

use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use crate::values::Value;

/// A rule over several attributes.
#[derive(Debug, Clone)]
pub enum Rule {
    /// Exactly one of these attributes must be set. An unknown value defers the check: it may
    /// turn out null or not.
    ExactlyOneOf(Vec<&'static str>),
}

/// Every diagnostic of `rules` on `config`.
pub fn check(rules: &[Rule], config: &Value) -> Diagnostics {
    rules
        .iter()
        .filter_map(|rule| match rule {
            Rule::ExactlyOneOf(names) => exactly_one_of(config, names),
        })
        .collect()
}

fn exactly_one_of(config: &Value, names: &[&'static str]) -> Option<Diagnostic> {
    let is = |name: &&str, test: fn(&Value) -> bool| config.attr(name).is_some_and(test);
    let set: Vec<&str> = names
        .iter()
        .filter(|n| is(n, |v| !v.is_null() && !v.is_unknown()))
        .copied()
        .collect();
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    if set.len() > 1 {
        return Some(
            Diagnostic::error(
                format!("Only one of {listed} may be set"),
                format!(
                    "{} are both set; set exactly one of {listed}.",
                    set.iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            )
            .at(AttributePath::attribute(set[1])),
        );
    }
    let pending = names.iter().any(|n| is(n, Value::is_unknown));
    (set.is_empty() && !pending).then(|| {
        Diagnostic::error(
            format!("One of {listed} must be set"),
            format!("Set exactly one of {listed} to say which one to read."),
        )
        .at(AttributePath::default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> Rule {
        Rule::ExactlyOneOf(vec!["arn", "name"])
    }

    fn config(arn: Value, name: Value) -> Value {
        Value::object([("arn", arn), ("name", name)])
    }

    fn text(s: &str) -> Value {
        Value::String(s.into())
    }

    #[test]
    fn exactly_one_passes_and_unknown_defers() {
        assert!(check(&[rule()], &config(text("a"), Value::Null)).is_empty());
        assert!(check(&[rule()], &config(Value::Null, text("n"))).is_empty());
        assert!(check(&[rule()], &config(Value::Unknown, Value::Null)).is_empty());
        assert!(check(&[rule()], &config(Value::Null, Value::Unknown)).is_empty());
    }

    #[test]
    fn both_is_an_error_on_the_second_and_neither_on_the_block() {
        let both = check(&[rule()], &config(text("a"), text("n")));
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].attribute, Some(AttributePath::attribute("name")));
        assert!(
            both[0].summary.contains("`arn` or `name`"),
            "{}",
            both[0].summary
        );
        let neither = check(&[rule()], &config(Value::Null, Value::Null));
        assert_eq!(neither.len(), 1);
        assert_eq!(neither[0].attribute, Some(AttributePath::default()));
        // Set and unknown: already two.
        assert!(check(&[rule()], &config(text("a"), Value::Unknown)).is_empty());
    }
}
