//! The release as a user meets it: the files `cargo xtask release` writes, `terraform init` from
//! a filesystem mirror holding the zip, and the static binary inside an otherwise empty chroot.
//! The release is built once per run of this file (a static `--release` build).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

use base64::Engine;
use sha2::{Digest, Sha256};
use xtask::release::{self, VERSION};
use xtask::{elf, project_root};

/// The release files, written once into a temporary directory kept for the whole run.
fn dist() -> &'static Path {
    static DIST: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIST.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        run(xtask().args(["release", "--out"]).arg(out.path()));
        out
    })
    .path()
}

/// `cargo xtask`, as built for this test run.
fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("command runs");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn release_files_are_named_checksummed_and_reproducible() {
    let names = release::names();
    let dist = dist();
    let mut listed: Vec<String> = std::fs::read_dir(dist)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    let mut expected = vec![
        names.zip.clone(),
        names.manifest.clone(),
        names.sums.clone(),
    ];
    expected.sort();
    assert_eq!(listed, expected);
    assert_eq!(
        names.zip,
        format!("terraform-provider-ivs_{VERSION}_linux_amd64.zip")
    );

    // sha256sum agrees with the sums file, which names the zip and the manifest.
    let check = run(Command::new("sha256sum")
        .arg("-c")
        .arg(&names.sums)
        .current_dir(dist));
    let checked = String::from_utf8_lossy(&check.stdout);
    assert_eq!(checked.matches(": OK").count(), 2, "{checked}");

    // The manifest is the repository's, byte for byte.
    assert_eq!(
        read(&dist.join(&names.manifest)),
        read(&project_root().join("terraform-registry-manifest.json"))
    );

    // Exactly one file in the zip: the executable, mode 0755, static.
    let zip_bytes = read(&dist.join(&names.zip));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip_bytes)).expect("a zip");
    assert_eq!(archive.len(), 1);
    let mut entry = archive.by_index(0).unwrap();
    assert_eq!(
        entry.name().unwrap(),
        format!("terraform-provider-ivs_v{VERSION}")
    );
    assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o755));
    let mut executable = Vec::new();
    entry.read_to_end(&mut executable).unwrap();
    let linking = elf::linking(&executable).unwrap();
    assert!(linking.is_static(), "{linking}");

    // A second release writes the same bytes.
    let again = tempfile::tempdir().unwrap();
    run(xtask().args(["release", "--out"]).arg(again.path()));
    for name in [&names.zip, &names.manifest, &names.sums] {
        assert_eq!(
            read(&dist.join(name)),
            read(&again.path().join(name)),
            "{name}"
        );
    }
}

#[test]
fn sign_writes_a_detached_signature_gpg_verifies() {
    let gnupg = tempfile::tempdir().unwrap();
    let gpg = || {
        let mut command = Command::new("gpg");
        command.env("GNUPGHOME", gnupg.path()).arg("--batch");
        command
    };
    run(gpg().args([
        "--passphrase",
        "",
        "--quick-generate-key",
        "Release Test <release-test@example.invalid>",
        "ed25519",
        "sign",
        "never",
    ]));
    let out = tempfile::tempdir().unwrap();
    run(xtask()
        .env("GNUPGHOME", gnupg.path())
        .args(["release", "--sign", "release-test@example.invalid", "--out"])
        .arg(out.path()));
    let names = release::names();
    let verify = run(gpg()
        .arg("--verify")
        .arg(out.path().join(&names.signature))
        .arg(out.path().join(&names.sums)));
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(said.contains("Good signature"), "{said}");
}

/// The seeded configuration every read here expects (from `examples/demo/seed.json`).
const SEEDED_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";
const SEEDED_NAME: &str = "demo-recordings";

/// ivs-local seeded with the demo's seed, served by a runtime of its own while the test thread
/// runs terraform.
struct Endpoint {
    _runtime: tokio::runtime::Runtime,
    server: ivs_local::Server,
}

impl Endpoint {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let seed = ivs_local::Seed::from_file(project_root().join("examples/demo/seed.json"))
            .expect("the demo seed loads");
        let config = ivs_local::Config {
            seed,
            ..ivs_local::Config::default()
        };
        let server = runtime
            .block_on(ivs_local::Server::start(config))
            .expect("ivs-local starts");
        Endpoint {
            _runtime: runtime,
            server,
        }
    }

    fn port(&self) -> String {
        self.server
            .endpoint()
            .rsplit(':')
            .next()
            .expect("endpoint has a port")
            .to_owned()
    }
}

/// A configuration reading the seeded recording configuration from `endpoint`.
fn reading_config(endpoint: &str) -> String {
    format!(
        r#"terraform {{
  required_providers {{
    ivs = {{ source = "ivs-rs/ivs" }}
  }}
}}

provider "ivs" {{
  region = "us-west-2"
  endpoints {{
    ivs = "{endpoint}"
  }}
}}

data "ivs_recording_configuration" "main" {{
  arn = "{SEEDED_ARN}"
}}

output "name" {{
  value = data.ivs_recording_configuration.main.name
}}
"#
    )
}

/// `terraform` in `dir` with a clean environment: the CLI config given, dummy credentials, and
/// nothing that reaches beyond 127.0.0.1.
fn terraform(dir: &Path, cli_config: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
    let mut command = Command::new("terraform");
    command
        .current_dir(dir)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("TF_CLI_CONFIG_FILE", cli_config)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test");
    for (name, value) in extra_env {
        command.env(name, value);
    }
    run(&mut command)
}

fn output_name(dir: &Path, cli_config: &Path) -> String {
    let output = terraform(dir, cli_config, &["output", "-raw", "name"], &[]);
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Terraform's `h1:` package hash of a zip: the dirhash "Hash1" of its files.
fn h1_hash(zip_bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut lines: Vec<String> = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        let digest: String = Sha256::digest(&content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        lines.push(format!("{digest}  {}\n", entry.name().unwrap()));
    }
    lines.sort();
    let summary = Sha256::digest(lines.concat().as_bytes());
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(summary)
    )
}

#[test]
fn terraform_init_installs_the_release_from_a_filesystem_mirror() {
    let names = release::names();
    let zip_bytes = read(&dist().join(&names.zip));
    let work = tempfile::tempdir().unwrap();
    // The packed layout: HOSTNAME/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_TARGET.zip.
    let mirror = work.path().join("mirror");
    let package_dir = mirror.join("registry.terraform.io/ivs-rs/ivs");
    std::fs::create_dir_all(&package_dir).unwrap();
    std::fs::write(package_dir.join(&names.zip), &zip_bytes).unwrap();
    let cli_config = work.path().join("cli.tfrc");
    std::fs::write(
        &cli_config,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    \
             include = [\"registry.terraform.io/ivs-rs/ivs\"]\n  }}\n}}\n",
            mirror.display()
        ),
    )
    .unwrap();
    let endpoint = Endpoint::start();
    let config_dir = work.path().join("config");
    std::fs::create_dir(&config_dir).unwrap();
    std::fs::write(
        config_dir.join("main.tf"),
        reading_config(&endpoint.server.endpoint()),
    )
    .unwrap();

    let init = terraform(
        &config_dir,
        &cli_config,
        &["init", "-input=false", "-no-color"],
        &[],
    );
    let said = String::from_utf8_lossy(&init.stdout);
    assert!(
        said.contains(&format!("Installed ivs-rs/ivs v{VERSION}")),
        "{said}"
    );
    let lock = std::fs::read_to_string(config_dir.join(".terraform.lock.hcl")).unwrap();
    assert!(
        lock.contains("provider \"registry.terraform.io/ivs-rs/ivs\""),
        "{lock}"
    );
    let recorded: Vec<&str> = lock.split_whitespace().collect();
    let version = format!("\"{VERSION}\"");
    assert!(
        recorded
            .windows(3)
            .any(|w| w == ["version", "=", version.as_str()]),
        "{lock}"
    );
    let hash = h1_hash(&zip_bytes);
    assert!(
        lock.contains(&format!("\"{hash}\"")),
        "{hash} not in\n{lock}"
    );

    terraform(
        &config_dir,
        &cli_config,
        &["apply", "-auto-approve", "-input=false", "-no-color"],
        &[],
    );
    assert_eq!(output_name(&config_dir, &cli_config), SEEDED_NAME);
}

#[test]
fn the_static_binary_reads_by_host_name_from_an_empty_chroot() {
    let names = release::names();
    let zip_bytes = read(&dist().join(&names.zip));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip_bytes)).unwrap();
    let mut executable = Vec::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_end(&mut executable)
        .unwrap();

    // The chroot: the released executable, /etc/hosts and /etc/resolv.conf, and nothing else (no
    // dynamic loader, no libc, no NSS modules, no certificates).
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("root");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    let inside = root.join("terraform-provider-ivs");
    std::fs::write(&inside, &executable).unwrap();
    set_mode(&inside, 0o755);
    std::fs::write(
        root.join("etc/hosts"),
        "127.0.0.1 localhost\n127.0.0.1 ivs.release.test\n",
    )
    .unwrap();
    // A name server that does not answer (nothing listens on 127.0.0.1:53 in the test), with
    // no options: the name must come from /etc/hosts at once, whatever DNS does (issue 17).
    std::fs::write(root.join("etc/resolv.conf"), "nameserver 127.0.0.1\n").unwrap();

    // Terraform starts "the provider": a script that runs the real one inside the chroot. A unix
    // socket path would not exist in there, so the plugin listens on 127.0.0.1 TCP.
    let launcher_dir = work.path().join("launcher");
    std::fs::create_dir(&launcher_dir).unwrap();
    let launcher = launcher_dir.join("terraform-provider-ivs");
    std::fs::write(
        &launcher,
        format!(
            "#!/bin/sh\nexec chroot '{}' /terraform-provider-ivs \"$@\"\n",
            root.display()
        ),
    )
    .unwrap();
    set_mode(&launcher, 0o755);
    let cli_config = work.path().join("cli.tfrc");
    std::fs::write(
        &cli_config,
        format!(
            "provider_installation {{\n  dev_overrides {{\n    \"ivs-rs/ivs\" = \"{}\"\n  }}\n  \
             direct {{}}\n}}\n",
            launcher_dir.display()
        ),
    )
    .unwrap();

    let endpoint = Endpoint::start();
    let config_dir = work.path().join("config");
    std::fs::create_dir(&config_dir).unwrap();
    let by_host_name = format!("http://ivs.release.test:{}", endpoint.port());
    std::fs::write(config_dir.join("main.tf"), reading_config(&by_host_name)).unwrap();
    let tcp = [("TF_IVS_PLUGIN_TRANSPORT", "tcp")];
    // Timed whole, Terraform's own start-up and the provider's starts included: a name that
    // waited on the silent name server would take 5 s or more.
    let started = std::time::Instant::now();
    terraform(
        &config_dir,
        &cli_config,
        &["apply", "-auto-approve", "-input=false", "-no-color"],
        &tcp,
    );
    let elapsed = started.elapsed();
    eprintln!("the chroot apply took {elapsed:?}");
    assert!(
        elapsed < std::time::Duration::from_secs(2),
        "the apply took {elapsed:?}: the name waited on DNS"
    );
    assert_eq!(output_name(&config_dir, &cli_config), SEEDED_NAME);
    assert!(
        endpoint.server.request_count("GetRecordingConfiguration") >= 1,
        "the read reached ivs-local"
    );
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
