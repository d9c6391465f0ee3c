//! Rows into domain types, once, where they are read. A value that does not parse (a
//! status no version wrote, a currency we do not know, a spec that breaks a rule) is
//! [`StoreError::Corrupt`], naming the table, the row's id and the column: never a default.

use orkestra_core::api::browser::NextAction;
use orkestra_core::api::merchant::{
    AutoRefund, CheckoutSessionSpec, CustomerInput, OrderStatus, TransactionStatus,
};
use orkestra_core::catalog::{DocumentType, PaymentMethod};
use orkestra_core::money::{Currency, Money, PositiveMoney};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::StoreError;
use crate::model::{Charge, Leg, PayerSummary, Session};

/// The columns each query of a table reads, in the order the readers below expect.
pub const SESSION: &str = "id, token, merchant_order_id, spec, status, orkestra_order_id, \
    expires_at, created_at, updated_at";
pub const CHARGE: &str = "id, session_id, position, token, amount_minor, currency, reference, \
    customer_json, status, orkestra_charge_id, created_at, updated_at";
pub const LEG: &str = "id, session_id, charge_id, idempotency_key, request_hash, method, \
    amount_minor, currency, status, orkestra_id, payer_name, payer_document_type, \
    payer_document_masked, payer_email_masked, next_action, failure_code, auto_refund, \
    refund_id, reconcile_tries, reconcile_at, created_at, updated_at";

/// Reads the columns of one row, and names the row in every error.
struct Reader<'r> {
    row: &'r AnyRow,
    table: &'static str,
    id: String,
}

impl<'r> Reader<'r> {
    fn new(row: &'r AnyRow, table: &'static str) -> Result<Self, StoreError> {
        let id: String = row.try_get("id")?;
        Ok(Reader { row, table, id })
    }

    fn corrupt(&self, column: &'static str, problem: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            id: self.id.clone(),
            column,
            problem: problem.into(),
        }
    }

    fn text(&self, column: &'static str) -> Result<String, StoreError> {
        Ok(self.row.try_get(column)?)
    }

    fn optional_text(&self, column: &'static str) -> Result<Option<String>, StoreError> {
        Ok(self.row.try_get(column)?)
    }

    fn int(&self, column: &'static str) -> Result<i64, StoreError> {
        Ok(self.row.try_get(column)?)
    }

    fn optional_int(&self, column: &'static str) -> Result<Option<i64>, StoreError> {
        Ok(self.row.try_get(column)?)
    }

    /// A text column read by `parse`; `what` says what it should have been.
    fn parsed<T>(
        &self,
        column: &'static str,
        what: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, StoreError> {
        let text = self.text(column)?;
        parse(&text).ok_or_else(|| self.corrupt(column, format!("{text:?} is not {what}")))
    }

    fn optional_parsed<T>(
        &self,
        column: &'static str,
        what: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, StoreError> {
        match self.optional_text(column)? {
            None => Ok(None),
            Some(text) => parse(&text)
                .map(Some)
                .ok_or_else(|| self.corrupt(column, format!("{text:?} is not {what}"))),
        }
    }

    /// A JSON column of type `T`.
    fn json<T: serde::de::DeserializeOwned>(&self, column: &'static str) -> Result<T, StoreError> {
        let text = self.text(column)?;
        serde_json::from_str(&text).map_err(|e| self.corrupt(column, e.to_string()))
    }

    fn optional_json<T: serde::de::DeserializeOwned>(
        &self,
        column: &'static str,
    ) -> Result<Option<T>, StoreError> {
        match self.optional_text(column)? {
            None => Ok(None),
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| self.corrupt(column, e.to_string())),
        }
    }

    /// Orkestra's ids are int64s, kept as text.
    fn orkestra_id(&self, column: &'static str) -> Result<Option<i64>, StoreError> {
        self.optional_parsed(column, "an Orkestra id", |t| t.parse().ok())
    }

    /// `amount_minor` in `currency`, above zero.
    fn amount(&self) -> Result<PositiveMoney, StoreError> {
        let currency = self.parsed("currency", "a currency", Currency::from_code)?;
        let minor = self.int("amount_minor")?;
        u64::try_from(minor)
            .ok()
            .and_then(|minor| Money::from_minor(currency, minor).ok())
            .and_then(|money| PositiveMoney::new(money).ok())
            .ok_or_else(|| {
                self.corrupt("amount_minor", format!("{minor} is not a positive amount"))
            })
    }

    fn status(&self) -> Result<OrderStatus, StoreError> {
        self.parsed("status", "an order status", OrderStatus::parse)
    }
}

impl TryFrom<&AnyRow> for Session {
    type Error = StoreError;

    fn try_from(row: &AnyRow) -> Result<Session, StoreError> {
        let r = Reader::new(row, "sessions")?;
        let spec: CheckoutSessionSpec = r.json("spec")?;
        let merchant_order_id = r.text("merchant_order_id")?;
        if spec.merchant_order_id != merchant_order_id {
            return Err(r.corrupt("spec", "its merchantOrderId is not the row's"));
        }
        Ok(Session {
            token: r.text("token")?,
            status: r.status()?,
            orkestra_order_id: r.orkestra_id("orkestra_order_id")?,
            expires_at: r.int("expires_at")?,
            created_at: r.int("created_at")?,
            updated_at: r.int("updated_at")?,
            spec,
            id: r.id,
        })
    }
}

impl TryFrom<&AnyRow> for Charge {
    type Error = StoreError;

    fn try_from(row: &AnyRow) -> Result<Charge, StoreError> {
        let r = Reader::new(row, "charges")?;
        let position = r.int("position")?;
        Ok(Charge {
            session_id: r.text("session_id")?,
            position: usize::try_from(position)
                .map_err(|_| r.corrupt("position", format!("{position} is negative")))?,
            token: r.text("token")?,
            amount: r.amount()?,
            reference: r.optional_text("reference")?,
            customer: r.optional_json::<CustomerInput>("customer_json")?,
            status: r.status()?,
            orkestra_charge_id: r.orkestra_id("orkestra_charge_id")?,
            created_at: r.int("created_at")?,
            updated_at: r.int("updated_at")?,
            id: r.id,
        })
    }
}

impl TryFrom<&AnyRow> for Leg {
    type Error = StoreError;

    fn try_from(row: &AnyRow) -> Result<Leg, StoreError> {
        let r = Reader::new(row, "transactions")?;
        let tries = r.optional_int("reconcile_tries")?.unwrap_or(0);
        Ok(Leg {
            session_id: r.text("session_id")?,
            charge_id: r
                .optional_text("charge_id")?
                .ok_or_else(|| r.corrupt("charge_id", "no charge"))?,
            idempotency_key: r.text("idempotency_key")?,
            request_hash: r.text("request_hash")?,
            method: r.parsed("method", "a payment method", PaymentMethod::from_str_exact)?,
            amount: r.amount()?,
            status: r.parsed("status", "a transaction status", TransactionStatus::parse)?,
            orkestra_id: r.orkestra_id("orkestra_id")?,
            payer: PayerSummary {
                name: r.text("payer_name")?,
                document_type: r.parsed("payer_document_type", "a document type", |t| match t {
                    "" => Some(None),
                    t => DocumentType::from_str_exact(t).map(Some),
                })?,
                document_masked: r.text("payer_document_masked")?,
                email_masked: r.text("payer_email_masked")?,
            },
            next_action: r.optional_json::<NextAction>("next_action")?,
            failure_code: r.optional_text("failure_code")?,
            auto_refund: r.optional_parsed("auto_refund", "a refund state", AutoRefund::parse)?,
            refund_id: r.optional_text("refund_id")?,
            reconcile_tries: u32::try_from(tries)
                .map_err(|_| r.corrupt("reconcile_tries", format!("{tries} is out of range")))?,
            reconcile_at: r.optional_int("reconcile_at")?,
            created_at: r.int("created_at")?,
            updated_at: r.int("updated_at")?,
            id: r.id,
        })
    }
}

/// Every row of `rows` as `T`, or the first that does not read.
pub fn all<T>(rows: &[AnyRow]) -> Result<Vec<T>, StoreError>
where
    for<'r> T: TryFrom<&'r AnyRow, Error = StoreError>,
{
    rows.iter().map(T::try_from).collect()
}
