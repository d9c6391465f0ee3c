//! BR Code vectors: the fact sheet's computed payloads, the BCB manual's example and
//! published payloads, plus hand-built malformed ones (CRC recomputed so only the defect differs).

use super::*;
use ErrorCode::*;

const STATIC: &str = "00020126330014br.gov.bcb.pix011112345678909520400005303986\
                      540510.505802BR5912LOJA EXEMPLO6009SAO PAULO62130509PEDIDO12363045119";
const DYNAMIC: &str = "00020101021226800014br.gov.bcb.pix2558pix.example.com/qr/v2/\
                       9d36b84f-c70b-478f-b95c-12729b90ca255204000053039865802BR\
                       5912LOJA EXEMPLO6009SAO PAULO62070503***6304D233";
/// The example of the BCB's BR Code manual.
const MANUAL: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
                      5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

fn static_code() -> BrCode {
    BrCode {
        merchant_name: "LOJA EXEMPLO".into(),
        merchant_city: "SAO PAULO".into(),
        amount: Some("10.50".into()),
        txid: Some("PEDIDO123".into()),
        key: Some("12345678909".into()),
        location: None,
        dynamic: false,
    }
}

fn dynamic_code() -> BrCode {
    BrCode {
        merchant_name: "LOJA EXEMPLO".into(),
        merchant_city: "SAO PAULO".into(),
        amount: None,
        txid: None,
        key: None,
        location: Some("pix.example.com/qr/v2/9d36b84f-c70b-478f-b95c-12729b90ca25".into()),
        dynamic: true,
    }
}

#[test]
fn the_fact_sheets_static_payload_is_built_byte_for_byte() {
    assert_eq!(static_code().to_payload(), STATIC);
}

#[test]
fn the_fact_sheets_dynamic_payload_is_built_byte_for_byte() {
    assert_eq!(dynamic_code().to_payload(), DYNAMIC);
}

#[test]
fn both_fact_sheet_payloads_round_trip_exactly() {
    for payload in [STATIC, DYNAMIC] {
        let code = BrCode::parse(payload).unwrap();
        assert_eq!(code.to_payload(), payload);
    }
    assert_eq!(BrCode::parse(STATIC).unwrap(), static_code());
    assert_eq!(BrCode::parse(DYNAMIC).unwrap(), dynamic_code());
}

#[test]
fn the_manuals_example_parses_with_its_crc() {
    let code = BrCode::parse(MANUAL).unwrap();
    assert_eq!(
        code.key.as_deref(),
        Some("123e4567-e12b-12d1-a456-426655440000")
    );
    assert_eq!(code.merchant_name, "Fulano de Tal");
    assert_eq!(code.merchant_city, "BRASILIA");
    assert_eq!(code.txid, None);
    assert_eq!(code.amount, None);
    assert!(!code.dynamic);
    assert_eq!(code.to_payload(), MANUAL);
}

#[test]
fn the_crc_is_compared_in_either_case() {
    let lower = format!("{}d233", &DYNAMIC[..DYNAMIC.len() - 4]);
    assert_eq!(BrCode::parse(&lower).unwrap(), dynamic_code());
}

#[test]
fn a_wrong_crc_is_a_check_digit_error() {
    let wrong = format!("{}0000", &STATIC[..STATIC.len() - 4]);
    assert_eq!(BrCode::parse(&wrong), Err(InvalidCheckDigit));
    // One altered character anywhere breaks the CRC.
    let tampered = STATIC.replace("10.50", "10.51");
    assert_eq!(BrCode::parse(&tampered), Err(InvalidCheckDigit));
}

#[test]
fn an_upper_case_gui_is_still_pix() {
    // Published with this GUI casing and CRC.
    let payload = "00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/\
                   93598be0-1bd0-4997-8318-81776a1d8a995204000053039865802BR\
                   5907EMPRESA6009SAO PAULO62070503***6304EEAB";
    let code = BrCode::parse(payload).unwrap();
    assert!(code.dynamic);
    assert_eq!(
        code.location.as_deref(),
        Some("pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99")
    );
}

#[test]
fn a_payload_whose_lengths_disagree_is_rejected_even_with_a_matching_crc() {
    // Field 62 claims 8 characters but holds 7; the published CRC covers it as written.
    let payload = "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986\
                   540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E";
    assert_eq!(BrCode::parse(payload), Err(InvalidFormat));
}

fn with_crc(body: &str) -> String {
    let body = format!("{body}6304");
    format!("{body}{:04X}", crc16_ccitt_false(body.as_bytes()))
}

#[test]
fn payloads_not_starting_with_the_format_indicator_are_rejected() {
    assert_eq!(BrCode::parse(""), Err(InvalidFormat));
    assert_eq!(BrCode::parse(&STATIC[6..]), Err(InvalidFormat));
    assert_eq!(BrCode::parse(&format!(" {STATIC}")), Err(InvalidFormat));
    assert_eq!(BrCode::parse(&format!("{STATIC} ")), Err(InvalidFormat));
}

#[test]
fn the_crc_must_be_the_last_field_with_four_hex_digits() {
    let body = &STATIC[..STATIC.len() - 8];
    assert_eq!(BrCode::parse(body), Err(InvalidFormat));
    assert_eq!(
        BrCode::parse(&format!("{body}6304XYZW")),
        Err(InvalidFormat)
    );
    assert_eq!(BrCode::parse(&format!("{body}6303ABC")), Err(InvalidFormat));
}

#[test]
fn codes_in_another_currency_or_country_are_unsupported() {
    let usd = with_crc(
        "00020126330014br.gov.bcb.pix01111234567890952040000530384054041.00\
         5802BR5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&usd), Err(UnsupportedCurrency));
    let ar = with_crc(
        "00020126330014br.gov.bcb.pix011112345678909520400005303986\
         5802AR5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&ar), Err(UnsupportedCountry));
}

#[test]
fn a_code_without_the_pix_gui_is_not_pix() {
    let other = with_crc(
        "00020126330014br.gov.bcb.xyz011112345678909520400005303986\
         5802BR5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&other), Err(InvalidFormat));
}

#[test]
fn missing_mandatory_fields_and_repeated_fields_are_format_errors() {
    let no_name = with_crc(
        "00020126330014br.gov.bcb.pix011112345678909520400005303986\
         5802BR6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&no_name), Err(InvalidFormat));
    let twice = with_crc(
        "00020126330014br.gov.bcb.pix011112345678909520400005303986\
         5802BR5901X5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&twice), Err(InvalidFormat));
    let bad_initiation = with_crc(
        "00020101021326330014br.gov.bcb.pix011112345678909520400005303986\
         5802BR5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&bad_initiation), Err(InvalidFormat));
}

#[test]
fn a_malformed_amount_is_reported_with_the_amounts_code() {
    let code = with_crc(
        "00020126330014br.gov.bcb.pix0111123456789095204000053039865404-1.05802BR\
         5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&code), Err(AmountNegative));
    let code = with_crc(
        "00020126330014br.gov.bcb.pix0111123456789095204000053039865405.1.005802BR\
         5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&code), Err(AmountFormat));
}

#[test]
fn the_amount_reads_as_brl_money() {
    let code = BrCode::parse(STATIC).unwrap();
    let money = code.amount_in_brl().unwrap().unwrap();
    assert_eq!((money.currency(), money.minor()), (Currency::BRL, 1050));
    assert_eq!(BrCode::parse(DYNAMIC).unwrap().amount_in_brl(), Ok(None));
}

#[test]
fn unknown_subfields_such_as_a_message_are_ignored() {
    let payload = with_crc(
        "00020126570014br.gov.bcb.pix0116john@example.com0215additional data\
         520400005303986540510.005802BR5911Maria Silva6008Brasilia62070503***",
    );
    let code = BrCode::parse(&payload).unwrap();
    assert_eq!(code.key.as_deref(), Some("john@example.com"));
    assert_eq!(code.amount.as_deref(), Some("10.00"));
}

#[test]
fn long_and_accented_text_is_folded_and_truncated_and_still_parses() {
    let code = BrCode {
        merchant_name: "Padaria e Confeitaria São João do Açaí".into(),
        merchant_city: "São José dos Campos".into(),
        amount: Some("1234.56".into()),
        txid: Some("PEDIDO-0123456789-ABCDEFGHIJ".into()),
        key: Some("loja@example.com".into()),
        location: None,
        dynamic: false,
    };
    let payload = code.to_payload();
    assert!(payload.is_ascii());
    let back = BrCode::parse(&payload).unwrap();
    assert_eq!(back.merchant_name, "Padaria e Confeitaria Sao");
    assert_eq!(back.merchant_city, "Sao Jose dos Ca");
    assert_eq!(back.txid.as_deref(), Some("PEDIDO-0123456789-ABCDEFG"));
    assert_eq!(back.key.as_deref(), Some("loja@example.com"));
}

#[test]
fn a_dynamic_code_writes_its_location_and_a_static_one_its_key() {
    let mut code = dynamic_code();
    code.key = Some("12345678909".into());
    assert!(!code.to_payload().contains("12345678909"));
    let mut code = static_code();
    code.location = Some("pix.example.com/qr/1".into());
    assert!(!code.to_payload().contains("pix.example.com"));
}

#[test]
fn an_amount_longer_than_emvs_13_characters_is_refused_so_every_parsed_code_can_be_rebuilt() {
    // Field 54 with 14 characters ("123456789012.5"): once accepted, `to_payload` cut it to
    // 13 and wrote a code that no longer parsed.
    let code = with_crc(
        "00020126330014br.gov.bcb.pix011112345678909520400005303986541412345678901\
         2.55802BR5901X6001Y62070503***",
    );
    assert_eq!(BrCode::parse(&code), Err(InvalidFormat));
}
