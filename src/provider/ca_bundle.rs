//! `custom_ca_bundle` / `AWS_CA_BUNDLE`: the file is read (off the runtime, bounded) and its PEM
//! framing checked at ConfigureProvider, so a missing or empty bundle is an error on the
//! argument; its certificates are parsed only when the https connector is first made. Parsing
//! them is the costly part (6 ms for the 144 certificates of a system bundle, which
//! `AWS_CA_BUNDLE` often names), and a plan against an `http://` endpoint needs none of them.

use std::path::Path;

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::bounded_read::{CA_BUNDLE_CAP, read_config_file};
use super::config::ProviderConfig;
use super::environment::{Setting, setting};
use crate::diagnostics::{AttributePath, Diagnostic, quote};

/// A CA bundle whose PEM framing is sound.
#[derive(Debug)]
pub struct CaBundle {
    pem: String,
    /// Where it was named, e.g. "`custom_ca_bundle` names \"/etc/ca.pem\"".
    named: String,
    /// Named in the provider block (so diagnostics point at the argument).
    from_argument: bool,
}

impl CaBundle {
    /// The provider block's `custom_ca_bundle`, else `AWS_CA_BUNDLE`, if either is set.
    pub async fn load(config: &ProviderConfig) -> Result<Option<CaBundle>, Diagnostic> {
        let Some(Setting { value, source }) = setting(
            &config.custom_ca_bundle,
            "custom_ca_bundle",
            &["AWS_CA_BUNDLE"],
        ) else {
            return Ok(None);
        };
        let bundle = CaBundle {
            pem: String::new(),
            named: format!("{source} names {}", quote(&value)),
            from_argument: config.custom_ca_bundle.is_some(),
        };
        let bytes = read_config_file(Path::new(&value), CA_BUNDLE_CAP)
            .await
            .map_err(|error| {
                bundle.error(
                    "Cannot read the CA bundle",
                    format!("which cannot be read: {error}"),
                )
            })?;
        let pem = String::from_utf8(bytes)
            .map_err(|_| bundle.invalid("which is not a text (PEM) file".to_owned()))?;
        let mut count = 0;
        for item in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            item.map_err(|error| bundle.invalid(format!("which is not valid PEM: {error}")))?;
            count += 1;
        }
        if count == 0 {
            return Err(bundle.invalid(
                "which holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")".to_owned(),
            ));
        }
        tracing::debug!(certificates = count, source = %source, "trusting a custom CA bundle");
        Ok(Some(CaBundle { pem, ..bundle }))
    }

    pub fn pem(&self) -> String {
        self.pem.clone()
    }

    /// Parses every certificate as the TLS stack will; the problem, worded as the end of a
    /// sentence that starts with where the bundle was named, if one cannot be used.
    pub fn check_certificates(&self) -> Result<(), String> {
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(self.pem.as_bytes()) {
            cert.map_err(|e| e.to_string())
                .and_then(|cert| roots.add(cert).map_err(|e| e.to_string()))
                .map_err(|error| {
                    format!("which holds a certificate that cannot be used: {error}")
                })?;
        }
        Ok(())
    }

    /// "Invalid CA bundle": `problem` completes "`custom_ca_bundle` names \"...\", ".
    pub fn invalid(&self, problem: String) -> Diagnostic {
        self.error("Invalid CA bundle", problem)
    }

    /// The sentence saying what is wrong with the bundle, naming it.
    pub fn describe(&self, problem: &str) -> String {
        format!("{}, {problem}.", self.named)
    }

    fn error(&self, summary: &str, problem: String) -> Diagnostic {
        let diagnostic = Diagnostic::error(summary, self.describe(&problem));
        if self.from_argument {
            diagnostic.at(AttributePath::attribute("custom_ca_bundle"))
        } else {
            diagnostic
        }
    }
}

/// The https connector when the CA bundle holds a certificate that cannot be used: every https
/// request fails with the sentence naming the bundle, instead of the SDK's connector panicking.
#[derive(Debug)]
pub struct Unusable(pub String);

impl HttpConnector for Unusable {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(Err(ConnectorError::user(self.0.clone().into())))
    }
}
