//! The command line.

use std::path::PathBuf;

pub const USAGE: &str = "\
usage: tern-emulator [--port N] [--upload-port N] [--serve DIR] [--identity FILE]
                    [--data DIR] [--generate-mail N] [--latency-ms N]
                    [--throttle N] [--unavailable N] [--send-delay-ms N]
                    [--imap-port N] [--smtp-port N] [--mailbox-time-zone NAME]

  --port N         listen on 127.0.0.1:N (default 8710; 0 picks a free port)
  --upload-port N  answer attachment upload sessions on 127.0.0.1:N, another
                   origin, as Outlook answers them on outlook.office.com and not on
                   Graph's host (default: the next port, 8711; free when --port 0)
  --serve DIR      also serve the built Tern app from DIR (e.g. dist/), with a
                   config.json that points the app at this emulator
  --identity FILE  add users and app registrations from a JSON file to the
                   built-in demo directory (see below)
  --data DIR       seed mailboxes from Graph-format JSON files (see below)
  --generate-mail N  add N generated messages to adele's inbox (e.g. 10000)
  --latency-ms N   delay every Graph answer by N milliseconds
  --throttle N     answer the first N Graph calls 429 TooManyRequests (Retry-After)
  --unavailable N  answer the first N Graph calls 503 serviceNotAvailable (before
                   any --throttle ones)
  --send-delay-ms N  keep a sent message in Drafts N milliseconds after `send`
                   answered 202 before it reaches Sent Items, as Exchange does
  --imap-port N    also answer IMAP4rev1 on 127.0.0.1:N (0 picks a free port), as
                   Exchange Online's outlook.office365.com, signed in with XOAUTH2
                   and an access token for https://outlook.office.com with
                   IMAP.AccessAsUser.All; plain text, no TLS
  --smtp-port N    also answer SMTP submission on 127.0.0.1:N (0 picks a free port),
                   as smtp.office365.com, with XOAUTH2 and SMTP.Send; plain text,
                   no STARTTLS. Sent mail reaches Sent Items and the recipients'
                   inboxes, as through Graph
  --mailbox-time-zone NAME  give every mailbox this time zone (a Windows name such
                   as \"Tokyo Standard Time\", or an IANA one), as Outlook on the web
                   sets it at a person's first visit; without it a mailbox has none
  --help           show this text

The first line printed is `listening on http://127.0.0.1:PORT`; the second is
`uploads on http://127.0.0.1:PORT`; then `imap on 127.0.0.1:PORT` and
`smtp on 127.0.0.1:PORT` when asked for.

The built-in directory: tenant contoso.example (3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b),
users adele@contoso.example (admin) and megan@contoso.example, password demo;
apps Tern (demo) 7e2f9a4c-1d3b-4c5e-8f6a-9b0c1d2e3f4a (SPA), Tern (implicit demo)
5c8e1a3f-7b2d-4e9c-a6f1-3d5b7c9e1f2a (SPA, implicit grant on) and Confidential web
app 9a4d2f6b-3e1c-4a7d-b8e2-6f0c4a2d8e1b (Web), all with redirect URIs
http://127.0.0.1:PORT/, http://localhost:PORT/, http://127.0.0.1:8080/ and
http://localhost:8080/.

An --identity file is a JSON object; entries replace built-in ones with the same
upn or client_id, and {port} in a redirect URI stands for the emulator's port:
  {\"users\": [{\"upn\": \"alex@contoso.example\", \"name\": \"Alex Wilber\",
              \"password\": \"demo\", \"oid\": \"<GUID, optional>\", \"admin\": false}],
   \"apps\": [{\"client_id\": \"<GUID>\", \"name\": \"My SPA\",
             \"spa_redirect_uris\": [\"http://localhost:{port}/\"], \"web_redirect_uris\": [],
             \"implicit_id_token\": false, \"implicit_access_token\": false,
             \"api_permissions\": [\"https://graph.microsoft.com/Mail.Read\"]}]}

Mail: adele and megan have a built-in demo mailbox; adele may open megan's mailbox
(/v1.0/users/megan@contoso.example/..., with Mail.Read.Shared). A --data DIR holds
Graph response bodies (a collection {\"value\":[...]} or one entity), e.g. payloads
captured from the real service:
  DIR/grants.json                   {\"value\":[{\"mailbox\":\"megan@contoso.example\",
                                    \"delegate\":\"adele@contoso.example\"}]} (replaces
                                    the built-in grant)
  DIR/<upn>/mailFolders.json        mailFolder entities; a top-level folder named like a
                                    well-known one (Inbox, Sent Items, ...) takes its place
  DIR/<upn>/messages/<folder>.json  messages of one folder; <folder> is a well-known name
                                    (inbox, archive, ...) or a folder id
A user with a DIR/<upn>/ directory gets only what it holds.";

pub const DEFAULT_PORT: u16 = 8710;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub port: u16,
    /// Where upload sessions are answered; `None` is the port after `port` (or a free one).
    pub upload_port: Option<u16>,
    pub serve: Option<PathBuf>,
    /// A JSON file of extra users and app registrations.
    pub identity: Option<PathBuf>,
    /// A directory of Graph-format JSON to seed mailboxes from.
    pub data: Option<PathBuf>,
    /// How many messages to generate into adele's inbox.
    pub generate_mail: usize,
    /// Delay added to every Graph answer, to see slow networks.
    pub latency_ms: u64,
    /// How many Graph calls to answer 429 first.
    pub throttle: u32,
    /// How many Graph calls to answer 503 first.
    pub unavailable: u32,
    /// How long a sent message stays in Drafts before it goes.
    pub send_delay_ms: u64,
    /// Where to answer IMAP, if at all (0: a free port).
    pub imap_port: Option<u16>,
    /// Where to answer SMTP submission, if at all (0: a free port).
    pub smtp_port: Option<u16>,
    /// Every mailbox's `mailboxSettings.timeZone`.
    pub mailbox_time_zone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    Run(Options),
    Help,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: DEFAULT_PORT,
            upload_port: None,
            serve: None,
            identity: None,
            data: None,
            generate_mail: 0,
            latency_ms: 0,
            throttle: 0,
            unavailable: 0,
            send_delay_ms: 0,
            imap_port: None,
            smtp_port: None,
            mailbox_time_zone: None,
        }
    }
}

impl Options {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name.to_owned(), Some(value.to_owned())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{name} needs a value"));
            match name.as_str() {
                "--port" => {
                    let text = value("--port")?;
                    options.port = text.parse().map_err(|_| format!("--port {text}: not a port number (0-65535)"))?;
                }
                "--upload-port" | "--imap-port" | "--smtp-port" => {
                    let text = value(&name)?;
                    let port = Some(text.parse().map_err(|_| format!("{name} {text}: not a port number (0-65535)"))?);
                    match name.as_str() {
                        "--upload-port" => options.upload_port = port,
                        "--imap-port" => options.imap_port = port,
                        _ => options.smtp_port = port,
                    }
                }
                "--serve" => options.serve = Some(PathBuf::from(value("--serve")?)),
                "--identity" => options.identity = Some(PathBuf::from(value("--identity")?)),
                "--data" => options.data = Some(PathBuf::from(value("--data")?)),
                "--generate-mail" => {
                    let text = value("--generate-mail")?;
                    options.generate_mail = text.parse().map_err(|_| format!("--generate-mail {text}: not a number of messages"))?;
                }
                "--latency-ms" => {
                    let text = value("--latency-ms")?;
                    options.latency_ms = text.parse().map_err(|_| format!("--latency-ms {text}: not a number of milliseconds"))?;
                }
                "--send-delay-ms" => {
                    let text = value("--send-delay-ms")?;
                    options.send_delay_ms = text.parse().map_err(|_| format!("--send-delay-ms {text}: not a number of milliseconds"))?;
                }
                "--throttle" | "--unavailable" => {
                    let text = value(&name)?;
                    let count = text.parse().map_err(|_| format!("{name} {text}: not a number of calls"))?;
                    if name == "--throttle" {
                        options.throttle = count;
                    } else {
                        options.unavailable = count;
                    }
                }
                "--mailbox-time-zone" => {
                    let zone = value("--mailbox-time-zone")?;
                    if crate::graph::zones::zone(&zone).is_none() {
                        return Err(format!("--mailbox-time-zone {zone}: not a Windows or IANA time zone Outlook knows"));
                    }
                    options.mailbox_time_zone = Some(zone);
                }
                "--help" | "-h" => return Ok(Parsed::Help),
                other => return Err(format!("unknown option {other}")),
            }
        }
        if options.upload_port.is_some() && options.upload_port == Some(options.port) && options.port != 0 {
            return Err(format!("--upload-port {}: the same port as --port; uploads need an origin of their own", options.port));
        }
        // A port picked by the system (0) never clashes.
        let mut claimed = vec![("--port", options.port), ("--upload-port", options.upload_port())];
        for (flag, port) in [("--imap-port", options.imap_port), ("--smtp-port", options.smtp_port)] {
            let Some(port) = port.filter(|port| *port != 0) else {
                continue;
            };
            if let Some((other, _)) = claimed.iter().find(|(_, taken)| *taken == port) {
                return Err(format!("{flag} {port}: the same port as {other}"));
            }
            claimed.push((flag, port));
        }
        Ok(Parsed::Run(options))
    }

    /// The port of the upload listener: the one asked for, else the next after Graph's.
    pub fn upload_port(&self) -> u16 {
        self.upload_port.unwrap_or(if self.port == 0 { 0 } else { self.port.wrapping_add(1) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        Options::from_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn reads_port_and_folder_in_both_spellings() {
        assert_eq!(parse(&[]), Ok(Parsed::Run(Options::default())));
        assert_eq!(
            parse(&["--port", "0", "--serve=dist"]),
            Ok(Parsed::Run(Options { port: 0, serve: Some("dist".into()), ..Options::default() }))
        );
        assert_eq!(
            parse(&["--data", "seed", "--generate-mail=10000"])
                .map(|p| matches!(p, Parsed::Run(o) if o.data == Some("seed".into()) && o.generate_mail == 10_000)),
            Ok(true)
        );
        assert_eq!(parse(&["--generate-mail", "lots"]), Err("--generate-mail lots: not a number of messages".into()));
        assert_eq!(parse(&["--latency-ms", "slow"]), Err("--latency-ms slow: not a number of milliseconds".into()));
        assert_eq!(parse(&["--latency-ms=250"]).map(|p| matches!(p, Parsed::Run(o) if o.latency_ms == 250)), Ok(true));
        assert_eq!(parse(&["--send-delay-ms", "1500"]).map(|p| matches!(p, Parsed::Run(o) if o.send_delay_ms == 1500)), Ok(true));
        assert_eq!(parse(&["--send-delay-ms", "soon"]), Err("--send-delay-ms soon: not a number of milliseconds".into()));
        assert_eq!(
            parse(&["--throttle", "3", "--unavailable=2"]).map(|p| matches!(p, Parsed::Run(o) if o.throttle == 3 && o.unavailable == 2)),
            Ok(true)
        );
        assert_eq!(parse(&["--throttle", "many"]), Err("--throttle many: not a number of calls".into()));
        assert_eq!(
            parse(&["--identity=users.json"]).map(|p| matches!(p, Parsed::Run(o) if o.identity == Some("users.json".into()))),
            Ok(true)
        );
        assert_eq!(parse(&["--identity"]), Err("--identity needs a value".into()));
        assert_eq!(parse(&["--port=9000"]).map(|p| matches!(p, Parsed::Run(o) if o.port == 9000)), Ok(true));
        assert_eq!(parse(&["--help"]), Ok(Parsed::Help));
    }

    #[test]
    fn uploads_take_the_next_port_unless_told() {
        let port_of = |args: &[&str]| match parse(args) {
            Ok(Parsed::Run(options)) => options.upload_port(),
            other => panic!("{other:?}"),
        };
        assert_eq!(port_of(&[]), 8711);
        assert_eq!(port_of(&["--port", "9000"]), 9001);
        assert_eq!(port_of(&["--port", "0"]), 0);
        assert_eq!(port_of(&["--port", "9000", "--upload-port=9100"]), 9100);
        assert_eq!(
            parse(&["--port", "9000", "--upload-port", "9000"]),
            Err("--upload-port 9000: the same port as --port; uploads need an origin of their own".into())
        );
        assert_eq!(parse(&["--upload-port", "x"]), Err("--upload-port x: not a port number (0-65535)".into()));
    }

    #[test]
    fn imap_and_smtp_listen_only_when_asked() {
        let ports = |args: &[&str]| match parse(args) {
            Ok(Parsed::Run(options)) => (options.imap_port, options.smtp_port),
            other => panic!("{other:?}"),
        };
        assert_eq!(ports(&[]), (None, None));
        assert_eq!(ports(&["--imap-port", "0", "--smtp-port=0"]), (Some(0), Some(0)));
        assert_eq!(ports(&["--imap-port=1143", "--smtp-port", "1587"]), (Some(1143), Some(1587)));
        assert_eq!(parse(&["--imap-port", "imaps"]), Err("--imap-port imaps: not a port number (0-65535)".into()));
        assert_eq!(parse(&["--smtp-port"]), Err("--smtp-port needs a value".into()));
        assert_eq!(parse(&["--imap-port", "8710"]), Err("--imap-port 8710: the same port as --port".into()));
        assert_eq!(parse(&["--smtp-port", "8711"]), Err("--smtp-port 8711: the same port as --upload-port".into()));
        assert_eq!(parse(&["--imap-port", "1143", "--smtp-port", "1143"]), Err("--smtp-port 1143: the same port as --imap-port".into()));
    }

    #[test]
    fn bad_arguments_are_explained() {
        assert_eq!(parse(&["--port"]), Err("--port needs a value".into()));
        assert_eq!(parse(&["--port", "http"]), Err("--port http: not a port number (0-65535)".into()));
        assert_eq!(parse(&["--port", "70000"]), Err("--port 70000: not a port number (0-65535)".into()));
        assert_eq!(parse(&["--verbose"]), Err("unknown option --verbose".into()));
        assert_eq!(
            parse(&["--mailbox-time-zone", "Mars/Olympus"]),
            Err("--mailbox-time-zone Mars/Olympus: not a Windows or IANA time zone Outlook knows".into())
        );
    }

    #[test]
    fn a_mailbox_time_zone_is_windows_or_iana() {
        for zone in ["Tokyo Standard Time", "Europe/Berlin"] {
            let Ok(Parsed::Run(options)) = parse(&["--mailbox-time-zone", zone]) else { panic!("{zone} is taken") };
            assert_eq!(options.mailbox_time_zone.as_deref(), Some(zone));
        }
    }
}
