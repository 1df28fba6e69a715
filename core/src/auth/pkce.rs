//! Proof Key for Code Exchange (RFC 7636), S256 only.

use super::base64url;
use sha2::{Digest, Sha256};

/// A verifier from 32 random bytes: 43 base64url characters.
pub fn verifier(random: &[u8; 32]) -> String {
    base64url(random)
}

/// `base64url(SHA-256(verifier))`, without padding.
pub fn challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_rfc_7636_example() {
        let random: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88,
            83, 132, 141, 121,
        ];
        let verifier = verifier(&random);
        assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(challenge(&verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert!((43..=128).contains(&verifier.len()));
    }
}
