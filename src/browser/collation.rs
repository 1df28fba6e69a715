//! People's text compared and matched as their language does, by the browser (`Intl.Collator`,
//! `String.prototype.toLowerCase`). Rust's own case mapping would bring Unicode's case
//! tables into the bundle, and its order is that of code points, which puts "Émile" after "Zoe".

use js_sys::{Array, Function, Intl, JsString, Object};
use std::cmp::Ordering;
use wasm_bindgen::JsValue;

/// Orders names for a list the person reads: in their language's order, accents and case
/// after the letters themselves.
pub fn name_order() -> impl Fn(&str, &str) -> Ordering {
    let compare: Function = Intl::Collator::new(&Array::new(), &Object::new()).compare();
    move |a, b| {
        let result = compare.call2(&JsValue::NULL, &JsValue::from_str(a), &JsValue::from_str(b));
        result.ok().and_then(|value| value.as_f64()).map_or(Ordering::Equal, |value| value.total_cmp(&0.0))
    }
}

/// `text` in lower case, for matching what was typed whatever its case ("ÉMI" finds "Émile").
pub fn lowercase(text: &str) -> String {
    JsString::from(text).to_lower_case().into()
}
