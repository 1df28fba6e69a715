use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use tern::browser::crypto::{random_token, verify_rs256};
use tern_core::auth::discovery::Jwk;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap()
}

async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let function: Function = get(target, method).unchecked_into();
    let promise: Promise = function.apply(target, &args.iter().collect::<Array>()).unwrap().unchecked_into();
    JsFuture::from(promise).await.unwrap()
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in pairs {
        Reflect::set(&object, &(*name).into(), value).unwrap();
    }
    object.into()
}

/// A key pair made by the browser, its public half as the JWK a provider would publish,
/// and a signature over `data`.
async fn signed_by_a_fresh_key(data: &[u8]) -> (Jwk, Vec<u8>) {
    let subtle = get(&get(&web_sys::window().unwrap().into(), "crypto"), "subtle");
    let algorithm = object(&[
        ("name", "RSASSA-PKCS1-v1_5".into()),
        ("modulusLength", 2048.into()),
        ("publicExponent", Uint8Array::from(&[1u8, 0, 1][..]).into()),
        ("hash", "SHA-256".into()),
    ]);
    let usages: JsValue = Array::of2(&"sign".into(), &"verify".into()).into();
    let pair = call(&subtle, "generateKey", &[algorithm.clone(), true.into(), usages]).await;
    let jwk = call(&subtle, "exportKey", &["jwk".into(), get(&pair, "publicKey")]).await;
    let signature = call(&subtle, "sign", &[algorithm, get(&pair, "privateKey"), Uint8Array::from(data).into()]).await;
    let jwk = Jwk {
        kty: "RSA".into(),
        kid: Some("k1".into()),
        n: get(&jwk, "n").as_string(),
        e: get(&jwk, "e").as_string(),
        usage: Some("sig".into()),
    };
    (jwk, Uint8Array::new(&signature).to_vec())
}

#[wasm_bindgen_test]
async fn rs256_signatures_are_checked_with_the_published_key() {
    let data = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0";
    let (key, signature) = signed_by_a_fresh_key(data).await;
    assert_eq!(verify_rs256(&key, data, &signature).await, Ok(true));

    let mut tampered = data.to_vec();
    tampered[30] ^= 1;
    assert_eq!(verify_rs256(&key, &tampered, &signature).await, Ok(false));

    let (other_key, _) = signed_by_a_fresh_key(data).await;
    assert_eq!(verify_rs256(&other_key, data, &signature).await, Ok(false));

    let broken = Jwk { n: Some("!!".into()), ..key.clone() };
    assert!(verify_rs256(&broken, data, &signature).await.is_err());
}

#[wasm_bindgen_test]
fn state_and_nonce_values_are_random_and_url_safe() {
    let first = random_token().unwrap();
    let second = random_token().unwrap();
    assert_ne!(first, second);
    assert_eq!(first.len(), 43);
    assert!(first.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
}
