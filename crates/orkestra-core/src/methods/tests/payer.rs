//! What each method asks the payer for, per country: the master table's "Enter" column.

use super::master_table::MASTER_TABLE;
use crate::market::{document_types, Country, DocumentType, Market, PayerField};
use crate::methods::rules::{
    market_payer_fields, method_document_types, payer_field_is_optional, payer_fields,
};
use crate::methods::PaymentMethod;
use Country::*;
use PayerField::*;

#[test]
fn every_master_table_row_asks_for_its_enter_column() {
    for &(country, method, fields) in MASTER_TABLE {
        assert!(country.offers(method), "{country} {method} not offered");
        assert_eq!(payer_fields(country, method), fields, "{country} {method}");
    }
}

#[test]
fn the_rows_cover_every_method_every_country_offers() {
    let offered: usize = Country::ALL.iter().map(|c| c.methods().len()).sum();
    assert_eq!(offered, MASTER_TABLE.len());
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
fn every_method_that_asks_for_a_document_offers_a_type() {
    for c in Country::ALL {
        for &m in c.methods() {
            let asks = payer_fields(c, m).contains(&PayerField::Document);
            let types = method_document_types(c, m);
            assert_eq!(asks, !types.is_empty(), "{c} {m}");
            for t in types {
                assert!(document_types(c).contains(t), "{c} {m} {t}");
            }
        }
    }
}

#[test]
fn daviplata_takes_cc_ce_and_ti_and_pse_takes_no_passport() {
    use DocumentType::*;
    assert_eq!(
        method_document_types(Country::CO, PaymentMethod::Daviplata),
        &[Cc, Ce, Ti]
    );
    assert_eq!(
        method_document_types(Country::CO, PaymentMethod::Pse),
        &[Cc, Ce, Nit, Ti]
    );
    assert_eq!(
        method_document_types(Country::BR, PaymentMethod::Pix),
        &[Cpf, Cnpj]
    );
    assert_eq!(
        method_document_types(Country::EC, PaymentMethod::Cash),
        &[] as &[DocumentType]
    );
}
