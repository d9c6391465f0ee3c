//! What the proxy signs for the merchant and hashes for itself, with the webhook signing
//! secret: webhooks, the hosted page's signed way back, and the keyed hashes that tell a
//! replayed request from a key reused for another one.
//!
//! Webhook signature header (documented in the README):
//! `Orkestra-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// The proxy's signing keys, settled at start (from the configuration, or made and kept in
/// the database when it gives none).
pub struct Keys {
    /// Signs what the merchant verifies (webhooks, the signed return).
    pub webhook: SecretString,
    /// During a rotation, the secret being retired: it signs too until it is removed.
    pub webhook_previous: Option<SecretString>,
    /// Keys the idempotency hashes: never shown to anyone, never rotated (a new key would
    /// make every earlier request look different from its retry).
    pub internal: SecretString,
}

impl Keys {
    /// The secret that signs now.
    pub fn current(&self) -> &[u8] {
        self.webhook.expose_secret().as_bytes()
    }

    /// The `Orkestra-Signature` header for `body` sent at `timestamp`: one `v1=` per
    /// secret, so a merchant verifying with either during a rotation accepts it.
    pub fn signature(&self, timestamp: i64, body: &str) -> String {
        let mut header = format!("t={timestamp}");
        for key in std::iter::once(&self.webhook).chain(&self.webhook_previous) {
            header.push_str(",v1=");
            header.push_str(&signed_hex(key.expose_secret().as_bytes(), timestamp, body));
        }
        header
    }

    pub fn request_hash(&self, body: &impl serde::Serialize) -> String {
        request_hash(self.internal.expose_secret().as_bytes(), body)
    }
}

/// The value of the `Orkestra-Signature` header for `body` sent at `timestamp`, with one
/// secret.
#[cfg(test)]
fn signature(secret: &[u8], timestamp: i64, body: &str) -> String {
    format!("t={timestamp},v1={}", signed_hex(secret, timestamp, body))
}

/// Hex HMAC-SHA256 of `"<timestamp>.<message>"`: the one signing rule of everything the
/// proxy signs for the merchant (webhooks, and the hosted page's return to the merchant).
pub fn signed_hex(secret: &[u8], timestamp: i64, message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.{message}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A keyed hash of a request body: tells a replay (same key, same body) from a key reused
/// for another request, without storing what the payer typed (a keyed hash cannot be
/// reversed by trying every CPF, or every one-time code).
fn request_hash(secret: &[u8], body: &impl serde::Serialize) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    // Serialising our own request types cannot fail (no maps with non-string keys).
    mac.update(serde_json::to_string(body).unwrap_or_default().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn during_a_rotation_each_secret_signs() {
        let keys = Keys {
            webhook: SecretString::from("new"),
            webhook_previous: Some(SecretString::from("secret")),
            internal: SecretString::from("internal"),
        };
        let header = keys.signature(1_700_000_000, "{}");
        let one = signature(b"secret", 1_700_000_000, "{}");
        let v1_old = one.split_once(",v1=").unwrap().1;
        assert!(header.starts_with("t=1700000000,v1="), "{header}");
        assert!(
            header.ends_with(&format!(",v1={v1_old}")),
            "the old secret's too: {header}"
        );
        assert_eq!(header.matches("v1=").count(), 2);
    }

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Reference value computed independently with Python's hmac module:
        // hmac.new(b"secret", b"1700000000.{}", hashlib.sha256).hexdigest()
        assert_eq!(
            signature(b"secret", 1_700_000_000, "{}"),
            "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
    }
}
