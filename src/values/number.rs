//! Terraform numbers, narrowed to what a Rust provider can hold exactly.
//!
//! Terraform numbers are arbitrary-precision decimals. We keep them as one of:
//!
//! * [`Number::Int`]: any integer in the `i64` range, exact;
//! * [`Number::UInt`]: an integer above `i64::MAX` up to `u64::MAX`, exact, so
//!   a value such as `12345678901234567890` survives a round trip through the
//!   provider (Terraform rejects a result that differs from the configuration);
//! * [`Number::Float`]: everything else, as the nearest `f64`.
//!
//! Normalisation rule (applied by every decoder and by [`Number::from_f64`]):
//! an integral float that fits `i64` becomes `Int`, one that fits `u64` becomes
//! `UInt`, and `-0.0` becomes `Int(0)`; `UInt` is only used above `i64::MAX`.
//! NaN is never produced (Terraform has no NaN); infinities are kept as floats.
//!
//! Equality is numeric, so `Int(3) == Float(3.0)` and `UInt(5) == Int(5)`:
//! Terraform compares numbers by value, and code comparing a planned value with
//! a prior one must not trip over the representation.

use std::fmt;

/// A Terraform number; see the module documentation for the representation rules.
#[derive(Debug, Clone, Copy)]
pub enum Number {
    /// An integer in the `i64` range.
    Int(i64),
    /// An integer above `i64::MAX` (smaller ones are normalised to `Int`).
    UInt(u64),
    /// Any other number, as the nearest `f64`. Never NaN when produced by the codec.
    Float(f64),
}

/// 2^63 and 2^64 as floats: the bounds of the exactly-integral ranges.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

impl Number {
    /// The normalised number for a float: integral floats in the `i64`/`u64` range
    /// become `Int`/`UInt`, everything else stays a `Float`.
    pub fn from_f64(f: f64) -> Number {
        if f.is_finite() && f.fract() == 0.0 {
            // The bounds are exact powers of two, so these casts are exact.
            if (-TWO_POW_63..TWO_POW_63).contains(&f) {
                return Number::Int(f as i64);
            }
            if (0.0..TWO_POW_64).contains(&f) {
                return Number::UInt(f as u64);
            }
        }
        Number::Float(f)
    }

    /// The normalised number for an unsigned integer.
    pub fn from_u64(u: u64) -> Number {
        match i64::try_from(u) {
            Ok(i) => Number::Int(i),
            Err(_) => Number::UInt(u),
        }
    }

    /// Parses the decimal text Terraform sends for numbers that fit neither an
    /// `i64` nor an `f64` exactly (e.g. `"12345678901234567890"`, `"0.1"`).
    ///
    /// Integers in the `i64`/`u64` range are exact; anything else becomes the
    /// nearest `f64` (precision beyond that is lost). Returns `None` for text that
    /// is not a number, for NaN, and for magnitudes beyond the `f64` range (those
    /// would silently become infinity).
    pub fn parse(text: &str) -> Option<Number> {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Number::Int(i));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Number::UInt(u));
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Some(Number::from_f64(f)),
            _ => None,
        }
    }

    /// This number normalised (see the module documentation).
    pub fn normalized(self) -> Number {
        match self {
            Number::Int(_) => self,
            Number::UInt(u) => Number::from_u64(u),
            Number::Float(f) => Number::from_f64(f),
        }
    }

    /// The value as `i64`, if it is an integer in that range.
    pub fn as_i64(self) -> Option<i64> {
        match self.normalized() {
            Number::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The value as `u64`, if it is a non-negative integer in that range.
    pub fn as_u64(self) -> Option<u64> {
        match self.normalized() {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::UInt(u) => Some(u),
            Number::Float(_) => None,
        }
    }

    /// The value as the nearest `f64` (lossy for integers beyond 2^53).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::UInt(u) => u as f64,
            Number::Float(f) => f,
        }
    }

    /// An integer value widened to `i128`, the common ground for comparisons.
    fn as_i128(self) -> Option<i128> {
        match self.normalized() {
            Number::Int(i) => Some(i128::from(i)),
            Number::UInt(u) => Some(i128::from(u)),
            Number::Float(_) => None,
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        // After normalisation an integer value is never a Float, so integers
        // compare as integers and everything else as floats.
        match (self.as_i128(), other.as_i128()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.as_f64() == other.as_f64(),
            _ => false,
        }
    }
}

impl fmt::Display for Number {
    /// Integers in full; floats as the shortest decimal that reads back as the
    /// same `f64` (e.g. `0.1`), which is also the text the msgpack encoder sends.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::UInt(u) => write!(f, "{u}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number::Int(i)
    }
}

impl From<u64> for Number {
    fn from(u: u64) -> Number {
        Number::from_u64(u)
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Number {
        Number::from_f64(f)
    }
}
