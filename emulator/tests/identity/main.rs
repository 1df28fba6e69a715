//! The identity platform side of the emulator, driven through its router as a browser and
//! a single-page app would drive it: pages, redirects, cookies, token requests.

mod admin_consent;
mod authorize;
mod control;
mod discovery;
mod harness;
mod logout;
mod sign_in;
mod token;
