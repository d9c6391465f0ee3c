use serde::{Deserialize, Serialize};

use super::country::Country;
use super::market::Market;
use super::method::PaymentMethod;

/// A piece of payer data the page may ask for before creating a payment.
///
/// Method-specific inputs are not payer fields: card number/expiry/CVV, the wallet
/// operator, the PSE bank and person type, and the document *type* (implied by `Document`,
/// see [`super::method_document_types`]) belong to the method's own form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayerField {
    FullName,
    Document,
    Email,
    Phone,
    Address,
}

impl PayerField {
    pub const ALL: [PayerField; 5] = [
        PayerField::FullName,
        PayerField::Document,
        PayerField::Email,
        PayerField::Phone,
        PayerField::Address,
    ];

    /// The serde string, also the form field's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PayerField::FullName => "full_name",
            PayerField::Document => "document",
            PayerField::Email => "email",
            PayerField::Phone => "phone",
            PayerField::Address => "address",
        }
    }
}

const NONE: &[PayerField] = &[];

/// What the payer enters for `method` in `country`, in a fixed order (name, document,
/// email, phone, address) so every form reads the same. Empty when the country does not
/// offer the method, and for Colombia's bank transfer, whose inputs depend on the PSP.
///
/// From the "Enter" column of the fact sheet's master table, with one addition: Orkestra
/// requires an RFC or CURP for SPEI (orkestra-api.md 4.4), so Mexico's SPEI and bank
/// transfer ask for a document although the table does not. Some fields may be left empty:
/// see [`payer_field_is_optional`].
pub fn payer_fields(country: Country, method: PaymentMethod) -> &'static [PayerField] {
    use Country::*;
    use PayerField::*;
    match method {
        PaymentMethod::Card => match country {
            BR | CL | CO | PE => &[FullName, Document],
            // CURP/RFC are optional for Mexican cards, so not asked.
            MX => &[FullName],
            _ => NONE,
        },
        PaymentMethod::Pix => match country {
            BR => &[FullName, Document, Email],
            _ => NONE,
        },
        PaymentMethod::Boleto => match country {
            // A registered boleto needs the payer's address (CEP included).
            BR => &[FullName, Document, Email, Address],
            _ => NONE,
        },
        PaymentMethod::Spei => match country {
            MX => &[FullName, Document, Email],
            _ => NONE,
        },
        PaymentMethod::Pse => match country {
            CO => &[FullName, Document, Email, Phone],
            _ => NONE,
        },
        PaymentMethod::Cash => match country {
            CL | CO => &[FullName, Document, Email],
            EC => &[Email],
            MX => &[FullName, Email],
            PE => &[FullName, Document, Email, Phone],
            EG => &[Email, Phone],
            // The phone receives change vouchers.
            ZA => &[Phone],
            _ => NONE,
        },
        PaymentMethod::BankTransfer => match country {
            AR => &[FullName, Document, Email],
            CL => &[Document, Email],
            // Bancolombia button or Bre-B: the PSP's own page asks. Unconfirmed.
            CO => NONE,
            // Unconfirmed whether this differs from SPEI; the same CLABE flow is assumed.
            MX => &[FullName, Document, Email],
            // Yape: the phone the approval push goes to.
            PE => &[Phone],
            BF | CM | GH | CI => &[FullName, Email],
            NG => &[FullName, Email, Phone],
            EG | ET | KE | MW | RW | SN | SL | TZ | UG => &[FullName],
            _ => NONE,
        },
        PaymentMethod::Nequi | PaymentMethod::Daviplata => match country {
            CO => &[Document, Email, Phone],
            _ => NONE,
        },
        PaymentMethod::MobileMoney => match country {
            BJ | CM | ET | GH | CI | KE | NG | RW | SN | TZ | UG | ZM => &[Phone],
            _ => NONE,
        },
        // Eurozone and World methods: see `market_payer_fields`.
        PaymentMethod::Sepa | PaymentMethod::Crypto => NONE,
    }
}

/// Whether the payer may leave `field` empty (the master table puts these in brackets or
/// marks them "opt."). Always false for a field [`payer_fields`] does not list.
pub fn payer_field_is_optional(country: Country, method: PaymentMethod, field: PayerField) -> bool {
    use PayerField::*;
    matches!(
        (country, method, field),
        (Country::CL, PaymentMethod::BankTransfer, Document)
            | (Country::CO, PaymentMethod::Daviplata, Email | Phone)
            | (Country::EC, PaymentMethod::Cash, Email)
            | (Country::NG, PaymentMethod::BankTransfer, Phone)
            | (Country::ZA, PaymentMethod::Cash, Phone)
    )
}

/// [`payer_fields`] for any market.
///
/// SEPA is modelled as a credit transfer the payer pushes (nothing to enter; a direct debit
/// would need an IBAN, which is not a payer field yet), and crypto asks only for the token
/// and network, which belong to the method's form.
pub fn market_payer_fields(market: Market, method: PaymentMethod) -> &'static [PayerField] {
    match market {
        Market::Country(c) => payer_fields(c, method),
        Market::Eurozone | Market::World => NONE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Country::*;
    use PayerField::*;

    /// Every (country, method) row of the master table with its "Enter" column.
    const ROWS: [(Country, PaymentMethod, &[PayerField]); 49] = [
        (
            AR,
            PaymentMethod::BankTransfer,
            &[FullName, Document, Email],
        ),
        (BR, PaymentMethod::Card, &[FullName, Document]),
        (BR, PaymentMethod::Pix, &[FullName, Document, Email]),
        (
            BR,
            PaymentMethod::Boleto,
            &[FullName, Document, Email, Address],
        ),
        (CL, PaymentMethod::Card, &[FullName, Document]),
        (CL, PaymentMethod::Cash, &[FullName, Document, Email]),
        (CL, PaymentMethod::BankTransfer, &[Document, Email]),
        (CO, PaymentMethod::Card, &[FullName, Document]),
        (CO, PaymentMethod::Pse, &[FullName, Document, Email, Phone]),
        (CO, PaymentMethod::Cash, &[FullName, Document, Email]),
        (CO, PaymentMethod::BankTransfer, &[]),
        (CO, PaymentMethod::Daviplata, &[Document, Email, Phone]),
        (CO, PaymentMethod::Nequi, &[Document, Email, Phone]),
        (EC, PaymentMethod::Cash, &[Email]),
        (MX, PaymentMethod::Card, &[FullName]),
        (MX, PaymentMethod::Spei, &[FullName, Document, Email]),
        (MX, PaymentMethod::Cash, &[FullName, Email]),
        (
            MX,
            PaymentMethod::BankTransfer,
            &[FullName, Document, Email],
        ),
        (PE, PaymentMethod::Card, &[FullName, Document]),
        (PE, PaymentMethod::Cash, &[FullName, Document, Email, Phone]),
        (PE, PaymentMethod::BankTransfer, &[Phone]),
        (BJ, PaymentMethod::MobileMoney, &[Phone]),
        (BF, PaymentMethod::BankTransfer, &[FullName, Email]),
        (CM, PaymentMethod::BankTransfer, &[FullName, Email]),
        (CM, PaymentMethod::MobileMoney, &[Phone]),
        (EG, PaymentMethod::Cash, &[Email, Phone]),
        (EG, PaymentMethod::BankTransfer, &[FullName]),
        (ET, PaymentMethod::BankTransfer, &[FullName]),
        (ET, PaymentMethod::MobileMoney, &[Phone]),
        (GH, PaymentMethod::BankTransfer, &[FullName, Email]),
        (GH, PaymentMethod::MobileMoney, &[Phone]),
        (CI, PaymentMethod::BankTransfer, &[FullName, Email]),
        (CI, PaymentMethod::MobileMoney, &[Phone]),
        (KE, PaymentMethod::BankTransfer, &[FullName]),
        (KE, PaymentMethod::MobileMoney, &[Phone]),
        (MW, PaymentMethod::BankTransfer, &[FullName]),
        (NG, PaymentMethod::BankTransfer, &[FullName, Email, Phone]),
        (NG, PaymentMethod::MobileMoney, &[Phone]),
        (RW, PaymentMethod::BankTransfer, &[FullName]),
        (RW, PaymentMethod::MobileMoney, &[Phone]),
        (SN, PaymentMethod::BankTransfer, &[FullName]),
        (SN, PaymentMethod::MobileMoney, &[Phone]),
        (SL, PaymentMethod::BankTransfer, &[FullName]),
        (ZA, PaymentMethod::Cash, &[Phone]),
        (TZ, PaymentMethod::BankTransfer, &[FullName]),
        (TZ, PaymentMethod::MobileMoney, &[Phone]),
        (UG, PaymentMethod::BankTransfer, &[FullName]),
        (UG, PaymentMethod::MobileMoney, &[Phone]),
        (ZM, PaymentMethod::MobileMoney, &[Phone]),
    ];

    #[test]
    fn every_master_table_row_asks_for_its_enter_column() {
        for (country, method, fields) in ROWS {
            assert!(country.offers(method), "{country} {method} not offered");
            assert_eq!(payer_fields(country, method), fields, "{country} {method}");
        }
    }

    #[test]
    fn the_rows_cover_every_method_every_country_offers() {
        let offered: usize = Country::ALL.iter().map(|c| c.methods().len()).sum();
        assert_eq!(offered, ROWS.len());
    }

    #[test]
    fn methods_a_country_does_not_offer_ask_for_nothing() {
        for c in Country::ALL {
            for m in PaymentMethod::ALL {
                if !c.offers(m) {
                    assert!(payer_fields(c, m).is_empty(), "{c} {m}");
                }
            }
        }
    }

    #[test]
    fn fields_come_in_one_fixed_order_without_repeats() {
        for c in Country::ALL {
            for m in PaymentMethod::ALL {
                let fields = payer_fields(c, m);
                assert!(fields.windows(2).all(|w| w[0] < w[1]), "{c} {m}");
            }
        }
    }

    #[test]
    fn every_mobile_money_row_asks_for_a_phone() {
        for c in Country::ALL {
            if c.offers(PaymentMethod::MobileMoney) {
                assert!(
                    payer_fields(c, PaymentMethod::MobileMoney).contains(&Phone),
                    "{c}"
                );
            }
        }
    }

    #[test]
    fn only_bracketed_fields_are_optional_and_only_fields_that_are_asked() {
        let optional = [
            (CL, PaymentMethod::BankTransfer, Document),
            (CO, PaymentMethod::Daviplata, Email),
            (CO, PaymentMethod::Daviplata, Phone),
            (EC, PaymentMethod::Cash, Email),
            (NG, PaymentMethod::BankTransfer, Phone),
            (ZA, PaymentMethod::Cash, Phone),
        ];
        for c in Country::ALL {
            for m in PaymentMethod::ALL {
                for f in PayerField::ALL {
                    let expected = optional.contains(&(c, m, f));
                    assert_eq!(payer_field_is_optional(c, m, f), expected, "{c} {m} {f:?}");
                    if expected {
                        assert!(payer_fields(c, m).contains(&f));
                    }
                }
            }
        }
    }

    #[test]
    fn sepa_and_crypto_ask_the_payer_for_nothing() {
        assert!(market_payer_fields(Market::Eurozone, PaymentMethod::Sepa).is_empty());
        assert!(market_payer_fields(Market::World, PaymentMethod::Crypto).is_empty());
        assert_eq!(
            market_payer_fields(Market::Country(BR), PaymentMethod::Pix),
            payer_fields(BR, PaymentMethod::Pix)
        );
    }

    #[test]
    fn payer_fields_serialise_as_snake_case_names() {
        for f in PayerField::ALL {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
        }
        assert_eq!(FullName.as_str(), "full_name");
    }
}
