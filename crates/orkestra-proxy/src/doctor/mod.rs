//! `orkestra-proxy doctor`: checks a configuration (the proxy's own environment) against
//! its database, the live Orkestra and the public URL, and prints one line per check with
//! what to fix, naming the setting. Read-only everywhere: it creates, migrates and pays
//! nothing. Exit code 0 when nothing failed, 1 otherwise. No secret is printed: the lines
//! name settings, paths, ids and statuses, never a credential or a database URL.

mod database;
mod orkestra;
mod receiver;
mod report;

use anyhow::{bail, Context};
use orkestra_core::methods::CardCapture;

use crate::config::Config;
use database::Found;
use orkestra::Target;
use report::Report;

const USAGE: &str = "usage: orkestra-proxy doctor [--order <Orkestra order id>]

Checks the configuration in the environment (the proxy's variables, see docs/go-live.md):
the database and its migrations, Orkestra reachable with these credentials, a known order
read with the proxy's own types at each lookup path, its amount in ORKESTRA_AMOUNT_UNITS,
and the webhook receiver at PROXY_PUBLIC_URL. Without --order it looks up the newest
payment in the database.";

/// `--order <id>`, or none; `Err` for anything else.
fn parse(args: &[String]) -> anyhow::Result<Option<i64>> {
    match args {
        [] => Ok(None),
        [flag, id] if flag == "--order" => {
            Ok(Some(id.parse().with_context(|| {
                format!("--order takes Orkestra's numeric order id, not {id}")
            })?))
        }
        _ => bail!("{USAGE}"),
    }
}

/// Runs the checks; the process's exit code.
pub async fn main(args: &[String]) -> i32 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let order = match parse(args) {
        Ok(order) => order,
        Err(e) => {
            eprintln!("{e:#}");
            return 2;
        }
    };
    let mut report = Report::default();
    let config = match Config::from_env().and_then(|c| c.check().map(|()| c)) {
        Ok(config) => config,
        Err(e) => {
            // Config's errors name the variable and never repeat a secret's value.
            report.fail("configuration", format!("{e:#}"));
            return report.finish();
        }
    };
    report.ok("configuration", "read from the environment");
    // Not a probe (Orkestra's page is known only once a card leg asks for it): what the
    // setting means, so the operator sees the PCI DSS scope they run in.
    report.ok(
        "card capture",
        match config.card_capture {
            CardCapture::Orkestra => format!(
                "orkestra: cards are typed on Orkestra's page, framed from {} \
                 (ORKESTRA_PAGE_ORIGIN); no card data reaches this proxy",
                config.orkestra.page_origin
            ),
            CardCapture::Direct => "direct: card numbers and CVVs pass through this proxy \
                (PCI DSS SAQ D, docs/security.md); PROXY_CARD_CAPTURE=orkestra keeps them off it"
                .to_owned(),
        },
    );
    let target = match (database::check(&config, order, &mut report).await, order) {
        (Found::Attempt(attempt), _) => Target::Known(attempt),
        (Found::Nothing | Found::Unread, Some(id)) => Target::OrderOnly(id),
        (Found::Nothing, None) => Target::Nothing {
            why: "the database has no payment Orkestra created yet: make a first small payment, or pass --order <Orkestra order id>",
        },
        (Found::Unread, None) => Target::Nothing {
            why: "the database could not be read: pass --order <Orkestra order id> to look one up anyway",
        },
    };
    orkestra::check(&config, target, &mut report).await;
    receiver::check(&config, &mut report).await;
    report.finish()
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn arguments_are_an_optional_order_id() {
        assert_eq!(parse(&[]).unwrap(), None);
        let args = ["--order".to_owned(), "42".to_owned()];
        assert_eq!(parse(&args).unwrap(), Some(42));
        assert!(parse(&["--order".to_owned(), "x".to_owned()]).is_err());
        assert!(parse(&["--verbose".to_owned()]).is_err());
    }
}
