//! Other mail programs (IMAP, POP and SMTP clients, scripts, devices) signing in to
//! Exchange Online with OAuth 2.0: the servers, the permissions, and the SASL XOAUTH2
//! string they send. Sources: emulator/FIDELITY.md, "IMAP and SMTP".

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The API the protocols' permissions belong to; a token for it is not a Graph token.
pub const RESOURCE: &str = "https://outlook.office.com";

/// What a token for mail programs asks for: one token serves all three protocols.
pub const SCOPES: [&str; 3] = [
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "https://outlook.office.com/POP.AccessAsUser.All",
    "https://outlook.office.com/SMTP.Send",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Server {
    pub protocol: &'static str,
    pub host: &'static str,
    pub port: u16,
    pub security: &'static str,
    /// The permission the protocol's token must carry (`scp`).
    pub permission: &'static str,
}

/// Exchange Online's servers, as Microsoft documents them for Microsoft 365.
pub const SERVERS: [Server; 3] = [
    Server { protocol: "IMAP", host: "outlook.office365.com", port: 993, security: "TLS (SSL/TLS)", permission: "IMAP.AccessAsUser.All" },
    Server { protocol: "POP", host: "outlook.office365.com", port: 995, security: "TLS (SSL/TLS)", permission: "POP.AccessAsUser.All" },
    Server { protocol: "SMTP", host: "smtp.office365.com", port: 587, security: "STARTTLS", permission: "SMTP.Send" },
];

/// The SASL XOAUTH2 initial response: base64 of `user={upn}^Aauth=Bearer {token}^A^A`.
pub fn xoauth2(username: &str, access_token: &str) -> String {
    STANDARD.encode(format!("user={username}\x01auth=Bearer {access_token}\x01\x01"))
}

/// Which protocols a token's delegated permissions (`scp`) allow.
pub fn allowed(scopes: &[String]) -> Vec<(Server, bool)> {
    SERVERS.iter().map(|server| (*server, scopes.iter().any(|scope| scope.eq_ignore_ascii_case(server.permission)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_sasl_string_exchange_and_google_document() {
        // The example of Microsoft's "Authenticate an IMAP, POP or SMTP connection using OAuth".
        let sasl = xoauth2("test@contoso.onmicrosoft.com", "EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA");
        assert_eq!(
            sasl,
            "dXNlcj10ZXN0QGNvbnRvc28ub25taWNyb3NvZnQuY29tAWF1dGg9QmVhcmVyIEV3QkFBbDNCQUFVRkZwVUFvN0ozVmUwYmpMQldaV0NjbFJDM0VvQUEBAQ=="
        );
        let plain = STANDARD.decode(sasl).unwrap();
        assert!(plain.ends_with(b"\x01\x01"));
    }

    #[test]
    fn says_which_protocols_a_token_allows() {
        let scopes = vec!["imap.accessasuser.all".to_owned(), "SMTP.Send".to_owned()];
        let allowed: Vec<(&str, bool)> = allowed(&scopes).into_iter().map(|(s, ok)| (s.protocol, ok)).collect();
        assert_eq!(allowed, [("IMAP", true), ("POP", false), ("SMTP", true)]);
    }
}
