//! The provider binary that Terraform starts as a plugin.

use std::process::ExitCode;

use terraform_provider_ivs::plugin::{self, HUMAN_MESSAGE, HandshakeError, PluginError};
use terraform_provider_ivs::provider::Provider;
use terraform_provider_ivs::{PROVIDER_ADDRESS, logging, tfplugin6};

fn main() -> ExitCode {
    // Exactly one crypto backend, installed before anything (the AWS SDK included) asks rustls
    // for the process default.
    if rustls::crypto::aws_lc_rs::default_provider()
        .install_default()
        .is_err()
    {
        eprintln!("terraform-provider-ivs: a rustls crypto provider was already installed");
        return ExitCode::FAILURE;
    }
    logging::init();
    // Panics are logged as one line for Terraform's log; handlers turn them into diagnostics.
    std::panic::set_hook(Box::new(|info| {
        tracing::error!(panic = %info, "provider panicked");
    }));

    // One thread is enough: nothing blocks it (configured files are read on their own threads,
    // names resolve asynchronously) and the work is waiting on the network. Measured on a debug
    // build, 150 interleaved starts each: a multi-threaded runtime added ~0.3 MiB of peak RSS
    // (22.8 -> 23.2 MiB) and ~0.7 ms to the fastest handshake, at every one of Terraform's
    // three starts per plan, and would break the single-thread assumption of
    // `provider::aws::use_sts_endpoint`.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("terraform-provider-ivs: could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let routes = tfplugin6::routes(Provider::new());
    // `-debug`: serve for Terraform to attach to (TF_REATTACH_PROVIDERS), until Ctrl-C.
    if std::env::args()
        .skip(1)
        .any(|a| plugin::debug::is_debug_flag(&a))
    {
        return match runtime.block_on(plugin::serve_debug(routes, PROVIDER_ADDRESS)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("terraform-provider-ivs: {error}");
                ExitCode::FAILURE
            }
        };
    }
    match runtime.block_on(plugin::serve(routes)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(PluginError::Handshake(HandshakeError::NotStartedByTerraform)) => {
            eprint!("{HUMAN_MESSAGE}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("terraform-provider-ivs: {error}");
            ExitCode::FAILURE
        }
    }
}
