//! Services: plain structs placed in Leptos context, each with a `provide()` and an
//! `expect()` pair. Components call them; the rules they apply live in `tern_core`.

pub mod auth;
pub mod calendar;
pub mod categories;
pub mod compose;
pub mod contacts;
pub mod graph;
pub mod limiter;
pub mod mail;
pub mod mailbox_settings;
pub mod new_mail;
pub mod open_item;
pub mod photo;
pub mod pim;
pub mod reminders;
pub mod sign_in_start;
pub mod single_flight;
pub mod task;
pub mod tasks;
