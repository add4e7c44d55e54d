//! `insecure = true`: HTTPS that does not verify the server's certificate, for endpoints with
//! self-signed certificates in tests. aws-smithy-http-client offers no way to skip verification,
//! so this is a small client of our own on the same parts it uses (hyper-util, hyper-rustls,
//! rustls with aws-lc-rs), with the same `https_proxy`/`no_proxy` rules (CONNECT tunnels).
//! The handshake's signatures are still checked; only the certificate's trust is not.

use std::sync::Arc;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector as HyperHttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioExecutor;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use super::dns::SystemResolver;
use super::timeouts::CONNECT_TIMEOUT;

/// TCP connections whose names resolve like every other request's (see `dns.rs`).
type TcpConnector = HyperHttpConnector<SystemResolver>;

/// Accepts any certificate; checks that the peer holds its key.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

fn https<C>(tcp: C) -> Result<HttpsConnector<C>, rustls::Error> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
        .with_no_client_auth();
    Ok(HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(tcp))
}

fn tcp(resolver: &SystemResolver) -> TcpConnector {
    let mut tcp = TcpConnector::new_with_resolver(resolver.clone());
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
    tcp
}

type TunnelClient = Client<HttpsConnector<Tunnel<TcpConnector>>, SdkBody>;

/// The https connector of `insecure = true`.
#[derive(Clone, Debug)]
pub struct InsecureClient {
    direct: Client<HttpsConnector<TcpConnector>, SdkBody>,
    /// Through `https_proxy`, for the hosts its matcher does not exempt.
    tunneled: Option<(TunnelClient, Arc<Matcher>)>,
}

impl InsecureClient {
    /// `https_proxy` is a proxy URL that was already checked; `no_proxy` its exemptions.
    pub fn new(
        https_proxy: Option<&str>,
        no_proxy: &str,
        resolver: &SystemResolver,
    ) -> Result<Self, String> {
        let executor = TokioExecutor::new();
        let direct = Client::builder(executor.clone())
            .build(https(tcp(resolver)).map_err(|e| e.to_string())?);
        let tunneled = match https_proxy {
            None => None,
            Some(url) => {
                let matcher = Matcher::builder().https(url).no(no_proxy).build();
                // The proxy's address and credentials, as the matcher parsed them.
                let probe: http::Uri = "https://proxy.probe.invalid/"
                    .parse()
                    .map_err(|e: http::uri::InvalidUri| e.to_string())?;
                let intercept = Matcher::builder()
                    .https(url)
                    .build()
                    .intercept(&probe)
                    .ok_or("the https proxy URL could not be used")?;
                let mut tunnel = Tunnel::new(intercept.uri().clone(), tcp(resolver));
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let client =
                    Client::builder(executor).build(https(tunnel).map_err(|e| e.to_string())?);
                Some((client, Arc::new(matcher)))
            }
        };
        Ok(InsecureClient { direct, tunneled })
    }
}

impl HttpClient for InsecureClient {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        // Connect timeout is set on the TCP connector; the SDK's attempt timeout bounds the rest.
        SharedHttpConnector::new(self.clone())
    }
}

impl HttpConnector for InsecureClient {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let this = self.clone();
        HttpConnectorFuture::new(async move {
            let request = request
                .try_into_http1x()
                .map_err(|e| ConnectorError::user(e.into()))?;
            let proxied = this
                .tunneled
                .as_ref()
                .filter(|(_, matcher)| matcher.intercept(request.uri()).is_some());
            let response = match proxied {
                Some((client, _)) => client.request(request).await,
                None => this.direct.request(request).await,
            }
            .map_err(|e| {
                if e.is_connect() {
                    ConnectorError::io(e.into())
                } else {
                    ConnectorError::other(e.into(), None)
                }
            })?;
            HttpResponse::try_from(response.map(SdkBody::from_body_1_x))
                .map_err(|e| ConnectorError::other(e.into(), None))
        })
    }
}
