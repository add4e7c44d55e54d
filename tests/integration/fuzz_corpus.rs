//! The fuzz targets on the stable toolchain: every committed corpus file (`fuzz/corpus/<target>/`)
//! replayed through the entry function its target calls, and arbitrary bytes fed to each entry
//! by proptest. The fuzzers themselves need nightly; see the README.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use proptest::prelude::*;
use terraform_provider_ivs::fuzzing;

/// The entry function of a fuzz target.
type Entry = fn(&[u8]);

/// Each fuzz target and the function it calls.
const TARGETS: [(&str, Entry); 6] = [
    ("values_msgpack", fuzzing::values_msgpack),
    ("values_json", fuzzing::values_json),
    ("values_round_trip", fuzzing::values_round_trip),
    ("arn", fuzzing::arn),
    (
        "recording_configuration_mapping",
        fuzzing::recording_configuration_mapping,
    ),
    ("ivs_local_request", ivs_local::fuzzing::request),
];

#[test]
fn every_corpus_file_replays_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut failures = Vec::new();
    for (target, entry) in TARGETS {
        let dir = root.join(target);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        assert!(!files.is_empty(), "{} has no corpus", dir.display());
        for file in files {
            let data = std::fs::read(&file).expect("a corpus file");
            if catch_unwind(AssertUnwindSafe(|| entry(&data))).is_err() {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "panicked on {failures:#?}");
}

#[test]
fn every_target_has_a_corpus_and_every_corpus_a_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut found: Vec<String> = std::fs::read_dir(&root)
        .expect("fuzz/corpus")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    let mut expected: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    expected.sort();
    assert_eq!(found, expected);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn msgpack_decoding_of_arbitrary_bytes_holds(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        fuzzing::values_msgpack(&data);
    }

    #[test]
    fn json_decoding_of_arbitrary_bytes_holds(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        fuzzing::values_json(&data);
    }

    #[test]
    fn json_decoding_of_arbitrary_text_holds(prefix in proptest::collection::vec(any::<u8>(), 0..8), text in "[\\[\\]{}\":,0-9a-z.eE+\\-\\\\ ]{0,200}") {
        let mut data = prefix;
        data.extend_from_slice(text.as_bytes());
        fuzzing::values_json(&data);
    }

    #[test]
    fn arbitrary_values_round_trip(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        fuzzing::values_round_trip(&data);
    }

    #[test]
    fn arn_parsing_of_arbitrary_text_holds(text in "(arn)?:?(aws[a-z-]*)?:?(ivs)?:?[a-z0-9-]{0,16}:?[0-9]{0,14}:?[a-z-]{0,24}/?[a-zA-Z0-9_-]{0,8}") {
        fuzzing::arn(text.as_bytes());
    }

    #[test]
    fn arbitrary_outputs_map_to_conforming_states(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        fuzzing::recording_configuration_mapping(&data);
    }

    #[test]
    fn ivs_local_parses_arbitrary_requests(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        ivs_local::fuzzing::request(&data);
    }
}
