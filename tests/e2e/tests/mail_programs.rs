//! *Mail programs* (issue 16, §3): the XOAUTH2 string taken from Tern's page, used by
//! independent clients, Python's `imaplib` and `smtplib`, against the emulator's IMAP and
//! SMTP servers; then refused when expired or for another audience.

use serde_json::Value;
use std::process::Command;
use tern_e2e::{eventually, graph_get, Session};

const ADELE: &str = "adele@contoso.example";
const MEGAN: &str = "megan@contoso.example";
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/python/mail_programs.py");

/// Runs the Python clients; their JSON report.
fn python(session: &Session, arguments: &[&str]) -> Value {
    let (imap, smtp) = (session.imap.expect("an IMAP server").port(), session.smtp.expect("an SMTP server").port());
    let output = Command::new("python3")
        .arg(SCRIPT)
        .arg(arguments[0])
        .arg(imap.to_string())
        .arg(smtp.to_string())
        .args(&arguments[1..])
        .output()
        .expect("python3 runs (scripts/setup.sh installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "python failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("not JSON: {stdout}"))
}

async fn subjects(session: &Session) -> Vec<String> {
    let value = session.script("return [...document.querySelectorAll('[data-testid=row-subject]')].map(e => e.textContent)").await;
    serde_json::from_value(value).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_reads_over_imap_and_sends_over_smtp_with_the_xoauth2_string_from_the_page() {
    let session = Session::start_with(|options| {
        options.imap_port = Some(0);
        options.smtp_port = Some(0);
    })
    .await;
    // The quiet try with the refresh token is refused (AADSTS65001) before the consent page.
    session.expect_console_errors(&["/oauth2/v2.0/token - Failed to load resource: the server responded with a status of 400"]);
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.click("home-mail-programs").await;
    assert!(session.text_of("mail-programs-servers").await.contains("outlook.office365.com"));
    // The first time, Microsoft asks for consent to Exchange Online's permissions.
    session.click("mail-programs-get-token").await;
    session.wait_for("consent-accept").await.click().await.unwrap();
    session.wait_for("mail-programs").await;
    assert_eq!(session.hash().await, "#/mail-programs", "back on the page");
    session.click("mail-programs-get-token").await;
    session.wait_for("mail-programs-token").await;
    assert_eq!(session.text_of("mail-programs-user").await, ADELE);
    assert!(session.all("mail-programs-xoauth2").await.is_empty(), "the string is in the page only after Reveal");
    session.click("mail-programs-reveal").await;
    let sasl = session.script("return document.querySelector('[data-testid=mail-programs-xoauth2]').value").await;
    let sasl = sasl.as_str().expect("the XOAUTH2 string").to_owned();
    assert!(session.text_of("mail-programs-expiry").await.contains(':'));

    let subject = "Sent by smtplib with XOAUTH2";
    let report = python(&session, &["use", &sasl, subject]);
    assert!(report["capabilities"].as_array().unwrap().iter().any(|c| c == "AUTH=XOAUTH2"), "{report}");
    assert!(report["login"].as_str().unwrap().contains("LOGIN failed"), "basic authentication is refused: {report}");
    assert!(report["folders"].as_array().unwrap().iter().any(|f| f.as_str().unwrap().ends_with("\"Sent Items\"")), "{report}");
    assert!(report["smtp_auth"].as_str().unwrap().contains("XOAUTH2"), "{report}");
    assert_eq!(report["refused_recipients"], serde_json::json!({}), "{report}");
    // IMAP sees what Graph sees.
    let tokens = session.access_tokens().await;
    let graph_token =
        tokens.iter().find(|t| t["scopes"].as_array().unwrap().iter().any(|s| s.as_str().unwrap().ends_with("Mail.ReadWrite")));
    let graph_token = graph_token.expect("a Graph token")["token"].as_str().unwrap().to_owned();
    let (status, inbox) = graph_get(&session.origin, "/v1.0/me/mailFolders/inbox", &graph_token).await;
    assert_eq!(status, 200, "{inbox}");
    let inbox: Value = serde_json::from_str(&inbox).unwrap();
    assert_eq!(
        report["inbox_count"],
        inbox["totalItemCount"].as_u64().unwrap() - 1,
        "IMAP selected the inbox before the SMTP message: {report}"
    );
    assert!(!report["first_subject"].as_str().unwrap().is_empty(), "{report}");
    assert_eq!(
        report["envelopes"].as_array().unwrap().iter().filter(|e| e.as_str().unwrap().contains("ENVELOPE")).count() as u64,
        report["inbox_count"].as_u64().unwrap()
    );
    // The message sent over SMTP is in the inbox, through Graph, in Tern.
    session.open("/#/mail/inbox").await;
    eventually("the SMTP message in Tern's inbox", || async { subjects(&session).await.iter().any(|s| s == subject) }).await;

    // Refused: a Graph token (another audience), then the page's token once expired.
    let wrong_audience = tern_core::mail::programs::xoauth2(ADELE, &graph_token);
    let refused = python(&session, &["refused", &wrong_audience]);
    assert!(refused["imap"].as_str().unwrap().contains("AUTHENTICATE failed"), "{refused}");
    assert!(refused["smtp"].as_str().unwrap().starts_with("535 5.7.3 Authentication unsuccessful"), "{refused}");
    assert_eq!(session.control("POST", "/_emulator/clock/advance", r#"{"seconds": 7200}"#).await, 200);
    // The page's own Graph token has expired with it: a call the page makes now (the
    // automatic replies read, under load) is answered 401 and renewed.
    session.expect_console_errors(&["the server responded with a status of 401"]);
    let expired = python(&session, &["refused", &sasl]);
    assert!(expired["imap"].as_str().unwrap().contains("AUTHENTICATE failed"), "{expired}");
    assert!(expired["smtp"].as_str().unwrap().starts_with("535 5.7.3"), "{expired}");
    session.finish().await;
}

/// Takes the page's XOAUTH2 string, through the consent page when Microsoft asks for it.
async fn xoauth2_from_the_page(session: &Session) -> String {
    session.click("mail-programs-get-token").await;
    if session.first_of(&["consent-accept", "mail-programs-token"]).await == "consent-accept" {
        session.wait_for("consent-accept").await.click().await.unwrap();
        session.wait_for("mail-programs").await;
        session.click("mail-programs-get-token").await;
    }
    session.wait_for("mail-programs-token").await;
    session.click("mail-programs-reveal").await;
    let sasl = session.script("return document.querySelector('[data-testid=mail-programs-xoauth2]').value").await;
    sasl.as_str().expect("the XOAUTH2 string").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_account_gets_its_own_string_and_never_sees_anothers() {
    let session = Session::start().await;
    session.expect_console_errors(&["/oauth2/v2.0/token - Failed to load resource: the server responded with a status of 400"]);
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.open("/#/mail-programs").await;
    let adele = xoauth2_from_the_page(&session).await;
    assert!(session.text_of("mail-programs-user").await == ADELE);
    session.wait_for("account-menu").await.click().await.unwrap();
    session.wait_for("add-account").await.click().await.unwrap();
    session.complete_emulator_sign_in(MEGAN).await;
    session.wait_for("mail-programs").await;
    assert_eq!(session.hash().await, "#/mail-programs", "the new account comes back to the page");
    assert!(session.all("mail-programs-token").await.is_empty(), "Adele's string is not shown under Megan");
    let megan = xoauth2_from_the_page(&session).await;
    assert_eq!(session.text_of("mail-programs-user").await, MEGAN);
    assert_ne!(adele, megan);
    let html = session.script("return document.documentElement.outerHTML").await;
    assert!(!html.as_str().unwrap().contains(&adele), "nothing of Adele's under Megan");
    session.wait_for("account-menu").await.click().await.unwrap();
    session.wait_for("switch-account").await.click().await.unwrap();
    eventually("Adele's page", || async { session.all("mail-programs-token").await.is_empty() }).await;
    let again = xoauth2_from_the_page(&session).await;
    assert_eq!(session.text_of("mail-programs-user").await, ADELE);
    assert_eq!(again, adele, "Adele's token is still cached for her");
    // Impatient: ask again and leave at once; nothing lands on the next screen.
    session.open("/#/mail-programs").await;
    session.click("mail-programs-get-token").await;
    session.click("nav-mail").await;
    session.wait_for("message-row").await;
    session.finish().await;
}
