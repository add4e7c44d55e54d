//! Where the plugin listens: a unix socket (what go-plugin uses on Linux, and what Terraform
//! expects by default), or 127.0.0.1 TCP with TCP_NODELAY when asked for.

use std::env;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use thiserror::Error;
use tokio::net::{TcpListener, UnixListener};

/// Chooses TCP instead of the unix socket; any other value than `tcp` or `unix` is an error.
pub const TRANSPORT_ENV: &str = "TF_IVS_PLUGIN_TRANSPORT";

#[derive(Debug, Error)]
pub enum ListenError {
    #[error("{TRANSPORT_ENV} is {0:?}; it must be \"unix\" or \"tcp\"")]
    BadTransport(String),
    #[error("{name} is {value:?}; it must be a port number from 1 to 65535")]
    BadPort { name: &'static str, value: String },
    #[error("PLUGIN_MIN_PORT ({min}) is greater than PLUGIN_MAX_PORT ({max})")]
    EmptyPortRange { min: u16, max: u16 },
    #[error("no free TCP port on 127.0.0.1 between {min} and {max}")]
    NoFreePort { min: u16, max: u16 },
    #[error("could not listen on {what}: {source}")]
    Io { what: String, source: io::Error },
}

pub enum PluginListener {
    Unix(UnixListener),
    Tcp(TcpListener),
}

/// The listener, and for a unix socket the guard that removes its file.
pub struct Listening {
    pub listener: PluginListener,
    /// Removed when dropped, so no socket file outlives the plugin.
    pub socket: Option<SocketFile>,
}

impl Listening {
    /// The network and address for the handshake line.
    pub fn network_and_address(&self) -> (&'static str, String) {
        match (&self.listener, &self.socket) {
            (PluginListener::Unix(_), Some(socket)) => ("unix", socket.0.display().to_string()),
            (PluginListener::Unix(_), None) => ("unix", String::new()),
            (PluginListener::Tcp(listener), _) => (
                "tcp",
                listener
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
            ),
        }
    }
}

/// Opens the listener the environment asks for.
pub fn listen_from_env() -> Result<Listening, ListenError> {
    match env::var(TRANSPORT_ENV).ok().as_deref() {
        None | Some("") | Some("unix") => {
            let dir = env::var_os("PLUGIN_UNIX_SOCKET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(env::temp_dir);
            listen_unix(&dir)
        }
        Some("tcp") => {
            let min = port_from_env("PLUGIN_MIN_PORT")?;
            let max = port_from_env("PLUGIN_MAX_PORT")?;
            listen_tcp(min, max)
        }
        Some(other) => Err(ListenError::BadTransport(other.to_owned())),
    }
}

fn port_from_env(name: &'static str) -> Result<Option<u16>, ListenError> {
    match env::var(name) {
        Err(_) => Ok(None),
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => match value.trim().parse::<u16>() {
            Ok(port) if port > 0 => Ok(Some(port)),
            _ => Err(ListenError::BadPort { name, value }),
        },
    }
}

/// Binds a fresh socket file `plugin<unique>` in `dir`.
fn listen_unix(dir: &Path) -> Result<Listening, ListenError> {
    let unique = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut last_error = None;
    for attempt in 0..16u32 {
        let name = format!(
            "plugin{}{}",
            std::process::id(),
            unique.wrapping_add(attempt)
        );
        let path = dir.join(name);
        match UnixListener::bind(&path) {
            Ok(listener) => {
                return Ok(Listening {
                    listener: PluginListener::Unix(listener),
                    socket: Some(SocketFile(path)),
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => last_error = Some(e),
            Err(source) => {
                return Err(ListenError::Io {
                    what: path.display().to_string(),
                    source,
                });
            }
        }
    }
    Err(ListenError::Io {
        what: dir.display().to_string(),
        source: last_error.unwrap_or_else(|| io::Error::other("no free socket name")),
    })
}

/// Binds 127.0.0.1 on the first free port of the range; with no range, on a port the OS picks.
fn listen_tcp(min: Option<u16>, max: Option<u16>) -> Result<Listening, ListenError> {
    let bind = |port: u16| {
        let std_listener =
            std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))?;
        std_listener.set_nonblocking(true)?;
        TcpListener::from_std(std_listener)
    };
    if min.is_none() && max.is_none() {
        return bind(0).map(tcp).map_err(|source| ListenError::Io {
            what: "127.0.0.1".to_owned(),
            source,
        });
    }
    let (min, max) = (min.unwrap_or(1024), max.unwrap_or(u16::MAX));
    if min > max {
        return Err(ListenError::EmptyPortRange { min, max });
    }
    (min..=max)
        .find_map(|port| bind(port).ok())
        .map(tcp)
        .ok_or(ListenError::NoFreePort { min, max })
}

fn tcp(listener: TcpListener) -> Listening {
    Listening {
        listener: PluginListener::Tcp(listener),
        socket: None,
    }
}

/// A socket file that is removed when dropped.
pub struct SocketFile(PathBuf);

impl Drop for SocketFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn unix_socket_file_is_removed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let listener = listen_unix(dir.path()).unwrap();
        let (network, address) = listener.network_and_address();
        assert_eq!(network, "unix");
        assert!(Path::new(&address).exists());
        assert!(address.starts_with(dir.path().to_str().unwrap()));
        drop(listener);
        assert!(!Path::new(&address).exists());
    }

    #[tokio::test]
    async fn tcp_honours_the_port_range() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        // The first port of the range is taken, so the next one is used.
        let listener = listen_tcp(Some(port), Some(port.saturating_add(20))).unwrap();
        let (network, address) = listener.network_and_address();
        assert_eq!(network, "tcp");
        let bound: SocketAddr = address.parse().unwrap();
        assert!(bound.ip().is_loopback());
        assert!(bound.port() > port && bound.port() <= port + 20, "{bound}");
    }

    #[tokio::test]
    async fn tcp_reports_a_full_range() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = listen_tcp(Some(port), Some(port)).err().unwrap();
        assert!(matches!(err, ListenError::NoFreePort { .. }), "{err}");
        let err = listen_tcp(Some(10), Some(5)).err().unwrap();
        assert!(err.to_string().contains("greater than"), "{err}");
    }
}
