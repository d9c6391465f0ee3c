//! A stored value that does not read is an internal error that names its row in the log,
//! never a default: the sandbox answers 500 for what it cannot read, and goes on serving
//! the rest.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{pix_order, start};

/// Every log line the process writes, for the test to read.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut all = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("a test thread panicked"))?;
        all.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_corrupt_row_is_a_500_that_names_it_in_the_log_and_the_rest_still_reads() {
    let logs = Logs::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();
    let app = start().await;
    let damaged = app.create(&pix_order("corrupt-1")).await;
    let healthy = app.create(&pix_order("corrupt-2")).await;
    let tx = damaged["charges"][0]["transactions"][0]["id"]
        .as_i64()
        .unwrap();

    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.dir.path().join("s.db").display()
    ))
    .await
    .unwrap();
    for (change, column) in [
        (
            "UPDATE transactions SET status = 'SETTLED' WHERE id = ?",
            "status",
        ),
        (
            "UPDATE transactions SET status = 'PENDING', instructions = '{not json' WHERE id = ?",
            "instructions",
        ),
    ] {
        sqlx::query(change).bind(tx).execute(&db).await.unwrap();
        for path in [
            format!("/v1/orders/{}", damaged["id"]),
            format!("/v1/transactions/{tx}/refunds"),
        ] {
            let (status, body) = app.get(&path).await;
            assert_eq!(status, 500, "{path}: {body}");
            assert_eq!(body["code"], "INTERNAL_ERROR", "{body}");
            assert!(!body.to_string().contains("json"), "no internals: {body}");
        }
        let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
        let line = logged
            .lines()
            .rev()
            .find(|l| l.contains("corrupt row"))
            .unwrap_or_else(|| panic!("no corrupt row logged:\n{logged}"));
        assert!(line.contains("table=\"transactions\""), "{line}");
        assert!(line.contains(&format!("id={tx}")), "{line}");
        assert!(line.contains(&format!("column=\"{column}\"")), "{line}");
    }
    // A damaged order does not take the others with it.
    let (status, read) = app.get(&format!("/v1/orders/{}", healthy["id"])).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["status"], "PENDING");
}
