//! The order of `/etc/hosts` and DNS, from the `hosts:` line of `/etc/nsswitch.conf`, decided
//! as Go's own resolver decides it when it cannot hand the lookup to the C library (a static Go
//! binary; `netgo`): see `(*conf).lookupOrder` in Go's `net/conf.go`.

use std::io;

/// Where names are looked up, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    FilesDns,
    DnsFiles,
    Files,
    Dns,
}

impl Order {
    /// The order for `/etc/nsswitch.conf` as read: its text, or the error reading it gave.
    pub fn from_nsswitch(read: &io::Result<String>) -> Order {
        let text = match read {
            Ok(text) => text,
            // No file (or one that cannot be read): Go's resolver takes files, then DNS.
            Err(_) => return Order::FilesDns,
        };
        let sources = hosts_sources(text);
        if sources.is_empty() {
            return Order::FilesDns;
        }
        let any_dns = sources.contains(&"dns");
        let (mut files, mut dns) = (false, false);
        let mut first = None;
        for source in &sources {
            match *source {
                "files" | "dns" => {
                    if *source == "files" {
                        files = true;
                    } else {
                        dns = true;
                    }
                    first.get_or_insert(*source);
                }
                // A source Go cannot consult (`myhostname`, `mdns4_minimal`, `resolve`, `sss`...)
                // counts as DNS, but only when no `dns` source is listed at all.
                _ if !any_dns => {
                    dns = true;
                    first.get_or_insert("dns");
                }
                _ => {}
            }
        }
        match (files, dns) {
            (true, true) if first == Some("files") => Order::FilesDns,
            (true, true) => Order::DnsFiles,
            (true, false) => Order::Files,
            (false, true) => Order::Dns,
            (false, false) => Order::FilesDns,
        }
    }

    pub fn uses_files(self) -> bool {
        self != Order::Dns
    }
}

/// The sources of the last `hosts:` line, without their `[STATUS=action]` criteria (which
/// Go's own resolver does not apply either).
fn hosts_sources(text: &str) -> Vec<&str> {
    let mut sources = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        let Some((database, rest)) = line.split_once(':') else {
            continue;
        };
        if database.trim() != "hosts" {
            continue;
        }
        sources.clear();
        let mut in_criteria = false;
        for word in rest.split_whitespace() {
            if in_criteria || word.starts_with('[') {
                in_criteria = !word.ends_with(']');
                continue;
            }
            sources.push(word);
        }
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(text: &str) -> Order {
        Order::from_nsswitch(&Ok(text.to_owned()))
    }

    #[test]
    fn no_file_or_no_hosts_line_means_files_then_dns() {
        let missing = Err(io::Error::from(io::ErrorKind::NotFound));
        assert_eq!(Order::from_nsswitch(&missing), Order::FilesDns);
        let denied = Err(io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(Order::from_nsswitch(&denied), Order::FilesDns);
        assert_eq!(order(""), Order::FilesDns);
        assert_eq!(order("passwd: files\n"), Order::FilesDns);
        assert_eq!(order("hosts:\n"), Order::FilesDns);
    }

    #[test]
    fn files_and_dns_in_the_order_written() {
        assert_eq!(order("hosts: files dns\n"), Order::FilesDns);
        assert_eq!(order("hosts:dns files\n"), Order::DnsFiles);
        assert_eq!(order("hosts: files\n"), Order::Files);
        assert_eq!(order("hosts: dns\n"), Order::Dns);
        // The last hosts line counts; comments are ignored.
        assert_eq!(
            order("hosts: files dns\n# hosts: files\nhosts: dns files # comment\n"),
            Order::DnsFiles
        );
    }

    #[test]
    fn other_sources_and_criteria_as_go_reads_them() {
        // Debian and Ubuntu desktops.
        assert_eq!(
            order("hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n"),
            Order::FilesDns
        );
        // Criteria spread over words are skipped whole.
        assert_eq!(
            order("hosts: files [ NOTFOUND=return ] dns\n"),
            Order::FilesDns
        );
        // systemd-resolved, with no `dns`: the unknown source counts as DNS, where it stands.
        assert_eq!(
            order("hosts: mymachines resolve [!UNAVAIL=return] files myhostname\n"),
            Order::DnsFiles
        );
        assert_eq!(order("hosts: files resolve\n"), Order::FilesDns);
        assert_eq!(order("hosts: sss\n"), Order::Dns);
        // With `dns` listed, other sources are ignored.
        assert_eq!(order("hosts: myhostname files dns\n"), Order::FilesDns);
    }
}
