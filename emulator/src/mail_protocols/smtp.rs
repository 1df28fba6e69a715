//! SMTP submission as Exchange Online's `smtp.office365.com` answers it once TLS is up:
//! EHLO, AUTH XOAUTH2 (basic AUTH LOGIN refused), MAIL, RCPT, DATA or BDAT, RSET, NOOP,
//! QUIT. An accepted message is sent as Graph's `sendMail` sends it: to Sent Items, and to
//! the inbox of every envelope recipient with a mailbox here.

use super::rfc5322::{self, Address};
use super::xoauth2::{self, SignedIn, SMTP_SCOPE};
use super::{read_line, LINE_LIMIT, SERVER_NAME};
use crate::graph::compose::{deliver_to, new_draft};
use crate::graph::store::Attachment;
use crate::identity::random;
use crate::Shared;
use serde_json::Value;
use std::io;
use tokio::io::{AsyncBufRead, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The largest message Exchange Online takes (150 MB), as `SIZE` announces it.
const SIZE_LIMIT: usize = 157_286_400;

const EHLO_KEYWORDS: [&str; 9] =
    ["SIZE 157286400", "PIPELINING", "DSN", "ENHANCEDSTATUSCODES", "AUTH LOGIN XOAUTH2", "8BITMIME", "BINARYMIME", "CHUNKING", "SMTPUTF8"];

const SEND_HELLO_FIRST: &str = "503 5.5.2 Send hello first";
/// Basic authentication for client submission was retired on 30 April 2026; before, the
/// answer was `535 5.7.139 Authentication unsuccessful, basic authentication is disabled.`
const BASIC_AUTH_RETIRED: &str = "550 5.7.30 Basic authentication is not supported for Client Submission.";

fn auth_failed() -> String {
    format!("535 5.7.3 Authentication unsuccessful [{SERVER_NAME}]")
}

fn not_authenticated() -> String {
    format!("530 5.7.57 Client not authenticated to send mail. [{SERVER_NAME}]")
}

struct Session {
    state: Shared,
    greeted: bool,
    user: Option<String>,
    /// The reverse path of the transaction under way.
    from: Option<String>,
    recipients: Vec<String>,
    /// What BDAT chunks brought so far.
    chunks: Vec<u8>,
    /// A chunk of this message went over the size limit: it was read and dropped.
    oversized: bool,
}

pub async fn converse(stream: impl AsyncRead + AsyncWrite + Unpin, state: Shared) -> io::Result<()> {
    let (reader, mut writer) = tokio::io::split(stream);
    let mut reader = BufReader::new(reader);
    let now = rfc5322::rfc5322_date(&state.identity().now().rfc3339()).unwrap_or_default();
    let connection_id: String = random::bytes::<8>().iter().map(|b| format!("{b:02X}")).collect();
    let mut session =
        Session { state, greeted: false, user: None, from: None, recipients: Vec::new(), chunks: Vec::new(), oversized: false };
    send(&mut writer, &format!("220 {SERVER_NAME} Microsoft ESMTP MAIL Service ready at {now} [{connection_id}]")).await?;
    while let Some(line) = read_line(&mut reader, LINE_LIMIT).await? {
        let line = String::from_utf8_lossy(&line).into_owned();
        let (verb, argument) = line.split_once(' ').unwrap_or((&line, ""));
        let answer = match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" if argument.trim().is_empty() => "501 5.5.4 Invalid domain name".to_owned(),
            "EHLO" => {
                session.greeted = true;
                session.reset();
                let lines: Vec<String> = std::iter::once(format!("{SERVER_NAME} Hello [127.0.0.1]"))
                    .chain(EHLO_KEYWORDS.iter().map(|k| (*k).to_owned()))
                    .collect();
                let last = lines.len() - 1;
                lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("250{}{l}", if i == last { ' ' } else { '-' }))
                    .collect::<Vec<_>>()
                    .join("\r\n")
            }
            "HELO" => {
                session.greeted = true;
                session.reset();
                format!("250 {SERVER_NAME} Hello [127.0.0.1]")
            }
            "AUTH" => session.auth(argument, &mut reader, &mut writer).await?,
            "MAIL" => session.mail(argument),
            "RCPT" => session.rcpt(argument),
            "DATA" => match session.ready_for_data() {
                Err(refusal) => refusal,
                Ok(()) => {
                    send(&mut writer, "354 Start mail input; end with <CRLF>.<CRLF>").await?;
                    let (message, fits) = read_data(&mut reader).await?;
                    session.submit(message, fits)
                }
            },
            "BDAT" => session.bdat(argument, &mut reader).await?,
            "RSET" => {
                session.reset();
                "250 2.0.0 Resetting".to_owned()
            }
            "NOOP" => "250 2.0.0 OK".to_owned(),
            "QUIT" => {
                send(&mut writer, "221 2.0.0 Service closing transmission channel").await?;
                return Ok(());
            }
            // The emulator has no TLS to offer: say so rather than pretend not to know the verb.
            "STARTTLS" => "454 4.7.0 TLS not available".to_owned(),
            _ => format!("500 5.3.3 Unrecognized command '{verb}'"),
        };
        send(&mut writer, &answer).await?;
    }
    Ok(())
}

async fn send(writer: &mut (impl AsyncWrite + Unpin), reply: &str) -> io::Result<()> {
    writer.write_all(format!("{reply}\r\n").as_bytes()).await?;
    writer.flush().await
}

/// The message after `354`, up to the line holding only `.`, with leading dots unstuffed
/// (RFC 5321 §4.5.2); whether it kept within the size limit (a larger one is read to its
/// end, then refused).
async fn read_data(reader: &mut (impl AsyncBufRead + Unpin)) -> io::Result<(Vec<u8>, bool)> {
    let mut message = Vec::new();
    let mut fits = true;
    loop {
        let Some(line) = read_line(reader, SIZE_LIMIT).await? else {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the connection ended inside DATA"));
        };
        if line == b"." {
            return Ok((message, fits));
        }
        let line = line.strip_prefix(b".").unwrap_or(&line);
        fits = fits && message.len() + line.len() + 2 <= SIZE_LIMIT;
        if fits {
            message.extend_from_slice(line);
            message.extend_from_slice(b"\r\n");
        }
    }
}

fn ended_mid_auth() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "the connection ended inside AUTH")
}

/// `<address>` at the start of a MAIL or RCPT argument after its `FROM:` / `TO:`; the
/// ESMTP parameters after it.
fn path<'a>(argument: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let rest = argument.get(..keyword.len()).filter(|k| k.eq_ignore_ascii_case(keyword)).map(|_| &argument[keyword.len()..])?;
    let rest = rest.trim_start().strip_prefix('<')?;
    let (address, parameters) = rest.split_once('>')?;
    Some((address.trim(), parameters.trim()))
}

impl Session {
    fn reset(&mut self) {
        self.from = None;
        self.recipients.clear();
        self.chunks.clear();
        self.oversized = false;
    }

    async fn auth(
        &mut self,
        argument: &str,
        reader: &mut (impl AsyncBufRead + Unpin),
        writer: &mut (impl AsyncWrite + Unpin),
    ) -> io::Result<String> {
        if !self.greeted {
            return Ok(SEND_HELLO_FIRST.to_owned());
        }
        if self.user.is_some() {
            return Ok("503 5.5.2 Already authenticated".to_owned());
        }
        let (mechanism, initial) = argument.trim().split_once(' ').unwrap_or((argument.trim(), ""));
        match mechanism.to_ascii_uppercase().as_str() {
            "XOAUTH2" => {
                let response = if initial.is_empty() {
                    send(writer, "334 ").await?;
                    match read_line(reader, LINE_LIMIT).await? {
                        Some(line) if line == b"*" => return Ok("501 5.7.0 Client initiated Authentication Exchange".to_owned()),
                        Some(line) => line,
                        None => return Err(ended_mid_auth()),
                    }
                } else {
                    initial.as_bytes().to_vec()
                };
                // The mailbox that sends is the token's user's own.
                Ok(match xoauth2::authenticate(&self.state, &response, SMTP_SCOPE) {
                    Some(SignedIn { upn, mailbox: Some(mailbox) }) if mailbox == upn => {
                        self.user = Some(upn);
                        "235 2.7.0 Authentication successful".to_owned()
                    }
                    _ => auth_failed(),
                })
            }
            // Basic authentication is retired in Exchange Online: the credentials are read,
            // as the exchange goes, and refused whatever they are.
            "LOGIN" => {
                let prompts: &[&str] = if initial.is_empty() { &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"] } else { &["334 UGFzc3dvcmQ6"] };
                for prompt in prompts {
                    send(writer, prompt).await?;
                    match read_line(reader, LINE_LIMIT).await? {
                        Some(line) if line == b"*" => return Ok("501 5.7.0 Client initiated Authentication Exchange".to_owned()),
                        Some(_) => {}
                        None => return Err(ended_mid_auth()),
                    }
                }
                Ok(BASIC_AUTH_RETIRED.to_owned())
            }
            _ => Ok("504 5.7.4 Unrecognized authentication type".to_owned()),
        }
    }

    fn mail(&mut self, argument: &str) -> String {
        if !self.greeted {
            return SEND_HELLO_FIRST.to_owned();
        }
        if self.user.is_none() {
            return not_authenticated();
        }
        if self.from.is_some() {
            return "503 5.5.2 Sender already specified".to_owned();
        }
        let Some((address, parameters)) = path(argument, "FROM:") else {
            return "501 5.5.4 Invalid arguments".to_owned();
        };
        let declared = parameters.split_whitespace().find_map(|p| p.get(..5).filter(|k| k.eq_ignore_ascii_case("SIZE=")).map(|_| &p[5..]));
        if declared.and_then(|size| size.parse::<usize>().ok()).is_some_and(|size| size > SIZE_LIMIT) {
            return "552 5.3.4 Message size exceeds fixed maximum message size".to_owned();
        }
        self.from = Some(address.to_owned());
        "250 2.1.0 Sender OK".to_owned()
    }

    fn rcpt(&mut self, argument: &str) -> String {
        if self.user.is_none() {
            return not_authenticated();
        }
        if self.from.is_none() {
            return "503 5.5.2 Need mail command".to_owned();
        }
        match path(argument, "TO:") {
            Some((address, _)) if address.contains('@') => {
                self.recipients.push(address.to_owned());
                "250 2.1.5 Recipient OK".to_owned()
            }
            _ => "501 5.1.3 Invalid address".to_owned(),
        }
    }

    fn ready_for_data(&self) -> Result<(), String> {
        if self.user.is_none() {
            Err(not_authenticated())
        } else if self.from.is_none() {
            Err("503 5.5.2 Need mail command".to_owned())
        } else if self.recipients.is_empty() {
            Err("503 5.5.2 Need rcpt command".to_owned())
        } else {
            Ok(())
        }
    }

    /// `BDAT size [LAST]` (RFC 3030): the chunk is read whatever happens, so the
    /// conversation stays in step; the last one submits the message.
    async fn bdat(&mut self, argument: &str, reader: &mut (impl AsyncBufRead + Unpin)) -> io::Result<String> {
        let mut words = argument.split_whitespace();
        let size = words.next().and_then(|size| size.parse::<u64>().ok());
        let last = words.next().is_some_and(|word| word.eq_ignore_ascii_case("LAST"));
        let Some(size) = size else {
            return Ok("501 5.5.4 Invalid arguments".to_owned());
        };
        let ready = self.ready_for_data();
        // Only what may be kept is read into memory; the rest is read and dropped, so a
        // client announcing any size cannot make the emulator hold it.
        let keep = ready.is_ok() && !self.oversized && (self.chunks.len() as u64).saturating_add(size) <= SIZE_LIMIT as u64;
        let read = if keep {
            let before = self.chunks.len();
            (&mut *reader).take(size).read_to_end(&mut self.chunks).await?;
            (self.chunks.len() - before) as u64
        } else {
            tokio::io::copy(&mut (&mut *reader).take(size), &mut tokio::io::sink()).await?
        };
        if read != size {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the connection ended inside BDAT"));
        }
        if let Err(refusal) = ready {
            self.chunks.clear();
            return Ok(refusal);
        }
        if !keep {
            self.oversized = true;
            self.chunks.clear();
        }
        if !last {
            return Ok(format!("250 2.0.0 {size} bytes received"));
        }
        let message = std::mem::take(&mut self.chunks);
        let fits = !std::mem::take(&mut self.oversized);
        Ok(self.submit(message, fits))
    }

    /// Sends the message as the signed-in user, who may send only as themself; the
    /// transaction ends whatever the answer.
    fn submit(&mut self, message: Vec<u8>, fits: bool) -> String {
        let (user, from, recipients) = (self.user.clone().unwrap_or_default(), self.from.take(), std::mem::take(&mut self.recipients));
        self.chunks.clear();
        if !fits {
            return "552 5.3.4 Message size exceeds fixed maximum message size".to_owned();
        }
        let submitted = rfc5322::parse(&message);
        let mut claimed = from.into_iter().chain(submitted.from.iter().map(|a| a.address.clone()));
        if let Some(other) = claimed.find(|address| !address.eq_ignore_ascii_case(&user)) {
            let other = if other.is_empty() { "<>".to_owned() } else { other };
            return format!(
                "554 5.2.252 SendAsDenied; {user} not allowed to send as {other}; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.[EndDiagnosticData]"
            );
        }
        let mut props = submitted.props;
        // Envelope recipients the header does not name are the blind copies.
        let named: Vec<String> = ["toRecipients", "ccRecipients"]
            .iter()
            .filter_map(|name| props.get(*name).and_then(Value::as_array))
            .flatten()
            .filter_map(|r| r["emailAddress"]["address"].as_str().map(str::to_ascii_lowercase))
            .collect();
        let blind: Vec<Value> = recipients
            .iter()
            .filter(|address| !named.contains(&address.to_ascii_lowercase()))
            .map(|address| Address { name: String::new(), address: address.clone() }.to_graph())
            .collect();
        props.insert("bccRecipients".into(), Value::from(blind));
        let props = new_draft(&self.state, props);
        let message_id = props.get("internetMessageId").and_then(Value::as_str).unwrap_or_default().to_owned();
        let now = self.state.identity().now().rfc3339();
        let attachments = {
            let mut mail = self.state.mail.lock().expect("mail lock");
            let mailbox = mail.mailbox_mut(&user).expect("a signed-in user has a mailbox");
            submitted
                .attachments
                .into_iter()
                .map(|file| Attachment {
                    id: mailbox.new_attachment_id(),
                    name: file.name,
                    content_type: file.content_type,
                    bytes: file.bytes,
                    is_inline: file.is_inline,
                    content_id: file.content_id,
                    last_modified: now.clone(),
                })
                .collect()
        };
        deliver_to(&self.state, &user, props, attachments, recipients, true);
        format!("250 2.0.0 OK {message_id} [Hostname={SERVER_NAME}]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_and_their_parameters() {
        assert_eq!(path("FROM:<a@b> SIZE=10", "FROM:"), Some(("a@b", "SIZE=10")));
        assert_eq!(path("from: <a@b>", "FROM:"), Some(("a@b", "")));
        assert_eq!(path("TO:<>", "TO:"), Some(("", "")));
        assert_eq!(path("TO:a@b", "TO:"), None);
        assert_eq!(path("FROM", "FROM:"), None);
    }

    #[tokio::test]
    async fn data_is_unstuffed_up_to_the_lone_dot() {
        let mut input: &[u8] = b"Subject: x\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n";
        let (message, fits) = read_data(&mut input).await.unwrap();
        assert!(fits);
        assert_eq!(message, b"Subject: x\r\n\r\n.leading dot\r\n");
    }
}
