//! The go-plugin handshake: the environment Terraform starts us with, and the one line we answer.

use std::env;

use thiserror::Error;

/// The cookie Terraform sets so a plugin knows it was started by Terraform, not by a person.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// The one plugin protocol version this provider serves (tfplugin6).
pub const PROTOCOL_VERSION: u32 = 6;

/// go-plugin's own handshake format version, the first field of the handshake line.
const CORE_PROTOCOL_VERSION: u32 = 1;

/// Shown when someone runs the binary by hand.
pub const HUMAN_MESSAGE: &str = concat!(
    "terraform-provider-ivs ",
    env!("CARGO_PKG_VERSION"),
    "\n\
This binary is a plugin for Terraform and OpenTofu (the ivs provider for Amazon IVS).
It is not meant to be run directly: Terraform starts it when a configuration uses the provider.

To use a local build, point Terraform at the directory holding this binary with a CLI
configuration file (TF_CLI_CONFIG_FILE or ~/.terraformrc):

  provider_installation {
    dev_overrides {
      \"ivs-rs/ivs\" = \"/path/to/the/directory/of/this/binary\"
    }
    direct {}
  }

then run `terraform plan` in a configuration that uses `data \"ivs_recording_configuration\"`.
A release installs from a filesystem or network mirror instead; see the README.
To debug the provider, run it with -debug and give Terraform the TF_REATTACH_PROVIDERS it prints.
"
);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum HandshakeError {
    #[error("this is a Terraform plugin and was not started by Terraform")]
    NotStartedByTerraform,
    #[error(
        "Terraform offered plugin protocol versions {offered:?}, but this provider serves only \
         version {PROTOCOL_VERSION}; use Terraform 1.0 or newer, or OpenTofu"
    )]
    NoCommonProtocolVersion { offered: String },
}

/// Checks that Terraform started us and that it speaks our protocol version.
pub fn negotiate(
    cookie: Option<&str>,
    offered_versions: Option<&str>,
) -> Result<u32, HandshakeError> {
    if cookie != Some(MAGIC_COOKIE_VALUE) {
        return Err(HandshakeError::NotStartedByTerraform);
    }
    // go-plugin clients that predate version negotiation set nothing: they expect the default.
    let Some(offered) = offered_versions else {
        return Ok(PROTOCOL_VERSION);
    };
    let serves = offered
        .split(',')
        .filter_map(|v| v.trim().parse::<u32>().ok())
        .any(|v| v == PROTOCOL_VERSION);
    if serves {
        Ok(PROTOCOL_VERSION)
    } else {
        Err(HandshakeError::NoCommonProtocolVersion {
            offered: offered.to_owned(),
        })
    }
}

/// Reads the handshake variables from the process environment.
pub fn negotiate_from_env() -> Result<u32, HandshakeError> {
    let cookie = env::var(MAGIC_COOKIE_KEY).ok();
    let versions = env::var("PLUGIN_PROTOCOL_VERSIONS").ok();
    negotiate(cookie.as_deref(), versions.as_deref())
}

/// The line printed on stdout once the server listens:
/// `1|6|unix|/tmp/plugin123|grpc|<certificate DER, base64 without padding>`.
pub fn handshake_line(protocol: u32, network: &str, address: &str, cert_b64: &str) -> String {
    format!("{CORE_PROTOCOL_VERSION}|{protocol}|{network}|{address}|grpc|{cert_b64}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_missing_or_wrong_cookie() {
        assert_eq!(
            negotiate(None, Some("6")),
            Err(HandshakeError::NotStartedByTerraform)
        );
        assert_eq!(
            negotiate(Some("not-the-cookie"), Some("6")),
            Err(HandshakeError::NotStartedByTerraform)
        );
    }

    #[test]
    fn picks_six_among_the_offered_versions() {
        assert_eq!(negotiate(Some(MAGIC_COOKIE_VALUE), Some("5,6")), Ok(6));
        assert_eq!(negotiate(Some(MAGIC_COOKIE_VALUE), Some(" 6 ")), Ok(6));
        assert_eq!(negotiate(Some(MAGIC_COOKIE_VALUE), None), Ok(6));
    }

    #[test]
    fn names_the_offered_versions_when_six_is_missing() {
        let err = negotiate(Some(MAGIC_COOKIE_VALUE), Some("4,5")).unwrap_err();
        assert!(err.to_string().contains("\"4,5\""), "{err}");
        assert!(err.to_string().contains("only version 6"), "{err}");
    }

    #[test]
    fn formats_the_handshake_line() {
        assert_eq!(
            handshake_line(6, "unix", "/tmp/plugin1", "QUJD"),
            "1|6|unix|/tmp/plugin1|grpc|QUJD"
        );
    }
}
