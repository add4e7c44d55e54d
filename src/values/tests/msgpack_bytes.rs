//! Byte-level msgpack tests: the exact forms cty writes and reads.

use std::collections::BTreeMap;

use crate::values::{
    AttrPath, Number, PathStep, Type, Value, ValueError, decode_msgpack, encode_msgpack,
};

/// Builds msgpack bytes with `rmp`, so the tests do not depend on our encoder.
fn build(write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut buf = Vec::new();
    write(&mut buf);
    buf
}

fn str_(buf: &mut Vec<u8>, s: &str) {
    rmp::encode::write_str(buf, s).unwrap();
}

fn decode_err(bytes: &[u8], ty: &Type) -> ValueError {
    match decode_msgpack(bytes, ty) {
        Ok(v) => panic!("decoded {v:?} from {bytes:02x?}, expected an error"),
        Err(e) => e,
    }
}

/// The type the path tests use: `endpoints.ivs`, `rules[i].name`, `tags[key]`.
fn endpoints_type() -> Type {
    Type::object([
        ("endpoints", Type::object([("ivs", Type::String)])),
        ("rules", Type::list(Type::object([("name", Type::String)]))),
        ("tags", Type::map(Type::Bool)),
    ])
}

#[test]
fn unknown_encodes_as_cty_fixext1() {
    for ty in [
        Type::String,
        Type::Number,
        Type::list(Type::Bool),
        endpoints_type(),
    ] {
        assert_eq!(
            encode_msgpack(&Value::Unknown, &ty).unwrap(),
            [0xd4, 0x00, 0x00]
        );
        assert_eq!(
            decode_msgpack(&[0xd4, 0x00, 0x00], &ty).unwrap(),
            Value::Unknown
        );
    }
}

#[test]
fn null_is_nil() {
    assert_eq!(
        encode_msgpack(&Value::Null, &endpoints_type()).unwrap(),
        [0xc0]
    );
    assert_eq!(decode_msgpack(&[0xc0], &Type::Number).unwrap(), Value::Null);
}

#[test]
fn refined_unknown_ext12_decodes_as_unknown() {
    // Terraform ≥ 1.6 refinements: {1: false (not null), 2: "ivs-" (prefix)}.
    let payload = build(|b| {
        rmp::encode::write_map_len(b, 2).unwrap();
        rmp::encode::write_uint(b, 1).unwrap();
        rmp::encode::write_bool(b, false).unwrap();
        rmp::encode::write_uint(b, 2).unwrap();
        str_(b, "ivs-");
    });
    let ext = build(|b| {
        rmp::encode::write_ext_meta(b, payload.len() as u32, 12).unwrap();
        b.extend_from_slice(&payload);
    });
    assert_eq!(
        ext[0],
        0xc7,
        "payload of {} bytes should use ext8",
        payload.len()
    );
    assert_eq!(decode_msgpack(&ext, &Type::String).unwrap(), Value::Unknown);

    // Inside an object and a list too.
    let ty = Type::object([("arn", Type::String), ("ids", Type::list(Type::String))]);
    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 2).unwrap();
        str_(b, "arn");
        b.extend_from_slice(&ext);
        str_(b, "ids");
        rmp::encode::write_array_len(b, 1).unwrap();
        b.extend_from_slice(&ext);
    });
    let expected = Value::object([
        ("arn", Value::Unknown),
        ("ids", Value::List(vec![Value::Unknown])),
    ]);
    assert_eq!(decode_msgpack(&bytes, &ty).unwrap(), expected);
    // Re-encoding drops the refinements and writes the plain cty unknown.
    let reencoded = encode_msgpack(&expected, &ty).unwrap();
    assert!(reencoded.windows(3).any(|w| w == [0xd4, 0x00, 0x00]));
    assert!(!reencoded.contains(&0xc7));
}

#[test]
fn other_extension_types_are_errors() {
    let err = decode_err(&[0xd4, 0x05, 0x00], &Type::String);
    assert!(err.message.contains("extension type 5"), "{err}");
}

#[test]
fn object_from_raw_map_with_missing_attribute_as_null() {
    let ty = Type::object([
        ("name", Type::String),
        ("port", Type::Number),
        ("tags", Type::map(Type::String)),
    ]);
    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 2).unwrap();
        str_(b, "port");
        rmp::encode::write_u16(b, 8080).unwrap();
        str_(b, "name");
        str_(b, "x");
    });
    let v = decode_msgpack(&bytes, &ty).unwrap();
    assert_eq!(v.attr("name").and_then(Value::as_str), Some("x"));
    assert_eq!(v.attr("port").and_then(Value::as_i64), Some(8080));
    assert_eq!(v.attr("tags"), Some(&Value::Null));
    assert_eq!(v.as_object().map(BTreeMap::len), Some(3));
}

#[test]
fn unknown_attribute_is_an_error_naming_it() {
    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 1).unwrap();
        str_(b, "endpoints");
        rmp::encode::write_map_len(b, 1).unwrap();
        str_(b, "bogus");
        rmp::encode::write_nil(b).unwrap();
    });
    let err = decode_err(&bytes, &endpoints_type());
    assert_eq!(err.path, AttrPath(vec![PathStep::Attr("endpoints".into())]));
    assert!(err.message.contains("\"bogus\""), "{err}");
}

#[test]
fn wrong_type_error_names_the_path() {
    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 1).unwrap();
        str_(b, "endpoints");
        rmp::encode::write_map_len(b, 1).unwrap();
        str_(b, "ivs");
        rmp::encode::write_sint(b, 5).unwrap();
    });
    let err = decode_err(&bytes, &endpoints_type());
    assert_eq!(
        err.to_string(),
        "at endpoints.ivs: expected string, found integer"
    );

    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 2).unwrap();
        str_(b, "rules");
        rmp::encode::write_array_len(b, 2).unwrap();
        rmp::encode::write_nil(b).unwrap();
        rmp::encode::write_map_len(b, 1).unwrap();
        str_(b, "name");
        rmp::encode::write_bool(b, true).unwrap();
        str_(b, "tags");
        rmp::encode::write_nil(b).unwrap();
    });
    let err = decode_err(&bytes, &endpoints_type());
    assert_eq!(
        err.to_string(),
        "at rules[1].name: expected string, found boolean"
    );

    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 1).unwrap();
        str_(b, "tags");
        rmp::encode::write_map_len(b, 1).unwrap();
        str_(b, "a.b");
        str_(b, "yes");
    });
    let err = decode_err(&bytes, &endpoints_type());
    assert_eq!(
        err.to_string(),
        r#"at tags["a.b"]: expected bool, found string"#
    );

    // At the root, and for containers.
    let err = decode_err(&[0x90], &Type::String);
    assert_eq!(err.to_string(), "at (root): expected string, found array");
    let err = decode_err(&[0x80], &Type::list(Type::String));
    assert_eq!(err.to_string(), "at (root): expected list, found map");
}

#[test]
fn non_string_map_key_is_an_error() {
    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 1).unwrap();
        rmp::encode::write_sint(b, 1).unwrap();
        str_(b, "x");
    });
    let err = decode_err(&bytes, &Type::map(Type::String));
    assert!(
        err.message
            .contains("expected string map key, found integer"),
        "{err}"
    );
}

#[test]
fn duplicate_attribute_is_an_error() {
    let bytes = build(|b| {
        rmp::encode::write_map_len(b, 2).unwrap();
        str_(b, "ivs");
        str_(b, "a");
        str_(b, "ivs");
        str_(b, "b");
    });
    let err = decode_err(&bytes, &Type::object([("ivs", Type::String)]));
    assert!(err.message.contains("duplicate attribute \"ivs\""), "{err}");
}

#[test]
fn invalid_utf8_string_is_an_error() {
    let err = decode_err(&[0xa2, 0xff, 0xfe], &Type::String);
    assert!(err.message.contains("UTF-8"), "{err}");
}

#[test]
fn integers_of_every_width_decode() {
    type W = fn(&mut Vec<u8>);
    let cases: [(W, Number); 12] = [
        (|b| rmp::encode::write_pfix(b, 7).unwrap(), Number::Int(7)),
        (|b| rmp::encode::write_nfix(b, -3).unwrap(), Number::Int(-3)),
        (|b| rmp::encode::write_u8(b, 200).unwrap(), Number::Int(200)),
        (
            |b| rmp::encode::write_i8(b, -100).unwrap(),
            Number::Int(-100),
        ),
        (
            |b| rmp::encode::write_u16(b, 60_000).unwrap(),
            Number::Int(60_000),
        ),
        (
            |b| rmp::encode::write_i16(b, -30_000).unwrap(),
            Number::Int(-30_000),
        ),
        (
            |b| rmp::encode::write_u32(b, 4_000_000_000).unwrap(),
            Number::Int(4_000_000_000),
        ),
        (
            |b| rmp::encode::write_i32(b, -2_000_000_000).unwrap(),
            Number::Int(-2_000_000_000),
        ),
        (|b| rmp::encode::write_u64(b, 5).unwrap(), Number::Int(5)),
        (
            |b| rmp::encode::write_u64(b, u64::MAX).unwrap(),
            Number::UInt(u64::MAX),
        ),
        (
            |b| rmp::encode::write_i64(b, i64::MIN).unwrap(),
            Number::Int(i64::MIN),
        ),
        (
            |b| rmp::encode::write_i64(b, i64::MAX).unwrap(),
            Number::Int(i64::MAX),
        ),
    ];
    for (write, expected) in cases {
        let bytes = build(write);
        let Value::Number(got) = decode_msgpack(&bytes, &Type::Number).unwrap() else {
            panic!("{bytes:02x?} did not decode to a number");
        };
        // Same variant, not just numerically equal: UInt only above i64::MAX.
        assert_eq!(format!("{got:?}"), format!("{expected:?}"), "{bytes:02x?}");
    }
}

#[test]
fn floats_decode_normalised() {
    let cases = [
        (
            build(|b| rmp::encode::write_f32(b, 1.5).unwrap()),
            "Float(1.5)",
        ),
        (
            build(|b| rmp::encode::write_f32(b, 0.1).unwrap()),
            "Float(0.10000000149011612)",
        ),
        (
            build(|b| rmp::encode::write_f64(b, -0.25).unwrap()),
            "Float(-0.25)",
        ),
        (build(|b| rmp::encode::write_f64(b, 3.0).unwrap()), "Int(3)"),
        (
            build(|b| rmp::encode::write_f64(b, -0.0).unwrap()),
            "Int(0)",
        ),
        (
            build(|b| rmp::encode::write_f64(b, 1e300).unwrap()),
            "Float(1e300)",
        ),
        (
            build(|b| rmp::encode::write_f64(b, f64::INFINITY).unwrap()),
            "Float(inf)",
        ),
    ];
    for (bytes, expected) in cases {
        let v = decode_msgpack(&bytes, &Type::Number).unwrap();
        assert_eq!(
            format!("{:?}", v.as_number().unwrap()),
            expected,
            "{bytes:02x?}"
        );
    }
    let nan = build(|b| rmp::encode::write_f64(b, f64::NAN).unwrap());
    assert!(decode_err(&nan, &Type::Number).message.contains("NaN"));
}

#[test]
fn numbers_as_strings() {
    // cty sends numbers that fit neither i64 nor f64 exactly as decimal text.
    // In the u64 range they stay exact; other decimals become the nearest f64.
    let cases = [
        (
            "12345678901234567890",
            Number::UInt(12_345_678_901_234_567_890),
        ),
        ("-42", Number::Int(-42)),
        ("0.1", Number::Float(0.1)),
        ("1e3", Number::Int(1000)),
        (
            "123456789012345678901234567890",
            Number::Float(1.2345678901234568e29),
        ),
    ];
    for (text, expected) in cases {
        let bytes = build(|b| str_(b, text));
        let got = decode_msgpack(&bytes, &Type::Number).unwrap();
        assert_eq!(
            format!("{got:?}"),
            format!("{:?}", Value::Number(expected)),
            "{text}"
        );
    }
    for bad in ["abc", "", "1e400", "NaN", "inf", " 1"] {
        let err = decode_err(&build(|b| str_(b, bad)), &Type::Number);
        assert!(err.message.contains("expected number"), "{bad}: {err}");
        assert!(err.message.contains(&format!("{bad:?}")), "{bad}: {err}");
    }
}

#[test]
fn numbers_encode_like_cty() {
    let cases: [(Number, Vec<u8>); 8] = [
        (Number::Int(1), vec![0x01]),
        (Number::Int(-1), vec![0xff]),
        (Number::Int(300), vec![0xcd, 0x01, 0x2c]),
        (Number::Float(3.0), vec![0x03]),
        (
            Number::UInt(u64::MAX),
            [0xcf].into_iter().chain([0xff; 8]).collect(),
        ),
        // Fractional: shortest decimal text, so Terraform sees exactly 0.1.
        (Number::Float(0.1), vec![0xa3, b'0', b'.', b'1']),
        (
            Number::Float(1e20),
            build(|b| rmp::encode::write_f64(b, 1e20).unwrap()),
        ),
        (
            Number::Float(f64::NEG_INFINITY),
            build(|b| rmp::encode::write_f64(b, f64::NEG_INFINITY).unwrap()),
        ),
    ];
    for (n, expected) in cases {
        let bytes = encode_msgpack(&Value::Number(n), &Type::Number).unwrap();
        assert_eq!(bytes, expected, "{n:?}");
        assert_eq!(
            decode_msgpack(&bytes, &Type::Number).unwrap(),
            Value::Number(n)
        );
    }
    let err = encode_msgpack(&Value::Number(Number::Float(f64::NAN)), &Type::Number).unwrap_err();
    assert!(err.message.contains("NaN"), "{err}");
}

#[test]
fn object_encoding_writes_every_attribute_sorted() {
    let ty = Type::object([("b", Type::String), ("a", Type::Number)]);
    let bytes = encode_msgpack(&Value::object([("b", Value::from("x"))]), &ty).unwrap();
    assert_eq!(bytes, [0x82, 0xa1, b'a', 0xc0, 0xa1, b'b', 0xa1, b'x']);
}

#[test]
fn encoding_rejects_values_that_do_not_fit() {
    let ty = endpoints_type();
    let v = Value::object([("endpoints", Value::object([("ivs", Value::from(5))]))]);
    let err = encode_msgpack(&v, &ty).unwrap_err();
    assert_eq!(
        err.to_string(),
        "at endpoints.ivs: expected string, found number"
    );
    assert_eq!(v.conforms_to(&ty).unwrap_err(), err);

    let v = Value::object([("nope", Value::Null)]);
    let err = encode_msgpack(&v, &ty).unwrap_err();
    assert!(
        err.path.is_root() && err.message.contains("\"nope\""),
        "{err}"
    );

    let err = encode_msgpack(&Value::List(vec![]), &Type::set(Type::String)).unwrap_err();
    assert_eq!(err.message, "expected set, found list");
}

#[test]
fn truncated_input_is_an_error() {
    let ty = endpoints_type();
    let v = Value::object([("endpoints", Value::object([("ivs", Value::from("abc"))]))]);
    let bytes = encode_msgpack(&v, &ty).unwrap();
    let expected = Value::object([
        ("endpoints", Value::object([("ivs", Value::from("abc"))])),
        ("rules", Value::Null),
        ("tags", Value::Null),
    ]);
    assert_eq!(decode_msgpack(&bytes, &ty).unwrap(), expected);
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        let err = decode_err(&bytes[..cut], &ty);
        assert_eq!(err.message, "truncated msgpack input", "cut at {cut}");
    }
    // A string header promising more bytes than there are.
    let err = decode_err(&[0xdb, 0xff, 0xff, 0xff, 0xff, b'a'], &Type::String);
    assert_eq!(err.message, "truncated msgpack input");
}

#[test]
fn trailing_bytes_are_an_error() {
    let err = decode_err(&[0xa1, b'x', 0xc0, 0xc0], &Type::String);
    assert_eq!(
        err.to_string(),
        "at (root): 2 trailing bytes after the msgpack value"
    );
}

/// `n` list types around a string.
fn nested_list_type(n: usize) -> Type {
    (0..n).fold(Type::String, |t, _| Type::list(t))
}

/// `n` one-element arrays around the string "x".
fn nested_array_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0x91; n];
    bytes.extend_from_slice(&[0xa1, b'x']);
    bytes
}

#[test]
fn nesting_up_to_the_limit_is_fine() {
    let ty = nested_list_type(crate::values::MAX_DEPTH);
    let bytes = nested_array_bytes(crate::values::MAX_DEPTH);
    let v = decode_msgpack(&bytes, &ty).unwrap();
    assert_eq!(encode_msgpack(&v, &ty).unwrap(), bytes);
}

#[test]
fn too_deep_nesting_is_an_error() {
    // One level past the limit: the typed walk reports it with the full path.
    let n = crate::values::MAX_DEPTH + 1;
    let err = decode_err(&nested_array_bytes(n), &nested_list_type(n));
    assert!(err.message.contains("deeper than 64"), "{err}");
    assert_eq!(err.path.steps().len(), n);

    // Far past it: rmpv's own limit stops the read before any stack trouble.
    let err = decode_err(&nested_array_bytes(100_000), &nested_list_type(3));
    assert!(err.message.contains("deeper than 64"), "{err}");

    // Encoding and checking refuse too.
    let ty = nested_list_type(n);
    let v = (0..n).fold(Value::from("x"), |v, _| Value::List(vec![v]));
    assert!(
        encode_msgpack(&v, &ty)
            .unwrap_err()
            .message
            .contains("deeper")
    );
    assert!(v.conforms_to(&ty).unwrap_err().message.contains("deeper"));
}
