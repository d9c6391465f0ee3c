//! Identifiers. Session tokens are capabilities (whoever holds one can pay that session),
//! so they carry 256 bits from the operating system's generator.
//!
//! The identifiers that rows are created under begin with the time of their making (48
//! bits of milliseconds, big-endian hex), then the random part. Each is a key of a unique
//! index, and a random key lands each new row on a random leaf page of it: with SQLite,
//! every one of those pages is written to the WAL again at the commit, and five random
//! keys a session made its write ~30 KB. Keys that grow with time are appended to each
//! index's last page, which a whole batch of sessions shares. The time is not a secret
//! (the merchant view shows `createdAt`); the random part alone keeps a token unguessable.

use rand::rngs::OsRng;
use rand::RngCore;

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// The time of making, then `bytes` random bytes, in hex: ordered by time.
fn sortable_hex(bytes: usize) -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as u64);
    format!("{:012x}{}", millis & 0xffff_ffff_ffff, random_hex(bytes))
}

pub fn session_id() -> String {
    format!("cs_{}", sortable_hex(10))
}

pub fn page_token() -> String {
    format!("pt_{}", sortable_hex(32))
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
    format!("ch_{}", sortable_hex(10))
}

/// A secret the proxy makes for itself: 32 bytes from the operating system, hex.
pub fn secret() -> String {
    random_hex(32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_grow_with_time_and_tokens_keep_256_random_bits() {
        let first = session_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = session_id();
        assert!(first < second, "{first} then {second}");
        let token = page_token();
        // "pt_", 12 hex digits of time, 64 of randomness.
        assert_eq!(token.len(), 3 + 12 + 64);
        assert!(token[3..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(page_token()[15..], token[15..]);
        assert!(
            charge_id() < {
                std::thread::sleep(std::time::Duration::from_millis(2));
                charge_id()
            }
        );
    }
}
