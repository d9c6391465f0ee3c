//! Keccak-256, the hash Ethereum uses (the original Keccak padding `0x01`, not SHA3-256's
//! `0x06`), for EIP-55 address checksums. Written here because the crate takes no
//! dependency for one 40-byte hash per address.

/// Round constants of Keccak-f[1600] (the iota step).
const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// Rotation offsets of the rho step, in the order the pi step visits the lanes.
const ROTATIONS: [u32; 24] = [
    1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
];

/// The lane each pi step moves to, starting from lane 1.
const PI_LANES: [usize; 24] = [
    10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
];

/// 1600 − 2·256 bits of capacity leave 1088 bits (136 bytes) of rate.
const RATE: usize = 136;

/// The Keccak-256 digest of `data`.
pub(super) fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut state = [0u64; 25];
    let mut blocks = data.chunks_exact(RATE);
    for block in &mut blocks {
        absorb(&mut state, block);
    }
    let rest = blocks.remainder();
    let mut last = [0u8; RATE];
    last[..rest.len()].copy_from_slice(rest);
    last[rest.len()] ^= 0x01;
    last[RATE - 1] ^= 0x80;
    absorb(&mut state, &last);

    let mut out = [0u8; 32];
    for (chunk, lane) in out.chunks_exact_mut(8).zip(state) {
        chunk.copy_from_slice(&lane.to_le_bytes());
    }
    out
}

fn absorb(state: &mut [u64; 25], block: &[u8]) {
    for (lane, bytes) in state.iter_mut().zip(block.chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(bytes);
        *lane ^= u64::from_le_bytes(word);
    }
    keccak_f(state);
}

/// The Keccak-f[1600] permutation: 24 rounds of theta, rho, pi, chi and iota.
fn keccak_f(a: &mut [u64; 25]) {
    for rc in RC {
        // Theta: xor each lane with the parities of two neighbouring columns.
        let mut parity = [0u64; 5];
        for (x, p) in parity.iter_mut().enumerate() {
            *p = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        }
        for x in 0..5 {
            let d = parity[(x + 4) % 5] ^ parity[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[5 * y + x] ^= d;
            }
        }
        // Rho and pi: rotate each lane and move it to its new position.
        let mut carried = a[1];
        for (&lane, &rotation) in PI_LANES.iter().zip(&ROTATIONS) {
            let next = a[lane];
            a[lane] = carried.rotate_left(rotation);
            carried = next;
        }
        // Chi: the only non-linear step, row by row.
        for y in 0..5 {
            let row = [
                a[5 * y],
                a[5 * y + 1],
                a[5 * y + 2],
                a[5 * y + 3],
                a[5 * y + 4],
            ];
            for x in 0..5 {
                a[5 * y + x] = row[x] ^ (!row[(x + 1) % 5] & row[(x + 2) % 5]);
            }
        }
        // Iota.
        a[0] ^= rc;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The empty and "abc" digests are the Keccak team's / Ethereum's well-known values
    /// (`keccak256("")` is Ethereum's empty-code hash); the longer ones were computed
    /// with pycryptodome's `Crypto.Hash.keccak` (digest_bits=256) around the 136-byte
    /// rate boundary.
    #[test]
    fn known_vectors_hash_to_their_published_digests() {
        let sequence: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        let cases: [(&[u8], &str); 6] = [
            (
                b"",
                "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            ),
            (
                b"abc",
                "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
            ),
            (
                &[b'a'; 135],
                "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446",
            ),
            (
                &[b'a'; 136],
                "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e",
            ),
            (
                &[b'a'; 137],
                "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39",
            ),
            (
                &sequence,
                "f55ba327291604f0e5be6651752398b7be2331aad65f5763ce067df95cc13be1",
            ),
        ];
        for (input, digest) in cases {
            assert_eq!(hex(&keccak256(input)), digest, "{} bytes", input.len());
        }
    }

    #[test]
    fn keccak_differs_from_sha3_by_its_padding() {
        // SHA3-256("") is a7ffc6f8…; Ethereum's Keccak-256 must not produce it.
        assert!(!hex(&keccak256(b"")).starts_with("a7ffc6f8"));
    }
}
