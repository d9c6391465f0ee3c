use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::country::Country;
use crate::error::ErrorCode;

/// A payer's identity document type, serialised as Orkestra's upper-case `documentType`
/// string.
///
/// One value can serve several countries (`DNI` is Argentine and Peruvian, `CE` Colombian
/// and Peruvian, `RUC` Peruvian and Ecuadorian): the rules for a number depend on the pair
/// (country, type), never on the type alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DocumentType {
    /// Brazil, people: 11 digits.
    Cpf,
    /// Brazil, companies: 14 characters, alphanumeric from July 2026.
    Cnpj,
    /// Chile, people and companies.
    Rut,
    /// Colombia: cédula de ciudadanía.
    Cc,
    /// Colombia and Peru: cédula de extranjería.
    Ce,
    /// Colombia, companies.
    Nit,
    /// Colombia: tarjeta de identidad (minors).
    Ti,
    /// Colombia: passport.
    Pp,
    /// Mexico, people.
    Curp,
    /// Mexico, people and companies.
    Rfc,
    /// Argentina and Peru: national identity card.
    Dni,
    /// Peru and Ecuador, taxpayers.
    Ruc,
    /// Argentina, taxpayers.
    Cuit,
    /// Argentina, workers.
    Cuil,
    /// Ecuador: cédula de identidad. Written "CI" (as dLocal does) because Orkestra
    /// documents no Ecuadorian type and "CC" already means Colombia's cédula.
    #[serde(rename = "CI")]
    Cedula,
}

impl DocumentType {
    pub const ALL: [DocumentType; 15] = [
        DocumentType::Cpf,
        DocumentType::Cnpj,
        DocumentType::Rut,
        DocumentType::Cc,
        DocumentType::Ce,
        DocumentType::Nit,
        DocumentType::Ti,
        DocumentType::Pp,
        DocumentType::Curp,
        DocumentType::Rfc,
        DocumentType::Dni,
        DocumentType::Ruc,
        DocumentType::Cuit,
        DocumentType::Cuil,
        DocumentType::Cedula,
    ];

    /// The serde string.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Cpf => "CPF",
            DocumentType::Cnpj => "CNPJ",
            DocumentType::Rut => "RUT",
            DocumentType::Cc => "CC",
            DocumentType::Ce => "CE",
            DocumentType::Nit => "NIT",
            DocumentType::Ti => "TI",
            DocumentType::Pp => "PP",
            DocumentType::Curp => "CURP",
            DocumentType::Rfc => "RFC",
            DocumentType::Dni => "DNI",
            DocumentType::Ruc => "RUC",
            DocumentType::Cuit => "CUIT",
            DocumentType::Cuil => "CUIL",
            DocumentType::Cedula => "CI",
        }
    }

    /// The document as its holders know it, in its country's language: the page's label
    /// and choice (and the proxy's drawn form) show this.
    pub fn known_as(self) -> &'static str {
        match self {
            DocumentType::Cpf => "CPF",
            DocumentType::Cnpj => "CNPJ",
            DocumentType::Rut => "RUT",
            DocumentType::Cc => "Cédula de ciudadanía (CC)",
            DocumentType::Ce => "Cédula de extranjería (CE)",
            DocumentType::Nit => "NIT",
            DocumentType::Ti => "Tarjeta de identidad (TI)",
            DocumentType::Pp => "Pasaporte",
            DocumentType::Curp => "CURP",
            DocumentType::Rfc => "RFC",
            DocumentType::Dni => "DNI",
            DocumentType::Ruc => "RUC",
            DocumentType::Cuit => "CUIT",
            DocumentType::Cuil => "CUIL",
            DocumentType::Cedula => "Cédula de identidad",
        }
    }

    pub fn from_str_exact(s: &str) -> Option<DocumentType> {
        DocumentType::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentType {
    type Err = ErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocumentType::from_str_exact(s).ok_or(ErrorCode::UnsupportedDocumentType)
    }
}

/// The document types a payer from `country` may identify with, the usual one first.
///
/// Empty where payins ask for no document (most of Africa: phone and email are enough).
/// Ecuador has types although its only method asks for none: PSPs may still collect one.
pub fn document_types(country: Country) -> &'static [DocumentType] {
    use DocumentType::*;
    match country {
        Country::AR => &[Cuit, Cuil, Dni],
        Country::BR => &[Cpf, Cnpj],
        Country::CL => &[Rut],
        Country::CO => &[Cc, Ce, Nit, Ti, Pp],
        Country::EC => &[Cedula, Ruc],
        Country::MX => &[Curp, Rfc],
        Country::PE => &[Dni, Ce, Ruc],
        Country::BJ
        | Country::BF
        | Country::CM
        | Country::EG
        | Country::ET
        | Country::GH
        | Country::CI
        | Country::KE
        | Country::MW
        | Country::NG
        | Country::RW
        | Country::SN
        | Country::SL
        | Country::ZA
        | Country::TZ
        | Country::UG
        | Country::ZM => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_writes_orkestras_upper_case_strings() {
        for d in DocumentType::ALL {
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(json, format!("\"{}\"", d.as_str()));
            assert_eq!(serde_json::from_str::<DocumentType>(&json).unwrap(), d);
            assert_eq!(d.as_str().parse::<DocumentType>(), Ok(d));
        }
        let names: Vec<&str> = DocumentType::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(
            names,
            [
                "CPF", "CNPJ", "RUT", "CC", "CE", "NIT", "TI", "PP", "CURP", "RFC", "DNI", "RUC",
                "CUIT", "CUIL", "CI"
            ]
        );
    }

    #[test]
    fn unknown_document_types_are_unsupported() {
        for s in ["cpf", "PASSPORT", "CEDULA", ""] {
            assert_eq!(
                s.parse::<DocumentType>(),
                Err(ErrorCode::UnsupportedDocumentType)
            );
        }
    }

    #[test]
    fn document_types_per_country_follow_the_fact_sheet() {
        use DocumentType::*;
        let expected: [(Country, &[DocumentType]); 7] = [
            (Country::AR, &[Cuit, Cuil, Dni]),
            (Country::BR, &[Cpf, Cnpj]),
            (Country::CL, &[Rut]),
            (Country::CO, &[Cc, Ce, Nit, Ti, Pp]),
            (Country::EC, &[Cedula, Ruc]),
            (Country::MX, &[Curp, Rfc]),
            (Country::PE, &[Dni, Ce, Ruc]),
        ];
        for c in Country::ALL {
            let want = expected
                .iter()
                .find(|(country, _)| *country == c)
                .map_or(&[][..], |(_, types)| *types);
            assert_eq!(document_types(c), want, "{c}");
        }
    }
}
