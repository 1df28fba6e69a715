//! The identity platform's errors: an OAuth `error` code, an AADSTS number and its text,
//! shaped the way the service sends them (JSON from the token endpoint, query or
//! fragment parameters on a redirect, or its own HTML page when it cannot redirect).

use super::clock::Time;
use super::random;
use axum::http::StatusCode;
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthError {
    pub error: &'static str,
    pub code: u32,
    pub message: String,
    pub suberror: Option<&'static str>,
    pub status: StatusCode,
}

/// The ids and time the service stamps on every error.
pub struct Stamp {
    pub trace_id: String,
    pub correlation_id: String,
    pub time: Time,
}

impl Stamp {
    /// `correlation_id` echoes the client's `client-request-id` when it sent a GUID, as
    /// the service does, so a person can match their logs with the error.
    pub fn new(time: Time, client_request_id: Option<&str>) -> Stamp {
        let correlation_id = client_request_id.filter(|id| random::is_guid(id)).map(str::to_ascii_lowercase).unwrap_or_else(random::guid);
        Stamp { trace_id: random::guid(), correlation_id, time }
    }
}

impl OAuthError {
    fn new(error: &'static str, code: u32, message: impl Into<String>) -> OAuthError {
        OAuthError { error, code, message: message.into(), suberror: None, status: StatusCode::BAD_REQUEST }
    }

    /// `AADSTSnnnn: text` without the stamp, as error pages headline it.
    pub fn headline(&self) -> String {
        format!("AADSTS{}: {}", self.code, self.message)
    }

    pub fn code_label(&self) -> String {
        format!("AADSTS{}", self.code)
    }

    pub fn description(&self, stamp: &Stamp) -> String {
        format!(
            "{}\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: {}",
            self.headline(),
            stamp.trace_id,
            stamp.correlation_id,
            stamp.time.error_timestamp()
        )
    }

    pub fn error_uri(&self, origin: &str) -> String {
        format!("{origin}/error?code={}", self.code)
    }

    /// The token endpoint's JSON body.
    pub fn json(&self, stamp: &Stamp, origin: &str) -> Value {
        let mut body = json!({
            "error": self.error,
            "error_description": self.description(stamp),
            "error_codes": [self.code],
            "timestamp": stamp.time.error_timestamp(),
            "trace_id": stamp.trace_id,
            "correlation_id": stamp.correlation_id,
            "error_uri": self.error_uri(origin),
        });
        if let Some(suberror) = self.suberror {
            body["suberror"] = json!(suberror);
        }
        body
    }

    /// The parameters of an error sent back to the redirect URI (before `state`).
    pub fn redirect_params(&self, stamp: &Stamp, origin: &str) -> Vec<(&'static str, String)> {
        vec![("error", self.error.to_owned()), ("error_description", self.description(stamp)), ("error_uri", self.error_uri(origin))]
    }
}

pub fn tenant_not_found(tenant: &str) -> OAuthError {
    OAuthError::new(
        "invalid_tenant",
        90002,
        format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."),
    )
}

pub fn missing_parameter(name: &str) -> OAuthError {
    OAuthError::new("invalid_request", 900144, format!("The request body must contain the following parameter: '{name}'."))
}

pub fn app_not_found(client_id: &str, directory: &str) -> OAuthError {
    OAuthError::new(
        "unauthorized_client",
        700016,
        format!("Application with identifier '{client_id}' was not found in the directory '{directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
    )
}

pub fn organizations_only(client_id: &str, app_name: &str) -> OAuthError {
    OAuthError::new(
        "invalid_request",
        9002332,
        format!("Application '{client_id}'({app_name}) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request."),
    )
}

pub fn no_reply_address() -> OAuthError {
    OAuthError::new("invalid_request", 900971, "No reply address provided.")
}

pub fn redirect_uri_mismatch(uri: &str, client_id: &str) -> OAuthError {
    OAuthError::new(
        "invalid_request",
        50011,
        format!("The redirect URI '{uri}' specified in the request does not match the redirect URIs configured for the application '{client_id}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this."),
    )
}

pub fn unsupported_response_mode(mode: &str) -> OAuthError {
    OAuthError::new(
        "invalid_request",
        70007,
        format!("The application returned an unsupported value '{mode}' of 'response_mode' when requesting a token."),
    )
}

pub fn unsupported_response_type(response_type: &str) -> OAuthError {
    OAuthError::new("unsupported_response_type", 70005, format!("response_type '{response_type}' is not supported."))
}

pub fn implicit_id_token_disabled() -> OAuthError {
    OAuthError::new("unsupported_response_type", 700054, "response_type 'id_token' is not enabled for the application.")
}

pub fn implicit_token_disabled() -> OAuthError {
    OAuthError::new("unsupported_response_type", 70005, "response_type 'token' is not enabled for the application.")
}

pub fn id_token_needs_openid() -> OAuthError {
    OAuthError::new("invalid_request", 70005, "response_type 'id_token' requires the 'openid' scope.")
}

pub fn nonce_missing() -> OAuthError {
    OAuthError::new("invalid_request", 90014, "The required field 'nonce' is missing.")
}

pub fn pkce_required() -> OAuthError {
    OAuthError::new("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption.")
}

pub fn bad_challenge_method() -> OAuthError {
    OAuthError::new("invalid_request", 50149, "Invalid Code_Challenge_method parameter.")
}

pub fn bad_challenge_size() -> OAuthError {
    OAuthError::new("invalid_request", 501491, "Invalid size of Code_Challenge parameter.")
}

pub fn bad_prompt(prompt: &str) -> OAuthError {
    OAuthError::new(
        "invalid_request",
        90023,
        format!("The authentication service request is not valid: unsupported value '{prompt}' of 'prompt'."),
    )
}

pub fn scope_spans_resources_at_authorize(scope: &str) -> OAuthError {
    OAuthError::new(
        "invalid_scope",
        700022,
        format!("Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid."),
    )
}

pub fn scope_spans_resources(scope: &str) -> OAuthError {
    OAuthError::new(
        "invalid_request",
        28000,
        format!("Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid."),
    )
}

pub fn unknown_resource(resource: &str, tenant_name: &str) -> OAuthError {
    OAuthError::new(
        "invalid_resource",
        500011,
        format!("The resource principal named {resource} was not found in the tenant named {tenant_name}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."),
    )
}

pub fn unknown_scope(app_name: &str, scope: &str, resource_app_id: &str) -> OAuthError {
    OAuthError::new(
        "invalid_client",
        650053,
        format!("The application '{app_name}' asked for scope '{scope}' that doesn't exist on the resource '{resource_app_id}'. Contact the app vendor."),
    )
}

pub fn resource_not_configured(client_id: &str, app_name: &str, resource: &str, resource_app_id: &str, configured: &str) -> OAuthError {
    OAuthError::new(
        "invalid_client",
        650057,
        format!("Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: {client_id}({app_name}). Resource value from request: {resource}. Resource app ID: {resource_app_id}. List of valid resources from app registration: {configured}."),
    )
}

pub fn login_required() -> OAuthError {
    OAuthError::new("login_required", 50058, "A silent sign-in request was sent but no user is signed in.")
}

pub fn several_accounts() -> OAuthError {
    OAuthError::new(
        "interaction_required",
        16000,
        "Either multiple user identities are available for the current request or selected account is not supported for the scenario.",
    )
}

pub fn consent_required(client_id: &str, app_name: &str) -> OAuthError {
    OAuthError::new(
        "consent_required",
        65001,
        format!("The user or administrator has not consented to use the application with ID '{client_id}' named '{app_name}'. Send an interactive authorization request for this user and resource."),
    )
}

/// The token endpoint's form of a missing consent.
pub fn consent_missing_for_grant(client_id: &str, app_name: &str) -> OAuthError {
    OAuthError { error: "invalid_grant", suberror: Some("consent_required"), ..consent_required(client_id, app_name) }
}

pub fn user_declined() -> OAuthError {
    OAuthError::new("access_denied", 65004, "User declined to consent to access the app.")
}

/// An administrator cancelled admin consent. Microsoft's page shows `consent_required`
/// with "The resource owner … denied the request"; what the service sends today is
/// `access_denied` with "User declined to consent" (emulator/FIDELITY.md).
pub fn admin_declined() -> OAuthError {
    OAuthError::new("access_denied", 65004, "User declined to consent to access the app.")
}

pub fn admin_required() -> OAuthError {
    OAuthError::new("access_denied", 90094, "The grant requires admin permission.")
}

pub fn unknown_user() -> OAuthError {
    OAuthError::new(
        "invalid_grant",
        50034,
        format!("The user account does not exist in the '{}' directory. To sign into this application, the account must be added to the directory.", super::registry::TENANT_DOMAIN),
    )
}

pub fn wrong_password() -> OAuthError {
    OAuthError::new("invalid_grant", 50126, "Error validating credentials due to invalid username or password.")
}

pub fn flow_expired() -> OAuthError {
    OAuthError::new(
        "invalid_request",
        50089,
        "Authentication failed due to flow token expired. Start the sign-in again from the application.",
    )
}

pub fn grant_type_unsupported(grant_type: &str) -> OAuthError {
    OAuthError::new("unsupported_grant_type", 70003, format!("The app requested an unsupported grant type '{grant_type}'."))
}

pub fn post_only(method: &str) -> OAuthError {
    OAuthError::new("invalid_request", 900561, format!("The endpoint only accepts POST, OPTIONS requests. Received a {method} request."))
}

pub fn cross_origin_needs_spa(origin: &str) -> OAuthError {
    OAuthError::new(
        "invalid_request",
        9002326,
        format!(
            "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{origin}'."
        ),
    )
}

pub fn spa_needs_cross_origin() -> OAuthError {
    OAuthError::new(
        "invalid_request",
        9002327,
        "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    )
}

pub fn client_secret_required() -> OAuthError {
    OAuthError {
        status: StatusCode::UNAUTHORIZED,
        ..OAuthError::new(
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        )
    }
}

pub fn malformed_grant() -> OAuthError {
    OAuthError::new("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
}

pub fn code_redeemed() -> OAuthError {
    OAuthError::new(
        "invalid_grant",
        54005,
        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    )
}

pub fn code_expired() -> OAuthError {
    OAuthError::new(
        "invalid_grant",
        70008,
        "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    )
}

pub fn redirect_uri_differs() -> OAuthError {
    OAuthError::new(
        "invalid_grant",
        70000,
        "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
    )
}

pub fn verifier_mismatch() -> OAuthError {
    OAuthError::new("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.")
}

pub fn spa_refresh_token_expired(issued: Time) -> OAuthError {
    OAuthError {
        suberror: Some("bad_token"),
        ..OAuthError::new(
            "invalid_grant",
            700084,
            format!("The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on {}.", issued.round_trip()),
        )
    }
}

pub fn grant_revoked(issued: Time, valid_from: Time) -> OAuthError {
    OAuthError::new(
        "invalid_grant",
        50173,
        format!("The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{}'.", issued.round_trip(), valid_from.round_trip()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_carry_every_member_the_service_sends() {
        let stamp = Stamp::new(Time::from_millis(1_721_119_305_000), Some("0C7F2993-B612-434D-9CEE-244E88F51600"));
        let body = code_redeemed().json(&stamp, "http://127.0.0.1:1");
        assert_eq!(body["error"], "invalid_grant");
        assert_eq!(body["error_codes"], json!([54005]));
        assert_eq!(body["timestamp"], "2024-07-16 08:41:45Z");
        assert_eq!(body["correlation_id"], "0c7f2993-b612-434d-9cee-244e88f51600");
        assert_eq!(body["error_uri"], "http://127.0.0.1:1/error?code=54005");
        let description = body["error_description"].as_str().unwrap();
        assert!(description.starts_with("AADSTS54005: OAuth2 Authorization code was already redeemed"));
        assert!(description.contains(&format!("\r\nTrace ID: {}\r\n", body["trace_id"].as_str().unwrap())));
        assert!(description.ends_with("\r\nTimestamp: 2024-07-16 08:41:45Z"));
        assert!(body.get("suberror").is_none());
        assert_eq!(spa_refresh_token_expired(stamp.time).json(&stamp, "o")["suberror"], "bad_token");
    }

    #[test]
    fn a_client_request_id_that_is_not_a_guid_is_not_echoed() {
        let stamp = Stamp::new(Time::from_millis(0), Some("<script>"));
        assert!(random::is_guid(&stamp.correlation_id));
    }
}
