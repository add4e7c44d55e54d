//! Entry points of the fuzz targets (`fuzz/`, nightly `cargo fuzz`), kept here so that stable
//! `cargo test` replays the committed corpora (`tests/fuzz_corpus.rs`) through the very same
//! functions. Each takes arbitrary bytes, must never panic, and panics only when an invariant
//! of the code under test is broken (so a fuzzer reports it).
//!
//! The input is read with a small [`Bytes`] reader rather than the `arbitrary` crate: a type,
//! then a value or raw bytes. That keeps a fuzzing-only crate out of the provider's
//! dependencies and out of stable builds, while every input still maps to a type and a value.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_ivs::types::{
    DestinationConfiguration, RecordingConfiguration, RecordingConfigurationState,
    RecordingConfigurationSummary, RecordingMode, RenditionConfiguration,
    RenditionConfigurationRendition, RenditionConfigurationRenditionSelection,
    S3DestinationConfiguration, ThumbnailConfiguration, ThumbnailConfigurationResolution,
    ThumbnailConfigurationStorage,
};

use crate::data_sources::arn;
use crate::data_sources::kind::{Kind, Resource};
use crate::data_sources::kinds::recording_configuration::RecordingConfiguration as RecordingConfigurationKind;
use crate::data_sources::shape::{optional_string, string_map};
use crate::diagnostics::quote;
use crate::values::{self, Number, Type, Value};

/// How deep generated types nest: enough for every shape the schemas use.
const MAX_TYPE_DEPTH: usize = 4;
/// The most elements or attributes a generated collection gets.
const MAX_ITEMS: u8 = 4;

/// Reads choices from fuzz input; when the input runs out every choice is zero (the first
/// alternative, the empty string), so every input means something.
pub struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes(data)
    }

    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((first, rest)) => {
                self.0 = rest;
                *first
            }
            None => 0,
        }
    }

    /// A choice among `n` alternatives.
    pub fn choose(&mut self, n: u8) -> u8 {
        self.byte() % n.max(1)
    }

    /// A string of up to 255 bytes (lossy UTF-8).
    pub fn string(&mut self) -> String {
        let len = usize::from(self.byte()).min(self.0.len());
        let (text, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(text).into_owned()
    }

    pub fn u64(&mut self) -> u64 {
        (0..8).fold(0, |n, _| (n << 8) | u64::from(self.byte()))
    }

    /// What is left.
    pub fn rest(self) -> &'a [u8] {
        self.0
    }
}

/// A type, as deep as [`MAX_TYPE_DEPTH`].
pub fn arbitrary_type(bytes: &mut Bytes, depth: usize) -> Type {
    let kinds = if depth >= MAX_TYPE_DEPTH { 3 } else { 7 };
    match bytes.choose(kinds) {
        0 => Type::String,
        1 => Type::Number,
        2 => Type::Bool,
        3 => Type::list(arbitrary_type(bytes, depth + 1)),
        4 => Type::set(arbitrary_type(bytes, depth + 1)),
        5 => Type::map(arbitrary_type(bytes, depth + 1)),
        _ => {
            let count = bytes.choose(MAX_ITEMS + 1);
            let attributes: BTreeMap<String, Type> = (0..count)
                .map(|_| (bytes.string(), arbitrary_type(bytes, depth + 1)))
                .collect();
            Type::Object(attributes)
        }
    }
}

/// A value of type `ty`; null anywhere, unknown anywhere when `unknowns`.
pub fn arbitrary_value(bytes: &mut Bytes, ty: &Type, unknowns: bool) -> Value {
    match bytes.choose(8) {
        0 => return Value::Null,
        1 if unknowns => return Value::Unknown,
        _ => {}
    }
    let items = |element: &Type, bytes: &mut Bytes| -> Vec<Value> {
        (0..bytes.choose(MAX_ITEMS + 1))
            .map(|_| arbitrary_value(bytes, element, unknowns))
            .collect()
    };
    match ty {
        Type::String => Value::String(bytes.string()),
        Type::Bool => Value::Bool(bytes.byte() & 1 == 1),
        Type::Number => Value::Number(match bytes.choose(3) {
            0 => Number::Int(bytes.u64() as i64),
            1 => Number::from_u64(bytes.u64()),
            _ => Number::from_f64(f64::from_bits(bytes.u64())),
        }),
        Type::List(element) => Value::List(items(element, bytes)),
        Type::Set(element) => Value::Set(items(element, bytes)),
        Type::Map(element) => Value::Map(
            (0..bytes.choose(MAX_ITEMS + 1))
                .map(|_| (bytes.string(), arbitrary_value(bytes, element, unknowns)))
                .collect(),
        ),
        Type::Object(attributes) => Value::Object(
            attributes
                .iter()
                .map(|(name, ty)| (name.clone(), arbitrary_value(bytes, ty, unknowns)))
                .collect(),
        ),
    }
}

/// Target `values_msgpack`: a type, then msgpack bytes decoded as it. Whatever decodes conforms
/// to the type and encodes back to bytes that decode to the same value.
pub fn values_msgpack(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let ty = arbitrary_type(&mut bytes, 0);
    if let Ok(value) = values::decode_msgpack(bytes.rest(), &ty) {
        check_decoded(&value, &ty, values::encode_msgpack, values::decode_msgpack);
    }
}

/// Target `values_json`: a type, then JSON bytes decoded as it; as [`values_msgpack`].
pub fn values_json(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let ty = arbitrary_type(&mut bytes, 0);
    if let Ok(value) = values::decode_json(bytes.rest(), &ty) {
        check_decoded(&value, &ty, values::encode_json, values::decode_json);
    }
}

type Encode = fn(&Value, &Type) -> Result<Vec<u8>, values::ValueError>;
type Decode = fn(&[u8], &Type) -> Result<Value, values::ValueError>;

fn check_decoded(value: &Value, ty: &Type, encode: Encode, decode: Decode) {
    if let Err(error) = value.conforms_to(ty) {
        panic!("decoded {value:?} does not conform to {ty:?}: {error}");
    }
    let encoded = encode(value, ty).unwrap_or_else(|e| panic!("{value:?} as {ty:?}: {e}"));
    let again = decode(&encoded, ty).unwrap_or_else(|e| panic!("{value:?} as {ty:?}: {e}"));
    assert_eq!(&again, value, "round trip of {ty:?}");
}

/// Target `values_round_trip`: a type and a value of it; whatever encodes (msgpack with
/// unknowns, JSON without) decodes back to the same value.
pub fn values_round_trip(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let ty = arbitrary_type(&mut bytes, 0);
    let with_unknowns = bytes.byte() & 1 == 1;
    let value = arbitrary_value(&mut bytes, &ty, with_unknowns);
    let conforms = value.conforms_to(&ty).is_ok();
    let pairs: [(Encode, Decode); 2] = [
        (values::encode_msgpack, values::decode_msgpack),
        (values::encode_json, values::decode_json),
    ];
    for (encode, decode) in pairs {
        // What cannot be encoded (unknowns in JSON, a value off its type) is refused, not
        // checked further.
        if let Ok(encoded) = encode(&value, &ty) {
            assert!(
                conforms,
                "encoded {value:?}, which does not conform to {ty:?}"
            );
            let again = decode(&encoded, &ty)
                .unwrap_or_else(|e| panic!("{value:?} as {ty:?} does not decode: {e}"));
            assert_eq!(again, normalized(&value), "round trip of {ty:?}");
        }
    }
}

/// `value` with its numbers as decoding yields them (integral floats become integers).
fn normalized(value: &Value) -> Value {
    match value {
        Value::Number(n) => Value::Number(n.normalized()),
        Value::List(items) => Value::List(items.iter().map(normalized).collect()),
        Value::Set(items) => Value::Set(items.iter().map(normalized).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        Value::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Target `arn`: any text parsed as a recording configuration ARN. A parsed ARN's parts are
/// its own, within IVS's limits; an error quotes a bounded part of the text.
pub fn arn(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match arn::parse(&text, "recording-configuration") {
        Ok(parsed) => {
            assert!(text.len() <= arn::MAX_LENGTH);
            assert_eq!(parsed.account.len(), arn::ACCOUNT_DIGITS);
            assert!(parsed.account.bytes().all(|b| b.is_ascii_digit()));
            let rebuilt = format!(
                "arn:{}:ivs:{}:{}:recording-configuration/{}",
                parsed.partition, parsed.region, parsed.account, parsed.id
            );
            assert_eq!(rebuilt, text);
        }
        Err(error) => {
            let bound = 2 * arn::MAX_LENGTH + quote(&text).len() + 300;
            assert!(error.0.len() <= bound, "{error}");
        }
    }
}

/// Target `recording_configuration_mapping`: an arbitrary GetRecordingConfiguration output and
/// the summary List would return for it, mapped to Terraform values. The state conforms to the
/// data source's type and encodes, and what the plural's filters read on the summary (ARN,
/// name, tags) equals what the state shows.
pub fn recording_configuration_mapping(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let arn = bytes.string();
    let name = optional(&mut bytes, |b| b.string());
    let state = RecordingConfigurationState::from(
        [
            "ACTIVE",
            "CREATING",
            "CREATE_FAILED",
            "no value was set",
            "",
        ][usize::from(bytes.choose(5))],
    );
    let tags = optional(&mut bytes, |b| {
        (0..b.choose(MAX_ITEMS + 1))
            .map(|_| (b.string(), b.string()))
            .collect::<HashMap<_, _>>()
    });
    let destination = optional(&mut bytes, |b| {
        DestinationConfiguration::builder()
            .set_s3(optional(b, |b| {
                S3DestinationConfiguration::builder()
                    .bucket_name(b.string())
                    .build()
                    .expect("bucket_name is set")
            }))
            .build()
    });
    let thumbnails = optional(&mut bytes, |b| {
        ThumbnailConfiguration::builder()
            .set_recording_mode(optional(b, |b| RecordingMode::from(b.string().as_str())))
            .set_target_interval_seconds(optional(b, |b| b.u64() as i64))
            .set_resolution(optional(b, |b| {
                ThumbnailConfigurationResolution::from(b.string().as_str())
            }))
            .set_storage(optional(b, |b| {
                (0..b.choose(MAX_ITEMS))
                    .map(|_| ThumbnailConfigurationStorage::from(b.string().as_str()))
                    .collect()
            }))
            .build()
    });
    let renditions = optional(&mut bytes, |b| {
        RenditionConfiguration::builder()
            .set_rendition_selection(optional(b, |b| {
                RenditionConfigurationRenditionSelection::from(b.string().as_str())
            }))
            .set_renditions(optional(b, |b| {
                (0..b.choose(MAX_ITEMS))
                    .map(|_| RenditionConfigurationRendition::from(b.string().as_str()))
                    .collect()
            }))
            .build()
    });
    let reconnect = bytes.u64() as i64 as i32;
    let full = RecordingConfiguration::builder()
        .arn(&arn)
        .set_name(name.clone())
        .state(state.clone())
        .set_tags(tags.clone())
        .set_destination_configuration(destination.clone())
        .set_thumbnail_configuration(thumbnails)
        .set_rendition_configuration(renditions)
        .recording_reconnect_window_seconds(reconnect)
        .build();
    let summary = RecordingConfigurationSummary::builder()
        .arn(&arn)
        .set_name(name)
        .state(state)
        .set_tags(tags)
        .set_destination_configuration(destination)
        .build();
    let (Ok(full), Ok(summary)) = (full, summary) else {
        return;
    };
    let full_shape = RecordingConfigurationKind::shape();
    let state = full_shape.state(&full);
    let ty = Type::object(
        full_shape
            .attributes()
            .iter()
            .map(|a| (a.name, a.value_type())),
    );
    if let Err(error) = state.conforms_to(&ty) {
        panic!("{state:?} does not conform to {ty:?}: {error}");
    }
    let encoded = values::encode_msgpack(&state, &ty).expect("a state encodes");
    assert_eq!(
        values::decode_msgpack(&encoded, &ty).ok().as_ref(),
        Some(&state)
    );
    let listed = [
        ("arn", Value::String(summary.arn().to_owned())),
        ("name", optional_string(Resource::name(&summary))),
        ("tags", string_map(Resource::tags(&summary))),
    ];
    for (name, value) in listed {
        assert_eq!(state.attr(name), Some(&value), "{name}");
    }
}

/// `Some(make(bytes))` or `None`, as the next byte says.
fn optional<'a, T>(bytes: &mut Bytes<'a>, make: impl FnOnce(&mut Bytes<'a>) -> T) -> Option<T> {
    (bytes.byte() & 1 == 1).then(|| make(bytes))
}
