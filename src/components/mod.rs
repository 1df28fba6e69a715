//! Reusable widgets. They call services and hold no protocol logic.

pub mod account_menu;
pub mod address_field;
pub mod category;
pub mod compose;
pub mod compose_in_outlook;
pub mod copy_field;
pub mod dom_view;
pub mod drawer;
pub mod failure;
pub mod folder_pane;
pub mod icon;
pub mod live;
pub mod mail_body;
pub mod message_list;
pub mod nav;
pub mod open_item_card;
pub mod reading_pane;
pub mod reminders;
pub mod shell;
pub mod sign_in_button;
pub mod skeleton;
pub mod top_bar;
