//! Bitcoin-alphabet Base58, as TRON and Solana write addresses.

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Decodes `s`, or `None` if a character is outside the alphabet (`0`, `O`, `I`, `l` and
/// anything non-ASCII). Each leading `1` is a leading zero byte. Quadratic in the length,
/// so callers bound the length first.
pub(super) fn decode(s: &str) -> Option<Vec<u8>> {
    // Big-endian base-256 digits of the value read so far.
    let mut value: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.bytes() {
        let mut carry = ALPHABET.iter().position(|&a| a == c)? as u32;
        for byte in value.iter_mut().rev() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            value.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    let mut out = vec![0u8; zeros];
    out.extend(value.into_iter().skip_while(|&b| b == 0));
    Some(out)
}

/// The inverse of [`decode`]: for building test vectors and addresses from key bytes.
pub(super) fn encode(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    // Little-endian base-58 digits.
    let mut digits: Vec<u8> = Vec::new();
    for &byte in &bytes[zeros..] {
        let mut carry = u32::from(byte);
        for digit in digits.iter_mut() {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = "1".repeat(zeros);
    out.extend(
        digits
            .iter()
            .rev()
            .map(|&d| char::from(ALPHABET[usize::from(d)])),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_strings_decode_to_their_bytes() {
        assert_eq!(decode(""), Some(vec![]));
        assert_eq!(decode("1"), Some(vec![0]));
        assert_eq!(decode("11"), Some(vec![0, 0]));
        assert_eq!(decode("2"), Some(vec![1]));
        assert_eq!(decode("z"), Some(vec![57]));
        assert_eq!(decode("21"), Some(vec![58]));
        assert_eq!(decode("5R"), Some(vec![1, 0]));
        // The Base58 draft's example: "Hello World!".
        assert_eq!(
            decode("2NEpo7TZRRrLZSi2U").as_deref(),
            Some(&b"Hello World!"[..])
        );
        assert_eq!(decode("1112"), Some(vec![0, 0, 0, 1]));
    }

    #[test]
    fn characters_outside_the_alphabet_do_not_decode() {
        for s in ["0", "O", "I", "l", "+", "é", "1 1"] {
            assert_eq!(decode(s), None, "{s}");
        }
    }

    #[test]
    fn encoding_then_decoding_gives_back_the_bytes() {
        let cases: [&[u8]; 5] = [&[], &[0], &[0, 0, 1, 2], &[255; 32], b"Hello World!"];
        for bytes in cases {
            assert_eq!(decode(&encode(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(encode(b"Hello World!"), "2NEpo7TZRRrLZSi2U");
    }
}
