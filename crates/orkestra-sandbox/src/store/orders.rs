//! Orders and their charges.

use orkestra_core::api::orkestra::{Customer, InstantConversion, Submerchant};
use orkestra_core::money::Currency;
use serde_json::{Map, Value};
use sqlx::SqliteExecutor;

use crate::error::{is_duplicate, SandboxError};

/// An order as stored: its request (the idempotency fingerprint, card data redacted) and
/// the options it echoes, read once.
#[derive(Debug, Clone)]
pub struct OrderRow {
    pub id: i64,
    pub merchant_order_id: String,
    /// The request as received (card data redacted): what a repeat is compared with.
    pub request_json: String,
    pub currency: Currency,
    pub amount_minor: i64,
    pub allows_third_party: bool,
    pub metadata: Map<String, Value>,
    pub submerchants: Vec<Submerchant>,
    pub instant_conversion: Option<InstantConversion>,
    /// The merchant's name as the payer's statement shows it, when the order gave one.
    pub soft_descriptor: Option<String>,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct RawOrder {
    id: i64,
    merchant_order_id: String,
    request_json: String,
    currency: String,
    amount_minor: i64,
    allows_third_party: bool,
    metadata: String,
    created_at: i64,
}

impl TryFrom<RawOrder> for OrderRow {
    type Error = SandboxError;

    fn try_from(raw: RawOrder) -> Result<Self, SandboxError> {
        let corrupt = |column| SandboxError::corrupt("orders", raw.id, column);
        if raw.amount_minor < 0 {
            return Err(corrupt("amount_minor"));
        }
        let request: Value =
            serde_json::from_str(&raw.request_json).map_err(|_| corrupt("request_json"))?;
        // The order options are echoed as they were sent: absent stays absent.
        let submerchants = match request.get("submerchants") {
            None | Some(Value::Null) => Vec::new(),
            Some(list) => {
                serde_json::from_value(list.clone()).map_err(|_| corrupt("request_json"))?
            }
        };
        let instant_conversion = match request.get("instantConversion") {
            None | Some(Value::Null) => None,
            Some(value) => {
                Some(serde_json::from_value(value.clone()).map_err(|_| corrupt("request_json"))?)
            }
        };
        let soft_descriptor = match request.get("softDescriptor") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) => Some(name.clone()),
            Some(_) => return Err(corrupt("request_json")),
        };
        Ok(OrderRow {
            id: raw.id,
            currency: Currency::from_code(&raw.currency).ok_or_else(|| corrupt("currency"))?,
            metadata: serde_json::from_str(&raw.metadata).map_err(|_| corrupt("metadata"))?,
            merchant_order_id: raw.merchant_order_id,
            request_json: raw.request_json,
            amount_minor: raw.amount_minor,
            allows_third_party: raw.allows_third_party,
            submerchants,
            instant_conversion,
            soft_descriptor,
            created_at: raw.created_at,
        })
    }
}

#[derive(Debug, Clone)]
pub struct ChargeRow {
    pub id: i64,
    pub amount_minor: i64,
    pub customer: Customer,
}

#[derive(sqlx::FromRow)]
struct RawCharge {
    id: i64,
    amount_minor: i64,
    customer: String,
}

impl TryFrom<RawCharge> for ChargeRow {
    type Error = SandboxError;

    fn try_from(raw: RawCharge) -> Result<Self, SandboxError> {
        if raw.amount_minor < 0 {
            return Err(SandboxError::corrupt("charges", raw.id, "amount_minor"));
        }
        Ok(ChargeRow {
            customer: serde_json::from_str(&raw.customer)
                .map_err(|_| SandboxError::corrupt("charges", raw.id, "customer"))?,
            id: raw.id,
            amount_minor: raw.amount_minor,
        })
    }
}

const ORDER: &str = "SELECT id, merchant_order_id, request_json, currency, amount_minor, \
     allows_third_party, metadata, created_at FROM orders";

pub async fn by_id<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<OrderRow>, SandboxError> {
    let raw: Option<RawOrder> = sqlx::query_as(&format!("{ORDER} WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    raw.map(OrderRow::try_from).transpose()
}

pub async fn by_merchant_id<'e>(
    db: impl SqliteExecutor<'e>,
    merchant_order_id: &str,
) -> Result<Option<OrderRow>, SandboxError> {
    let raw: Option<RawOrder> = sqlx::query_as(&format!("{ORDER} WHERE merchant_order_id = ?"))
        .bind(merchant_order_id)
        .fetch_optional(db)
        .await?;
    raw.map(OrderRow::try_from).transpose()
}

pub async fn charges_of<'e>(
    db: impl SqliteExecutor<'e>,
    order_id: i64,
) -> Result<Vec<ChargeRow>, SandboxError> {
    let raw: Vec<RawCharge> = sqlx::query_as(
        "SELECT id, amount_minor, customer FROM charges WHERE order_id = ? ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(db)
    .await?;
    raw.into_iter().map(ChargeRow::try_from).collect()
}

pub async fn charge_by_id<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<ChargeRow>, SandboxError> {
    let raw: Option<RawCharge> =
        sqlx::query_as("SELECT id, amount_minor, customer FROM charges WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    raw.map(ChargeRow::try_from).transpose()
}

/// A new order, as the store needs it.
pub struct NewOrder<'a> {
    pub merchant_order_id: &'a str,
    pub request_json: &'a str,
    pub currency: Currency,
    pub amount_minor: i64,
    pub allows_third_party: bool,
    pub metadata: &'a Map<String, Value>,
    pub now: i64,
}

/// Its id, or `None` when an order already has its `merchantOrderId`.
pub async fn insert<'e>(
    db: impl SqliteExecutor<'e>,
    order: NewOrder<'_>,
) -> Result<Option<i64>, SandboxError> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO orders (merchant_order_id, request_json, currency, amount_minor, \
         allows_third_party, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(order.merchant_order_id)
    .bind(order.request_json)
    .bind(order.currency.code())
    .bind(order.amount_minor)
    .bind(order.allows_third_party)
    .bind(Value::Object(order.metadata.clone()).to_string())
    .bind(order.now)
    .fetch_one(db)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if is_duplicate(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub async fn insert_charge<'e>(
    db: impl SqliteExecutor<'e>,
    order_id: i64,
    amount_minor: i64,
    customer: &Customer,
) -> Result<i64, SandboxError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO charges (order_id, amount_minor, customer) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(order_id)
    .bind(amount_minor)
    .bind(serde_json::to_string(customer).expect("a customer is plain data"))
    .fetch_one(db)
    .await?)
}

/// The charge's payer, when a transaction names one.
pub async fn set_customer<'e>(
    db: impl SqliteExecutor<'e>,
    charge_id: i64,
    customer: &Customer,
) -> Result<(), SandboxError> {
    sqlx::query("UPDATE charges SET customer = ? WHERE id = ?")
        .bind(serde_json::to_string(customer).expect("a customer is plain data"))
        .bind(charge_id)
        .execute(db)
        .await?;
    Ok(())
}
