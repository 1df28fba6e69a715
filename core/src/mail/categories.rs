//! Categories: the mailbox's master list gives each name a colour (`categoryColor`), and a
//! message names its categories in `categories`. A name the list does not hold is still
//! shown, without a colour, as Outlook shows it.

use crate::graph::models::Category;

/// The colour Outlook on the web draws each preset in (its category icon colour), as
/// docs/research/categories-and-focused.md, A3 records; `none` and unknown values have none.
pub fn swatch(color: &str) -> Option<&'static str> {
    const PRESETS: [&str; 25] = [
        "#E74856", "#FF8C00", "#FFAB45", "#FFF100", "#47D041", "#30C6CC", "#73AA24", "#00BCF2", "#8764B8", "#F495BF", "#A0AEB2", "#004B60",
        "#B1ADAB", "#5D5A58", "#000000", "#750B1C", "#CA5010", "#AB620D", "#C19C00", "#004B1C", "#004B50", "#0B6A0B", "#002050", "#32145A",
        "#5C005C",
    ];
    let number = color.strip_prefix("preset")?;
    if number.len() > 1 && number.starts_with('0') {
        return None;
    }
    PRESETS.get(number.parse::<usize>().ok()?).copied()
}

/// The names Outlook gives the presets (`categoryColor`), `preset0` first.
pub const PRESET_NAMES: [&str; 25] = [
    "Red",
    "Orange",
    "Brown",
    "Yellow",
    "Green",
    "Teal",
    "Olive",
    "Blue",
    "Purple",
    "Cranberry",
    "Steel",
    "Dark steel",
    "Gray",
    "Dark gray",
    "Black",
    "Dark red",
    "Dark orange",
    "Dark brown",
    "Dark yellow",
    "Dark green",
    "Dark teal",
    "Dark olive",
    "Dark blue",
    "Dark purple",
    "Dark cranberry",
];

/// The colours a category can be given: `(value, name)`, no colour first.
pub fn colour_choices() -> Vec<(String, &'static str)> {
    std::iter::once(("none".to_owned(), "No colour"))
        .chain(PRESET_NAMES.iter().enumerate().map(|(index, name)| (format!("preset{index}"), *name)))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CategoryProblem {
    NoName,
    Taken,
}

impl std::fmt::Display for CategoryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoName => write!(f, "Give the category a name."),
            Self::Taken => write!(f, "There is a category by that name already."),
        }
    }
}

/// A new category's name, trimmed, or why the master list cannot take it (names are
/// unique, whatever their case).
pub fn new_name(master: &[Category], typed: &str) -> Result<String, CategoryProblem> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(CategoryProblem::NoName);
    }
    if master.iter().any(|category| category.display_name.eq_ignore_ascii_case(name)) {
        return Err(CategoryProblem::Taken);
    }
    Ok(name.to_owned())
}

/// The colour of a category name, from the master list (names compare without case, as
/// Outlook matches them).
pub fn colour_of(master: &[Category], name: &str) -> Option<&'static str> {
    master.iter().find(|category| category.display_name.eq_ignore_ascii_case(name)).and_then(|category| swatch(&category.color))
}

/// `categories` with `name` added, or taken out when it is there.
pub fn toggled(categories: &[String], name: &str) -> Vec<String> {
    if categories.iter().any(|known| known.eq_ignore_ascii_case(name)) {
        categories.iter().filter(|known| !known.eq_ignore_ascii_case(name)).cloned().collect()
    } else {
        categories.iter().cloned().chain([name.to_owned()]).collect()
    }
}

/// What the categorise menu offers: the master list, then names the message carries that
/// the list does not hold (so they can be taken off), each with whether it is set.
pub fn choices(master: &[Category], set: &[String]) -> Vec<(String, bool)> {
    let is_set = |name: &str| set.iter().any(|known| known.eq_ignore_ascii_case(name));
    let mut choices: Vec<(String, bool)> = master.iter().map(|c| (c.display_name.clone(), is_set(&c.display_name))).collect();
    for name in set {
        if !master.iter().any(|c| c.display_name.eq_ignore_ascii_case(name)) {
            choices.push((name.clone(), true));
        }
    }
    choices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn master() -> Vec<Category> {
        vec![
            Category { id: "1".into(), display_name: "Red category".into(), color: "preset0".into() },
            Category { id: "2".into(), display_name: "Plain".into(), color: "none".into() },
        ]
    }

    #[test]
    fn a_new_category_needs_a_name_of_its_own() {
        let master = vec![Category { id: "1".into(), display_name: "Red category".into(), color: "preset0".into() }];
        assert_eq!(new_name(&master, "  Travel "), Ok("Travel".to_owned()));
        assert_eq!(new_name(&master, " "), Err(CategoryProblem::NoName));
        assert_eq!(new_name(&master, "red CATEGORY"), Err(CategoryProblem::Taken));
        let choices = colour_choices();
        assert_eq!((choices.len(), choices[0].0.as_str(), choices[8].1), (26, "none", "Blue"));
        assert!(choices.iter().skip(1).all(|(value, _)| swatch(value).is_some()));
    }

    #[test]
    fn presets_have_colours_and_none_has_none() {
        assert_eq!(swatch("preset0"), Some("#E74856"));
        assert_eq!(swatch("preset24"), Some("#5C005C"));
        assert_eq!(swatch("none"), None);
        assert_eq!(swatch("preset25"), None);
        assert_eq!(swatch("preset07"), None);
        assert_eq!(colour_of(&master(), "red CATEGORY"), Some("#E74856"));
        assert_eq!(colour_of(&master(), "Plain"), None);
        assert_eq!(colour_of(&master(), "Project Falcon"), None);
    }

    #[test]
    fn toggling_adds_or_takes_out_whatever_the_case() {
        let set = vec!["Red category".to_owned()];
        assert_eq!(toggled(&set, "Plain"), ["Red category", "Plain"]);
        assert_eq!(toggled(&set, "red category"), Vec::<String>::new());
    }

    #[test]
    fn the_menu_offers_the_list_and_the_messages_own_names() {
        let set = vec!["Project Falcon".to_owned(), "Red category".to_owned()];
        assert_eq!(
            choices(&master(), &set),
            [("Red category".to_owned(), true), ("Plain".to_owned(), false), ("Project Falcon".to_owned(), true)]
        );
    }
}
