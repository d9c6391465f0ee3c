//! `orkestra-proxy doctor`, the real binary with the stack's configuration in its
//! environment, against the real sandbox and proxy: it passes on a matching configuration,
//! and on a mismatched one fails naming the setting to fix (amount units, a path, the
//! credentials, the database, the public URL), without printing a secret. Runs on SQLite,
//! and on PostgreSQL with `PROXY_TEST_BACKEND=postgres`.

mod common;

use common::{
    Stack, MERCHANT_SECRET, ORKESTRA_PASSWORD, RESTRICTED_SECRET, WEBHOOK_PASSWORD, WEBHOOK_SECRET,
};
use orkestra_core::api::orkestra::AmountUnits;

/// What one doctor run printed and how it exited.
struct Run {
    code: i32,
    out: String,
}

impl Run {
    /// The line of `check`, which must be there.
    fn line(&self, check: &str) -> &str {
        self.out
            .lines()
            .find(|l| l.get(5..).is_some_and(|rest| rest.starts_with(check)))
            .unwrap_or_else(|| panic!("no `{check}` line in:\n{}", self.out))
    }

    /// The line of `check`: it has `status` (`ok`, `FAIL`, `skip`) and each of `words`.
    fn expect(&self, check: &str, status: &str, words: &[&str]) -> &str {
        let line = self.line(check);
        assert!(
            line.starts_with(status),
            "`{check}` is not {status}:\n{}",
            self.out
        );
        for word in words {
            assert!(
                line.contains(word),
                "`{check}` does not say {word}:\n{}",
                self.out
            );
        }
        line
    }

    fn failed(&self) -> Vec<&str> {
        self.out.lines().filter(|l| l.starts_with("FAIL")).collect()
    }
}

/// Runs the doctor with the stack's proxy configuration, `tune` applied to the command.
async fn doctor(stack: &Stack, tune: impl FnOnce(&mut std::process::Command)) -> Run {
    let mut command = stack.proxy_binary_command();
    command.arg("doctor");
    tune(&mut command);
    // Off the test's runtime: the sandbox and proxy it calls are served on it.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("the orkestra-proxy binary runs");
    let out = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    // Shown with --nocapture, and beside a failed assertion.
    println!("$ orkestra-proxy doctor\n{out}");
    let mut secrets = vec![
        ORKESTRA_PASSWORD.to_owned(),
        WEBHOOK_PASSWORD.to_owned(),
        MERCHANT_SECRET.to_owned(),
        RESTRICTED_SECRET.to_owned(),
        WEBHOOK_SECRET.to_owned(),
    ];
    secrets.extend(stack.database_password());
    for secret in &secrets {
        assert!(!out.contains(secret.as_str()), "a secret printed:\n{out}");
    }
    Run {
        code: output.status.code().expect("an exit code, not a signal"),
        out,
    }
}

/// A stack with one PIX payment made through the proxy: something Orkestra has to look up.
async fn stack_with_a_payment(order: &str) -> Stack {
    let stack = Stack::start().await;
    let (_, token) = stack.new_session(order).await;
    let response = stack.pay_pix(&token, &format!("key-{order}")).await;
    assert_eq!(response.status(), 201);
    stack
}

#[tokio::test]
async fn against_the_sandbox_it_passes_once_there_is_a_payment_to_look_up() {
    let stack = Stack::start().await;
    let before = doctor(&stack, |_| {}).await;
    assert_eq!(before.code, 0, "{}", before.out);
    before.expect("database migrations", "ok", &[]);
    before.expect("orkestra credentials", "ok", &[]);
    before.expect("orkestra lookups", "skip", &["--order"]);
    let framed = doctor(&stack, |c| {
        c.env("PROXY_CARD_CAPTURE", "orkestra");
    })
    .await;
    let origin = stack.sandbox_url();
    framed.expect(
        "card capture",
        "ok",
        &["orkestra", &origin, "ORKESTRA_PAGE_ORIGIN"],
    );

    let (_, token) = stack.new_session("order-doctor-ok").await;
    assert_eq!(stack.pay_pix(&token, "key-doctor-ok").await.status(), 201);
    let after = doctor(&stack, |_| {}).await;
    assert_eq!(after.code, 0, "{}", after.out);
    // The stack runs the direct card form: the doctor says what that means.
    after.expect(
        "card capture",
        "ok",
        &["direct", "SAQ D", "PROXY_CARD_CAPTURE"],
    );
    for check in [
        "configuration",
        "database",
        "database migrations",
        "orkestra reachable",
        "orkestra credentials",
        "order by id",
        "order by reference",
        "amount units",
        "webhook receiver",
    ] {
        after.expect(check, "ok", &[]);
    }
    assert!(
        after.out.contains("10 ok, 0 failed, 0 skipped"),
        "{}",
        after.out
    );
}

#[tokio::test]
async fn a_sandbox_in_minor_units_is_named_as_orkestra_amount_units() {
    let mut stack = stack_with_a_payment("order-doctor-units").await;
    // The same orders, now told in minor units (the sandbox stores minor units).
    stack.stop_sandbox().await;
    stack
        .start_sandbox_with(|c| c.amount_units = AmountUnits::Minor)
        .await;
    let run = doctor(&stack, |_| {}).await;
    assert_eq!(run.code, 1, "{}", run.out);
    let line = run.expect(
        "amount units",
        "FAIL",
        &["ORKESTRA_AMOUNT_UNITS=minor", "10^2"],
    );
    assert_eq!(
        run.failed(),
        [line],
        "only the units are wrong:\n{}",
        run.out
    );

    // Configured to match, it passes.
    let run = doctor(&stack, |c| {
        c.env("ORKESTRA_AMOUNT_UNITS", "minor");
    })
    .await;
    assert_eq!(run.code, 0, "{}", run.out);
}

#[tokio::test]
async fn a_wrong_path_is_named_by_its_variable() {
    let stack = stack_with_a_payment("order-doctor-path").await;
    let run = doctor(&stack, |c| {
        c.env("ORKESTRA_ORDERS_PATH", "/api/v2/orders");
    })
    .await;
    assert_eq!(run.code, 1, "{}", run.out);
    run.expect("order by id", "FAIL", &["404", "ORKESTRA_ORDERS_PATH"]);
    // The lookup by reference still finds it, and its amount is checked.
    run.expect("order by reference", "ok", &[]);
    run.expect("amount units", "ok", &[]);

    let run = doctor(&stack, |c| {
        c.env("ORKESTRA_ORDERS_PATH", "/api/v2/orders")
            .env("ORKESTRA_ORDER_LOOKUP_PATH", "/api/v2/orders");
    })
    .await;
    assert_eq!(run.code, 1, "{}", run.out);
    run.expect("order by id", "FAIL", &["ORKESTRA_ORDERS_PATH"]);
    run.expect(
        "order by reference",
        "FAIL",
        &["404", "ORKESTRA_ORDER_LOOKUP_PATH"],
    );
}

#[tokio::test]
async fn wrong_credentials_are_named() {
    let wrong = "not-the-orkestra-password";
    let stack = stack_with_a_payment("order-doctor-credentials").await;
    let run = doctor(&stack, |c| {
        c.env("ORKESTRA_PASSWORD", wrong);
    })
    .await;
    assert_eq!(run.code, 1, "{}", run.out);
    run.expect("orkestra reachable", "ok", &[]);
    let credentials = ["401", "ORKESTRA_USERNAME/ORKESTRA_PASSWORD"];
    run.expect("orkestra credentials", "FAIL", &credentials);
    assert!(!run.out.contains(wrong), "{}", run.out);

    // With no payment to look up, the credentials are tried all the same.
    let empty = Stack::start().await;
    let run = doctor(&empty, |c| {
        c.env("ORKESTRA_PASSWORD", wrong);
    })
    .await;
    assert_eq!(run.code, 1, "{}", run.out);
    run.expect("orkestra credentials", "FAIL", &credentials);
}

#[tokio::test]
async fn an_unreachable_orkestra_database_or_receiver_is_named() {
    let stack = stack_with_a_payment("order-doctor-unreachable").await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let run = doctor(&stack, |c| {
        c.env("ORKESTRA_API_URL", &nowhere)
            .env("PROXY_PUBLIC_URL", &nowhere);
    })
    .await;
    assert_eq!(run.code, 1, "{}", run.out);
    run.expect("orkestra reachable", "FAIL", &["ORKESTRA_API_URL"]);
    run.expect("webhook receiver", "FAIL", &["PROXY_PUBLIC_URL"]);

    // A public URL that answers, but not as this proxy: the sandbox has no receiver.
    let run = doctor(&stack, |c| {
        c.env("PROXY_PUBLIC_URL", stack.sandbox_url());
    })
    .await;
    run.expect("webhook receiver", "FAIL", &["404", "PROXY_PUBLIC_URL"]);

    let missing = stack.data_path("missing.db");
    let (setting, value) = match &stack.database_url {
        Some(url) => (
            "DATABASE_URL",
            common::with_database(url, "no_such_database"),
        ),
        None => ("PROXY_DATABASE", missing.display().to_string()),
    };
    let run = doctor(&stack, |c| {
        c.env(setting, &value);
    })
    .await;
    assert_eq!(run.code, 1, "{}", run.out);
    run.expect("database", "FAIL", &[setting]);
    assert!(!missing.exists(), "the doctor created no database");
}
