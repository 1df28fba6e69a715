use crate::harness::{Emulator, ADELE, APP_ORIGIN};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use tern_emulator::router;
use tower::ServiceExt;

const SCOPE: &str = "openid profile offline_access User.Read Mail.Read";

async fn bearer(emulator: &mut Emulator) -> String {
    format!("Bearer {}", emulator.access_token(SCOPE, ADELE).await)
}

async fn me(emulator: &mut Emulator, bearer: &str) -> crate::harness::Reply {
    emulator.send(Method::GET, "/v1.0/me", &[("authorization", bearer), ("origin", APP_ORIGIN)], String::new()).await
}

#[tokio::test]
async fn planned_outages_and_throttling_are_served_once_each_then_calls_succeed() {
    let mut emulator = Emulator::new();
    let bearer = bearer(&mut emulator).await;
    let set = emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"unavailable":1,"throttle":1}"#.into()).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);

    let outage = me(&mut emulator, &bearer).await;
    assert_eq!(outage.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(outage.json()["error"]["code"], "serviceNotAvailable");
    let throttled = me(&mut emulator, &bearer).await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(throttled.json()["error"]["code"], "TooManyRequests");
    for reply in [&outage, &throttled] {
        assert_eq!(reply.header("retry-after"), Some("1"));
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"), "the browser can read the status");
        assert!(!reply.header("access-control-expose-headers").unwrap().to_ascii_lowercase().contains("retry-after"));
    }
    assert_eq!(me(&mut emulator, &bearer).await.status, StatusCode::OK);
    let left = emulator.get("/_emulator/faults").await.json();
    assert_eq!(
        left,
        serde_json::json!({"throttle": 0, "unavailable": 0, "latency_ms": 0, "expire_tokens": false, "send_delay_ms": 0, "concurrency_refusals": 0})
    );
    let bad = emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"throtle":1}"#.into()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn more_than_four_requests_in_flight_for_one_mailbox_are_throttled() {
    let mut emulator = Emulator::new();
    let bearer = bearer(&mut emulator).await;
    emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"latency_ms":300}"#.into()).await;
    let app = router(emulator.state.clone(), None);
    let calls = (0..6).map(|_| {
        let request = Request::builder()
            .method(Method::GET)
            .uri("/v1.0/me/mailFolders")
            .header("host", "127.0.0.1:8710")
            .header("authorization", bearer.as_str())
            .body(Body::empty())
            .unwrap();
        app.clone().oneshot(request)
    });
    let statuses: Vec<StatusCode> = futures_statuses(calls).await;
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let throttled = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((ok, throttled), (4, 2), "{statuses:?}");
    let counted = emulator.send(Method::GET, "/_emulator/faults", &[], String::new()).await.json();
    assert_eq!(counted["concurrency_refusals"], 2, "the refusals are counted for tests of clients");

    // Once they finish, the places are free again.
    emulator.send(Method::POST, "/_emulator/reset", &[], String::new()).await;
    let bearer = self::bearer(&mut emulator).await;
    assert_eq!(me(&mut emulator, &bearer).await.status, StatusCode::OK);
}

async fn futures_statuses<F>(calls: impl Iterator<Item = F>) -> Vec<StatusCode>
where
    F: std::future::Future<Output = Result<axum::response::Response, std::convert::Infallible>> + Send + 'static,
{
    let handles: Vec<_> = calls.map(tokio::spawn).collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.unwrap().unwrap().status());
    }
    statuses
}

#[tokio::test]
async fn expiring_tokens_refuses_those_issued_so_far_and_accepts_new_ones() {
    let mut emulator = Emulator::new();
    let old = bearer(&mut emulator).await;
    assert_eq!(me(&mut emulator, &old).await.status, StatusCode::OK);
    let set = emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"expire_tokens":true}"#.into()).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let refused = me(&mut emulator, &old).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["error"]["code"], "InvalidAuthenticationToken");
    assert_eq!(refused.json()["error"]["message"], "Lifetime validation failed, the token is expired.");
    assert!(refused.header("www-authenticate").unwrap().starts_with("Bearer realm=\"\""));
    emulator.advance_clock(1).await;
    let fresh = bearer(&mut emulator).await;
    assert_eq!(me(&mut emulator, &fresh).await.status, StatusCode::OK);
    assert_eq!(me(&mut emulator, &old).await.status, StatusCode::UNAUTHORIZED);
    emulator.send(Method::POST, "/_emulator/reset", &[], String::new()).await;
    let after_reset = bearer(&mut emulator).await;
    assert_eq!(me(&mut emulator, &after_reset).await.status, StatusCode::OK);
}
