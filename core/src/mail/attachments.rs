//! Attachments as the reading pane describes them, and the types their bytes may take in
//! the page.

/// What a download is handed to the browser as: never a type it would open in the page.
pub const DOWNLOAD_TYPE: &str = "application/octet-stream";

/// The type an inline picture (`cid:`) is shown with, if it is a raster image: PNG, JPEG,
/// GIF, WebP or BMP. Anything else (HTML, SVG with its scripts, PDF) is not shown inline,
/// since a `blob:` URL of it would open as a page of Tern's own origin.
pub fn raster_image_type(content_type: &str) -> Option<&'static str> {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "image/png" => Some("image/png"),
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Some("image/jpeg"),
        "image/gif" => Some("image/gif"),
        "image/webp" => Some("image/webp"),
        "image/bmp" | "image/x-ms-bmp" => Some("image/bmp"),
        _ => None,
    }
}

/// A size in the units a person expects: bytes, kilobytes rounded up, megabytes with one
/// decimal.
pub fn size_label(bytes: u64) -> String {
    match bytes {
        0..1_024 => format!("{bytes} B"),
        1_024..1_048_576 => format!("{} KB", bytes.div_ceil(1_024)),
        _ => format!("{}.{} MB", bytes / 1_048_576, (bytes % 1_048_576) * 10 / 1_048_576),
    }
}

#[cfg(test)]
mod tests {
    use super::{raster_image_type, size_label};

    #[test]
    fn only_raster_pictures_are_shown_inline_and_with_their_plain_type() {
        assert_eq!(raster_image_type("image/PNG; name=logo.png"), Some("image/png"));
        assert_eq!(raster_image_type("image/jpg"), Some("image/jpeg"));
        for refused in ["text/html", "image/svg+xml", "application/pdf", "", "image/png-but-html", "text/html; x=image/png"] {
            assert_eq!(raster_image_type(refused), None, "{refused}");
        }
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_label(512), "512 B");
        assert_eq!(size_label(2_000), "2 KB");
        assert_eq!(size_label(5 * 1_048_576 + 524_288), "5.5 MB");
    }
}
