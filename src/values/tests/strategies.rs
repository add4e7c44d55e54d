//! proptest strategies: an arbitrary type, then an arbitrary value of that type.

use proptest::collection::{btree_map, vec};
use proptest::num::f64 as f64s;
use proptest::prelude::*;

use crate::values::{Number, Type, Value};

/// Any type of bounded depth and size.
pub fn arb_type() -> impl Strategy<Value = Type> {
    let leaf = prop_oneof![Just(Type::String), Just(Type::Number), Just(Type::Bool)];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(Type::list),
            inner.clone().prop_map(Type::set),
            inner.clone().prop_map(Type::map),
            btree_map("[a-z_]{1,8}", inner, 0..5).prop_map(Type::Object),
        ]
    })
}

/// Numbers across every representation: the whole i64 range, its edges, u64
/// beyond i64, and finite floats of all magnitudes (integral ones included, to
/// exercise normalisation), but never NaN or infinity.
pub fn arb_number() -> BoxedStrategy<Number> {
    let finite = f64s::POSITIVE | f64s::NEGATIVE | f64s::NORMAL | f64s::SUBNORMAL | f64s::ZERO;
    prop_oneof![
        any::<i64>().prop_map(Number::Int),
        prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0), -300i64..300].prop_map(Number::Int),
        ((i64::MAX as u64 + 1)..=u64::MAX).prop_map(Number::UInt),
        finite.prop_map(Number::Float),
        (-1.0e6..1.0e6f64).prop_map(Number::Float),
    ]
    .boxed()
}

/// A value of type `ty`: null, unknown (when `unknowns`), or known, at any level.
pub fn arb_value(ty: &Type, unknowns: bool) -> BoxedStrategy<Value> {
    let known = known_value(ty, unknowns);
    if unknowns {
        prop_oneof![1 => Just(Value::Null), 1 => Just(Value::Unknown), 6 => known].boxed()
    } else {
        prop_oneof![1 => Just(Value::Null), 6 => known].boxed()
    }
}

/// A known value of type `ty` whose children come from [`arb_value`]. Objects get
/// every attribute, since decoding fills absent ones with null.
fn known_value(ty: &Type, unknowns: bool) -> BoxedStrategy<Value> {
    match ty {
        Type::String => any::<String>().prop_map(Value::String).boxed(),
        Type::Number => arb_number().prop_map(Value::Number).boxed(),
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::List(elem) => vec(arb_value(elem, unknowns), 0..4)
            .prop_map(Value::List)
            .boxed(),
        Type::Set(elem) => vec(arb_value(elem, unknowns), 0..4)
            .prop_map(Value::Set)
            .boxed(),
        Type::Map(elem) => btree_map(any::<String>(), arb_value(elem, unknowns), 0..4)
            .prop_map(Value::Map)
            .boxed(),
        Type::Object(attrs) => attrs
            .iter()
            .map(|(name, attr_ty)| {
                let name = name.clone();
                arb_value(attr_ty, unknowns).prop_map(move |v| (name.clone(), v))
            })
            .collect::<Vec<_>>()
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect()))
            .boxed(),
    }
}

/// A type together with a value of it.
pub fn typed_value(unknowns: bool) -> impl Strategy<Value = (Type, Value)> {
    arb_type().prop_flat_map(move |ty| {
        let value = arb_value(&ty, unknowns);
        (Just(ty), value)
    })
}

/// Asserts every number in `v` is in normalised form, which is what decoders
/// must produce (numeric equality alone would not notice `Float(3.0)`).
pub fn assert_normalized(v: &Value) {
    match v {
        Value::Number(n) => {
            let same_variant = matches!(
                (n, n.normalized()),
                (Number::Int(_), Number::Int(_))
                    | (Number::UInt(_), Number::UInt(_))
                    | (Number::Float(_), Number::Float(_))
            );
            assert!(same_variant, "{n:?} is not normalised");
        }
        Value::List(items) | Value::Set(items) => items.iter().for_each(assert_normalized),
        Value::Map(entries) | Value::Object(entries) => {
            entries.values().for_each(assert_normalized)
        }
        _ => {}
    }
}
