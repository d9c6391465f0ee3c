//! Identifiers. Session tokens are capabilities (whoever holds one can pay that session),
//! so they carry 256 bits from the operating system's generator.

use rand::rngs::OsRng;
use rand::RngCore;

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

pub fn session_id() -> String {
    format!("cs_{}", random_hex(12))
}

pub fn page_token() -> String {
    format!("pt_{}", random_hex(32))
}

/// A payment attempt's id follows from its session and `Idempotency-Key`: an attempt
/// dropped because Orkestra could not be reached and made again under the same key keeps
/// its id, and with it its `referenceId` at Orkestra.
pub fn transaction_id(session_id: &str, idempotency_key: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(session_id.as_bytes());
    hash.update([0]);
    hash.update(idempotency_key.as_bytes());
    format!("tx_{}", &hex::encode(hash.finalize())[..24])
}

pub fn event_id() -> String {
    format!("evt_{}", random_hex(12))
}

pub fn charge_id() -> String {
    format!("ch_{}", random_hex(12))
}

/// A secret the proxy makes for itself: 32 bytes from the operating system, hex.
pub fn secret() -> String {
    random_hex(32)
}
