//! The pieces of `cargo xtask`, as a library so that tests can check what the commands make.

pub mod docs;
pub mod elf;
pub mod model;
pub mod portable_build;
pub mod release;

use std::path::PathBuf;

/// The repository root (the workspace that holds this crate).
pub fn project_root() -> PathBuf {
    let xtask_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask_dir
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
