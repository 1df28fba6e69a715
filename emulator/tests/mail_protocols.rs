//! IMAP and SMTP as a mail client meets them: real sockets, tokens from the emulator's own
//! sign-in (authorization code with PKCE), raw protocol lines, and Graph to check that both
//! sides see the same mailbox.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use tern_emulator::{Emulator, Options, DEMO_CLIENT_ID};

const ADELE: &str = "adele@contoso.example";
const MEGAN: &str = "megan@contoso.example";
const OUTLOOK_SCOPES: &str = "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access";
const GRAPH_SCOPES: &str = "openid profile offline_access User.Read Mail.ReadWrite";
/// A redirect URI every built-in app registers.
const APP: &str = "http://localhost:8080/";
/// RFC 7636's example verifier and its S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
/// How long a test waits for an answer before it fails, instead of hanging.
const PATIENCE: Duration = Duration::from_secs(20);

struct Running {
    http: String,
    imap: SocketAddr,
    smtp: SocketAddr,
}

/// An emulator with IMAP and SMTP on free ports, served from a thread of its own until the
/// test process ends.
fn start() -> Running {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let options = Options { port: 0, upload_port: Some(0), imap_port: Some(0), smtp_port: Some(0), ..Options::default() };
            let emulator = Emulator::bind(options).await.unwrap();
            let running = Running {
                http: emulator.origin().trim_start_matches("http://").to_owned(),
                imap: emulator.imap_addr().unwrap(),
                smtp: emulator.smtp_addr().unwrap(),
            };
            sender.send(running).unwrap();
            emulator.run().await
        })
    });
    receiver.recv().unwrap()
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }

    /// The value of a hidden input.
    fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let from = self.body.find(&marker).unwrap_or_else(|| panic!("no {name} in {}", self.body)) + marker.len();
        unescape(&self.body[from..from + self.body[from..].find('"').unwrap()])
    }

    /// The action of the form around the element `data-testid="testid"` (or of that form).
    fn form_action(&self, testid: &str) -> String {
        let at = self.body.find(&format!("data-testid=\"{testid}\"")).unwrap();
        let form = self.body[..at + 1].rfind("<form").unwrap();
        let from = form + self.body[form..].find("action=\"").unwrap() + "action=\"".len();
        unescape(&self.body[from..from + self.body[from..].find('"').unwrap()])
    }

    fn has(&self, testid: &str) -> bool {
        self.body.contains(&format!("data-testid=\"{testid}\""))
    }
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Plain HTTP/1.1 with a cookie jar: enough to sign in as a browser does.
struct Browser {
    host: String,
    cookies: HashMap<String, String>,
}

impl Browser {
    fn new(running: &Running) -> Browser {
        Browser { host: running.http.clone(), cookies: HashMap::new() }
    }

    fn request(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut head =
            format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n", self.host, body.len());
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            head.push_str(&format!("Cookie: {}\r\n", jar.join("; ")));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        write!(stream, "{head}\r\n{body}").unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> =
            lines.filter_map(|line| line.split_once(": ")).map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned())).collect();
        for (_, cookie) in headers.iter().filter(|(name, _)| name == "set-cookie") {
            let (pair, _) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.insert(name.to_owned(), value.to_owned());
        }
        Reply { status, headers, body: body.to_owned() }
    }

    fn post_form(&mut self, path: &str, pairs: &[(&str, &str)], headers: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        self.request("POST", path, &all, &body)
    }

    /// Signs `upn` in to the demo app with `scope` (consenting as asked) and redeems the
    /// code: the access token.
    fn access_token(&mut self, scope: &str, upn: &str) -> String {
        let query = serde_urlencoded::to_string([
            ("client_id", DEMO_CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", APP),
            ("scope", scope),
            ("state", "s"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ])
        .unwrap();
        let mut reply = self.request("GET", &format!("/common/oauth2/v2.0/authorize?{query}"), &[], "");
        for _ in 0..6 {
            if reply.status == 302 {
                break;
            }
            assert_eq!(reply.status, 200, "{}", reply.body);
            let ctx = reply.hidden("ctx");
            reply = if reply.has("signin-form") {
                self.post_form(&reply.form_action("signin-form"), &[("ctx", &ctx), ("login", upn), ("passwd", "demo")], &[])
            } else if reply.has("account-tile") {
                self.post_form(&reply.form_action("account-tile"), &[("ctx", &ctx), ("upn", upn)], &[])
            } else if reply.has("consent-accept") {
                self.post_form(&reply.form_action("consent-accept"), &[("ctx", &ctx), ("decision", "accept")], &[])
            } else {
                panic!("an unexpected page: {}", reply.body);
            };
        }
        let location = reply.header("location").unwrap().to_owned();
        let params: HashMap<String, String> =
            serde_urlencoded::from_str(location.split_once('?').map(|(_, query)| query).unwrap_or_default()).unwrap();
        let code = params.get("code").unwrap_or_else(|| panic!("no code in {location}"));
        let pairs = [
            ("client_id", DEMO_CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", APP),
            ("code_verifier", VERIFIER),
            ("scope", scope),
        ];
        let reply = self.post_form("/common/oauth2/v2.0/token", &pairs, &[("Origin", "http://localhost:8080")]);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["access_token"].as_str().unwrap().to_owned()
    }

    fn graph(&mut self, token: &str, path: &str) -> Value {
        let reply = self.request("GET", path, &[("Authorization", &format!("Bearer {token}"))], "");
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply.json()
    }

    fn advance_clock(&mut self, seconds: i64) {
        let reply = self.request(
            "POST",
            "/_emulator/clock/advance",
            &[("Content-Type", "application/json")],
            &format!("{{\"seconds\": {seconds}}}"),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
}

fn xoauth2(user: &str, token: &str) -> String {
    STANDARD.encode(format!("user={user}\x01auth=Bearer {token}\x01\x01"))
}

/// An IMAP client that sends tagged commands and reads whole responses, literals included.
struct Imap {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    tags: u32,
    greeting: String,
}

impl Imap {
    fn connect(address: SocketAddr) -> Imap {
        let stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut imap = Imap { reader: BufReader::new(stream.try_clone().unwrap()), writer: stream, tags: 0, greeting: String::new() };
        imap.greeting = String::from_utf8(imap.response()).unwrap();
        imap
    }

    /// One response: a line, and the literals it announces with the lines that follow them.
    fn response(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let mut line = Vec::new();
            self.reader.read_until(b'\n', &mut line).unwrap();
            assert!(line.ends_with(b"\r\n"), "the server closed or sent {:?}", String::from_utf8_lossy(&line));
            out.extend_from_slice(&line);
            let text = String::from_utf8_lossy(&line[..line.len() - 2]).into_owned();
            let size = text.strip_suffix('}').and_then(|t| t.rsplit_once('{')).and_then(|(_, n)| n.parse::<usize>().ok());
            match size {
                Some(size) => {
                    let mut literal = vec![0; size];
                    self.reader.read_exact(&mut literal).unwrap();
                    out.extend_from_slice(&literal);
                }
                None => return out,
            }
        }
    }

    fn send(&mut self, line: &str) {
        write!(self.writer, "{line}\r\n").unwrap();
    }

    fn next_tag(&mut self) -> String {
        self.tags += 1;
        format!("a{}", self.tags)
    }

    /// Sends `command` under a new tag: the untagged responses, and the tagged one's text
    /// after the tag.
    fn command(&mut self, command: &str) -> (Vec<Vec<u8>>, String) {
        let tag = self.next_tag();
        self.send(&format!("{tag} {command}"));
        self.finish(&tag)
    }

    fn finish(&mut self, tag: &str) -> (Vec<Vec<u8>>, String) {
        let mut untagged = Vec::new();
        loop {
            let response = self.response();
            let text = String::from_utf8_lossy(&response).into_owned();
            if let Some(status) = text.strip_prefix(&format!("{tag} ")) {
                return (untagged, status.trim_end().to_owned());
            }
            untagged.push(response);
        }
    }

    /// As [`Imap::command`], the untagged responses as text.
    fn lines(&mut self, command: &str) -> (Vec<String>, String) {
        let (untagged, status) = self.command(command);
        (untagged.iter().map(|r| String::from_utf8_lossy(r).trim_end().to_owned()).collect(), status)
    }

    fn signed_in(address: SocketAddr, user: &str, token: &str) -> Imap {
        let mut imap = Imap::connect(address);
        let (_, status) = imap.command(&format!("AUTHENTICATE XOAUTH2 {}", xoauth2(user, token)));
        assert_eq!(status, "OK AUTHENTICATE completed.");
        imap
    }
}

/// The literal after `name ` in a FETCH response.
fn literal_after<'a>(response: &'a [u8], name: &str) -> &'a [u8] {
    let marker = format!("{name} {{");
    let text = String::from_utf8_lossy(response);
    let at = text.find(&marker).unwrap_or_else(|| panic!("no {name} in {text}"));
    let open = at + marker.len();
    let close = open + text[open..].find('}').unwrap();
    let size: usize = text[open..close].parse().unwrap();
    // Rendered messages are ASCII (7-bit, quoted-printable, base64): text offsets are byte offsets.
    &response[close + 3..close + 3 + size]
}

/// An SMTP client: replies are read whole (every `NNN-` line up to the `NNN ` one).
struct Smtp {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Smtp {
    fn connect(address: SocketAddr) -> (Smtp, String) {
        let stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut smtp = Smtp { reader: BufReader::new(stream.try_clone().unwrap()), writer: stream };
        let greeting = smtp.reply();
        (smtp, greeting)
    }

    fn reply(&mut self) -> String {
        let mut reply = String::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            assert!(line.ends_with("\r\n"), "the server closed or sent {line:?}");
            reply.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                return reply.trim_end().to_owned();
            }
        }
    }

    fn say(&mut self, line: &str) -> String {
        write!(self.writer, "{line}\r\n").unwrap();
        self.reply()
    }

    fn signed_in(address: SocketAddr, user: &str, token: &str) -> Smtp {
        let (mut smtp, _) = Smtp::connect(address);
        assert!(smtp.say("EHLO client.example").starts_with("250-"));
        assert_eq!(smtp.say(&format!("AUTH XOAUTH2 {}", xoauth2(user, token))), "235 2.7.0 Authentication successful");
        smtp
    }
}

fn subjects(messages: &Value) -> Vec<String> {
    messages["value"].as_array().unwrap().iter().map(|m| m["subject"].as_str().unwrap_or_default().to_owned()).collect()
}

#[test]
fn imap_greets_and_refuses_as_exchange_before_sign_in() {
    let running = start();
    let mut imap = Imap::connect(running.imap);
    let greeting = imap.greeting.trim_end().to_owned();
    let server = greeting.strip_prefix("* OK The Microsoft Exchange IMAP4 service is ready. [").unwrap().strip_suffix(']').unwrap();
    let utf16: Vec<u16> = STANDARD.decode(server).unwrap().chunks(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect();
    assert!(String::from_utf16(&utf16).unwrap().contains('.'), "the server's name, in UTF-16LE: {greeting}");
    let (lines, status) = imap.lines("CAPABILITY");
    assert_eq!(
        lines,
        ["* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+"]
    );
    assert_eq!(status, "OK CAPABILITY completed.");
    assert_eq!(imap.command("LOGIN adele@contoso.example demo").1, "NO LOGIN failed.");
    assert_eq!(imap.command("LOGIN {21+}\r\nadele@contoso.example \"demo\"").1, "NO LOGIN failed.", "a non-synchronizing literal");
    assert_eq!(imap.command("AUTHENTICATE PLAIN AGFkZWxlQGNvbnRvc28uZXhhbXBsZQBkZW1v").1, "NO AUTHENTICATE failed.");
    assert_eq!(imap.command("SELECT INBOX").1, "BAD Command received in Invalid state.");
    assert_eq!(imap.command("FETCH 1 FLAGS").1, "BAD Command received in Invalid state.");
    assert_eq!(imap.command("XYZZY").1, "BAD Command Error. 12");
    assert_eq!(imap.lines("ID (\"name\" \"test\")"), (vec!["* ID NIL".to_owned()], "OK ID completed.".to_owned()));
    assert_eq!(imap.lines("NOOP"), (vec![], "OK NOOP completed.".to_owned()));
    let (lines, status) = imap.lines("LOGOUT");
    assert_eq!(lines, ["* BYE Microsoft Exchange Server IMAP4 server signing off."]);
    assert_eq!(status, "OK LOGOUT completed.");
}

#[test]
fn imap_signs_in_with_xoauth2_with_and_without_an_initial_response() {
    let running = start();
    let mut browser = Browser::new(&running);
    let token = browser.access_token(OUTLOOK_SCOPES, ADELE);

    let mut imap = Imap::signed_in(running.imap, ADELE, &token);
    let (lines, _) = imap.lines("CAPABILITY");
    assert_eq!(
        lines,
        ["* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+"]
    );
    assert_eq!(imap.command("AUTHENTICATE XOAUTH2 x").1, "BAD Command received in Invalid state.");
    assert_eq!(imap.lines("NAMESPACE"), (vec!["* NAMESPACE ((\"\" \"/\")) NIL NIL".to_owned()], "OK NAMESPACE completed.".to_owned()));

    // Python's imaplib and others: the server asks with `+`, the response follows alone.
    let mut imap = Imap::connect(running.imap);
    let tag = imap.next_tag();
    imap.send(&format!("{tag} AUTHENTICATE XOAUTH2"));
    assert_eq!(imap.response(), b"+ \r\n");
    imap.send(&xoauth2(ADELE, &token));
    assert_eq!(imap.finish(&tag).1, "OK AUTHENTICATE completed.");

    let mut imap = Imap::connect(running.imap);
    let tag = imap.next_tag();
    imap.send(&format!("{tag} AUTHENTICATE XOAUTH2"));
    imap.response();
    imap.send("*");
    assert!(imap.finish(&tag).1.starts_with("BAD "), "a cancelled exchange");
    assert_eq!(imap.command("SELECT INBOX").1, "BAD Command received in Invalid state.");
}

#[test]
fn imap_refuses_tokens_exchange_refuses() {
    let running = start();
    let mut browser = Browser::new(&running);
    let outlook = browser.access_token(OUTLOOK_SCOPES, ADELE);
    let graph = browser.access_token(GRAPH_SCOPES, ADELE);
    let refused = |user: &str, token: &str| {
        let mut imap = Imap::connect(running.imap);
        imap.command(&format!("AUTHENTICATE XOAUTH2 {}", xoauth2(user, token))).1
    };
    assert_eq!(refused(ADELE, &graph), "NO AUTHENTICATE failed.", "a token for Graph");
    assert_eq!(refused(ADELE, "not-a-token"), "NO AUTHENTICATE failed.");
    let mut other_browser = Browser::new(&running);
    let smtp_only = other_browser.access_token("https://outlook.office.com/SMTP.Send", MEGAN);
    assert_eq!(refused(MEGAN, &smtp_only), "NO AUTHENTICATE failed.", "no IMAP.AccessAsUser.All in scp");

    // Adele holds full access to Megan's mailbox: `user=` opens it, as a shared mailbox.
    let mut shared = Imap::signed_in(running.imap, MEGAN, &outlook);
    let (lines, _) = shared.lines("SELECT INBOX");
    assert!(lines.contains(&"* 3 EXISTS".to_owned()), "{lines:?}");
    // Megan holds none to Adele's: Exchange takes the token, then serves nothing.
    let megan = other_browser.access_token(OUTLOOK_SCOPES, MEGAN);
    let mut stranger = Imap::signed_in(running.imap, ADELE, &megan);
    assert_eq!(stranger.command("SELECT INBOX").1, "BAD User is authenticated but not connected.");
    assert_eq!(stranger.command("LOGOUT").1, "OK LOGOUT completed.");

    browser.advance_clock(3600);
    assert_eq!(refused(ADELE, &outlook), "NO AUTHENTICATE failed.", "expired by the emulator's clock");
}

#[test]
fn imap_lists_the_folders_and_counts_the_inbox_as_graph_does() {
    let running = start();
    let mut browser = Browser::new(&running);
    let token = browser.access_token(OUTLOOK_SCOPES, ADELE);
    let graph = browser.access_token(GRAPH_SCOPES, ADELE);
    let mut imap = Imap::signed_in(running.imap, ADELE, &token);

    let (lines, status) = imap.lines("LIST \"\" \"*\"");
    assert_eq!(status, "OK LIST completed.");
    for expected in [
        r#"* LIST (\HasChildren) "/" Inbox"#,
        r#"* LIST (\HasNoChildren \Sent) "/" "Sent Items""#,
        r#"* LIST (\HasNoChildren \Drafts) "/" Drafts"#,
        r#"* LIST (\HasNoChildren \Trash) "/" "Deleted Items""#,
        r#"* LIST (\HasNoChildren \Junk) "/" "Junk Email""#,
        r#"* LIST (\HasNoChildren \Archive) "/" Archive"#,
    ] {
        assert!(lines.contains(&expected.to_owned()), "{expected} in {lines:#?}");
    }
    let children = imap.lines("LIST \"\" \"INBOX/%\"").0;
    assert!(
        !children.is_empty() && children.iter().all(|line| line.contains("\"/\" Inbox/") || line.contains("\"/\" \"Inbox/")),
        "{children:?}"
    );
    let top = imap.lines("LIST \"\" \"%\"").0;
    assert!(top.iter().all(|line| !line.contains("Inbox/")), "{top:?}");
    assert_eq!(imap.lines("LIST \"\" \"\"").0, [r#"* LIST (\Noselect) "/" """#]);

    let inbox = browser.graph(&graph, "/v1.0/me/mailFolders/inbox");
    let (total, unread) = (inbox["totalItemCount"].as_u64().unwrap(), inbox["unreadItemCount"].as_u64().unwrap());
    let (lines, status) = imap.lines("SELECT inbox");
    assert_eq!(status, "OK [READ-WRITE] SELECT completed.");
    assert_eq!(lines[0], format!("* {total} EXISTS"));
    assert_eq!(lines[1], "* 0 RECENT");
    assert_eq!(lines[2], r"* FLAGS (\Seen \Answered \Flagged \Deleted \Draft $MDNSent)");
    assert!(lines.iter().any(|l| l.starts_with("* OK [UNSEEN ") && l.ends_with("] Is the first unseen message")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("* OK [UIDVALIDITY ") && l.ends_with("] UIDVALIDITY value")));
    assert!(lines.iter().any(|l| l.starts_with("* OK [UIDNEXT ") && l.ends_with("] The next unique identifier value")));
    let (lines, _) = imap.lines("STATUS INBOX (MESSAGES UNSEEN)");
    assert_eq!(lines, [format!("* STATUS Inbox (MESSAGES {total} UNSEEN {unread})")]);
    let (lines, _) = imap.lines("SEARCH UNSEEN");
    assert_eq!(lines[0].split(' ').count() - 2, unread as usize, "{lines:?}");
    assert_eq!(imap.command("EXAMINE \"Sent Items\"").1, "OK [READ-ONLY] EXAMINE completed.");
    assert_eq!(imap.command("SELECT Nowhere").1, "NO SELECT failed.");
    assert_eq!(imap.command("FETCH 1 FLAGS").1, "BAD Command received in Invalid state.", "a failed SELECT leaves none open");
}

#[test]
fn imap_fetches_envelopes_and_exact_bodies_and_marks_read_as_imap_does() {
    let running = start();
    let mut browser = Browser::new(&running);
    let token = browser.access_token(OUTLOOK_SCOPES, ADELE);
    let graph = browser.access_token(GRAPH_SCOPES, ADELE);
    let mut imap = Imap::signed_in(running.imap, ADELE, &token);
    imap.command("SELECT INBOX");

    let (untagged, status) = imap.command("FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[] ENVELOPE)");
    assert_eq!(status, "OK FETCH completed.");
    let listed = browser.graph(&graph, "/v1.0/me/mailFolders/inbox/messages?$top=100&$select=subject,internetMessageId,isRead");
    let by_id: HashMap<String, Value> =
        listed["value"].as_array().unwrap().iter().map(|m| (m["internetMessageId"].as_str().unwrap().to_owned(), m.clone())).collect();
    assert_eq!(untagged.len(), by_id.len());
    let mut unread_uid = None;
    for (at, response) in untagged.iter().enumerate() {
        let text = String::from_utf8_lossy(response);
        assert!(text.starts_with(&format!("* {} FETCH (UID ", at + 1)), "{text}");
        let size: usize = text.split("RFC822.SIZE ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        let message = literal_after(response, "BODY[]");
        assert_eq!(message.len(), size);
        assert!(message.windows(2).filter(|w| w[1] == b'\n').all(|w| w[0] == b'\r'), "CRLF line ends only");
        let head = String::from_utf8_lossy(message);
        let id = head.lines().find_map(|line| line.strip_prefix("Message-ID: ")).unwrap().trim().to_owned();
        let graph_message = &by_id[&id];
        let subject = graph_message["subject"].as_str().unwrap();
        assert!(head.contains(&format!("\r\nSubject: {subject}\r\n")), "{head}");
        assert!(text.contains("ENVELOPE (\"") && text.contains(&format!(" \"{subject}\" ((")), "{text}");
        assert!(text.ends_with(&format!(" \"{id}\"))\r\n")), "the message id closes the envelope: {text}");
        if graph_message["isRead"] == false {
            assert!(!text.contains(r"\Seen"), "{text}");
            unread_uid = text.split("UID ").nth(1).and_then(|rest| rest.split(' ').next()).map(str::to_owned);
        }
    }
    let uid = unread_uid.expect("the demo inbox has unread mail");
    let (untagged, _) = imap.command(&format!("UID FETCH {uid} (BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[TEXT])"));
    let text = String::from_utf8_lossy(&untagged[0]).into_owned();
    assert!(text.contains(&format!("(UID {uid} BODY[HEADER.FIELDS (SUBJECT)] {{")), "{text}");
    assert!(literal_after(&untagged[0], "BODY[HEADER.FIELDS (SUBJECT)]").starts_with(b"Subject: "));
    assert!(literal_after(&untagged[0], "BODY[HEADER.FIELDS (SUBJECT)]").ends_with(b"\r\n\r\n"));
    let unread = browser.graph(&graph, "/v1.0/me/mailFolders/inbox?$select=unreadItemCount")["unreadItemCount"].clone();

    let (untagged, _) = imap.command(&format!("UID FETCH {uid} BODY[]"));
    let text = String::from_utf8_lossy(&untagged[0]).into_owned();
    assert!(text.contains(" FLAGS (\\Seen"), "the \\Seen it set comes back: {text}");
    let now_unread = browser.graph(&graph, "/v1.0/me/mailFolders/inbox?$select=unreadItemCount")["unreadItemCount"].clone();
    assert_eq!(now_unread.as_u64().unwrap() + 1, unread.as_u64().unwrap(), "BODY[] marks the message read in Graph");
    let (untagged, _) = imap.command(&format!("UID FETCH {uid}:* (FLAGS)"));
    assert!(String::from_utf8_lossy(&untagged[0]).contains(&format!("UID {uid} FLAGS (\\Seen")));
    assert_eq!(imap.command("FETCH 999 FLAGS").1, "BAD Command Argument Error. 11");
    assert_eq!(imap.command("UID FETCH 999999 FLAGS"), (vec![], "OK FETCH completed.".to_owned()));
}

#[test]
fn imap_flags_moves_and_deletes_through_to_graph() {
    let running = start();
    let mut browser = Browser::new(&running);
    let token = browser.access_token(OUTLOOK_SCOPES, ADELE);
    let graph = browser.access_token(GRAPH_SCOPES, ADELE);
    let mut imap = Imap::signed_in(running.imap, ADELE, &token);
    let (lines, _) = imap.lines("SELECT INBOX");
    let exists: usize = lines[0].split(' ').nth(1).unwrap().parse().unwrap();
    let count = |browser: &mut Browser, folder: &str| {
        browser.graph(&graph, &format!("/v1.0/me/mailFolders/{folder}"))["totalItemCount"].as_u64().unwrap()
    };
    let archived = count(&mut browser, "archive");

    let (lines, status) = imap.lines("STORE 1 +FLAGS (\\Flagged)");
    assert_eq!(status, "OK STORE completed.");
    assert!(lines[0].starts_with("* 1 FETCH (FLAGS (") && lines[0].contains("\\Flagged"), "{lines:?}");
    let (untagged, _) = imap.command("FETCH 1 BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]");
    let header = String::from_utf8_lossy(literal_after(&untagged[0], "BODY[HEADER.FIELDS (MESSAGE-ID)]")).into_owned();
    let id = header.trim().strip_prefix("Message-ID: ").unwrap().to_owned();
    let flagged = browser.graph(&graph, "/v1.0/me/mailFolders/inbox/messages?$top=100&$select=internetMessageId,flag");
    let message = flagged["value"].as_array().unwrap().iter().find(|m| m["internetMessageId"] == id.as_str()).unwrap();
    assert_eq!(message["flag"]["flagStatus"], "flagged");

    let (lines, status) = imap.lines("MOVE 1 Archive");
    assert_eq!(status, "OK MOVE completed.");
    assert!(lines[0].starts_with("* OK [COPYUID "), "{lines:?}");
    assert_eq!(lines[1], "* 1 EXPUNGE");
    assert_eq!(count(&mut browser, "archive"), archived + 1);

    assert_eq!(imap.lines("STORE 2 +FLAGS.SILENT (\\Deleted)"), (vec![], "OK STORE completed.".to_owned()));
    assert_eq!(imap.lines("SEARCH DELETED").0, ["* SEARCH 2"]);
    assert_eq!(imap.lines("EXPUNGE"), (vec!["* 2 EXPUNGE".to_owned()], "OK EXPUNGE completed.".to_owned()));
    assert_eq!(count(&mut browser, "inbox") as usize, exists - 2);
    let (lines, _) = imap.lines("NOOP");
    assert!(lines.is_empty(), "the session already knows: {lines:?}");
}

#[test]
fn smtp_sends_to_sent_items_and_the_inbox_through_graph_and_imap() {
    let running = start();
    let mut browser = Browser::new(&running);
    let token = browser.access_token(OUTLOOK_SCOPES, ADELE);
    let graph = browser.access_token(GRAPH_SCOPES, ADELE);
    let mut watcher = Imap::signed_in(running.imap, ADELE, &token);
    let exists: usize = watcher.lines("SELECT INBOX").0[0].split(' ').nth(1).unwrap().parse().unwrap();

    let (mut smtp, greeting) = Smtp::connect(running.smtp);
    assert!(greeting.starts_with("220 ") && greeting.contains(" Microsoft ESMTP MAIL Service ready at "), "{greeting}");
    let ehlo = smtp.say("EHLO client.example");
    let keywords: Vec<&str> = ehlo.lines().skip(1).map(|line| &line[4..]).collect();
    assert_eq!(
        keywords,
        [
            "SIZE 157286400",
            "PIPELINING",
            "DSN",
            "ENHANCEDSTATUSCODES",
            "AUTH LOGIN XOAUTH2",
            "8BITMIME",
            "BINARYMIME",
            "CHUNKING",
            "SMTPUTF8"
        ]
    );
    // The initial response after a `334` challenge, as some clients send it.
    assert_eq!(smtp.say("AUTH XOAUTH2"), "334");
    assert_eq!(smtp.say(&xoauth2(ADELE, &token)), "235 2.7.0 Authentication successful");
    assert_eq!(smtp.say("MAIL FROM:<adele@contoso.example> SIZE=1000"), "250 2.1.0 Sender OK");
    assert_eq!(smtp.say("RCPT TO:<adele@contoso.example>"), "250 2.1.5 Recipient OK");
    assert_eq!(smtp.say("RCPT TO:<megan@contoso.example>"), "250 2.1.5 Recipient OK");
    assert_eq!(smtp.say("DATA"), "354 Start mail input; end with <CRLF>.<CRLF>");
    let message = "From: Adele Vance <adele@contoso.example>\r\nTo: adele@contoso.example\r\n\
                   Subject: =?utf-8?B?UXVhcnRlcmx5IHJlcG9ydCDigJQgZmluYWw=?=\r\nMessage-ID: <smtp-1@client.example>\r\n\
                   MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe numbers are in.\r\n\
                   ..a line that began with a dot\r\n.\r\n";
    write!(smtp.writer, "{message}").unwrap();
    assert_eq!(smtp.reply(), "250 2.0.0 OK <smtp-1@client.example> [Hostname=mail.contoso.example]");
    assert_eq!(smtp.say("QUIT"), "221 2.0.0 Service closing transmission channel");

    let inbox = browser.graph(&graph, "/v1.0/me/mailFolders/inbox/messages?$top=1");
    let delivered = &inbox["value"][0];
    assert_eq!(delivered["subject"], "Quarterly report — final");
    assert_eq!(delivered["isRead"], false);
    assert_eq!(delivered["internetMessageId"], "<smtp-1@client.example>");
    assert_eq!(delivered["from"]["emailAddress"]["address"], ADELE);
    assert_eq!(delivered["body"]["content"], "The numbers are in.\r\n.a line that began with a dot\r\n");
    assert_eq!(delivered["bccRecipients"], serde_json::json!([]));
    let sent = browser.graph(&graph, "/v1.0/me/mailFolders/sentitems/messages?$top=1");
    assert_eq!(subjects(&sent), ["Quarterly report — final"]);
    assert_eq!(sent["value"][0]["bccRecipients"][0]["emailAddress"]["address"], MEGAN, "envelope-only recipients are the Bcc");

    let mut path = "/v1.0/me/mailFolders/inbox/messages/delta?$select=subject".to_owned();
    let mut seen = Vec::new();
    loop {
        let page = browser.graph(&graph, &path);
        seen.extend(subjects(&page));
        match page["@odata.nextLink"].as_str() {
            Some(next) => path = next.split_once("/v1.0/").map(|(_, rest)| format!("/v1.0/{rest}")).unwrap(),
            None => break,
        }
    }
    assert!(seen.contains(&"Quarterly report — final".to_owned()), "delta sees it: {seen:?}");

    assert_eq!(watcher.lines("NOOP").0, [format!("* {} EXISTS", exists + 1)]);
    let (untagged, _) = watcher.command(&format!("FETCH {} (ENVELOPE BODY.PEEK[TEXT])", exists + 1));
    assert!(String::from_utf8_lossy(&untagged[0]).contains("\"=?utf-8?B?"), "the subject stays encoded in the envelope");
    assert_eq!(literal_after(&untagged[0], "BODY[TEXT]"), b"The numbers are in.\r\n.a line that began with a dot\r\n");
}

#[test]
fn smtp_refuses_what_exchange_refuses() {
    let running = start();
    let mut browser = Browser::new(&running);
    let token = browser.access_token(OUTLOOK_SCOPES, ADELE);
    let graph = browser.access_token(GRAPH_SCOPES, ADELE);

    let (mut smtp, _) = Smtp::connect(running.smtp);
    assert_eq!(smtp.say("MAIL FROM:<adele@contoso.example>"), "503 5.5.2 Send hello first");
    smtp.say("EHLO client.example");
    assert!(smtp.say("MAIL FROM:<adele@contoso.example>").starts_with("530 5.7.57 Client not authenticated to send mail."));
    assert_eq!(smtp.say("AUTH LOGIN"), "334 VXNlcm5hbWU6");
    assert_eq!(smtp.say("YWRlbGVAY29udG9zby5leGFtcGxl"), "334 UGFzc3dvcmQ6");
    assert_eq!(smtp.say("ZGVtbw=="), "550 5.7.30 Basic authentication is not supported for Client Submission.");
    assert_eq!(smtp.say("AUTH PLAIN AGFkZWxlAGRlbW8="), "504 5.7.4 Unrecognized authentication type");
    assert!(smtp.say(&format!("AUTH XOAUTH2 {}", xoauth2(ADELE, &graph))).starts_with("535 5.7.3 Authentication unsuccessful"));
    assert!(smtp.say(&format!("AUTH XOAUTH2 {}", xoauth2(MEGAN, &token))).starts_with("535 5.7.3 "), "user= is not the token's");
    assert_eq!(smtp.say("STARTTLS"), "454 4.7.0 TLS not available");
    assert_eq!(smtp.say("HELP"), "500 5.3.3 Unrecognized command 'HELP'");

    let sent_before = browser.graph(&graph, "/v1.0/me/mailFolders/sentitems")["totalItemCount"].clone();
    let mut smtp = Smtp::signed_in(running.smtp, ADELE, &token);
    assert_eq!(smtp.say("DATA"), "503 5.5.2 Need mail command");
    assert_eq!(smtp.say("MAIL FROM:<megan@contoso.example>"), "250 2.1.0 Sender OK", "Exchange checks the sender after DATA");
    assert_eq!(smtp.say("RCPT TO:<adele@contoso.example>"), "250 2.1.5 Recipient OK");
    assert_eq!(smtp.say("DATA"), "354 Start mail input; end with <CRLF>.<CRLF>");
    write!(smtp.writer, "From: megan@contoso.example\r\nSubject: as Megan\r\n\r\nhi\r\n.\r\n").unwrap();
    let refusal = smtp.reply();
    assert!(
        refusal.starts_with(
            "554 5.2.252 SendAsDenied; adele@contoso.example not allowed to send as megan@contoso.example; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied;"
        ),
        "{refusal}"
    );
    assert_eq!(browser.graph(&graph, "/v1.0/me/mailFolders/sentitems")["totalItemCount"], sent_before);
    // The transaction ended: a new one may start, here with BDAT (CHUNKING) instead of DATA.
    assert_eq!(smtp.say("MAIL FROM:<adele@contoso.example>"), "250 2.1.0 Sender OK");
    assert_eq!(smtp.say("RCPT TO:<adele@contoso.example>"), "250 2.1.5 Recipient OK");
    let chunk = "Subject: in chunks\r\n\r\n.no stuffing in BDAT\r\n";
    write!(smtp.writer, "BDAT {} LAST\r\n{chunk}", chunk.len()).unwrap();
    assert!(smtp.reply().starts_with("250 2.0.0 OK <"));
    let inbox = browser.graph(&graph, "/v1.0/me/mailFolders/inbox/messages?$top=1");
    assert_eq!(inbox["value"][0]["subject"], "in chunks");
    assert_eq!(inbox["value"][0]["body"]["content"], ".no stuffing in BDAT\r\n");
}

#[test]
fn the_binary_announces_its_imap_and_smtp_ports_after_the_http_ones() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tern-emulator"))
        .args(["--port", "0", "--imap-port", "0", "--smtp-port=0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = || {
        let mut text = String::new();
        stdout.read_line(&mut text).unwrap();
        text.trim_end().to_owned()
    };
    assert!(line().starts_with("listening on http://127.0.0.1:"));
    assert!(line().starts_with("uploads on http://127.0.0.1:"));
    let imap = line().strip_prefix("imap on ").map(str::to_owned).unwrap();
    let smtp = line().strip_prefix("smtp on ").map(str::to_owned).unwrap();
    let imap = Imap::connect(imap.parse().unwrap());
    assert!(imap.greeting.starts_with("* OK The Microsoft Exchange IMAP4 service is ready."));
    let (_, greeting) = Smtp::connect(smtp.parse().unwrap());
    assert!(greeting.starts_with("220 "));
    let _ = child.kill();
    let _ = child.wait();
}
