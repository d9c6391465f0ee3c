//! A card leg created without card data (`creditCard.card` absent): the payer types the
//! card on the sandbox's payment page (`routes::pay`) and the same rules as a direct card
//! decide it then (`card::authorise`). Here: what the create call checks and keeps.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use orkestra_core::catalog::Country;
use orkestra_core::validate::CardNumber;
use rand::RngCore;

use crate::error::SandboxError;

/// A card leg waiting for the payer on the payment page.
#[derive(Debug)]
pub struct PageCapture {
    /// The page's key in its URL: random, never derived from the transaction, since the
    /// URL is the only credential the page has.
    pub token: String,
    pub country: Country,
    pub return_url: String,
}

/// A card as the payer typed it on the page, once the page's checks passed: what the
/// decision needs (the security code and expiry were checked and dropped).
pub struct Entered {
    pub number: CardNumber,
    pub debit: bool,
    pub installments: u8,
}

/// The installments are the payer's choice on the page, so a request that sets them is
/// refused; a payer who came by redirect goes back to `returnUrl`, so it is required.
pub fn capture(
    country: Country,
    installments: Option<u8>,
    return_url: Option<String>,
    base: &str,
) -> Result<PageCapture, SandboxError> {
    if installments.is_some() {
        return Err(SandboxError::invalid(
            format!("{base}.options.installments"),
            "INVALID_FIELD",
            "without card data the payer chooses the installments on the payment page",
        ));
    }
    let return_url = return_url.ok_or_else(|| {
        SandboxError::invalid(
            format!("{base}.options.returnUrl"),
            "INVALID_FIELD",
            "returnUrl is required: the payment page sends the payer back to it",
        )
    })?;
    Ok(PageCapture {
        token: token(),
        country,
        return_url,
    })
}

/// 256 bits from the operating system's generator, URL-safe base64 (43 characters).
fn token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_url_safe_and_never_repeat() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 43);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, b);
    }
}
