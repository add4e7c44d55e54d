//! `/etc/resolv.conf`, read as Go's resolver reads it (`dnsReadConfig` in Go's
//! `net/dnsconfig_unix.go`): at most three `nameserver`s, the last `search` or `domain` line,
//! and the options `ndots`, `timeout`, `attempts`, `rotate`, `single-request` and `use-vc`,
//! with Go's defaults and bounds. The names a lookup asks for come from here too
//! ([`DnsConfig::names_to_try`], Go's `nameList`).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// Go's limit on name servers (the C library's `MAXNS`).
const MAX_NAME_SERVERS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsConfig {
    pub servers: Vec<SocketAddr>,
    /// Search domains, each ending in a dot.
    pub search: Vec<String>,
    pub ndots: usize,
    pub timeout: Duration,
    pub attempts: usize,
    pub rotate: bool,
    /// Ask for A and AAAA one after the other rather than at once.
    pub single_request: bool,
    /// TCP for every query.
    pub use_tcp: bool,
}

impl DnsConfig {
    /// `text` of a resolv.conf; `port` is where the name servers listen (53; other ports only
    /// in tests), `hostname` gives the search domain when no line does (as Go takes it).
    pub fn parse(text: &str, port: u16, hostname: Option<&str>) -> Self {
        let mut config = DnsConfig {
            servers: Vec::new(),
            search: Vec::new(),
            ndots: 1,
            timeout: Duration::from_secs(5),
            attempts: 2,
            rotate: false,
            single_request: false,
            use_tcp: false,
        };
        let mut search_set = false;
        for line in text.lines() {
            if line.starts_with(['#', ';']) {
                continue;
            }
            let mut fields = line.split_whitespace();
            match fields.next() {
                Some("nameserver") => {
                    if let Some(ip) = fields.next().and_then(|a| a.parse::<IpAddr>().ok())
                        && config.servers.len() < MAX_NAME_SERVERS
                    {
                        config.servers.push(SocketAddr::new(ip, port));
                    }
                }
                Some("domain") => {
                    if let Some(domain) = fields.next() {
                        config.search = vec![rooted(domain)];
                        search_set = true;
                    }
                }
                Some("search") => {
                    config.search = fields.map(rooted).filter(|d| d != ".").collect();
                    search_set = true;
                }
                Some("options") => {
                    for option in fields {
                        config.apply_option(option);
                    }
                }
                _ => {}
            }
        }
        if !search_set
            && let Some(domain) = hostname
                .and_then(|h| h.split_once('.'))
                .map(|(_, domain)| domain)
                .filter(|d| !d.is_empty())
        {
            config.search = vec![rooted(domain)];
        }
        config
    }

    fn apply_option(&mut self, option: &str) {
        if let Some(n) = option.strip_prefix("ndots:") {
            self.ndots = number(n).min(15);
        } else if let Some(n) = option.strip_prefix("timeout:") {
            self.timeout = Duration::from_secs(number(n).max(1) as u64);
        } else if let Some(n) = option.strip_prefix("attempts:") {
            self.attempts = number(n).max(1);
        } else {
            match option {
                "rotate" => self.rotate = true,
                "single-request" | "single-request-reopen" => self.single_request = true,
                "use-vc" | "usevc" | "tcp" => self.use_tcp = true,
                // edns0, trust-ad, no-reload and the rest change nothing here.
                _ => {}
            }
        }
    }

    /// The fully qualified names to ask for, in order, as Go's `nameList`: a name ending in
    /// a dot only as written; a name with at least `ndots` dots first as written, then with each
    /// search domain; a name with fewer, with each search domain first, then as written.
    pub fn names_to_try(&self, name: &str) -> Vec<String> {
        let length = name.len();
        let is_rooted = name.ends_with('.');
        if length > 254 || (length == 254 && !is_rooted) {
            return Vec::new();
        }
        if is_rooted {
            return if avoid_dns(name) {
                Vec::new()
            } else {
                vec![name.to_owned()]
            };
        }
        let enough_dots = name.matches('.').count() >= self.ndots;
        let name = format!("{name}.");
        let mut names = Vec::with_capacity(1 + self.search.len());
        if enough_dots && !avoid_dns(&name) {
            names.push(name.clone());
        }
        for suffix in &self.search {
            let fqdn = format!("{name}{suffix}");
            if !avoid_dns(&fqdn) && fqdn.len() <= 254 {
                names.push(fqdn);
            }
        }
        if !enough_dots && !avoid_dns(&name) {
            names.push(name);
        }
        names
    }
}

/// Go's `dtoi` as `dnsReadConfig` uses it: the leading digits, 0 without any.
fn number(text: &str) -> usize {
    let digits: &str = &text[..text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len())];
    digits
        .parse::<usize>()
        .unwrap_or(if digits.is_empty() { 0 } else { usize::MAX })
}

fn rooted(name: &str) -> String {
    if name.ends_with('.') {
        name.to_owned()
    } else {
        format!("{name}.")
    }
}

/// Names never sent to DNS (RFC 7686: `.onion`).
fn avoid_dns(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    name.len() >= 6 && name[name.len() - 6..].eq_ignore_ascii_case(".onion")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_gos() {
        let config = DnsConfig::parse("nameserver 127.0.0.1\n", 53, None);
        assert_eq!(config.servers, ["127.0.0.1:53".parse().unwrap()]);
        assert_eq!(config.ndots, 1);
        assert_eq!(config.timeout, Duration::from_secs(5));
        assert_eq!(config.attempts, 2);
        assert!(!config.rotate && !config.single_request && !config.use_tcp);
        assert!(config.search.is_empty());
    }

    #[test]
    fn options_servers_and_search_with_gos_bounds() {
        let config = DnsConfig::parse(
            "# comment\n; other comment\n\
             nameserver 192.0.2.1\nnameserver ::1\nnameserver bogus\n\
             nameserver 192.0.2.2\nnameserver 192.0.2.3\n\
             domain first.test\nsearch a.test b.test. .\n\
             options ndots:20 timeout:0 attempts:0 rotate\n\
             options single-request use-vc edns0 unknown-option\n",
            5353,
            Some("host.from-hostname.test"),
        );
        let servers: Vec<SocketAddr> = ["192.0.2.1:5353", "[::1]:5353", "192.0.2.2:5353"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(config.servers, servers);
        assert_eq!(config.search, ["a.test.", "b.test."]);
        assert_eq!(config.ndots, 15);
        assert_eq!(config.timeout, Duration::from_secs(1));
        assert_eq!(config.attempts, 1);
        assert!(config.rotate && config.single_request && config.use_tcp);

        let config = DnsConfig::parse("options timeout:3 attempts:4 ndots:2\n", 53, None);
        assert_eq!(config.timeout, Duration::from_secs(3));
        assert_eq!(config.attempts, 4);
        assert_eq!(config.ndots, 2);
        assert!(config.servers.is_empty());
    }

    #[test]
    fn the_last_of_search_and_domain_wins_and_the_hostname_is_the_fallback() {
        let config = DnsConfig::parse("search a.test b.test\ndomain c.test\n", 53, None);
        assert_eq!(config.search, ["c.test."]);
        let config = DnsConfig::parse("nameserver 127.0.0.1\n", 53, Some("box.corp.test"));
        assert_eq!(config.search, ["corp.test."]);
        let config = DnsConfig::parse("nameserver 127.0.0.1\n", 53, Some("box"));
        assert!(config.search.is_empty());
        // An explicit empty search line leaves no search domain, not the hostname's.
        let config = DnsConfig::parse("search\n", 53, Some("box.corp.test"));
        assert!(config.search.is_empty());
    }

    #[test]
    fn names_to_try_follow_ndots_and_search_as_go() {
        let config = DnsConfig::parse("search corp.test lab.test\n", 53, None);
        // One dot, ndots 1: as written first.
        assert_eq!(
            config.names_to_try("ivs.example"),
            [
                "ivs.example.",
                "ivs.example.corp.test.",
                "ivs.example.lab.test."
            ]
        );
        // No dot: the search domains first.
        assert_eq!(
            config.names_to_try("ivs"),
            ["ivs.corp.test.", "ivs.lab.test.", "ivs."]
        );
        // Rooted: only as written.
        assert_eq!(config.names_to_try("ivs.example."), ["ivs.example."]);

        let config = DnsConfig::parse("search corp.test\noptions ndots:3\n", 53, None);
        assert_eq!(config.names_to_try("a.b.c"), ["a.b.c.corp.test.", "a.b.c."]);
        assert_eq!(
            config.names_to_try("a.b.c.d"),
            ["a.b.c.d.", "a.b.c.d.corp.test."]
        );
        let config = DnsConfig::parse("options ndots:0\n", 53, None);
        assert_eq!(config.names_to_try("ivs"), ["ivs."]);
    }

    #[test]
    fn onion_and_overlong_names_are_never_asked() {
        let config = DnsConfig::parse("search corp.test\n", 53, None);
        // As in Go, only the name itself is avoided, not the search domains' names.
        assert_eq!(
            config.names_to_try("hidden.onion"),
            ["hidden.onion.corp.test."]
        );
        assert!(config.names_to_try("hidden.onion.").is_empty());
        assert!(config.names_to_try(&"a".repeat(254)).is_empty());
        let long = format!("{}.x", "a".repeat(248));
        assert_eq!(config.names_to_try(&long), [format!("{long}.")]);
    }
}
