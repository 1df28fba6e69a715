//! The RS256 signing key and JSON Web Tokens.
//!
//! One 2048-bit key is generated the first time an emulator starts in a process and is
//! published on the keys endpoint, so clients can check signatures as they do against
//! the real service.

use super::random;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use std::sync::{Arc, OnceLock};

pub struct Keys {
    kid: String,
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    public: RsaPublicKey,
}

/// Why a token was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    Malformed,
    UnknownKey,
    BadSignature,
}

impl Keys {
    /// The process's key: generating a 2048-bit key takes a noticeable moment, and every
    /// emulator in a test binary can share one.
    pub fn shared() -> Arc<Keys> {
        static KEYS: OnceLock<Arc<Keys>> = OnceLock::new();
        KEYS.get_or_init(|| Arc::new(Keys::generate())).clone()
    }

    fn generate() -> Keys {
        let private = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key generation");
        let public = private.to_public_key();
        Keys {
            kid: random::token::<20>(),
            signing: SigningKey::<Sha256>::new(private),
            verifying: VerifyingKey::<Sha256>::new(public.clone()),
            public,
        }
    }

    /// The key as the keys endpoint lists it.
    pub fn jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(self.public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(self.public.e().to_bytes_be()),
            "alg": "RS256",
        })
    }

    /// A compact JWS: base64url(header).base64url(claims).base64url(signature).
    pub fn sign(&self, claims: &Map<String, Value>) -> String {
        let header = json!({"typ": "JWT", "alg": "RS256", "kid": self.kid});
        let input =
            format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string()));
        let signature = self.signing.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    /// The claims of a token this key signed; nothing about them is checked here.
    pub fn verify(&self, token: &str) -> Result<Map<String, Value>, JwtError> {
        let mut parts = token.split('.');
        let (Some(header), Some(claims), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(JwtError::Malformed);
        };
        let header = decode_json(header)?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err(JwtError::Malformed);
        }
        if header.get("kid").and_then(Value::as_str) != Some(self.kid.as_str()) {
            return Err(JwtError::UnknownKey);
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| JwtError::Malformed)?;
        let signature = Signature::try_from(signature.as_slice()).map_err(|_| JwtError::Malformed)?;
        let input = &token[..header_and_claims_len(token)];
        self.verifying.verify(input.as_bytes(), &signature).map_err(|_| JwtError::BadSignature)?;
        decode_json(claims)
    }
}

fn header_and_claims_len(token: &str) -> usize {
    token.rfind('.').unwrap_or(token.len())
}

fn decode_json(part: &str) -> Result<Map<String, Value>, JwtError> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| JwtError::Malformed)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies_and_notices_tampering() {
        let keys = Keys::shared();
        let mut claims = Map::new();
        claims.insert("aud".into(), json!("someone"));
        let token = keys.sign(&claims);
        assert_eq!(keys.verify(&token).unwrap()["aud"], "someone");

        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(r#"{"aud":"someone else"}"#);
        assert_eq!(keys.verify(&parts.join(".")), Err(JwtError::BadSignature));
        assert_eq!(keys.verify("not a token"), Err(JwtError::Malformed));

        let jwk = keys.jwk();
        assert_eq!(jwk["kid"], keys.kid);
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap().len(), 256);
    }
}
