//! JSON form tests: decoding rules, exact numbers, errors with paths.

use proptest::prelude::*;

use crate::values::{Number, Type, Value, ValueError, decode_json, encode_json};

fn decode_err(text: &str, ty: &Type) -> ValueError {
    match decode_json(text.as_bytes(), ty) {
        Ok(v) => panic!("decoded {v:?} from {text}, expected an error"),
        Err(e) => e,
    }
}

fn sample_type() -> Type {
    Type::object([
        ("name", Type::String),
        ("port", Type::Number),
        ("on", Type::Bool),
        ("ids", Type::set(Type::String)),
        ("tags", Type::map(Type::String)),
        ("endpoints", Type::object([("ivs", Type::String)])),
    ])
}

#[test]
fn decodes_an_object_with_missing_attributes_as_null() {
    let text = r#" { "name": "x\u00e9\ud83d\ude00\n", "port": 443, "ids": ["a", "b"],
                     "tags": {"k": "v"}, "endpoints": {"ivs": null} } "#;
    let v = decode_json(text.as_bytes(), &sample_type()).unwrap();
    let expected = Value::object([
        ("name", Value::from("xé😀\n")),
        ("port", Value::from(443)),
        ("on", Value::Null),
        ("ids", Value::Set(vec!["a".into(), "b".into()])),
        ("tags", Value::map([("k", Value::from("v"))])),
        ("endpoints", Value::object([("ivs", Value::Null)])),
    ]);
    assert_eq!(v, expected);
}

#[test]
fn encodes_every_attribute_in_order() {
    let ty = Type::object([("b", Type::String), ("a", Type::Number)]);
    let bytes = encode_json(&Value::object([("b", Value::from("x"))]), &ty).unwrap();
    assert_eq!(String::from_utf8(bytes).unwrap(), r#"{"a":null,"b":"x"}"#);
    assert_eq!(Type::Number.to_json_bytes(), br#""number""#);
}

#[test]
fn numbers_are_exact() {
    let cases = [
        ("9223372036854775807", Number::Int(i64::MAX)),
        ("-9223372036854775808", Number::Int(i64::MIN)),
        (
            "12345678901234567890",
            Number::UInt(12_345_678_901_234_567_890),
        ),
        (
            "\"12345678901234567890\"",
            Number::UInt(12_345_678_901_234_567_890),
        ),
        ("2.5e0", Number::Float(2.5)),
        ("1E2", Number::Int(100)),
        ("-0", Number::Int(0)),
        // Needs correct rounding: a naive significand * 10^-exp is one ulp off.
        (
            "2.2250738585072014e-308",
            Number::Float(2.2250738585072014e-308),
        ),
        ("5e-324", Number::Float(5e-324)),
        ("0.30000000000000004", Number::Float(0.30000000000000004)),
    ];
    for (text, expected) in cases {
        let got = decode_json(text.as_bytes(), &Type::Number).unwrap();
        assert_eq!(
            format!("{got:?}"),
            format!("{:?}", Value::Number(expected)),
            "{text}"
        );
    }
    for (bad, why) in [
        ("\"abc\"", "expected number"),
        ("1e400", "out of range"),
        ("01", "trailing data"),
        ("1.", "expected a digit"),
        ("-", "invalid number"),
        ("+1", "expected a JSON value"),
    ] {
        let err = decode_err(bad, &Type::Number);
        assert!(err.message.contains(why), "{bad}: {err}");
    }
}

#[test]
fn cty_leniency_for_primitives() {
    // cty's JSON decoder reads number and bool literals as strings (their
    // text) and "true"/"false" as bools; we do the same.
    assert_eq!(
        decode_json(b"1.50", &Type::String).unwrap(),
        Value::from("1.50")
    );
    assert_eq!(
        decode_json(b"true", &Type::String).unwrap(),
        Value::from("true")
    );
    assert_eq!(
        decode_json(b"\"false\"", &Type::Bool).unwrap(),
        Value::Bool(false)
    );
    let err = decode_err("\"yes\"", &Type::Bool);
    assert_eq!(err.message, "expected bool, found string \"yes\"");
}

#[test]
fn errors_name_the_path() {
    let err = decode_err(r#"{"endpoints": {"ivs": [5]}}"#, &sample_type());
    assert_eq!(
        err.to_string(),
        "at endpoints.ivs: expected string, found array"
    );
    let err = decode_err(r#"{"on": 5}"#, &sample_type());
    assert_eq!(err.to_string(), "at on: expected bool, found number");
    let err = decode_err(r#"{"ids": ["a", []]}"#, &sample_type());
    assert_eq!(err.to_string(), "at ids[1]: expected string, found array");
    let err = decode_err(r#"{"tags": {"x y": {}}}"#, &sample_type());
    assert_eq!(
        err.to_string(),
        r#"at tags["x y"]: expected string, found object"#
    );
    let err = decode_err(r#"{"endpoints": {"bogus": 1}}"#, &sample_type());
    assert_eq!(err.path.to_string(), "endpoints");
    assert!(err.message.contains("\"bogus\""), "{err}");
    let err = decode_err(r#"{"port": 1, "port": 2}"#, &sample_type());
    assert!(
        err.message.contains("duplicate attribute \"port\""),
        "{err}"
    );
}

#[test]
fn syntax_errors() {
    let ty = sample_type();
    for (bad, why) in [
        ("", "unexpected end of input"),
        (r#"{"name": "x""#, "expected '}'"),
        (r#"{"name" "x"}"#, "expected ':'"),
        (r#"{"name": "x",}"#, "expected a string key"),
        (r#"{"name": "x"} {}"#, "trailing data"),
        (r#"{"name": "a\qb"}"#, "invalid escape"),
        (r#"{"name": "\ud800"}"#, "unpaired surrogate"),
        (r#"{"name": "\u12"}"#, "invalid unicode escape"),
        ("{\"name\": \"a\nb\"}", "control character"),
        (r#"{"ids": ["a" "b"]}"#, "expected ']'"),
        (r#"{"on": tru}"#, "expected a JSON value"),
    ] {
        let err = decode_err(bad, &ty);
        assert!(err.message.contains(why), "{bad}: {err}");
    }
    let err = decode_json(b"\"\xff\"", &Type::String).unwrap_err();
    assert!(err.message.contains("UTF-8"), "{err}");
}

#[test]
fn deep_json_is_refused_without_recursing_past_the_type() {
    let deep = "[".repeat(100_000);
    let err = decode_err(&deep, &Type::list(Type::list(Type::String)));
    assert_eq!(err.to_string(), "at [0][0]: expected string, found array");
    let n = crate::values::MAX_DEPTH + 1;
    let ty = (0..n).fold(Type::String, |t, _| Type::list(t));
    let err = decode_err(&format!("{}\"x\"{}", "[".repeat(n), "]".repeat(n)), &ty);
    assert!(err.message.contains("deeper than 64"), "{err}");
}

#[test]
fn unknowns_cannot_be_encoded() {
    let ty = Type::object([("a", Type::object([("b", Type::list(Type::String))]))]);
    let v = Value::object([(
        "a",
        Value::object([("b", Value::List(vec![Value::from("x"), Value::Unknown]))]),
    )]);
    let err = encode_json(&v, &ty).unwrap_err();
    assert_eq!(
        err.to_string(),
        "at a.b[1]: unknown value cannot be encoded as JSON"
    );
    let err = encode_json(&Value::Number(Number::Float(f64::INFINITY)), &Type::Number);
    assert!(
        err.unwrap_err()
            .message
            .contains("cannot be written as JSON")
    );
}

/// `s` as a JSON string with every non-ASCII character `\u`-escaped (UTF-16,
/// surrogate pairs included), the way some producers write JSON.
fn ascii_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

proptest! {
    /// Any string survives both serde_json's escaping and full \u escaping.
    #[test]
    fn strings_decode_from_any_escaping(s in any::<String>()) {
        let plain = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(decode_json(plain.as_bytes(), &Type::String).unwrap(), Value::String(s.clone()));
        let escaped = ascii_json_string(&s);
        prop_assert_eq!(decode_json(escaped.as_bytes(), &Type::String).unwrap(), Value::String(s));
    }

    /// Any finite float written in plain or exponent notation decodes to
    /// exactly that float (correct rounding, unlike serde_json's default).
    #[test]
    fn floats_decode_exactly(f in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::NEGATIVE | proptest::num::f64::POSITIVE | proptest::num::f64::ZERO) {
        for text in [format!("{f:e}"), format!("{f:?}")] {
            let got = decode_json(text.as_bytes(), &Type::Number).unwrap();
            prop_assert_eq!(got.as_f64(), Some(f), "{}", text);
        }
    }
}
