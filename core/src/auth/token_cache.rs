//! The token cache's rules: which accounts are signed in, which cached access token serves
//! a request, and when tokens must be renewed. Storage itself is the browser's.

use crate::json::FromJson;
use crate::scopes::{resource_of, SIGN_IN_SCOPES};
use serde::Serialize;

/// Access tokens are treated as expired this long before they do, so a request never
/// leaves with a token that dies on the way.
pub const EXPIRY_MARGIN_SECONDS: i64 = 5 * 60;
/// A single-page app's refresh token lives 24 hours from sign-in, fixed.
pub const SPA_REFRESH_LIFETIME_SECONDS: i64 = 24 * 60 * 60;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
pub struct Account {
    /// `oid.tid` for Microsoft accounts; see `IdTokenClaims::account_key`.
    pub key: String,
    pub username: String,
    pub name: String,
    pub tenant_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
pub struct AccessToken {
    pub token: String,
    /// As granted (the token response's `scope`), for matching requests.
    pub scopes: Vec<String>,
    /// Seconds since the Unix epoch.
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
pub struct RefreshToken {
    pub token: String,
    /// When the interactive sign-in that began this chain happened; renewals keep it.
    pub signed_in_at: i64,
}

/// Everything Tern keeps for one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
pub struct AccountTokens {
    pub account: Account,
    pub id_token: String,
    pub access_tokens: Vec<AccessToken>,
    pub refresh_token: Option<RefreshToken>,
    /// Permissions granted later by incremental consent, asked for again at each renewal
    /// (Microsoft's token endpoint answers only for the scopes a request names).
    #[serde(default)]
    pub extra_scopes: Vec<String>,
}

fn is_resource_scope(scope: &str) -> bool {
    !SIGN_IN_SCOPES.iter().any(|s| s.eq_ignore_ascii_case(scope)) && !scope.eq_ignore_ascii_case("email")
}

/// Splits a `scope` answer into scopes, dropping the sign-in ones a token is not "for".
pub fn granted_scopes(scope: &str) -> Vec<String> {
    scope.split_whitespace().filter(|scope| is_resource_scope(scope)).map(str::to_owned).collect()
}

/// Graph writes granted scopes in several forms (`Mail.Read`,
/// `https://graph.microsoft.com/Mail.Read`): the same permission of the same resource,
/// whatever the case. Graph has permissions named like Exchange Online's
/// (`IMAP.AccessAsUser.All`), so the resource counts too.
fn same_scope(a: &str, b: &str) -> bool {
    let short = |scope: &str| scope.rsplit('/').next().unwrap_or(scope).to_ascii_lowercase();
    let resource = |scope: &str| resource_of(scope).map(|resource| resource.trim_end_matches('/').to_ascii_lowercase());
    short(a) == short(b) && resource(a) == resource(b)
}

impl AccessToken {
    pub fn covers(&self, requested: &[String]) -> bool {
        requested
            .iter()
            .filter(|scope| is_resource_scope(scope))
            .all(|wanted| self.scopes.iter().any(|granted| same_scope(granted, wanted)))
    }

    pub fn is_fresh(&self, now: i64) -> bool {
        now + EXPIRY_MARGIN_SECONDS < self.expires_at
    }
}

impl RefreshToken {
    /// Whether renewing with it can still work; past 24 hours the provider refuses
    /// (AADSTS700084), so Tern goes straight to an interactive sign-in.
    pub fn is_usable(&self, now: i64) -> bool {
        now < self.signed_in_at + SPA_REFRESH_LIFETIME_SECONDS - EXPIRY_MARGIN_SECONDS
    }
}

impl AccountTokens {
    /// The scopes every request of this account asks for: the configured ones and those
    /// consented to later.
    pub fn resource_scopes(&self, configured: &[String]) -> Vec<String> {
        let mut scopes = configured.to_vec();
        for extra in &self.extra_scopes {
            if !scopes.iter().any(|known| same_scope(known, extra)) {
                scopes.push(extra.clone());
            }
        }
        scopes
    }

    /// Whether `scope` was granted to this account (configured or consented later).
    pub fn has_consented(&self, configured: &[String], scope: &str) -> bool {
        self.resource_scopes(configured).iter().any(|known| same_scope(known, scope))
    }

    /// Records a later grant, once.
    pub fn add_extra_scopes(&mut self, scopes: &[String]) {
        for scope in scopes {
            if !self.extra_scopes.iter().any(|known| same_scope(known, scope)) {
                self.extra_scopes.push(scope.clone());
            }
        }
    }

    /// A cached token good for `requested` right now: the call then needs no network.
    pub fn usable_access_token(&self, requested: &[String], now: i64) -> Option<&AccessToken> {
        self.access_tokens.iter().find(|token| token.is_fresh(now) && token.covers(requested))
    }

    /// Keeps `token`, replacing every cached token it covers (the same scopes, or fewer
    /// after a consent) and dropping expired ones.
    pub fn store_access_token(&mut self, token: AccessToken, now: i64) {
        self.access_tokens.retain(|old| old.expires_at > now && !old.scopes.iter().all(|s| token.scopes.iter().any(|t| same_scope(s, t))));
        self.access_tokens.push(token);
    }
}

/// Storage keys. Everything of one account begins with `account_prefix`, so sign-out can
/// remove it all, drafts and cached mail included.
pub mod keys {
    pub const ACCOUNTS: &str = "accounts";
    pub const ACTIVE_ACCOUNT: &str = "active-account";
    pub const INTERACTION_PREFIX: &str = "interaction:";

    pub fn account_prefix(account: &str) -> String {
        format!("account:{account}:")
    }

    pub fn tokens(account: &str) -> String {
        format!("{}tokens", account_prefix(account))
    }

    /// Anything else kept for an account, e.g. `mail:inbox` or `draft`.
    pub fn account_item(account: &str, name: &str) -> String {
        format!("{}{name}", account_prefix(account))
    }

    pub fn interaction(state: &str) -> String {
        format!("{INTERACTION_PREFIX}{state}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> AccountTokens {
        AccountTokens {
            account: Account {
                key: "oid.tid".into(),
                username: "adele@contoso.example".into(),
                name: "Adele".into(),
                tenant_id: Some("tid".into()),
            },
            id_token: "i".into(),
            access_tokens: vec![AccessToken {
                token: "a-1".into(),
                scopes: granted_scopes("openid Mail.Read https://graph.microsoft.com/User.Read profile"),
                expires_at: 10_000,
            }],
            refresh_token: Some(RefreshToken { token: "r".into(), signed_in_at: 0 }),
            extra_scopes: Vec::new(),
        }
    }

    #[test]
    fn scopes_consented_later_join_the_configured_ones_once() {
        let mut cache = tokens();
        let configured = scopes(&["User.Read", "Mail.ReadWrite"]);
        assert!(!cache.has_consented(&configured, "Mail.ReadWrite.Shared"));
        cache.add_extra_scopes(&scopes(&["Mail.ReadWrite.Shared"]));
        cache.add_extra_scopes(&scopes(&["https://graph.microsoft.com/mail.readwrite.shared", "user.read"]));
        assert_eq!(cache.extra_scopes, ["Mail.ReadWrite.Shared", "user.read"]);
        assert_eq!(cache.resource_scopes(&configured), ["User.Read", "Mail.ReadWrite", "Mail.ReadWrite.Shared"]);
        assert!(cache.has_consented(&configured, "mail.readwrite.shared"));
    }

    #[test]
    fn tokens_stored_before_extra_scopes_existed_still_load() {
        let stored =
            r#"{"account":{"key":"k","username":"u","name":"n","tenant_id":null},"id_token":"i","access_tokens":[],"refresh_token":null}"#;
        let tokens: AccountTokens = crate::json::from_str(stored).unwrap();
        assert!(tokens.extra_scopes.is_empty());
    }

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_fresh_token_with_the_scopes_is_served_from_the_cache() {
        let cache = tokens();
        assert_eq!(cache.access_tokens[0].scopes, ["Mail.Read", "https://graph.microsoft.com/User.Read"]);
        let hit = cache.usable_access_token(&scopes(&["openid", "user.read", "Mail.Read"]), 1000).unwrap();
        assert_eq!(hit.token, "a-1");
        assert!(cache.usable_access_token(&scopes(&["Mail.Send"]), 1000).is_none(), "scope not granted");
        assert!(cache.usable_access_token(&scopes(&["Mail.Read"]), 10_000 - EXPIRY_MARGIN_SECONDS).is_none(), "about to expire");
        assert!(cache.usable_access_token(&scopes(&["Mail.Read"]), 10_000 - EXPIRY_MARGIN_SECONDS - 1).is_some());
    }

    #[test]
    fn storing_replaces_the_same_scopes_and_drops_expired_tokens() {
        let mut cache = tokens();
        cache.access_tokens.push(AccessToken { token: "old-send".into(), scopes: scopes(&["Mail.Send"]), expires_at: 50 });
        cache.store_access_token(AccessToken { token: "a-2".into(), scopes: scopes(&["mail.read", "User.Read"]), expires_at: 20_000 }, 100);
        let kept: Vec<&str> = cache.access_tokens.iter().map(|t| t.token.as_str()).collect();
        assert_eq!(kept, ["a-2"]);
    }

    #[test]
    fn a_token_after_consent_replaces_the_one_it_covers_and_another_apis_stays() {
        let mut cache = tokens();
        cache.access_tokens.clear();
        let imap =
            AccessToken { token: "imap".into(), scopes: scopes(&["https://outlook.office.com/IMAP.AccessAsUser.All"]), expires_at: 9_000 };
        cache.store_access_token(imap, 100);
        cache.store_access_token(AccessToken { token: "read".into(), scopes: scopes(&["Mail.Read"]), expires_at: 9_000 }, 100);
        cache.store_access_token(
            AccessToken { token: "write".into(), scopes: scopes(&["Mail.Read", "Mail.ReadWrite"]), expires_at: 9_000 },
            100,
        );
        let kept: Vec<&str> = cache.access_tokens.iter().map(|t| t.token.as_str()).collect();
        assert_eq!(kept, ["imap", "write"]);
    }

    #[test]
    fn graphs_permission_of_the_same_name_is_not_exchange_onlines() {
        // An administrator granted Graph's own IMAP.AccessAsUser.All: not a token Exchange takes.
        let graph = AccessToken { token: "g".into(), scopes: scopes(&["IMAP.AccessAsUser.All", "Mail.Read"]), expires_at: 9_000 };
        assert!(!graph.covers(&scopes(&["https://outlook.office.com/IMAP.AccessAsUser.All"])));
        assert!(graph.covers(&scopes(&["https://graph.microsoft.com/mail.read"])));
        let exchange =
            AccessToken { token: "x".into(), scopes: scopes(&["https://outlook.office.com/IMAP.AccessAsUser.All"]), expires_at: 9_000 };
        assert!(exchange.covers(&scopes(&["https://outlook.office.com/imap.accessasuser.all"])));
        assert!(!exchange.covers(&scopes(&["IMAP.AccessAsUser.All"])));
    }

    #[test]
    fn refresh_tokens_stop_before_their_fixed_24_hours() {
        let refresh = RefreshToken { token: "r".into(), signed_in_at: 0 };
        assert!(refresh.is_usable(SPA_REFRESH_LIFETIME_SECONDS - EXPIRY_MARGIN_SECONDS - 1));
        assert!(!refresh.is_usable(SPA_REFRESH_LIFETIME_SECONDS - EXPIRY_MARGIN_SECONDS));
    }

    #[test]
    fn every_key_of_an_account_shares_its_prefix() {
        assert!(keys::tokens("oid.tid").starts_with(&keys::account_prefix("oid.tid")));
        assert!(keys::account_item("oid.tid", "draft").starts_with(&keys::account_prefix("oid.tid")));
        assert_eq!(keys::interaction("s"), "interaction:s");
    }
}
