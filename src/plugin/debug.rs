//! Debug mode (`terraform-provider-ivs -debug`): the provider started by a person (under a
//! debugger, say) rather than by Terraform, serving until Ctrl-C; Terraform attaches to it with
//! `TF_REATTACH_PROVIDERS`, the line this prints, instead of starting a plugin of its own.
//!
//! As terraform-plugin-go's debug servers: no handshake cookie, no AutoMTLS (Terraform's
//! reattach config carries no certificate), and `"Test": true`, which tells go-plugin not to
//! kill the process when a Terraform command ends, so one process serves command after command.

use serde_json::json;

/// The flag that selects debug mode (Go's flag package takes both spellings).
pub fn is_debug_flag(argument: &str) -> bool {
    matches!(argument, "-debug" | "--debug")
}

/// The `TF_REATTACH_PROVIDERS` value for the provider `address` (e.g.
/// `registry.terraform.io/ivs-rs/ivs`) listening at `network`/`path` in process `pid`.
pub fn reattach_providers(address: &str, pid: u32, network: &str, path: &str) -> String {
    json!({
        address: {
            "Protocol": "grpc",
            "ProtocolVersion": super::handshake::PROTOCOL_VERSION,
            "Pid": pid,
            "Test": true,
            "Addr": { "Network": network, "String": path },
        }
    })
    .to_string()
}

/// What debug mode prints once it listens: how to attach, and the variable line on its own, so
/// it can be copied or read by a script (`grep '^TF_REATTACH_PROVIDERS='`).
pub fn attach_message(reattach: &str) -> String {
    format!(
        "Provider started in debug mode. To attach Terraform or OpenTofu, set \
         TF_REATTACH_PROVIDERS in their environment:\n\nTF_REATTACH_PROVIDERS='{reattach}'\n\n\
         It serves until Ctrl-C (SIGINT) or SIGTERM."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reattach_json_is_what_terraform_reads() {
        let text = reattach_providers("registry.terraform.io/ivs-rs/ivs", 42, "unix", "/tmp/p1");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed,
            json!({"registry.terraform.io/ivs-rs/ivs": {
                "Protocol": "grpc", "ProtocolVersion": 6, "Pid": 42, "Test": true,
                "Addr": {"Network": "unix", "String": "/tmp/p1"}
            }})
        );
        assert!(attach_message(&text).contains(&format!("\nTF_REATTACH_PROVIDERS='{text}'\n")));
    }

    #[test]
    fn takes_both_spellings_of_the_flag() {
        assert!(is_debug_flag("-debug") && is_debug_flag("--debug"));
        assert!(!is_debug_flag("-debugx") && !is_debug_flag("debug"));
    }
}
