//! A bounded property run of the fuzz targets: the same checks (`fuzz/src/lib.rs`) on
//! arbitrary bytes and on text shaped like each parser's input, so that valid values turn
//! up often enough for their round trips to be checked. Runs on stable in `cargo test`;
//! the open-ended search is `cargo +nightly fuzz run NAME` in `fuzz/`.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use proptest::prelude::*;

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..96)
}

/// Text matching `pattern`.
fn shaped(pattern: &'static str) -> impl Strategy<Value = Vec<u8>> {
    pattern.prop_map(String::into_bytes)
}

/// A selector byte (currency, country, network) followed by text matching `pattern`.
fn selected(pattern: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (any::<u8>(), pattern).prop_map(|(selector, text)| {
        let mut data = vec![selector];
        data.extend(text.into_bytes());
        data
    })
}

/// A selector byte followed by text drawn from a list of known-good inputs, possibly with
/// one byte changed, so the checks see valid values and their near misses.
fn mutated(seeds: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (
        any::<u8>(),
        0..seeds.len(),
        prop::option::of((any::<prop::sample::Index>(), any::<u8>())),
    )
        .prop_map(move |(selector, i, change)| {
            let mut data = vec![selector];
            data.extend(seeds[i].bytes());
            if let Some((at, byte)) = change {
                let at = 1 + at.index(data.len() - 1);
                data[at] = byte;
            }
            data
        })
}

const PHONES: &[&str] = &[
    "+5491123456789",
    "011 15 2345-6789",
    "(11) 96123-4567",
    "+56961234567",
    "321 123 4567",
    "099 123 4567",
    "+52 1 55 1234 5678",
    "912 345 678",
    "01 97 12 34 56",
    "97 12 34 56",
    "70 12 34 56",
    "6 71 23 45 67",
    "010 0123 4567",
    "091 123 4567",
    "+233 (0)24 123 4567",
    "07 12 34 56 78",
    "254712123456",
    "0991 23 45 67",
    "0803 123 4567",
    "0788 123 456",
    "77 123 45 67",
    "076 123456",
    "071 123 4567",
    "0754 123 456",
    "0772 123456",
    "0977 123456",
];

const ADDRESSES: &[&str] = &[
    "0xdAC17F958D2ee523a2206206994597C13D831ec7",
    "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
    "0x55D398326F99059FF775485246999027B3197955",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    "TVYg8rpibDoq93wo8tTcGtfSUKkjbV58eF",
    "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
    "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
];

const CARDS: &[&str] = &[
    "4111 1111 1111 1111",
    "5555555555554444",
    "3782 822463 10005",
    "6362 9700 0045 7013",
    "123",
    "1234",
    "12/30",
    "1/2031",
    "12 / 2045",
];

const IDS: &[&str] = &[
    "12.345.678-5",
    "20-12345678-6",
    "HEGG560427MVZRRL04",
    "GODE561231GR8",
    "900.373.913-4",
    "12345678",
    "20100070970",
    "1710034065",
    "1790011674001",
    "29001011234567",
    "8001015009087",
];

const ACCOUNTS: &[&str] = &[
    "002180000123456789",
    "646 180 00000000001 2",
    "2850590940090418135201",
    "0000003100000123456784",
    "DE89 3704 0044 0532 0130 00",
    "FR1420041010050500013M02606",
    "EG380019000500000000263180002",
    "nl91abna0417164300",
];

const DOCUMENTS: &[&str] = &[
    "123.456.789-09",
    "52998224725",
    "12.ABC.345/01DE-35",
    "11.222.333/0001-81",
    "ana@example.com",
    "José da Silva",
    "058|0123456785",
    "50211|1234567897",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn money_parsers_hold_on_any_bytes(data in bytes()) {
        checks::money_parse_exact(&data);
        checks::money_parse_lenient(&data);
    }

    #[test]
    fn money_parsers_hold_on_number_like_text(
        data in selected("-?(0|[1-9][0-9]{0,19})(\\.[0-9]{0,8})?"),
    ) {
        checks::money_parse_exact(&data);
        checks::money_parse_lenient(&data);
    }

    #[test]
    fn the_br_code_parser_holds_on_any_bytes(data in bytes()) {
        checks::pix_br_code(&data);
    }

    #[test]
    fn the_br_code_parser_holds_on_near_misses_of_real_codes(
        data in mutated(&[
            "00020126330014br.gov.bcb.pix011112345678909520400005303986540510.505802BR5912LOJA EXEMPLO6009SAO PAULO62130509PEDIDO12363045119",
            "00020101021226800014br.gov.bcb.pix2558pix.example.com/qr/v2/9d36b84f-c70b-478f-b95c-12729b90ca255204000053039865802BR5912LOJA EXEMPLO6009SAO PAULO62070503***6304D233",
        ]),
    ) {
        // The selector byte is not part of a BR Code.
        checks::pix_br_code(&data[1..]);
    }

    #[test]
    fn document_and_contact_parsers_hold_on_any_bytes(data in bytes()) {
        checks::cpf(&data);
        checks::cnpj(&data);
        checks::br_document(&data);
        checks::email(&data);
        checks::person_name(&data);
    }

    #[test]
    fn document_and_contact_parsers_hold_on_near_misses(data in mutated(DOCUMENTS)) {
        let text = &data[1..];
        checks::cpf(text);
        checks::cnpj(text);
        checks::br_document(text);
        checks::email(text);
        checks::person_name(text);
        checks::nuban(text);
    }

    #[test]
    fn brazilian_documents_hold_on_digit_strings(data in shaped("[0-9][0-9 ./-]{10,17}")) {
        checks::cpf(&data);
        checks::cnpj(&data);
        checks::br_document(&data);
    }

    #[test]
    fn account_parsers_hold_on_any_bytes(data in bytes()) {
        checks::clabe(&data);
        checks::cbu(&data);
        checks::iban(&data);
        checks::nuban(&data);
    }

    #[test]
    fn account_parsers_hold_on_digit_strings(data in shaped("[0-9]{17,23}")) {
        checks::clabe(&data);
        checks::cbu(&data);
        checks::nuban(&data);
    }

    #[test]
    fn nuban_holds_on_bank_and_account_pairs(data in shaped("[0-9]{3,6}\\|[0-9 ]{10,11}")) {
        checks::nuban(&data);
    }

    #[test]
    fn iban_holds_on_iban_like_text(data in shaped("[A-Za-z]{2}[0-9]{2}[A-Z0-9 ]{10,32}")) {
        checks::iban(&data);
    }

    #[test]
    fn account_parsers_hold_on_near_misses(data in mutated(ACCOUNTS)) {
        let text = &data[1..];
        checks::clabe(text);
        checks::cbu(text);
        checks::iban(text);
    }

    #[test]
    fn phone_parsers_hold_on_any_bytes(data in bytes()) {
        checks::phone(&data);
        checks::phone_e164(&data);
    }

    #[test]
    fn phone_parsers_hold_on_number_like_text(
        data in selected("(\\+|00)?[0-9]{0,3}[ (]?[0-9]{0,3}[) -]?[0-9 -]{5,12}"),
    ) {
        checks::phone(&data);
        checks::phone_e164(&data[1..]);
    }

    #[test]
    fn phone_parsers_hold_on_near_misses(data in mutated(PHONES)) {
        checks::phone(&data);
        checks::phone_e164(&data[1..]);
    }

    #[test]
    fn every_countrys_vectors_round_trip(selector in 0u8..24, seed in 0..PHONES.len()) {
        let mut data = vec![selector];
        data.extend(PHONES[seed].bytes());
        checks::phone(&data);
    }

    #[test]
    fn the_address_parser_holds_on_any_bytes(data in bytes()) {
        checks::crypto_address(&data);
    }

    #[test]
    fn the_address_parser_holds_on_address_like_text(
        data in selected("0x[0-9a-f]{38,41}|0x[0-9A-F]{40}|T[1-9A-HJ-NP-Za-km-z]{32,34}|[1-9A-HJ-NP-Za-km-z]{31,45}"),
    ) {
        checks::crypto_address(&data);
    }

    #[test]
    fn the_address_parser_holds_on_near_misses(data in mutated(ADDRESSES)) {
        checks::crypto_address(&data);
    }

    #[test]
    fn card_parsers_hold_on_any_bytes(data in bytes()) {
        checks::card(&data);
    }

    #[test]
    fn card_parsers_hold_on_near_misses(data in mutated(CARDS)) {
        checks::card(&data);
    }

    #[test]
    fn card_parsers_hold_on_digit_strings(data in selected("[0-9][0-9 ]{2,22}|[0-9]{1,2} ?/ ?[0-9]{2,4}")) {
        checks::card(&data);
    }

    #[test]
    fn identity_document_parsers_hold_on_any_bytes(data in bytes()) {
        checks::identity_document(&data);
    }

    #[test]
    fn identity_document_parsers_hold_on_near_misses(data in mutated(IDS)) {
        checks::identity_document(&data);
    }

    #[test]
    fn identity_document_parsers_hold_on_document_like_text(
        data in selected("[0-9A-Z.-]{6,20}"),
    ) {
        checks::identity_document(&data);
    }

    #[test]
    fn split_holds_on_any_bytes(data in prop::collection::vec(any::<u8>(), 0..90)) {
        checks::split(&data);
    }
}
