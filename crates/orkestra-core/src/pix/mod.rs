//! PIX BR Codes: the EMV payload behind the QR code and the "Pix Copia e Cola" string.
//!
//! The page never builds a dynamic code for a real charge (the PSP does); it parses the one
//! it receives to check it before showing it, and the sandbox builds codes for tests.

mod ascii;
mod crc;
mod tlv;

pub use crc::crc16_ccitt_false;

use crate::error::ErrorCode;
use crate::money::{Currency, Money};

/// The Pix GUI in the merchant account template; readers compare it case-insensitively.
const GUI: &str = "br.gov.bcb.pix";
/// The txid a code carries when it has none.
const NO_TXID: &str = "***";

/// The fields of a BR Code that matter to a checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrCode {
    /// Field 59, at most 25 characters.
    pub merchant_name: String,
    /// Field 60, at most 15 characters.
    pub merchant_city: String,
    /// Field 54 as written ("10.50"); absent when the payer types the amount.
    pub amount: Option<String>,
    /// Field 62-05, at most 25 characters; `None` is written as "***".
    pub txid: Option<String>,
    /// Field 26-01, the Pix key of a static code.
    pub key: Option<String>,
    /// Field 26-25, the payload URL (without scheme) of a dynamic code.
    pub location: Option<String>,
    /// Field 01 = "12": a single-use (dynamic) code.
    pub dynamic: bool,
}

impl BrCode {
    /// Builds the EMV payload ("Pix Copia e Cola") with a valid CRC.
    ///
    /// Free text is folded to ASCII (accents stripped, other characters dropped) so that
    /// lengths in characters and bytes agree, then truncated: name to 25, city to 15, txid
    /// to 25 characters, key and location to 77 (the BCB maxima). A dynamic code carries
    /// its location and a static one its key, as the BR Code rules require; the other is
    /// not written.
    pub fn to_payload(&self) -> String {
        let text = |s: &str, max: usize| ascii::truncate(&ascii::fold(s), max).to_owned();

        let mut account = String::new();
        tlv::push(&mut account, "00", GUI);
        if self.dynamic {
            if let Some(location) = &self.location {
                tlv::push(&mut account, "25", &text(location, 77));
            }
        } else if let Some(key) = &self.key {
            tlv::push(&mut account, "01", &text(key, 77));
        }

        let txid = self
            .txid
            .as_deref()
            .map_or(NO_TXID.to_owned(), |t| text(t, 25));
        let mut additional = String::new();
        tlv::push(&mut additional, "05", &txid);

        let mut out = String::new();
        tlv::push(&mut out, "00", "01");
        if self.dynamic {
            tlv::push(&mut out, "01", "12");
        }
        tlv::push(&mut out, "26", &account);
        tlv::push(&mut out, "52", "0000");
        tlv::push(&mut out, "53", "986");
        if let Some(amount) = &self.amount {
            tlv::push(&mut out, "54", &text(amount, 13));
        }
        tlv::push(&mut out, "58", "BR");
        tlv::push(&mut out, "59", &text(&self.merchant_name, 25));
        tlv::push(&mut out, "60", &text(&self.merchant_city, 15));
        tlv::push(&mut out, "62", &additional);
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        out.push_str(&format!("{crc:04X}"));
        out
    }

    /// Parses and checks a payload: starts with "000201", TLV lengths consistent, the CRC
    /// field last, GUI br.gov.bcb.pix, currency 986, country BR, CRC matches (hex in either
    /// case), a well-formed amount.
    ///
    /// `InvalidFormat` for structure, `InvalidCheckDigit` for a CRC mismatch,
    /// `UnsupportedCurrency`/`UnsupportedCountry` for a code in another currency or country,
    /// and the amount's own code for a malformed amount. Unknown fields are ignored.
    pub fn parse(payload: &str) -> Result<BrCode, ErrorCode> {
        if !payload.starts_with("000201") {
            return Err(ErrorCode::InvalidFormat);
        }
        let fields = tlv::fields(payload)?;
        for (i, (id, _)) in fields.iter().enumerate() {
            if fields[i + 1..].iter().any(|(other, _)| other == id) {
                return Err(ErrorCode::InvalidFormat);
            }
        }
        let Some(&("63", crc)) = fields.last() else {
            return Err(ErrorCode::InvalidFormat);
        };
        if crc.len() != 4 || !crc.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ErrorCode::InvalidFormat);
        }
        let expected = u16::from_str_radix(crc, 16).map_err(|_| ErrorCode::InvalidFormat)?;
        let covered = &payload[..payload.len() - 4];
        if crc16_ccitt_false(covered.as_bytes()) != expected {
            return Err(ErrorCode::InvalidCheckDigit);
        }

        let field = |id: &str| fields.iter().find(|(f, _)| *f == id).map(|(_, v)| *v);
        let required = |id: &str| field(id).ok_or(ErrorCode::InvalidFormat);

        let dynamic = match field("01") {
            None | Some("11") => false,
            Some("12") => true,
            Some(_) => return Err(ErrorCode::InvalidFormat),
        };
        // Pix may sit in any merchant account template, 26 to 51; 26 in practice.
        let account = fields
            .iter()
            .filter(|(id, _)| ("26"..="51").contains(id))
            .map(|(_, v)| tlv::fields(v))
            .find(|sub| {
                sub.as_ref().is_ok_and(|sub| {
                    sub.iter()
                        .any(|(id, v)| *id == "00" && v.eq_ignore_ascii_case(GUI))
                })
            })
            .ok_or(ErrorCode::InvalidFormat)??;
        let sub = |id: &str| {
            account
                .iter()
                .find(|(f, _)| *f == id)
                .map(|(_, v)| v.to_string())
        };

        required("52")?;
        if required("53")? != "986" {
            return Err(ErrorCode::UnsupportedCurrency);
        }
        if required("58")? != "BR" {
            return Err(ErrorCode::UnsupportedCountry);
        }
        let merchant_name = required("59")?.to_owned();
        let merchant_city = required("60")?.to_owned();
        let amount = field("54").map(str::to_owned);
        if let Some(amount) = &amount {
            // EMV caps field 54 at 13 characters; a longer one could not be written back.
            if amount.len() > 13 {
                return Err(ErrorCode::InvalidFormat);
            }
            Money::parse_lenient(amount, Currency::BRL)?;
        }
        let txid = match field("62") {
            Some(additional) => tlv::fields(additional)?
                .into_iter()
                .find(|(id, _)| *id == "05")
                .map(|(_, v)| v)
                .filter(|v| *v != NO_TXID)
                .map(str::to_owned),
            None => None,
        };

        Ok(BrCode {
            merchant_name,
            merchant_city,
            amount,
            txid,
            key: sub("01"),
            location: sub("25"),
            dynamic,
        })
    }

    /// The amount as money, to compare with the order's total before showing the code.
    /// `Ok(None)` when the code leaves the amount to the payer.
    pub fn amount_in_brl(&self) -> Result<Option<Money>, ErrorCode> {
        self.amount
            .as_deref()
            .map(|a| Money::parse_lenient(a, Currency::BRL))
            .transpose()
    }
}

#[cfg(test)]
mod tests;
