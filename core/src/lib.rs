//! Tern's pure logic. Nothing here touches the browser or the UI, so every rule can be
//! unit-tested natively and read on its own.

// The derived `FromJson` names its helpers by this crate's name, here as elsewhere.
extern crate self as tern_core;

pub mod addin;
pub mod auth;
pub mod calendar;
pub mod config;
pub mod contacts;
pub mod date;
pub mod graph;
pub mod json;
pub mod mail;
pub mod percent;
pub mod recurrence;
pub mod route;
pub mod schedule;
pub mod scopes;
pub mod sort;
pub mod todo;
pub mod weburl;
pub mod windows_zones;
