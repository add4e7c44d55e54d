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

/// Triggers the shutdown on SIGTERM or SIGHUP, or when the parent process (Terraform) is gone,
/// so the plugin never outlives Terraform even if Terraform is killed. SIGINT is ignored, as
/// go-plugin servers do: on Ctrl-C Terraform itself asks the provider to stop, then shuts it down.
pub fn watch_process_events(shutdown: Shutdown) -> std::io::Result<()> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let parent = std::os::unix::process::parent_id();
    tokio::spawn(async move {
        let mut poll = tokio::time::interval(PARENT_POLL);
        loop {
            tokio::select! {
                _ = terminate.recv() => return shutdown.trigger("SIGTERM"),
                _ = hangup.recv() => return shutdown.trigger("SIGHUP"),
                _ = interrupt.recv() => tracing::debug!("ignoring SIGINT; Terraform will stop the provider"),
                _ = poll.tick() => {
                    if std::os::unix::process::parent_id() != parent {
                        return shutdown.trigger("parent process exited");
                    }
                }
                _ = shutdown.wait() => return,
            }
        }
    });
    Ok(())
}
