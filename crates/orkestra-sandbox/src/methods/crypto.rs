//! Stablecoin deposits (USDT, USDC): a deposit address per transaction on the chosen
//! network, valid for the core's address validator, and the exact amount to send.

use orkestra_core::api::orkestra::CryptoResult;
use orkestra_core::money::Money;
use orkestra_core::validate::{crypto_address_from_bytes, Network};

use super::{gen, Request};
use crate::error::SandboxError;

/// A wire network, the core network whose address format it uses, and the tokens it
/// carries here.
#[derive(Debug)]
pub struct Chain {
    pub wire: &'static str,
    pub format: Network,
    pub tokens: &'static [&'static str],
}

/// Fact sheet 1.3: USDT on Ethereum, TRON, BNB Chain, Polygon and Solana; USDC on its
/// native Circle deployments (Ethereum, Polygon, Solana, and Arbitrum and Base, EVM
/// chains per 4.13). Not USDC on TRON (discontinued in 2024/25) nor on BNB Chain (a
/// bridged Binance-Peg token, not Circle's); no USDT on Arbitrum or Base (not in the
/// sheet).
pub const CHAINS: [Chain; 7] = [
    Chain {
        wire: "ETHEREUM",
        format: Network::Ethereum,
        tokens: &["USDT", "USDC"],
    },
    Chain {
        wire: "TRON",
        format: Network::Tron,
        tokens: &["USDT"],
    },
    Chain {
        wire: "SOLANA",
        format: Network::Solana,
        tokens: &["USDT", "USDC"],
    },
    Chain {
        wire: "POLYGON",
        format: Network::Polygon,
        tokens: &["USDT", "USDC"],
    },
    Chain {
        wire: "BNB_CHAIN",
        format: Network::BnbChain,
        tokens: &["USDT"],
    },
    Chain {
        wire: "ARBITRUM",
        format: Network::Ethereum,
        tokens: &["USDC"],
    },
    Chain {
        wire: "BASE",
        format: Network::Ethereum,
        tokens: &["USDC"],
    },
];

/// `crypto.token` must be the order's currency and `crypto.network` one that carries it.
pub fn check(r: &Request) -> Result<(&'static str, &'static Chain), SandboxError> {
    let options = r.tx.crypto.as_ref().ok_or_else(|| {
        SandboxError::invalid(
            r.at("crypto"),
            "INVALID_FIELD",
            "crypto.token and crypto.network are required",
        )
    })?;
    let token = ["USDT", "USDC"]
        .into_iter()
        .find(|t| *t == options.token && *t == r.currency.code())
        .ok_or_else(|| {
            SandboxError::invalid(
                r.at("crypto.token"),
                "INVALID_FIELD",
                format!(
                    "the token must be the order's currency, {}",
                    r.currency.code()
                ),
            )
        })?;
    let carrying: Vec<&str> = CHAINS
        .iter()
        .filter(|c| c.tokens.contains(&token))
        .map(|c| c.wire)
        .collect();
    let chain = CHAINS
        .iter()
        .find(|c| c.wire == options.network && c.tokens.contains(&token))
        .ok_or_else(|| {
            SandboxError::invalid(
                r.at("crypto.network"),
                "UNSUPPORTED_NETWORK",
                format!("{token} is sent on {}", carrying.join(", ")),
            )
        })?;
    Ok((token, chain))
}

/// The deposit address of transaction `id` on `chain`.
pub fn address(id: i64, chain: &Chain) -> String {
    let len = if chain.format == Network::Solana {
        32
    } else {
        20
    };
    crypto_address_from_bytes(chain.format, &gen::bytes(id, 0xC0FFEE, len))
        .map(|a| a.as_str().to_owned())
        .expect("the right number of key bytes")
}

pub fn instructions(
    id: i64,
    token: &str,
    chain: &Chain,
    amount: Money,
    expires_at: String,
) -> CryptoResult {
    CryptoResult {
        token: token.to_owned(),
        network: chain.wire.to_owned(),
        address: address(id, chain),
        // USDT and USDC have 6 decimals: the amount's own minor units.
        amount: amount.to_decimal_string(),
        expires_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orkestra_core::validate::crypto_address;

    #[test]
    fn deposit_addresses_are_valid_on_their_network_and_per_transaction() {
        for chain in &CHAINS {
            let a = address(9, chain);
            let parsed = crypto_address(chain.format, &a).unwrap_or_else(|e| panic!("{a}: {e}"));
            assert_eq!(parsed.as_str(), a, "canonical (EIP-55) form");
            assert_ne!(address(10, chain), a);
        }
        assert!(address(9, &CHAINS[1]).starts_with('T'));
        assert!(address(9, &CHAINS[0]).starts_with("0x"));
    }
}
