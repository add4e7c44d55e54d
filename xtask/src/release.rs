//! The release files, named and laid out as the Terraform registry and `terraform init` from a
//! mirror expect them:
//!
//! - `terraform-provider-ivs_<version>_linux_amd64.zip`, holding only the executable
//!   `terraform-provider-ivs_v<version>`;
//! - `terraform-provider-ivs_<version>_manifest.json`, a copy of `terraform-registry-manifest.json`;
//! - `terraform-provider-ivs_<version>_SHA256SUMS`, in `sha256sum` format;
//! - with a key, `terraform-provider-ivs_<version>_SHA256SUMS.sig`, a detached GPG signature.
//!
//! The version is the provider crate's, from Cargo.toml. The zip is reproducible: fixed
//! timestamps and permissions, so the same binary always gives the same bytes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::portable_build;

pub const PROVIDER: &str = "terraform-provider-ivs";
pub const VERSION: &str = terraform_provider_ivs::VERSION;
pub const PLATFORM: &str = "linux_amd64";

/// The names of the release files of this version.
pub struct Names {
    pub zip: String,
    pub executable: String,
    pub manifest: String,
    pub sums: String,
    pub signature: String,
}

pub fn names() -> Names {
    let base = format!("{PROVIDER}_{VERSION}");
    Names {
        zip: format!("{base}_{PLATFORM}.zip"),
        executable: format!("{PROVIDER}_v{VERSION}"),
        manifest: format!("{base}_manifest.json"),
        sums: format!("{base}_SHA256SUMS"),
        signature: format!("{base}_SHA256SUMS.sig"),
    }
}

/// Builds the static provider and writes the release files into `out`; returns their paths.
pub fn release(root: &Path, out: &Path, sign_with: Option<&str>) -> Result<Vec<PathBuf>> {
    let binary_dir = portable_build::build(root)?;
    let binary = std::fs::read(binary_dir.join(PROVIDER)).context("reading the built provider")?;
    let names = names();
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;

    let zip = out.join(&names.zip);
    write_file(&zip, &zip_of(&names.executable, &binary)?)?;
    let manifest = out.join(&names.manifest);
    let manifest_source = root.join("terraform-registry-manifest.json");
    std::fs::copy(&manifest_source, &manifest)
        .with_context(|| format!("copying {}", manifest_source.display()))?;
    let sums = out.join(&names.sums);
    write_file(&sums, sha256sums(&[&zip, &manifest])?.as_bytes())?;

    let mut written = vec![zip, manifest, sums.clone()];
    let signature = out.join(&names.signature);
    match sign_with {
        Some(key) => {
            sign(&sums, &signature, key)?;
            written.push(signature);
        }
        // A stale signature of other sums must not sit beside the new ones.
        None if signature.exists() => std::fs::remove_file(&signature)
            .with_context(|| format!("removing the old {}", signature.display()))?,
        None => {}
    }
    Ok(written)
}

/// A zip holding one executable, with a fixed date (1980-01-01, zip's epoch) and mode 0755.
pub fn zip_of(name: &str, executable: &[u8]) -> Result<Vec<u8>> {
    let mut writer = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o755);
    writer.start_file(name, options)?;
    writer.write_all(executable)?;
    Ok(writer.finish()?.into_inner())
}

/// `sha256sum` output for `files`: one `<hex>  <file name>` line each.
fn sha256sums(files: &[&Path]) -> Result<String> {
    let mut lines = String::new();
    for file in files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let name = file.file_name().expect("a file name").to_string_lossy();
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        lines.push_str(&format!("{hex}  {name}\n"));
    }
    Ok(lines)
}

/// Signs with the user's GnuPG (its keyring, agent and `GNUPGHOME`), as the registry expects.
fn sign(sums: &Path, signature: &Path, key: &str) -> Result<()> {
    let status = Command::new("gpg")
        .args(["--batch", "--yes", "--local-user", key, "--output"])
        .arg(signature)
        .arg("--detach-sign")
        .arg(sums)
        .status()
        .context("could not run gpg (is GnuPG installed?)")?;
    if !status.success() {
        bail!(
            "gpg could not sign {} with key {key:?} ({status})",
            sums.display()
        );
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}
