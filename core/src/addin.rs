//! Tern as an Outlook add-in: where its pane may run.

/// Outlook on the web's origins, which frame the pane (desktop and mobile Outlook show it in
/// a web view of their own, with no ancestor). The deployment's `frame-ancestors` header
/// names the same hosts (`public/_headers`, `deploy/`); a national cloud adds its own there.
pub const OUTLOOK_WEB_ORIGINS: [&str; 4] =
    ["https://outlook.office.com", "https://outlook.office365.com", "https://outlook.cloud.microsoft", "https://outlook.live.com"];

/// Whether a framed pane may run, given the origins of the pages around it, innermost
/// first (`location.ancestorOrigins`). Each must be Outlook on the web or the pane's own
/// origin. Browsers without that list (Firefox) leave the decision to the header.
pub fn may_run_framed(ancestors: Option<&[String]>, own_origin: &str) -> bool {
    ancestors.is_none_or(|ancestors| ancestors.iter().all(|origin| origin == own_origin || OUTLOOK_WEB_ORIGINS.contains(&origin.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins(list: &[&str]) -> Vec<String> {
        list.iter().map(|origin| (*origin).to_owned()).collect()
    }

    #[test]
    fn only_outlook_on_the_web_may_frame_the_pane() {
        let own = "https://mail.example.org";
        assert!(may_run_framed(Some(&origins(&["https://outlook.office.com"])), own));
        assert!(may_run_framed(Some(&origins(&[own, "https://outlook.cloud.microsoft"])), own));
        assert!(!may_run_framed(Some(&origins(&["https://evil.example"])), own));
        assert!(!may_run_framed(Some(&origins(&["https://outlook.office.com", "https://evil.example"])), own), "every ancestor counts");
        assert!(!may_run_framed(Some(&origins(&["http://outlook.office.com"])), own), "never over plain http");
        assert!(!may_run_framed(Some(&origins(&["https://outlook.office.com.evil.example"])), own));
        assert!(may_run_framed(None, own), "the header decides where the browser does not say");
    }
}
