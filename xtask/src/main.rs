//! Project automation, run as `cargo xtask <command>` (an alias in `.cargo/config.toml`).
//!
//! - `cargo xtask build`: the portable (static) release binaries of the provider and ivs-local.
//! - `cargo xtask release [--sign KEY_ID]`: the registry release files under `dist/`.
//! - `cargo xtask docs [--check]`: the registry docs under `docs/`, generated from the schemas.
//! - `cargo xtask model [--check]`: ivs-local's compact copy of botocore's IVS model.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use xtask::{docs, model, portable_build, project_root, release};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "terraform-provider-ivs project automation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the static release binaries (provider and ivs-local) and prints where they are.
    Build,
    /// Builds the provider and writes the registry release files (zip, SHA256SUMS, manifest).
    Release {
        /// GPG key (id or fingerprint) that signs SHA256SUMS, as the Terraform registry requires.
        #[arg(long, value_name = "KEY_ID")]
        sign: Option<String>,
        /// Where the files go.
        #[arg(long, value_name = "DIR", default_value = "dist")]
        out: PathBuf,
    },
    /// Writes docs/ from the provider's schemas and examples/.
    Docs {
        /// Changes nothing; fails if docs/ differs from what would be written.
        #[arg(long)]
        check: bool,
    },
    /// Writes ivs-local/model/ivs.json from botocore's IVS model (Python with botocore needed).
    Model {
        /// Changes nothing; fails if the file was edited by hand or differs from botocore's model.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = project_root();
    let result = match cli.command {
        Command::Build => portable_build::build(&root).map(|dir| println!("{}", dir.display())),
        Command::Release { sign, out } => {
            let out = if out.is_absolute() {
                out
            } else {
                root.join(out)
            };
            release::release(&root, &out, sign.as_deref()).map(|files| {
                for file in files {
                    println!("{}", file.display());
                }
            })
        }
        Command::Docs { check: false } => docs::write(&root),
        Command::Docs { check: true } => docs::check(&root),
        Command::Model { check: false } => model::write(&root),
        Command::Model { check: true } => model::check(&root),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
