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

pub fn transaction_id() -> String {
    format!("tx_{}", random_hex(12))
}

pub fn event_id() -> String {
    format!("evt_{}", random_hex(12))
}

pub fn charge_id() -> String {
    format!("ch_{}", random_hex(12))
}
