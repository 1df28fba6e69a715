//! Mail rules that need no browser: the folder tree, the list's pages and rows, categories, compose,
//! the keyboard, and what other mail programs need to sign in.

pub mod attachments;
pub mod auto_replies;
pub mod categories;
pub mod compose;
pub mod conversations;
pub mod folders;
pub mod html_policy;
pub mod list;
pub mod new_mail;
pub mod programs;
pub mod selection;
pub mod shortcuts;
