//! JSON Web Tokens: splitting and decoding. Signatures are checked by the browser's
//! WebCrypto against the provider's published keys; this module only prepares the parts.

use super::base64url_decode;
use crate::json::FromJson;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtProblem {
    NotThreeParts,
    BadEncoding(&'static str),
    BadJson(&'static str, String),
    UnsupportedAlgorithm(String),
}

impl std::fmt::Display for JwtProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotThreeParts => write!(f, "it is not a signed token (it must have three dot-separated parts)"),
            Self::BadEncoding(part) => write!(f, "its {part} is not base64url"),
            Self::BadJson(part, detail) => write!(f, "its {part} is not valid JSON ({detail})"),
            Self::UnsupportedAlgorithm(alg) => write!(f, "it is signed with \"{alg}\"; only RS256 is accepted"),
        }
    }
}

#[derive(Clone, Debug, FromJson, PartialEq, Eq)]
pub struct Header {
    pub alg: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub typ: Option<String>,
}

/// A token split into what a signature check needs and its decoded parts.
#[derive(Clone, Debug)]
pub struct Jwt {
    pub header: Header,
    pub claims: serde_json::Value,
    /// `base64url(header) + "." + base64url(payload)`: the bytes that were signed.
    pub signing_input: String,
    pub signature: Vec<u8>,
}

impl Jwt {
    pub fn decode(token: &str) -> Result<Jwt, JwtProblem> {
        let parts: Vec<&str> = token.split('.').collect();
        let [header, payload, signature] = parts.as_slice() else {
            return Err(JwtProblem::NotThreeParts);
        };
        let header_bytes = base64url_decode(header).ok_or(JwtProblem::BadEncoding("header"))?;
        let payload_bytes = base64url_decode(payload).ok_or(JwtProblem::BadEncoding("payload"))?;
        let signature = base64url_decode(signature).ok_or(JwtProblem::BadEncoding("signature"))?;
        let header: Header = crate::json::from_bytes(&header_bytes).map_err(|e| JwtProblem::BadJson("header", e))?;
        let claims: serde_json::Value = crate::json::from_bytes(&payload_bytes).map_err(|e| JwtProblem::BadJson("payload", e))?;
        if !claims.is_object() {
            return Err(JwtProblem::BadJson("payload", "not an object".into()));
        }
        Ok(Jwt {
            header,
            claims,
            signing_input: format!("{header_part}.{payload_part}", header_part = parts[0], payload_part = parts[1]),
            signature,
        })
    }

    /// Decodes and insists on RS256, the only algorithm Tern verifies; `none` and HMAC
    /// algorithms are refused before anything else looks at the claims.
    pub fn decode_rs256(token: &str) -> Result<Jwt, JwtProblem> {
        let jwt = Self::decode(token)?;
        if jwt.header.alg != "RS256" {
            return Err(JwtProblem::UnsupportedAlgorithm(jwt.header.alg));
        }
        Ok(jwt)
    }

    pub fn claims_as<T: FromJson>(&self) -> Result<T, JwtProblem> {
        crate::json::from_value(&self.claims).map_err(|e| JwtProblem::BadJson("payload", e.to_string()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::auth::base64url;

    pub fn unsigned(header: serde_json::Value, claims: serde_json::Value) -> String {
        format!("{}.{}.{}", base64url(header.to_string().as_bytes()), base64url(claims.to_string().as_bytes()), base64url(b"signature"))
    }

    #[test]
    fn splits_a_token_into_signed_bytes_and_claims() {
        let token = unsigned(serde_json::json!({"alg":"RS256","kid":"k1"}), serde_json::json!({"sub":"x"}));
        let jwt = Jwt::decode_rs256(&token).unwrap();
        assert_eq!(jwt.header.kid.as_deref(), Some("k1"));
        assert_eq!(jwt.claims["sub"], "x");
        assert_eq!(jwt.signature, b"signature");
        assert_eq!(format!("{}.{}", jwt.signing_input, base64url(b"signature")), token);
    }

    #[test]
    fn refuses_unsigned_and_malformed_tokens() {
        let none = unsigned(serde_json::json!({"alg":"none"}), serde_json::json!({}));
        assert_eq!(Jwt::decode_rs256(&none).unwrap_err(), JwtProblem::UnsupportedAlgorithm("none".into()));
        let hmac = unsigned(serde_json::json!({"alg":"HS256"}), serde_json::json!({}));
        assert!(matches!(Jwt::decode_rs256(&hmac), Err(JwtProblem::UnsupportedAlgorithm(_))));
        assert_eq!(Jwt::decode("a.b").unwrap_err(), JwtProblem::NotThreeParts);
        assert_eq!(Jwt::decode("!!.e30.e30").unwrap_err(), JwtProblem::BadEncoding("header"));
        assert!(matches!(Jwt::decode("eyJhbGciOiJSUzI1NiJ9.W10.e30"), Err(JwtProblem::BadJson("payload", _))));
        assert!(matches!(Jwt::decode("bm90IGpzb24.e30.e30"), Err(JwtProblem::BadJson("header", _))));
    }
}
