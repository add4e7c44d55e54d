//! What the benchmarks share: a Terraform working directory that loads a given provider binary
//! with `dev_overrides`, isolated from the machine's own Terraform and AWS settings, and one
//! timed `terraform plan` in it. Nothing leaves the machine: dummy credentials,
//! `CHECKPOINT_DISABLE=1`, `AWS_EC2_METADATA_DISABLED=true`, endpoints on 127.0.0.1.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Where `cargo xtask build` puts the static release binary, the one releases ship.
pub const STATIC_BUILD: &str = "target/x86_64-unknown-linux-gnu/release/terraform-provider-ivs";

/// A working directory with its own `main.tf`, CLI configuration and provider directory.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    label: String,
}

impl Workspace {
    /// A workspace named `label` (for messages) whose `main.tf` is `main_tf`.
    pub fn new(label: &str, main_tf: &str) -> Workspace {
        let workspace = tempfile::tempdir().expect("temp dir");
        let dir = workspace.path();
        std::fs::write(dir.join("main.tf"), main_tf).unwrap();
        // Empty AWS files, so nothing from the machine's ~/.aws is read.
        std::fs::write(dir.join("aws-config"), "").unwrap();
        std::fs::write(dir.join("aws-credentials"), "").unwrap();
        std::fs::create_dir(dir.join("provider")).unwrap();
        let cli_config = format!(
            "provider_installation {{\n  dev_overrides {{\n    \"ivs-rs/ivs\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
            dir.join("provider").display()
        );
        std::fs::write(dir.join("cli.tfrc"), cli_config).unwrap();
        Workspace {
            dir: workspace,
            label: label.to_owned(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copies `binary` where this workspace's `dev_overrides` looks for the provider.
    pub fn install(&self, binary: &Path) {
        let target = self.path().join("provider").join("terraform-provider-ivs");
        std::fs::copy(binary, target).expect("copy the provider binary");
    }

    /// One `terraform plan`; its wall time. Panics, with terraform's output, if it fails.
    pub fn plan(&self) -> Duration {
        let dir = self.path();
        let path = |name: &str| dir.join(name).display().to_string();
        let mut command = Command::new("terraform");
        command
            .current_dir(dir)
            .args(["plan", "-no-color", "-input=false", "-lock=false"])
            .env_clear()
            .env("TF_CLI_CONFIG_FILE", path("cli.tfrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", path("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", path("aws-credentials"))
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test");
        for inherited in ["PATH", "HOME", "TMPDIR"] {
            if let Ok(value) = std::env::var(inherited) {
                command.env(inherited, value);
            }
        }
        let started = Instant::now();
        let output = command.output().expect("terraform runs");
        let elapsed = started.elapsed();
        assert!(
            output.status.success(),
            "terraform plan failed for {}:\n{}\n{}",
            self.label,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        elapsed
    }
}

/// The provider block reading IVS from `endpoint` in `region`, with its `terraform` block.
pub fn provider_config(endpoint: &str, region: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    ivs = {{ source = \"ivs-rs/ivs\" }}\n  }}\n}}\n\n\
         provider \"ivs\" {{\n  region = \"{region}\"\n  endpoints {{\n    ivs = \"{endpoint}\"\n  }}\n}}\n"
    )
}
