//! What Terraform hands a plugin it starts: the magic cookie, and its client certificate as PEM.
//! Shared by the integration tests and the start-up benchmark, which includes this file alone
//! with `#[path]` so as not to pull in the rest of the test harness.

use base64::Engine;

/// The value of `TF_PLUGIN_MAGIC_COOKIE` that Terraform sets for the plugins it starts.
pub const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// The PEM encoding of the DER certificate `der`, as Terraform passes it in `PLUGIN_CLIENT_CERT`:
/// base64 in lines of 64 characters between the BEGIN and END lines.
pub fn certificate_pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<_> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}
