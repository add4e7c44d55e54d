//! Name resolution for AWS requests: `/etc/hosts`, then the name servers of `/etc/resolv.conf`,
//! as Go programs (and so Go providers) resolve, without the C library.
//!
//! Why not glibc's `getaddrinfo`: the released binary is static, and static glibc still loads
//! the NSS modules that the host's `/etc/nsswitch.conf` names (`myhostname` on RHEL, `mdns4` on
//! Ubuntu desktops, `sss`...) as shared libraries built for the host's own glibc, which may crash
//! a process linked against another. hickory-resolver reads the two files itself.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use aws_smithy_runtime_api::client::dns::{DnsFuture, ResolveDns, ResolveDnsError};
use hickory_resolver::TokioResolver;
use hickory_resolver::config::ResolverConfig;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hyper_util::client::legacy::connect::dns::Name;

/// The process's resolver, made on the first lookup (the system files are read then, once).
/// A resolver that cannot be built is remembered as its error, which every lookup reports.
#[derive(Debug, Clone, Default)]
pub struct SystemResolver {
    resolver: Arc<OnceLock<Result<TokioResolver, String>>>,
}

impl SystemResolver {
    fn resolver(&self) -> Result<&TokioResolver, ResolveDnsError> {
        self.resolver
            .get_or_init(|| {
                let builder = TokioResolver::builder_tokio().unwrap_or_else(|error| {
                    // No readable /etc/resolv.conf (a minimal container): names in /etc/hosts
                    // still resolve; others fail with "no name servers". Never fall back to
                    // public DNS.
                    tracing::debug!(%error, "no usable /etc/resolv.conf; resolving from /etc/hosts only");
                    TokioResolver::builder_with_config(
                        ResolverConfig::from_name_servers(Vec::new()),
                        TokioRuntimeProvider::default(),
                    )
                });
                builder
                    .build()
                    .map_err(|error| format!("cannot set up name resolution: {error}"))
            })
            .as_ref()
            .map_err(|error| ResolveDnsError::new(error.clone()))
    }
}

impl ResolveDns for SystemResolver {
    fn resolve_dns<'a>(&'a self, name: &'a str) -> DnsFuture<'a> {
        DnsFuture::new(async move {
            // IP literals (127.0.0.1 endpoints) need no lookup.
            if let Ok(ip) = name.trim_matches(['[', ']']).parse::<IpAddr>() {
                return Ok(vec![ip]);
            }
            let found = self.resolver()?.lookup_ip(name).await.map_err(|error| {
                ResolveDnsError::new(format!(
                    "cannot resolve {}: {error}",
                    crate::diagnostics::quote(name)
                ))
            })?;
            Ok(found.iter().collect())
        })
    }
}

/// The same resolver for hyper-util's `HttpConnector`, which the `insecure = true` client is
/// built on, so that no request of the provider resolves through the C library.
impl tower_service::Service<Name> for SystemResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = ResolveDnsError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let resolver = self.clone();
        Box::pin(async move {
            let ips = resolver.resolve_dns(name.as_str()).await?;
            // The connector sets the port of the URI on each address.
            let addresses: Vec<_> = ips.into_iter().map(|ip| SocketAddr::new(ip, 0)).collect();
            Ok(addresses.into_iter())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn resolves_ip_literals_and_names_from_etc_hosts() {
        let resolver = SystemResolver::default();
        assert_eq!(
            resolver.resolve_dns("127.0.0.1").await.unwrap(),
            vec![IpAddr::from([127, 0, 0, 1])]
        );
        // Every Debian machine's /etc/hosts names localhost.
        let localhost = resolver.resolve_dns("localhost").await.unwrap();
        assert!(localhost.iter().all(IpAddr::is_loopback), "{localhost:?}");
        assert!(!localhost.is_empty());
    }
}
