use std::fmt;

use serde::{Deserialize, Serialize};

/// A mobile network, as hinted by a number's prefix (fact sheet 5.1).
///
/// Only a hint: numbers move between networks where portability exists (Ghana, Kenya,
/// Nigeria, South Africa…), so the page pre-selects the operator from the prefix and lets
/// the payer change it. The same brand in several countries (MTN, Orange, Airtel…) is one
/// value; which company it is follows from the country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Operator {
    Mtn,
    Orange,
    Moov,
    Celtiis,
    /// Telecel Faso (Burkina Faso) and Telecel Ghana (ex-Vodafone Ghana).
    Telecel,
    Nexttel,
    Camtel,
    Expresso,
    Promobile,
    /// Yas: ex-Free in Senegal, ex-Tigo in Tanzania.
    Yas,
    Vodafone,
    /// e& (Etisalat) Egypt.
    Etisalat,
    /// WE, Telecom Egypt's network.
    We,
    EthioTelecom,
    /// Safaricom in Kenya and Safaricom Ethiopia.
    Safaricom,
    /// AT, ex-AirtelTigo (Ghana).
    At,
    Airtel,
    Telkom,
    Tnm,
    Glo,
    NineMobile,
    Africell,
    Qcell,
    Vodacom,
    /// Halotel (Viettel), Tanzania.
    Halotel,
    Ttcl,
    Utl,
    Zamtel,
    Beeline,
}

impl Operator {
    pub const ALL: [Operator; 29] = [
        Operator::Mtn,
        Operator::Orange,
        Operator::Moov,
        Operator::Celtiis,
        Operator::Telecel,
        Operator::Nexttel,
        Operator::Camtel,
        Operator::Expresso,
        Operator::Promobile,
        Operator::Yas,
        Operator::Vodafone,
        Operator::Etisalat,
        Operator::We,
        Operator::EthioTelecom,
        Operator::Safaricom,
        Operator::At,
        Operator::Airtel,
        Operator::Telkom,
        Operator::Tnm,
        Operator::Glo,
        Operator::NineMobile,
        Operator::Africell,
        Operator::Qcell,
        Operator::Vodacom,
        Operator::Halotel,
        Operator::Ttcl,
        Operator::Utl,
        Operator::Zamtel,
        Operator::Beeline,
    ];

    /// The serde string.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Mtn => "MTN",
            Operator::Orange => "ORANGE",
            Operator::Moov => "MOOV",
            Operator::Celtiis => "CELTIIS",
            Operator::Telecel => "TELECEL",
            Operator::Nexttel => "NEXTTEL",
            Operator::Camtel => "CAMTEL",
            Operator::Expresso => "EXPRESSO",
            Operator::Promobile => "PROMOBILE",
            Operator::Yas => "YAS",
            Operator::Vodafone => "VODAFONE",
            Operator::Etisalat => "ETISALAT",
            Operator::We => "WE",
            Operator::EthioTelecom => "ETHIO_TELECOM",
            Operator::Safaricom => "SAFARICOM",
            Operator::At => "AT",
            Operator::Airtel => "AIRTEL",
            Operator::Telkom => "TELKOM",
            Operator::Tnm => "TNM",
            Operator::Glo => "GLO",
            Operator::NineMobile => "NINE_MOBILE",
            Operator::Africell => "AFRICELL",
            Operator::Qcell => "QCELL",
            Operator::Vodacom => "VODACOM",
            Operator::Halotel => "HALOTEL",
            Operator::Ttcl => "TTCL",
            Operator::Utl => "UTL",
            Operator::Zamtel => "ZAMTEL",
            Operator::Beeline => "BEELINE",
        }
    }

    /// The brand as payers know it, the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Operator::Mtn => "MTN",
            Operator::Orange => "Orange",
            Operator::Moov => "Moov",
            Operator::Celtiis => "Celtiis",
            Operator::Telecel => "Telecel",
            Operator::Nexttel => "Nexttel",
            Operator::Camtel => "Camtel",
            Operator::Expresso => "Expresso",
            Operator::Promobile => "Promobile",
            Operator::Yas => "Yas",
            Operator::Vodafone => "Vodafone",
            Operator::Etisalat => "e&",
            Operator::We => "WE",
            Operator::EthioTelecom => "Ethio Telecom",
            Operator::Safaricom => "Safaricom",
            Operator::At => "AT",
            Operator::Airtel => "Airtel",
            Operator::Telkom => "Telkom",
            Operator::Tnm => "TNM",
            Operator::Glo => "Glo",
            Operator::NineMobile => "9mobile",
            Operator::Africell => "Africell",
            Operator::Qcell => "QCELL",
            Operator::Vodacom => "Vodacom",
            Operator::Halotel => "Halotel",
            Operator::Ttcl => "TTCL",
            Operator::Utl => "UTL",
            Operator::Zamtel => "Zamtel",
            Operator::Beeline => "Beeline",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_and_as_str_agree_for_every_operator() {
        for (i, op) in Operator::ALL.into_iter().enumerate() {
            assert_eq!(op as usize, i);
            let json = serde_json::to_string(&op).unwrap();
            assert_eq!(json, format!("\"{}\"", op.as_str()));
            assert_eq!(serde_json::from_str::<Operator>(&json).unwrap(), op);
            assert!(!op.name().is_empty());
        }
        assert_eq!(Operator::NineMobile.as_str(), "NINE_MOBILE");
        assert_eq!(Operator::NineMobile.to_string(), "9mobile");
    }
}
