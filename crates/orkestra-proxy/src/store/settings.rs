//! Values the proxy makes for itself once and every replica then shares (secrets the
//! configuration does not give).

use super::{Change, StoreError};

impl Change {
    /// The setting `name`: the one kept, or `made` kept now (a concurrent replica's, made
    /// first, wins: `made` is then dropped).
    pub async fn setting_or(
        &mut self,
        name: &str,
        made: String,
        now: i64,
    ) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO settings (name, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(made)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                .bind(name)
                .fetch_one(self.conn())
                .await?,
        )
    }
}
