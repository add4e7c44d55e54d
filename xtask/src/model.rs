//! `cargo xtask model [--check]`: ivs-local's copy of the AWS model of IVS.
//!
//! ivs-local binds and validates requests from botocore's `ivs` service model
//! (`ivs/2020-07-14/service-2.json`, from the botocore package on PyPI). This command writes
//! the compact form ivs-local embeds, `ivs-local/model/ivs.json`: the model's operations, HTTP
//! bindings, shapes and constraints, without its documentation strings (most of its size), keys
//! sorted, and a digest of the content. `--check` fails when the file differs from what botocore
//! gives now, and (without Python) when its content no longer matches its digest, i.e. when
//! it was edited by hand.
//!
//! Python with botocore comes from `IVS_MODEL_PYTHON`, else the conformance suite's virtual
//! environment (`target/conformance-venv`, which `bash ivs-local/conformance/run.sh` makes
//! with botocore at the version pinned there), else `python3`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// Where the compact model lives, from the repository root.
pub const MODEL_FILE: &str = "ivs-local/model/ivs.json";

/// Members of the model that ivs-local has no use for: prose, and links to it.
const LEFT_OUT: &[&str] = &["documentation", "documentationUrl"];

/// Prints `{"botocore": VERSION, "model": SERVICE_MODEL}` from botocore's own loader.
const LOAD_MODEL: &str = "import json, sys, botocore\n\
from botocore.loaders import Loader\n\
json.dump({'botocore': botocore.__version__, \
'model': Loader().load_service_model('ivs', 'service-2')}, sys.stdout)\n";

/// Writes the model file from botocore.
pub fn write(root: &Path) -> Result<()> {
    let text = render_from_botocore(root)?;
    let path = root.join(MODEL_FILE);
    std::fs::create_dir_all(path.parent().expect("the model file has a directory"))?;
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    println!("{}", path.display());
    Ok(())
}

/// Fails if the model file was edited by hand, or differs from what botocore gives.
pub fn check(root: &Path) -> Result<()> {
    let path = root.join(MODEL_FILE);
    let current =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    verify_digest(&current).with_context(|| format!("{MODEL_FILE} was edited by hand"))?;
    if render_from_botocore(root)? != current {
        bail!("{MODEL_FILE} is stale: run `cargo xtask model` and commit the result");
    }
    Ok(())
}

/// The model file for botocore's output (`{"botocore": ..., "model": ...}`).
pub fn render(botocore_output: &str) -> Result<String> {
    let loaded: Value =
        serde_json::from_str(botocore_output).context("botocore's output is not JSON")?;
    let version = loaded["botocore"]
        .as_str()
        .context("botocore's output names no version")?;
    let mut model = loaded["model"].clone();
    if !model["operations"].is_object() || !model["shapes"].is_object() {
        bail!("botocore's ivs model has no operations or shapes");
    }
    strip(&mut model);
    let digest = digest_of(&model);
    let file = json!({
        "generatedBy": "cargo xtask model (botocore's ivs service model, documentation left out); do not edit",
        "botocore": version,
        "digest": digest,
        "model": model,
    });
    Ok(serde_json::to_string_pretty(&file)? + "\n")
}

/// Checks that the file's model is the one its digest was made of.
pub fn verify_digest(text: &str) -> Result<()> {
    let file: Value = serde_json::from_str(text).context("not JSON")?;
    let recorded = file["digest"].as_str().context("no digest")?;
    let actual = digest_of(&file["model"]);
    if recorded != actual {
        bail!("its model's digest is {actual}, the file records {recorded}");
    }
    Ok(())
}

/// `sha256:` and the hex SHA-256 of the model's compact JSON (keys sorted).
pub fn digest_of(model: &Value) -> String {
    let compact = serde_json::to_string(model).expect("a JSON value serializes");
    let hash = Sha256::digest(compact.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Removes the left-out members at every depth.
fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let kept: Map<String, Value> = std::mem::take(map)
                .into_iter()
                .filter(|(key, _)| !LEFT_OUT.contains(&key.as_str()))
                .collect();
            *map = kept;
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

fn render_from_botocore(root: &Path) -> Result<String> {
    let python = python(root);
    let output = Command::new(&python)
        .args(["-c", LOAD_MODEL])
        .output()
        .with_context(|| format!("running {}", python.display()))?;
    if !output.status.success() {
        bail!(
            "{} could not load botocore's ivs model (create the environment with \
             `bash ivs-local/conformance/run.sh --co -q`, or set IVS_MODEL_PYTHON): {}",
            python.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    render(&String::from_utf8_lossy(&output.stdout))
}

fn python(root: &Path) -> PathBuf {
    if let Some(python) = std::env::var_os("IVS_MODEL_PYTHON").filter(|p| !p.is_empty()) {
        return PathBuf::from(python);
    }
    let venv = root.join("target/conformance-venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}
