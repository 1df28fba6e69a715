//! WebCrypto: random values (through `getrandom`) and RS256 signature checks, so Tern ships no crypto of its own
//! for what the browser already does.

use super::js_error_message;
use js_sys::{Array, Object, Reflect, Uint8Array};
use tern_core::auth::discovery::Jwk;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn crypto() -> Result<web_sys::Crypto, String> {
    web_sys::window().ok_or("no window")?.crypto().map_err(|error| js_error_message(&error))
}

/// Random bytes from the browser's cryptographic source (through `getrandom`).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| format!("the browser gave no random values ({error})"))?;
    Ok(bytes)
}

/// A random, URL-safe value for `state` and `nonce`.
pub fn random_token() -> Result<String, String> {
    Ok(tern_core::auth::base64url(&random_bytes::<32>()?))
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

/// Checks an RS256 signature over `signed` with the provider's public key.
pub async fn verify_rs256(key: &Jwk, signed: &[u8], signature: &[u8]) -> Result<bool, String> {
    let subtle = crypto()?.subtle();
    let (Some(n), Some(e)) = (&key.n, &key.e) else {
        return Err("the signing key has no modulus or exponent".into());
    };
    let jwk =
        object(&[("kty", "RSA".into()), ("n", n.as_str().into()), ("e", e.as_str().into()), ("alg", "RS256".into()), ("ext", true.into())]);
    let algorithm = object(&[("name", "RSASSA-PKCS1-v1_5".into()), ("hash", "SHA-256".into())]);
    let usages = Array::of1(&"verify".into());
    let import = subtle.import_key_with_object("jwk", &jwk, &algorithm, false, &usages).map_err(|error| js_error_message(&error))?;
    let crypto_key: web_sys::CryptoKey = JsFuture::from(import)
        .await
        .map_err(|error| format!("the signing key was not accepted ({})", js_error_message(&error)))?
        .unchecked_into();
    let verify = subtle
        .verify_with_object_and_js_u8_array_and_js_u8_array(
            &algorithm,
            &crypto_key,
            &Uint8Array::from(signature),
            &Uint8Array::from(signed),
        )
        .map_err(|error| js_error_message(&error))?;
    let valid = JsFuture::from(verify).await.map_err(|error| js_error_message(&error))?;
    Ok(valid.as_bool().unwrap_or(false))
}
