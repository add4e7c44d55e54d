//! The release build: binaries with no dynamic dependency, so they run on any x86_64 Linux
//! (Amazon Linux 2, RHEL 8, Ubuntu 20.04 and older glibc alike), as Go providers do.
//!
//! glibc is linked statically (`+crt-static`). The explicit `--target` keeps build scripts and
//! proc macros, which must stay dynamic, out of that setting. Name resolution works without the
//! system's shared libraries: static glibc resolves from `/etc/hosts` and `/etc/resolv.conf`
//! with its built-in files and DNS lookups (the chroot test in `xtask/tests/release.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};

use crate::elf;

/// The one platform released: linux_amd64.
pub const TARGET: &str = "x86_64-unknown-linux-gnu";
const RUSTFLAGS_FOR_TARGET: &str = "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS";
/// glibc linked in; and getrandom 0.4 calling glibc's `getrandom` directly: by default it looks
/// the function up with `dlsym`, which finds nothing in a static binary, and falls back to
/// `/dev/urandom`, absent from minimal containers and chroots ("could not initialize ThreadRng").
/// And a position-dependent executable (`relocation-model=static`): a static-pie binary relocates
/// itself at every start (tens of thousands of relocations in a binary this size), which
/// Terraform pays at each of its several plugin starts per plan; see BENCHMARKS.md.
const STATIC: &str = "-C target-feature=+crt-static -C relocation-model=static \
                      --cfg getrandom_backend=\"linux_getrandom\"";

/// The binaries built: the provider and the local IVS endpoint (for the demo and tests).
pub const BINARIES: [&str; 2] = ["terraform-provider-ivs", "ivs-local"];

/// Builds the static release binaries and returns the directory holding them, after checking
/// that each is static.
pub fn build(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--locked", "--target", TARGET])
        .args(["-p", "terraform-provider-ivs", "-p", "ivs-local", "--bins"])
        // Flags from the caller's environment would change the binary: these builds are
        // reproducible, so only ours apply.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env(RUSTFLAGS_FOR_TARGET, STATIC)
        .status()
        .context("could not run cargo")?;
    if !status.success() {
        bail!("cargo build --release --target {TARGET} failed ({status})");
    }
    let dir = target_dir(root).join(TARGET).join("release");
    for name in BINARIES {
        let binary = dir.join(name);
        let bytes =
            std::fs::read(&binary).with_context(|| format!("reading {}", binary.display()))?;
        let linking = elf::linking(&bytes).with_context(|| binary.display().to_string())?;
        ensure!(
            linking.is_static(),
            "{} is not static: {linking}",
            binary.display()
        );
    }
    Ok(dir)
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `target/` in the workspace.
pub fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}
