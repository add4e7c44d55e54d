//! The HTTP client of every AWS call (IVS, and STS for roles): proxies and certificate
//! authorities as hashicorp/aws takes them, on the SDK's own connector (hyper + rustls with
//! aws-lc-rs, whose proxy support does plain HTTP proxying and CONNECT tunnels).
//!
//! Go's rules, which users of hashicorp/aws know: `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY` in upper
//! or lower case (upper first), the provider block's arguments first, and never a proxy for
//! `localhost` or loopback addresses.

use std::sync::{Arc, OnceLock};

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{
    Provider as TlsProvider, TlsContext, TrustStore, rustls_provider::CryptoMode,
};
use aws_smithy_http_client::{Builder, Connector};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;

use super::ca_bundle::{CaBundle, Unusable};
use super::config::{ProviderConfig, without_password};
use super::dns::{ResolverFiles, SystemResolver, is_lookup_failure, lookup_budget};
use super::environment::{Setting, setting};
use super::insecure_tls::InsecureClient;
use super::request_log::Observed;
use super::timeouts::DEFAULT_READ_TIMEOUT;
use crate::diagnostics::{AttributePath, Diagnostic};

/// Hosts never proxied, as Go's ProxyFromEnvironment: a local endpoint stays local.
const ALWAYS_DIRECT: &str = "localhost,127.0.0.0/8,::1";

fn proxy(setting: &Setting, no_proxy: &str, scheme: &str) -> Result<ProxyConfig, Diagnostic> {
    let parsed = if scheme == "http" {
        ProxyConfig::http(setting.value.as_str())
    } else {
        ProxyConfig::https(setting.value.as_str())
    };
    parsed.map(|p| p.no_proxy(no_proxy)).map_err(|error| {
        Diagnostic::error(
            format!("Invalid {} proxy", scheme.to_uppercase()),
            format!(
                "{} is {}, which is not a proxy URL: {error}. Use e.g. \
                 \"http://proxy.example.com:3128\".",
                setting.source,
                crate::diagnostics::quote(&without_password(&setting.value))
            ),
        )
    })
}

/// Builds the client: one connector for `http://` endpoints and one, made only when first
/// needed, for `https://` (so the system's root certificates are loaded only then).
pub async fn build(config: &ProviderConfig) -> Result<SharedHttpClient, Diagnostic> {
    let no_proxy = setting(&config.no_proxy, "no_proxy", &["NO_PROXY", "no_proxy"])
        .map(|s| format!("{ALWAYS_DIRECT},{}", s.value))
        .unwrap_or_else(|| ALWAYS_DIRECT.to_owned());
    let http_setting = setting(
        &config.http_proxy,
        "http_proxy",
        &["HTTP_PROXY", "http_proxy"],
    );
    // A proxy reached over https needs TLS even for http:// endpoints.
    let plain_needs_tls = http_setting
        .as_ref()
        .is_some_and(|s| s.value.starts_with("https://"));
    let http_proxy = http_setting
        .map(|s| proxy(&s, &no_proxy, "http"))
        .transpose()?;
    let https_setting = setting(
        &config.https_proxy,
        "https_proxy",
        &["HTTPS_PROXY", "https_proxy"],
    );
    let https_proxy = https_setting
        .as_ref()
        .map(|s| proxy(s, &no_proxy, "https"))
        .transpose()?;
    let bundle = CaBundle::load(config).await?;
    let mut trust = TrustStore::default();
    if let Some(bundle) = &bundle {
        trust = trust.with_pem_certificate(bundle.pem());
        // A proxy reached over https makes TLS connections from the first request on.
        if plain_needs_tls && let Err(problem) = bundle.check_certificates() {
            return Err(bundle.invalid(problem));
        }
    }
    let tls = TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .map_err(|e| Diagnostic::error("Cannot set up TLS", e.to_string()))?;
    // One resolver for every connection (the files are read once), its lookups fitted in a read.
    let resolver = SystemResolver::new(
        ResolverFiles::from_environment(),
        lookup_budget(config.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT)),
    );
    let plain = client(
        http_proxy,
        plain_needs_tls.then(|| tls.clone()),
        resolver.clone(),
    );
    let secure = if config.insecure {
        let proxy_url = https_setting.map(|s| s.value);
        let insecure =
            InsecureClient::new(proxy_url.as_deref(), &no_proxy, &resolver).map_err(|e| {
                Diagnostic::error("Cannot set up TLS for `insecure`", e)
                    .at(AttributePath::attribute("insecure"))
            })?;
        SharedHttpClient::new(insecure)
    } else {
        client(https_proxy, Some(tls), resolver)
    };
    Ok(SharedHttpClient::new(BySchemeClient {
        plain,
        secure: Arc::new(secure),
        // `insecure` trusts no bundle, so has none to check.
        bundle: bundle.filter(|_| !config.insecure).map(Arc::new),
    }))
}

/// An SDK client with `proxy` (if any) and TLS with `tls` (if any), resolving names with our
/// own resolver (see `dns.rs`).
fn client(
    proxy: Option<ProxyConfig>,
    tls: Option<TlsContext>,
    resolver: SystemResolver,
) -> SharedHttpClient {
    // Only the TLS builder takes a resolver; with no TLS wanted, an empty trust store keeps the
    // system's root certificates unloaded.
    let tls = tls.unwrap_or_else(|| {
        TlsContext::builder()
            .with_trust_store(TrustStore::empty())
            .build()
            .expect("an empty trust store is a valid TLS context")
    });
    Builder::new().build_with_connector_fn(move |settings, components| {
        let mut builder = Connector::builder();
        builder.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            builder.set_sleep_impl(components.sleep_impl());
        }
        if let Some(proxy) = &proxy {
            builder = builder.proxy_config(proxy.clone());
        }
        builder
            .tls_provider(TlsProvider::Rustls(CryptoMode::AwsLc))
            .tls_context(tls.clone())
            .build_with_resolver(resolver.clone())
    })
}

/// Sends each request through the client for its scheme, and observes it (logs, endpoint).
#[derive(Debug)]
struct BySchemeClient {
    plain: SharedHttpClient,
    secure: Arc<SharedHttpClient>,
    /// The CA bundle the https client trusts, its certificates checked when that client is made.
    bundle: Option<Arc<CaBundle>>,
}

impl HttpClient for BySchemeClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(Observed::new(ByScheme {
            plain: self.plain.http_connector(settings, components),
            secure: LazyConnector {
                client: Arc::clone(&self.secure),
                bundle: self.bundle.clone(),
                settings: settings.clone(),
                components: components.clone(),
                connector: OnceLock::new(),
            },
        }))
    }
}

/// The https connector, made at the first https request.
#[derive(Debug)]
struct LazyConnector {
    client: Arc<SharedHttpClient>,
    bundle: Option<Arc<CaBundle>>,
    settings: HttpConnectorSettings,
    components: RuntimeComponents,
    connector: OnceLock<SharedHttpConnector>,
}

impl LazyConnector {
    fn get(&self) -> &SharedHttpConnector {
        self.connector.get_or_init(|| {
            // The SDK's connector panics on a certificate it cannot parse: check them first.
            let unusable = self.bundle.as_deref().and_then(|bundle| {
                let problem = bundle.check_certificates().err()?;
                Some(bundle.describe(&problem))
            });
            match unusable {
                Some(sentence) => SharedHttpConnector::new(Unusable(sentence)),
                _ => self.client.http_connector(&self.settings, &self.components),
            }
        })
    }
}

#[derive(Debug)]
struct ByScheme {
    plain: SharedHttpConnector,
    secure: LazyConnector,
}

impl HttpConnector for ByScheme {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let sent = if request.uri().starts_with("https://") {
            self.secure.get().call(request)
        } else {
            self.plain.call(request)
        };
        HttpConnectorFuture::new(async move { sent.await.map_err(not_retried_if_lookup) })
    }
}

/// A host that did not resolve is not retried: the resolver already made the attempts
/// `/etc/resolv.conf` asks for, and "no such host" will not change in a second. (The SDK
/// retries every connection error it sees as I/O; "other" errors without a kind it does not.)
fn not_retried_if_lookup(error: ConnectorError) -> ConnectorError {
    if is_lookup_failure(&error) {
        ConnectorError::other(Box::new(error), None)
    } else {
        error
    }
}
