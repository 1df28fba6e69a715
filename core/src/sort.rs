//! Sorting through one copy of the standard library's sort. Every `sort_by` on another
//! type or with another closure is compiled anew (about 3 KB of the browser bundle each);
//! these functions sort positions behind one `dyn` comparison instead, then put the items
//! in that order. Stable, as `slice::sort_by` is.

use std::cmp::Ordering;

/// The positions `0..len` in the order `compare` gives them.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|position| taken[position].take()));
}

pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_library_does_and_keeps_equal_items_in_order() {
        let mut words = vec!["pear", "Fig", "apple", "fig", "kiwi", "Apple"];
        let mut expected = words.clone();
        expected.sort_by_key(|word| word.to_lowercase());
        sort_by_key(&mut words, |word| word.to_lowercase());
        assert_eq!(words, expected);
        assert_eq!(words, ["apple", "Apple", "Fig", "fig", "kiwi", "pear"]);
    }

    #[test]
    fn sorts_owned_items_without_cloning_and_handles_the_empty_list() {
        let mut numbers: Vec<Box<u8>> = [3, 1, 2].into_iter().map(Box::new).collect();
        sort(&mut numbers);
        assert_eq!(numbers.iter().map(|n| **n).collect::<Vec<_>>(), [1, 2, 3]);
        let mut none: Vec<u8> = Vec::new();
        sort_by(&mut none, |a, b| b.cmp(a));
        assert!(none.is_empty());
    }
}
