//! Property tests: whatever we encode decodes to the same value, encodings are
//! stable, and no byte string can make the decoders panic.

use proptest::prelude::*;

use super::strategies::{arb_type, assert_normalized, typed_value};
use crate::values::{Type, decode_json, decode_msgpack, encode_json, encode_msgpack};

proptest! {
    // 256 cases each by default; PROPTEST_CASES raises it for a longer soak.

    /// msgpack: decode(encode(v)) == v for any value, unknowns included; the
    /// decoded value is normalised and re-encodes to the same bytes.
    #[test]
    fn msgpack_round_trip((ty, value) in typed_value(true)) {
        value.conforms_to(&ty).unwrap();
        let bytes = encode_msgpack(&value, &ty).unwrap();
        let decoded = decode_msgpack(&bytes, &ty).unwrap();
        prop_assert_eq!(&decoded, &value);
        assert_normalized(&decoded);
        prop_assert_eq!(encode_msgpack(&decoded, &ty).unwrap(), bytes);
    }

    /// JSON: the same for wholly known values.
    #[test]
    fn json_round_trip((ty, value) in typed_value(false)) {
        prop_assert!(value.is_known());
        let bytes = encode_json(&value, &ty).unwrap();
        let decoded = decode_json(&bytes, &ty).unwrap();
        prop_assert_eq!(&decoded, &value);
        assert_normalized(&decoded);
        prop_assert_eq!(encode_json(&decoded, &ty).unwrap(), bytes);
    }

    /// JSON refuses exactly the values that hold an unknown somewhere, and
    /// accepts (and round-trips) the others.
    #[test]
    fn json_rejects_exactly_unknowns((ty, value) in typed_value(true)) {
        match encode_json(&value, &ty) {
            Ok(bytes) => {
                prop_assert!(value.is_known());
                prop_assert_eq!(decode_json(&bytes, &ty).unwrap(), value);
            }
            Err(e) => {
                prop_assert!(!value.is_known());
                prop_assert!(e.message.contains("unknown"), "{}", e);
            }
        }
    }

    /// msgpack is self-delimiting, so every strict prefix of an encoding must
    /// fail to decode, and so must the encoding with a byte appended.
    #[test]
    fn msgpack_prefixes_and_suffixes_fail((ty, value) in typed_value(true)) {
        let bytes = encode_msgpack(&value, &ty).unwrap();
        for cut in 0..bytes.len() {
            prop_assert!(decode_msgpack(&bytes[..cut], &ty).is_err(), "prefix {} decoded", cut);
        }
        let mut longer = bytes.clone();
        longer.push(0xc0);
        let err = decode_msgpack(&longer, &ty).unwrap_err();
        prop_assert!(err.message.contains("trailing"), "{}", err);
    }

    /// Corrupting one byte of a valid encoding may or may not still decode,
    /// but must never panic.
    #[test]
    fn msgpack_corruption_never_panics(
        (ty, value) in typed_value(true),
        index in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = encode_msgpack(&value, &ty).unwrap();
        let i = index.index(bytes.len());
        bytes[i] = byte;
        let _ = decode_msgpack(&bytes, &ty);
    }

    /// Arbitrary bytes never panic either decoder.
    #[test]
    fn arbitrary_bytes_never_panic(ty in arb_type(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = decode_msgpack(&bytes, &ty);
        let _ = decode_json(&bytes, &ty);
    }

    /// The cty type JSON reads back as the same type.
    #[test]
    fn type_json_round_trip(ty in arb_type()) {
        prop_assert_eq!(Type::from_json(&ty.to_json()).unwrap(), ty.clone());
        prop_assert_eq!(Type::from_json_bytes(&ty.to_json_bytes()).unwrap(), ty);
    }
}
