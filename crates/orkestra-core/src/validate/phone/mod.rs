//! Mobile phone numbers of every country in the catalog, as payers type them.
//!
//! A checkout asks for a phone to send an SMS, a push (Nequi, Yape, M-Pesa) or a wallet's
//! PIN prompt, so only mobile numbers are accepted.

mod operator;
mod plan;

pub use operator::Operator;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use self::plan::{plan, prefix_len, Trunk};
use super::mask::mask_keep_last;
use super::normalize;
use crate::catalog::Country;
use crate::error::ErrorCode;

/// More digits than any number typed with a calling code, an international `00` and a
/// trunk prefix could have (E.164 numbers have at most 15).
const MAX_DIGITS: usize = 20;

/// A mobile number of one catalog country, held as its national significant number (NSN):
/// the digits after the calling code.
///
/// `Debug` and `Display` mask it ("+233 *****4567"); [`Phone::e164`] is the one way to the
/// full number. Serialises as E.164 and deserialises through [`Phone::parse_e164`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    country: Country,
    nsn: String,
}

impl Phone {
    /// Parses an E.164 number ("+233241234567") of any catalog country, finding the
    /// country from the calling code: `UnsupportedCountry` when none has it, otherwise as
    /// [`phone`].
    pub fn parse_e164(input: &str) -> Result<Phone, ErrorCode> {
        let (plus, digits) = clean(input)?;
        if !plus {
            return Err(ErrorCode::InvalidFormat);
        }
        let country = Country::ALL
            .into_iter()
            .find(|c| digits.starts_with(plan(*c).calling_code))
            .ok_or(ErrorCode::UnsupportedCountry)?;
        phone(country, input)
    }

    pub fn country(&self) -> Country {
        self.country
    }

    /// The national significant number: the digits after the calling code.
    pub fn nsn(&self) -> &str {
        &self.nsn
    }

    /// "+233241234567": what upstream APIs and SMS gateways take.
    pub fn e164(&self) -> String {
        format!("+{}{}", plan(self.country).calling_code, self.nsn)
    }

    /// The digits as payers in the country write the number: with the trunk `0` where it
    /// is written ("0241234567" in Ghana), the NSN elsewhere ("07…" in Côte d'Ivoire, whose
    /// NSN starts with 0). Argentina's mobiles are written without the `9` that only the
    /// international form carries. [`phone`] reads this form back.
    pub fn national(&self) -> String {
        match (self.country, plan(self.country).trunk) {
            (Country::AR, _) => self.nsn[1..].to_owned(),
            (_, Trunk::Written) => format!("0{}", self.nsn),
            (_, Trunk::None | Trunk::Accepted) => self.nsn.clone(),
        }
    }

    /// The network the prefix belongs to, for pre-selecting the payer's wallet; `None`
    /// where the fact sheet lists no operator prefixes (Latin America, South Africa) or
    /// the prefix is unassigned. Only a hint: numbers can be ported.
    pub fn operator(&self) -> Option<Operator> {
        let digits = self.nsn.as_bytes();
        plan(self.country)
            .operators
            .iter()
            .filter_map(|(pattern, op)| prefix_len(pattern, digits).map(|len| (len, *op)))
            .max_by_key(|(len, _)| *len)
            .map(|(_, op)| op)
    }

    /// "+233 *****4567": safe for logs.
    pub fn masked(&self) -> String {
        format!(
            "+{} {}",
            plan(self.country).calling_code,
            mask_keep_last(&self.nsn, 4)
        )
    }
}

/// The calling code without `+` ("233"), for the page's country prefix.
pub fn calling_code(country: Country) -> &'static str {
    plan(country).calling_code
}

/// The length of a mobile's national significant number, for the page's input.
pub fn nsn_length(country: Country) -> usize {
    plan(country).nsn_len
}

/// The operators whose prefixes are known in `country`, in the fact sheet's order: the
/// choices for a "which network?" picker. Empty where no prefixes are listed.
pub fn operators(country: Country) -> Vec<Operator> {
    let mut out: Vec<Operator> = Vec::new();
    for (_, op) in plan(country).operators {
        if !out.contains(op) {
            out.push(*op);
        }
    }
    out
}

/// Parses a mobile number of `country`, typed in international form ("+233 24 123 4567",
/// "00233…", or "233…" without the plus, as M-Pesa writes it) or national form
/// ("024 123 4567", with the trunk `0` where the country uses one).
///
/// Spaces, `-`, `.`, `/` and parentheses are ignored, so is a trunk `0` typed after the
/// calling code ("+233 (0)24…"). Country habits: Argentina's national mobile forms (area
/// code + `15` + number, or area code + number) become `9` + area code + number;
/// Mexico's pre-2019 `+52 1` mobile prefix is dropped; Benin's eight-digit numbers gain
/// the `01` the 2024 renumbering added.
///
/// `Required` when empty; `WrongCountryCode` for an international number of another
/// country; `InvalidFormat` for other characters or a wrong length; `NotMobile` for a
/// number of the right length outside the country's mobile ranges.
pub fn phone(country: Country, input: &str) -> Result<Phone, ErrorCode> {
    let plan = plan(country);
    let (plus, digits) = clean(input)?;
    let code = plan.calling_code;

    let international = if plus {
        if digits.starts_with('0') {
            return Err(ErrorCode::InvalidFormat);
        }
        Some(digits.as_str())
    } else if let Some(rest) = digits.strip_prefix("00").filter(|r| !r.starts_with('0')) {
        // The international call prefix; calling codes never start with 0.
        Some(rest)
    } else if digits.starts_with(code) && digits.len() >= code.len() + plan.nsn_len {
        Some(digits.as_str())
    } else {
        None
    };

    let nsn = match international {
        Some(number) => {
            let rest = number
                .strip_prefix(code)
                .ok_or(ErrorCode::WrongCountryCode)?;
            let rest = match rest.strip_prefix('0') {
                Some(after_trunk)
                    if plan.trunk != Trunk::None && rest.len() == plan.nsn_len + 1 =>
                {
                    after_trunk
                }
                _ => rest,
            };
            country_habits(country, rest, true)
        }
        None => {
            let national = match digits.strip_prefix('0') {
                Some(after_trunk)
                    if plan.trunk != Trunk::None && digits.len() == plan.nsn_len + 1 =>
                {
                    after_trunk
                }
                _ => digits.as_str(),
            };
            country_habits(country, national, false)
        }
    };

    if nsn.len() != plan.nsn_len {
        return Err(ErrorCode::InvalidFormat);
    }
    let bytes = nsn.as_bytes();
    if !plan
        .mobile_prefixes()
        .any(|p| prefix_len(p, bytes).is_some())
    {
        // A leading 0 where no mobile has one is a typing slip, not a landline.
        let zero_mobiles = plan.mobile_prefixes().any(|p| p.starts_with('0'));
        return Err(if nsn.starts_with('0') && !zero_mobiles {
            ErrorCode::InvalidFormat
        } else {
            ErrorCode::NotMobile
        });
    }
    Ok(Phone { country, nsn })
}

/// Strips separators (their Unicode look-alikes too, and Arabic-Indic digits are read as
/// digits: [`normalize`]): whether a `+` led the number, and the digits. `Required` when
/// nothing is left, `InvalidFormat` for any other character (letters, a second `+`) or
/// too many digits.
fn clean(input: &str) -> Result<(bool, String), ErrorCode> {
    let mut plus = false;
    let mut digits = String::with_capacity(input.len());
    for c in normalize(input).chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '+' && !plus && digits.is_empty() {
            // "+233…", "(+233) …".
            plus = true;
        } else if !(c.is_whitespace() || matches!(c, '-' | '.' | '/' | '(' | ')')) {
            return Err(ErrorCode::InvalidFormat);
        }
        if digits.len() > MAX_DIGITS {
            return Err(ErrorCode::InvalidFormat);
        }
    }
    if digits.is_empty() {
        return Err(if plus {
            ErrorCode::InvalidFormat
        } else {
            ErrorCode::Required
        });
    }
    Ok((plus, digits))
}

/// The per-country rewrites of what payers type into the NSN; `international` is true
/// for the digits after the calling code.
fn country_habits(country: Country, digits: &str, international: bool) -> String {
    match country {
        Country::AR => argentina(digits),
        // "+52 1 55 1234 5678": the mobile prefix abolished in 2019.
        Country::MX if international && digits.len() == 11 && digits.starts_with('1') => {
            digits[1..].to_owned()
        }
        // Benin added "01" in front of every mobile in November 2024.
        Country::BJ if digits.len() == 8 => format!("01{digits}"),
        // Brazil: trunk 0 + a two-digit long-distance carrier code + DDD + number.
        Country::BR if !international && digits.len() == 14 && digits.starts_with('0') => {
            digits[3..].to_owned()
        }
        _ => digits.to_owned(),
    }
}

/// Argentina's E.164 mobiles are `9` + area code + number (10 digits). Nationally the `9`
/// is not typed; the old form puts `15` after the area code (2 digits for Buenos Aires'
/// 11, else 3 or 4), and a trunk `0` may lead, after the calling code too ("+54 (0)11…").
/// The digits alone do not tell a landline from a mobile, so 10 digits are taken as a
/// mobile: the page asks for one.
fn argentina(digits: &str) -> String {
    let digits = match digits.strip_prefix('0') {
        Some(rest) if matches!(rest.len(), 10 | 12) => rest,
        _ => digits,
    };
    if digits.len() == 12 {
        let at = if digits.starts_with("11") {
            Some(2)
        } else {
            [3, 4].into_iter().find(|&i| &digits[i..i + 2] == "15")
        };
        if let Some(at) = at.filter(|&i| &digits[i..i + 2] == "15") {
            return format!("9{}{}", &digits[..at], &digits[at + 2..]);
        }
    }
    if digits.len() == 10 {
        return format!("9{digits}");
    }
    digits.to_owned()
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.e164())
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Phone::parse_e164(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
