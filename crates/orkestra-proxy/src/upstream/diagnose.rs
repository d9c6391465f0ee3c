//! Read-only calls for `orkestra-proxy doctor`: each answer is reported as it came (the
//! status, or whether the body parses with the proxy's own wire types), and a known
//! transaction's amount is compared with the amount we stored, to tell a units mismatch
//! from another difference.

use orkestra_core::api::browser::Bank;
use orkestra_core::api::orkestra::{AmountUnits, Order, WireAmount};
use orkestra_core::money::Money;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::client::read_answer;
use super::Orkestra;

/// What one lookup met.
#[derive(Debug)]
pub enum Seen<T> {
    /// 2xx, and the body reads as the proxy's types.
    Parsed(T),
    /// 2xx, and the body does not read: where and what kind of mistake (never the value).
    Unparsable(String),
    /// 401 or 403: the credentials.
    Refused(StatusCode),
    NotFound,
    /// Any other status.
    Other(StatusCode),
    /// No answer (connection, TLS, timeout).
    Unreachable(String),
}

/// How a transaction's amount at Orkestra compares with the amount we asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountCheck {
    Same,
    /// It reads right in the other units: those, and the exponent of the factor between
    /// the two readings (the currency's decimals).
    OtherUnits {
        units: AmountUnits,
        exponent: u8,
    },
    /// Neither reading matches: Orkestra's text and ours.
    Differs {
        orkestra: String,
        ours: String,
    },
    /// The order has no transaction with our transaction's id.
    NoSuchTransaction,
}

/// Where a lookup went: the path, the query parameter when there is one.
pub struct Asked {
    pub path: String,
    pub query: Option<(String, String)>,
}

impl std::fmt::Display for Asked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.query {
            Some((name, value)) => write!(f, "GET {}?{name}={value}", self.path),
            None => write!(f, "GET {}", self.path),
        }
    }
}

impl Orkestra {
    /// Orkestra's order `order_id` (`GET {orders}/{id}`) and, when `expect` names one of
    /// its transactions (Orkestra's id) and the amount we asked for, how that compares.
    pub async fn inspect_order(
        &self,
        order_id: i64,
        expect: Option<(i64, Money)>,
    ) -> (Asked, Seen<Option<AmountCheck>>) {
        let asked = Asked {
            path: format!("{}/{order_id}", self.config().paths.orders),
            query: None,
        };
        let seen = self.inspect::<Order>(&asked).await;
        (asked, self.check_amount(seen, expect))
    }

    /// The order of our `merchant_order_id` (`GET {order_lookup}?{param}=…`), as
    /// [`Orkestra::inspect_order`]; `None` when no lookup path is configured.
    pub async fn inspect_order_lookup(
        &self,
        merchant_order_id: &str,
        expect: Option<(i64, Money)>,
    ) -> Option<(Asked, Seen<Option<AmountCheck>>)> {
        let paths = &self.config().paths;
        if paths.order_lookup.is_empty() {
            return None;
        }
        let asked = Asked {
            path: paths.order_lookup.clone(),
            query: Some((
                paths.order_lookup_param.clone(),
                merchant_order_id.to_owned(),
            )),
        };
        let seen = self.inspect::<Order>(&asked).await;
        Some((asked, self.check_amount(seen, expect)))
    }

    /// The PSE banks list: a read that needs no known resource, to try the credentials.
    pub async fn inspect_pse_banks(&self) -> (Asked, Seen<usize>) {
        let asked = Asked {
            path: self.config().paths.pse_banks.clone(),
            query: None,
        };
        let seen = self
            .inspect::<Vec<Bank>>(&asked)
            .await
            .map(|banks| banks.len());
        (asked, seen)
    }

    async fn inspect<T: DeserializeOwned>(&self, asked: &Asked) -> Seen<T> {
        let query: Vec<(&str, &str)> = asked
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        match self.get_once(&asked.path, &query).await {
            Err(e) => Seen::Unreachable(causes(&e.without_url())),
            Ok((status, body)) if status.is_success() => match read_answer(&body) {
                Ok(value) => Seen::Parsed(value),
                Err(why) => Seen::Unparsable(why),
            },
            Ok((status, _)) if status == StatusCode::UNAUTHORIZED => Seen::Refused(status),
            Ok((status, _)) if status == StatusCode::FORBIDDEN => Seen::Refused(status),
            Ok((StatusCode::NOT_FOUND, _)) => Seen::NotFound,
            Ok((status, _)) => Seen::Other(status),
        }
    }

    fn check_amount(
        &self,
        seen: Seen<Order>,
        expect: Option<(i64, Money)>,
    ) -> Seen<Option<AmountCheck>> {
        seen.map(|order| {
            let (transaction_id, expected) = expect?;
            let found = order
                .charges
                .iter()
                .flat_map(|c| &c.transactions)
                .find(|t| t.id == transaction_id);
            Some(match found {
                None => AmountCheck::NoSuchTransaction,
                Some(t) => compare(&t.amount, expected, self.units()),
            })
        })
    }
}

/// An error and its causes, `: `-separated ("error sending request: … Connection refused").
pub fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl<T> Seen<T> {
    /// What was parsed, read on by `f`; the other outcomes as they are.
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Seen<U> {
        match self {
            Seen::Parsed(value) => Seen::Parsed(f(value)),
            Seen::Unparsable(why) => Seen::Unparsable(why),
            Seen::Refused(status) => Seen::Refused(status),
            Seen::NotFound => Seen::NotFound,
            Seen::Other(status) => Seen::Other(status),
            Seen::Unreachable(why) => Seen::Unreachable(why),
        }
    }
}

/// Orkestra's `amount` against ours, read in the configured units and, when that differs,
/// in the other ones.
pub fn compare(wire: &WireAmount, expected: Money, units: AmountUnits) -> AmountCheck {
    let currency = expected.currency();
    let reads_as = |units| wire.to_money(currency, units).ok() == Some(expected);
    if reads_as(units) {
        return AmountCheck::Same;
    }
    let other = match units {
        AmountUnits::Major => AmountUnits::Minor,
        AmountUnits::Minor => AmountUnits::Major,
    };
    if currency.exponent() > 0 && reads_as(other) {
        return AmountCheck::OtherUnits {
            units: other,
            exponent: currency.exponent(),
        };
    }
    AmountCheck::Differs {
        orkestra: wire.as_str().to_owned(),
        ours: format!("{} {}", expected.to_decimal_string(), currency.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orkestra_core::money::Currency;

    fn wire(text: &str) -> WireAmount {
        serde_json::from_str(text).unwrap()
    }

    fn brl(minor: u64) -> Money {
        Money::from_minor(Currency::BRL, minor).unwrap()
    }

    #[test]
    fn an_amount_in_the_configured_units_matches() {
        assert_eq!(
            compare(&wire("150.00"), brl(15000), AmountUnits::Major),
            AmountCheck::Same
        );
        assert_eq!(
            compare(&wire("15000"), brl(15000), AmountUnits::Minor),
            AmountCheck::Same
        );
    }

    #[test]
    fn an_amount_in_the_other_units_names_them_and_the_factor() {
        // (Orkestra's text, the units configured, the units it reads right in)
        for (text, configured, right) in [
            ("15000", AmountUnits::Major, AmountUnits::Minor),
            ("150.00", AmountUnits::Minor, AmountUnits::Major),
        ] {
            assert_eq!(
                compare(&wire(text), brl(15000), configured),
                AmountCheck::OtherUnits {
                    units: right,
                    exponent: 2
                }
            );
        }
    }

    #[test]
    fn another_amount_is_a_difference_not_a_units_mismatch() {
        assert_eq!(
            compare(&wire("149.00"), brl(15000), AmountUnits::Major),
            AmountCheck::Differs {
                orkestra: "149.00".into(),
                ours: "150.00 BRL".into()
            }
        );
        // Without decimals both readings agree: no units to blame.
        let clp = Money::from_minor(Currency::CLP, 1500).unwrap();
        assert_eq!(
            compare(&wire("1500"), clp, AmountUnits::Minor),
            AmountCheck::Same
        );
        assert!(matches!(
            compare(&wire("15"), clp, AmountUnits::Major),
            AmountCheck::Differs { .. }
        ));
    }
}
