//! Shared test support: runs the real `terraform` binary against the provider built by cargo,
//! isolated from the machine's own Terraform and AWS settings, talking only to 127.0.0.1.

pub mod dns;
pub mod plugin_env;
pub mod processes;
pub mod proxy;
pub mod reading;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aws_sdk_ivs::operation::create_recording_configuration::builders::CreateRecordingConfigurationFluentBuilder;
use aws_sdk_ivs::types::{DestinationConfiguration, S3DestinationConfiguration};

/// The provider source address used in every configuration.
pub const PROVIDER_SOURCE: &str = "ivs-rs/ivs";

/// The AWS region of every test: the workspaces' `AWS_REGION`, the SDK client's region.
pub const REGION: &str = "us-west-2";

/// A provider block body that sets only the region.
pub const REGION_ONLY: &str = "  region = \"us-west-2\"";

/// `terraform validate` without colours.
pub const VALIDATE: &[&str] = &["validate", "-no-color"];

/// `terraform plan` without colours or prompts.
pub const PLAN: &[&str] = &["plan", "-no-color", "-input=false"];

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
            ("AWS_REGION".into(), REGION.into()),
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
        self.command(args).output().expect("terraform runs").into()
    }

    /// The command `terraform <args>` here, as [`Workspace::terraform`] runs it, for tests that
    /// start it themselves (to signal or kill it).
    pub fn command(&self, args: &[&str]) -> Command {
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
        command
    }

    /// `terraform validate`.
    pub fn validate(&self) -> Run {
        self.terraform(VALIDATE)
    }

    /// `terraform plan`.
    pub fn plan(&self) -> Run {
        self.terraform(PLAN)
    }

    /// `terraform apply -auto-approve`.
    pub fn apply(&self) -> Run {
        self.terraform(&["apply", "-auto-approve", "-no-color", "-input=false"])
    }

    /// The outputs as JSON (`terraform output -json`).
    pub fn outputs(&self) -> serde_json::Value {
        let run = self.terraform(&["output", "-json"]);
        assert!(run.success, "terraform output failed:\n{}", run.text());
        serde_json::from_str(&run.stdout).expect("terraform output -json is JSON")
    }

    /// Asserts that `terraform plan -detailed-exitcode` finds nothing to change (exit code 0,
    /// where 2 means changes and 1 an error): data sources read again give the same values.
    pub fn assert_plan_empty(&self) {
        let mut args = PLAN.to_vec();
        args.push("-detailed-exitcode");
        let run = self.terraform(&args);
        assert!(
            run.success,
            "the plan after apply is not empty:\n{}",
            run.text()
        );
    }

    /// The value of the output `name`.
    pub fn output(&self, name: &str) -> serde_json::Value {
        self.outputs()[name]["value"].clone()
    }
}

/// Runs `work` on `workspace` on a blocking thread, so that an async test's runtime goes on
/// serving ivs-local (or a stand-in endpoint) while terraform runs.
pub async fn off_runtime<T: Send + 'static>(
    workspace: Workspace,
    work: impl FnOnce(&Workspace) -> T + Send + 'static,
) -> T {
    tokio::task::spawn_blocking(move || work(&workspace))
        .await
        .expect("terraform thread")
}

/// `terraform plan` in `workspace`, off the test's runtime.
pub async fn plan_off_runtime(workspace: Workspace) -> Run {
    off_runtime(workspace, Workspace::plan).await
}

/// `terraform apply` in `workspace`, off the test's runtime.
pub async fn apply_off_runtime(workspace: Workspace) -> Run {
    off_runtime(workspace, Workspace::apply).await
}

/// Asserts a failed run whose error is `summary`, shown on the first line of a data block in
/// `main_tf` that starts with `line_start` (e.g. `name =`), with each of `details` in the output.
pub fn assert_error_at(
    run: &Run,
    main_tf: &str,
    summary: &str,
    line_start: &str,
    details: &[&str],
) {
    assert!(!run.success, "terraform succeeded:\n{}", run.text());
    let text = run.unwrapped();
    assert!(text.contains(&format!("Error: {summary}")), "{text}");
    let (index, line) = main_tf
        .lines()
        .enumerate()
        .skip_while(|(_, l)| !l.starts_with("data "))
        .find(|(_, l)| l.trim_start().starts_with(line_start))
        .unwrap_or_else(|| panic!("main.tf has a line starting with {line_start:?}"));
    assert!(
        text.contains(&format!("on main.tf line {}", index + 1))
            && text.contains(&format!("{}: {}", index + 1, line.trim())),
        "not on the line {line_start:?}: {text}"
    );
    for detail in details {
        assert!(text.contains(detail), "{detail:?} missing from: {text}");
    }
}

/// Asserts that each of `runs` (with `TF_LOG=trace`) wrote a trace log holding the provider's
/// own lines, and that `secret` (`what`, in a failure) is nowhere in its output or log.
pub fn assert_kept_out_of_logs(runs: &[&Run], secret: &str, what: &str) {
    for run in runs {
        assert!(
            run.stderr.contains("provider.terraform-provider-ivs:"),
            "the trace log holds the provider's lines"
        );
        assert!(
            !run.text().contains(secret),
            "the {what} is in terraform's output or log"
        );
    }
}

/// Asserts a successful plan that leaves reading the data source to apply, its ARN unknown.
pub fn assert_read_deferred_to_apply(plan: &Run) {
    assert!(plan.success, "{}", plan.text());
    assert!(
        plan.text()
            .contains("data.ivs_recording_configuration.main will be read during apply"),
        "{}",
        plan.text()
    );
    assert!(
        plan.text().contains("(known after apply)"),
        "{}",
        plan.text()
    );
}

/// The `terraform { required_providers }` block and a provider block with `provider_body`.
pub fn provider_config(provider_body: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    ivs = {{ source = \"{PROVIDER_SOURCE}\" }}\n  }}\n}}\n\nprovider \"ivs\" {{\n{provider_body}\n}}\n"
    )
}

/// A provider block body for the IVS endpoint `endpoint`: the region, then `extra` (whole lines,
/// each ending in a newline, or nothing), then the `endpoints` block.
pub fn local_provider_body(endpoint: &str, extra: &str) -> String {
    format!(
        "  region = \"{REGION}\"\n{extra}{}",
        endpoints_block(endpoint)
    )
}

/// The provider block's `endpoints` block, sending IVS requests to `endpoint`.
pub fn endpoints_block(endpoint: &str) -> String {
    format!("  endpoints {{\n    ivs = \"{endpoint}\"\n  }}")
}

/// `value` as an HCL string literal (it must hold nothing that needs escaping).
pub fn quoted(value: &str) -> String {
    format!("\"{value}\"")
}

/// A configuration with the provider block `provider_body` and the data source
/// `data.ivs_recording_configuration.main` reading `arn_expression`, an HCL expression: a quoted
/// ARN or a reference.
pub fn reading(provider_body: &str, arn_expression: &str) -> String {
    format!(
        "{}\ndata \"ivs_recording_configuration\" \"main\" {{\n  arn = {arn_expression}\n}}\n",
        provider_config(provider_body)
    )
}

/// An `output` block named `name` whose value is the expression `value`.
fn output_block(name: &str, value: &str) -> String {
    format!("\noutput \"{name}\" {{\n  value = {value}\n}}\n")
}

/// A configuration reading the ARN `arn` with the provider block `provider_body`, with the output
/// `name` holding the recording configuration's name.
pub fn read_name_config(provider_body: &str, arn: &str) -> String {
    reading(provider_body, &quoted(arn))
        + &output_block("name", "data.ivs_recording_configuration.main.name")
}

/// A configuration reading one recording configuration from the local endpoint and exposing the
/// whole data source as the output `rc`.
pub fn read_config(endpoint: &str, arn_expression: &str) -> String {
    reading(&local_provider_body(endpoint, ""), arn_expression)
        + &output_block("rc", "data.ivs_recording_configuration.main")
}

/// The ARN expression of `terraform_data_arn`: known only after apply.
pub const ARN_KNOWN_AFTER_APPLY: &str = "terraform_data.arn.output";

/// A `terraform_data` resource whose output, `ARN_KNOWN_AFTER_APPLY`, is `arn`, to be appended
/// to a configuration.
pub fn terraform_data_arn(arn: &str) -> String {
    format!("\nresource \"terraform_data\" \"arn\" {{\n  input = \"{arn}\"\n}}\n")
}

/// Starts ivs-local on 127.0.0.1 with its default configuration.
pub async fn start_ivs_local() -> ivs_local::Server {
    ivs_local::Server::start(ivs_local::Config::default())
        .await
        .expect("ivs-local starts on 127.0.0.1")
}

/// A failed plan against an IVS endpoint that never answers: what a hung endpoint costs.
pub struct HungPlan {
    pub run: Run,
    pub endpoint: String,
    pub elapsed: std::time::Duration,
}

/// Plans a read of `arn` from an ivs-local whose GetRecordingConfiguration never answers, with
/// `extra` provider arguments.
pub async fn plan_against_hung_endpoint(extra: &str, arn: &str) -> HungPlan {
    let server = start_ivs_local().await;
    server.inject_fault(ivs_local::Fault::hang("GetRecordingConfiguration").always());
    let endpoint = server.endpoint();
    let workspace = Workspace::new(&read_name_config(
        &local_provider_body(&endpoint, extra),
        arn,
    ));
    let started = std::time::Instant::now();
    let run = plan_off_runtime(workspace).await;
    HungPlan {
        run,
        endpoint,
        elapsed: started.elapsed(),
    }
}

impl HungPlan {
    /// Asserts the plan failed with the timeout error naming the endpoint and `bound` (`45s`).
    pub fn assert_timed_out_after(&self, bound: &str) -> String {
        let text = self.run.unwrapped();
        assert!(!self.run.success, "{text}");
        assert!(
            text.contains("Error: Timed out reading the recording configuration from IVS")
                && text.contains(&format!("IVS at {} did not answer", self.endpoint))
                && text.contains(&format!("within the time limit of a read, {bound}")),
            "{text}"
        );
        text
    }
}

/// An IVS client for the local endpoint, with the test credentials.
pub fn ivs_client(endpoint: &str) -> aws_sdk_ivs::Client {
    ivs_client_in(endpoint, REGION)
}

/// An IVS client for the local endpoint in `region` (ivs-local keeps each region apart).
pub fn ivs_client_in(endpoint: &str, region: &str) -> aws_sdk_ivs::Client {
    use aws_sdk_ivs::config::{BehaviorVersion, Credentials, Region};
    let config = aws_sdk_ivs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new(
            ACCESS_KEY, SECRET_KEY, None, None, "tests",
        ))
        .endpoint_url(endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    aws_sdk_ivs::Client::from_conf(config)
}

/// A destination that records to the S3 bucket `bucket`.
pub fn s3_destination(bucket: &str) -> DestinationConfiguration {
    DestinationConfiguration::builder()
        .s3(S3DestinationConfiguration::builder()
            .bucket_name(bucket)
            .build()
            .expect("bucket name is set"))
        .build()
}

/// Sends the CreateRecordingConfiguration `request`; returns the new configuration's ARN.
pub async fn send_create(request: CreateRecordingConfigurationFluentBuilder) -> String {
    request
        .send()
        .await
        .expect("ivs-local creates the recording configuration")
        .recording_configuration()
        .expect("the answer holds the recording configuration")
        .arn()
        .to_owned()
}

/// Creates a recording configuration named `name` that records to the S3 bucket `bucket`;
/// returns its ARN.
pub async fn create_recording_configuration(
    client: &aws_sdk_ivs::Client,
    name: &str,
    bucket: &str,
) -> String {
    send_create(
        client
            .create_recording_configuration()
            .name(name)
            .destination_configuration(s3_destination(bucket)),
    )
    .await
}
