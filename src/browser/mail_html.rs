//! HTML mail made safe to show: parsed by the browser's inert `DOMParser`, cleaned by the
//! rules of `tern_core::mail::html_policy`, and wrapped in a document for a sandboxed
//! `srcdoc` frame.

use tern_core::mail::html_policy::{self as policy, Attribute, Element as Action, FrameScheme, Url};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

pub use tern_core::mail::html_policy::text_document;

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CleanOptions {
    pub show_remote_images: bool,
    /// `(Content-ID without <>, blob: or data: URL)`; Content-IDs match case-insensitively.
    pub inline_images: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CleanedHtml {
    /// A whole document for an iframe's `srcdoc`.
    pub html: String,
    /// Remote images and backgrounds held back; zero once they are shown.
    pub blocked_remote: usize,
    pub scheme: FrameScheme,
}

struct Cleaner<'a> {
    options: &'a CleanOptions,
    blocked: usize,
}

pub fn clean(html: &str, options: &CleanOptions) -> CleanedHtml {
    let show = options.show_remote_images;
    let parsed = DomParser::new().and_then(|parser| parser.parse_from_string(html, SupportedType::TextHtml));
    let (Ok(doc), mut cleaner) = (parsed, Cleaner { options, blocked: 0 }) else {
        return CleanedHtml { html: text_document(html), blocked_remote: 0, scheme: FrameScheme::FollowsTheme };
    };
    let declared_scheme = doc
        .query_selector("meta[name='color-scheme' i], meta[name='supported-color-schemes' i]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    // Styles of the mail's own head come along; everything else there is metadata.
    let mut head = String::new();
    if let Ok(styles) = doc.query_selector_all("head > style") {
        for index in 0..styles.length() {
            if let Some(style) = styles.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
                cleaner.clean_sheet(&style);
                head.push_str(&style.outer_html());
            }
        }
    }
    let body = match doc.body() {
        Some(body) => {
            cleaner.clean_attributes(&body, "body");
            cleaner.clean_children(&body);
            body.outer_html()
        }
        None => String::new(),
    };
    let scheme = FrameScheme::of_html(declared_scheme.as_deref(), &head);
    CleanedHtml { html: policy::document(&head, &body, show, scheme), blocked_remote: cleaner.blocked, scheme }
}

impl Cleaner<'_> {
    fn clean_children(&mut self, parent: &Element) {
        let mut child = parent.first_child();
        while let Some(node) = child {
            let mut next = node.next_sibling();
            match node.dyn_into::<Element>() {
                Ok(element) => {
                    let tag = element.local_name();
                    let action = if element.namespace_uri().as_deref() == Some(HTML_NS) { policy::element(&tag) } else { Action::Drop };
                    match action {
                        Action::Keep if tag == "style" => self.clean_sheet(&element),
                        Action::Keep => {
                            self.clean_attributes(&element, &tag);
                            self.clean_children(&element);
                        }
                        Action::Unwrap => {
                            if let Some(first) = element.first_child() {
                                next = Some(first);
                            }
                            while let Some(grandchild) = element.first_child() {
                                let _ = parent.insert_before(&grandchild, Some(&element));
                            }
                            element.remove();
                        }
                        Action::Drop => element.remove(),
                    }
                }
                // Only text survives besides elements: comments and processing
                // instructions have tricked serializers before.
                Err(node) if node.node_type() != Node::TEXT_NODE => {
                    let _ = parent.remove_child(&node);
                }
                Err(_) => {}
            }
            child = next;
        }
    }

    fn clean_sheet(&mut self, style: &Element) {
        let css = policy::clean_css(&style.text_content().unwrap_or_default(), self.options.show_remote_images);
        self.blocked += css.blocked;
        for name in style.get_attribute_names().iter().filter_map(|name| name.as_string()) {
            let _ = style.remove_attribute(&name);
        }
        style.set_text_content(Some(&css.text));
    }

    fn clean_attributes(&mut self, element: &Element, tag: &str) {
        let show = self.options.show_remote_images;
        // Counted per element, so an image with `src` and `srcset` is one image held back.
        let mut held = false;
        for name in element.get_attribute_names().iter().filter_map(|name| name.as_string()) {
            let value = element.get_attribute(&name).unwrap_or_default();
            let replacement = match policy::attribute(tag, &name) {
                Attribute::Keep => continue,
                Attribute::Drop => None,
                Attribute::Link => matches!(policy::classify(&value), Url::Web | Url::Mailto).then_some(value),
                Attribute::Image => match policy::classify(&value) {
                    Url::DataImage => Some(value),
                    Url::Web if show => Some(value),
                    Url::Web => {
                        held = true;
                        None
                    }
                    Url::Cid(id) => self.inline_image(&id),
                    _ => None,
                },
                Attribute::ImageSet if policy::srcset_is_web(&value) => {
                    held |= !show;
                    show.then_some(value)
                }
                Attribute::ImageSet => None,
                Attribute::Style => {
                    let css = policy::clean_style(&value, show);
                    held |= css.blocked > 0;
                    Some(css.text).filter(|text| !text.is_empty())
                }
            };
            let _ = match replacement {
                Some(replacement) => element.set_attribute(&name, &replacement),
                None => element.remove_attribute(&name),
            };
        }
        self.blocked += usize::from(held);
        if tag == "a" && element.has_attribute("href") {
            let _ = element.set_attribute("target", "_blank");
            let _ = element.set_attribute("rel", "noopener noreferrer");
        }
    }

    fn inline_image(&self, id: &str) -> Option<String> {
        let id = id.trim_matches(['<', '>']);
        self.options.inline_images.iter().find(|(cid, _)| cid.eq_ignore_ascii_case(id)).map(|(_, url)| url.clone())
    }
}
