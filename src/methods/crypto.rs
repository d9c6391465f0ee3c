//! Stablecoins: the address to send the exact amount to, on the one network that works.

use orkestra_core::money::Currency;
use orkestra_core::validate::Network;

use super::sheet::Sheet;
use crate::context::Lang;
use crate::i18n::Key;

pub fn sheet(
    lang: Lang,
    token: String,
    network: String,
    address: String,
    amount: String,
    expires_at: String,
) -> Sheet {
    let network_label = Network::ALL
        .into_iter()
        .find(|n| n.as_str() == network)
        .map_or(network.clone(), |n| n.known_as().to_owned());
    let emphasis = [token.as_str(), " · ", &network_label].concat();
    Sheet {
        testid: "crypto",
        alert: Some((Key::CryptoSendOnly, emphasis, Key::CryptoLost)),
        amount: Currency::from_code(&token).map(|c| (amount.clone(), c)),
        qr: Some((address.clone(), Key::AddressQr, "crypto-qr")),
        copies: vec![
            ("crypto-address", lang.t(Key::DepositAddress), address),
            ("crypto-amount", lang.t(Key::ExactAmount), amount),
        ],
        expires_at: Some(expires_at),
        ..Sheet::default()
    }
}
