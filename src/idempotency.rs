//! The `Idempotency-Key` of the payment the payer means to make.
//!
//! One key per intended payment: created on the first submit, reused by every retry of it
//! (a double click, a retry after a network error, a reload), and dropped only when the
//! server has answered for good (see `api::ApiError::is_definitive`) or the payer starts a
//! new attempt. It lives in `sessionStorage`, per page token, with a copy in memory for
//! when storage is blocked (some embedded iframes).

use std::cell::RefCell;

use web_sys::Storage;

thread_local! {
    static MEMORY: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// The key of the payment in progress for `token` and this request `body`, creating it
/// if there is none. A different body (the payer changed the method or a field) is a
/// different payment, so it gets a new key: the server would refuse a key reused for
/// another request.
pub fn key_for(token: &str, body: &str) -> String {
    let fingerprint = fingerprint(body);
    if let Some(key) = stored(token) {
        if let Some(key) = same_payment(&key, &fingerprint) {
            return key.to_owned();
        }
    }
    let key = [uuid_v4(random_bytes()), fingerprint].join(" ");
    if let Some(storage) = storage() {
        // A full or blocked storage still leaves the in-memory copy.
        let _ = storage.set_item(&storage_key(token), &key);
    }
    MEMORY.with(|m| *m.borrow_mut() = Some((token.to_owned(), key.clone())));
    key.split(' ').next().unwrap_or_default().to_owned()
}

/// The stored key, if it was made for the request with this fingerprint.
fn same_payment<'a>(stored: &'a str, fingerprint: &str) -> Option<&'a str> {
    let (key, print) = stored.split_once(' ')?;
    (print == fingerprint).then_some(key)
}

/// FNV-1a (64 bits) of the request body, in hex: tells requests apart without keeping
/// what the payer typed (card numbers) in storage.
pub fn fingerprint(body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in body.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::with_capacity(16);
    for shift in (0..16).rev() {
        out.push(char::from_digit(((hash >> (shift * 4)) & 0xf) as u32, 16).unwrap_or('0'));
    }
    out
}

/// Ends the payment in progress: the next submit is a new payment with a new key.
pub fn forget(token: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&storage_key(token));
    }
    MEMORY.with(|m| m.borrow_mut().take_if(|(t, _)| t == token));
}

fn stored(token: &str) -> Option<String> {
    storage()
        .and_then(|s| s.get_item(&storage_key(token)).ok().flatten())
        .or_else(|| {
            MEMORY.with(|m| {
                m.borrow()
                    .as_ref()
                    .filter(|(t, _)| t == token)
                    .map(|(_, key)| key.clone())
            })
        })
}

fn storage() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn storage_key(token: &str) -> String {
    format!("orkestra.idempotency.{token}")
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Every browser we support has Web Crypto; this only keeps an odd one working.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// Formats 16 random bytes as a version 4 UUID (RFC 9562), the usual shape of the key.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_version_4_uuids() {
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        let key = uuid_v4([0xff; 16]);
        assert_eq!(key, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(key.len(), 36);
    }

    #[test]
    fn a_key_serves_only_the_request_it_was_made_for() {
        let (a, b) = (
            fingerprint(r#"{"method":"PIX"}"#),
            fingerprint(r#"{"method":"CARD"}"#),
        );
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
        let stored = ["00000000-0000-4000-8000-000000000000", &a].join(" ");
        assert_eq!(
            same_payment(&stored, &a),
            Some("00000000-0000-4000-8000-000000000000")
        );
        assert_eq!(same_payment(&stored, &b), None);
        assert_eq!(same_payment("old-key-without-print", &a), None);
    }
}
