//! Wall-clock helpers: RFC 3339 on the wire, milliseconds since the epoch in the database.

use ::time::format_description::well_known::Rfc3339;
use ::time::OffsetDateTime;

pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

pub fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Today's (year, month) in UTC, for card expiry checks.
pub fn year_month() -> (u16, u8) {
    let now = OffsetDateTime::now_utc();
    (
        now.year().clamp(0, u16::MAX as i32) as u16,
        u8::from(now.month()),
    )
}

pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    Some((t.unix_timestamp_nanos() / 1_000_000) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_through_rfc3339() {
        let ms = 1_764_032_400_123;
        assert_eq!(rfc3339(ms), "2025-11-25T01:00:00.123Z");
        assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
    }
}
