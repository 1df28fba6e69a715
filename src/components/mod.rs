//! Reusable widgets. They call services and hold no protocol logic.

pub mod account_menu;
pub mod nav;
pub mod sign_in_button;
pub mod shell;
