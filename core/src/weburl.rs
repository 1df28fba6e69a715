//! Just enough of a URL parser to check the addresses in `config.json` natively; in the
//! browser the real `URL` does the resolving. Deliberately strict: an address Tern sends
//! tokens to must be plain, absolute HTTP(S).

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebUrl {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    Whitespace,
    NotAbsolute,
    UnsupportedScheme(String),
    Credentials,
    MissingHost,
    BadHost(String),
    NonAsciiHost(String),
    BadPort(String),
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "is empty"),
            Self::Whitespace => write!(f, "contains spaces or line breaks"),
            Self::NotAbsolute => write!(f, "is not an absolute address (it must start with https://)"),
            Self::UnsupportedScheme(scheme) => {
                write!(f, "uses \"{scheme}:\"; only https:// (or http:// on this computer) is allowed")
            }
            Self::Credentials => write!(f, "contains a user name or password, which must never be part of an address"),
            Self::MissingHost => write!(f, "has no host name"),
            Self::BadHost(host) => write!(f, "has an invalid host name \"{host}\""),
            Self::NonAsciiHost(host) => {
                write!(f, "has the host name \"{host}\"; write international names in their xn-- form")
            }
            Self::BadPort(port) => write!(f, "has an invalid port \"{port}\""),
        }
    }
}

impl WebUrl {
    pub fn parse(text: &str) -> Result<WebUrl, UrlProblem> {
        if text.is_empty() {
            return Err(UrlProblem::Empty);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(UrlProblem::Whitespace);
        }
        let (scheme, rest) = text.split_once("://").ok_or(UrlProblem::NotAbsolute)?;
        if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
            return Err(UrlProblem::NotAbsolute);
        }
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => Scheme::Https,
            "http" => Scheme::Http,
            other => return Err(UrlProblem::UnsupportedScheme(other.to_owned())),
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        if authority.contains('@') {
            return Err(UrlProblem::Credentials);
        }
        let (host, port) = split_host_port(authority)?;
        let (before_fragment, fragment) = match tail.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment.to_owned())),
            None => (tail, None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (before_fragment, None),
        };
        Ok(WebUrl { scheme, host, port, path: if path.is_empty() { "/".to_owned() } else { path.to_owned() }, query, fragment })
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn has_query(&self) -> bool {
        self.query.is_some()
    }

    pub fn has_fragment(&self) -> bool {
        self.fragment.is_some()
    }

    /// `scheme://host[:port]`, with the default port left out as browsers do.
    pub fn origin(&self) -> String {
        let (scheme, default_port) = match self.scheme {
            Scheme::Http => ("http", 80),
            Scheme::Https => ("https", 443),
        };
        match self.port {
            Some(port) if port != default_port => format!("{scheme}://{}:{port}", self.host),
            _ => format!("{scheme}://{}", self.host),
        }
    }

    /// The address without its query and fragment: what a redirect URI defaults to.
    pub fn without_query_and_fragment(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// The address with a trailing `/` of the path removed, for joining further segments.
    pub fn without_trailing_slash(&self) -> String {
        let mut text = self.without_query_and_fragment();
        while text.ends_with('/') && text.len() > self.origin().len() {
            text.pop();
        }
        text
    }

    pub fn is_loopback(&self) -> bool {
        let host = self.host.as_str();
        host == "localhost"
            || host.ends_with(".localhost")
            || host == "[::1]"
            || host.split('.').next() == Some("127")
                && host.split('.').count() == 4
                && host.split('.').all(|part| part.parse::<u8>().is_ok())
    }
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), UrlProblem> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']').ok_or_else(|| UrlProblem::BadHost(authority.to_owned()))?;
        if inside.is_empty() || !inside.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(UrlProblem::BadHost(authority.to_owned()));
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or_else(|| UrlProblem::BadHost(authority.to_owned()))?),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_ascii_lowercase(), Some(port)),
            None => (authority.to_ascii_lowercase(), None),
        }
    };
    if host.is_empty() {
        return Err(UrlProblem::MissingHost);
    }
    if !host.is_ascii() {
        return Err(UrlProblem::NonAsciiHost(host));
    }
    let valid_name = host.starts_with('[')
        || host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !valid_name {
        return Err(UrlProblem::BadHost(host));
    }
    let port = match port {
        None => None,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Some(port),
            _ => return Err(UrlProblem::BadPort(text.to_owned())),
        },
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parts_of_ordinary_addresses() {
        let url = WebUrl::parse("HTTPS://Login.MicrosoftOnline.com/common/v2.0?x=1#y").unwrap();
        assert_eq!(url.scheme(), Scheme::Https);
        assert_eq!(url.host(), "login.microsoftonline.com");
        assert_eq!(url.path(), "/common/v2.0");
        assert!(url.has_query() && url.has_fragment());
        assert_eq!(url.without_query_and_fragment(), "https://login.microsoftonline.com/common/v2.0");
        let local = WebUrl::parse("http://127.0.0.1:8710").unwrap();
        assert_eq!(local.origin(), "http://127.0.0.1:8710");
        assert_eq!(local.path(), "/");
        assert_eq!(WebUrl::parse("https://x.example:443/a/").unwrap().origin(), "https://x.example");
        assert_eq!(WebUrl::parse("https://x.example/a//").unwrap().without_trailing_slash(), "https://x.example/a");
        assert_eq!(WebUrl::parse("https://x.example/").unwrap().without_trailing_slash(), "https://x.example");
    }

    #[test]
    fn knows_loopback_hosts() {
        for text in ["http://localhost:8080/", "http://127.0.0.1", "http://127.1.2.3:1/", "http://[::1]:9/", "http://app.localhost/"] {
            assert!(WebUrl::parse(text).unwrap().is_loopback(), "{text}");
        }
        for text in ["https://graph.microsoft.com", "http://127.example", "http://10.0.0.1", "http://[::2]"] {
            assert!(!WebUrl::parse(text).unwrap().is_loopback(), "{text}");
        }
    }

    #[test]
    fn refuses_what_must_not_carry_tokens() {
        let cases = [
            ("", UrlProblem::Empty),
            ("login.microsoftonline.com/common", UrlProblem::NotAbsolute),
            ("/common", UrlProblem::NotAbsolute),
            ("javascript://x", UrlProblem::UnsupportedScheme("javascript".into())),
            ("ftp://x.example", UrlProblem::UnsupportedScheme("ftp".into())),
            ("https://user:pw@x.example/", UrlProblem::Credentials),
            ("https:///common", UrlProblem::MissingHost),
            ("https://x .example", UrlProblem::Whitespace),
            ("https://bad_host.example", UrlProblem::BadHost("bad_host.example".into())),
            ("https://-x.example", UrlProblem::BadHost("-x.example".into())),
            ("https://bücher.example", UrlProblem::NonAsciiHost("bücher.example".into())),
            ("https://x.example:0", UrlProblem::BadPort("0".into())),
            ("https://x.example:99999", UrlProblem::BadPort("99999".into())),
            ("https://x.example:+80", UrlProblem::BadPort("+80".into())),
            ("https://[::1", UrlProblem::BadHost("[::1".into())),
        ];
        for (text, problem) in cases {
            assert_eq!(WebUrl::parse(text), Err(problem), "{text}");
        }
    }
}
