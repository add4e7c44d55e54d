//! Every `.tf` under `examples/` is a complete configuration that applies on its own: copied
//! alone into a directory, with only the endpoint and credentials supplied from the environment,
//! `terraform apply` reads from ivs-local (seeded with `examples/demo/seed.json`), every output
//! has a value, and a second plan finds nothing to change.

use std::path::{Path, PathBuf};

use crate::support::Workspace;

const SEED: &str = "examples/demo/seed.json";

fn examples() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("examples/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "tf") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &mut found,
    );
    found.sort();
    found
}

async fn seeded_ivs_local() -> ivs_local::Server {
    let seed = ivs_local::Seed::from_file(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED))
        .expect("the examples' seed file loads");
    let config = ivs_local::Config {
        seed,
        ..ivs_local::Config::default()
    };
    ivs_local::Server::start(config)
        .await
        .expect("ivs-local starts on 127.0.0.1")
}

#[tokio::test]
async fn every_example_applies_alone_against_ivs_local() {
    let examples = examples();
    assert!(
        examples.len() >= 3,
        "expected the provider, data source and demo examples, found {examples:?}"
    );
    let server = seeded_ivs_local().await;
    for example in examples {
        let config = std::fs::read_to_string(&example).expect("example is readable");
        assert!(
            config.contains("source = \"ivs-rs/ivs\""),
            "{} must declare required_providers {{ ivs = {{ source = \"ivs-rs/ivs\" }} }}",
            example.display()
        );
        let mut workspace = Workspace::new(&config);
        // Only the endpoint and credentials come from outside (credentials: Workspace's dummy
        // ones). No region: each example names its own.
        workspace
            .set_env("AWS_ENDPOINT_URL_IVS", &server.endpoint())
            .unset_env("AWS_REGION");
        let name = example.display().to_string();
        let outputs = crate::support::off_runtime(workspace, move |workspace| {
            let apply = workspace.apply();
            assert!(apply.success, "{name}: apply failed:\n{}", apply.text());
            let replan =
                workspace.terraform(&["plan", "-no-color", "-input=false", "-detailed-exitcode"]);
            assert!(
                replan.success,
                "{name}: a plan after apply must find nothing to change:\n{}",
                replan.text()
            );
            (name, workspace.outputs())
        })
        .await;
        let (name, outputs) = outputs;
        let outputs = outputs.as_object().expect("outputs are an object");
        assert!(!outputs.is_empty(), "{name} has no output to check");
        for (output, value) in outputs {
            assert!(
                !value["value"].is_null(),
                "{name}: output {output} is null: {value}"
            );
        }
    }
}
