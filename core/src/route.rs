//! Where the person is, as a value. Routes live in `location.hash` so Tern works on any
//! static host without rewrite rules and inside Office's task pane, whose Office.js
//! replaces `history.pushState`.

use crate::date::CivilDate;
use crate::percent::{decode_segment, encode_segment};

pub const DEFAULT_MAIL_FOLDER: &str = "inbox";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Mail {
        /// `None` for the signed-in person's own mailbox, else the address of a shared or
        /// delegated one, so a consent round trip comes back to the same mailbox.
        mailbox: Option<String>,
        folder: String,
        message: Option<String>,
    },
    Calendar {
        view: CalendarView,
        date: Option<CivilDate>,
    },
    Contacts {
        contact: Option<String>,
    },
    Tasks {
        list: Option<String>,
    },
    Settings,
    /// How other mail programs (IMAP, POP, SMTP) sign in, with a token for them.
    MailPrograms,
    /// A hash Tern does not know, kept verbatim so the page can say what was asked for.
    NotFound {
        hash: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CalendarView {
    Agenda,
    Day,
    #[default]
    Week,
    Month,
}

impl CalendarView {
    pub const ALL: [CalendarView; 4] = [Self::Agenda, Self::Day, Self::Week, Self::Month];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Agenda => "agenda",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|view| view.slug() == slug)
    }
}

/// The top-level areas, in the order the navigation shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Mail,
    Calendar,
    Contacts,
    Tasks,
}

/// Below this width Tern lays a screen out as one column (the Outlook add-in pane is
/// 320–450 px); the stylesheet's narrow layout starts at the same width.
pub const NARROW_WIDTH_PX: f64 = 700.0;

impl Area {
    pub const ALL: [Area; 4] = [Self::Mail, Self::Calendar, Self::Contacts, Self::Tasks];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Mail => "mail",
            Self::Calendar => "calendar",
            Self::Contacts => "contacts",
            Self::Tasks => "tasks",
        }
    }

    /// Where the area opens on a screen `width` CSS pixels wide: a narrow one (an add-in
    /// pane) opens the calendar as an agenda, since seven day columns do not fit.
    pub fn home_for_width(self, width: f64) -> Route {
        match self {
            Self::Calendar if width < NARROW_WIDTH_PX => Route::Calendar { view: CalendarView::Agenda, date: None },
            _ => self.home(),
        }
    }

    pub fn home(self) -> Route {
        match self {
            Self::Mail => Route::Mail { mailbox: None, folder: DEFAULT_MAIL_FOLDER.to_owned(), message: None },
            Self::Calendar => Route::Calendar { view: CalendarView::default(), date: None },
            Self::Contacts => Route::Contacts { contact: None },
            Self::Tasks => Route::Tasks { list: None },
        }
    }
}

impl Route {
    pub fn area(&self) -> Option<Area> {
        match self {
            Self::Mail { .. } => Some(Area::Mail),
            Self::Calendar { .. } => Some(Area::Calendar),
            Self::Contacts { .. } => Some(Area::Contacts),
            Self::Tasks { .. } => Some(Area::Tasks),
            Self::Home | Self::Settings | Self::MailPrograms | Self::NotFound { .. } => None,
        }
    }

    /// Reads `location.hash` (with or without its leading `#`). Never fails: anything
    /// unrecognised becomes [`Route::NotFound`].
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        Self::parse_path(path).unwrap_or_else(|| Route::NotFound { hash: path.to_owned() })
    }

    fn parse_path(path: &str) -> Option<Route> {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let segments: Vec<String> =
            if path.is_empty() { Vec::new() } else { path.split('/').map(decode_segment).collect::<Option<_>>()? };
        if segments.iter().any(String::is_empty) {
            return None;
        }
        let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
        let route = match parts.as_slice() {
            [] => Route::Home,
            ["mail"] => Area::Mail.home(),
            ["mail", rest @ ..] => Self::mail(None, rest)?,
            ["mailbox", address, "mail", rest @ ..] => Self::mail(Some(address), rest)?,
            ["calendar"] => Area::Calendar.home(),
            ["calendar", view] => Route::Calendar { view: CalendarView::from_slug(view)?, date: None },
            ["calendar", view, date] => Route::Calendar { view: CalendarView::from_slug(view)?, date: Some(CivilDate::parse_iso(date)?) },
            ["contacts"] => Route::Contacts { contact: None },
            ["contacts", contact] => Route::Contacts { contact: Some(Self::checked_id(contact)?.to_owned()) },
            ["tasks"] => Route::Tasks { list: None },
            ["tasks", list] => Route::Tasks { list: Some(Self::checked_id(list)?.to_owned()) },
            ["settings"] => Route::Settings,
            ["mail-programs"] => Route::MailPrograms,
            _ => return None,
        };
        Some(route)
    }

    fn mail(mailbox: Option<&str>, rest: &[&str]) -> Option<Route> {
        let mailbox = match mailbox {
            Some(address) => Some(Self::checked_id(address)?.to_owned()),
            None => None,
        };
        let (folder, message) = match rest {
            [] => (DEFAULT_MAIL_FOLDER, None),
            [folder] => (Self::checked_id(folder)?, None),
            [folder, message] => (Self::checked_id(folder)?, Some(Self::checked_id(message)?.to_owned())),
            _ => return None,
        };
        Some(Route::Mail { mailbox, folder: folder.to_owned(), message })
    }

    /// Ids from the address end up as segments of Graph paths: `.` and `..` there would
    /// name another resource, so they are refused here.
    fn checked_id(id: &str) -> Option<&str> {
        (id != "." && id != "..").then_some(id)
    }

    /// The canonical hash for this route, `#` included.
    pub fn to_hash(&self) -> String {
        let mut segments: Vec<String> = Vec::new();
        match self {
            Self::Home => {}
            Self::Mail { mailbox, folder, message } => {
                if let Some(address) = mailbox {
                    segments.push("mailbox".into());
                    segments.push(encode_segment(address));
                }
                segments.push("mail".into());
                segments.push(encode_segment(folder));
                segments.extend(message.as_deref().map(encode_segment));
            }
            Self::Calendar { view, date } => {
                segments.push("calendar".into());
                segments.push(view.slug().into());
                segments.extend(date.map(|date| date.to_string()));
            }
            Self::Contacts { contact } => {
                segments.push("contacts".into());
                segments.extend(contact.as_deref().map(encode_segment));
            }
            Self::Tasks { list } => {
                segments.push("tasks".into());
                segments.extend(list.as_deref().map(encode_segment));
            }
            Self::Settings => segments.push("settings".into()),
            Self::MailPrograms => segments.push("mail-programs".into()),
            Self::NotFound { hash } => return format!("#{hash}"),
        }
        format!("#/{}", segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_screen_opens_the_calendar_as_an_agenda() {
        assert_eq!(Area::Calendar.home_for_width(340.0).to_hash(), "#/calendar/agenda");
        assert_eq!(Area::Calendar.home_for_width(1366.0), Area::Calendar.home());
        assert_eq!(Area::Mail.home_for_width(340.0), Area::Mail.home());
    }

    /// A small deterministic generator, so the round trip is checked over many tricky ids
    /// without a property-testing dependency.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.next() as usize % items.len()]
        }

        fn id(&mut self) -> String {
            const PIECES: &[&str] = &[
                "AAMkAGI2",
                "=",
                "+",
                "/",
                "%",
                "#",
                "?",
                "&",
                " ",
                "é",
                "日本",
                "..",
                ".",
                "~",
                "-",
                "_",
                "AQMkADAwATM0MDAAMS0",
                "%2F",
                "\u{1F600}",
            ];
            let len = 1 + self.next() as usize % 6;
            let id: String = (0..len).map(|_| self.pick(PIECES)).collect();
            // `.` and `..` alone are refused by design; covered by their own test.
            if id == "." || id == ".." {
                id + "x"
            } else {
                id
            }
        }

        fn maybe_id(&mut self) -> Option<String> {
            self.next().is_multiple_of(2).then(|| self.id())
        }

        fn route(&mut self) -> Route {
            match self.next() % 7 {
                0 => Route::Home,
                5 => Route::MailPrograms,
                1 => Route::Mail { mailbox: self.maybe_id(), folder: self.id(), message: self.maybe_id() },
                2 => Route::Calendar {
                    view: self.pick(&CalendarView::ALL),
                    date: self.next().is_multiple_of(2).then(|| {
                        CivilDate::new(1 + (self.next() % 9999) as i32, 1 + (self.next() % 12) as u8, 1 + (self.next() % 28) as u8).unwrap()
                    }),
                },
                3 => Route::Contacts { contact: self.maybe_id() },
                4 => Route::Tasks { list: self.maybe_id() },
                _ => Route::Settings,
            }
        }
    }

    #[test]
    fn every_route_survives_a_round_trip_through_its_hash() {
        let mut generator = Lcg(7);
        for _ in 0..5000 {
            let route = generator.route();
            let hash = route.to_hash();
            assert_eq!(Route::from_hash(&hash), route, "hash {hash}");
        }
    }

    #[test]
    fn parsing_any_text_then_printing_is_stable() {
        let mut generator = Lcg(11);
        const PIECES: &[&str] = &[
            "#",
            "/",
            "mail",
            "calendar",
            "week",
            "2026-02-30",
            "2026-03-01",
            "tasks",
            "%",
            "%2",
            "%41",
            "settings",
            "contacts",
            "x",
            "//",
            "%FF",
        ];
        for _ in 0..5000 {
            let len = generator.next() as usize % 7;
            let text: String = (0..len).map(|_| generator.pick(PIECES)).collect();
            let route = Route::from_hash(&text);
            assert_eq!(Route::from_hash(&route.to_hash()), route, "from {text:?}");
        }
    }

    #[test]
    fn short_forms_and_trailing_slashes_reach_the_expected_screens() {
        assert_eq!(Route::from_hash(""), Route::Home);
        assert_eq!(Route::from_hash("#"), Route::Home);
        assert_eq!(Route::from_hash("#/"), Route::Home);
        assert_eq!(Route::from_hash("#/mail"), Area::Mail.home());
        assert_eq!(Route::from_hash("#/mail/"), Area::Mail.home());
        assert_eq!(Area::Mail.home().to_hash(), "#/mail/inbox");
        assert_eq!(Route::from_hash("#/calendar").to_hash(), "#/calendar/week");
        assert_eq!(
            Route::from_hash("#/calendar/month/2026-11-23"),
            Route::Calendar { view: CalendarView::Month, date: CivilDate::new(2026, 11, 23) }
        );
    }

    #[test]
    fn unknown_or_malformed_hashes_are_not_found_not_a_panic() {
        for hash in [
            "#/nowhere",
            "#/calendar/year",
            "#/calendar/week/2026-02-30",
            "#/mail/inbox/a/b",
            "#/mail//x",
            "#/mail/%E0%A4",
            "#/mail/%zz",
            "#/mail/..",
            "#/mail/inbox/%2E%2E",
            "#/mailbox/%2E/mail/inbox",
            "#/mailbox/megan@contoso.example",
            "#/contacts/..",
            "#/tasks/%2e",
            "#access_token=abc&state=1",
        ] {
            assert!(matches!(Route::from_hash(hash), Route::NotFound { .. }), "{hash}");
        }
    }

    #[test]
    fn ids_with_slashes_stay_one_segment() {
        let route = Route::Mail { mailbox: None, folder: "AAMk/AG+I2=".into(), message: Some("a/b".into()) };
        assert_eq!(route.to_hash(), "#/mail/AAMk%2FAG%2BI2%3D/a%2Fb");
    }

    #[test]
    fn another_persons_mailbox_is_part_of_the_address() {
        let route = Route::from_hash("#/mailbox/megan%40contoso.example/mail/inbox");
        assert_eq!(route, Route::Mail { mailbox: Some("megan@contoso.example".into()), folder: "inbox".into(), message: None });
        assert_eq!(Route::from_hash("#/mailbox/megan@contoso.example/mail").to_hash(), "#/mailbox/megan%40contoso.example/mail/inbox");
        assert_eq!(route.area(), Some(Area::Mail));
    }
}
