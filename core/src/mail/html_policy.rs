//! What survives of an HTML mail (docs/microsoft.md, "Security rules"), as rules the browser glue applies
//! to a tree `DOMParser` built. Allow-lists rather than deny-lists: an element or attribute
//! nobody thought of is harmless by default. Remote content never loads until the person
//! asks; scripts never run, whatever they ask.

/// What becomes of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    Keep,
    /// Gone with everything inside: active content, form controls, document metadata, and
    /// SVG/MathML, whose parsing rules differ enough to smuggle markup past a cleaner.
    Drop,
    /// The element goes, its children stay: unknown tags, forms and buttons around text.
    Unwrap,
}

const KEEP: &str = "a abbr acronym address article aside b bdi bdo big blockquote br caption center cite code col \
     colgroup dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i \
     img ins kbd li main mark nav ol p picture pre q rp rt ruby s samp section small span strike strong \
     style sub summary sup table tbody td tfoot th thead time tr tt u ul var video wbr";

const DROP: &str = "applet audio base basefont bgsound canvas datalist embed frame frameset head iframe input isindex \
     keygen link math meta noembed noframes noscript object optgroup option param portal script select \
     source svg template textarea title track xml";

/// The lists are plain words rather than arrays of strings: smaller in the download.
fn listed(list: &str, word: &str) -> bool {
    list.split_ascii_whitespace().any(|listed| listed == word)
}

/// `tag` is the element's lower-case local name; the glue drops any element outside the
/// HTML namespace before asking.
pub fn element(tag: &str) -> Element {
    if listed(KEEP, tag) {
        Element::Keep
    } else if listed(DROP, tag) {
        Element::Drop
    } else {
        Element::Unwrap
    }
}

/// What becomes of an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribute {
    Keep,
    Drop,
    /// A link target: kept for web and mail addresses only.
    Link,
    /// One image address.
    Image,
    /// A `srcset` list of image addresses.
    ImageSet,
    /// Inline CSS, through [`clean_style`].
    Style,
}

/// Presentational attributes mail actually uses. Not `name`: with it, an `img` would
/// shadow properties of the frame's `document`, which the app reads to size the frame.
const PLAIN: &str = "abbr align alink alt axis bgcolor border cellpadding cellspacing char charoff class clear color cols \
     colspan compact controls datetime dir face frame headers height hreflang hspace id lang leftmargin \
     link marginheight marginwidth noshade nowrap open reversed role rows rowspan rules scope size sizes \
     span start summary text title topmargin type valign value vlink vspace width";

/// `element` and `name` in lower case, as the HTML parser leaves them.
pub fn attribute(element: &str, name: &str) -> Attribute {
    match (element, name) {
        ("a", "href") => Attribute::Link,
        ("img", "src") | ("video", "poster") | (_, "background") => Attribute::Image,
        ("img", "srcset") => Attribute::ImageSet,
        (_, "style") => Attribute::Style,
        _ if listed(PLAIN, name) => Attribute::Keep,
        _ => Attribute::Drop,
    }
}

/// What an address points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Url {
    /// `http:`, `https:` or protocol-relative: a request to someone else's server.
    Web,
    Mailto,
    /// An attachment of the message, by Content-ID (percent-decoded, without `<>`).
    Cid(String),
    /// A raster image carried in the address itself.
    DataImage,
    /// Anything else: `javascript:`, `vbscript:`, other `data:`, unknown schemes, and
    /// relative addresses, which a mail has nothing to resolve against.
    Refused,
}

const RASTER: &str = "png gif jpeg jpg webp bmp avif x-icon";

pub fn classify(url: &str) -> Url {
    // As the URL parser does: outer spaces and controls trimmed, tabs and newlines ignored.
    let url: String = url.trim_matches(|c| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let b = url.as_bytes();
    if b.len() > 1 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\') {
        return Url::Web;
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Url::Refused;
    };
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => Url::Web,
        "mailto" => Url::Mailto,
        "cid" => Url::Cid(crate::percent::decode_segment(rest).unwrap_or_else(|| rest.to_owned())),
        "data" => {
            let rest = rest.to_ascii_lowercase();
            let subtype = rest.strip_prefix("image/").map(|s| s.split([';', ',']).next().unwrap_or(""));
            if subtype.is_some_and(|s| listed(RASTER, s) && rest.contains(',')) {
                Url::DataImage
            } else {
                Url::Refused
            }
        }
        _ => Url::Refused,
    }
}

/// A `srcset` is only ever moved aside whole: every candidate must be a web address,
/// otherwise the list is refused and `src` stands alone.
pub fn srcset_is_web(srcset: &str) -> bool {
    srcset.split(',').all(|candidate| candidate.split_whitespace().next().is_some_and(|url| classify(url) == Url::Web))
}

/// CSS that survived cleaning, and how many remote loads it had to give up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Css {
    pub text: String,
    pub blocked: usize,
}

/// Constructs that load something or once ran script. Each is broken by inserting `-x`
/// before its last character, which the CSS parser then ignores as unknown.
const BREAK: &[&str] = &["@import", "image-set(", "image(", "expression(", "-moz-binding", "behavior"];

/// Rewrites CSS so that it loads nothing but inline images (and web images when
/// `show_remote` is set): each `url()` with any other address becomes `none`, and the
/// constructs of [`BREAK`] are broken. Escapes (`\75 rl(`) could hide a construct from
/// this rewrite, so the result is checked again with escapes decoded; CSS that still
/// fails is dropped whole.
pub fn clean_css(css: &str, show_remote: bool) -> Css {
    let lower = css.to_ascii_lowercase();
    let mut out = String::with_capacity(css.len());
    let mut blocked = 0;
    let mut i = 0;
    'scan: while i < css.len() {
        if lower[i..].starts_with("url(") {
            let (url, end) = url_argument(css, i + 4);
            match classify(url) {
                Url::DataImage => {}
                Url::Web if show_remote => {}
                kind => {
                    blocked += usize::from(kind == Url::Web);
                    out.push_str("none");
                    i = end;
                    continue;
                }
            }
        }
        for pattern in BREAK {
            if lower[i..].starts_with(pattern) {
                let last = i + pattern.len() - 1;
                out.push_str(&css[i..last]);
                out.push_str("-x");
                i = last;
                continue 'scan;
            }
        }
        let next = i + css[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&css[i..next]);
        i = next;
    }
    if still_risky(&out, show_remote) {
        return Css { text: String::new(), blocked };
    }
    Css { text: out, blocked }
}

/// The address inside `url(` starting at `start`, and where the whole `url(…)` ends.
fn url_argument(css: &str, start: usize) -> (&str, usize) {
    let rest = &css[start..];
    let trimmed = rest.trim_start();
    let offset = start + rest.len() - trimmed.len();
    let (url, after) = match trimmed.chars().next() {
        Some(quote @ ('"' | '\'')) => match trimmed[1..].find(quote) {
            Some(close) => (&trimmed[1..1 + close], offset + close + 2),
            None => (&trimmed[1..], css.len()),
        },
        _ => {
            let close = trimmed.find(')').unwrap_or(trimmed.len());
            (trimmed[..close].trim_end(), offset + close)
        }
    };
    let end = css[after..].find(')').map_or(css.len(), |close| after + close + 1);
    (url, end)
}

fn still_risky(css: &str, show_remote: bool) -> bool {
    let decoded = decode_escapes(css).to_ascii_lowercase();
    if decoded.contains("</style") || BREAK.iter().any(|pattern| decoded.contains(pattern)) {
        return true;
    }
    decoded.match_indices("url(").any(|(at, _)| match classify(url_argument(&decoded, at + 4).0) {
        Url::DataImage => false,
        Url::Web => !show_remote,
        _ => true,
    })
}

/// CSS escapes decoded the way the CSS tokenizer reads them, so that a construct spelled
/// with escapes shows up spelled plainly.
fn decode_escapes(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut code = 0u32;
        let mut digits = 0;
        while let Some(digit) = chars.peek().and_then(|d| d.to_digit(16)).filter(|_| digits < 6) {
            code = code * 16 + digit;
            digits += 1;
            chars.next();
        }
        if digits > 0 {
            if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            out.push(char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}'));
        } else if let Some(next) = chars.next() {
            if next != '\n' {
                out.push(next);
            }
        }
    }
    out
}

/// A `style` attribute, declaration by declaration, so that one bad declaration costs
/// only itself. Empty `text` means the attribute goes.
pub fn clean_style(style: &str, show_remote: bool) -> Css {
    let mut kept = Vec::new();
    let mut blocked = 0;
    for declaration in style.split(';') {
        let cleaned = clean_css(declaration, show_remote);
        blocked += cleaned.blocked;
        if !cleaned.text.trim().is_empty() {
            kept.push(cleaned.text);
        }
    }
    let text = kept.join(";");
    // Splitting at every `;` ignores quoting, so the joined result is checked as a whole.
    let text = if still_risky(&text, show_remote) { String::new() } else { text };
    Css { text, blocked }
}

/// The frame's own policy: nothing but inline styles and inline images, plus web images
/// once the person asked for them.
pub fn csp(show_remote: bool) -> &'static str {
    if show_remote {
        "default-src 'none'; img-src data: blob: https: http:; style-src 'unsafe-inline'"
    } else {
        "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'"
    }
}

/// Whether the frame may turn dark with the page. Mail designed on a white background
/// turns unreadable when a dark theme is forced on it, so HTML stays light unless the
/// message declares it was made for both; plain text carries no colours of its own and
/// always follows the theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FrameScheme {
    #[default]
    Light,
    FollowsTheme,
}

impl FrameScheme {
    /// The scheme for HTML mail: its `<meta name="color-scheme">` (or the older
    /// `supported-color-schemes`) content, if any, and its cleaned style sheets. Either
    /// naming `dark`, or a sheet styling `prefers-color-scheme: dark`, is the declaration.
    pub fn of_html(meta_content: Option<&str>, sheets: &str) -> Self {
        let meta_says_dark = meta_content.is_some_and(|content| content.split_whitespace().any(|word| word.eq_ignore_ascii_case("dark")));
        let compact: String = sheets.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if meta_says_dark || compact.contains("prefers-color-scheme:dark") {
            Self::FollowsTheme
        } else {
            Self::Light
        }
    }

    fn root_style(self) -> &'static str {
        match self {
            Self::Light => "html{color-scheme:light;background:#fff;color:#000}",
            // Transparent, so the reading pane's own background shows through.
            Self::FollowsTheme => "html{color-scheme:light dark;color:CanvasText}",
        }
    }
}

const BASE_STYLE: &str = "body{margin:0;padding:8px;font:14px/1.45 system-ui,sans-serif;overflow-wrap:anywhere}img{max-width:100%;height:auto}pre{white-space:pre-wrap}";

/// The `srcdoc` document around cleaned markup: `head` holds cleaned `<style>` elements,
/// `body` a cleaned `<body>` element.
pub fn document(head: &str, body: &str, show_remote: bool, scheme: FrameScheme) -> String {
    let mut doc = String::with_capacity(head.len() + body.len() + 512);
    for part in [
        "<!doctype html><html><head><meta charset=utf-8><meta http-equiv=\"Content-Security-Policy\" content=\"",
        csp(show_remote),
        "\"><meta name=referrer content=no-referrer><base target=_blank><style>",
        scheme.root_style(),
        BASE_STYLE,
        "</style>",
        head,
        "</head>",
        body,
        "</html>",
    ] {
        doc.push_str(part);
    }
    doc
}

/// A plain-text body as a `srcdoc` document: escaped, lines kept, long lines wrapped.
pub fn text_document(text: &str) -> String {
    let mut body = String::with_capacity(text.len() + 16);
    body.push_str("<body><pre>");
    for c in text.chars() {
        match c {
            '&' => body.push_str("&amp;"),
            '<' => body.push_str("&lt;"),
            '>' => body.push_str("&gt;"),
            _ => body.push(c),
        }
    }
    body.push_str("</pre></body>");
    document("", &body, false, FrameScheme::FollowsTheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_content_goes_with_its_content_and_unknown_tags_are_unwrapped() {
        for tag in [
            "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "noscript", "template", "svg",
            "math", "input", "textarea", "select", "title",
        ] {
            assert_eq!(element(tag), Element::Drop, "{tag}");
        }
        for tag in ["form", "button", "label", "x", "event-source", "marquee", "xmp", "listing", "body"] {
            assert_eq!(element(tag), Element::Unwrap, "{tag}");
        }
        for tag in ["p", "a", "img", "table", "td", "style", "font", "center"] {
            assert_eq!(element(tag), Element::Keep, "{tag}");
        }
    }

    #[test]
    fn handlers_and_unknown_attributes_are_dropped() {
        for name in [
            "onclick",
            "onerror",
            "onload",
            "formaction",
            "xlink:href",
            "srcdoc",
            "http-equiv",
            "name",
            "ping",
            "target",
            "rel",
            "action",
            "data",
            "dynsrc",
            "lowsrc",
            "folder",
            "datasrc",
            "srcset",
        ] {
            assert_eq!(attribute("div", name), Attribute::Drop, "{name}");
        }
        assert_eq!(attribute("a", "href"), Attribute::Link);
        assert_eq!(attribute("div", "href"), Attribute::Drop);
        assert_eq!(attribute("img", "src"), Attribute::Image);
        assert_eq!(attribute("video", "src"), Attribute::Drop);
        assert_eq!(attribute("img", "srcset"), Attribute::ImageSet);
        assert_eq!(attribute("video", "poster"), Attribute::Image);
        assert_eq!(attribute("td", "background"), Attribute::Image);
        assert_eq!(attribute("p", "style"), Attribute::Style);
        assert_eq!(attribute("td", "bgcolor"), Attribute::Keep);
    }

    #[test]
    fn addresses_are_classified_as_the_browser_would_read_them() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "java\tscript:x",
            "\u{1}javascript:x",
            "vbscript:x",
            "javasc ript:x",
            "data:text/html,<script>",
            "data:image/svg+xml,<svg/>",
            "data:image/png",
            "x.png",
            "/x.png",
            "#top",
            "file:///etc/passwd",
            "ftp://x",
            "blob:https://x/1",
            "",
        ] {
            assert_eq!(classify(url), Url::Refused, "{url:?}");
        }
        for url in ["https://x.example/p.gif", "HTTP://x", "//x.example/p", "\\\\x.example/p", "ht\ttp://x", " http://x "] {
            assert_eq!(classify(url), Url::Web, "{url:?}");
        }
        assert_eq!(classify("mailto:a@x.example"), Url::Mailto);
        assert_eq!(classify("CID:image001.png@01D0%2Ex"), Url::Cid("image001.png@01D0.x".into()));
        assert_eq!(classify("data:image/png;base64,iVBO"), Url::DataImage);
        assert_eq!(classify("data:IMAGE/JPEG,xx"), Url::DataImage);
        assert!(srcset_is_web("https://x/a.png 1x, //x/b.png 2x"));
        assert!(!srcset_is_web("https://x/a.png 1x, javascript:x 2x"));
        assert!(!srcset_is_web("data:image/png;base64,AA 1x"));
    }

    #[test]
    fn remote_css_is_neutralised_until_images_are_shown() {
        let css = "body{background:url( 'https://t.example/p.gif' ) red}p{color:red}li{list-style:url(//t/x)}";
        let blocked = clean_css(css, false);
        assert_eq!(blocked.text, "body{background:none red}p{color:red}li{list-style:none}");
        assert_eq!(blocked.blocked, 2);
        assert_eq!(clean_css(css, true), Css { text: css.into(), blocked: 0 });
        let inline = "td{background:url(data:image/gif;base64,R0lG)}";
        assert_eq!(clean_css(inline, false).text, inline);
        assert_eq!(clean_css("a{b:url(javascript:x)}", true).text, "a{b:none}");
        assert_eq!(clean_css("@font-face{src:url(https://t/f)}", false).text, "@font-face{src:none}");
    }

    #[test]
    fn imports_bindings_and_expressions_are_broken_even_when_images_are_shown() {
        let cleaned = clean_css("@import url(\"https://t/c.css\");@IMPORT 'https://t/d.css';x{width:expression(alert(1));-moz-binding:u;behavior:v;background:image-set('https://t/p' 1x)}", true);
        for pattern in BREAK {
            assert!(!cleaned.text.to_ascii_lowercase().contains(pattern), "{pattern} in {}", cleaned.text);
        }
        assert!(cleaned.text.contains("@impor-xt url(\"https://t/c.css\")"), "{}", cleaned.text);
    }

    #[test]
    fn escaped_constructs_drop_the_whole_sheet() {
        for css in [
            "a{background:\\75 rl(https://t/p)}",
            "a{background:u\\rl(https://t/p)}",
            "@\\69mport 'https://t/c'",
            "a{x:expr\\65ssion(1)}",
            "a{content:'</style><script>'}",
        ] {
            assert_eq!(clean_css(css, false).text, "", "{css}");
        }
        assert_eq!(clean_css("a{font-family:\"\\5FAE\\8F6F\"}", false).text, "a{font-family:\"\\5FAE\\8F6F\"}");
    }

    #[test]
    fn style_attributes_lose_only_what_loads() {
        let style = clean_style("color:red; background-image:url('https://t/p'); width:10px", false);
        assert_eq!(style, Css { text: "color:red; background-image:none; width:10px".into(), blocked: 1 });
        let style = clean_style("color:red;x:\\75rl(https://t/p)", false);
        assert_eq!(style.text, "color:red");
        assert_eq!(clean_style("behavior:url(#default#time2)", false).text, "behavio-xr:none");
        assert_eq!(clean_style("   ", false).text, "");
    }

    #[test]
    fn documents_carry_the_frames_own_policy() {
        let doc = document("<style>p{}</style>", "<body><p>x</p></body>", false, FrameScheme::Light);
        assert!(doc.starts_with("<!doctype html><html><head><meta charset=utf-8>"));
        assert!(doc.contains("content=\"default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'\""));
        assert!(doc.contains("<meta name=referrer content=no-referrer><base target=_blank>"));
        assert!(doc.ends_with("<style>p{}</style></head><body><p>x</p></body></html>"));
        assert!(document("", "", true, FrameScheme::Light).contains("img-src data: blob: https: http:;"));
    }

    #[test]
    fn html_mail_turns_dark_only_when_it_says_it_was_made_for_dark() {
        assert_eq!(FrameScheme::of_html(None, ""), FrameScheme::Light);
        assert_eq!(FrameScheme::of_html(Some("light"), "p{color:#333}"), FrameScheme::Light);
        assert_eq!(FrameScheme::of_html(Some("only light"), ""), FrameScheme::Light);
        assert_eq!(FrameScheme::of_html(Some("light DARK"), ""), FrameScheme::FollowsTheme);
        assert_eq!(
            FrameScheme::of_html(None, "@media ( prefers-color-scheme : dark ) { body { background: #111 } }"),
            FrameScheme::FollowsTheme
        );
        assert_eq!(FrameScheme::of_html(None, "/* darkness */ .dark{}"), FrameScheme::Light);
        let light = document("", "<body></body>", false, FrameScheme::Light);
        assert!(light.contains("html{color-scheme:light;background:#fff;color:#000}"));
        let follows = document("", "<body></body>", false, FrameScheme::FollowsTheme);
        assert!(follows.contains("html{color-scheme:light dark;color:CanvasText}"));
        assert!(text_document("plain").contains("color-scheme:light dark"), "plain text has no colours to clash with");
    }

    #[test]
    fn plain_text_is_escaped() {
        let doc = text_document("a < b & <script>alert(1)</script>\nline");
        assert!(doc.contains("<pre>a &lt; b &amp; &lt;script&gt;alert(1)&lt;/script&gt;\nline</pre>"), "{doc}");
        assert!(!doc.contains("<script>"));
    }
}
