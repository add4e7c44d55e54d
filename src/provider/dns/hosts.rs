//! `/etc/hosts`, read as Go's resolver reads it: an address, then its names; `#` starts a
//! comment; names match whatever their case, with or without a trailing dot.

use std::collections::HashMap;
use std::net::IpAddr;

/// The names of a hosts file, each with its addresses in the file's order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Hosts {
    by_name: HashMap<String, Vec<IpAddr>>,
}

impl Hosts {
    pub fn parse(text: &str) -> Self {
        let mut by_name: HashMap<String, Vec<IpAddr>> = HashMap::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            let mut fields = line.split_whitespace();
            let Some(address) = fields.next() else {
                continue;
            };
            // Go also takes a zone (`fe80::1%eth0`); an address with a zone cannot be dialled
            // without it, so such lines are skipped here.
            let Ok(address) = address.parse::<IpAddr>() else {
                continue;
            };
            for name in fields {
                let addresses = by_name.entry(key(name)).or_default();
                if !addresses.contains(&address) {
                    addresses.push(address);
                }
            }
        }
        Hosts { by_name }
    }

    /// The addresses of `name`, of both families (empty when the file does not name it).
    pub fn lookup(&self, name: &str) -> &[IpAddr] {
        self.by_name.get(&key(name)).map_or(&[], Vec::as_slice)
    }
}

fn key(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_map_to_their_addresses_in_file_order() {
        let hosts = Hosts::parse(
            "# a comment\n\
             127.0.0.1\tlocalhost\n\
             ::1 localhost ip6-localhost # trailing comment\n\
             10.0.0.5 ivs.example.test IVS-Alias\n\
             10.0.0.6 ivs.example.test\n\
             10.0.0.5 ivs.example.test\n\
             not-an-address foo\n\
             fe80::1%eth0 zoned\n\
             192.0.2.1\n",
        );
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(hosts.lookup("localhost"), [ip("127.0.0.1"), ip("::1")]);
        assert_eq!(hosts.lookup("ip6-localhost"), [ip("::1")]);
        assert_eq!(
            hosts.lookup("IVS.Example.Test."),
            [ip("10.0.0.5"), ip("10.0.0.6")]
        );
        assert_eq!(hosts.lookup("ivs-alias"), [ip("10.0.0.5")]);
        assert!(hosts.lookup("foo").is_empty());
        assert!(hosts.lookup("zoned").is_empty());
        assert!(hosts.lookup("comment").is_empty());
        assert!(hosts.lookup("other.test").is_empty());
    }
}
