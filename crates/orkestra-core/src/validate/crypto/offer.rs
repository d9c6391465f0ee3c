//! The networks as the payer chooses among them: their names, and which ones a currency is
//! offered on.

use super::Network;
use crate::money::Currency;

impl Network {
    /// The network as wallets and exchanges list it, with its token standard (the page's
    /// choice and instructions, and the proxy's drawn form).
    pub fn known_as(self) -> &'static str {
        match self {
            Network::Ethereum => "Ethereum (ERC-20)",
            Network::Tron => "TRON (TRC-20)",
            Network::Polygon => "Polygon (PoS)",
            Network::BnbChain => "BNB Chain (BEP-20)",
            Network::Solana => "Solana (SPL)",
        }
    }

    /// The networks a payer may choose for a session in `currency` (all of them when it
    /// is not known): for USDC its native deployments only, not TRON (discontinued) nor
    /// BNB Chain (bridged).
    pub fn offered_for(currency: Option<Currency>) -> impl Iterator<Item = Network> {
        let usdc = currency == Some(Currency::USDC);
        Network::ALL
            .into_iter()
            .filter(move |n| !(usdc && matches!(n, Network::Tron | Network::BnbChain)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usdc_is_offered_on_its_native_networks_only() {
        use Network::*;
        let usdc: Vec<Network> = Network::offered_for(Some(Currency::USDC)).collect();
        assert_eq!(usdc, [Ethereum, Polygon, Solana]);
        let usdt: Vec<Network> = Network::offered_for(Some(Currency::USDT)).collect();
        assert_eq!(usdt, Network::ALL);
        assert_eq!(Network::offered_for(None).count(), Network::ALL.len());
    }
}
