//! Attachments as the reading pane describes them.

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
    use super::size_label;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_label(512), "512 B");
        assert_eq!(size_label(2_000), "2 KB");
        assert_eq!(size_label(5 * 1_048_576 + 524_288), "5.5 MB");
    }
}
