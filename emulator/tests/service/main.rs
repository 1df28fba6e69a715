//! The emulator driven through its router as a browser and a single-page app would drive
//! it: identity pages, redirects, cookies, token requests, and Graph calls.

mod admin_consent;
mod attachments;
mod authorize;
mod batch;
mod calendar;
mod categories;
mod contacts;
mod control;
mod delta;
mod discovery;
mod drafts;
mod faults;
mod focused;
mod graph;
mod harness;
mod logout;
mod mail;
mod schedule;
mod sign_in;
mod todo;
mod token;
