//! Mail rules that need no browser: the folder tree, the list's pages and rows, compose,
//! and the keyboard.

pub mod attachments;
pub mod compose;
pub mod folders;
pub mod html_policy;
pub mod list;
pub mod shortcuts;
