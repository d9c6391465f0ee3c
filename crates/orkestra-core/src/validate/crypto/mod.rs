//! Deposit addresses for stablecoin payments, checked for the network the payer chose.
//!
//! Funds sent on the wrong network are lost (fact sheet 4.13), so an address that is valid
//! on another network family is reported as `WrongNetwork` rather than as a bad format.

mod base58;
mod keccak;
mod offer;
mod sha256;

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::error::ErrorCode;

/// A blockchain a stablecoin can be sent on. Ethereum, Polygon and BNB Chain share the
/// EVM address format, so the network is always an explicit choice, never guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Network {
    Ethereum,
    Tron,
    Polygon,
    BnbChain,
    Solana,
}

impl Network {
    pub const ALL: [Network; 5] = [
        Network::Ethereum,
        Network::Tron,
        Network::Polygon,
        Network::BnbChain,
        Network::Solana,
    ];

    /// The serde string.
    pub fn as_str(self) -> &'static str {
        match self {
            Network::Ethereum => "ETHEREUM",
            Network::Tron => "TRON",
            Network::Polygon => "POLYGON",
            Network::BnbChain => "BNB_CHAIN",
            Network::Solana => "SOLANA",
        }
    }

    /// Whether addresses are EVM ones (`0x` + 40 hex with an EIP-55 checksum).
    pub fn is_evm(self) -> bool {
        self.family() == Family::Evm
    }

    fn family(self) -> Family {
        match self {
            Network::Ethereum | Network::Polygon | Network::BnbChain => Family::Evm,
            Network::Tron => Family::Tron,
            Network::Solana => Family::Solana,
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Networks that share an address format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Evm,
    Tron,
    Solana,
}

impl Family {
    const ALL: [Family; 3] = [Family::Evm, Family::Tron, Family::Solana];
}

/// An address valid on its network, in canonical form: EVM addresses carry their EIP-55
/// checksum casing even when typed in one case; TRON and Solana addresses are as typed
/// (Base58 has one spelling per address).
///
/// Addresses are public on chain, so `Debug` and `Display` show them. Serialises as the
/// address; there is no `Deserialize`, because the network is needed to check one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CryptoAddress {
    network: Network,
    address: String,
}

impl CryptoAddress {
    pub fn network(&self) -> Network {
        self.network
    }

    pub fn as_str(&self) -> &str {
        &self.address
    }
}

impl fmt::Display for CryptoAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

impl Serialize for CryptoAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.address)
    }
}

/// Parses an address for `network`, ignoring surrounding whitespace (copy-paste).
///
/// - EVM (Ethereum, Polygon, BNB Chain): `0x` + 40 hex digits. All-lower or all-upper
///   hex carries no checksum and is accepted; mixed case must be the EIP-55 casing
///   (Keccak-256 of the lower-case hex, a letter upper-cased where its hash nibble is ≥ 8).
/// - TRON: Base58Check of 25 bytes, version byte `0x41`, a 20-byte hash and the first four
///   bytes of SHA-256(SHA-256(first 21 bytes)).
/// - Solana: Base58 of exactly 32 bytes (an ed25519 public key), 32 to 44 characters; no
///   checksum exists.
///
/// `Required` when empty; `WrongNetwork` when the address is valid on another network
/// family (a TRON address given for Ethereum); `InvalidCheckDigit` for a wrong EIP-55
/// casing or Base58Check checksum; `InvalidFormat` otherwise.
pub fn crypto_address(network: Network, input: &str) -> Result<CryptoAddress, ErrorCode> {
    let input = input.trim();
    if input.is_empty() {
        return Err(ErrorCode::Required);
    }
    let own = network.family();
    match parse(own, input) {
        Ok(address) => Ok(CryptoAddress { network, address }),
        Err(code) => {
            let elsewhere = Family::ALL
                .into_iter()
                .filter(|f| *f != own)
                .any(|f| parse(f, input).is_ok());
            Err(if elsewhere {
                ErrorCode::WrongNetwork
            } else {
                code
            })
        }
    }
}

/// The address on `network` of raw key material, written the way [`crypto_address`]
/// accepts it: for an emulator or a test that must hand out valid deposit addresses.
///
/// EVM networks and TRON take the 20-byte account hash (written `0x` + EIP-55 hex, or
/// Base58Check of `0x41` + hash + checksum); Solana takes a 32-byte ed25519 public key
/// (Base58). `InvalidLength` for any other number of bytes.
pub fn crypto_address_from_bytes(
    network: Network,
    bytes: &[u8],
) -> Result<CryptoAddress, ErrorCode> {
    let address = match network.family() {
        Family::Evm if bytes.len() == 20 => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("0x{}", eip55(&hex))
        }
        Family::Tron if bytes.len() == 20 => {
            let mut payload = Vec::with_capacity(25);
            payload.push(0x41);
            payload.extend_from_slice(bytes);
            let checksum = sha256::sha256(&sha256::sha256(&payload));
            payload.extend_from_slice(&checksum[..4]);
            base58::encode(&payload)
        }
        Family::Solana if bytes.len() == 32 => base58::encode(bytes),
        Family::Evm | Family::Tron | Family::Solana => return Err(ErrorCode::InvalidLength),
    };
    Ok(CryptoAddress { network, address })
}

fn parse(family: Family, input: &str) -> Result<String, ErrorCode> {
    match family {
        Family::Evm => evm(input),
        Family::Tron => tron(input),
        Family::Solana => solana(input),
    }
}

fn evm(input: &str) -> Result<String, ErrorCode> {
    let hex = input.strip_prefix("0x").ok_or(ErrorCode::InvalidFormat)?;
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    let checksummed = eip55(hex);
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && has_upper && hex != checksummed {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(format!("0x{checksummed}"))
}

/// The EIP-55 casing of 40 hex digits.
fn eip55(hex: &str) -> String {
    let lower = hex.to_ascii_lowercase();
    let hash = keccak::keccak256(lower.as_bytes());
    lower
        .char_indices()
        .map(|(i, c)| {
            let byte = hash[i / 2];
            let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
            if nibble >= 8 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn tron(input: &str) -> Result<String, ErrorCode> {
    if input.len() != 34 {
        return Err(ErrorCode::InvalidFormat);
    }
    let bytes = base58::decode(input).ok_or(ErrorCode::InvalidFormat)?;
    if bytes.len() != 25 || bytes[0] != 0x41 {
        return Err(ErrorCode::InvalidFormat);
    }
    let (payload, checksum) = bytes.split_at(21);
    if sha256::sha256(&sha256::sha256(payload))[..4] != *checksum {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(input.to_owned())
}

fn solana(input: &str) -> Result<String, ErrorCode> {
    if !(32..=44).contains(&input.len()) {
        return Err(ErrorCode::InvalidFormat);
    }
    match base58::decode(input) {
        Some(bytes) if bytes.len() == 32 => Ok(input.to_owned()),
        _ => Err(ErrorCode::InvalidFormat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    /// Fact sheet 1.3: the USDT and USDC contracts, as Etherscan and the issuers write
    /// them.
    const USDT_ETHEREUM: &str = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    const USDC_ETHEREUM: &str = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
    const USDT_BNB: &str = "0x55d398326f99059fF775485246999027B3197955";
    const USDT_POLYGON: &str = "0xc2132D05D31c914a87C6611C10748AEb04B58e8F";
    const USDC_POLYGON: &str = "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359";
    const USDT_TRON: &str = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    const USDT_SOLANA: &str = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB";
    const USDC_SOLANA: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    /// Listed as "USDT TRC-20" on a third-party page; fails Base58Check (fact sheet 1.3).
    const BAD_TRON: &str = "TVYg8rpibDoq93wo8tTcGtfSUKkjbV58eF";

    #[test]
    fn the_fact_sheets_contract_addresses_are_valid_on_their_networks() {
        for (network, address) in [
            (Network::Ethereum, USDT_ETHEREUM),
            (Network::Ethereum, USDC_ETHEREUM),
            (Network::BnbChain, USDT_BNB),
            (Network::Polygon, USDT_POLYGON),
            (Network::Polygon, USDC_POLYGON),
            (Network::Tron, USDT_TRON),
            (Network::Solana, USDT_SOLANA),
            (Network::Solana, USDC_SOLANA),
        ] {
            let a = crypto_address(network, address).unwrap_or_else(|e| panic!("{address}: {e}"));
            assert_eq!(a.as_str(), address);
            assert_eq!(a.network(), network);
        }
    }

    #[test]
    fn addresses_built_from_key_bytes_are_the_published_ones() {
        let evm: Vec<u8> = (0..20)
            .map(|i| u8::from_str_radix(&USDT_ETHEREUM[2 + 2 * i..4 + 2 * i], 16).unwrap())
            .collect();
        let built = crypto_address_from_bytes(Network::Ethereum, &evm).unwrap();
        assert_eq!(built.as_str(), USDT_ETHEREUM);
        let tron = base58::decode(USDT_TRON).unwrap();
        let built = crypto_address_from_bytes(Network::Tron, &tron[1..21]).unwrap();
        assert_eq!(built.as_str(), USDT_TRON);
        let solana = base58::decode(USDC_SOLANA).unwrap();
        let built = crypto_address_from_bytes(Network::Solana, &solana).unwrap();
        assert_eq!(built.as_str(), USDC_SOLANA);
        assert_eq!(
            crypto_address_from_bytes(Network::Solana, &evm),
            Err(InvalidLength)
        );
        assert_eq!(
            crypto_address_from_bytes(Network::Polygon, &solana),
            Err(InvalidLength)
        );
    }

    #[test]
    fn the_wrong_usdt_trc20_address_fails_base58check() {
        assert_eq!(
            crypto_address(Network::Tron, BAD_TRON),
            Err(InvalidCheckDigit)
        );
    }

    #[test]
    fn the_eip55_specifications_examples_are_valid_and_a_wrong_casing_is_not() {
        // https://eips.ethereum.org/EIPS/eip-55, "Test Cases".
        for address in [
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "0xde709f2102306220921060314715629080e2fb77",
            "0x27b1fdb04752bbc536007a920d24acb045561c26",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            let a = crypto_address(Network::Ethereum, address).unwrap();
            assert!(a.as_str().eq_ignore_ascii_case(address));
        }
        assert_eq!(
            crypto_address(
                Network::Ethereum,
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
            ),
            Err(InvalidCheckDigit)
        );
        assert_eq!(
            crypto_address(
                Network::Ethereum,
                "0xdAC17F958D2ee523a2206206994597C13D831eC7"
            ),
            Err(InvalidCheckDigit)
        );
    }

    #[test]
    fn single_case_evm_addresses_are_accepted_and_given_their_checksum() {
        for input in [
            USDT_ETHEREUM.to_ascii_lowercase(),
            format!("0x{}", USDT_ETHEREUM[2..].to_ascii_uppercase()),
            format!("  {USDT_ETHEREUM}\n"),
        ] {
            let a = crypto_address(Network::Ethereum, &input).unwrap();
            assert_eq!(a.as_str(), USDT_ETHEREUM, "{input}");
        }
    }

    #[test]
    fn every_evm_network_takes_the_same_address() {
        for network in [Network::Ethereum, Network::Polygon, Network::BnbChain] {
            assert!(network.is_evm());
            assert!(crypto_address(network, USDC_POLYGON).is_ok());
        }
        assert!(!Network::Tron.is_evm() && !Network::Solana.is_evm());
    }

    #[test]
    fn malformed_evm_addresses_are_format_errors() {
        for input in [
            "dAC17F958D2ee523a2206206994597C13D831ec7",
            "0XdAC17F958D2ee523a2206206994597C13D831ec7",
            "0xdAC17F958D2ee523a2206206994597C13D831ec",
            "0xdAC17F958D2ee523a2206206994597C13D831ec71",
            "0xgAC17F958D2ee523a2206206994597C13D831ec7",
            "0xdAC17F958D2ee523 2206206994597C13D831ec7",
            "0x",
        ] {
            assert_eq!(
                crypto_address(Network::Ethereum, input),
                Err(InvalidFormat),
                "{input}"
            );
        }
    }

    #[test]
    fn an_address_of_another_network_family_is_the_wrong_network() {
        let cases = [
            (Network::Ethereum, USDT_TRON),
            (Network::Polygon, USDT_SOLANA),
            (Network::Tron, USDT_ETHEREUM),
            (Network::Tron, USDC_SOLANA),
            (Network::Solana, USDT_TRON),
            (Network::Solana, USDT_BNB),
        ];
        for (network, address) in cases {
            assert_eq!(
                crypto_address(network, address),
                Err(WrongNetwork),
                "{network} {address}"
            );
        }
    }

    #[test]
    fn tron_addresses_need_version_0x41_and_a_matching_checksum() {
        let mut bytes = base58::decode(USDT_TRON).unwrap();
        assert_eq!(bytes.len(), 25);
        // Re-encode with version 0x42 and a correct checksum: still not TRON.
        bytes[0] = 0x42;
        let check = sha256::sha256(&sha256::sha256(&bytes[..21]));
        bytes[21..].copy_from_slice(&check[..4]);
        let wrong_version = base58::encode(&bytes);
        assert_eq!(
            crypto_address(Network::Tron, &wrong_version),
            Err(InvalidFormat)
        );
        // One changed hash byte breaks the checksum.
        let mut bytes = base58::decode(USDT_TRON).unwrap();
        bytes[5] ^= 1;
        assert_eq!(
            crypto_address(Network::Tron, &base58::encode(&bytes)),
            Err(InvalidCheckDigit)
        );
        for input in [
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t6",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60",
        ] {
            assert_eq!(crypto_address(Network::Tron, input), Err(InvalidFormat));
        }
    }

    #[test]
    fn solana_addresses_must_decode_to_32_bytes() {
        assert!(crypto_address(Network::Solana, "11111111111111111111111111111111").is_ok());
        let short = base58::encode(&[7; 31]);
        let long = base58::encode(&[7; 33]);
        for input in [
            short.as_str(),
            long.as_str(),
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1l",
        ] {
            assert_eq!(
                crypto_address(Network::Solana, input),
                Err(InvalidFormat),
                "{input}"
            );
        }
    }

    #[test]
    fn an_empty_address_is_required() {
        for network in Network::ALL {
            assert_eq!(crypto_address(network, " \t"), Err(Required));
        }
    }

    #[test]
    fn networks_serialise_as_screaming_snake_case() {
        for network in Network::ALL {
            let json = serde_json::to_string(&network).unwrap();
            assert_eq!(json, format!("\"{}\"", network.as_str()));
            assert_eq!(serde_json::from_str::<Network>(&json).unwrap(), network);
        }
        let a = crypto_address(Network::Tron, USDT_TRON).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            format!("\"{USDT_TRON}\"")
        );
        assert_eq!(a.to_string(), USDT_TRON);
    }
}
