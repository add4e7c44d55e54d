//! `ingest_url(ingest_endpoint, protocol)`: the URL an encoder streams a channel to, from the
//! channel's `ingest_endpoint`. The stream key is not part of it: encoders take the key apart,
//! and a URL holding it would be a secret where this one is not.

use super::{CallError, Function, Parameter, Signature, string_argument};
use crate::diagnostics::quote;
use crate::values::{Type, Value};

pub struct IngestUrl;

/// The URL of one protocol for an ingest endpoint.
type UrlOf = fn(&str) -> String;

/// The protocols, with the URL of each for an ingest endpoint (as IVS's streaming guide gives
/// them: RTMPS on port 443, RTMP on its default port, both under `/app/`).
const PROTOCOLS: [(&str, UrlOf); 2] = [
    ("rtmps", |endpoint| format!("rtmps://{endpoint}:443/app/")),
    ("rtmp", |endpoint| format!("rtmp://{endpoint}/app/")),
];

/// The longest DNS name.
const MAX_HOST_LENGTH: usize = 253;

impl Function for IngestUrl {
    fn name(&self) -> &'static str {
        "ingest_url"
    }

    fn signature(&self) -> Signature {
        Signature {
            summary: "The URL an encoder streams an Amazon IVS channel to".into(),
            description: "Builds the ingest URL of an Amazon IVS channel for an encoder (OBS, \
                          FFmpeg...) from the channel's `ingest_endpoint`: \
                          `rtmps://<ingest_endpoint>:443/app/` for the protocol `rtmps`, \
                          `rtmp://<ingest_endpoint>/app/` for `rtmp`. The stream key is not \
                          part of the URL: give it to the encoder separately (see the \
                          `ivs_stream_key` ephemeral resource). It calls no AWS API."
                .into(),
            parameters: vec![
                Parameter {
                    name: "ingest_endpoint",
                    ty: Type::String,
                    description: "The channel's `ingest_endpoint`, a host name such as \
                                  `a1b2c3d4e5f6.global-contribute.live-video.net`."
                        .into(),
                },
                Parameter {
                    name: "protocol",
                    ty: Type::String,
                    description: "`rtmps` (encrypted; what IVS recommends) or `rtmp`.".into(),
                },
            ],
            returns: Type::String,
        }
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, CallError> {
        let endpoint = string_argument(arguments, 0, "ingest_endpoint")?;
        let protocol = string_argument(arguments, 1, "protocol")?;
        check_host(endpoint).map_err(|why| {
            CallError::argument(0, format!("{} is not a host name: {why}", quote(endpoint)))
        })?;
        let Some((_, url)) = PROTOCOLS.iter().find(|(name, _)| *name == protocol) else {
            return Err(CallError::argument(
                1,
                format!(
                    "the protocol {} is not \"rtmps\" or \"rtmp\"",
                    quote(protocol)
                ),
            ));
        };
        Ok(Value::String(url(endpoint)))
    }
}

/// Why `host` is not a DNS name an ingest endpoint could be, if it is not.
fn check_host(host: &str) -> Result<(), &'static str> {
    if host.is_empty() {
        return Err("it is empty");
    }
    if host.contains("://") {
        return Err("give the host alone, without a scheme such as rtmps://");
    }
    if host.len() > MAX_HOST_LENGTH {
        return Err("it is longer than a DNS name may be (253 characters)");
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !host.split('.').all(label_ok) {
        return Err("it must be labels of letters, digits and \"-\" separated by \".\"");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(endpoint: &str, protocol: &str) -> Result<Value, CallError> {
        IngestUrl.call(&[
            Value::String(endpoint.into()),
            Value::String(protocol.into()),
        ])
    }

    const ENDPOINT: &str = "a1b2c3d4e5f6.global-contribute.live-video.net";

    #[test]
    fn builds_the_url_of_each_protocol() {
        assert_eq!(
            call(ENDPOINT, "rtmps").unwrap().as_str(),
            Some("rtmps://a1b2c3d4e5f6.global-contribute.live-video.net:443/app/")
        );
        assert_eq!(
            call(ENDPOINT, "rtmp").unwrap().as_str(),
            Some("rtmp://a1b2c3d4e5f6.global-contribute.live-video.net/app/")
        );
    }

    #[test]
    fn errors_name_the_argument() {
        for (endpoint, protocol, index, expected) in [
            ("", "rtmps", 0, "it is empty"),
            ("rtmps://x.net", "rtmps", 0, "without a scheme"),
            ("a..b", "rtmps", 0, "labels"),
            ("a_b.net", "rtmps", 0, "labels"),
            (ENDPOINT, "srt", 1, "the protocol \"srt\""),
            (ENDPOINT, "RTMPS", 1, "the protocol \"RTMPS\""),
        ] {
            let error = call(endpoint, protocol).unwrap_err();
            assert_eq!(error.argument, Some(index), "{}", error.text);
            assert!(error.text.contains(expected), "{}", error.text);
            assert!(!error.text.ends_with('.'), "{}", error.text);
        }
    }
}
