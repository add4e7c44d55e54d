//! Shared test support: runs the real `terraform` binary against the provider built by cargo,
//! isolated from the machine's own Terraform and AWS settings, talking only to 127.0.0.1.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The provider source address used in every configuration.
pub const PROVIDER_SOURCE: &str = "ivs-rs/ivs";

/// Dummy credentials that ivs-local accepts by default; never real ones.
pub const ACCESS_KEY: &str = "test";
pub const SECRET_KEY: &str = "test";

/// A Terraform working directory with its own CLI configuration.
pub struct Workspace {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

/// What a terraform command did.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout and stderr together, with Terraform's line wrapping undone so that assertions
    /// on a sentence don't depend on where Terraform broke it.
    pub fn text(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    pub fn unwrapped(&self) -> String {
        self.text().split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

pub fn provider_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-ivs"))
}

impl Workspace {
    /// A workspace whose `main.tf` is `config`.
    pub fn new(config: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let binary_dir = provider_binary().parent().unwrap().to_path_buf();
        let cli_config = format!(
            "provider_installation {{\n  dev_overrides {{\n    \"{PROVIDER_SOURCE}\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
            binary_dir.display()
        );
        std::fs::write(dir.path().join("cli.tfrc"), cli_config).unwrap();
        // Empty AWS files, so nothing from the machine's ~/.aws leaks into a test.
        std::fs::write(dir.path().join("aws-config"), "").unwrap();
        std::fs::write(dir.path().join("aws-credentials"), "").unwrap();
        std::fs::write(dir.path().join("main.tf"), config).unwrap();
        let path = |name: &str| dir.path().join(name).display().to_string();
        let env = vec![
            ("TF_CLI_CONFIG_FILE".into(), path("cli.tfrc")),
            ("CHECKPOINT_DISABLE".into(), "1".into()),
            ("TF_IN_AUTOMATION".into(), "1".into()),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
            ("AWS_CONFIG_FILE".into(), path("aws-config")),
            (
                "AWS_SHARED_CREDENTIALS_FILE".into(),
                path("aws-credentials"),
            ),
            ("AWS_ACCESS_KEY_ID".into(), ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY".into(), SECRET_KEY.into()),
            ("AWS_REGION".into(), "us-west-2".into()),
        ];
        Workspace { dir, env }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Sets (or replaces) an environment variable for terraform and the provider.
    pub fn set_env(&mut self, name: &str, value: &str) -> &mut Self {
        self.env.retain(|(n, _)| n != name);
        self.env.push((name.into(), value.into()));
        self
    }

    /// Removes an environment variable this workspace would set.
    pub fn unset_env(&mut self, name: &str) -> &mut Self {
        self.env.retain(|(n, _)| n != name);
        self
    }

    pub fn write(&self, name: &str, content: &str) {
        std::fs::write(self.dir.path().join(name), content).unwrap();
    }

    /// Runs `terraform <args>` here with a clean environment (no inherited AWS or TF settings).
    pub fn terraform(&self, args: &[&str]) -> Run {
        let mut command = Command::new("terraform");
        command.current_dir(self.dir.path()).args(args).env_clear();
        for inherited in ["PATH", "HOME", "TMPDIR"] {
            if let Ok(value) = std::env::var(inherited) {
                command.env(inherited, value);
            }
        }
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command.output().expect("terraform runs").into()
    }

    /// `terraform apply -auto-approve`, then the outputs as JSON.
    pub fn apply(&self) -> Run {
        self.terraform(&["apply", "-auto-approve", "-no-color", "-input=false"])
    }

    pub fn outputs(&self) -> serde_json::Value {
        let run = self.terraform(&["output", "-json"]);
        assert!(run.success, "terraform output failed:\n{}", run.text());
        serde_json::from_str(&run.stdout).expect("terraform output -json is JSON")
    }
}

/// The `terraform { required_providers }` block and a provider block with `provider_body`.
pub fn provider_config(provider_body: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    ivs = {{ source = \"{PROVIDER_SOURCE}\" }}\n  }}\n}}\n\nprovider \"ivs\" {{\n{provider_body}\n}}\n"
    )
}

/// An IVS client for the local endpoint, with the test credentials.
pub fn ivs_client(endpoint: &str) -> aws_sdk_ivs::Client {
    use aws_sdk_ivs::config::{BehaviorVersion, Credentials, Region};
    let config = aws_sdk_ivs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new(
            ACCESS_KEY, SECRET_KEY, None, None, "tests",
        ))
        .endpoint_url(endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    aws_sdk_ivs::Client::from_conf(config)
}

/// A configuration reading one recording configuration from the local endpoint and exposing the
/// whole data source as the output `rc`.
pub fn read_config(endpoint: &str, arn_expression: &str) -> String {
    format!(
        "{}\ndata \"ivs_recording_configuration\" \"main\" {{\n  arn = {arn_expression}\n}}\n\noutput \"rc\" {{\n  value = data.ivs_recording_configuration.main\n}}\n",
        provider_config(&format!(
            "  region = \"us-west-2\"\n  endpoints {{\n    ivs = \"{endpoint}\"\n  }}"
        ))
    )
}
