//! Name resolution for AWS requests, as Go programs (and so Go providers) resolve without the C
//! library: `/etc/hosts` and the name servers of `/etc/resolv.conf`, in the order of the `hosts:`
//! line of `/etc/nsswitch.conf` (files, then DNS, when there is none), with the options of
//! `/etc/resolv.conf` that Go honours (`timeout`, `attempts`, `ndots`, `search`/`domain`,
//! `rotate`, `single-request`, `use-vc`). A name the hosts file answers never waits on DNS.
//!
//! Why not glibc's `getaddrinfo`: the released binary is static, and static glibc still loads
//! the NSS modules that the host's `/etc/nsswitch.conf` names (`myhostname` on RHEL, `mdns4` on
//! Ubuntu desktops, `sss`...) as shared libraries built for the host's own glibc, which may crash
//! a process linked against another.
//!
//! A lookup never takes longer than the connection attempt it is part of leaves it
//! ([`LOOKUP_BUDGET`]): past that it fails, naming the servers that did not answer, rather than
//! being cut by the connect timeout with no word of DNS.

mod error;
mod hosts;
mod nsswitch;
mod resolv_conf;
mod wire;

use std::future::Future;
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use aws_smithy_runtime_api::client::dns::{DnsFuture, ResolveDns, ResolveDnsError};
use hyper_util::client::legacy::connect::dns::Name;

pub use error::{LookupError, Reason, is_lookup_failure};
use hosts::Hosts;
use nsswitch::Order;
use resolv_conf::DnsConfig;

/// The most one lookup may take: what a connection attempt (5 s) leaves, with time to spare for
/// the connection itself.
pub const LOOKUP_BUDGET: Duration = Duration::from_millis(4500);

/// The budget of a lookup within a read that may take `read_timeout` in all: [`LOOKUP_BUDGET`],
/// or less when the read itself has less (a short `read_timeout`), so that a lookup that fails
/// says so before the read's own limit cuts it.
pub fn lookup_budget(read_timeout: Duration) -> Duration {
    let left = read_timeout.saturating_sub(Duration::from_millis(500));
    LOOKUP_BUDGET.min(left.max(Duration::from_millis(500)))
}

/// The most of each file read (a hosts file of blocked domains can be a few MiB).
const FILE_LIMIT: u64 = 16 << 20;

/// Test-only: a directory holding `etc/hosts`, `etc/resolv.conf` and `etc/nsswitch.conf` to read
/// in place of `/etc`'s, and the port the name servers listen on. Never for users.
pub const TEST_ONLY_ROOT: &str = "TF_IVS_TEST_ONLY_RESOLVER_ROOT";
pub const TEST_ONLY_DNS_PORT: &str = "TF_IVS_TEST_ONLY_DNS_PORT";

/// The files a resolver reads, and the port of its name servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverFiles {
    pub hosts: PathBuf,
    pub resolv_conf: PathBuf,
    pub nsswitch: PathBuf,
    pub dns_port: u16,
    /// Where the host name (whose domain is the search domain when resolv.conf gives none) is
    /// read; None for no host name.
    pub hostname: Option<PathBuf>,
}

impl ResolverFiles {
    /// The system's: `/etc/hosts`, `/etc/resolv.conf`, `/etc/nsswitch.conf`, port 53.
    pub fn system() -> Self {
        ResolverFiles {
            hostname: Some(PathBuf::from("/proc/sys/kernel/hostname")),
            ..ResolverFiles::under(Path::new("/"))
        }
    }

    /// The same files under `root` (as in a chroot), port 53, no host name.
    pub fn under(root: &Path) -> Self {
        let etc = root.join("etc");
        ResolverFiles {
            hosts: etc.join("hosts"),
            resolv_conf: etc.join("resolv.conf"),
            nsswitch: etc.join("nsswitch.conf"),
            dns_port: 53,
            hostname: None,
        }
    }

    /// The system's, unless a test set [`TEST_ONLY_ROOT`] (and [`TEST_ONLY_DNS_PORT`]).
    pub fn from_environment() -> Self {
        let Some(root) = std::env::var_os(TEST_ONLY_ROOT).filter(|r| !r.is_empty()) else {
            return ResolverFiles::system();
        };
        let mut files = ResolverFiles::under(Path::new(&root));
        if let Some(port) = std::env::var(TEST_ONLY_DNS_PORT)
            .ok()
            .and_then(|p| p.parse().ok())
        {
            files.dns_port = port;
        }
        files
    }
}

/// What the files said, read once.
#[derive(Debug)]
struct Loaded {
    order: Order,
    hosts: Hosts,
    /// The DNS configuration, or why `/etc/resolv.conf` could not be read.
    dns: Result<DnsConfig, String>,
    rotation: AtomicUsize,
}

impl Loaded {
    fn read(files: &ResolverFiles) -> Self {
        let order = Order::from_nsswitch(&read_limited(&files.nsswitch));
        // An unreadable hosts file names nothing, as in Go.
        let hosts = read_limited(&files.hosts)
            .map(|text| Hosts::parse(&text))
            .unwrap_or_default();
        let hostname = files
            .hostname
            .as_deref()
            .and_then(|path| read_limited(path).ok())
            .map(|name| name.trim().to_owned());
        let dns = read_limited(&files.resolv_conf)
            .map(|text| DnsConfig::parse(&text, files.dns_port, hostname.as_deref()))
            .map_err(|error| {
                format!(
                    "{} cannot be read ({error}), so no name server is known",
                    files.resolv_conf.display()
                )
            });
        Loaded {
            order,
            hosts,
            dns,
            rotation: AtomicUsize::new(0),
        }
    }
}

fn read_limited(path: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(FILE_LIMIT)
        .read_to_string(&mut text)?;
    Ok(text)
}

/// The process's resolver; the files are read at the first lookup, once.
#[derive(Debug, Clone)]
pub struct SystemResolver {
    files: Arc<ResolverFiles>,
    budget: Duration,
    loaded: Arc<OnceLock<Loaded>>,
}

impl Default for SystemResolver {
    fn default() -> Self {
        SystemResolver::new(ResolverFiles::from_environment(), LOOKUP_BUDGET)
    }
}

impl SystemResolver {
    /// A resolver reading `files`, each lookup given at most `budget`.
    pub fn new(files: ResolverFiles, budget: Duration) -> Self {
        SystemResolver {
            files: Arc::new(files),
            budget,
            loaded: Arc::new(OnceLock::new()),
        }
    }

    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| Loaded::read(&self.files))
    }

    /// The addresses of `name`, or why there are none.
    pub async fn lookup(&self, name: &str) -> Result<Vec<IpAddr>, LookupError> {
        // IP literals (127.0.0.1 endpoints) need no lookup.
        if let Ok(ip) = name.trim_matches(['[', ']']).parse::<IpAddr>() {
            return Ok(vec![ip]);
        }
        let loaded = self.loaded();
        let failed = |reason| LookupError {
            host: name.to_owned(),
            reason,
            resolv_conf: self.files.resolv_conf.clone(),
            hosts: loaded.order.uses_files().then(|| self.files.hosts.clone()),
        };
        let from_file = || Some(loaded.hosts.lookup(name).to_vec()).filter(|a| !a.is_empty());
        if matches!(loaded.order, Order::FilesDns | Order::Files) {
            if let Some(found) = from_file() {
                return Ok(found);
            }
            if loaded.order == Order::Files {
                return Err(failed(Reason::NotInHostsFile));
            }
        }
        let dns = match &loaded.dns {
            Ok(config) => self.ask_dns(config, &loaded.rotation, name).await,
            Err(why) => Err(Reason::Setup(why.clone())),
        };
        match dns {
            Ok(found) => Ok(found),
            Err(reason) => match loaded.order {
                Order::DnsFiles => from_file().ok_or_else(|| failed(reason)),
                _ => Err(failed(reason)),
            },
        }
    }

    async fn ask_dns(
        &self,
        config: &DnsConfig,
        rotation: &AtomicUsize,
        name: &str,
    ) -> Result<Vec<IpAddr>, Reason> {
        match tokio::time::timeout(self.budget, wire::lookup(config, rotation, name)).await {
            Ok(result) => result,
            Err(_) => Err(Reason::OutOfTime {
                servers: config.servers.clone(),
                within: self.budget,
            }),
        }
    }
}

impl ResolveDns for SystemResolver {
    fn resolve_dns<'a>(&'a self, name: &'a str) -> DnsFuture<'a> {
        DnsFuture::new(async move { self.lookup(name).await.map_err(ResolveDnsError::new) })
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

    #[test]
    fn a_lookup_fits_in_the_read() {
        let s = Duration::from_secs;
        assert_eq!(lookup_budget(s(45)), LOOKUP_BUDGET);
        assert_eq!(lookup_budget(s(5)), LOOKUP_BUDGET);
        assert_eq!(lookup_budget(s(2)), Duration::from_millis(1500));
        assert_eq!(lookup_budget(s(1)), Duration::from_millis(500));
    }

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
