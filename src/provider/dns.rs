//! Name resolution for AWS requests: `/etc/hosts`, then the name servers of `/etc/resolv.conf`,
//! as Go programs (and so Go providers) resolve, without the C library.
//!
//! Why not glibc's `getaddrinfo`: the released binary is static, and static glibc still loads
//! the NSS modules that the host's `/etc/nsswitch.conf` names (`myhostname` on RHEL, `mdns4` on
//! Ubuntu desktops, `sss`...) as shared libraries built for the host's own glibc, which may crash
//! a process linked against another. hickory-resolver reads the two files itself.

use std::net::IpAddr;
use std::sync::{Arc, OnceLock};

use aws_smithy_runtime_api::client::dns::{DnsFuture, ResolveDns, ResolveDnsError};
use hickory_resolver::TokioResolver;
use hickory_resolver::config::ResolverConfig;
use hickory_resolver::net::runtime::TokioRuntimeProvider;

/// The process's resolver, made on the first lookup (the system files are read then, once).
#[derive(Debug, Clone, Default)]
pub struct SystemResolver {
    resolver: Arc<OnceLock<TokioResolver>>,
}

impl SystemResolver {
    fn resolver(&self) -> &TokioResolver {
        self.resolver.get_or_init(|| {
            let builder = TokioResolver::builder_tokio().unwrap_or_else(|error| {
                // No readable /etc/resolv.conf (a minimal container): names in /etc/hosts still
                // resolve; others fail with "no name servers". Never fall back to public DNS.
                tracing::debug!(%error, "no usable /etc/resolv.conf; resolving from /etc/hosts only");
                TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(Vec::new()),
                    TokioRuntimeProvider::default(),
                )
            });
            builder
                .build()
                .unwrap_or_else(|error| unreachable!("a resolver builds from its config: {error}"))
        })
    }
}

impl ResolveDns for SystemResolver {
    fn resolve_dns<'a>(&'a self, name: &'a str) -> DnsFuture<'a> {
        DnsFuture::new(async move {
            // IP literals (127.0.0.1 endpoints) need no lookup.
            if let Ok(ip) = name.trim_matches(['[', ']']).parse::<IpAddr>() {
                return Ok(vec![ip]);
            }
            let found = self.resolver().lookup_ip(name).await.map_err(|error| {
                ResolveDnsError::new(format!(
                    "cannot resolve {}: {error}",
                    crate::diagnostics::quote(name)
                ))
            })?;
            Ok(found.iter().collect())
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
