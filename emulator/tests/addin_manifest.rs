//! The Outlook add-in manifest (`addin/manifest.template.xml`), as `scripts/addin-manifest.sh`
//! writes it for a deployment and the emulator offers it for itself: read as XML, with the
//! elements Outlook requires in the order the manifest schema sets.

use roxmltree::{Document, Node};
use std::path::PathBuf;
use std::process::Command;

const BASE: &str = "https://mail.example.org/tern/";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const BT: &str = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";

fn script(args: &[&str]) -> std::process::Output {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    Command::new("bash").arg(root.join("scripts/addin-manifest.sh")).args(args).output().expect("bash runs the script")
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

fn names(node: Node) -> Vec<String> {
    elements(node).map(|child| child.tag_name().name().to_owned()).collect()
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    elements(node).find(|child| child.tag_name().name() == name).unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
}

fn xsi_type<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((XSI, "type"))
}

fn default_value<'a>(node: Node<'a, '_>) -> &'a str {
    node.attribute("DefaultValue").unwrap_or_else(|| panic!("<{}> has no DefaultValue", node.tag_name().name()))
}

#[test]
fn the_script_and_the_emulator_write_the_same_manifest() {
    let output = script(&[BASE]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), tern_emulator::addin_manifest::manifest(BASE));
    let without_slash = script(&["https://mail.example.org/tern"]);
    assert_eq!(String::from_utf8(without_slash.stdout).unwrap(), tern_emulator::addin_manifest::manifest(BASE), "the slash is added");
}

#[test]
fn the_script_refuses_what_outlook_would_not_load_and_keeps_a_given_id() {
    for bad in ["http://mail.example.org/", "mail.example.org", "https://mail.example.org/a\"b/", "ftp://x/"] {
        let output = script(&[bad]);
        assert_eq!(output.status.code(), Some(1), "{bad}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("not the https:// address"), "{bad}");
    }
    assert_eq!(script(&[]).status.code(), Some(2), "no address: usage");
    assert_eq!(script(&[BASE, "--id", "not-a-guid"]).status.code(), Some(1));
    let kept = script(&[BASE, "--id", "0b4d0a52-7f3c-4b7e-9a51-3c1e2f6d8a90"]);
    assert!(String::from_utf8_lossy(&kept.stdout).contains("<Id>0b4d0a52-7f3c-4b7e-9a51-3c1e2f6d8a90</Id>"));
    assert!(script(&["http://localhost:8080/"]).status.success(), "plain http on this machine, for trying it out");
}

#[test]
fn the_manifest_has_what_outlook_requires_in_schema_order() {
    let text = tern_emulator::addin_manifest::manifest(BASE);
    let document = Document::parse(&text).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "OfficeApp");
    assert_eq!(root.tag_name().namespace(), Some("http://schemas.microsoft.com/office/appforoffice/1.1"));
    assert_eq!(xsi_type(root), Some("MailApp"));
    assert_eq!(
        names(root),
        [
            "Id",
            "Version",
            "ProviderName",
            "DefaultLocale",
            "DisplayName",
            "Description",
            "IconUrl",
            "HighResolutionIconUrl",
            "SupportUrl",
            "AppDomains",
            "Hosts",
            "Requirements",
            "FormSettings",
            "Permissions",
            "Rule",
            "DisableEntityHighlighting",
            "VersionOverrides",
        ]
    );
    let id = child(root, "Id").text().unwrap();
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "the id is a GUID: {id}");
    assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    let version: Vec<&str> = child(root, "Version").text().unwrap().split('.').collect();
    assert_eq!(version.len(), 4, "n.n.n.n");
    assert_eq!(child(child(root, "AppDomains"), "AppDomain").text(), Some("https://mail.example.org"));
    assert_eq!(child(child(root, "Hosts"), "Host").attribute("Name"), Some("Mailbox"));
    let set = child(child(root, "Requirements"), "Sets");
    let mailbox = child(set, "Set");
    assert_eq!(mailbox.attribute("Name"), Some("Mailbox"));
    assert!(mailbox.attribute("MinVersion").unwrap().parse::<f32>().unwrap() >= 1.3);
    assert_eq!(child(root, "Permissions").text(), Some("ReadWriteItem"));
    for icon in ["IconUrl", "HighResolutionIconUrl"] {
        assert!(default_value(child(root, icon)).starts_with(BASE), "{icon}");
    }
    let forms: Vec<_> = elements(child(root, "FormSettings")).map(|form| xsi_type(form).unwrap()).collect();
    assert_eq!(forms, ["ItemRead", "ItemEdit"]);
    let rules: Vec<_> = elements(child(root, "Rule")).map(|rule| (rule.attribute("ItemType"), rule.attribute("FormType"))).collect();
    assert_eq!(rules, [(Some("Message"), Some("Read")), (Some("Message"), Some("Edit"))]);

    let outer = child(root, "VersionOverrides");
    assert_eq!(xsi_type(outer), Some("VersionOverridesV1_0"));
    let overrides = child(outer, "VersionOverrides");
    assert_eq!(xsi_type(overrides), Some("VersionOverridesV1_1"), "pinning and shared folders need 1.1");
    assert_eq!(names(overrides), ["Requirements", "Hosts", "Resources"]);
    let host = child(child(overrides, "Hosts"), "Host");
    assert_eq!(xsi_type(host), Some("MailHost"));
    let desktop = child(host, "DesktopFormFactor");
    assert_eq!(names(desktop), ["SupportsSharedFolders", "ExtensionPoint", "ExtensionPoint"]);
    assert_eq!(child(desktop, "SupportsSharedFolders").text(), Some("true"));

    let resources = child(overrides, "Resources");
    assert_eq!(names(resources), ["Images", "Urls", "ShortStrings", "LongStrings"]);
    let resource = |id: &str| {
        elements(resources).flat_map(elements).find(|node| node.attribute("id") == Some(id)).unwrap_or_else(|| panic!("no resource {id}"))
    };
    for (kind, limit) in [("ShortStrings", 125), ("LongStrings", 250)] {
        for string in elements(child(resources, kind)) {
            assert!(default_value(string).chars().count() <= limit, "{kind} {:?} is over {limit}", string.attribute("id"));
        }
    }
    let surfaces: Vec<_> = elements(desktop).filter_map(xsi_type).filter(|kind| kind.ends_with("CommandSurface")).collect();
    assert_eq!(surfaces, ["MessageReadCommandSurface", "MessageComposeCommandSurface"]);
    for surface in elements(desktop).filter(|node| node.tag_name().name() == "ExtensionPoint") {
        let tab = child(surface, "OfficeTab");
        assert_eq!(tab.attribute("id"), Some("TabDefault"));
        let group = child(tab, "Group");
        assert_eq!(names(group), ["Label", "Control"]);
        let control = child(group, "Control");
        assert_eq!(xsi_type(control), Some("Button"));
        assert_eq!(names(control), ["Label", "Supertip", "Icon", "Action"]);
        let sizes: Vec<_> = elements(child(control, "Icon")).map(|image| image.attribute("size").unwrap()).collect();
        assert_eq!(sizes, ["16", "32", "80"]);
        for image in elements(child(control, "Icon")) {
            assert_eq!(image.tag_name().namespace(), Some(BT));
            assert!(default_value(resource(image.attribute("resid").unwrap())).starts_with(BASE));
        }
        let action = child(control, "Action");
        assert_eq!(xsi_type(action), Some("ShowTaskpane"));
        assert_eq!(names(action), ["SourceLocation", "SupportsPinning"]);
        assert_eq!(child(action, "SupportsPinning").text(), Some("true"));
        let pane = resource(child(action, "SourceLocation").attribute("resid").unwrap());
        assert_eq!(default_value(pane), format!("{BASE}addin.html"));
        for label in [child(group, "Label"), child(control, "Label")] {
            resource(label.attribute("resid").unwrap());
        }
    }
    assert!(!text.contains("{{"), "every placeholder is filled");
}
