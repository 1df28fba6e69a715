//! Route-level screens.

pub mod config_error;
pub mod landing;
pub mod not_found;
pub mod signed_out_area;
