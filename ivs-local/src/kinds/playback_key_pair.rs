//! Playback key pairs: the public halves of the keys viewers' tokens for private channels are
//! signed with. ImportPlaybackKeyPair takes a PEM public key, keeps only its fingerprint (the
//! key material is not part of the resource AWS returns), and refuses what IVS refuses: any key
//! but ECDSA on P-384.

use super::{Context, Kind, Role, default, text};
use crate::errors::ApiError;
use crate::store::Resource;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{ECDSA_P384_SHA384_ASN1, ParsedPublicKey};
use md5::{Digest, Md5};
use rustls::pki_types::SubjectPublicKeyInfoDer;
use rustls::pki_types::pem::PemObject;
use serde_json::json;

pub static KIND: Kind = Kind {
    resource_type: "playback-key",
    what: "playback key pair",
    what_plural: "playback key pairs",
    shape: "PlaybackKeyPair",
    summary_shape: "PlaybackKeyPairSummary",
    member: "keyPair",
    list_member: "keyPairs",
    operations: &[
        (Role::Create, "ImportPlaybackKeyPair"),
        (Role::Get, "GetPlaybackKeyPair"),
        (Role::List, "ListPlaybackKeyPairs"),
        (Role::Delete, "DeletePlaybackKeyPair"),
    ],
    // AWS's default quota: 3 playback key pairs per region and account.
    quota: DEFAULT_QUOTA,
    prepare,
    ..super::PLAIN
};

/// Most playback key pairs per region and account.
pub const DEFAULT_QUOTA: usize = 3;

/// The input member holding the PEM public key.
const MATERIAL: &str = "publicKeyMaterial";

/// The fingerprint of the key in place of the key, `name` `""`, `tags` `{}`.
fn prepare(pair: &mut Resource, _: &Context<'_>) -> Result<(), ApiError> {
    if pair.contains_key(MATERIAL) {
        let fingerprint = fingerprint(text(pair, MATERIAL))?;
        pair.remove(MATERIAL);
        pair.insert("fingerprint".to_owned(), fingerprint.into());
    }
    default(pair, "name", "");
    default(pair, "tags", json!({}));
    Ok(())
}

/// The fingerprint of a PEM public key: the MD5 digest of its DER SubjectPublicKeyInfo
/// (re-encoded canonically), as colon-separated lowercase hex. AWS does not document how it
/// computes fingerprints; its published examples (the AWS CLI's `import-playback-key-pair`
/// and `get-playback-key-pair` examples) show 16 colon-separated hex bytes
/// (`0a:1b:2c:...:a3:72`), the form and length of this digest, which is also how EC2
/// fingerprints imported keys. No real key with its AWS fingerprint was available to confirm
/// the digest itself.
pub(crate) fn fingerprint(material: &str) -> Result<String, ApiError> {
    let der = SubjectPublicKeyInfoDer::from_pem_slice(material.as_bytes()).map_err(|error| {
        ApiError::validation(format!(
            "{MATERIAL} must be a public key in PEM form (-----BEGIN PUBLIC KEY----- ...): {error:?}"
        ))
    })?;
    let key = ParsedPublicKey::new(&ECDSA_P384_SHA384_ASN1, der.as_ref()).map_err(|error| {
        ApiError::validation(format!(
            "{MATERIAL} must be an ECDSA public key on curve P-384 (secp384r1), as IVS requires; \
             this key is not one ({error})"
        ))
    })?;
    let canonical = key
        .as_der()
        .map_err(|_| ApiError::validation(format!("{MATERIAL} cannot be re-encoded as DER")))?;
    let digest = Md5::digest(canonical.as_ref());
    Ok(digest
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<Vec<_>>()
        .join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P384_A: &str = include_str!("../../tests/data/p384-a.pem");
    const P384_B: &str = include_str!("../../tests/data/p384-b.pem");

    #[test]
    fn fingerprints_are_md5_of_the_der_key_as_openssl_computes_it() {
        // `openssl pkey -pubin -outform DER | openssl md5 -c` (tests/data/README.md).
        assert_eq!(
            fingerprint(P384_A).unwrap(),
            "46:0f:44:f7:c1:41:67:86:a3:55:88:86:e8:03:8e:68"
        );
        assert_eq!(
            fingerprint(P384_B).unwrap(),
            "cc:e5:0e:61:73:0a:5b:08:35:f7:fe:08:1c:cd:76:d8"
        );
    }

    #[test]
    fn keys_other_than_p384_and_non_pem_text_are_refused_naming_the_member() {
        for bad in [
            include_str!("../../tests/data/p256.pem"),
            include_str!("../../tests/data/rsa-2048.pem"),
            "not a key",
            "",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        ] {
            let error = fingerprint(bad).unwrap_err();
            assert_eq!(error.code, "ValidationException", "{bad}");
            assert!(error.message.starts_with(MATERIAL), "{}", error.message);
        }
        let p256 = fingerprint(include_str!("../../tests/data/p256.pem")).unwrap_err();
        assert!(p256.message.contains("P-384"), "{}", p256.message);
    }
}
