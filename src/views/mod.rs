//! Route-level screens.

pub mod auth_error;
pub mod calendar;
pub mod config_error;
pub mod contacts;
pub mod developer;
pub mod framed;
pub mod home;
pub mod landing;
pub mod mail;
pub mod mail_programs;
pub mod not_found;
pub mod outside_office;
pub mod sign_in_dialog;
pub mod signed_in_area;
pub mod signed_out_area;
pub mod tasks;
