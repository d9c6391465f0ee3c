//! What every list of the merchant API shares: its query string read at the edge,
//! filters over closed sets, and pages cut by `limit` with a `nextBefore` cursor.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use orkestra_core::error::{ErrorCode, FieldError};

use crate::error::AppError;

/// A list's query string, or the merchant's mistake in it as a malformed request.
pub(crate) fn list_query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    query
        .map(|Query(query)| query)
        .map_err(|e| AppError::MalformedJson(e.body_text()))
}

/// A list filter parsed by its closed set's parser; text outside the set is
/// a field error on `field`, never an empty list.
pub(crate) fn list_filter<T>(
    field: &'static str,
    text: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    text.map(|text| {
        parse(text).ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(field, ErrorCode::InvalidFormat)])
        })
    })
    .transpose()
}

/// The size of one page of a list: `limit`, 50 unless asked, 1 to 100.
#[derive(Clone, Copy)]
pub(crate) struct PageSize(usize);

impl PageSize {
    pub(crate) fn new(asked: Option<u32>) -> Self {
        PageSize(asked.unwrap_or(50).clamp(1, 100) as usize)
    }

    /// How many rows to read: one more than a page says whether a next page exists.
    pub(crate) fn rows_to_read(self) -> i64 {
        self.0 as i64 + 1
    }

    /// The rows read cut to a page, and whether more follow.
    pub(crate) fn cut<T>(self, mut rows: Vec<T>) -> (Vec<T>, bool) {
        let more = rows.len() > self.0;
        rows.truncate(self.0);
        (rows, more)
    }
}
