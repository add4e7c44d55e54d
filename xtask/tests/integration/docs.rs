//! The registry docs in `docs/` are what `cargo xtask docs` makes from the current schemas and
//! examples: a schema change cannot ship without its docs.

use xtask::{docs, project_root};

#[test]
fn docs_are_up_to_date() {
    if let Err(error) = docs::check(&project_root()) {
        panic!("{error:#}");
    }
}

#[test]
fn every_page_has_tfplugindocs_front_matter_and_every_attribute() {
    let root = project_root();
    let pages = docs::render(&root).expect("docs render");
    assert!(pages.contains_key("docs/index.md"), "{:?}", pages.keys());
    for expected in [
        "docs/data-sources/recording_configuration.md",
        "docs/ephemeral-resources/stream_key.md",
        "docs/functions/arn_parse.md",
        "docs/functions/arn_build.md",
    ] {
        assert!(
            pages.contains_key(expected),
            "{expected}: {:?}",
            pages.keys()
        );
    }
    for (path, page) in &pages {
        assert!(page.starts_with("---\n"), "{path}: front matter first");
        for key in ["page_title: ", "subcategory: ", "description: |-"] {
            assert!(page.contains(key), "{path} lacks {key}");
        }
        // Functions have a signature and arguments where the others have a schema.
        if path.starts_with("docs/functions/") {
            assert!(page.contains("## Signature"), "{path} has no signature");
            assert!(page.contains("## Arguments"), "{path} has no arguments");
        } else {
            assert!(page.contains("## Schema"), "{path} has no schema section");
        }
        assert!(page.contains("```terraform\n"), "{path} has no example");
        assert!(
            !page.contains("{{"),
            "{path}: a template placeholder was left"
        );
    }
    let provider = terraform_provider_ivs::provider::Provider::new();
    let data_source = &pages["docs/data-sources/recording_configuration.md"];
    let (_, schema) = provider
        .data_sources()
        .find(|(name, _)| *name == "ivs_recording_configuration")
        .expect("the data source is registered");
    for attribute in &schema.block.attributes {
        let line = format!("- `{}` (", attribute.name);
        assert!(data_source.contains(&line), "{line} missing");
    }
    for attribute in &provider.schema().block.attributes {
        let line = format!("- `{}` (", attribute.name);
        assert!(pages["docs/index.md"].contains(&line), "{line} missing");
    }
}
