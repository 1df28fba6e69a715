//! Exchange Online's legacy protocols with OAuth: IMAP4rev1 and SMTP submission over the
//! emulator's live mailboxes, signed in with SASL XOAUTH2. They speak plain text on
//! loopback, where Exchange wants TLS (emulator/FIDELITY.md, "IMAP and SMTP").

mod imap;
mod rfc5322;
mod smtp;
mod xoauth2;

use crate::Shared;
use std::io;
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The name the services give themselves in greetings and replies.
const SERVER_NAME: &str = "mail.contoso.example";

#[derive(Clone, Copy, Debug)]
pub enum Protocol {
    Imap,
    Smtp,
}

/// Answers connections on `listener` until `stopped` turns true; conversations under way
/// end then too, as a server going down drops its connections.
pub async fn serve(protocol: Protocol, listener: TcpListener, state: Shared, stopped: watch::Receiver<bool>) -> io::Result<()> {
    let until_stopped = |mut stopped: watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let accepting = async {
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: wait for the shortage to pass,
                    // as axum's listener does.
                    eprintln!("tern-emulator: {protocol:?} accept: {error}");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            let state = state.clone();
            let stop = until_stopped(stopped.clone());
            tokio::spawn(async move {
                let conversation = async {
                    match protocol {
                        Protocol::Imap => imap::converse(stream, state).await,
                        Protocol::Smtp => smtp::converse(stream, state).await,
                    }
                };
                tokio::select! {
                    _ = conversation => {}
                    _ = stop => {}
                }
            });
        }
    };
    tokio::select! {
        _ = accepting => {}
        _ = until_stopped(stopped.clone()) => {}
    }
    Ok(())
}

/// The longest command line either service reads; a longer one ends the conversation.
const LINE_LIMIT: usize = 64 * 1024;

/// One line of at most `limit` octets without its line end (CRLF or a bare LF); `None` at
/// the end of the stream.
async fn read_line(reader: &mut (impl AsyncBufRead + Unpin), limit: usize) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let read = (&mut *reader).take(limit as u64 + 2).read_until(b'\n', &mut line).await?;
    if read == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") {
        let reason = if line.len() > limit { "line too long" } else { "the connection ended mid-line" };
        return Err(io::Error::new(io::ErrorKind::InvalidData, reason));
    }
    line.pop();
    if line.ends_with(b"\r") {
        line.pop();
    }
    Ok(Some(line))
}
