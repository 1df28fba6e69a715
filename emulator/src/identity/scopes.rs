//! The `scope` parameter: OpenID Connect scopes plus permissions of at most one API per
//! token. Permissions are kept in their full form (`https://graph.microsoft.com/Mail.Read`)
//! so grants of different APIs never collide.

use super::errors::{self, OAuthError};
use super::registry::{self, App, Resource, GRAPH, OIDC_SCOPES, TENANT_NAME};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes {
    /// `openid`, `profile`, `email`, `offline_access` that were asked for.
    pub oidc: BTreeSet<&'static str>,
    /// Full-form permissions, each of a known API.
    pub permissions: BTreeSet<String>,
}

impl Scopes {
    /// Reads a space-separated `scope` as the service does: names are case-insensitive,
    /// bare names are Microsoft Graph permissions, `{api}/.default` means the app's
    /// configured permissions for that API.
    pub fn parse(text: &str, app: &App) -> Result<Scopes, OAuthError> {
        let mut scopes = Scopes::default();
        for item in text.split_whitespace() {
            if let Some((name, _)) = OIDC_SCOPES.iter().find(|(name, _)| name.eq_ignore_ascii_case(item)) {
                scopes.oidc.insert(name);
                continue;
            }
            let (api, name) = match item.rsplit_once('/') {
                Some((api, name)) => (api, name),
                None => (GRAPH, item),
            };
            let resource = registry::resource(api).ok_or_else(|| errors::unknown_resource(api, TENANT_NAME))?;
            if name == ".default" {
                let configured: Vec<&String> = app
                    .api_permissions
                    .iter()
                    .filter(|permission| permission_resource(permission).is_some_and(|r| r.uri == resource.uri))
                    .collect();
                if configured.is_empty() {
                    return Err(errors::resource_not_configured(&app.client_id, &app.name, api, resource.app_id, &configured_apis(app)));
                }
                scopes.permissions.extend(configured.into_iter().map(|p| canonical(p).unwrap_or_else(|| p.clone())));
                continue;
            }
            let (scope, _, _) = resource.scope(name).ok_or_else(|| errors::unknown_scope(&app.name, name, resource.app_id))?;
            scopes.permissions.insert(format!("{}/{scope}", resource.uri));
        }
        Ok(scopes)
    }

    /// The API the access token is for: the one every permission belongs to, Microsoft
    /// Graph when only OpenID Connect scopes were asked for, and an error when the
    /// permissions span several APIs.
    pub fn resource(&self) -> Result<&'static Resource, MultipleResources> {
        let mut apis = self.permissions.iter().filter_map(|p| permission_resource(p));
        let first = apis.next();
        match first {
            Some(first) if apis.any(|other| other.uri != first.uri) => Err(MultipleResources),
            Some(first) => Ok(first),
            None => Ok(registry::resource(GRAPH).expect("Graph is known")),
        }
    }

    /// Everything asked for, in the form grants are recorded in.
    pub fn all(&self) -> BTreeSet<String> {
        self.oidc.iter().map(|name| (*name).to_owned()).chain(self.permissions.iter().cloned()).collect()
    }

    pub fn has(&self, oidc: &str) -> bool {
        self.oidc.contains(oidc)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct MultipleResources;

/// The API a full-form permission belongs to.
pub fn permission_resource(permission: &str) -> Option<&'static Resource> {
    let (api, _) = permission.rsplit_once('/')?;
    registry::resource(api)
}

/// A configured permission in its canonical spelling.
fn canonical(permission: &str) -> Option<String> {
    let (api, name) = permission.rsplit_once('/')?;
    let resource = registry::resource(api)?;
    let (scope, _, _) = resource.scope(name)?;
    Some(format!("{}/{scope}", resource.uri))
}

fn configured_apis(app: &App) -> String {
    let apis: BTreeSet<&str> = app.api_permissions.iter().filter_map(|p| permission_resource(p).map(|r| r.app_id)).collect();
    apis.into_iter().collect::<Vec<_>>().join(", ")
}

/// What the consent page says a permission or OpenID Connect scope allows.
pub fn describe(item: &str) -> String {
    if let Some((_, text)) = OIDC_SCOPES.iter().find(|(name, _)| *name == item) {
        return (*text).to_owned();
    }
    permission_entry(item).map(|(_, text, _)| (*text).to_owned()).unwrap_or_else(|| item.to_owned())
}

/// Whether only an administrator may grant the permission.
pub fn admin_only(item: &str) -> bool {
    permission_entry(item).is_some_and(|(_, _, admin)| *admin)
}

fn permission_entry(permission: &str) -> Option<&'static (&'static str, &'static str, bool)> {
    let (api, name) = permission.rsplit_once('/')?;
    registry::resource(api)?.scope(name)
}

/// How the service writes a granted permission back: Microsoft Graph's by name alone,
/// any other API's in full.
pub fn display(permission: &str) -> String {
    match permission.strip_prefix(GRAPH).and_then(|rest| rest.strip_prefix('/')) {
        Some(name) => name.to_owned(),
        None => permission.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::registry::{Registry, DEMO_CLIENT_ID, OUTLOOK};

    fn app() -> App {
        Registry::builtin(1).app(DEMO_CLIENT_ID).unwrap().clone()
    }

    #[test]
    fn reads_oidc_scopes_and_permissions_in_any_spelling() {
        let scopes = Scopes::parse("openid Profile offline_access user.read https://graph.microsoft.com/Mail.Read", &app()).unwrap();
        assert_eq!(scopes.oidc, BTreeSet::from(["openid", "profile", "offline_access"]));
        assert_eq!(scopes.permissions, BTreeSet::from([format!("{GRAPH}/Mail.Read"), format!("{GRAPH}/User.Read")]));
        assert_eq!(scopes.resource().unwrap().uri, GRAPH);
        assert_eq!(display(&format!("{GRAPH}/Mail.Read")), "Mail.Read");
        assert_eq!(display(&format!("{OUTLOOK}/SMTP.Send")), format!("{OUTLOOK}/SMTP.Send"));
    }

    #[test]
    fn default_means_the_configured_permissions_of_that_api() {
        let scopes = Scopes::parse("https://outlook.office365.com/.default", &app()).unwrap();
        assert!(scopes.permissions.contains(&format!("{OUTLOOK}/IMAP.AccessAsUser.All")));
        assert!(scopes.permissions.iter().all(|p| p.starts_with(OUTLOOK)));
        assert_eq!(scopes.resource().unwrap().uri, OUTLOOK);
    }

    #[test]
    fn refuses_what_the_service_refuses() {
        assert_eq!(Scopes::parse("openid Mail.Fly", &app()).unwrap_err().code, 650053);
        assert_eq!(Scopes::parse("https://example.com/read", &app()).unwrap_err().code, 500011);
        let mut bare = app();
        bare.api_permissions.clear();
        assert_eq!(Scopes::parse("https://graph.microsoft.com/.default", &bare).unwrap_err().code, 650057);
        let both = Scopes::parse("Mail.Read https://outlook.office.com/IMAP.AccessAsUser.All", &app()).unwrap();
        assert!(matches!(both.resource(), Err(MultipleResources)));
        assert_eq!(Scopes::parse("openid", &app()).unwrap().resource().unwrap().uri, GRAPH);
        assert!(admin_only(&format!("{GRAPH}/User.Read.All")));
        assert!(!admin_only(&format!("{GRAPH}/User.Read")));
    }
}
