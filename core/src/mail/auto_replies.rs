//! Automatic replies (Outlook's "out of office"): the mailbox's `automaticRepliesSetting`,
//! read from and changed through `/me/mailboxSettings`. Graph keeps the two messages as
//! HTML; the form edits them as text and sends a message back only when it was changed,
//! so formatting made in Outlook survives a save that did not touch it.

use super::compose::escape_html;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Disabled,
    AlwaysEnabled,
    Scheduled,
}

impl Status {
    pub const ALL: [Status; 3] = [Self::Disabled, Self::AlwaysEnabled, Self::Scheduled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Disabled => "disabled",
            Self::AlwaysEnabled => "alwaysEnabled",
            Self::Scheduled => "scheduled",
        }
    }

    pub fn parse(text: &str) -> Status {
        Self::ALL.into_iter().find(|status| status.as_str().eq_ignore_ascii_case(text)).unwrap_or_default()
    }
}

/// Who outside the organisation gets the outside message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Audience {
    None,
    ContactsOnly,
    #[default]
    All,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Self::None, Self::ContactsOnly, Self::All];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ContactsOnly => "contactsOnly",
            Self::All => "all",
        }
    }

    pub fn parse(text: &str) -> Audience {
        Self::ALL.into_iter().find(|audience| audience.as_str().eq_ignore_ascii_case(text)).unwrap_or_default()
    }
}

/// The setting as Graph holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutomaticReplies {
    pub status: Status,
    pub audience: Audience,
    /// HTML, as Graph keeps it.
    pub internal_html: String,
    pub external_html: String,
    /// `YYYY-MM-DDTHH:MM:SS…` in `zone`.
    pub start: Option<String>,
    pub end: Option<String>,
    /// The zone Graph wrote the schedule in (often `UTC`).
    pub zone: String,
}

fn date_time(value: &Value) -> Option<String> {
    value["dateTime"].as_str().filter(|text| !text.is_empty()).map(str::to_owned)
}

impl AutomaticReplies {
    /// Reads `automaticRepliesSetting` (tolerant: what is missing is off or empty).
    pub fn from_graph(setting: &Value) -> AutomaticReplies {
        let text = |name: &str| setting[name].as_str().unwrap_or_default().to_owned();
        AutomaticReplies {
            status: Status::parse(&text("status")),
            audience: Audience::parse(&text("externalAudience")),
            internal_html: text("internalReplyMessage"),
            external_html: text("externalReplyMessage"),
            start: date_time(&setting["scheduledStartDateTime"]),
            end: date_time(&setting["scheduledEndDateTime"]),
            zone: setting["scheduledStartDateTime"]["timeZone"].as_str().unwrap_or("UTC").to_owned(),
        }
    }

    /// Whether people who write now get an automatic reply; `now` is `YYYY-MM-DDTHH:MM`
    /// in the schedule's zone.
    pub fn replying_at(&self, now: &str) -> bool {
        match self.status {
            Status::Disabled => false,
            Status::AlwaysEnabled => true,
            Status::Scheduled => match (&self.start, &self.end) {
                (Some(start), Some(end)) => start.get(..16).unwrap_or(start) <= now && now < end.get(..16).unwrap_or(end),
                _ => false,
            },
        }
    }
}

/// The form, as the person fills it in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    pub status: Status,
    pub audience: Audience,
    pub internal: String,
    pub external: String,
    /// `YYYY-MM-DDTHH:MM` (a `datetime-local` field), in `zone`.
    pub start: String,
    pub end: String,
    pub zone: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Scheduled replies need a start and an end.
    ScheduleMissing,
    /// The end is not after the start.
    EndBeforeStart,
}

impl Problem {
    pub fn explain(self) -> &'static str {
        match self {
            Self::ScheduleMissing => "Scheduled replies need a start and an end.",
            Self::EndBeforeStart => "The end must be after the start.",
        }
    }
}

/// Text of an HTML message, for the form: line breaks kept, tags, comments and what
/// `head`, `style`, `script` and `title` hold dropped, the common entities read.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        if rest[open..].starts_with("<!--") {
            rest = rest[open..].find("-->").map_or("", |end| &rest[open + end + 3..]);
            continue;
        }
        // A `<` that opens no tag is text.
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        let tag = rest[open + 1..open + close].to_ascii_lowercase();
        let closing = tag.starts_with('/');
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default().to_owned();
        rest = &rest[open + close + 1..];
        if !closing && matches!(name.as_str(), "head" | "style" | "script" | "title") {
            let end = format!("</{name}");
            rest = rest.to_ascii_lowercase().find(&end).map_or("", |at| &rest[at..]);
            continue;
        }
        if matches!(name.as_str(), "br" | "p" | "div" | "li") && !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text.push_str(rest);
    let decoded = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    decoded.replace("&amp;", "&").trim().to_owned()
}

fn text_to_html(text: &str) -> String {
    escape_html(text.trim()).replace('\n', "<br>")
}

impl Form {
    /// The form for `setting`, its schedule on the clocks of the person's `zone`:
    /// `to_local` turns a UTC moment, as Graph writes it, into `YYYY-MM-DDTHH:MM` there.
    pub fn from_setting(setting: &AutomaticReplies, zone: &str, to_local: impl Fn(&str) -> Option<String>) -> Form {
        let in_utc = setting.zone.eq_ignore_ascii_case("UTC");
        let moment = |at: &Option<String>| {
            at.as_deref().and_then(|at| if in_utc { to_local(at) } else { at.get(..16).map(str::to_owned) }).unwrap_or_default()
        };
        Form {
            status: setting.status,
            audience: setting.audience,
            internal: html_to_text(&setting.internal_html),
            external: html_to_text(&setting.external_html),
            start: moment(&setting.start),
            end: moment(&setting.end),
            zone: if in_utc { zone.to_owned() } else { setting.zone.clone() },
        }
    }

    /// The `PATCH /me/mailboxSettings` body: the messages only where they changed from
    /// `was`, the schedule only when scheduled.
    pub fn patch(&self, was: &AutomaticReplies) -> Result<Value, Problem> {
        let mut setting = json!({ "status": self.status.as_str(), "externalAudience": self.audience.as_str() });
        if self.internal.trim() != html_to_text(&was.internal_html) {
            setting["internalReplyMessage"] = json!(text_to_html(&self.internal));
        }
        if self.external.trim() != html_to_text(&was.external_html) {
            setting["externalReplyMessage"] = json!(text_to_html(&self.external));
        }
        if self.status == Status::Scheduled {
            let (start, end) = (self.start.trim(), self.end.trim());
            if start.len() < 16 || end.len() < 16 {
                return Err(Problem::ScheduleMissing);
            }
            if end <= start {
                return Err(Problem::EndBeforeStart);
            }
            setting["scheduledStartDateTime"] = json!({ "dateTime": format!("{start}:00"), "timeZone": self.zone });
            setting["scheduledEndDateTime"] = json!({ "dateTime": format!("{end}:00"), "timeZone": self.zone });
        }
        Ok(json!({ "automaticRepliesSetting": setting }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlook_setting() -> Value {
        // The example of "Get user mailbox settings", learn.microsoft.com/graph/api/user-get-mailboxsettings.
        json!({
            "status": "scheduled",
            "externalAudience": "all",
            "scheduledStartDateTime": { "dateTime": "2016-03-14T07:00:00.0000000", "timeZone": "UTC" },
            "scheduledEndDateTime": { "dateTime": "2016-03-28T07:00:00.0000000", "timeZone": "UTC" },
            "internalReplyMessage": "<html>\n<body>\n<p>I'm at our company's worldwide reunion and will respond to your message as soon as I return.<br>\n</p></body>\n</html>\n",
            "externalReplyMessage": "<html>\n<body>\n<p>I'm at the Contoso worldwide reunion &amp; will respond as soon as I return.<br>\n</p></body>\n</html>\n"
        })
    }

    #[test]
    fn reads_graphs_setting_and_knows_when_it_replies() {
        let setting = AutomaticReplies::from_graph(&outlook_setting());
        assert_eq!(setting.status, Status::Scheduled);
        assert_eq!(setting.audience, Audience::All);
        assert!(!setting.replying_at("2016-03-14T06:59"));
        assert!(setting.replying_at("2016-03-14T07:00"));
        assert!(!setting.replying_at("2016-03-28T07:00"));
        assert!(!AutomaticReplies::default().replying_at("2016-03-20T00:00"));
        assert!(AutomaticReplies::from_graph(&json!({"status": "AlwaysEnabled"})).replying_at(""));
    }

    #[test]
    fn edits_the_messages_as_text_and_sends_back_only_what_changed() {
        let setting = AutomaticReplies::from_graph(&outlook_setting());
        let berlin = |utc: &str| utc.get(..11).map(|day| format!("{day}08:00"));
        let mut form = Form::from_setting(&setting, "Europe/Berlin", berlin);
        assert_eq!(form.external, "I'm at the Contoso worldwide reunion & will respond as soon as I return.");
        assert_eq!((form.start.as_str(), form.zone.as_str()), ("2016-03-14T08:00", "Europe/Berlin"));
        let untouched = form.patch(&setting).unwrap();
        assert!(untouched["automaticRepliesSetting"].get("externalReplyMessage").is_none(), "{untouched}");
        form.internal = "Away <until> Monday\nAsk Megan.".into();
        let body = form.patch(&setting).unwrap();
        let sent = &body["automaticRepliesSetting"];
        assert_eq!(sent["internalReplyMessage"], "Away &lt;until&gt; Monday<br>Ask Megan.");
        assert_eq!(sent["scheduledStartDateTime"], json!({"dateTime": "2016-03-14T08:00:00", "timeZone": "Europe/Berlin"}));
        assert_eq!(sent["status"], "scheduled");
    }

    #[test]
    fn a_schedule_needs_a_start_before_its_end() {
        let mut form = Form { status: Status::Scheduled, zone: "UTC".into(), ..Form::default() };
        assert_eq!(form.patch(&AutomaticReplies::default()), Err(Problem::ScheduleMissing));
        form.start = "2026-12-24T18:00".into();
        form.end = "2026-12-24T09:00".into();
        assert_eq!(form.patch(&AutomaticReplies::default()), Err(Problem::EndBeforeStart));
        form.status = Status::Disabled;
        let off = form.patch(&AutomaticReplies::default()).unwrap();
        assert_eq!(off, json!({"automaticRepliesSetting": {"status": "disabled", "externalAudience": "all"}}));
    }

    #[test]
    fn reads_html_as_text() {
        assert_eq!(html_to_text("<div>One</div><div>Two &amp; three</div>"), "One\nTwo & three");
        assert_eq!(html_to_text("plain"), "plain");
        assert_eq!(html_to_text("a <b>bold</b> word<br/>next"), "a bold word\nnext");
        assert_eq!(
            html_to_text(
                "<html><head><style>p { color: red }</style><title>x</title></head><body><!-- a note --><p>Away</p></body></html>"
            ),
            "Away"
        );
        assert_eq!(html_to_text("1 < 2 and 3"), "1 < 2 and 3");
    }
}
