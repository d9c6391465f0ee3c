//! Wallet one-time codes sent, by the `Idempotency-Key` they came with.

use super::{Change, Store, StoreError};

/// What became of a code, as kept under its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpOutcome {
    /// Out to Orkestra now.
    Sending,
    Accepted,
    WrongCode,
}

impl OtpOutcome {
    fn as_str(self) -> &'static str {
        match self {
            OtpOutcome::Sending => "sending",
            OtpOutcome::Accepted => "accepted",
            OtpOutcome::WrongCode => "wrong_code",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Self::Sending, Self::Accepted, Self::WrongCode]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// A code submission as kept: the request's keyed hash, its outcome, when it was reserved.
#[derive(Debug, Clone)]
pub struct OtpSubmission {
    pub request_hash: String,
    pub outcome: OtpOutcome,
    pub reserved_at: i64,
}

impl Store {
    pub async fn otp_submission(
        &self,
        leg_id: &str,
        key: &str,
    ) -> Result<Option<OtpSubmission>, StoreError> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT request_hash, outcome, created_at FROM otp_submissions \
             WHERE transaction_id = $1 AND idempotency_key = $2",
        )
        .bind(leg_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(request_hash, outcome, reserved_at)| {
            let outcome = OtpOutcome::parse(&outcome).ok_or_else(|| StoreError::Corrupt {
                table: "otp_submissions",
                id: format!("{leg_id}/{key}"),
                column: "outcome",
                problem: format!("{outcome:?} is not an outcome"),
            })?;
            Ok(OtpSubmission {
                request_hash,
                outcome,
                reserved_at,
            })
        })
        .transpose()
    }
}

impl Change {
    /// Reserves `key` for a code being sent; false when it is reserved already.
    pub async fn reserve_otp(
        &mut self,
        leg_id: &str,
        key: &str,
        request_hash: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO otp_submissions (transaction_id, idempotency_key, request_hash, outcome, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(leg_id)
        .bind(key)
        .bind(request_hash)
        .bind(OtpOutcome::Sending.as_str())
        .bind(now)
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0)
    }

    /// Takes over a reservation still `sending` since `reserved_at` (its request died on
    /// the way); false when another request took it first.
    pub async fn take_over_otp(
        &mut self,
        leg_id: &str,
        key: &str,
        reserved_at: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE otp_submissions SET created_at = $1 WHERE transaction_id = $2 \
             AND idempotency_key = $3 AND outcome = $4 AND created_at = $5",
        )
        .bind(now)
        .bind(leg_id)
        .bind(key)
        .bind(OtpOutcome::Sending.as_str())
        .bind(reserved_at)
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0)
    }

    /// Keeps the outcome under the key, or frees the key (`None`).
    pub async fn finish_otp(
        &mut self,
        leg_id: &str,
        key: &str,
        outcome: Option<OtpOutcome>,
    ) -> Result<(), StoreError> {
        let query = match outcome {
            Some(outcome) => sqlx::query(
                "UPDATE otp_submissions SET outcome = $1 WHERE transaction_id = $2 AND idempotency_key = $3",
            )
            .bind(outcome.as_str()),
            None => sqlx::query(
                "DELETE FROM otp_submissions WHERE transaction_id = $1 AND idempotency_key = $2",
            ),
        };
        let conn = self.conn();
        query.bind(leg_id).bind(key).execute(conn).await?;
        Ok(())
    }
}
