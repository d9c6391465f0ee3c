use std::fmt;

use super::ar_document::{ar_dni, cuil, cuit};
use super::br_document::BrDocument;
use super::cnpj::cnpj;
use super::co_document::{co_cc, co_ce, co_pp, co_ti, nit};
use super::cpf::cpf;
use super::curp::curp;
use super::document_parts::{group_thousands, mask_document};
use super::ec_document::{ec_cedula, ec_ruc};
use super::pe_document::{pe_ce, pe_dni, pe_ruc};
use super::rfc::rfc;
use super::rut::rut;
use crate::error::ErrorCode;
use crate::market::{Country, DocumentType};

/// A payer's identity document, checked by the rules of its (country, type) pair.
///
/// The one entry point for forms and requests that carry a `documentType` and a
/// `document`: [`document`]. The number is kept normalised (separators removed, letters
/// upper-case); `Debug` and `Display` mask all but its last four characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Document {
    country: Country,
    kind: DocumentType,
    value: String,
    formatted: String,
    check_digit_ok: bool,
}

impl Document {
    pub fn country(&self) -> Country {
        self.country
    }

    pub fn kind(&self) -> DocumentType {
        self.kind
    }

    /// The normalised number, as upstream APIs take it: no separators, upper-case. Named
    /// like [`super::Cpf::digits`] although some types hold letters (RUT's `K`, CURP, RFC,
    /// passports).
    pub fn digits(&self) -> &str {
        &self.value
    }

    /// The number in the way it is printed in its country ("12.345.678-5", "20-12345678-6").
    pub fn formatted(&self) -> &str {
        &self.formatted
    }

    /// The formatted number with all but its last four characters replaced by `*`.
    pub fn masked(&self) -> String {
        mask_document(&self.formatted)
    }

    /// `false` only for a Mexican CURP or RFC whose structure is valid but whose check
    /// digit is not: about 1.5% of real RFCs are like that (fact sheet 2.7), so the page
    /// may warn but must not block. Always `true` for every other type, whose check
    /// digits are enforced.
    pub fn check_digit_ok(&self) -> bool {
        self.check_digit_ok
    }

    fn new(
        country: Country,
        kind: DocumentType,
        value: &str,
        formatted: String,
        check_digit_ok: bool,
    ) -> Self {
        Document {
            country,
            kind,
            value: value.to_owned(),
            formatted,
            check_digit_ok,
        }
    }
}

/// Checks `input` as a document of type `kind` from `country`.
///
/// Covers every pair [`crate::catalog::document_types`] lists; any other pair (RUT in
/// Brazil, anything in a country whose methods ask for no document) is
/// `UnsupportedDocumentType`. Otherwise the errors are those of the type's own parser:
/// `Required`, `InvalidFormat`, `InvalidCheckDigit`, `RepeatedDigits`.
pub fn document(country: Country, kind: DocumentType, input: &str) -> Result<Document, ErrorCode> {
    use Country as C;
    use DocumentType as T;
    let doc = |value: &str, formatted: String| Document::new(country, kind, value, formatted, true);
    Ok(match (country, kind) {
        (C::BR, T::Cpf) => cpf(input).map(BrDocument::Cpf)?.into(),
        (C::BR, T::Cnpj) => cnpj(input).map(BrDocument::Cnpj)?.into(),
        (C::CL, T::Rut) => {
            let r = rut(input)?;
            doc(r.digits(), r.formatted())
        }
        (C::CO, T::Cc) => {
            let v = co_cc(input)?;
            doc(&v, group_thousands(&v))
        }
        (C::CO, T::Ce) => {
            let v = co_ce(input)?;
            doc(&v, v.clone())
        }
        (C::CO, T::Nit) => {
            let n = nit(input)?;
            doc(n.digits(), n.formatted())
        }
        (C::CO, T::Ti) => {
            let v = co_ti(input)?;
            doc(&v, v.clone())
        }
        (C::CO, T::Pp) => {
            let v = co_pp(input)?;
            doc(&v, v.clone())
        }
        (C::MX, T::Curp) => {
            let c = curp(input)?;
            Document::new(
                country,
                kind,
                c.digits(),
                c.digits().to_owned(),
                c.check_digit_ok(),
            )
        }
        (C::MX, T::Rfc) => {
            let r = rfc(input)?;
            Document::new(
                country,
                kind,
                r.digits(),
                r.digits().to_owned(),
                r.check_digit_ok(),
            )
        }
        (C::PE, T::Dni) => {
            let d = pe_dni(input)?;
            doc(d.digits(), d.digits().to_owned())
        }
        (C::PE, T::Ce) => {
            let v = pe_ce(input)?;
            doc(&v, v.clone())
        }
        (C::PE, T::Ruc) => {
            let r = pe_ruc(input)?;
            doc(r.digits(), r.digits().to_owned())
        }
        (C::AR, T::Dni) => {
            let v = ar_dni(input)?;
            doc(&v, group_thousands(&v))
        }
        (C::AR, T::Cuit) => {
            let c = cuit(input)?;
            doc(c.digits(), c.formatted())
        }
        (C::AR, T::Cuil) => {
            let c = cuil(input)?;
            doc(c.digits(), c.formatted())
        }
        (C::EC, T::Cedula) => {
            let c = ec_cedula(input)?;
            doc(c.digits(), c.digits().to_owned())
        }
        (C::EC, T::Ruc) => {
            let r = ec_ruc(input)?;
            doc(r.digits(), r.digits().to_owned())
        }
        _ => return Err(ErrorCode::UnsupportedDocumentType),
    })
}

impl From<BrDocument> for Document {
    fn from(d: BrDocument) -> Self {
        Document::new(
            Country::BR,
            d.document_type(),
            d.digits(),
            d.formatted(),
            true,
        )
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("country", &self.country)
            .field("kind", &self.kind)
            .field("value", &self.masked())
            .field("check_digit_ok", &self.check_digit_ok)
            .finish()
    }
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::document_types;
    use proptest::prelude::*;
    use ErrorCode::*;

    /// One valid number per (country, type) pair the catalog lists, from the fact sheet's
    /// section 2 where it gives one (structural-only types: synthetic numbers of the
    /// documented shape).
    fn valid_example(country: Country, kind: DocumentType) -> &'static str {
        use Country as C;
        use DocumentType as T;
        match (country, kind) {
            (C::AR, T::Cuit) => "20-12345678-6",
            (C::AR, T::Cuil) => "27-30111222-5",
            (C::AR, T::Dni) => "20.123.456",
            (C::BR, T::Cpf) => "123.456.789-09",
            (C::BR, T::Cnpj) => "12.ABC.345/01DE-35",
            (C::CL, T::Rut) => "12.345.678-5",
            (C::CO, T::Cc) => "1.004.922.993",
            (C::CO, T::Ce) => "E123456",
            (C::CO, T::Nit) => "900.123.456-8",
            (C::CO, T::Ti) => "1004922993",
            (C::CO, T::Pp) => "AB1234567",
            (C::EC, T::Cedula) => "1714307103",
            (C::EC, T::Ruc) => "1792060346001",
            (C::MX, T::Curp) => "GOMC850315HDFRRR07",
            (C::MX, T::Rfc) => "GODE561231GR8",
            (C::PE, T::Dni) => "10117410-2",
            (C::PE, T::Ce) => "001234567",
            (C::PE, T::Ruc) => "20512333797",
            _ => panic!("no example for {country} {kind}: add one"),
        }
    }

    #[test]
    fn every_pair_the_catalog_lists_has_a_validator_that_accepts_a_valid_example() {
        let mut pairs = 0;
        for country in Country::ALL {
            for &kind in document_types(country) {
                let input = valid_example(country, kind);
                let d = document(country, kind, input)
                    .unwrap_or_else(|e| panic!("{country} {kind} {input}: {e}"));
                assert_eq!(d.country(), country);
                assert_eq!(d.kind(), kind);
                assert!(d.check_digit_ok(), "{country} {kind}");
                pairs += 1;
            }
        }
        assert_eq!(pairs, 18);
    }

    #[test]
    fn every_pair_the_catalog_does_not_list_is_unsupported() {
        for country in Country::ALL {
            for kind in DocumentType::ALL {
                if !document_types(country).contains(&kind) {
                    assert_eq!(
                        document(country, kind, "12345678"),
                        Err(UnsupportedDocumentType),
                        "{country} {kind}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_same_type_follows_each_countrys_rules() {
        // DNI: 8 digits with an optional check character in Peru, 7–8 digits in Argentina.
        assert!(document(Country::PE, DocumentType::Dni, "101174102").is_ok());
        assert_eq!(
            document(Country::AR, DocumentType::Dni, "101174102"),
            Err(InvalidFormat)
        );
        assert!(document(Country::AR, DocumentType::Dni, "1011741").is_ok());
        assert_eq!(
            document(Country::PE, DocumentType::Dni, "1011741"),
            Err(InvalidFormat)
        );
        // RUC: 11 digits in Peru, 13 in Ecuador.
        assert_eq!(
            document(Country::PE, DocumentType::Ruc, "1792060346001"),
            Err(InvalidFormat)
        );
        assert_eq!(
            document(Country::EC, DocumentType::Ruc, "20512333797"),
            Err(InvalidFormat)
        );
    }

    #[test]
    fn values_are_normalised_and_formatted_per_country() {
        for (country, kind, input, digits, formatted) in [
            (
                Country::CL,
                DocumentType::Rut,
                "10000013k",
                "10000013K",
                "10.000.013-K",
            ),
            (
                Country::CO,
                DocumentType::Cc,
                "1004922993",
                "1004922993",
                "1.004.922.993",
            ),
            (
                Country::CO,
                DocumentType::Nit,
                "9001234568",
                "9001234568",
                "900.123.456-8",
            ),
            (
                Country::AR,
                DocumentType::Dni,
                "20123456",
                "20123456",
                "20.123.456",
            ),
            (
                Country::AR,
                DocumentType::Cuit,
                "20123456786",
                "20123456786",
                "20-12345678-6",
            ),
            (
                Country::PE,
                DocumentType::Dni,
                "10117410-G",
                "10117410",
                "10117410",
            ),
            (
                Country::BR,
                DocumentType::Cpf,
                "52998224725",
                "52998224725",
                "529.982.247-25",
            ),
            (
                Country::MX,
                DocumentType::Rfc,
                "gode 561231 gr8",
                "GODE561231GR8",
                "GODE561231GR8",
            ),
        ] {
            let d = document(country, kind, input).unwrap();
            assert_eq!(d.digits(), digits, "{input}");
            assert_eq!(d.formatted(), formatted, "{input}");
        }
    }

    #[test]
    fn errors_come_from_the_types_own_rules() {
        use Country as C;
        use DocumentType as T;
        for (country, kind, input, code) in [
            (C::CL, T::Rut, "12.345.678-6", InvalidCheckDigit),
            (C::CO, T::Nit, "900.123.456-7", InvalidCheckDigit),
            (C::AR, T::Cuit, "20-12345678-7", InvalidCheckDigit),
            (C::PE, T::Ruc, "20512333798", InvalidCheckDigit),
            (C::EC, T::Cedula, "1714307104", InvalidCheckDigit),
            (C::BR, T::Cpf, "111.111.111-11", RepeatedDigits),
            (C::CO, T::Cc, "12345", InvalidFormat),
            (C::MX, T::Curp, "GOMC851315HDFRRR07", InvalidFormat),
            (C::PE, T::Ce, "", Required),
        ] {
            assert_eq!(
                document(country, kind, input),
                Err(code),
                "{country} {kind} {input}"
            );
        }
    }

    #[test]
    fn a_curp_or_rfc_with_a_wrong_check_digit_passes_with_a_warning() {
        let d = document(Country::MX, DocumentType::Curp, "GOMC850315HDFRRR08").unwrap();
        assert!(!d.check_digit_ok());
        let d = document(Country::MX, DocumentType::Rfc, "GODE561231GR9").unwrap();
        assert!(!d.check_digit_ok());
        assert_eq!(d.digits(), "GODE561231GR9");
    }

    #[test]
    fn debug_and_display_show_only_the_last_four_characters() {
        let d = document(Country::CL, DocumentType::Rut, "12.345.678-5").unwrap();
        assert_eq!(d.masked(), "**.***.678-5");
        assert_eq!(d.to_string(), "**.***.678-5");
        assert_eq!(
            format!("{d:?}"),
            "Document { country: CL, kind: Rut, value: \"**.***.678-5\", check_digit_ok: true }"
        );
        let d = document(Country::MX, DocumentType::Rfc, "ÑAÑO800101AB3").unwrap();
        assert_eq!(d.masked(), "*********1AB3");
        assert!(!format!("{d:?}").contains('Ñ'));
    }

    #[test]
    fn a_br_document_converts_without_losing_its_type() {
        let d: Document = BrDocument::parse("11.222.333/0001-81").unwrap().into();
        assert_eq!(d.kind(), DocumentType::Cnpj);
        assert_eq!(d.country(), Country::BR);
        assert_eq!(d.digits(), "11222333000181");
        assert_eq!(
            document(Country::BR, DocumentType::Cnpj, "11.222.333/0001-81"),
            Ok(d)
        );
    }

    proptest! {
        #[test]
        fn no_input_makes_any_validator_panic_and_what_passes_is_masked(
            pair in prop::sample::select(
                Country::ALL
                    .iter()
                    .flat_map(|&c| document_types(c).iter().map(move |&t| (c, t)))
                    .collect::<Vec<_>>()
            ),
            input in "[0-9A-Za-zÑñ&./ -]{0,20}|\\PC{0,20}",
        ) {
            let (country, kind) = pair;
            if let Ok(d) = document(country, kind, &input) {
                prop_assert!(!d.digits().is_empty());
                let masked = d.masked();
                let shown = masked.chars().filter(|&c| !"*.-/ ".contains(c)).count();
                prop_assert!(shown <= 4, "{}", masked);
            }
        }
    }
}
