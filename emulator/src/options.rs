//! The command line.

use std::path::PathBuf;

pub const USAGE: &str = "\
usage: tern-emulator [--port N] [--serve DIR]

  --port N      listen on 127.0.0.1:N (default 8710; 0 picks a free port)
  --serve DIR   also serve the built Tern app from DIR (e.g. dist/), with a
                config.json that points the app at this emulator
  --help        show this text

The first line printed is `listening on http://127.0.0.1:PORT`.";

pub const DEFAULT_PORT: u16 = 8710;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub port: u16,
    pub serve: Option<PathBuf>,
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
            serve: None,
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
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match name.as_str() {
                "--port" => {
                    let text = value("--port")?;
                    options.port = text
                        .parse()
                        .map_err(|_| format!("--port {text}: not a port number (0-65535)"))?;
                }
                "--serve" => options.serve = Some(PathBuf::from(value("--serve")?)),
                "--help" | "-h" => return Ok(Parsed::Help),
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(Parsed::Run(options))
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
            Ok(Parsed::Run(Options {
                port: 0,
                serve: Some("dist".into())
            }))
        );
        assert_eq!(parse(&["--port=9000"]).map(|p| matches!(p, Parsed::Run(o) if o.port == 9000)), Ok(true));
        assert_eq!(parse(&["--help"]), Ok(Parsed::Help));
    }

    #[test]
    fn bad_arguments_are_explained() {
        assert_eq!(parse(&["--port"]), Err("--port needs a value".into()));
        assert_eq!(parse(&["--port", "http"]), Err("--port http: not a port number (0-65535)".into()));
        assert_eq!(parse(&["--port", "70000"]), Err("--port 70000: not a port number (0-65535)".into()));
        assert_eq!(parse(&["--verbose"]), Err("unknown option --verbose".into()));
    }
}
