//! Converts our diagnostics to the protocol's `Diagnostic` messages.

use super::proto;
use super::proto::attribute_path::step::Selector;
use crate::diagnostics::{AttributePath, Diagnostic, PathStep, Severity};

pub fn diagnostics(diagnostics: Vec<Diagnostic>) -> Vec<proto::Diagnostic> {
    diagnostics.into_iter().map(diagnostic).collect()
}

fn diagnostic(diagnostic: Diagnostic) -> proto::Diagnostic {
    let severity = match diagnostic.severity {
        Severity::Error => proto::diagnostic::Severity::Error,
        Severity::Warning => proto::diagnostic::Severity::Warning,
    };
    proto::Diagnostic {
        severity: severity as i32,
        summary: diagnostic.summary,
        detail: diagnostic.detail,
        attribute: diagnostic.attribute.map(attribute_path),
    }
}

fn attribute_path(path: AttributePath) -> proto::AttributePath {
    let steps = path
        .0
        .into_iter()
        .map(|step| proto::attribute_path::Step {
            selector: Some(match step {
                PathStep::Attribute(name) => Selector::AttributeName(name),
                PathStep::Key(key) => Selector::ElementKeyString(key),
                PathStep::Index(index) => Selector::ElementKeyInt(index),
            }),
        })
        .collect();
    proto::AttributePath { steps }
}
