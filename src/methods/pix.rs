//! Pix: the QR code and the copy-and-paste code to pay, and the time left.

use super::sheet::Sheet;
use crate::context::Lang;
use crate::i18n::Key;

pub fn sheet(lang: Lang, emv: String, expires_at: String) -> Sheet {
    Sheet {
        testid: "pix",
        hint: Some(Key::ScanQr),
        qr: Some((emv.clone(), Key::QrLabel, "pix-qr")),
        expires_at: Some(expires_at),
        note: Some(Key::OrCopy),
        copies: vec![("pix-code", lang.t(Key::CopyLabel), emv)],
        ..Sheet::default()
    }
}
