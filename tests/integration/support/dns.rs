//! A DNS server of the tests' own, on 127.0.0.1 (UDP): it answers the names it was given (A
//! and AAAA), says NXDOMAIN for the rest, or never answers at all; it records every question.
//! Also the resolver files pointing at it, for the provider (through the test-only variables)
//! or for a `SystemResolver` made in the test.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use terraform_provider_ivs::provider::ResolverFiles;

pub struct DnsServer {
    pub address: SocketAddr,
    questions: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl DnsServer {
    /// A server answering `names` (each with its addresses; names without a trailing dot).
    pub fn answering(names: &[(&str, &[IpAddr])]) -> Self {
        let records = names
            .iter()
            .map(|(name, ips)| (format!("{}.", name.to_ascii_lowercase()), ips.to_vec()))
            .collect();
        Self::start(Some(records))
    }

    /// A server that reads every question and answers none.
    pub fn silent() -> Self {
        Self::start(None)
    }

    fn start(records: Option<HashMap<String, Vec<IpAddr>>>) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("a UDP port on 127.0.0.1");
        socket
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let address = socket.local_addr().unwrap();
        let questions = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (questions, stop) = (questions.clone(), stop.clone());
            std::thread::spawn(move || serve(&socket, records.as_ref(), &questions, &stop))
        };
        DnsServer {
            address,
            questions,
            stop,
            thread: Some(thread),
        }
    }

    /// Every question asked so far, as `NAME TYPE` (`ivs.corp.test. A`), in arrival order.
    pub fn questions(&self) -> Vec<String> {
        self.questions.lock().unwrap().clone()
    }

    /// Resolver files in `dir` (made there: `etc/hosts`, `etc/resolv.conf` naming this server
    /// with `resolv_options` lines after it, and `etc/nsswitch.conf` when given).
    pub fn files(
        &self,
        dir: &Path,
        hosts: &str,
        resolv_extra: &str,
        nsswitch: Option<&str>,
    ) -> ResolverFiles {
        write_files(
            dir,
            hosts,
            &format!("nameserver {}\n{resolv_extra}", self.address.ip()),
            nsswitch,
        );
        let mut files = ResolverFiles::under(dir);
        files.dns_port = self.address.port();
        files
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Writes `etc/hosts`, `etc/resolv.conf` and (if given) `etc/nsswitch.conf` under `dir`.
pub fn write_files(dir: &Path, hosts: &str, resolv_conf: &str, nsswitch: Option<&str>) -> PathBuf {
    let etc = dir.join("etc");
    std::fs::create_dir_all(&etc).unwrap();
    std::fs::write(etc.join("hosts"), hosts).unwrap();
    std::fs::write(etc.join("resolv.conf"), resolv_conf).unwrap();
    if let Some(nsswitch) = nsswitch {
        std::fs::write(etc.join("nsswitch.conf"), nsswitch).unwrap();
    }
    etc
}

fn serve(
    socket: &UdpSocket,
    records: Option<&HashMap<String, Vec<IpAddr>>>,
    questions: &Mutex<Vec<String>>,
    stop: &AtomicBool,
) {
    let mut buffer = [0u8; 4096];
    while !stop.load(Ordering::Relaxed) {
        let Ok((length, from)) = socket.recv_from(&mut buffer) else {
            continue;
        };
        let Ok(query) = Message::from_vec(&buffer[..length]) else {
            continue;
        };
        let Some(question) = query.queries.first().cloned() else {
            continue;
        };
        let name = question.name().to_ascii().to_ascii_lowercase();
        questions
            .lock()
            .unwrap()
            .push(format!("{name} {}", question.query_type()));
        let Some(records) = records else {
            continue;
        };
        let mut answer = Message::response(query.metadata.id, query.metadata.op_code);
        answer.metadata.message_type = MessageType::Response;
        answer.metadata.authoritative = true;
        answer.metadata.recursion_desired = query.metadata.recursion_desired;
        answer.metadata.recursion_available = true;
        answer.add_query(question.clone());
        match records.get(&name) {
            None => answer.metadata.response_code = ResponseCode::NXDomain,
            Some(ips) => {
                let owner = Name::from_ascii(&name).unwrap();
                for ip in ips {
                    let data = match (ip, question.query_type()) {
                        (IpAddr::V4(v4), RecordType::A) => RData::A(A(*v4)),
                        (IpAddr::V6(v6), RecordType::AAAA) => RData::AAAA(AAAA(*v6)),
                        _ => continue,
                    };
                    answer.add_answer(Record::from_rdata(owner.clone(), 60, data));
                }
            }
        }
        if let Ok(bytes) = answer.to_vec() {
            let _ = socket.send_to(&bytes, from);
        }
    }
}
