use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::cnpj::{cnpj, Cnpj};
use super::compact_document;
use super::cpf::{cpf, Cpf};
use crate::catalog::DocumentType;
use crate::error::ErrorCode;

/// A Brazilian document: CPF when 11 digits, CNPJ when 14 characters.
///
/// PIX, boleto and Brazilian cards take either in one input, so the length decides which
/// rules apply. Masked in `Debug` through the inner types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BrDocument {
    Cpf(Cpf),
    Cnpj(Cnpj),
}

impl BrDocument {
    /// `Required` when empty, `InvalidFormat` unless 11 or 14 characters once `.`, `-`, `/`
    /// and spaces are removed; otherwise whatever [`cpf`] or [`cnpj`] says.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        match compact_document(input)?.len() {
            11 => cpf(input).map(BrDocument::Cpf),
            14 => cnpj(input).map(BrDocument::Cnpj),
            _ => Err(ErrorCode::InvalidFormat),
        }
    }

    /// Parses `input` as the type a request declared, so a `documentType` and its
    /// `document` cannot disagree. `UnsupportedDocumentType` for non-Brazilian types.
    pub fn parse_as(document_type: DocumentType, input: &str) -> Result<Self, ErrorCode> {
        match document_type {
            DocumentType::Cpf => cpf(input).map(BrDocument::Cpf),
            DocumentType::Cnpj => cnpj(input).map(BrDocument::Cnpj),
            _ => Err(ErrorCode::UnsupportedDocumentType),
        }
    }

    pub fn document_type(&self) -> DocumentType {
        match self {
            BrDocument::Cpf(_) => DocumentType::Cpf,
            BrDocument::Cnpj(_) => DocumentType::Cnpj,
        }
    }

    /// The bare number (11 digits or 14 characters).
    pub fn digits(&self) -> &str {
        match self {
            BrDocument::Cpf(c) => c.digits(),
            BrDocument::Cnpj(c) => c.digits(),
        }
    }

    pub fn formatted(&self) -> String {
        match self {
            BrDocument::Cpf(c) => c.formatted(),
            BrDocument::Cnpj(c) => c.formatted(),
        }
    }

    pub fn masked(&self) -> String {
        match self {
            BrDocument::Cpf(c) => c.masked(),
            BrDocument::Cnpj(c) => c.masked(),
        }
    }
}

impl std::fmt::Display for BrDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

/// The bare number; the type travels in its own field (`documentType`).
impl Serialize for BrDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.digits())
    }
}

impl<'de> Deserialize<'de> for BrDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        BrDocument::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn eleven_digits_are_a_cpf_and_fourteen_characters_a_cnpj() {
        let d = BrDocument::parse("123.456.789-09").unwrap();
        assert_eq!(d.document_type(), DocumentType::Cpf);
        assert_eq!(d.digits(), "12345678909");
        assert_eq!(d.masked(), "***.***.*89-09");

        let d = BrDocument::parse("12.abc.345/01de-35").unwrap();
        assert_eq!(d.document_type(), DocumentType::Cnpj);
        assert_eq!(d.digits(), "12ABC34501DE35");
        assert_eq!(d.formatted(), "12.ABC.345/01DE-35");

        let d = BrDocument::parse("11.222.333/0001-81").unwrap();
        assert!(matches!(d, BrDocument::Cnpj(_)));
    }

    #[test]
    fn each_kind_keeps_its_own_errors() {
        assert_eq!(BrDocument::parse("111.111.111-11"), Err(RepeatedDigits));
        assert_eq!(BrDocument::parse("123.456.789-00"), Err(InvalidCheckDigit));
        assert_eq!(
            BrDocument::parse("11.222.333/0001-82"),
            Err(InvalidCheckDigit)
        );
        assert_eq!(BrDocument::parse("1234567890A"), Err(InvalidFormat));
    }

    #[test]
    fn other_lengths_are_a_format_error_and_empty_is_required() {
        assert_eq!(BrDocument::parse("123456789"), Err(InvalidFormat));
        assert_eq!(BrDocument::parse("123456789012"), Err(InvalidFormat));
        assert_eq!(BrDocument::parse(""), Err(Required));
    }

    #[test]
    fn parse_as_holds_the_document_to_its_declared_type() {
        assert!(BrDocument::parse_as(DocumentType::Cpf, "529.982.247-25").is_ok());
        assert_eq!(
            BrDocument::parse_as(DocumentType::Cpf, "11.222.333/0001-81"),
            Err(InvalidFormat)
        );
        assert_eq!(
            BrDocument::parse_as(DocumentType::Cnpj, "529.982.247-25"),
            Err(InvalidFormat)
        );
        assert_eq!(
            BrDocument::parse_as(DocumentType::Rut, "12.345.678-5"),
            Err(UnsupportedDocumentType)
        );
    }

    #[test]
    fn debug_output_is_masked() {
        let d = BrDocument::parse("52998224725").unwrap();
        assert_eq!(format!("{d:?}"), "Cpf(Cpf(\"***.***.*47-25\"))");
        assert_eq!(d.to_string(), "***.***.*47-25");
    }

    #[test]
    fn serde_round_trips_the_bare_number() {
        let d = BrDocument::parse("A1.B2C.3D4/E5F6-68").unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, "\"A1B2C3D4E5F668\"");
        assert_eq!(serde_json::from_str::<BrDocument>(&json).unwrap(), d);
    }
}
