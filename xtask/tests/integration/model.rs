//! The checked-in IVS model of ivs-local: its digest matches its content, and any edit by hand
//! (here, a constraint loosened) makes `cargo xtask model --check`'s first test fail.

use xtask::model::{MODEL_FILE, render, verify_digest};

fn checked_in() -> String {
    std::fs::read_to_string(xtask::project_root().join(MODEL_FILE)).expect("the model file")
}

#[test]
fn the_checked_in_model_matches_its_digest() {
    verify_digest(&checked_in()).unwrap_or_else(|e| panic!("{e:#}"));
}

#[test]
fn a_hand_edit_is_caught() {
    let text = checked_in();
    let edited = text.replacen("\"max\": 128", "\"max\": 129", 1);
    assert_ne!(edited, text, "the model has a max of 128 somewhere");
    let error = verify_digest(&edited).expect_err("an edited model fails its digest");
    assert!(error.to_string().contains("digest"), "{error:#}");
}

#[test]
fn rendering_leaves_documentation_out_and_records_the_version() {
    let botocore = r#"{"botocore": "9.9.9", "model": {"operations": {"Op": {"name": "Op",
        "documentation": "<p>long</p>", "http": {"method": "POST", "requestUri": "/Op"}}},
        "shapes": {"S": {"type": "string", "max": 3, "documentation": "x"}}}}"#;
    let text = render(botocore).expect("renders");
    assert!(!text.contains("documentation\""), "{text}");
    assert!(text.contains("\"botocore\": \"9.9.9\""), "{text}");
    assert!(text.contains("\"max\": 3"), "{text}");
    verify_digest(&text).expect("a fresh render matches its digest");
}
