//! The HTML the sign-in service shows: sign-in, account picker, consent, admin approval,
//! errors and sign-out. Plain, self-contained pages that work without JavaScript; every
//! element a test touches has a `data-testid`.

use super::errors::{OAuthError, Stamp};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;background:#f2f2f2;color:#1b1b1b;margin:0}\
main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}\
h1{font-size:1.5rem;font-weight:600;margin:0 0 1rem}\
label{display:block;margin:.75rem 0 .25rem}\
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #666}\
button{font:inherit;padding:.5rem 1rem;margin:.5rem .5rem 0 0;cursor:pointer;border:1px solid #0067b8;background:#fff;color:#0067b8}\
button.primary{background:#0067b8;color:#fff}\
button.tile{display:block;width:100%;text-align:left;margin:.25rem 0}\
button:focus{outline:3px solid #1b1b1b;outline-offset:2px}\
.small{color:#555;font-size:.875rem}\
.alert{color:#a80000}\
ul{padding-left:1.25rem}\
code{font-size:.875rem}\
dl{font-size:.8rem;color:#555}";

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn document(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\n<body><main>\n{body}\n</main></body></html>\n",
        esc(title)
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "no-store, no-cache"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Sign-in pages isolate themselves from whoever opened them, as the real ones do: a
    // popup's opener cannot read it, and the app must hand the result back another way.
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    response
}

fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(name), esc(value))
}

/// The service's own error page, shown when it cannot or must not redirect.
pub fn error(error: &OAuthError, stamp: &Stamp) -> Response {
    let body = format!(
        "<h1>Sorry, but we're having trouble signing you in.</h1>\n\
         <div data-testid=\"emulator-error\" role=\"alert\">\n\
         <p data-testid=\"emulator-error-code\">{code}</p>\n\
         <p data-testid=\"emulator-error-description\">{message}</p>\n\
         </div>\n\
         <dl><dt>Request Id</dt><dd>{trace}</dd><dt>Correlation Id</dt><dd>{correlation}</dd>\
         <dt>Timestamp</dt><dd>{time}</dd></dl>\n\
         <p class=\"small\"><a href=\"/error?code={number}\">What this error means</a></p>",
        code = esc(&error.code_label()),
        message = esc(&error.message),
        trace = esc(&stamp.trace_id),
        correlation = esc(&stamp.correlation_id),
        time = esc(&stamp.time.rfc3339()),
        number = error.code,
    );
    document(error.status, "Sign in to your account", &body)
}

pub struct DemoUser<'a> {
    pub upn: &'a str,
    pub name: &'a str,
}

pub struct SignIn<'a> {
    pub action: String,
    pub ctx: &'a str,
    pub app_name: &'a str,
    pub login: &'a str,
    pub error: Option<(String, String)>,
    pub users: Vec<DemoUser<'a>>,
}

/// User name and password, with the demo users one click away.
pub fn sign_in(page: SignIn) -> Response {
    let alert = match &page.error {
        Some((code, text)) => format!(
            "<p class=\"alert\" role=\"alert\" data-testid=\"signin-error\" data-code=\"{}\">{} <span class=\"small\">({})</span></p>\n",
            esc(code),
            esc(text),
            esc(code)
        ),
        None => String::new(),
    };
    let (login_focus, password_focus) = if page.login.is_empty() { (" autofocus", "") } else { ("", " autofocus") };
    let users: String = page
        .users
        .iter()
        .map(|user| {
            format!(
                "<button type=\"submit\" class=\"tile\" name=\"pick\" value=\"{upn}\" data-testid=\"pick-user\" data-upn=\"{upn}\">{name} <span class=\"small\">{upn}</span></button>\n",
                upn = esc(user.upn),
                name = esc(user.name)
            )
        })
        .collect();
    let body = format!(
        "<h1>Sign in</h1>\n<p>to continue to <strong data-testid=\"app-name\">{app}</strong></p>\n{alert}\
         <form method=\"post\" action=\"{action}\" data-testid=\"signin-form\">\n{ctx}\n\
         <label for=\"login\">Email, phone, or Skype</label>\n\
         <input type=\"text\" id=\"login\" name=\"login\" value=\"{login}\" autocomplete=\"username\" data-testid=\"signin-username\"{login_focus}>\n\
         <label for=\"passwd\">Password</label>\n\
         <input type=\"password\" id=\"passwd\" name=\"passwd\" autocomplete=\"current-password\" data-testid=\"signin-password\"{password_focus}>\n\
         <p class=\"small\" data-testid=\"password-hint\">This is a demo directory: every demo user's password is <code>demo</code>.</p>\n\
         <button type=\"submit\" class=\"primary\" data-testid=\"signin-submit\">Sign in</button>\n</form>\n\
         <h2 class=\"small\">Demo users</h2>\n<form method=\"post\" action=\"{action}\">\n{ctx}\n{users}</form>",
        app = esc(page.app_name),
        action = esc(&page.action),
        ctx = hidden("ctx", page.ctx),
        login = esc(page.login),
    );
    document(StatusCode::OK, "Sign in to your account", &body)
}

/// The accounts signed in to this browser, and a way to add another.
pub fn account_picker(action: &str, ctx: &str, app_name: &str, accounts: &[DemoUser]) -> Response {
    let tiles: String = accounts
        .iter()
        .map(|user| {
            format!(
                "<button type=\"submit\" class=\"tile\" name=\"upn\" value=\"{upn}\" data-testid=\"account-tile\" data-upn=\"{upn}\">{name}<br><span class=\"small\">{upn} · Signed in</span></button>\n",
                upn = esc(user.upn),
                name = esc(user.name)
            )
        })
        .collect();
    let body = format!(
        "<h1>Pick an account</h1>\n<p>to continue to <strong data-testid=\"app-name\">{app}</strong></p>\n\
         <form method=\"post\" action=\"{action}\">\n{ctx}\n{tiles}\
         <button type=\"submit\" class=\"tile\" name=\"another\" value=\"1\" data-testid=\"use-another-account\">Use another account</button>\n</form>",
        app = esc(app_name),
        action = esc(action),
        ctx = hidden("ctx", ctx),
    );
    document(StatusCode::OK, "Sign in to your account", &body)
}

pub struct Consent<'a> {
    pub action: String,
    pub ctx: &'a str,
    pub app_name: &'a str,
    pub upn: &'a str,
    /// (how the permission is written, what it allows)
    pub items: Vec<(String, String)>,
    pub for_organization: bool,
}

/// What the app asks for, with Accept and Cancel.
pub fn consent(page: Consent) -> Response {
    let items: String = page
        .items
        .iter()
        .map(|(scope, text)| {
            format!(
                "<li data-testid=\"consent-scope\" data-scope=\"{scope}\">{text} <code>{scope}</code></li>\n",
                scope = esc(scope),
                text = esc(text)
            )
        })
        .collect();
    let organization = if page.for_organization {
        "<p data-testid=\"consent-for-organization\">Accepting grants these permissions to the app for everyone in your organization. No one else will be asked to review them.</p>\n"
    } else {
        ""
    };
    let body = format!(
        "<h1>Permissions requested</h1>\n<p class=\"small\">{upn}</p>\n\
         <p><strong data-testid=\"app-name\">{app}</strong> (unverified) would like to:</p>\n\
         <ul data-testid=\"consent-scopes\">\n{items}</ul>\n{organization}\
         <p class=\"small\">Accepting lets this app use your data as its terms of service and privacy statement describe.</p>\n\
         <form method=\"post\" action=\"{action}\">\n{ctx}\n\
         <button type=\"submit\" class=\"primary\" name=\"decision\" value=\"accept\" data-testid=\"consent-accept\">Accept</button>\n\
         <button type=\"submit\" name=\"decision\" value=\"cancel\" data-testid=\"consent-cancel\">Cancel</button>\n</form>",
        upn = esc(page.upn),
        app = esc(page.app_name),
        action = esc(&page.action),
        ctx = hidden("ctx", page.ctx),
    );
    document(StatusCode::OK, "Permissions requested", &body)
}

/// A user who is not an administrator met a permission only an administrator may grant.
pub fn admin_approval(select_action: &str, consent_action: &str, ctx: &str, app_name: &str, error: &OAuthError) -> Response {
    let body = format!(
        "<h1>Need admin approval</h1>\n<div data-testid=\"admin-approval-needed\" role=\"alert\">\n\
         <p><strong data-testid=\"app-name\">{app}</strong> needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>\n\
         <p data-testid=\"emulator-error-code\">{code}</p>\n<p data-testid=\"emulator-error-description\">{message}</p>\n</div>\n\
         <form method=\"post\" action=\"{select}\">\n{ctx}\n\
         <button type=\"submit\" name=\"another\" value=\"1\" data-testid=\"use-another-account\">Have an admin account? Sign in with that account</button>\n</form>\n\
         <form method=\"post\" action=\"{consent}\">\n{ctx}\n\
         <button type=\"submit\" name=\"decision\" value=\"return\" data-testid=\"return-without-consent\">Return to the application without granting consent</button>\n</form>",
        app = esc(app_name),
        code = esc(&error.code_label()),
        message = esc(&error.message),
        select = esc(select_action),
        consent = esc(consent_action),
        ctx = hidden("ctx", ctx),
    );
    document(StatusCode::OK, "Need admin approval", &body)
}

pub fn signed_out() -> Response {
    document(
        StatusCode::OK,
        "Sign out",
        "<h1 data-testid=\"signed-out\">You signed out of your account</h1>\n<p>It's a good idea to close all browser windows.</p>",
    )
}

/// `response_mode=form_post`: the response as a form the person sends on with one click
/// (the real page submits itself with a script; these pages run none).
pub fn form_post(redirect_uri: &str, params: &[(&str, String)]) -> Response {
    let fields: String = params.iter().map(|(name, value)| hidden(name, value)).collect();
    let body = format!(
        "<h1>Continue to the application</h1>\n<form method=\"post\" action=\"{}\">\n{fields}\n\
         <button type=\"submit\" class=\"primary\" data-testid=\"form-post-continue\">Continue</button>\n</form>",
        esc(redirect_uri)
    );
    document(StatusCode::OK, "Working...", &body)
}

/// `/error?code=N`: what an AADSTS code means and what to do, for the codes the
/// emulator sends.
pub fn error_lookup(code: Option<u32>) -> Response {
    let known = code.and_then(|code| explain(code).map(|text| (format!("AADSTS{code}"), text)));
    let (title, text) = known.unwrap_or_else(|| ("Unknown error code".to_owned(), "The emulator has no notes on this code."));
    let body =
        format!("<h1 data-testid=\"error-lookup-code\">{}</h1>\n<p data-testid=\"error-lookup-text\">{}</p>", esc(&title), esc(text));
    document(StatusCode::OK, "Error code lookup", &body)
}

fn explain(code: u32) -> Option<&'static str> {
    Some(match code {
        16000 => "Several accounts are signed in and the request did not say which one: sign in interactively, or pass login_hint.",
        28000 | 700022 => "The scopes name more than one API; one token is for one API. Ask for each API's token separately.",
        50011 => "The redirect URI is not registered for the app: add the exact URI (scheme, host, port and path).",
        50034 => "No such user in the directory: check the user name.",
        50058 => "A silent request found nobody signed in: sign in interactively.",
        50089 => "The sign-in took too long or was started elsewhere: start it again from the app.",
        50126 => "Wrong user name or password.",
        50149 | 501491 => "The PKCE code challenge is not valid: send a 43-character S256 challenge.",
        50173 => "The user's refresh tokens were revoked: sign in interactively.",
        54005 => "The authorization code was already redeemed: start the sign-in again.",
        65001 => "The user has not consented to these permissions: sign in interactively with the scopes, or ask an admin.",
        65004 => "The consent was declined.",
        70000 => "The redirect URI differs from the one the code was issued for.",
        70003 => "The grant type is not supported.",
        70005 | 700054 => "Implicit issuance of this token type is not enabled for the app: enable it, or use the code flow.",
        70007 => "The response mode is not supported for this response type.",
        70008 => "The authorization code expired: start the sign-in again.",
        90002 => "No such tenant: check the tenant id or domain in the authority.",
        90014 => "A required field (such as nonce) is missing.",
        90023 => "The request is not valid.",
        90094 => "Only an administrator can grant these permissions: send the admin consent link to an admin.",
        500011 => "The API named in the scope is not known in this tenant.",
        501481 => "The PKCE code verifier does not match the challenge: start the sign-in again.",
        650053 => "The scope names a permission the API does not have.",
        650057 => "The app has no configured permissions for this API, so .default means nothing.",
        700016 => "No app with this client id exists in the tenant.",
        700084 => "A single-page app's refresh token lives 24 hours from sign-in: sign in interactively.",
        900144 => "A required parameter is missing.",
        900561 => "The token endpoint takes POST only.",
        900971 => "No redirect URI was sent.",
        7000218 => "The app is a confidential (Web) client: register the redirect URI as a single-page application.",
        9002313 => "The code or refresh token is not one the service issued to this app.",
        9002325 => "A single-page app must send a PKCE code challenge.",
        9002326 => "Browser redemption needs the redirect URI under the single-page application platform.",
        9002327 => "Tokens for a single-page app can only be redeemed by the browser (with an Origin header).",
        9002332 => "The app is for work and school accounts only: do not use /consumers.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_text_and_attributes() {
        assert_eq!(esc(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
