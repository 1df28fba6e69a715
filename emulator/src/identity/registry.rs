//! Who and what the emulated directory knows: one tenant, its users, the app
//! registrations, and the APIs (resources) whose permissions apps ask for.
//!
//! # The `--identity FILE` format
//!
//! A JSON object whose members are all optional; its users and apps are added to the
//! built-in ones (an entry with the same `upn` or `client_id` replaces the built-in one):
//!
//! ```json
//! {
//!   "users": [
//!     { "upn": "alex@contoso.example", "name": "Alex Wilber", "password": "demo",
//!       "oid": "5e0c7a2b-…", "admin": false, "mailbox": "exchangeOnline" }
//!   ],
//!   "apps": [
//!     { "client_id": "0c1d…", "name": "My SPA",
//!       "spa_redirect_uris": ["http://localhost:3000/", "http://127.0.0.1:{port}/"],
//!       "web_redirect_uris": [],
//!       "implicit_id_token": false, "implicit_access_token": false,
//!       "api_permissions": ["https://graph.microsoft.com/User.Read"] }
//!   ]
//! }
//! ```
//!
//! - `upn` must be in the tenant's domain (`contoso.example`); `oid` (a GUID) is derived
//!   from the upn when absent; `admin` (default false) makes the user a tenant admin, who
//!   can grant admin consent. `mailbox` is `exchangeOnline` (the default) or `onPremises`:
//!   Graph cannot reach an on-premises mailbox (nor an inactive or unlicensed one), so every
//!   mail and calendar call for that user answers 404 `MailboxNotEnabledForRESTAPI`.
//! - `{port}` in a redirect URI stands for the emulator's own port.
//! - `api_permissions` are the app's configured permissions: what `{resource}/.default`
//!   asks for. Every other permission of a known API may be asked for dynamically.
//! - Unknown members are refused, so that a misspelt name fails loudly.

use super::random;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

pub const TENANT_ID: &str = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
pub const TENANT_DOMAIN: &str = "contoso.example";
pub const TENANT_NAME: &str = "Contoso (demo)";
/// The tenant every personal Microsoft account belongs to.
pub const CONSUMERS_TENANT_ID: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// The single-page app the emulator's config.json points Tern at: implicit grant off.
pub const DEMO_CLIENT_ID: &str = "7e2f9a4c-1d3b-4c5e-8f6a-9b0c1d2e3f4a";
/// The same redirect URIs with implicit id_token and access token issuance enabled.
pub const IMPLICIT_CLIENT_ID: &str = "5c8e1a3f-7b2d-4e9c-a6f1-3d5b7c9e1f2a";
/// The same redirect URIs registered under the Web platform: a confidential client.
pub const WEB_CLIENT_ID: &str = "9a4d2f6b-3e1c-4a7d-b8e2-6f0c4a2d8e1b";

pub const GRAPH: &str = "https://graph.microsoft.com";
pub const OUTLOOK: &str = "https://outlook.office.com";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub upn: String,
    pub name: String,
    pub oid: String,
    pub password: String,
    pub admin: bool,
    pub mailbox: MailboxHost,
}

/// Where a user's mailbox lives, which decides whether Graph can reach it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MailboxHost {
    #[default]
    ExchangeOnline,
    OnPremises,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Spa,
    Web,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct App {
    pub client_id: String,
    pub name: String,
    pub spa_redirect_uris: Vec<String>,
    pub web_redirect_uris: Vec<String>,
    pub implicit_id_token: bool,
    pub implicit_access_token: bool,
    /// Full-form permissions, e.g. `https://graph.microsoft.com/Mail.Read`.
    pub api_permissions: Vec<String>,
}

impl App {
    /// The platform under which `uri` is registered, compared exactly as the service does.
    pub fn platform_of(&self, uri: &str) -> Option<Platform> {
        if self.spa_redirect_uris.iter().any(|registered| registered == uri) {
            Some(Platform::Spa)
        } else if self.web_redirect_uris.iter().any(|registered| registered == uri) {
            Some(Platform::Web)
        } else {
            None
        }
    }

    pub fn is_redirect_uri(&self, uri: &str) -> bool {
        self.platform_of(uri).is_some()
    }

    /// Whether a browser at `origin` may redeem tokens for this app: it must be the origin
    /// of one of the app's single-page-application redirect URIs.
    pub fn spa_origin_allowed(&self, origin: &str) -> bool {
        self.spa_redirect_uris.iter().any(|uri| origin_of(uri).is_some_and(|o| o.eq_ignore_ascii_case(origin)))
    }
}

/// `scheme://host[:port]` of an absolute URL.
pub fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty() || rest.is_empty() {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme.len() + 3 + end])
}

/// An API whose delegated permissions apps ask for.
pub struct Resource {
    /// The identifier scopes are prefixed with, e.g. `https://graph.microsoft.com`.
    pub uri: &'static str,
    /// Other identifiers naming the same API.
    pub aliases: &'static [&'static str],
    pub app_id: &'static str,
    /// (permission, what the consent page says, whether only an admin may grant it)
    pub scopes: &'static [(&'static str, &'static str, bool)],
}

impl Resource {
    pub fn names(&self, id: &str) -> bool {
        let id = id.trim_end_matches('/');
        id.eq_ignore_ascii_case(self.uri) || self.aliases.iter().any(|alias| id.eq_ignore_ascii_case(alias))
    }

    /// The permission's canonical spelling, whatever case it was asked in.
    pub fn scope(&self, name: &str) -> Option<&'static (&'static str, &'static str, bool)> {
        self.scopes.iter().find(|(scope, _, _)| scope.eq_ignore_ascii_case(name))
    }
}

pub const RESOURCES: &[Resource] = &[
    Resource {
        uri: GRAPH,
        aliases: &["00000003-0000-0000-c000-000000000000"],
        app_id: "00000003-0000-0000-c000-000000000000",
        scopes: &[
            ("User.Read", "Sign you in and read your profile", false),
            ("User.ReadBasic.All", "Read all users' basic profiles", false),
            ("User.Read.All", "Read all users' full profiles", true),
            ("Directory.Read.All", "Read directory data", true),
            ("People.Read", "Read users' relevant people lists", false),
            ("Mail.Read", "Read your mail", false),
            ("Mail.ReadBasic", "Read basic mail", false),
            ("Mail.ReadWrite", "Read and write access to your mail", false),
            ("Mail.Send", "Send mail as you", false),
            ("Mail.Read.Shared", "Read mail you can access", false),
            ("Mail.ReadWrite.Shared", "Read and write mail you can access", false),
            ("Mail.Send.Shared", "Send mail on behalf of others", false),
            ("MailboxSettings.Read", "Read your mailbox settings", false),
            ("MailboxSettings.ReadWrite", "Read and write your mailbox settings", false),
            ("Calendars.Read", "Read your calendars", false),
            ("Calendars.ReadWrite", "Have full access to your calendars", false),
            ("Calendars.Read.Shared", "Read calendars you can access", false),
            ("Calendars.ReadWrite.Shared", "Read and write calendars you can access", false),
            ("Contacts.Read", "Read your contacts", false),
            ("Contacts.ReadWrite", "Have full access to your contacts", false),
            ("Contacts.Read.Shared", "Read contacts you can access", false),
            ("Contacts.ReadWrite.Shared", "Read and write contacts you can access", false),
            ("Tasks.Read", "Read your tasks and task lists", false),
            ("Tasks.ReadWrite", "Create, read, update, and delete your tasks and task lists", false),
            ("Tasks.Read.Shared", "Read tasks you can access", false),
            ("Tasks.ReadWrite.Shared", "Read and write tasks you can access", false),
        ],
    },
    Resource {
        uri: OUTLOOK,
        aliases: &["https://outlook.office365.com", "00000002-0000-0ff1-ce00-000000000000"],
        app_id: "00000002-0000-0ff1-ce00-000000000000",
        scopes: &[
            ("IMAP.AccessAsUser.All", "Read and write access to mailboxes via IMAP", false),
            ("POP.AccessAsUser.All", "Read and write access to mailboxes via POP", false),
            ("SMTP.Send", "Send emails from mailboxes using SMTP AUTH", false),
            ("EWS.AccessAsUser.All", "Access mailboxes as the signed-in user via Exchange Web Services", false),
        ],
    },
];

/// The OpenID Connect scopes: they ask for sign-in, not for an API.
pub const OIDC_SCOPES: &[(&str, &str)] = &[
    ("openid", "Sign you in"),
    ("profile", "View your basic profile"),
    ("email", "View your email address"),
    ("offline_access", "Maintain access to data you have given it access to"),
];

pub fn resource(uri: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|resource| resource.names(uri))
}

pub struct Registry {
    pub users: Vec<User>,
    pub apps: Vec<App>,
}

impl Registry {
    /// The demo directory for an emulator listening on `port`.
    pub fn builtin(port: u16) -> Registry {
        let spa = vec![
            format!("http://127.0.0.1:{port}/"),
            format!("http://localhost:{port}/"),
            "http://127.0.0.1:8080/".to_owned(),
            "http://localhost:8080/".to_owned(),
            // The Outlook add-in: its sign-in dialog comes back to the pane's page, and
            // Outlook's broker redeems for the pane under brk-multihub.
            format!("http://127.0.0.1:{port}/addin.html"),
            format!("http://localhost:{port}/addin.html"),
            "http://127.0.0.1:8080/addin.html".to_owned(),
            "http://localhost:8080/addin.html".to_owned(),
            format!("brk-multihub://127.0.0.1:{port}"),
            format!("brk-multihub://localhost:{port}"),
        ];
        let permissions: Vec<String> = [
            "User.Read",
            "Mail.ReadWrite",
            "Mail.Send",
            "MailboxSettings.ReadWrite",
            "Calendars.ReadWrite",
            "Contacts.ReadWrite",
            "Tasks.ReadWrite",
        ]
        .iter()
        .map(|scope| format!("{GRAPH}/{scope}"))
        .chain(["IMAP.AccessAsUser.All", "POP.AccessAsUser.All", "SMTP.Send"].iter().map(|scope| format!("{OUTLOOK}/{scope}")))
        .collect();
        let app = |client_id: &str, name: &str, implicit: bool, platform: Platform| App {
            client_id: client_id.to_owned(),
            name: name.to_owned(),
            spa_redirect_uris: if platform == Platform::Spa { spa.clone() } else { Vec::new() },
            web_redirect_uris: if platform == Platform::Web { spa.clone() } else { Vec::new() },
            implicit_id_token: implicit,
            implicit_access_token: implicit,
            api_permissions: permissions.clone(),
        };
        Registry {
            users: vec![
                User {
                    upn: format!("adele@{TENANT_DOMAIN}"),
                    name: "Adele Vance".into(),
                    oid: "a1d3e1e0-7a2c-4b5e-9d8f-0e1f2a3b4c5d".into(),
                    password: "demo".into(),
                    admin: true,
                    mailbox: MailboxHost::ExchangeOnline,
                },
                User {
                    upn: format!("megan@{TENANT_DOMAIN}"),
                    name: "Megan Bowen".into(),
                    oid: "b2e4f6a8-1c3e-4d5f-8a9b-0c1d2e3f4a5b".into(),
                    password: "demo".into(),
                    admin: false,
                    mailbox: MailboxHost::ExchangeOnline,
                },
            ],
            apps: vec![
                app(DEMO_CLIENT_ID, "Tern (demo)", false, Platform::Spa),
                app(IMPLICIT_CLIENT_ID, "Tern (implicit demo)", true, Platform::Spa),
                app(WEB_CLIENT_ID, "Confidential web app", false, Platform::Web),
            ],
        }
    }

    /// Adds the users and apps of an `--identity` file (see the module documentation).
    pub fn extend_from_json(&mut self, text: &str, port: u16) -> Result<(), String> {
        let file: File = serde_json::from_str(text).map_err(|error| error.to_string())?;
        for user in file.users {
            let user = user.into_user()?;
            self.users.retain(|known| !known.upn.eq_ignore_ascii_case(&user.upn));
            self.users.push(user);
        }
        for app in file.apps {
            let app = app.into_app(port)?;
            self.apps.retain(|known| !known.client_id.eq_ignore_ascii_case(&app.client_id));
            self.apps.push(app);
        }
        Ok(())
    }

    pub fn user_by_upn(&self, upn: &str) -> Option<&User> {
        self.users.iter().find(|user| user.upn.eq_ignore_ascii_case(upn.trim()))
    }

    pub fn user_by_oid(&self, oid: &str) -> Option<&User> {
        self.users.iter().find(|user| user.oid == oid)
    }

    pub fn app(&self, client_id: &str) -> Option<&App> {
        self.apps.iter().find(|app| app.client_id.eq_ignore_ascii_case(client_id.trim()))
    }

    /// Whether any app has `uri` as a redirect URI.
    pub fn any_redirect_uri(&self, uri: &str) -> bool {
        self.apps.iter().any(|app| app.is_redirect_uri(uri))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    users: Vec<FileUser>,
    #[serde(default)]
    apps: Vec<FileApp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileUser {
    upn: String,
    name: String,
    password: String,
    oid: Option<String>,
    #[serde(default)]
    admin: bool,
    #[serde(default)]
    mailbox: MailboxHost,
}

impl FileUser {
    fn into_user(self) -> Result<User, String> {
        let domain_ok =
            self.upn.rsplit_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.eq_ignore_ascii_case(TENANT_DOMAIN));
        if !domain_ok {
            return Err(format!("user {:?}: the upn must be name@{TENANT_DOMAIN}", self.upn));
        }
        let oid = match self.oid {
            Some(oid) if random::is_guid(&oid) => oid.to_ascii_lowercase(),
            Some(oid) => return Err(format!("user {}: oid {oid:?} is not a GUID", self.upn)),
            None => derived_guid(&self.upn.to_ascii_lowercase()),
        };
        Ok(User { upn: self.upn, name: self.name, oid, password: self.password, admin: self.admin, mailbox: self.mailbox })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileApp {
    client_id: String,
    name: String,
    #[serde(default)]
    spa_redirect_uris: Vec<String>,
    #[serde(default)]
    web_redirect_uris: Vec<String>,
    #[serde(default)]
    implicit_id_token: bool,
    #[serde(default)]
    implicit_access_token: bool,
    #[serde(default)]
    api_permissions: Vec<String>,
}

impl FileApp {
    fn into_app(self, port: u16) -> Result<App, String> {
        if !random::is_guid(&self.client_id) {
            return Err(format!("app {:?}: client_id must be a GUID", self.client_id));
        }
        let uris = |list: Vec<String>| -> Result<Vec<String>, String> {
            list.into_iter()
                .map(|uri| {
                    let uri = uri.replace("{port}", &port.to_string());
                    let scheme_ok = uri.starts_with("http://") || uri.starts_with("https://");
                    if scheme_ok && origin_of(&uri).is_some() && !uri.contains('#') {
                        Ok(uri)
                    } else {
                        Err(format!("app {}: {uri:?} is not an absolute http(s) URI without a fragment", self.client_id))
                    }
                })
                .collect()
        };
        let spa_redirect_uris = uris(self.spa_redirect_uris.clone())?;
        let web_redirect_uris = uris(self.web_redirect_uris.clone())?;
        let mut seen = BTreeSet::new();
        for permission in &self.api_permissions {
            let known = permission.rsplit_once('/').and_then(|(api, scope)| resource(api).and_then(|r| r.scope(scope))).is_some();
            if !known || !seen.insert(permission.to_ascii_lowercase()) {
                return Err(format!(
                    "app {}: {permission:?} is not a known permission (e.g. {GRAPH}/Mail.Read), or is listed twice",
                    self.client_id
                ));
            }
        }
        Ok(App {
            client_id: self.client_id.to_ascii_lowercase(),
            name: self.name,
            spa_redirect_uris,
            web_redirect_uris,
            implicit_id_token: self.implicit_id_token,
            implicit_access_token: self.implicit_access_token,
            api_permissions: self.api_permissions,
        })
    }
}

/// A stable GUID-shaped id derived from `seed`.
pub fn derived_guid(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    random::format_guid(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_apps_are_registered_for_the_emulator_and_trunk() {
        let registry = Registry::builtin(8710);
        let demo = registry.app(DEMO_CLIENT_ID).unwrap();
        assert_eq!(demo.platform_of("http://localhost:8710/"), Some(Platform::Spa));
        assert_eq!(demo.platform_of("http://127.0.0.1:8080/"), Some(Platform::Spa));
        assert_eq!(demo.platform_of("http://127.0.0.1:8080"), None);
        assert!(!demo.implicit_id_token);
        assert!(registry.app(IMPLICIT_CLIENT_ID).unwrap().implicit_access_token);
        let web = registry.app(WEB_CLIENT_ID).unwrap();
        assert_eq!(web.platform_of("http://127.0.0.1:8710/"), Some(Platform::Web));
        assert!(!web.spa_origin_allowed("http://127.0.0.1:8710"));
        assert!(demo.spa_origin_allowed("http://localhost:8080"));
        assert!(registry.user_by_upn("ADELE@contoso.example").unwrap().admin);
        assert!(!registry.user_by_upn("megan@contoso.example").unwrap().admin);
    }

    #[test]
    fn a_file_adds_users_and_apps_and_replaces_namesakes() {
        let mut registry = Registry::builtin(9000);
        registry
            .extend_from_json(
                r#"{
                  "users": [{"upn": "alex@contoso.example", "name": "Alex Wilber", "password": "pw"},
                            {"upn": "megan@contoso.example", "name": "Megan B.", "password": "x", "admin": true}],
                  "apps": [{"client_id": "0C1D2E3F-4A5B-4C6D-8E9F-0A1B2C3D4E5F", "name": "Mine",
                            "spa_redirect_uris": ["http://localhost:{port}/app"],
                            "api_permissions": ["https://graph.microsoft.com/Mail.Read"]}]
                }"#,
                9000,
            )
            .unwrap();
        let alex = registry.user_by_upn("alex@contoso.example").unwrap();
        assert_eq!(alex.oid, derived_guid("alex@contoso.example"));
        assert!(random::is_guid(&alex.oid));
        assert!(registry.user_by_upn("megan@contoso.example").unwrap().admin);
        assert_eq!(registry.users.len(), 3);
        let app = registry.app("0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f").unwrap();
        assert_eq!(app.spa_redirect_uris, ["http://localhost:9000/app"]);
    }

    #[test]
    fn a_bad_file_is_explained() {
        let mut registry = Registry::builtin(1);
        let error = |text: &str| Registry::builtin(1).extend_from_json(text, 1).unwrap_err();
        assert!(error(r#"{"userz": []}"#).contains("unknown field"));
        assert!(error(r#"{"users": [{"upn": "a@b.example", "name": "A", "password": "p"}]}"#).contains("contoso.example"));
        assert!(error(r#"{"apps": [{"client_id": "nope", "name": "A"}]}"#).contains("GUID"));
        assert!(error(
            r#"{"apps": [{"client_id": "0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "name": "A", "spa_redirect_uris": ["/relative"]}]}"#
        )
        .contains("absolute"));
        assert!(error(
            r#"{"apps": [{"client_id": "0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "name": "A", "api_permissions": ["Mail.Read"]}]}"#
        )
        .contains("known permission"));
        assert!(registry.extend_from_json("{}", 1).is_ok());
    }

    #[test]
    fn origins_and_resources_are_recognised() {
        assert_eq!(origin_of("http://localhost:8080/a?b#c"), Some("http://localhost:8080"));
        assert_eq!(origin_of("https://example.com"), Some("https://example.com"));
        assert_eq!(origin_of("nonsense"), None);
        assert_eq!(resource("https://outlook.office365.com").unwrap().uri, OUTLOOK);
        assert_eq!(resource("https://graph.microsoft.com/").unwrap().scope("mail.read").unwrap().0, "Mail.Read");
        assert!(resource("https://example.com").is_none());
    }
}
