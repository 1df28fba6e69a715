//! IMAP4rev1 (RFC 3501) as Exchange Online answers it on `outlook.office365.com` once TLS
//! is up: AUTHENTICATE XOAUTH2 (basic LOGIN refused), the folder list, SELECT and EXAMINE,
//! FETCH, STORE, SEARCH, COPY, MOVE and EXPUNGE (also by UID), STATUS, IDLE, over the
//! mailbox Graph serves.
//!
//! A message's UID is the mailbox's sequence number at which it came into its folder
//! (`Message::arrived`): it only grows, never changes while the message stays, and a move
//! or copy into the folder makes a new one, as IMAP wants.

use super::rfc5322::{self, Address, Entity, Envelope, Shape};
use super::xoauth2::{self, IMAP_SCOPE};
use super::{read_line, LINE_LIMIT, SERVER_NAME};
use crate::graph::store::{Folder, Mailbox, Message};
use crate::Shared;
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, NO_PAD, STANDARD};
use base64::Engine;
use chrono::{DateTime, NaiveDate};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::io;
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

const CAPABILITY: &str = "IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+";
const CAPABILITY_SIGNED_IN: &str = "IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+";
const BYE: &str = "* BYE Microsoft Exchange Server IMAP4 server signing off.";
const INVALID_STATE: &str = "BAD Command received in Invalid state.";
/// What every command but LOGOUT gets after a token was taken for a mailbox it cannot open.
const NOT_CONNECTED: &str = "BAD User is authenticated but not connected.";
const UNKNOWN_COMMAND: &str = "BAD Command Error. 12";
const BAD_ARGUMENTS: &str = "BAD Command Argument Error. 11";
const FLAGS: &str = r"(\Seen \Answered \Flagged \Deleted \Draft $MDNSent)";
/// What STORE keeps: Graph's `isRead` and `flag`. `\Deleted` lasts as long as the session
/// (RFC 3501 allows session flags); the others have no Graph property.
const PERMANENT_FLAGS: &str = r"(\Seen \Flagged)";
const DELIMITER: char = '/';
/// How often IDLE looks for changes made through Graph or SMTP.
const IDLE_POLL: Duration = Duration::from_secs(1);
/// The most a command may carry, literals included.
const COMMAND_LIMIT: usize = 1 << 20;

pub async fn converse(stream: impl AsyncRead + AsyncWrite + Unpin, state: Shared) -> io::Result<()> {
    let (reader, mut writer) = tokio::io::split(stream);
    let mut reader = BufReader::new(reader);
    let mut session = Session { state, user: None, not_connected: false, selected: None };
    // Exchange names its server in the greeting: its FQDN in UTF-16LE, base64.
    let server: Vec<u8> = SERVER_NAME.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let greeting = format!("* OK The Microsoft Exchange IMAP4 service is ready. [{}]\r\n", STANDARD.encode(server));
    send(&mut writer, greeting.as_bytes()).await?;
    while let Some(command) = read_command(&mut reader, &mut writer).await? {
        let (tag, rest) = match command.iter().position(|&b| b == b' ') {
            Some(space) => (String::from_utf8_lossy(&command[..space]).into_owned(), &command[space + 1..]),
            None => (String::from_utf8_lossy(&command).into_owned(), &command[command.len()..]),
        };
        if !valid_tag(&tag) {
            send(&mut writer, b"* BAD Command Error. 10\r\n").await?;
            continue;
        }
        let Some(tokens) = tokenize(rest) else {
            send(&mut writer, format!("{tag} {BAD_ARGUMENTS}\r\n").as_bytes()).await?;
            continue;
        };
        let Some((Token::Atom(name), args)) = tokens.split_first() else {
            send(&mut writer, format!("{tag} {UNKNOWN_COMMAND}\r\n").as_bytes()).await?;
            continue;
        };
        let name = name.to_ascii_uppercase();
        let mut out = Vec::new();
        let status = match name.as_str() {
            "LOGOUT" => {
                send(&mut writer, format!("{BYE}\r\n{tag} OK LOGOUT completed.\r\n").as_bytes()).await?;
                return Ok(());
            }
            _ if session.not_connected => NOT_CONNECTED.to_owned(),
            "AUTHENTICATE" if session.user.is_none() => session.authenticate(args, &mut reader, &mut writer).await?,
            "IDLE" if session.user.is_some() => {
                send(&mut writer, b"+ IDLE accepted, awaiting DONE command.\r\n").await?;
                session.idle(&mut reader, &mut writer).await?
            }
            _ => session.run(&name, args, &mut out),
        };
        out.extend_from_slice(format!("{tag} {status}\r\n").as_bytes());
        send(&mut writer, &out).await?;
    }
    Ok(())
}

async fn send(writer: &mut (impl AsyncWrite + Unpin), bytes: &[u8]) -> io::Result<()> {
    writer.write_all(bytes).await?;
    writer.flush().await
}

/// A command line with the literals it announces (`{n}` after a go-ahead, `{n+}` without
/// one, RFC 7888), `None` at the end of the stream.
async fn read_command(reader: &mut (impl AsyncBufRead + Unpin), writer: &mut (impl AsyncWrite + Unpin)) -> io::Result<Option<Vec<u8>>> {
    let mut command = Vec::new();
    loop {
        let Some(line) = read_line(reader, LINE_LIMIT).await? else {
            return Ok(None);
        };
        command.extend_from_slice(&line);
        let Some((size, synchronizing)) = announced_literal(&line) else {
            return Ok(Some(command));
        };
        if command.len().checked_add(size).is_none_or(|total| total > COMMAND_LIMIT) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "a command too large"));
        }
        if synchronizing {
            send(writer, b"+ Ready for additional command text.\r\n").await?;
        }
        command.extend_from_slice(b"\r\n");
        let start = command.len();
        command.resize(start + size, 0);
        reader.read_exact(&mut command[start..]).await?;
    }
}

/// The size of the literal a line ends by announcing, and whether it waits for `+`.
fn announced_literal(line: &[u8]) -> Option<(usize, bool)> {
    let open = line.strip_suffix(b"}")?.iter().rposition(|&b| b == b'{')?;
    let spec = std::str::from_utf8(&line[open + 1..line.len() - 1]).ok()?;
    let (digits, synchronizing) = match spec.strip_suffix('+') {
        Some(digits) => (digits, false),
        None => (spec, true),
    };
    Some((digits.parse().ok()?, synchronizing))
}

fn valid_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_graphic() && !b"(){%*\"\\+".contains(&b))
}

/// A parsed argument: an atom (with any `[…]` section, spaces and all, kept whole, as in
/// `BODY[HEADER.FIELDS (FROM)]`), a quoted string or literal, or a parenthesised list.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Atom(String),
    Text(Vec<u8>),
    List(Vec<Token>),
}

impl Token {
    fn text(&self) -> Option<String> {
        match self {
            Token::Atom(atom) => Some(atom.clone()),
            Token::Text(bytes) => String::from_utf8(bytes.clone()).ok(),
            Token::List(_) => None,
        }
    }

    fn atom(&self) -> Option<&str> {
        match self {
            Token::Atom(atom) => Some(atom),
            _ => None,
        }
    }
}

/// How deep parenthesised lists (and search keys) may nest: real commands need a few
/// levels; a line of `((((…` must not exhaust the stack.
const NESTING_LIMIT: usize = 32;

fn tokenize(input: &[u8]) -> Option<Vec<Token>> {
    let mut at = 0;
    tokens(input, &mut at, 0)
}

fn tokens(input: &[u8], at: &mut usize, depth: usize) -> Option<Vec<Token>> {
    if depth > NESTING_LIMIT {
        return None;
    }
    let nested = depth > 0;
    let mut out = Vec::new();
    loop {
        while input.get(*at) == Some(&b' ') {
            *at += 1;
        }
        match input.get(*at) {
            None => return (!nested).then_some(out),
            Some(b')') if nested => {
                *at += 1;
                return Some(out);
            }
            Some(b')') => return None,
            Some(b'(') => {
                *at += 1;
                out.push(Token::List(tokens(input, at, depth + 1)?));
            }
            Some(b'"') => {
                *at += 1;
                let mut text = Vec::new();
                loop {
                    match *input.get(*at)? {
                        b'\\' => {
                            text.push(*input.get(*at + 1)?);
                            *at += 2;
                        }
                        b'"' => {
                            *at += 1;
                            break;
                        }
                        byte => {
                            text.push(byte);
                            *at += 1;
                        }
                    }
                }
                out.push(Token::Text(text));
            }
            Some(b'{') => {
                let close = *at + input[*at..].iter().position(|&b| b == b'}')?;
                let (size, _) = announced_literal(&input[*at..=close])?;
                let start = close + 1 + input.get(close + 1..close + 3).filter(|crlf| *crlf == b"\r\n").map(|_| 2)?;
                out.push(Token::Text(input.get(start..start.checked_add(size)?)?.to_vec()));
                *at = start + size;
            }
            Some(_) => {
                let start = *at;
                let mut depth = 0usize;
                while let Some(&byte) = input.get(*at) {
                    match byte {
                        b'[' => depth += 1,
                        b']' => depth = depth.saturating_sub(1),
                        b' ' | b'(' | b')' if depth == 0 => break,
                        b'\r' | b'\n' => break,
                        _ => {}
                    }
                    *at += 1;
                }
                if *at == start {
                    return None;
                }
                out.push(Token::Atom(String::from_utf8_lossy(&input[start..*at]).into_owned()));
            }
        }
    }
}

struct Session {
    state: Shared,
    /// Whose mailbox the session opened.
    user: Option<String>,
    /// A good token for a mailbox it may not open: Exchange says yes, then no to everything.
    not_connected: bool,
    selected: Option<Selected>,
}

/// The folder a session has open, and the UIDs its sequence numbers stand for: they change
/// only when the session is told (EXISTS, EXPUNGE).
struct Selected {
    folder_id: String,
    read_only: bool,
    uids: Vec<u64>,
    /// The messages marked `\Deleted`, which EXPUNGE and CLOSE delete.
    deleted: HashSet<u64>,
    /// The mailbox's change counter when the session last looked.
    seen_sequence: u64,
}

enum Stage {
    Any,
    NotAuthenticated,
    Authenticated,
    Selected,
}

fn stage_of(command: &str) -> Option<Stage> {
    Some(match command {
        "CAPABILITY" | "NOOP" | "ID" => Stage::Any,
        "LOGIN" | "AUTHENTICATE" => Stage::NotAuthenticated,
        "SELECT" | "EXAMINE" | "LIST" | "LSUB" | "STATUS" | "NAMESPACE" | "IDLE" => Stage::Authenticated,
        "CLOSE" | "UNSELECT" | "CHECK" | "EXPUNGE" | "FETCH" | "STORE" | "SEARCH" | "COPY" | "MOVE" | "UID" => Stage::Selected,
        _ => return None,
    })
}

impl Session {
    /// The commands that need nothing but the session: the tagged status to answer, with
    /// untagged responses in `out`.
    fn run(&mut self, command: &str, args: &[Token], out: &mut Vec<u8>) -> String {
        let allowed = match stage_of(command) {
            None => return UNKNOWN_COMMAND.to_owned(),
            Some(Stage::Any) => true,
            Some(Stage::NotAuthenticated) => self.user.is_none(),
            Some(Stage::Authenticated) => self.user.is_some(),
            Some(Stage::Selected) => self.selected.is_some(),
        };
        if !allowed {
            return INVALID_STATE.to_owned();
        }
        let result = match command {
            "CAPABILITY" => {
                let capability = if self.user.is_some() { CAPABILITY_SIGNED_IN } else { CAPABILITY };
                out.extend_from_slice(format!("* CAPABILITY {capability}\r\n").as_bytes());
                Ok("OK CAPABILITY completed.".to_owned())
            }
            "NOOP" | "CHECK" => {
                out.append(&mut self.changes());
                Ok(format!("OK {command} completed."))
            }
            "ID" => {
                out.extend_from_slice(b"* ID NIL\r\n");
                Ok("OK ID completed.".to_owned())
            }
            // Basic authentication is off in Exchange Online.
            "LOGIN" => Ok("NO LOGIN failed.".to_owned()),
            "SELECT" | "EXAMINE" => self.select(args, command == "EXAMINE", out),
            "LIST" | "LSUB" => self.list(command, args, out),
            "STATUS" => self.status(args, out),
            "NAMESPACE" => {
                out.extend_from_slice(b"* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n");
                Ok("OK NAMESPACE completed.".to_owned())
            }
            "CLOSE" => {
                // RFC 3501 §6.4.2: CLOSE expunges silently, unless the folder is read-only.
                if self.selected.as_ref().is_some_and(|selected| !selected.read_only) {
                    self.expunge(None);
                }
                self.selected = None;
                Ok("OK CLOSE completed.".to_owned())
            }
            "UNSELECT" => {
                self.selected = None;
                Ok("OK UNSELECT completed.".to_owned())
            }
            "EXPUNGE" => self.expunge_command(&[], false, out),
            "FETCH" => self.fetch(args, false, out),
            "STORE" => self.store(args, false, out),
            "SEARCH" => self.search(args, false, out),
            "COPY" | "MOVE" => self.transfer(args, false, command == "MOVE", out),
            "UID" => match args.split_first() {
                Some((Token::Atom(sub), rest)) => match sub.to_ascii_uppercase().as_str() {
                    "FETCH" => self.fetch(rest, true, out),
                    "STORE" => self.store(rest, true, out),
                    "SEARCH" => self.search(rest, true, out),
                    "COPY" => self.transfer(rest, true, false, out),
                    "MOVE" => self.transfer(rest, true, true, out),
                    "EXPUNGE" => self.expunge_command(rest, true, out),
                    _ => Err(UNKNOWN_COMMAND),
                },
                _ => Err(BAD_ARGUMENTS),
            },
            _ => Err(UNKNOWN_COMMAND),
        };
        result.unwrap_or_else(|refusal| refusal.to_owned())
    }

    async fn authenticate(
        &mut self,
        args: &[Token],
        reader: &mut (impl AsyncBufRead + Unpin),
        writer: &mut (impl AsyncWrite + Unpin),
    ) -> io::Result<String> {
        let (mechanism, initial) = match args {
            [mechanism] => (mechanism.atom(), None),
            [mechanism, initial] => (mechanism.atom(), initial.text()),
            _ => return Ok(BAD_ARGUMENTS.to_owned()),
        };
        let Some(mechanism) = mechanism.map(str::to_ascii_uppercase) else {
            return Ok(BAD_ARGUMENTS.to_owned());
        };
        let response = match initial {
            // RFC 4959: `=` is an empty initial response.
            Some(initial) => initial.trim_end_matches('=').is_empty().then(Vec::new).unwrap_or_else(|| initial.into_bytes()),
            None => {
                send(writer, b"+ \r\n").await?;
                match read_line(reader, LINE_LIMIT).await? {
                    Some(line) if line == b"*" => return Ok("BAD AUTHENTICATE cancelled.".to_owned()),
                    Some(line) => line,
                    None => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the connection ended inside AUTHENTICATE")),
                }
            }
        };
        // AUTH=PLAIN is advertised, and refused as basic authentication.
        let signed_in = (mechanism == "XOAUTH2").then(|| xoauth2::authenticate(&self.state, &response, IMAP_SCOPE)).flatten();
        let Some(signed_in) = signed_in else {
            return Ok("NO AUTHENTICATE failed.".to_owned());
        };
        self.not_connected = signed_in.mailbox.is_none();
        self.user = Some(signed_in.mailbox.unwrap_or(signed_in.upn));
        Ok("OK AUTHENTICATE completed.".to_owned())
    }

    /// Waits for `DONE`, telling of messages that come and go meanwhile.
    async fn idle(&mut self, reader: &mut (impl AsyncBufRead + Unpin), writer: &mut (impl AsyncWrite + Unpin)) -> io::Result<String> {
        let mut tick = tokio::time::interval(IDLE_POLL);
        let done = read_line(reader, LINE_LIMIT);
        tokio::pin!(done);
        loop {
            tokio::select! {
                line = &mut done => {
                    return match line? {
                        Some(line) if line.eq_ignore_ascii_case(b"DONE") => Ok("OK IDLE completed.".to_owned()),
                        Some(_) => Ok(BAD_ARGUMENTS.to_owned()),
                        None => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the connection ended inside IDLE")),
                    };
                }
                _ = tick.tick() => {
                    let news = self.changes();
                    if !news.is_empty() {
                        send(writer, &news).await?;
                    }
                }
            }
        }
    }

    fn with_mailbox<T>(&self, f: impl FnOnce(&mut Mailbox) -> T) -> T {
        with_mailbox(&self.state, self.user.as_deref(), f)
    }

    /// EXPUNGE and EXISTS for what left and came into the open folder since the session
    /// last looked.
    fn changes(&mut self) -> Vec<u8> {
        let Some(selected) = self.selected.take() else {
            return Vec::new();
        };
        let (selected, out) = self.with_mailbox(|mailbox| {
            let mut selected = selected;
            let mut out = Vec::new();
            if mailbox.sequence() == selected.seen_sequence {
                return (selected, out);
            }
            selected.seen_sequence = mailbox.sequence();
            let current = uids_in(mailbox, &selected.folder_id);
            let present: HashSet<u64> = current.iter().copied().collect();
            let mut at = 0;
            while at < selected.uids.len() {
                if present.contains(&selected.uids[at]) {
                    at += 1;
                } else {
                    out.extend_from_slice(format!("* {} EXPUNGE\r\n", at + 1).as_bytes());
                    selected.deleted.remove(&selected.uids.remove(at));
                }
            }
            let known: HashSet<u64> = selected.uids.iter().copied().collect();
            let before = selected.uids.len();
            selected.uids.extend(current.into_iter().filter(|uid| !known.contains(uid)));
            if selected.uids.len() != before {
                out.extend_from_slice(format!("* {} EXISTS\r\n", selected.uids.len()).as_bytes());
            }
            (selected, out)
        });
        self.selected = Some(selected);
        out
    }

    fn select(&mut self, args: &[Token], read_only: bool, out: &mut Vec<u8>) -> Result<String, &'static str> {
        let [name] = args else {
            return Err(BAD_ARGUMENTS);
        };
        let name = name.text().ok_or(BAD_ARGUMENTS)?;
        let command = if read_only { "EXAMINE" } else { "SELECT" };
        self.selected = None;
        let validity = self.state.uid_validity();
        let found = self.with_mailbox(|mailbox| {
            let (_, folder) = find_folder(mailbox, &name)?;
            let uids = uids_in(mailbox, &folder.id);
            let read: HashMap<u64, bool> =
                mailbox.messages.iter().filter(|m| m.folder_id == folder.id).map(|m| (m.arrived, m.flag("isRead"))).collect();
            let first_unseen = uids.iter().position(|uid| !read[uid]).map(|at| at + 1);
            let selected =
                Selected { folder_id: folder.id.clone(), read_only, uids, deleted: HashSet::new(), seen_sequence: mailbox.sequence() };
            Some((selected, first_unseen, mailbox.sequence() + 1))
        });
        let Some((selected, first_unseen, next_uid)) = found else {
            return Ok(format!("NO {command} failed."));
        };
        let mut lines = vec![format!("* {} EXISTS", selected.uids.len()), "* 0 RECENT".to_owned(), format!("* FLAGS {FLAGS}")];
        let permanent = if read_only { "()" } else { PERMANENT_FLAGS };
        lines.push(format!("* OK [PERMANENTFLAGS {permanent}] Permanent flags"));
        if let Some(first) = first_unseen {
            lines.push(format!("* OK [UNSEEN {first}] Is the first unseen message"));
        }
        lines.push(format!("* OK [UIDVALIDITY {validity}] UIDVALIDITY value"));
        lines.push(format!("* OK [UIDNEXT {next_uid}] The next unique identifier value"));
        for line in lines {
            out.extend_from_slice(format!("{line}\r\n").as_bytes());
        }
        self.selected = Some(selected);
        Ok(format!("OK [{}] {command} completed.", if read_only { "READ-ONLY" } else { "READ-WRITE" }))
    }

    fn list(&self, command: &str, args: &[Token], out: &mut Vec<u8>) -> Result<String, &'static str> {
        let [reference, pattern] = args else {
            return Err(BAD_ARGUMENTS);
        };
        let (reference, pattern) = (reference.text().ok_or(BAD_ARGUMENTS)?, pattern.text().ok_or(BAD_ARGUMENTS)?);
        if pattern.is_empty() {
            // RFC 3501 §6.3.8: an empty pattern asks for the hierarchy delimiter.
            out.extend_from_slice(format!("* {command} (\\Noselect) \"{DELIMITER}\" \"\"\r\n").as_bytes());
            return Ok(format!("OK {command} completed."));
        }
        let wanted = decode_mailbox_name(&format!("{reference}{pattern}")).ok_or(BAD_ARGUMENTS)?;
        let lines = self.with_mailbox(|mailbox| {
            let wanted: Vec<char> = inbox_alias(&wanted, &inbox_name(mailbox)).to_lowercase().chars().collect();
            let mut named = named_folders(mailbox);
            named.sort_by_key(|(name, _)| name.to_lowercase());
            named
                .iter()
                .filter(|(name, _)| matches(&wanted, &name.to_lowercase().chars().collect::<Vec<_>>()))
                .map(|(name, folder)| {
                    let children = named.iter().any(|(_, other)| other.parent_id == folder.id);
                    let mut flags = vec![if children { r"\HasChildren" } else { r"\HasNoChildren" }];
                    flags.extend(special_use(folder));
                    format!("* {command} ({}) \"{DELIMITER}\" {}\r\n", flags.join(" "), mailbox_name(name))
                })
                .collect::<String>()
        });
        out.extend_from_slice(lines.as_bytes());
        Ok(format!("OK {command} completed."))
    }

    fn status(&self, args: &[Token], out: &mut Vec<u8>) -> Result<String, &'static str> {
        let [name, Token::List(items)] = args else {
            return Err(BAD_ARGUMENTS);
        };
        let name = name.text().ok_or(BAD_ARGUMENTS)?;
        let validity = self.state.uid_validity();
        let answer = self.with_mailbox(|mailbox| {
            let (name, folder) = find_folder(mailbox, &name)?;
            let (total, unread, _) = mailbox.counts(&folder.id);
            let values: Option<Vec<String>> = items
                .iter()
                .map(|item| {
                    let item = item.atom()?.to_ascii_uppercase();
                    let value = match item.as_str() {
                        "MESSAGES" => total as u64,
                        "RECENT" => 0,
                        "UIDNEXT" => mailbox.sequence() + 1,
                        "UIDVALIDITY" => u64::from(validity),
                        "UNSEEN" => unread as u64,
                        _ => return None,
                    };
                    Some(format!("{item} {value}"))
                })
                .collect();
            Some(values.map(|values| (name, values)))
        });
        match answer {
            None => Ok("NO STATUS failed.".to_owned()),
            Some(None) => Err(BAD_ARGUMENTS),
            Some(Some((name, values))) => {
                out.extend_from_slice(format!("* STATUS {} ({})\r\n", mailbox_name(&name), values.join(" ")).as_bytes());
                Ok("OK STATUS completed.".to_owned())
            }
        }
    }

    fn fetch(&mut self, args: &[Token], by_uid: bool, out: &mut Vec<u8>) -> Result<String, &'static str> {
        let [set, items] = args else {
            return Err(BAD_ARGUMENTS);
        };
        let set = set.atom().and_then(SequenceSet::parse).ok_or(BAD_ARGUMENTS)?;
        let items = match items {
            Token::List(list) => {
                list.iter().map(|item| item.atom().and_then(FetchItem::parse)).collect::<Option<Vec<_>>>().map(|items| items.concat())
            }
            item => item.atom().and_then(FetchItem::parse),
        }
        .ok_or(BAD_ARGUMENTS)?;
        let selected = self.selected.as_ref().ok_or(INVALID_STATE)?;
        let targets = set.targets(&selected.uids, by_uid).ok_or(BAD_ARGUMENTS)?;
        let marks_seen = !selected.read_only && items.iter().any(|item| matches!(item, FetchItem::Section { peek: false, .. }));
        let (folder_id, deleted) = (selected.folder_id.clone(), selected.deleted.clone());
        let now = self.state.identity().now().rfc3339();
        let lines = self.with_mailbox(|mailbox| {
            let index = index_of(mailbox, &folder_id);
            let mut lines = Vec::new();
            for (sequence, uid) in targets {
                let Some(&at) = index.get(&uid) else {
                    continue;
                };
                let newly_seen = marks_seen && !mailbox.messages[at].flag("isRead");
                if newly_seen {
                    let id = mailbox.messages[at].id.clone();
                    mailbox.update(&id, |message| {
                        message.props.insert("isRead".into(), Value::Bool(true));
                        message.props.insert("lastModifiedDateTime".into(), Value::from(now.as_str()));
                    });
                }
                let message = &mailbox.messages[at];
                let rendered = items.iter().any(FetchItem::needs_rendering).then(|| rfc5322::render(message));
                let mut parts = Vec::new();
                if by_uid && !items.contains(&FetchItem::Uid) {
                    parts.push(format!("UID {uid}").into_bytes());
                }
                let flags = flags_of(message, deleted.contains(&uid));
                for item in &items {
                    parts.push(item.answer(message, uid, &flags, rendered.as_ref()));
                }
                if newly_seen && !items.contains(&FetchItem::Flags) {
                    parts.push(format!("FLAGS {flags}").into_bytes());
                }
                lines.extend_from_slice(format!("* {sequence} FETCH (").as_bytes());
                lines.extend_from_slice(&parts.join(&b' '));
                lines.extend_from_slice(b")\r\n");
            }
            lines
        });
        out.extend_from_slice(&lines);
        Ok("OK FETCH completed.".to_owned())
    }

    /// `STORE set [+|-]FLAGS[.SILENT] (flags)`: `\Seen` is Graph's `isRead`, `\Flagged` its
    /// `flag`; other flags are not kept.
    fn store(&mut self, args: &[Token], by_uid: bool, out: &mut Vec<u8>) -> Result<String, &'static str> {
        let [set, action, flags] = args else {
            return Err(BAD_ARGUMENTS);
        };
        let set = set.atom().and_then(SequenceSet::parse).ok_or(BAD_ARGUMENTS)?;
        let action = action.atom().ok_or(BAD_ARGUMENTS)?.to_ascii_uppercase();
        let (action, silent) = match action.strip_suffix(".SILENT") {
            Some(action) => (action.to_owned(), true),
            None => (action, false),
        };
        let flags: Vec<String> = match flags {
            Token::List(list) => list.iter().map(|f| f.atom().map(str::to_ascii_lowercase)).collect::<Option<_>>(),
            flag => flag.atom().map(|f| vec![f.to_ascii_lowercase()]),
        }
        .ok_or(BAD_ARGUMENTS)?;
        let has = |flag: &str| flags.iter().any(|f| f == flag);
        let (seen, flagged, deleted) = match action.as_str() {
            "FLAGS" => (Some(has(r"\seen")), Some(has(r"\flagged")), Some(has(r"\deleted"))),
            "+FLAGS" => (has(r"\seen").then_some(true), has(r"\flagged").then_some(true), has(r"\deleted").then_some(true)),
            "-FLAGS" => (has(r"\seen").then_some(false), has(r"\flagged").then_some(false), has(r"\deleted").then_some(false)),
            _ => return Err(BAD_ARGUMENTS),
        };
        let selected = self.selected.as_mut().ok_or(INVALID_STATE)?;
        if selected.read_only {
            return Ok("NO STORE failed.".to_owned());
        }
        let targets = set.targets(&selected.uids, by_uid).ok_or(BAD_ARGUMENTS)?;
        for (_, uid) in &targets {
            match deleted {
                Some(true) => selected.deleted.insert(*uid),
                Some(false) => selected.deleted.remove(uid),
                None => false,
            };
        }
        let (folder_id, deleted) = (selected.folder_id.clone(), selected.deleted.clone());
        let now = self.state.identity().now().rfc3339();
        let lines = self.with_mailbox(|mailbox| {
            let index = index_of(mailbox, &folder_id);
            let mut lines = String::new();
            for (sequence, uid) in targets {
                let Some(&at) = index.get(&uid) else {
                    continue;
                };
                let message = &mailbox.messages[at];
                let is_flagged = message.value("flag/flagStatus") == "flagged";
                let read_change = seen.filter(|wanted| *wanted != message.flag("isRead"));
                let flag_change = flagged.filter(|wanted| *wanted != is_flagged);
                if read_change.is_some() || flag_change.is_some() {
                    let id = message.id.clone();
                    mailbox.update(&id, |message| {
                        if let Some(read) = read_change {
                            message.props.insert("isRead".into(), Value::Bool(read));
                        }
                        if let Some(flagged) = flag_change {
                            let status = if flagged { "flagged" } else { "notFlagged" };
                            message.props.insert("flag".into(), json!({"flagStatus": status}));
                        }
                        message.props.insert("lastModifiedDateTime".into(), Value::from(now.as_str()));
                    });
                }
                if !silent {
                    let flags = flags_of(&mailbox.messages[at], deleted.contains(&uid));
                    let uid_item = if by_uid { format!(" UID {uid}") } else { String::new() };
                    lines.push_str(&format!("* {sequence} FETCH (FLAGS {flags}{uid_item})\r\n"));
                }
            }
            lines
        });
        out.extend_from_slice(lines.as_bytes());
        Ok("OK STORE completed.".to_owned())
    }

    /// Deletes the messages marked `\Deleted` (of `only`, if given), as Graph's DELETE does;
    /// the sequence numbers to report, each as it stands when its message goes.
    fn expunge(&mut self, only: Option<&SequenceSet>) -> Vec<usize> {
        let Some(selected) = self.selected.as_mut() else {
            return Vec::new();
        };
        let largest = selected.uids.last().copied().unwrap_or(0);
        let doomed: HashSet<u64> =
            selected.deleted.iter().copied().filter(|uid| only.is_none_or(|set| set.contains(*uid, largest))).collect();
        with_mailbox(&self.state, self.user.as_deref(), |mailbox| {
            let index = index_of(mailbox, &selected.folder_id);
            let ids: Vec<String> = doomed.iter().filter_map(|uid| Some(mailbox.messages[*index.get(uid)?].id.clone())).collect();
            for id in ids {
                mailbox.remove(&id);
            }
        });
        let mut reported = Vec::new();
        let mut at = 0;
        while at < selected.uids.len() {
            if doomed.contains(&selected.uids[at]) {
                selected.deleted.remove(&selected.uids.remove(at));
                reported.push(at + 1);
            } else {
                at += 1;
            }
        }
        reported
    }

    /// EXPUNGE, or UID EXPUNGE with its set (RFC 4315).
    fn expunge_command(&mut self, args: &[Token], by_uid: bool, out: &mut Vec<u8>) -> Result<String, &'static str> {
        let only = match (args, by_uid) {
            ([], false) => None,
            ([set], true) => Some(set.atom().and_then(SequenceSet::parse).ok_or(BAD_ARGUMENTS)?),
            _ => return Err(BAD_ARGUMENTS),
        };
        if self.selected.as_ref().is_some_and(|selected| selected.read_only) {
            return Ok("NO EXPUNGE failed.".to_owned());
        }
        for sequence in self.expunge(only.as_ref()) {
            out.extend_from_slice(format!("* {sequence} EXPUNGE\r\n").as_bytes());
        }
        Ok("OK EXPUNGE completed.".to_owned())
    }

    /// COPY or MOVE (RFC 6851) to another folder, as Graph's `copy` and `move` do it: new
    /// items, so new UIDs, which COPYUID tells (RFC 4315).
    fn transfer(&mut self, args: &[Token], by_uid: bool, moving: bool, out: &mut Vec<u8>) -> Result<String, &'static str> {
        let command = if moving { "MOVE" } else { "COPY" };
        let [set, name] = args else {
            return Err(BAD_ARGUMENTS);
        };
        let set = set.atom().and_then(SequenceSet::parse).ok_or(BAD_ARGUMENTS)?;
        let name = name.text().ok_or(BAD_ARGUMENTS)?;
        let validity = self.state.uid_validity();
        let selected = self.selected.as_mut().ok_or(INVALID_STATE)?;
        if moving && selected.read_only {
            return Ok(format!("NO {command} failed."));
        }
        let targets = set.targets(&selected.uids, by_uid).ok_or(BAD_ARGUMENTS)?;
        let pairs = with_mailbox(&self.state, self.user.as_deref(), |mailbox| {
            let (_, target) = find_folder(mailbox, &name)?;
            let target_id = target.id.clone();
            if moving && target_id == selected.folder_id {
                return None;
            }
            let index = index_of(mailbox, &selected.folder_id);
            let chosen: Vec<(u64, String)> =
                targets.iter().filter_map(|(_, uid)| Some((*uid, mailbox.messages[*index.get(uid)?].id.clone()))).collect();
            let pairs: Vec<(u64, u64)> = chosen
                .into_iter()
                .filter_map(|(uid, id)| {
                    let new_id = mailbox.relocate(&id, &target_id, false, !moving)?;
                    Some((uid, mailbox.message(&new_id)?.arrived))
                })
                .collect();
            Some(pairs)
        });
        let Some(pairs) = pairs else {
            return Ok(format!("NO {command} failed."));
        };
        let numbers = |pick: fn(&(u64, u64)) -> u64| pairs.iter().map(|pair| pick(pair).to_string()).collect::<Vec<_>>().join(",");
        let code =
            if pairs.is_empty() { String::new() } else { format!("[COPYUID {validity} {} {}] ", numbers(|p| p.0), numbers(|p| p.1)) };
        if !moving {
            return Ok(format!("OK {code}COPY completed."));
        }
        if !code.is_empty() {
            out.extend_from_slice(format!("* OK {}\r\n", code.trim_end()).as_bytes());
        }
        for (uid, _) in &pairs {
            if let Some(at) = selected.uids.iter().position(|known| known == uid) {
                selected.uids.remove(at);
                selected.deleted.remove(uid);
                out.extend_from_slice(format!("* {} EXPUNGE\r\n", at + 1).as_bytes());
            }
        }
        Ok("OK MOVE completed.".to_owned())
    }

    fn search(&mut self, args: &[Token], by_uid: bool, out: &mut Vec<u8>) -> Result<String, &'static str> {
        let args = match args {
            [Token::Atom(charset), _, rest @ ..] if charset.eq_ignore_ascii_case("CHARSET") => rest,
            _ => args,
        };
        let mut keys = args.iter();
        let mut all = Vec::new();
        while keys.len() > 0 {
            all.push(SearchKey::parse(&mut keys).ok_or(BAD_ARGUMENTS)?);
        }
        let key = SearchKey::And(all);
        let selected = self.selected.as_ref().ok_or(INVALID_STATE)?;
        let (uids, folder_id, deleted) = (selected.uids.clone(), selected.folder_id.clone(), selected.deleted.clone());
        let found = self.with_mailbox(|mailbox| {
            let index = index_of(mailbox, &folder_id);
            let largest = uids.last().copied().unwrap_or(0);
            uids.iter()
                .enumerate()
                .filter_map(|(at, uid)| {
                    let message = &mailbox.messages[*index.get(uid)?];
                    let place = Place {
                        sequence: at as u64 + 1,
                        count: uids.len() as u64,
                        uid: *uid,
                        largest_uid: largest,
                        deleted: deleted.contains(uid),
                    };
                    key.matches(message, &place).then_some(if by_uid { *uid } else { place.sequence })
                })
                .map(|number| format!(" {number}"))
                .collect::<String>()
        });
        out.extend_from_slice(format!("* SEARCH{found}\r\n").as_bytes());
        Ok("OK SEARCH completed.".to_owned())
    }
}

fn with_mailbox<T>(state: &Shared, user: Option<&str>, f: impl FnOnce(&mut Mailbox) -> T) -> T {
    let mut mail = state.mail.lock().expect("mail lock");
    f(mail.mailbox_mut(user.unwrap_or_default()).expect("a signed-in user has a mailbox"))
}

/// The UIDs of the folder's messages, oldest arrival first: the order of sequence numbers.
fn uids_in(mailbox: &Mailbox, folder_id: &str) -> Vec<u64> {
    let mut uids: Vec<u64> = mailbox.messages.iter().filter(|m| m.folder_id == folder_id).map(|m| m.arrived).collect();
    uids.sort_unstable();
    uids
}

/// UID → position in `mailbox.messages`, for the folder.
fn index_of(mailbox: &Mailbox, folder_id: &str) -> HashMap<u64, usize> {
    mailbox.messages.iter().enumerate().filter(|(_, m)| m.folder_id == folder_id).map(|(at, m)| (m.arrived, at)).collect()
}

fn flags_of(message: &Message, deleted: bool) -> String {
    let mut flags = Vec::new();
    if message.flag("isRead") {
        flags.push(r"\Seen");
    }
    if message.value("flag/flagStatus") == "flagged" {
        flags.push(r"\Flagged");
    }
    if deleted {
        flags.push(r"\Deleted");
    }
    if message.flag("isDraft") {
        flags.push(r"\Draft");
    }
    format!("({})", flags.join(" "))
}

/// Every folder IMAP shows, with its name: the display names from the top of the mailbox
/// down, `/` between (the inbox is `Inbox`, as Exchange lists it). Hidden folders, and what
/// is under them, are not shown.
fn named_folders(mailbox: &Mailbox) -> Vec<(String, &Folder)> {
    let root = mailbox.root_id();
    let by_id: HashMap<&str, &Folder> = mailbox.folders.iter().map(|f| (f.id.as_str(), f)).collect();
    let name_of = |folder: &Folder| {
        let mut segments = Vec::new();
        let mut current = folder;
        // Bounded, in case seeded folders name each other as parents.
        for _ in 0..64 {
            if current.hidden {
                return None;
            }
            let top = current.parent_id == root;
            segments.push(current.display_name.clone());
            if top {
                segments.reverse();
                return Some(segments.join("/"));
            }
            current = by_id.get(current.parent_id.as_str())?;
        }
        None
    };
    mailbox.folders.iter().filter(|f| f.id != root).filter_map(|folder| Some((name_of(folder)?, folder))).collect()
}

/// RFC 6154's flags, which Exchange sets on its well-known folders.
fn special_use(folder: &Folder) -> Option<&'static str> {
    match folder.well_known.as_deref()? {
        "sentitems" => Some(r"\Sent"),
        "drafts" => Some(r"\Drafts"),
        "deleteditems" => Some(r"\Trash"),
        "junkemail" => Some(r"\Junk"),
        "archive" => Some(r"\Archive"),
        _ => None,
    }
}

/// `INBOX` in any case, alone or before `/`, names the inbox whatever its display name
/// (RFC 3501 §5.1).
fn inbox_alias(name: &str, inbox: &str) -> String {
    let (head, tail) = name.split_once(DELIMITER).map_or((name, None), |(head, tail)| (head, Some(tail)));
    match tail {
        _ if !head.eq_ignore_ascii_case("INBOX") => name.to_owned(),
        Some(tail) => format!("{inbox}{DELIMITER}{tail}"),
        None => inbox.to_owned(),
    }
}

fn inbox_name(mailbox: &Mailbox) -> String {
    mailbox.folder("inbox").map(|inbox| inbox.display_name.clone()).unwrap_or_else(|| "Inbox".to_owned())
}

/// The folder a client's mailbox name stands for, with its name as IMAP spells it. Exchange's
/// folder names ignore case.
fn find_folder<'a>(mailbox: &'a Mailbox, name: &str) -> Option<(String, &'a Folder)> {
    let wanted = inbox_alias(&decode_mailbox_name(name)?, &inbox_name(mailbox)).to_lowercase();
    named_folders(mailbox).into_iter().find(|(name, _)| name.to_lowercase() == wanted)
}

/// LIST's wildcards: `*` matches anything, `%` anything but the delimiter. One pass over
/// the pattern, keeping which prefixes of the name it matches so far: no backtracking, so
/// a pattern of many `*` costs no more than its length times the name's.
fn matches(pattern: &[char], name: &[char]) -> bool {
    let mut reachable = vec![false; name.len() + 1];
    reachable[0] = true;
    for &wanted in pattern {
        let mut next = vec![false; name.len() + 1];
        match wanted {
            '*' | '%' => {
                let mut open = false;
                for (end, slot) in next.iter_mut().enumerate() {
                    if wanted == '%' && end > 0 && name[end - 1] == DELIMITER {
                        open = false;
                    }
                    open |= reachable[end];
                    *slot = open;
                }
            }
            _ => {
                for end in 1..=name.len() {
                    next[end] = reachable[end - 1] && name[end - 1] == wanted;
                }
            }
        }
        reachable = next;
    }
    reachable[name.len()]
}

fn mutf7() -> GeneralPurpose {
    GeneralPurpose::new(&alphabet::IMAP_MUTF7, NO_PAD)
}

/// A mailbox name as IMAP writes it: modified UTF-7 (RFC 3501 §5.1.3), quoted unless it is
/// an atom.
fn mailbox_name(name: &str) -> String {
    let mut encoded = String::new();
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, encoded: &mut String| {
        if !pending.is_empty() {
            let bytes: Vec<u8> = pending.drain(..).flat_map(u16::to_be_bytes).collect();
            encoded.push_str(&format!("&{}-", mutf7().encode(bytes)));
        }
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut encoded);
            if c == '&' {
                encoded.push_str("&-");
            } else {
                encoded.push(c);
            }
        } else {
            pending.extend(c.encode_utf16(&mut [0; 2]).iter());
        }
    }
    flush(&mut pending, &mut encoded);
    if !encoded.is_empty() && encoded.chars().all(|c| c.is_ascii_graphic() && !"(){%*\"\\]".contains(c)) {
        encoded
    } else {
        quoted(&encoded)
    }
}

fn decode_mailbox_name(name: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = name;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('-')?;
        let encoded = &rest[start + 1..end];
        if encoded.is_empty() {
            out.push('&');
        } else {
            let bytes = mutf7().decode(encoded).ok()?;
            let units: Vec<u16> = bytes.chunks(2).map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)])).collect();
            out.push_str(&String::from_utf16(&units).ok()?);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A string as IMAP sends it: quoted when it can be, else a literal.
fn string(bytes: &[u8]) -> Vec<u8> {
    if bytes.len() < 1024 && bytes.iter().all(|&b| (0x20..0x7f).contains(&b)) {
        quoted(&String::from_utf8_lossy(bytes)).into_bytes()
    } else {
        literal(bytes)
    }
}

fn literal(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("{{{}}}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out
}

fn nstring(text: Option<&str>) -> Vec<u8> {
    text.map(|t| string(t.as_bytes())).unwrap_or_else(|| b"NIL".to_vec())
}

fn join(items: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = b"(".to_vec();
    out.extend_from_slice(&items.join(&b' '));
    out.push(b')');
    out
}

fn address_list(list: &[Address]) -> Vec<u8> {
    if list.is_empty() {
        return b"NIL".to_vec();
    }
    let addresses = list
        .iter()
        .map(|address| {
            let (name, local, domain) = address.envelope_parts();
            join(vec![nstring(name.as_deref()), b"NIL".to_vec(), string(local.as_bytes()), string(domain.as_bytes())])
        })
        .collect::<Vec<_>>();
    let mut out = b"(".to_vec();
    out.extend(addresses.concat());
    out.push(b')');
    out
}

fn envelope(envelope: &Envelope) -> Vec<u8> {
    join(vec![
        nstring(envelope.date.as_deref()),
        nstring(envelope.subject.as_deref()),
        address_list(&envelope.from),
        address_list(&envelope.sender),
        address_list(&envelope.reply_to),
        address_list(&envelope.to),
        address_list(&envelope.cc),
        b"NIL".to_vec(),
        b"NIL".to_vec(),
        nstring(envelope.message_id.as_deref()),
    ])
}

fn parameter_list(params: &[(String, String)]) -> Vec<u8> {
    if params.is_empty() {
        return b"NIL".to_vec();
    }
    join(params.iter().flat_map(|(name, value)| [string(name.as_bytes()), string(value.as_bytes())]).collect())
}

/// BODYSTRUCTURE (with the extension data) or BODY (without), RFC 3501 §7.4.2.
fn structure(entity: &Entity, extended: bool) -> Vec<u8> {
    match &entity.shape {
        Shape::Multipart { subtype, boundary, parts } => {
            let mut out = b"(".to_vec();
            for part in parts {
                out.extend(structure(part, extended));
            }
            out.push(b' ');
            out.extend(string(subtype.as_bytes()));
            if extended {
                out.push(b' ');
                out.extend(parameter_list(&[("boundary".to_owned(), boundary.clone())]));
                out.extend_from_slice(b" NIL NIL NIL");
            }
            out.push(b')');
            out
        }
        Shape::Leaf(leaf) => {
            let mut items = vec![
                string(leaf.media_type.as_bytes()),
                string(leaf.subtype.as_bytes()),
                parameter_list(&leaf.params),
                nstring(leaf.content_id.as_deref()),
                nstring(leaf.description.as_deref()),
                string(leaf.encoding.as_bytes()),
                entity.body.len().to_string().into_bytes(),
            ];
            if leaf.media_type == "text" {
                let body = &entity.body;
                let lines = body.iter().filter(|&&b| b == b'\n').count() + usize::from(!body.is_empty() && !body.ends_with(b"\n"));
                items.push(lines.to_string().into_bytes());
            }
            if extended {
                items.push(b"NIL".to_vec());
                items.push(match &leaf.disposition {
                    Some((kind, params)) => join(vec![string(kind.as_bytes()), parameter_list(params)]),
                    None => b"NIL".to_vec(),
                });
                items.push(b"NIL".to_vec());
                items.push(b"NIL".to_vec());
            }
            join(items)
        }
    }
}

/// A sequence set (`1`, `2:4`, `5:*`, `1,3`), of sequence numbers or UIDs.
#[derive(Debug, PartialEq, Eq)]
struct SequenceSet(Vec<(Option<u64>, Option<u64>)>);

impl SequenceSet {
    /// `None` stands for `*`.
    fn parse(text: &str) -> Option<SequenceSet> {
        let number = |part: &str| -> Option<Option<u64>> {
            if part == "*" {
                Some(None)
            } else {
                part.parse::<u64>().ok().filter(|n| *n > 0).map(Some)
            }
        };
        text.split(',')
            .map(|range| match range.split_once(':') {
                Some((from, to)) => Some((number(from)?, number(to)?)),
                None => number(range).map(|n| (n, n)),
            })
            .collect::<Option<Vec<_>>>()
            .map(SequenceSet)
    }

    fn contains(&self, number: u64, largest: u64) -> bool {
        self.0.iter().any(|(from, to)| {
            let (a, b) = (from.unwrap_or(largest), to.unwrap_or(largest));
            (a.min(b)..=a.max(b)).contains(&number)
        })
    }

    /// (sequence number, UID) of the messages the set names. Sequence numbers past the end
    /// are an error (RFC 3501 §9, `seq-number`); UIDs that name nothing are not.
    fn targets(&self, uids: &[u64], by_uid: bool) -> Option<Vec<(usize, u64)>> {
        if by_uid {
            let largest = uids.last().copied().unwrap_or(0);
            return Some(
                uids.iter().enumerate().filter(|(_, uid)| self.contains(**uid, largest)).map(|(at, uid)| (at + 1, *uid)).collect(),
            );
        }
        let count = uids.len() as u64;
        let beyond = self.0.iter().flat_map(|(from, to)| [from, to]).any(|bound| bound.map_or(count == 0, |n| n > count));
        if beyond {
            return None;
        }
        Some(uids.iter().enumerate().filter(|(at, _)| self.contains(*at as u64 + 1, count)).map(|(at, uid)| (at + 1, *uid)).collect())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Section {
    Full,
    Header,
    Text,
    Fields { names: Vec<String>, not: bool },
    Part(Vec<usize>),
    Mime(Vec<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum FetchItem {
    Uid,
    Flags,
    InternalDate,
    Size,
    Envelope,
    BodyStructure,
    Body,
    /// `BODY[…]`, `BODY.PEEK[…]` and the RFC822 forms; `label` is how the answer names it.
    Section {
        peek: bool,
        label: String,
        section: Section,
        partial: Option<(usize, usize)>,
    },
}

impl FetchItem {
    /// One item, or the macro's (ALL, FAST, FULL).
    fn parse(atom: &str) -> Option<Vec<FetchItem>> {
        let upper = atom.to_ascii_uppercase();
        let whole =
            |label: &str, peek: bool, section: Section| FetchItem::Section { peek, label: label.to_owned(), section, partial: None };
        let fast = vec![FetchItem::Flags, FetchItem::InternalDate, FetchItem::Size];
        Some(match upper.as_str() {
            "UID" => vec![FetchItem::Uid],
            "FLAGS" => vec![FetchItem::Flags],
            "INTERNALDATE" => vec![FetchItem::InternalDate],
            "RFC822.SIZE" => vec![FetchItem::Size],
            "ENVELOPE" => vec![FetchItem::Envelope],
            "BODYSTRUCTURE" => vec![FetchItem::BodyStructure],
            "BODY" => vec![FetchItem::Body],
            "RFC822" => vec![whole("RFC822", false, Section::Full)],
            "RFC822.HEADER" => vec![whole("RFC822.HEADER", true, Section::Header)],
            "RFC822.TEXT" => vec![whole("RFC822.TEXT", false, Section::Text)],
            "FAST" => fast,
            "ALL" => [fast, vec![FetchItem::Envelope]].concat(),
            "FULL" => [fast, vec![FetchItem::Envelope, FetchItem::Body]].concat(),
            _ => vec![FetchItem::parse_section(&upper)?],
        })
    }

    /// `BODY[section]<start.count>` or `BODY.PEEK[…]`.
    fn parse_section(upper: &str) -> Option<FetchItem> {
        let (peek, rest) = match upper.strip_prefix("BODY.PEEK[") {
            Some(rest) => (true, rest),
            None => (false, upper.strip_prefix("BODY[")?),
        };
        let close = rest.rfind(']')?;
        let (spec, after) = (&rest[..close], &rest[close + 1..]);
        let partial = match after {
            "" => None,
            _ => {
                let (start, count) = after.strip_prefix('<')?.strip_suffix('>')?.split_once('.')?;
                Some((start.parse().ok()?, count.parse().ok()?))
            }
        };
        let mut path = Vec::new();
        let mut specifier = spec;
        while !specifier.is_empty() {
            let (head, tail) = specifier.split_once('.').unwrap_or((specifier, ""));
            match head.parse::<usize>() {
                Ok(number) if number > 0 => {
                    path.push(number);
                    specifier = tail;
                }
                _ => break,
            }
        }
        let section = match (specifier, path.is_empty()) {
            ("", true) => Section::Full,
            ("", false) => Section::Part(path),
            ("MIME", false) => Section::Mime(path),
            ("HEADER", true) => Section::Header,
            ("TEXT", true) => Section::Text,
            (fields, true) => {
                let (kind, names) = fields.split_once(' ')?;
                let not = match kind {
                    "HEADER.FIELDS" => false,
                    "HEADER.FIELDS.NOT" => true,
                    _ => return None,
                };
                let names = names.trim().strip_prefix('(')?.strip_suffix(')')?;
                Section::Fields { names: names.split_whitespace().map(|n| n.trim_matches('"').to_owned()).collect(), not }
            }
            _ => return None,
        };
        let label = match partial {
            Some((start, _)) => format!("BODY[{spec}]<{start}>"),
            None => format!("BODY[{spec}]"),
        };
        Some(FetchItem::Section { peek, label, section, partial })
    }

    fn needs_rendering(&self) -> bool {
        !matches!(self, FetchItem::Uid | FetchItem::Flags | FetchItem::InternalDate)
    }

    fn answer(&self, message: &Message, uid: u64, flags: &str, rendered: Option<&rfc5322::Rendered>) -> Vec<u8> {
        let entity = rendered.map(|r| &r.entity);
        match (self, entity) {
            (FetchItem::Uid, _) => format!("UID {uid}").into_bytes(),
            (FetchItem::Flags, _) => format!("FLAGS {flags}").into_bytes(),
            (FetchItem::InternalDate, _) => {
                let received = message.value("receivedDateTime");
                format!("INTERNALDATE \"{}\"", rfc5322::internal_date(received.as_str().unwrap_or_default())).into_bytes()
            }
            (FetchItem::Size, Some(entity)) => format!("RFC822.SIZE {}", entity.bytes().len()).into_bytes(),
            (FetchItem::Envelope, _) => [b"ENVELOPE ".to_vec(), rendered.map(|r| envelope(&r.envelope)).unwrap_or_default()].concat(),
            (FetchItem::BodyStructure, Some(entity)) => [b"BODYSTRUCTURE ".to_vec(), structure(entity, true)].concat(),
            (FetchItem::Body, Some(entity)) => [b"BODY ".to_vec(), structure(entity, false)].concat(),
            (FetchItem::Section { label, section, partial, .. }, Some(entity)) => {
                let bytes = match section {
                    Section::Full => Some(entity.bytes()),
                    Section::Header => Some(entity.header()),
                    Section::Text => Some(entity.body.clone()),
                    Section::Fields { names, not } => {
                        Some(entity.header_fields(|name| names.iter().any(|n| n.eq_ignore_ascii_case(name)) != *not))
                    }
                    Section::Part(path) => entity.part(path).map(|part| part.body.clone()),
                    Section::Mime(path) => entity.part(path).map(Entity::header),
                };
                let value = match (bytes, partial) {
                    (None, _) => b"NIL".to_vec(),
                    (Some(bytes), None) => literal(&bytes),
                    (Some(bytes), Some((start, count))) => {
                        let start = (*start).min(bytes.len());
                        literal(&bytes[start..start.saturating_add(*count).min(bytes.len())])
                    }
                };
                [format!("{label} ").into_bytes(), value].concat()
            }
            (_, None) => Vec::new(),
        }
    }
}

/// Where a message stands in the session, for SEARCH's keys that ask.
struct Place {
    sequence: u64,
    count: u64,
    uid: u64,
    largest_uid: u64,
    deleted: bool,
}

#[derive(Debug)]
enum Field {
    From,
    To,
    Cc,
    Bcc,
    Subject,
    Body,
    Text,
}

#[derive(Debug)]
enum When {
    Before,
    On,
    Since,
}

#[derive(Debug)]
enum SearchKey {
    All,
    Nothing,
    Seen(bool),
    Flagged(bool),
    Draft(bool),
    Deleted(bool),
    Contains(Field, String),
    /// Against the internal (received) date, or the sent date.
    Date {
        sent: bool,
        when: When,
        date: NaiveDate,
    },
    Larger(usize),
    Smaller(usize),
    Uids(SequenceSet),
    Sequence(SequenceSet),
    Not(Box<SearchKey>),
    Or(Box<SearchKey>, Box<SearchKey>),
    And(Vec<SearchKey>),
}

impl SearchKey {
    fn parse(tokens: &mut std::slice::Iter<'_, Token>) -> Option<SearchKey> {
        Self::parse_within(tokens, 0)
    }

    /// `depth` counts the keys this one sits in (`NOT NOT …`, `OR`, lists).
    fn parse_within(tokens: &mut std::slice::Iter<'_, Token>, depth: usize) -> Option<SearchKey> {
        if depth > NESTING_LIMIT {
            return None;
        }
        let token = tokens.next()?;
        let atom = match token {
            Token::List(inner) => {
                let mut inner = inner.iter();
                let mut keys = Vec::new();
                while inner.len() > 0 {
                    keys.push(SearchKey::parse_within(&mut inner, depth + 1)?);
                }
                return (!keys.is_empty()).then_some(SearchKey::And(keys));
            }
            Token::Text(_) => return None,
            Token::Atom(atom) => atom.to_ascii_uppercase(),
        };
        let mut text = || tokens.next().and_then(Token::text);
        let contains = |field: Field, text: Option<String>| Some(SearchKey::Contains(field, text?.to_lowercase()));
        Some(match atom.as_str() {
            "ALL" | "OLD" | "UNANSWERED" | "UNKEYWORD" => {
                if atom == "UNKEYWORD" {
                    text()?;
                }
                SearchKey::All
            }
            "NEW" | "RECENT" | "ANSWERED" | "KEYWORD" => {
                if atom == "KEYWORD" {
                    text()?;
                }
                SearchKey::Nothing
            }
            "SEEN" | "UNSEEN" => SearchKey::Seen(atom == "SEEN"),
            "FLAGGED" | "UNFLAGGED" => SearchKey::Flagged(atom == "FLAGGED"),
            "DRAFT" | "UNDRAFT" => SearchKey::Draft(atom == "DRAFT"),
            "DELETED" | "UNDELETED" => SearchKey::Deleted(atom == "DELETED"),
            "FROM" => contains(Field::From, text())?,
            "TO" => contains(Field::To, text())?,
            "CC" => contains(Field::Cc, text())?,
            "BCC" => contains(Field::Bcc, text())?,
            "SUBJECT" => contains(Field::Subject, text())?,
            "BODY" => contains(Field::Body, text())?,
            "TEXT" => contains(Field::Text, text())?,
            "BEFORE" | "ON" | "SINCE" | "SENTBEFORE" | "SENTON" | "SENTSINCE" => {
                let date = NaiveDate::parse_from_str(text()?.trim_matches('"'), "%d-%b-%Y").ok()?;
                let when = match atom.trim_start_matches("SENT") {
                    "BEFORE" => When::Before,
                    "ON" => When::On,
                    _ => When::Since,
                };
                SearchKey::Date { sent: atom.starts_with("SENT"), when, date }
            }
            "LARGER" => SearchKey::Larger(text()?.parse().ok()?),
            "SMALLER" => SearchKey::Smaller(text()?.parse().ok()?),
            "UID" => SearchKey::Uids(SequenceSet::parse(&text()?)?),
            "NOT" => SearchKey::Not(Box::new(SearchKey::parse_within(tokens, depth + 1)?)),
            "OR" => {
                let first = SearchKey::parse_within(tokens, depth + 1)?;
                SearchKey::Or(Box::new(first), Box::new(SearchKey::parse_within(tokens, depth + 1)?))
            }
            _ => SearchKey::Sequence(SequenceSet::parse(&atom)?),
        })
    }

    fn matches(&self, message: &Message, place: &Place) -> bool {
        match self {
            SearchKey::All => true,
            SearchKey::Nothing => false,
            SearchKey::Seen(seen) => message.flag("isRead") == *seen,
            SearchKey::Flagged(flagged) => (message.value("flag/flagStatus") == "flagged") == *flagged,
            SearchKey::Draft(draft) => message.flag("isDraft") == *draft,
            SearchKey::Deleted(deleted) => place.deleted == *deleted,
            SearchKey::Contains(field, needle) => searchable(message, field).to_lowercase().contains(needle),
            SearchKey::Date { sent, when, date } => {
                let property = if *sent { "sentDateTime" } else { "receivedDateTime" };
                let value = message.value(property);
                let Some(day) = DateTime::parse_from_rfc3339(value.as_str().unwrap_or_default()).ok().map(|t| t.date_naive()) else {
                    return false;
                };
                match when {
                    When::Before => day < *date,
                    When::On => day == *date,
                    When::Since => day >= *date,
                }
            }
            SearchKey::Larger(size) => rfc5322::render(message).entity.bytes().len() > *size,
            SearchKey::Smaller(size) => rfc5322::render(message).entity.bytes().len() < *size,
            SearchKey::Uids(set) => set.contains(place.uid, place.largest_uid),
            SearchKey::Sequence(set) => set.contains(place.sequence, place.count),
            SearchKey::Not(key) => !key.matches(message, place),
            SearchKey::Or(first, second) => first.matches(message, place) || second.matches(message, place),
            SearchKey::And(keys) => keys.iter().all(|key| key.matches(message, place)),
        }
    }
}

/// The text a SEARCH key looks in: names and addresses, the subject, the body as stored.
fn searchable(message: &Message, field: &Field) -> String {
    let people = |name: &str| {
        let value = message.value(name);
        let list = match &value {
            Value::Array(list) => list.clone(),
            single => vec![single.clone()],
        };
        list.iter()
            .map(|r| {
                format!("{} <{}>", r["emailAddress"]["name"].as_str().unwrap_or(""), r["emailAddress"]["address"].as_str().unwrap_or(""))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = |name: &str| message.value(name).as_str().unwrap_or_default().to_owned();
    match field {
        Field::From => people("from"),
        Field::To => people("toRecipients"),
        Field::Cc => people("ccRecipients"),
        Field::Bcc => people("bccRecipients"),
        Field::Subject => text("subject"),
        Field::Body => text("body/content"),
        Field::Text => [people("from"), people("toRecipients"), people("ccRecipients"), text("subject"), text("body/content")].join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_quotes_literals_lists_and_sections() {
        let tokens = tokenize(b"1:* (UID BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]<0.100>) \"a \\\"b\\\"\" {3}\r\nxyz NIL").unwrap();
        assert_eq!(
            tokens,
            vec![
                Token::Atom("1:*".into()),
                Token::List(vec![Token::Atom("UID".into()), Token::Atom("BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]<0.100>".into())]),
                Token::Text(b"a \"b\"".to_vec()),
                Token::Text(b"xyz".to_vec()),
                Token::Atom("NIL".into()),
            ]
        );
        assert_eq!(tokenize(b"(unclosed"), None);
        assert_eq!(tokenize(b"\"unterminated"), None);
        assert_eq!(announced_literal(b"a LOGIN {5+}"), Some((5, false)));
        assert_eq!(announced_literal(b"a LOGIN {5}"), Some((5, true)));
        assert_eq!(announced_literal(b"a LOGIN x"), None);
    }

    #[test]
    fn sequence_sets_name_sequence_numbers_or_uids() {
        let set = SequenceSet::parse("2:*").unwrap();
        assert_eq!(set.targets(&[10, 20, 30], false), Some(vec![(2, 20), (3, 30)]));
        assert_eq!(SequenceSet::parse("1,3").unwrap().targets(&[10, 20, 30], false), Some(vec![(1, 10), (3, 30)]));
        assert_eq!(SequenceSet::parse("4").unwrap().targets(&[10, 20, 30], false), None);
        assert_eq!(SequenceSet::parse("20:25").unwrap().targets(&[10, 20, 30], true), Some(vec![(2, 20)]));
        assert_eq!(SequenceSet::parse("40:*").unwrap().targets(&[10, 20, 30], true), Some(vec![(3, 30)]), "n:* names the last");
        assert_eq!(SequenceSet::parse("1:*").unwrap().targets(&[], true), Some(vec![]));
        assert_eq!(SequenceSet::parse("0"), None);
        assert_eq!(SequenceSet::parse("1:x"), None);
    }

    #[test]
    fn fetch_items_and_sections() {
        assert_eq!(FetchItem::parse("fast").unwrap().len(), 3);
        assert_eq!(
            FetchItem::parse("BODY.PEEK[HEADER.FIELDS (From \"To\")]"),
            Some(vec![FetchItem::Section {
                peek: true,
                label: "BODY[HEADER.FIELDS (FROM \"TO\")]".into(),
                section: Section::Fields { names: vec!["FROM".into(), "TO".into()], not: false },
                partial: None,
            }])
        );
        assert_eq!(
            FetchItem::parse("BODY[]<0.10>"),
            Some(vec![FetchItem::Section { peek: false, label: "BODY[]<0>".into(), section: Section::Full, partial: Some((0, 10)) }])
        );
        let section = |atom: &str| match FetchItem::parse(atom).map(|mut items| items.remove(0)) {
            Some(FetchItem::Section { section, .. }) => Some(section),
            _ => None,
        };
        assert_eq!(section("BODY[1.2]"), Some(Section::Part(vec![1, 2])));
        assert_eq!(section("BODY[2.MIME]"), Some(Section::Mime(vec![2])));
        assert_eq!(section("BODY[TEXT]"), Some(Section::Text));
        assert_eq!(section("BODY[MIME]"), None);
        assert_eq!(section("BODY[1.HEADER]"), None);
        assert_eq!(FetchItem::parse("BODY[HEADER"), None);
    }

    #[test]
    fn mailbox_names_are_modified_utf7_and_patterns_match() {
        assert_eq!(mailbox_name("Sent Items"), "\"Sent Items\"");
        assert_eq!(mailbox_name("INBOX/Projects"), "INBOX/Projects");
        assert_eq!(mailbox_name("Entwürfe & Ideen"), "\"Entw&APw-rfe &- Ideen\"");
        assert_eq!(decode_mailbox_name("Entw&APw-rfe &- Ideen").as_deref(), Some("Entwürfe & Ideen"));
        assert_eq!(mailbox_name("台北"), "&U,BTFw-");
        assert_eq!(decode_mailbox_name("&U,BTFw-").as_deref(), Some("台北"));
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(matches(&chars("*"), &chars("INBOX/Projects")));
        assert!(!matches(&chars("%"), &chars("INBOX/Projects")));
        assert!(matches(&chars("INBOX/%"), &chars("INBOX/Projects")));
        assert!(matches(&chars("Sent Items"), &chars("Sent Items")));
        assert_eq!(inbox_alias("INBOX", "Inbox"), "Inbox");
        assert_eq!(inbox_alias("inbox/Projects", "Posteingang"), "Posteingang/Projects");
        assert_eq!(inbox_alias("Inboxes", "Inbox"), "Inboxes");
    }

    #[test]
    fn hostile_lines_are_refused_not_followed() {
        let deep = |depth: usize| format!("{}{}", "(".repeat(depth), ")".repeat(depth));
        assert!(tokenize(deep(NESTING_LIMIT).as_bytes()).is_some());
        assert!(tokenize(deep(20_000).as_bytes()).is_none(), "no stack overflow");
        let nots = tokenize("NOT ".repeat(20_000).as_bytes()).unwrap();
        assert!(SearchKey::parse(&mut nots.iter()).is_none(), "no stack overflow");
        assert!(tokenize(b"{18446744073709551615}\r\nx").is_none(), "no overflow on a literal's size");
        // Backtracking would take hours here.
        let stars: Vec<char> = "*".repeat(40).chars().chain(['X']).collect();
        assert!(!matches(&stars, &"a".repeat(40).chars().collect::<Vec<_>>()));
        assert!(matches(&stars, &"aaaX".chars().collect::<Vec<_>>()));
    }

    #[test]
    fn search_keys_nest() {
        let tokens = tokenize(b"OR SEEN (FLAGGED FROM \"megan\") NOT UID 5:* SINCE 1-Feb-2026").unwrap();
        let mut iter = tokens.iter();
        let mut keys = Vec::new();
        while iter.len() > 0 {
            keys.push(SearchKey::parse(&mut iter).unwrap());
        }
        assert_eq!(keys.len(), 3);
        assert!(matches!(&keys[0], SearchKey::Or(first, _) if matches!(**first, SearchKey::Seen(true))));
        assert!(matches!(&keys[2], SearchKey::Date { sent: false, when: When::Since, .. }));
        assert!(SearchKey::parse(&mut tokenize(b"BEFORE yesterday").unwrap().iter()).is_none());
    }
}
