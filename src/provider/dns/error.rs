//! Why a name did not resolve, in words that name the host and say what to check.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// A failed lookup: the host, and why. Found in an error's source chain by
/// [`is_lookup_failure`], so that a name that does not resolve is not retried by the SDK (the
/// resolver already made the attempts `/etc/resolv.conf` asks for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupError {
    pub host: String,
    pub reason: Reason,
    /// Where the name servers came from, and the hosts file consulted (if it was).
    pub resolv_conf: PathBuf,
    pub hosts: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// `/etc/resolv.conf` names no name server (or cannot be read).
    NoNameServers,
    /// `/etc/nsswitch.conf` says `hosts: files`, and the hosts file does not name it.
    NotInHostsFile,
    /// Every server that answered said the name does not exist.
    NoSuchHost {
        asked: Vec<String>,
    },
    /// No server answered in time, at any of the attempts.
    TimedOut {
        servers: Vec<SocketAddr>,
        attempts: usize,
        timeout: Duration,
    },
    /// The lookup ran out of the time the connection attempt leaves it.
    OutOfTime {
        servers: Vec<SocketAddr>,
        within: Duration,
    },
    ServerFailure {
        server: SocketAddr,
        what: String,
    },
    Unreachable {
        server: SocketAddr,
        what: String,
    },
    /// The resolver could not be set up (a file could not be read).
    Setup(String),
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = crate::diagnostics::quote(&self.host);
        let conf = self.resolv_conf.display();
        write!(f, "cannot resolve {host}: ")?;
        match &self.reason {
            Reason::NoNameServers => {
                write!(f, "{conf} names no name server")?;
                if let Some(hosts) = &self.hosts {
                    write!(f, ", and {} does not name it", hosts.display())?;
                }
                Ok(())
            }
            Reason::NotInHostsFile => write!(
                f,
                "{} does not name it, and the hosts line of nsswitch.conf allows no DNS",
                self.hosts
                    .as_deref()
                    .unwrap_or(std::path::Path::new("/etc/hosts"))
                    .display()
            ),
            Reason::NoSuchHost { asked } => {
                write!(f, "no such host")?;
                if !asked.is_empty() {
                    write!(f, " (asked for {})", asked.join(", "))?;
                }
                Ok(())
            }
            Reason::TimedOut {
                servers,
                attempts,
                timeout,
            } => write!(
                f,
                "no answer from the name server{} {} ({conf}) after {attempts} attempt{} of {} \
                 each",
                plural(servers.len()),
                list(servers),
                plural(*attempts),
                super::super::timeouts::human(*timeout),
            ),
            Reason::OutOfTime { servers, within } => write!(
                f,
                "no answer from the name server{} {} ({conf}) within {}, the time a connection \
                 attempt leaves for looking up its host",
                plural(servers.len()),
                list(servers),
                human_precise(*within),
            ),
            Reason::ServerFailure { server, what } => {
                write!(f, "the name server {server} ({conf}) {what}")
            }
            Reason::Unreachable { server, what } => {
                write!(
                    f,
                    "the name server {server} ({conf}) cannot be reached: {what}"
                )
            }
            Reason::Setup(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for LookupError {}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn list(servers: &[SocketAddr]) -> String {
    servers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn human_precise(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        super::super::timeouts::human(duration)
    } else {
        format!("{:.1}s", duration.as_secs_f64())
    }
}

/// Whether `error`, or an error it wraps, is a failed lookup.
pub fn is_lookup_failure(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(current) = next {
        if current.is::<LookupError>() {
            return true;
        }
        next = current.source();
    }
    false
}
