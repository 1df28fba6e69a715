//! The AADSTS codes a single-page app meets, explained in words with what to do.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub code: u32,
    pub meaning: &'static str,
    pub action: &'static str,
    /// Whether signing in again interactively is the way out.
    pub interactive: bool,
}

const CATALOGUE: &[Explanation] = &[
    Explanation {
        code: 50011,
        meaning: "The app's redirect URI is not registered for this application.",
        action:
            "Add the exact address (scheme, host, port and path) under Authentication > Single-page application in the app registration.",
        interactive: false,
    },
    Explanation {
        code: 9002326,
        meaning:
            "The redirect URI is registered as a Web app, but a browser app can only redeem codes for the Single-page application platform.",
        action: "Register the redirect URI under \"Single-page application\" instead of \"Web\".",
        interactive: false,
    },
    Explanation {
        code: 700054,
        meaning: "The app registration does not allow issuing ID tokens through the implicit flow.",
        action: "Enable ID tokens under Authentication, or switch config.json to \"flow\": \"pkce\".",
        interactive: false,
    },
    Explanation {
        code: 70005,
        meaning: "The app registration does not allow issuing access tokens through the implicit flow.",
        action: "Enable access tokens under Authentication, or switch config.json to \"flow\": \"pkce\".",
        interactive: false,
    },
    Explanation {
        code: 65001,
        meaning: "You have not yet allowed Tern the permissions it needs.",
        action: "Sign in again and accept the permissions, or ask an administrator to grant them.",
        interactive: true,
    },
    Explanation {
        code: 65004,
        meaning: "You declined to give Tern the permissions it asked for.",
        action: "Tern cannot work without them. Sign in again and accept when you are ready.",
        interactive: true,
    },
    Explanation {
        code: 90093,
        meaning: "These permissions need an administrator's approval.",
        action: "Send your administrator the admin consent link.",
        interactive: false,
    },
    Explanation {
        code: 90094,
        meaning: "These permissions need an administrator's approval.",
        action: "Send your administrator the admin consent link.",
        interactive: false,
    },
    Explanation {
        code: 50058,
        meaning: "There is no signed-in session to continue silently.",
        action: "Sign in again.",
        interactive: true,
    },
    Explanation {
        code: 700084,
        meaning: "Your sign-in is more than 24 hours old; browser apps must then sign in again.",
        action: "Sign in again.",
        interactive: true,
    },
    Explanation {
        code: 7000218,
        meaning: "The app is registered as a confidential (Web) client, which needs a secret a browser cannot keep.",
        action: "Register the redirect URI under \"Single-page application\".",
        interactive: false,
    },
    Explanation {
        code: 50076,
        meaning: "Your organisation requires multi-factor authentication.",
        action: "Sign in again and complete the extra verification.",
        interactive: true,
    },
    Explanation {
        code: 50079,
        meaning: "You must register for multi-factor authentication.",
        action: "Sign in again and follow the registration steps.",
        interactive: true,
    },
    Explanation {
        code: 53003,
        meaning: "Access was blocked by a Conditional Access policy of your organisation.",
        action: "Contact your administrator.",
        interactive: false,
    },
    Explanation {
        code: 50194,
        meaning: "The app is registered for a single tenant but Tern used a multi-tenant authority such as /common.",
        action: "Set \"authority\" in config.json to your tenant, e.g. https://login.microsoftonline.com/<tenant-id>.",
        interactive: false,
    },
    Explanation {
        code: 700016,
        meaning: "No application with this client ID exists in the directory.",
        action: "Check \"client_id\" and the tenant in \"authority\" in config.json.",
        interactive: false,
    },
    Explanation {
        code: 501481,
        meaning: "The sign-in could not be completed because its proof key did not match.",
        action: "Start signing in again.",
        interactive: true,
    },
    Explanation { code: 54005, meaning: "This sign-in answer was already used.", action: "Start signing in again.", interactive: true },
    Explanation {
        code: 70008,
        meaning: "The sign-in answer expired before it was used.",
        action: "Start signing in again.",
        interactive: true,
    },
    Explanation {
        code: 700022,
        meaning: "Tern asked for permissions of more than one service in one request.",
        action: "List only Microsoft Graph permissions in \"scopes\".",
        interactive: false,
    },
    Explanation {
        code: 50173,
        meaning: "Your sign-in was revoked, for example after a password change.",
        action: "Sign in again.",
        interactive: true,
    },
    Explanation { code: 50126, meaning: "The user name or password is wrong.", action: "Check them and try again.", interactive: true },
];

pub fn explain(code: u32) -> Option<Explanation> {
    CATALOGUE.iter().copied().find(|entry| entry.code == code)
}

/// The first `AADSTSnnnn` in an error description.
pub fn code_in(description: &str) -> Option<u32> {
    let start = description.find("AADSTS")? + "AADSTS".len();
    let digits: String = description[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The `Trace ID: …` or `Correlation ID: …` line of a Microsoft error description.
pub fn id_in(description: &str, label: &str) -> Option<String> {
    let start = description.find(label)? + label.len();
    let rest = description[start..].trim_start_matches([':', ' ']);
    let id: String = rest.chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect();
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_ids_out_of_descriptions() {
        let description = "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 0b1c2d3e-aaaa-bbbb-cccc-000000000001\r\nCorrelation ID: 9f8e7d6c-1111-2222-3333-444444444444\r\nTimestamp: 2026-11-23 10:00:00Z";
        assert_eq!(code_in(description), Some(65004));
        assert_eq!(id_in(description, "Trace ID").as_deref(), Some("0b1c2d3e-aaaa-bbbb-cccc-000000000001"));
        assert_eq!(id_in(description, "Correlation ID").as_deref(), Some("9f8e7d6c-1111-2222-3333-444444444444"));
        assert_eq!(code_in("invalid_grant"), None);
        assert_eq!(code_in("AADSTS"), None);
    }

    #[test]
    fn every_code_of_the_design_table_is_explained() {
        for code in [
            50011, 9002326, 700054, 70005, 65001, 65004, 90093, 90094, 50058, 700084, 7000218, 50076, 50079, 53003, 50194, 700016, 501481,
            54005, 700022,
        ] {
            let explanation = explain(code).unwrap_or_else(|| panic!("AADSTS{code} unexplained"));
            assert!(!explanation.meaning.is_empty() && !explanation.action.is_empty());
        }
        assert!(explain(700084).unwrap().interactive);
        assert!(!explain(50011).unwrap().interactive);
        assert_eq!(explain(1), None);
    }
}
