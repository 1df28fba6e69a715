//! SASL XOAUTH2: `user={upn}^Aauth=Bearer {token}^A^A`, base64-encoded, checked as
//! Exchange Online checks it for IMAP and SMTP.

use crate::identity::registry::{MailboxHost, OUTLOOK};
use crate::State;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The delegated permission each protocol needs in the token's `scp`.
pub const IMAP_SCOPE: &str = "IMAP.AccessAsUser.All";
pub const SMTP_SCOPE: &str = "SMTP.Send";

/// Who a good token signs in, and the mailbox its `user=` opens.
#[derive(Debug, PartialEq, Eq)]
pub struct SignedIn {
    /// The token's user.
    pub upn: String,
    /// The mailbox `user=` names, when the token's user may open it (their own, or one they
    /// hold full access to: Exchange's way into a shared mailbox) and it is in Exchange
    /// Online.
    pub mailbox: Option<String>,
}

/// Checks the initial response as Exchange Online does: a token signed by the emulator,
/// for `https://outlook.office.com`, within its lifetime, with `scope` granted. `None`
/// when it is refused.
pub fn authenticate(state: &State, response: &[u8], scope: &str) -> Option<SignedIn> {
    let decoded = STANDARD.decode(response.trim_ascii()).ok()?;
    let (user, token) = parse(&decoded)?;
    let verified = state.identity().verify_access_token(&token, OUTLOOK).ok()?;
    if !verified.scopes.iter().any(|granted| granted.eq_ignore_ascii_case(scope)) {
        return None;
    }
    let upn = state.identity().user_by_upn(&verified.upn)?.upn.clone();
    let mailbox = state
        .identity()
        .user_by_upn(&user)
        .filter(|owner| owner.mailbox == MailboxHost::ExchangeOnline)
        .filter(|owner| state.mail.lock().expect("mail lock").may_open(&owner.upn, &upn))
        .map(|owner| owner.upn.clone());
    Some(SignedIn { upn, mailbox })
}

/// (user, bearer token) of a decoded initial response; its fields may come in any order.
fn parse(decoded: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(decoded).ok()?;
    let (mut user, mut token) = (None, None);
    for field in text.split('\x01').filter(|f| !f.is_empty()) {
        let (name, value) = field.split_once('=')?;
        match name {
            "user" => user = Some(value.to_owned()),
            "auth" => {
                let (scheme, credential) = value.split_once(' ')?;
                token = scheme.eq_ignore_ascii_case("Bearer").then(|| credential.trim().to_owned());
            }
            _ => {}
        }
    }
    Some((user?, token.filter(|t| !t.is_empty())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_initial_response_in_either_order() {
        assert_eq!(parse(b"user=a@b\x01auth=Bearer tok\x01\x01"), Some(("a@b".into(), "tok".into())));
        assert_eq!(parse(b"auth=bearer tok\x01user=a@b\x01\x01"), Some(("a@b".into(), "tok".into())));
        assert_eq!(parse(b"user=a@b\x01auth=Basic dXNlcg==\x01\x01"), None);
        assert_eq!(parse(b"user=a@b\x01\x01"), None);
        assert_eq!(parse(b"auth=Bearer tok\x01\x01"), None);
    }

    #[test]
    fn refuses_what_is_not_a_token_of_the_emulator() {
        let state = State::new("http://127.0.0.1:8710");
        let response = STANDARD.encode("user=adele@contoso.example\x01auth=Bearer e30.e30.sig\x01\x01");
        assert_eq!(authenticate(&state, response.as_bytes(), IMAP_SCOPE), None);
        assert_eq!(authenticate(&state, b"not base64!", IMAP_SCOPE), None);
    }
}
