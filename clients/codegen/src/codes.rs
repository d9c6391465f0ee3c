//! The closed sets clients switch on, read from orkestra-core's enums through their public
//! lists (`ALL`) and wire strings (`as_str`), so a variant added or renamed there changes
//! the generated files, and the drift test fails until they are written again.

use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::OrderStatus;
use orkestra_core::{ErrorCode, PaymentMethod};

/// One enum as clients see it: a literal union and a list of its values.
pub struct CodeSet {
    /// The type's name in TypeScript and Python.
    pub name: &'static str,
    /// The list's name (`PAYMENT_METHODS`).
    pub list: &'static str,
    pub doc: &'static str,
    pub values: Vec<&'static str>,
}

pub fn sets() -> Vec<CodeSet> {
    vec![
        CodeSet {
            name: "PaymentMethod",
            list: "PAYMENT_METHODS",
            doc: "How a payer pays, as the proxy names it (orkestra-core's `PaymentMethod`).",
            values: PaymentMethod::ALL.iter().map(|m| m.as_str()).collect(),
        },
        CodeSet {
            name: "OrderStatus",
            list: "ORDER_STATUSES",
            doc: "Where an order (a checkout session) or a charge is (orkestra-core's \
                  `OrderStatus`); also a signed return's `orkestra_outcome`.",
            values: OrderStatus::ALL.iter().map(|s| s.as_str()).collect(),
        },
        CodeSet {
            name: "ApiErrorCode",
            list: "API_ERROR_CODES",
            doc: "The code of an API error that is not about one field (orkestra-core's \
                  `ApiErrorCode`): `error.code` of a 4xx/5xx answer.",
            values: ApiErrorCode::ALL.iter().map(|c| c.as_str()).collect(),
        },
        CodeSet {
            name: "FieldErrorCode",
            list: "FIELD_ERROR_CODES",
            doc: "The failure code of a validation rule (orkestra-core's `ErrorCode`): \
                  `code` of each `fields[]` item of a 422, and `error.code` of its first.",
            values: ErrorCode::ALL.iter().map(|c| c.as_str()).collect(),
        },
    ]
}

/// A union of sets, named: `ErrorCode` is every code an `ErrorBody` may carry.
pub struct CodeUnion {
    pub name: &'static str,
    pub doc: &'static str,
    pub members: [&'static str; 2],
}

pub const UNIONS: [CodeUnion; 1] = [CodeUnion {
    name: "ErrorCode",
    doc: "Every code an error body's `code` may hold: an API error's or a field's.",
    members: ["ApiErrorCode", "FieldErrorCode"],
}];

/// The values of a set or a union, by name.
pub fn values_of(name: &str) -> Option<Vec<&'static str>> {
    let sets = sets();
    if let Some(set) = sets.iter().find(|s| s.name == name) {
        return Some(set.values.clone());
    }
    let union = UNIONS.iter().find(|u| u.name == name)?;
    let mut values = Vec::new();
    for member in union.members {
        values.extend(
            sets.iter()
                .find(|s| s.name == member)?
                .values
                .iter()
                .copied(),
        );
    }
    Some(values)
}

/// Every named set and union, by name: the generated API types refer to these instead of
/// repeating a list that equals one of them.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = sets().iter().map(|s| s.name).collect();
    names.extend(UNIONS.iter().map(|u| u.name));
    names
}

/// `codes.ts` of the npm package.
pub fn typescript() -> String {
    let mut out = String::from(crate::ts::HEADER);
    out.push_str("// From orkestra-core's enums (their `ALL` lists and `as_str`).\n");
    for set in sets() {
        out.push_str(&format!("\n/** {} */\nexport type {} =", set.doc, set.name));
        for value in &set.values {
            out.push_str(&format!("\n  | '{value}'"));
        }
        out.push_str(";\n");
        out.push_str(&format!(
            "\n/** Every `{}`, in orkestra-core's order. */\nexport const {}: readonly {}[] = [\n",
            set.name, set.list, set.name
        ));
        for value in &set.values {
            out.push_str(&format!("  '{value}',\n"));
        }
        out.push_str("];\n");
    }
    for union in UNIONS {
        out.push_str(&format!(
            "\n/** {} */\nexport type {} = {};\n",
            union.doc,
            union.name,
            union.members.join(" | ")
        ));
    }
    out
}

/// The `type` of the signed events whose name ends in an order's status, and the two
/// charge events that do not (the proxy's outbox names them; README "Webhooks").
fn event_types() -> [(&'static str, &'static str, Vec<String>); 2] {
    let statuses: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.as_str()).collect();
    let of = |prefix: &str| -> Vec<String> {
        statuses.iter().map(|s| format!("{prefix}.{s}")).collect()
    };
    let mut charge = of("charge");
    charge.extend([
        "charge.refunded".to_owned(),
        "charge.refund_failed".to_owned(),
    ]);
    [
        (
            "CheckoutSessionEventType",
            "`checkout_session.<status>`: an order's status changed.",
            of("checkout_session"),
        ),
        (
            "ChargeEventType",
            "`charge.<status>`, and `charge.refunded` / `charge.refund_failed` when the \
             automatic refund of a charge that ended partly paid settles.",
            charge,
        ),
    ]
}

/// `codes.py` of the Python package.
pub fn python() -> String {
    let mut out = String::from(crate::python::HEADER);
    out.push_str("# From orkestra-core's enums (their `ALL` lists and `as_str`).\n\n");
    out.push_str("from typing import Final, Literal\n");
    for set in sets() {
        out.push_str(&format!("\n#: {}\n{} = Literal[\n", set.doc, set.name));
        for value in &set.values {
            out.push_str(&format!("    \"{value}\",\n"));
        }
        out.push_str("]\n");
        out.push_str(&format!(
            "#: Every `{}`, in orkestra-core's order.\n{}: Final[tuple[{}, ...]] = (\n",
            set.name, set.list, set.name
        ));
        for value in &set.values {
            out.push_str(&format!("    \"{value}\",\n"));
        }
        out.push_str(")\n");
    }
    for (name, doc, values) in event_types() {
        out.push_str(&format!("\n#: {doc}\n{name} = Literal[\n"));
        for value in values {
            out.push_str(&format!("    \"{value}\",\n"));
        }
        out.push_str("]\n");
    }
    for union in UNIONS {
        out.push_str(&format!(
            "\n#: {}\n{} = {}\n",
            union.doc,
            union.name,
            union.members.join(" | ")
        ));
    }
    out
}
