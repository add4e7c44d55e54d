//! Type JSON, value helpers, number rules and error display.

use serde_json::json;

use crate::values::{AttrPath, Number, PathStep, Type, Value, ValueError};

#[test]
fn type_json_is_cty_form() {
    let ty = Type::object([
        ("name", Type::String),
        ("n", Type::Number),
        ("b", Type::Bool),
        ("l", Type::list(Type::String)),
        ("s", Type::set(Type::Number)),
        ("m", Type::map(Type::object([("x", Type::Bool)]))),
    ]);
    let expected = json!(["object", {
        "name": "string", "n": "number", "b": "bool",
        "l": ["list", "string"], "s": ["set", "number"],
        "m": ["map", ["object", {"x": "bool"}]],
    }]);
    assert_eq!(ty.to_json(), expected);
    assert_eq!(
        String::from_utf8(Type::list(Type::String).to_json_bytes()).unwrap(),
        r#"["list","string"]"#
    );
    assert_eq!(Type::from_json(&expected).unwrap(), ty);
}

#[test]
fn unsupported_type_json_is_an_error() {
    let err = Type::from_json(&json!(["object", {"a": ["list", "dynamic"]}])).unwrap_err();
    assert_eq!(err.to_string(), "at a: type \"dynamic\" is not supported");
    assert!(Type::from_json(&json!(["tuple", ["string"]])).is_err());
    assert!(Type::from_json(&json!("strng")).is_err());
    assert!(Type::from_json(&json!(["list"])).is_err());
    assert!(Type::from_json_bytes(b"[").is_err());
}

#[test]
fn value_helpers() {
    let v = Value::object([
        ("name", Value::from("ivs")),
        ("port", Value::from(443)),
        ("on", Value::from(true)),
        ("ids", Value::Set(vec![Value::from("a"), Value::Unknown])),
        ("gone", Value::from(None::<String>)),
    ]);
    assert_eq!(v.attr("name").and_then(Value::as_str), Some("ivs"));
    assert_eq!(v.attr("port").and_then(Value::as_i64), Some(443));
    assert_eq!(v.attr("on").and_then(Value::as_bool), Some(true));
    assert_eq!(v.attr("gone"), Some(&Value::Null));
    assert_eq!(v.attr("missing"), None);
    assert_eq!(
        v.attr("ids").and_then(Value::elements).map(<[_]>::len),
        Some(2)
    );
    assert_eq!(Value::from("x").attr("name"), None);
    assert_eq!(Value::Number(Number::Float(1.5)).as_i64(), None);
    assert_eq!(Value::Number(Number::UInt(u64::MAX)).as_i64(), None);

    // Wholly known means no Unknown at any depth; null counts as known.
    assert!(!v.is_known());
    assert!(!v.is_unknown() && !v.is_null());
    assert!(Value::Null.is_known() && Value::Null.is_null());
    assert!(Value::Unknown.is_unknown() && !Value::Unknown.is_known());
    let nested = Value::map([("k", Value::List(vec![Value::Unknown]))]);
    assert!(!nested.is_known());
    assert!(Value::map([("k", Value::List(vec![Value::Null]))]).is_known());
}

#[test]
fn number_normalisation_and_equality() {
    let two63 = 9_223_372_036_854_775_808.0_f64;
    assert!(matches!(Number::from_f64(-0.0), Number::Int(0)));
    assert!(matches!(Number::from_f64(-two63), Number::Int(i64::MIN)));
    assert!(matches!(
        Number::from_f64(two63),
        Number::UInt(9_223_372_036_854_775_808)
    ));
    assert!(matches!(Number::from_f64(two63 * 2.0), Number::Float(_)));
    assert!(matches!(Number::from_f64(0.5), Number::Float(_)));
    assert!(matches!(Number::from_u64(7), Number::Int(7)));

    // Equality is numeric and exact.
    assert_eq!(Number::Int(3), Number::Float(3.0));
    assert_eq!(Number::UInt(5), Number::Int(5));
    assert_ne!(Number::Int(i64::MAX), Number::Float(i64::MAX as f64));
    assert_ne!(Number::Float(0.1), Number::Float(0.1f32 as f64));
    assert_ne!(Number::Float(f64::NAN), Number::Float(f64::NAN));

    assert_eq!(Number::parse("abc"), None);
    assert_eq!(Number::Float(0.1).to_string(), "0.1");
    assert_eq!(Number::UInt(u64::MAX).as_u64(), Some(u64::MAX));
    assert_eq!(Number::Int(-1).as_u64(), None);
}

#[test]
fn error_display() {
    let path = AttrPath::root()
        .attr("rules")
        .index(2)
        .attr("tags")
        .key("a\"b");
    assert_eq!(path.to_string(), r#"rules[2].tags["a\"b"]"#);
    let err = ValueError::new(path.clone(), "expected string, found integer");
    assert_eq!(
        err.to_string(),
        r#"at rules[2].tags["a\"b"]: expected string, found integer"#
    );
    assert_eq!(ValueError::at_root("bad").to_string(), "at (root): bad");
    assert_eq!(
        path.steps().first(),
        Some(&PathStep::Attr("rules".to_string()))
    );
}
