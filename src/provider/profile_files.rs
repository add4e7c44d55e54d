//! The shared config and credentials files, read by us (bounded, off the runtime) and handed to
//! aws-config as contents. aws-config would read them itself with blocking `std::fs` calls on
//! the async thread: a FIFO froze the plugin and `/dev/zero` grew it without bound.
//!
//! Which files, as hashicorp/aws: `shared_config_files` / `shared_credentials_files` replace the
//! default file of their kind (`AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, else
//! `~/.aws/config` / `~/.aws/credentials`); files that do not exist are skipped.

use std::path::PathBuf;

use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};

use super::bounded_read::{ReadError, SMALL_FILE_CAP, read_config_file};
use super::config::ProviderConfig;
use super::environment::env_nonempty;
use crate::diagnostics::{AttributePath, Diagnostic, PathStep, quote};

/// Where a file name came from, for messages.
enum Source {
    Argument { name: &'static str, index: usize },
    Variable(&'static str),
    Default,
}

struct Kind {
    kind: EnvConfigFileKind,
    /// "config" or "credentials", for messages.
    label: &'static str,
    argument: &'static str,
    variable: &'static str,
    default: &'static str,
}

const CONFIG: Kind = Kind {
    kind: EnvConfigFileKind::Config,
    label: "config",
    argument: "shared_config_files",
    variable: "AWS_CONFIG_FILE",
    default: "~/.aws/config",
};

const CREDENTIALS: Kind = Kind {
    kind: EnvConfigFileKind::Credentials,
    label: "credentials",
    argument: "shared_credentials_files",
    variable: "AWS_SHARED_CREDENTIALS_FILE",
    default: "~/.aws/credentials",
};

/// Reads every shared file in use; the contents, in order, for aws-config.
pub async fn load(config: &ProviderConfig) -> Result<EnvConfigFiles, Diagnostic> {
    let mut builder = EnvConfigFiles::builder();
    let mut any = false;
    for (kind, given) in [
        (&CONFIG, &config.shared_config_files),
        (&CREDENTIALS, &config.shared_credentials_files),
    ] {
        for (path, source) in files_of(kind, given) {
            if let Some(contents) = read(kind, &path, &source).await? {
                builder = builder.with_contents(kind.kind, contents);
                any = true;
            }
        }
    }
    if !any {
        // aws-config wants at least one file; an empty one means "no profiles".
        builder = builder.with_contents(EnvConfigFileKind::Config, "");
    }
    Ok(builder.build())
}

/// The files of `kind`: the argument's, else the variable's, else the default one.
fn files_of(kind: &Kind, given: &[String]) -> Vec<(String, Source)> {
    if !given.is_empty() {
        return given
            .iter()
            .enumerate()
            .map(|(index, path)| {
                let source = Source::Argument {
                    name: kind.argument,
                    index,
                };
                (path.clone(), source)
            })
            .collect();
    }
    match env_nonempty(kind.variable) {
        Some(path) => vec![(path, Source::Variable(kind.variable))],
        None => vec![(kind.default.to_owned(), Source::Default)],
    }
}

/// `~/...` under the home directory, as aws-config and the AWS CLI expand it.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), env_nonempty("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// The file's contents; None when it does not exist.
async fn read(kind: &Kind, path: &str, source: &Source) -> Result<Option<String>, Diagnostic> {
    let expanded = expand_home(path);
    let error = match read_config_file(&expanded, SMALL_FILE_CAP).await {
        Ok(bytes) => return Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(ReadError::NotFound) => {
            tracing::debug!(path, "shared {} file not found; skipped", kind.label);
            return Ok(None);
        }
        Err(error) => error,
    };
    let quoted = quote(path);
    let named = match source {
        Source::Argument { name, .. } => format!("`{name}` names {quoted}"),
        Source::Variable(variable) => format!("{variable} names {quoted}"),
        Source::Default => format!("The default shared {} file {quoted}", kind.label),
    };
    let diagnostic = Diagnostic::error(
        format!("Cannot read the shared {} file {quoted}", kind.label),
        format!(
            "{named}, but {error}. Point it at a readable AWS {} file.",
            kind.label
        ),
    );
    Err(match source {
        Source::Argument { name, index } => diagnostic.at(AttributePath(vec![
            PathStep::Attribute((*name).to_owned()),
            PathStep::Index(*index as i64),
        ])),
        _ => diagnostic,
    })
}
