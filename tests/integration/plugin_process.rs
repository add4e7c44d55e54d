//! The plugin process as Terraform sees it: started by hand, the handshake line, AutoMTLS that
//! refuses clients without Terraform's certificate, TCP mode, and a clean exit.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::plugin_env::{MAGIC_COOKIE, certificate_pem};
use base64::Engine;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_rustls::TlsConnector;

/// The provider binary as Terraform starts it (the magic cookie set), offered
/// `protocol_versions`.
fn plugin_command(protocol_versions: &str) -> Command {
    let mut command = Command::new(crate::support::provider_binary());
    command
        .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", protocol_versions);
    command
}

#[test]
fn run_by_hand_prints_a_human_message_and_exits_1() {
    let output = Command::new(crate::support::provider_binary())
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("This binary is a plugin for Terraform"),
        "{message}"
    );
    assert!(message.contains("dev_overrides"), "{message}");
    let version = concat!("terraform-provider-ivs ", env!("CARGO_PKG_VERSION"));
    assert!(message.starts_with(version), "names {version}: {message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn a_terraform_without_protocol_6_gets_a_clear_error() {
    let output = plugin_command("4,5").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("\"4,5\"") && message.contains("only version 6"),
        "{message}"
    );
}

/// A client certificate like the one Terraform makes for AutoMTLS.
fn client_identity() -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap();
    let pem = certificate_pem(cert.der());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (pem, cert.der().clone(), key)
}

/// A running plugin and what its handshake line announced; killed when dropped.
struct Plugin {
    child: Child,
    network: String,
    address: String,
    server_cert: Vec<u8>,
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the plugin as Terraform does, trusting `client_pem`, with `extra_env`; checks and
/// parses its handshake line.
fn start_plugin(client_pem: &str, extra_env: &[(&str, &str)]) -> Plugin {
    let mut command = plugin_command("5,6");
    command
        .env("PLUGIN_CLIENT_CERT", client_pem)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (name, value) in extra_env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let parts: Vec<&str> = line.trim_end().split('|').collect();
    assert_eq!(parts.len(), 6, "handshake line {line:?}");
    assert_eq!(&parts[..2], ["1", "6"], "{line:?}");
    assert_eq!(parts[4], "grpc", "{line:?}");
    assert!(
        !parts[5].ends_with('='),
        "certificate without padding: {line:?}"
    );
    let server_cert = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(parts[5])
        .unwrap();
    Plugin {
        network: parts[2].to_owned(),
        address: parts[3].to_owned(),
        server_cert,
        child,
    }
}

/// Trusts exactly the certificate the plugin announced, as Terraform does.
#[derive(Debug)]
struct AnnouncedCertificate(Vec<u8>);

impl ServerCertVerifier for AnnouncedCertificate {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.0.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "not the announced certificate".into(),
            ))
        }
    }
    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }
    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::aws_lc_rs::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

fn client_config(
    plugin: &Plugin,
    identity: Option<(CertificateDer<'static>, PrivateKeyDer<'static>)>,
) -> ClientConfig {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnnouncedCertificate(
            plugin.server_cert.clone(),
        )));
    let mut config = match identity {
        Some((cert, key)) => builder.with_client_auth_cert(vec![cert], key).unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    config
}

/// Connects, sends the HTTP/2 preface and reads: the server's SETTINGS frame comes back only
/// when the TLS session was accepted.
async fn http2_answers(plugin: &Plugin, config: ClientConfig) -> bool {
    let connector = TlsConnector::from(Arc::new(config));
    let name = ServerName::try_from("localhost").unwrap();
    match plugin.network.as_str() {
        "unix" => {
            let stream = tokio::net::UnixStream::connect(&plugin.address)
                .await
                .unwrap();
            talk(connector.connect(name, stream).await).await
        }
        _ => {
            let stream = tokio::net::TcpStream::connect(&plugin.address)
                .await
                .unwrap();
            talk(connector.connect(name, stream).await).await
        }
    }
}

async fn talk<S: AsyncRead + AsyncWrite + Unpin>(connected: std::io::Result<S>) -> bool {
    let Ok(mut tls) = connected else { return false };
    if tls
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .await
        .is_err()
    {
        return false;
    }
    let _ = tls.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await; // empty SETTINGS
    let mut frame_header = [0u8; 9];
    let read =
        tokio::time::timeout(Duration::from_secs(5), tls.read_exact(&mut frame_header)).await;
    // Frame type 4 is SETTINGS.
    matches!(read, Ok(Ok(_))) && frame_header[3] == 4
}

#[tokio::test]
async fn mtls_accepts_only_terraforms_certificate() {
    let (pem, cert, key) = client_identity();
    let plugin = start_plugin(&pem, &[]);
    assert_eq!(plugin.network, "unix");

    assert!(
        http2_answers(&plugin, client_config(&plugin, Some((cert, key)))).await,
        "the right certificate is accepted"
    );
    assert!(
        !http2_answers(&plugin, client_config(&plugin, None)).await,
        "no certificate is refused"
    );
    let (_, other_cert, other_key) = client_identity();
    assert!(
        !http2_answers(
            &plugin,
            client_config(&plugin, Some((other_cert, other_key)))
        )
        .await,
        "another certificate is refused"
    );
}

#[tokio::test]
async fn tcp_mode_listens_on_loopback_in_the_port_range() {
    let (pem, cert, key) = client_identity();
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let min = probe.local_addr().unwrap().port();
    drop(probe);
    let max = min.saturating_add(50).to_string();
    let min = min.to_string();
    let plugin = start_plugin(
        &pem,
        &[
            ("TF_IVS_PLUGIN_TRANSPORT", "tcp"),
            ("PLUGIN_MIN_PORT", &min),
            ("PLUGIN_MAX_PORT", &max),
        ],
    );
    assert_eq!(plugin.network, "tcp");
    let address: std::net::SocketAddr = plugin.address.parse().unwrap();
    assert!(address.ip().is_loopback());
    let port = address.port().to_string();
    assert!(
        port >= min && address.port() <= max.parse().unwrap(),
        "{address} outside {min}-{max}"
    );
    assert!(http2_answers(&plugin, client_config(&plugin, Some((cert, key)))).await);
}

#[test]
fn sigterm_ends_the_plugin_and_removes_its_socket() {
    let (pem, _, _) = client_identity();
    let socket_dir = tempfile::tempdir().unwrap();
    let mut plugin = start_plugin(
        &pem,
        &[(
            "PLUGIN_UNIX_SOCKET_DIR",
            socket_dir.path().to_str().unwrap(),
        )],
    );
    assert!(
        plugin
            .address
            .starts_with(socket_dir.path().to_str().unwrap()),
        "{}",
        plugin.address
    );
    assert!(std::path::Path::new(&plugin.address).exists());
    let status = Command::new("kill")
        .args(["-TERM", &plugin.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = plugin.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "plugin still running 5 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(
        !std::path::Path::new(&plugin.address).exists(),
        "socket file left behind"
    );
}

#[test]
fn bad_listener_settings_are_reported() {
    let output = plugin_command("6")
        .env("TF_IVS_PLUGIN_TRANSPORT", "tcp")
        .env("PLUGIN_MIN_PORT", "not-a-port")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("PLUGIN_MIN_PORT is \"not-a-port\""),
        "{message}"
    );
}

#[test]
fn the_plugin_exits_when_its_parent_is_gone() {
    let (pem, _, _) = client_identity();
    let dir = tempfile::tempdir().unwrap();
    let handshake = dir.path().join("handshake");
    // A shell starts the plugin in the background, waits for its handshake line, reports its
    // pid and exits: the plugin is orphaned, as when Terraform is killed mid-run.
    let script = format!(
        "\"$1\" > '{0}' 2>/dev/null & pid=$!; while [ ! -s '{0}' ]; do sleep 0.01; done; echo $pid",
        handshake.display()
    );
    let output = Command::new("sh")
        .args([
            "-c",
            &script,
            "sh",
            crate::support::provider_binary().to_str().unwrap(),
        ])
        .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("PLUGIN_CLIENT_CERT", &pem)
        .env("PLUGIN_UNIX_SOCKET_DIR", dir.path())
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(!pid.is_empty(), "no pid from the shell");
    let alive = || {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
            && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .unwrap_or_default()
                .contains(") Z ")
    };
    let started = Instant::now();
    while alive() {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "orphaned plugin {pid} still running after 5 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let line = std::fs::read_to_string(&handshake).unwrap_or_default();
    assert!(
        line.starts_with("1|6|unix|"),
        "the plugin had started: {line:?}"
    );
    let socket = line.split('|').nth(3).unwrap();
    assert!(
        !std::path::Path::new(socket).exists(),
        "socket file left behind"
    );
}
