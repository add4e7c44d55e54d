//! Tests of the value codec: property round trips plus byte-level checks of the
//! exact forms Terraform (cty) reads and writes.

mod json_cases;
mod msgpack_bytes;
mod roundtrip;
mod strategies;
mod types_and_values;
