#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| terraform_provider_ivs::fuzzing::values_msgpack(data));
