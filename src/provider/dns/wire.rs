//! Asking the name servers, as Go's resolver asks them (`tryOneName` and `exchange` in Go's
//! `net/dnsclient_unix.go`): each name of the search list in turn, A and AAAA at once (one after
//! the other with `single-request`); each question to every server in turn, `attempts` rounds,
//! each query given `timeout`; UDP, and TCP when the answer is truncated or with `use-vc`.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};

use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

use super::error::Reason;
use super::resolv_conf::DnsConfig;

/// Go's EDNS(0) UDP payload size (the DNS Flag Day 2020 value).
const UDP_PAYLOAD: u16 = 1232;

/// Why one question got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum QueryFailure {
    /// The name does not exist, or has no record of the type asked: no server would say more.
    NoSuchName,
    /// No answer in time from any server, at any attempt.
    NoAnswer,
    /// A server answered, but not usefully (SERVFAIL, REFUSED, a lame referral, garbage).
    Misbehaving { server: SocketAddr, what: String },
    /// The query could not be sent (no route, refused by the OS...).
    Unreachable { server: SocketAddr, what: String },
}

/// Looks up `name` in DNS, as configured. `rotation` counts lookups, for `rotate`.
pub async fn lookup(
    config: &DnsConfig,
    rotation: &AtomicUsize,
    name: &str,
) -> Result<Vec<IpAddr>, Reason> {
    if config.servers.is_empty() {
        return Err(Reason::NoNameServers);
    }
    let names = config.names_to_try(name);
    let mut error: Option<QueryFailure> = None;
    let original = format!("{}.", name.trim_end_matches('.'));
    for fqdn in &names {
        let Ok(question) = Name::from_ascii(fqdn) else {
            continue;
        };
        let (v4, v6) = if config.single_request {
            let v4 = ask(config, rotation, &question, RecordType::A).await;
            let v6 = ask(config, rotation, &question, RecordType::AAAA).await;
            (v4, v6)
        } else {
            tokio::join!(
                ask(config, rotation, &question, RecordType::A),
                ask(config, rotation, &question, RecordType::AAAA)
            )
        };
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for result in [v4, v6] {
            match result {
                Ok(addresses) => found.extend(addresses),
                Err(failure) => failures.push(failure),
            }
        }
        if !found.is_empty() {
            return Ok(found);
        }
        // Go keeps the first error, or the one for the name as written. Among the two of one
        // name, a timeout says more than "no such name" for the other type.
        failures.sort_by_key(|f| matches!(f, QueryFailure::NoSuchName));
        if let Some(failure) = failures.into_iter().next()
            && (error.is_none() || *fqdn == original)
        {
            error = Some(failure);
        }
    }
    Err(match error {
        None | Some(QueryFailure::NoSuchName) => Reason::NoSuchHost { asked: names },
        Some(QueryFailure::NoAnswer) => Reason::TimedOut {
            servers: config.servers.clone(),
            attempts: config.attempts,
            timeout: config.timeout,
        },
        Some(QueryFailure::Misbehaving { server, what }) => Reason::ServerFailure { server, what },
        Some(QueryFailure::Unreachable { server, what }) => Reason::Unreachable { server, what },
    })
}

/// One question, to every server in turn, `attempts` times over: Go's `tryOneName`.
async fn ask(
    config: &DnsConfig,
    rotation: &AtomicUsize,
    name: &Name,
    record_type: RecordType,
) -> Result<Vec<IpAddr>, QueryFailure> {
    let servers = &config.servers;
    let offset = if config.rotate {
        rotation.fetch_add(1, Ordering::Relaxed) % servers.len()
    } else {
        0
    };
    let mut last = QueryFailure::NoAnswer;
    for _ in 0..config.attempts {
        for j in 0..servers.len() {
            let server = servers[(offset + j) % servers.len()];
            let answer = match exchange(config, server, name, record_type).await {
                Ok(answer) => answer,
                Err(failure) => {
                    // A timeout says less than why a server failed: keep the better reason.
                    if failure != QueryFailure::NoAnswer || last == QueryFailure::NoAnswer {
                        last = failure;
                    }
                    continue;
                }
            };
            let metadata = &answer.metadata;
            match metadata.response_code {
                ResponseCode::NXDomain => return Err(QueryFailure::NoSuchName),
                ResponseCode::NoError => {}
                code => {
                    last = QueryFailure::Misbehaving {
                        server,
                        what: format!("answered {code}"),
                    };
                    continue;
                }
            }
            if answer.answers.is_empty() && !metadata.authoritative && !metadata.recursion_available
            {
                last = QueryFailure::Misbehaving {
                    server,
                    what: "answered with a referral (it does not resolve recursively)".to_owned(),
                };
                continue;
            }
            let addresses: Vec<IpAddr> = answer
                .answers
                .iter()
                .filter_map(|record| match (&record.data, record_type) {
                    (RData::A(a), RecordType::A) => Some(IpAddr::V4(a.0)),
                    (RData::AAAA(aaaa), RecordType::AAAA) => Some(IpAddr::V6(aaaa.0)),
                    _ => None,
                })
                .collect();
            return if addresses.is_empty() {
                Err(QueryFailure::NoSuchName)
            } else {
                Ok(addresses)
            };
        }
    }
    Err(last)
}

/// One query to one server, in `timeout`: UDP, then TCP if the answer was truncated.
async fn exchange(
    config: &DnsConfig,
    server: SocketAddr,
    name: &Name,
    record_type: RecordType,
) -> Result<Message, QueryFailure> {
    let mut query = Message::query();
    query.metadata.recursion_desired = true;
    query.add_query(Query::query(name.clone(), record_type));
    let mut edns = Edns::new();
    edns.set_max_payload(UDP_PAYLOAD);
    query.set_edns(edns);
    let bytes = query.to_vec().map_err(|e| QueryFailure::Misbehaving {
        server,
        what: format!("the question cannot be encoded: {e}"),
    })?;
    let unreachable = |e: std::io::Error| QueryFailure::Unreachable {
        server,
        what: e.to_string(),
    };
    if !config.use_tcp {
        let answer = tokio::time::timeout(config.timeout, udp(server, &bytes, &query))
            .await
            .map_err(|_| QueryFailure::NoAnswer)?
            .map_err(unreachable)?;
        if !answer.metadata.truncation {
            return Ok(answer);
        }
    }
    tokio::time::timeout(config.timeout, tcp(server, &bytes, &query))
        .await
        .map_err(|_| QueryFailure::NoAnswer)?
        .map_err(unreachable)?
        .ok_or_else(|| QueryFailure::Misbehaving {
            server,
            what: "answered over TCP with something that is not the answer".to_owned(),
        })
}

async fn udp(server: SocketAddr, bytes: &[u8], query: &Message) -> std::io::Result<Message> {
    let local: SocketAddr = if server.is_ipv4() {
        (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = UdpSocket::bind(local).await?;
    socket.connect(server).await?;
    socket.send(bytes).await?;
    let mut buffer = vec![0; usize::from(UDP_PAYLOAD).max(512) * 2];
    loop {
        let length = socket.recv(&mut buffer).await?;
        // Anything that is not the answer to this question (a late answer, a spoof) is
        // ignored, as Go does, until the timeout.
        if let Ok(answer) = Message::from_vec(&buffer[..length])
            && answers(query, &answer)
        {
            return Ok(answer);
        }
    }
}

async fn tcp(
    server: SocketAddr,
    bytes: &[u8],
    query: &Message,
) -> std::io::Result<Option<Message>> {
    let mut stream = TcpStream::connect(server).await?;
    let length = u16::try_from(bytes.len()).map_err(std::io::Error::other)?;
    let mut framed = length.to_be_bytes().to_vec();
    framed.extend_from_slice(bytes);
    stream.write_all(&framed).await?;
    let length = stream.read_u16().await?;
    let mut buffer = vec![0; usize::from(length)];
    stream.read_exact(&mut buffer).await?;
    Ok(Message::from_vec(&buffer)
        .ok()
        .filter(|answer| answers(query, answer)))
}

/// Whether `answer` answers `query`: its id, a response, the same question (Go's
/// `checkResponse`).
fn answers(query: &Message, answer: &Message) -> bool {
    answer.metadata.id == query.metadata.id
        && answer.metadata.message_type == MessageType::Response
        && answer.metadata.op_code == OpCode::Query
        && match (query.queries.first(), answer.queries.first()) {
            (Some(asked), Some(answered)) => {
                asked.query_type() == answered.query_type()
                    && asked.query_class() == answered.query_class()
                    && asked.name() == answered.name()
            }
            _ => false,
        }
}
