use crate::harness::*;
use axum::http::{Method, StatusCode};
use tern_emulator::TENANT_ID;

#[tokio::test]
async fn common_and_organizations_publish_the_issuer_template() {
    let mut emulator = Emulator::new();
    for tenant in ["common", "organizations"] {
        let reply = emulator.get(&format!("/{tenant}/v2.0/.well-known/openid-configuration")).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
        let document = reply.json();
        assert_eq!(document["issuer"], format!("{ORIGIN}/{{tenantid}}/v2.0"));
        assert_eq!(document["authorization_endpoint"], format!("{ORIGIN}/{tenant}/oauth2/v2.0/authorize"));
        assert_eq!(document["token_endpoint"], format!("{ORIGIN}/{tenant}/oauth2/v2.0/token"));
        assert_eq!(document["end_session_endpoint"], format!("{ORIGIN}/{tenant}/oauth2/v2.0/logout"));
        assert_eq!(document["jwks_uri"], format!("{ORIGIN}/{tenant}/discovery/v2.0/keys"));
        assert_eq!(document["response_modes_supported"], serde_json::json!(["query", "fragment", "form_post"]));
        assert_eq!(document["response_types_supported"], serde_json::json!(["code", "id_token", "code id_token", "id_token token"]));
        assert_eq!(document["scopes_supported"], serde_json::json!(["openid", "profile", "email", "offline_access"]));
        assert_eq!(document["subject_types_supported"], serde_json::json!(["pairwise"]));
        assert_eq!(document["id_token_signing_alg_values_supported"], serde_json::json!(["RS256"]));
        assert!(document["claims_supported"].as_array().unwrap().contains(&serde_json::json!("nonce")));
        assert!(document["tenant_region_scope"].is_null());
    }
}

#[tokio::test]
async fn a_tenant_by_id_or_domain_and_consumers_name_their_tenant_in_the_issuer() {
    let mut emulator = Emulator::new();
    for tenant in [TENANT_ID, "contoso.example"] {
        let document = emulator.get(&format!("/{tenant}/v2.0/.well-known/openid-configuration")).await.json();
        assert_eq!(document["issuer"], format!("{ORIGIN}/{TENANT_ID}/v2.0"));
        assert_eq!(document["token_endpoint"], format!("{ORIGIN}/{TENANT_ID}/oauth2/v2.0/token"));
        assert_eq!(document["tenant_region_scope"], "NA");
    }
    let document = emulator.get("/consumers/v2.0/.well-known/openid-configuration").await.json();
    assert_eq!(document["issuer"], format!("{ORIGIN}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"));
    assert_eq!(document["authorization_endpoint"], format!("{ORIGIN}/consumers/oauth2/v2.0/authorize"));
}

#[tokio::test]
async fn the_issuer_follows_the_loopback_name_the_browser_used() {
    let mut emulator = Emulator::new();
    let reply =
        emulator.send(Method::GET, "/common/v2.0/.well-known/openid-configuration", &[("host", "localhost:8710")], String::new()).await;
    assert_eq!(reply.json()["jwks_uri"], "http://localhost:8710/common/discovery/v2.0/keys");
}

#[tokio::test]
async fn an_unknown_tenant_is_the_services_invalid_tenant_error() {
    let mut emulator = Emulator::new();
    for path in ["/fabrikam.example/v2.0/.well-known/openid-configuration", "/fabrikam.example/discovery/v2.0/keys"] {
        let reply = emulator.get(path).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
        let body = reply.json();
        assert_eq!(body["error"], "invalid_tenant");
        assert_eq!(body["error_codes"], serde_json::json!([90002]));
        let description = body["error_description"].as_str().unwrap();
        assert!(description.starts_with("AADSTS90002: Tenant 'fabrikam.example' not found."), "{description}");
        assert!(description.contains(&format!(
            "\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: ",
            body["trace_id"].as_str().unwrap(),
            body["correlation_id"].as_str().unwrap()
        )));
        assert_eq!(body["error_uri"], format!("{ORIGIN}/error?code=90002"));
        assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    }
}

#[tokio::test]
async fn the_keys_endpoint_publishes_the_signing_key_to_any_origin() {
    let mut emulator = Emulator::new();
    let reply = emulator.get("/common/discovery/v2.0/keys").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let keys = reply.json();
    let keys = keys["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kty"], "RSA");
    assert_eq!(keys[0]["use"], "sig");
    assert_eq!(keys[0]["alg"], "RS256");
    assert_eq!(keys[0]["e"], "AQAB");
    assert!(keys[0]["kid"].as_str().unwrap().len() >= 20);
    assert!(keys[0]["n"].as_str().unwrap().len() >= 342, "a 2048-bit modulus");
    let preflight = emulator.send(Method::OPTIONS, "/common/discovery/v2.0/keys", &[("origin", APP_ORIGIN)], String::new()).await;
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn error_uris_lead_to_an_explanation() {
    let mut emulator = Emulator::new();
    let reply = emulator.get("/error?code=50011").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text("error-lookup-code"), "AADSTS50011");
    assert!(reply.text("error-lookup-text").contains("redirect URI"));
    assert_eq!(emulator.get("/error?code=1").await.text("error-lookup-code"), "Unknown error code");
}
