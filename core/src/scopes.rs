//! Permission scopes: which ones Tern asks for, what they mean in plain words, and which
//! resource each belongs to (one token is for one resource: AADSTS700022).

/// OpenID Connect scopes that every sign-in adds; they belong to no resource.
pub const SIGN_IN_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];

/// What Tern asks Microsoft Graph for when `config.json` names no scopes.
pub const DEFAULT_SCOPES: [&str; 7] = [
    "User.Read",
    "Mail.ReadWrite",
    "Mail.Send",
    "MailboxSettings.ReadWrite",
    "Calendars.ReadWrite",
    "Contacts.ReadWrite",
    "Tasks.ReadWrite",
];

pub const GRAPH_RESOURCE: &str = "https://graph.microsoft.com";

/// The resource a scope is for. Short names (`Mail.Read`) are Graph's; a full name such as
/// `https://outlook.office.com/IMAP.AccessAsUser.All` names its resource. Sign-in scopes
/// (`openid`, `email`, …) are for none.
pub fn resource_of(scope: &str) -> Option<&str> {
    let bare = scope.to_ascii_lowercase();
    if SIGN_IN_SCOPES.contains(&bare.as_str()) || bare == "email" {
        return None;
    }
    match scope.rfind('/') {
        Some(slash) if scope.contains("://") || scope.starts_with("api:") => Some(&scope[..slash]),
        _ => Some(GRAPH_RESOURCE),
    }
}

/// A sentence that says what granting `scope` lets Tern do, for the landing screen and
/// consent explanations. Unknown scopes are named as they are.
pub fn describe(scope: &str) -> String {
    let known = match scope.to_ascii_lowercase().as_str() {
        "openid" => "Sign you in",
        "profile" => "See your name and user name",
        "email" => "See your email address",
        "offline_access" => "Stay signed in while this tab is open, without asking again",
        "user.read" => "Read your profile",
        "mail.read" => "Read your mail",
        "mail.readwrite" => "Read, move, flag and delete your mail and save drafts",
        "mail.send" => "Send mail as you",
        "mail.read.shared" => "Read mail in mailboxes shared with you",
        "mail.readwrite.shared" => "Read and change mail in mailboxes shared with you",
        "mail.send.shared" => "Send mail on behalf of mailboxes shared with you",
        "calendars.read" => "Read your calendars",
        "calendars.readwrite" => "Read and change your calendars and answer invitations",
        "contacts.read" => "Read your contacts",
        "contacts.readwrite" => "Read and change your contacts",
        "tasks.read" => "Read your To Do tasks",
        "tasks.readwrite" => "Read and change your To Do tasks",
        "mailboxsettings.read" => "Read your mailbox settings, such as your time zone",
        "mailboxsettings.readwrite" => "Read and change your mailbox settings, such as automatic replies",
        _ => return format!("Use the permission \"{scope}\""),
    };
    known.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_scopes_are_graph_and_full_ones_name_their_resource() {
        assert_eq!(resource_of("Mail.Read"), Some(GRAPH_RESOURCE));
        assert_eq!(resource_of("https://graph.microsoft.com/Mail.Read"), Some(GRAPH_RESOURCE));
        assert_eq!(resource_of("https://outlook.office.com/IMAP.AccessAsUser.All"), Some("https://outlook.office.com"));
        assert_eq!(resource_of("api://1234/access"), Some("api://1234"));
        assert_eq!(resource_of("openid"), None);
        assert_eq!(resource_of("OFFLINE_ACCESS"), None);
    }

    #[test]
    fn every_default_scope_has_a_plain_description() {
        for scope in DEFAULT_SCOPES.iter().chain(SIGN_IN_SCOPES.iter()) {
            assert!(!describe(scope).contains(scope), "{scope} has no description");
        }
        assert_eq!(describe("Files.Read"), "Use the permission \"Files.Read\"");
    }
}
