//! When the plugin stops: Terraform's Shutdown call, SIGTERM/SIGHUP, or Terraform going away.

use std::time::Duration;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

/// A shutdown signal shared by everything that must stop with the plugin.
#[derive(Clone)]
pub struct Shutdown {
    sender: watch::Sender<bool>,
}

impl Shutdown {
    pub fn new() -> Self {
        Shutdown {
            sender: watch::channel(false).0,
        }
    }

    /// Starts the shutdown; later calls do nothing more.
    pub fn trigger(&self, reason: &str) {
        if !*self.sender.borrow() {
            tracing::debug!(reason, "plugin shutting down");
        }
        self.sender.send_replace(true);
    }

    /// Resolves once the shutdown has been triggered.
    pub async fn wait_owned(self) {
        self.wait().await
    }

    /// Resolves once the shutdown has been triggered.
    pub async fn wait(&self) {
        let mut receiver = self.sender.subscribe();
        // An error means the sender is gone, which only happens at exit: stop then too.
        let _ = receiver.wait_for(|stopped| *stopped).await;
    }
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}

/// How often to check that Terraform is still our parent.
const PARENT_POLL: Duration = Duration::from_millis(500);

/// How long a graceful stop may take once Terraform is gone before the process exits anyway:
/// longer than the server's own grace for calls in flight, so a healthy plugin stops cleanly.
const ORPHAN_GRACE: Duration = Duration::from_secs(3);

/// Triggers the shutdown on SIGTERM or SIGHUP, or when the parent process (Terraform) is gone,
/// so the plugin never outlives Terraform even if Terraform is killed. SIGINT is ignored, as
/// go-plugin servers do: on Ctrl-C Terraform itself asks the provider to stop, then shuts it down.
pub fn watch_process_events(shutdown: Shutdown) -> std::io::Result<()> {
    watch_parent(shutdown.clone())?;
    watch_signals(shutdown, false)
}

/// Debug mode: a person started the plugin, so Ctrl-C (SIGINT), SIGTERM and SIGHUP (its
/// terminal closed) stop it, removing its socket; its parent (a shell, a debugger) is not
/// watched.
pub fn watch_debug_signals(shutdown: Shutdown) -> std::io::Result<()> {
    watch_signals(shutdown, true)
}

/// Triggers the shutdown on SIGTERM or SIGHUP, and on SIGINT if `interrupt_stops`.
fn watch_signals(shutdown: Shutdown, interrupt_stops: bool) -> std::io::Result<()> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = terminate.recv() => return shutdown.trigger("SIGTERM"),
                _ = hangup.recv() => return shutdown.trigger("SIGHUP"),
                _ = interrupt.recv() => {
                    if interrupt_stops {
                        return shutdown.trigger("SIGINT");
                    }
                    tracing::debug!("ignoring SIGINT; Terraform will stop the provider");
                }
                _ = shutdown.wait() => return,
            }
        }
    });
    Ok(())
}

/// Watches the parent from its own OS thread, not a task: it must work even when the runtime is
/// stuck. Once Terraform is gone it asks for a graceful stop, and if that has not ended the
/// process after [`ORPHAN_GRACE`], exits it from here.
fn watch_parent(shutdown: Shutdown) -> std::io::Result<()> {
    let parent = std::os::unix::process::parent_id();
    std::thread::Builder::new()
        .name("parent-check".into())
        .spawn(move || {
            while std::os::unix::process::parent_id() == parent {
                std::thread::sleep(PARENT_POLL);
            }
            shutdown.trigger("parent process exited");
            std::thread::sleep(ORPHAN_GRACE);
            tracing::warn!("Terraform is gone and the plugin did not stop in time; exiting");
            std::process::exit(1);
        })?;
    Ok(())
}
