//! Orkestra: reachable, the credentials accepted, a known order read with the proxy's own
//! wire types by each lookup path, and a known transaction's amount as we stored it.

use orkestra_core::api::orkestra::AmountUnits;

use super::report::Report;
use crate::config::Config;
use crate::store::probe::KnownAttempt;
use crate::upstream::diagnose::{AmountCheck, Asked, Seen};
use crate::upstream::Orkestra;

/// What the doctor looks up: an order Orkestra has, and what we know of it.
pub enum Target {
    /// The newest payment in the database (in `--order`'s order when given).
    Known(KnownAttempt),
    /// `--order <id>` that the database knows nothing of: its shape only.
    OrderOnly(i64),
    /// Nothing to look up, and why.
    Nothing { why: &'static str },
}

/// The settings the credentials came from (the file wins when set, as in `Config`).
fn credentials() -> &'static str {
    match std::env::var_os("ORKESTRA_CREDENTIALS_FILE") {
        Some(_) => "ORKESTRA_CREDENTIALS_FILE",
        None => "ORKESTRA_USERNAME/ORKESTRA_PASSWORD",
    }
}

fn units_name(units: AmountUnits) -> &'static str {
    match units {
        AmountUnits::Major => "major",
        AmountUnits::Minor => "minor",
    }
}

pub async fn check(config: &Config, target: Target, report: &mut Report) {
    // Its calls are counted in metrics nobody reads: the doctor serves no /metrics.
    let metrics = std::sync::Arc::new(crate::metrics::Metrics::new());
    let orkestra = match Orkestra::new(config.orkestra.clone(), metrics) {
        Ok(orkestra) => orkestra,
        Err(e) => return report.fail("orkestra", format!("no HTTP client: {e}")),
    };
    let base = &config.orkestra.base_url;
    let (order_id, expect, reference) = match &target {
        Target::Known(a) => (
            a.order_id,
            Some((a.transaction_id, a.amount)),
            Some(a.merchant_order_id.as_str()),
        ),
        Target::OrderOnly(id) => (*id, None, None),
        Target::Nothing { why } => return without_order(config, &orkestra, why, report).await,
    };
    let by_id = orkestra.inspect_order(order_id, expect).await;
    let by_reference = match reference {
        Some(reference) => orkestra.inspect_order_lookup(reference, expect).await,
        None => None,
    };
    let answers: Vec<&(Asked, Seen<Option<AmountCheck>>)> = std::iter::once(&by_id)
        .chain(by_reference.as_ref())
        .collect();
    if let (asked, Seen::Unreachable(why)) = &by_id {
        report.fail(
            "orkestra reachable",
            format!(
                "{asked} at {base} got no answer ({why}): check ORKESTRA_API_URL and the network"
            ),
        );
        return report.skip("orkestra credentials", "Orkestra did not answer");
    }
    report.ok("orkestra reachable", format!("{base} answers"));
    if let Some((asked, Seen::Refused(status))) = answers
        .iter()
        .find(|(_, seen)| matches!(seen, Seen::Refused(_)))
    {
        report.fail(
            "orkestra credentials",
            format!(
                "{asked} answered {status}: Orkestra does not accept {} (the API credentials of your Orkestra account)",
                credentials()
            ),
        );
        return report.skip("orkestra lookups", "the credentials were refused");
    }
    if answers
        .iter()
        .any(|(_, seen)| matches!(seen, Seen::Parsed(_) | Seen::Unparsable(_)))
    {
        report.ok("orkestra credentials", "accepted");
    } else {
        report.skip(
            "orkestra credentials",
            "not confirmed: no lookup succeeded (an unknown path may be answered before the credentials are checked)",
        );
    }
    let known = matches!(target, Target::Known(_));
    lookup(report, "order by id", &by_id, "ORKESTRA_ORDERS_PATH", known);
    match &by_reference {
        Some(answer) => lookup(
            report,
            "order by reference",
            answer,
            "ORKESTRA_ORDER_LOOKUP_PATH/ORKESTRA_ORDER_LOOKUP_PARAM",
            known,
        ),
        None if known => report.skip(
            "order by reference",
            "ORKESTRA_ORDER_LOOKUP_PATH is empty: the reconciler waits for notifications instead",
        ),
        None => report.skip(
            "order by reference",
            "the database knows no merchantOrderId of this order",
        ),
    }
    amounts(config, report, &target, &answers);
}

/// One lookup's line: parsed, not parsed, or not found (naming its path setting).
fn lookup(
    report: &mut Report,
    check: &str,
    (asked, seen): &(Asked, Seen<Option<AmountCheck>>),
    setting: &str,
    known: bool,
) {
    match seen {
        Seen::Parsed(_) => report.ok(check, format!("{asked} reads as the proxy's order")),
        Seen::Unparsable(why) => report.fail(
            check,
            format!(
                "{asked} answered a body the proxy cannot read ({why}): Orkestra's field names or statuses differ from the proxy's (not configurable: see docs/go-live.md)"
            ),
        ),
        Seen::NotFound if known => report.fail(
            check,
            format!("{asked} answered 404 for an order Orkestra created for this proxy: check {setting}"),
        ),
        Seen::NotFound => report.fail(
            check,
            format!("{asked} answered 404: check {setting}, and the --order id"),
        ),
        Seen::Refused(status) | Seen::Other(status) => {
            report.fail(check, format!("{asked} answered {status}"))
        }
        Seen::Unreachable(why) => report.fail(check, format!("{asked} got no answer ({why})")),
    }
}

/// The amount check, from the first lookup that read the order.
fn amounts(
    config: &Config,
    report: &mut Report,
    target: &Target,
    answers: &[&(Asked, Seen<Option<AmountCheck>>)],
) {
    const CHECK: &str = "amount units";
    let configured = units_name(config.orkestra.amount_units);
    let Target::Known(attempt) = target else {
        return report.skip(
            CHECK,
            "the database knows no transaction of this order to compare",
        );
    };
    let Some(check) = answers.iter().find_map(|(_, seen)| match seen {
        Seen::Parsed(check) => check.as_ref(),
        _ => None,
    }) else {
        return report.skip(CHECK, "no lookup read the order");
    };
    let (transaction, ours) = (attempt.transaction_id, attempt.amount);
    let ours = format!("{} {}", ours.to_decimal_string(), ours.currency().code());
    match check {
        AmountCheck::Same => report.ok(
            CHECK,
            format!("transaction {transaction}: {ours} at Orkestra and here (ORKESTRA_AMOUNT_UNITS={configured})"),
        ),
        AmountCheck::OtherUnits { units, exponent } => report.fail(
            CHECK,
            format!(
                "transaction {transaction}: Orkestra's amount is off by a factor of 10^{exponent} from our {ours} read in {configured} units, and matches in {} units: set ORKESTRA_AMOUNT_UNITS={}",
                units_name(*units),
                units_name(*units)
            ),
        ),
        AmountCheck::Differs { orkestra, ours } => report.fail(
            CHECK,
            format!(
                "transaction {transaction}: Orkestra says {orkestra}, we asked for {ours}, in either units (ORKESTRA_AMOUNT_UNITS={configured}): is ORKESTRA_API_URL the account this database paid through?"
            ),
        ),
        AmountCheck::NoSuchTransaction => report.fail(
            CHECK,
            format!("Orkestra's order has no transaction {transaction}: is ORKESTRA_API_URL the account this database paid through?"),
        ),
    }
}

/// No payment to look up: the credentials are tried on the PSE bank list, and the lookups
/// wait for a first payment.
async fn without_order(config: &Config, orkestra: &Orkestra, why: &str, report: &mut Report) {
    let base = &config.orkestra.base_url;
    let (asked, seen) = orkestra.inspect_pse_banks().await;
    match seen {
        Seen::Unreachable(why) => {
            report.fail(
                "orkestra reachable",
                format!("{asked} at {base} got no answer ({why}): check ORKESTRA_API_URL and the network"),
            );
            report.skip("orkestra credentials", "Orkestra did not answer");
        }
        Seen::Refused(status) => {
            report.ok("orkestra reachable", format!("{base} answers"));
            report.fail(
                "orkestra credentials",
                format!(
                    "{asked} answered {status}: Orkestra does not accept {}",
                    credentials()
                ),
            );
        }
        Seen::Parsed(_) | Seen::Unparsable(_) => {
            report.ok("orkestra reachable", format!("{base} answers"));
            report.ok("orkestra credentials", format!("accepted ({asked})"));
        }
        Seen::NotFound | Seen::Other(_) => {
            report.ok("orkestra reachable", format!("{base} answers"));
            report.skip(
                "orkestra credentials",
                format!("not confirmed: {asked} did not succeed (check ORKESTRA_PSE_BANKS_PATH if you take PSE)"),
            );
        }
    }
    report.skip("orkestra lookups", why);
}
