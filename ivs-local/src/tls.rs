//! HTTPS for ivs-local: a certificate from files, or a fresh private CA and a server certificate
//! it signs, so that clients can be tested with a custom CA bundle. rustls with aws-lc-rs, the
//! one TLS stack of the workspace.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

/// Names the self-signed server certificate is valid for, besides those asked for.
const LOCAL_NAMES: [&str; 2] = ["localhost", "127.0.0.1"];

/// How ivs-local gets its server certificate.
#[derive(Debug, Clone)]
pub enum TlsConfig {
    /// A PEM certificate chain and its PEM private key.
    Files { cert: PathBuf, key: PathBuf },
    /// A new private CA and a server certificate it signs for `localhost`, `127.0.0.1` and
    /// `names`; the CA certificate (PEM) is written to `ca_file` if given, and is available
    /// from [`crate::Server::ca_pem`].
    SelfSigned {
        ca_file: Option<PathBuf>,
        names: Vec<String>,
    },
    /// A certificate chain and key in memory (PEM), and the CA that signed it if known: what
    /// `SelfSigned` becomes once made.
    Pem {
        chain: String,
        key: String,
        ca: Option<String>,
    },
}

impl TlsConfig {
    /// Makes the self-signed certificate now, writing its CA file, so that whoever reads the
    /// CA file after the server announces itself finds it; other settings are returned as
    /// they are.
    pub fn made(self) -> io::Result<TlsConfig> {
        let TlsConfig::SelfSigned { ca_file, names } = self else {
            return Ok(self);
        };
        let (chain, key, ca) = self_signed(&names)
            .map_err(|e| invalid(format!("cannot make the self-signed certificate: {e}")))?;
        if let Some(path) = &ca_file {
            std::fs::write(path, &ca).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot write the CA to {}: {e}", path.display()),
                )
            })?;
        }
        Ok(TlsConfig::Pem {
            chain,
            key,
            ca: Some(ca),
        })
    }
}

/// A ready TLS set-up.
pub(crate) struct Tls {
    pub acceptor: TlsAcceptor,
    /// The private CA's certificate, in self-signed mode.
    pub ca_pem: Option<String>,
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Loads or makes the certificate, and writes the CA file in self-signed mode.
pub(crate) fn prepare(config: &TlsConfig) -> io::Result<Tls> {
    let (chain, key, ca_pem) = match config {
        TlsConfig::Files { cert, key } => {
            let chain = CertificateDer::pem_file_iter(cert)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| {
                    invalid(format!(
                        "cannot read certificates from {}: {e}",
                        cert.display()
                    ))
                })?;
            if chain.is_empty() {
                return Err(invalid(format!("no certificate in {}", cert.display())));
            }
            let private_key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
                invalid(format!(
                    "cannot read a private key from {}: {e}",
                    key.display()
                ))
            })?;
            (chain, private_key, None)
        }
        TlsConfig::SelfSigned { .. } => return prepare(&config.clone().made()?),
        TlsConfig::Pem { chain, key, ca } => {
            let certs = CertificateDer::pem_slice_iter(chain.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| invalid(format!("bad certificate PEM: {e}")))?;
            let private_key = PrivateKeyDer::from_pem_slice(key.as_bytes())
                .map_err(|e| invalid(format!("bad private key PEM: {e}")))?;
            (certs, private_key, ca.clone())
        }
    };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(format!("TLS set-up: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| invalid(format!("the certificate and key do not fit together: {e}")))?;
    Ok(Tls {
        acceptor: TlsAcceptor::from(Arc::new(server)),
        ca_pem,
    })
}

/// A CA, and a server certificate it signs: (chain, server key, CA), all PEM.
fn self_signed(names: &[String]) -> Result<(String, String, String), rcgen::Error> {
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "ivs-local private CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca_params.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate()?;
    let all_names: Vec<String> = LOCAL_NAMES
        .iter()
        .map(|n| (*n).to_owned())
        .chain(names.iter().cloned())
        .collect();
    let mut server_params = CertificateParams::new(all_names)?;
    server_params
        .distinguished_name
        .push(DnType::CommonName, "ivs-local");
    let server_cert = server_params.signed_by(&server_key, &issuer)?;
    Ok((server_cert.pem(), server_key.serialize_pem(), ca_cert.pem()))
}
