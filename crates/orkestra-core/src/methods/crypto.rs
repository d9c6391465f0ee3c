//! Stablecoins (fact sheet §4.13): USDT or USDC sent to a deposit address on the network
//! the payer picks. The World is a market of its own.

use super::contract::{
    MethodName, PageTexts,
    no_documents, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind,
    WireNames,
};
use crate::market::{Market, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "CRYPTO",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("CRYPTO"),
    kind: InstructionKind::Crypto,
    details: DetailsKind::Crypto,
    options: OptionsKind::Crypto,
    markets: &[Market::World],
    // The token and network belong to the method's form; the payer enters nothing else.
    payer_fields: no_fields,
    optional_fields: no_fields,
    document_types: no_documents,
    // §4.13 states no limits.
    amount_limits: no_limits,
    // §4.13 shows an "expiry / rate-lock countdown" without a value. Our choice: 1 hour,
    // long enough for on-chain confirmations, short enough to reuse deposit addresses.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(60),
    // The sending address of a deposit is often an exchange's shared hot wallet: sending
    // funds back there could lose them. The payer must give an address (and network).
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::AlternativePayout,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: false,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Text("MethodCrypto"),
        intro: "IntroCrypto",
        pay: "PayCrypto",
    },
};
