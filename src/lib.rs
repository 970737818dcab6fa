//! Custos: a GDPR-first CRM for the terminal.
//!
//! Data flows one way: TUI / CLI → `Backend` → `Service` → `Store`. See
//! `docs/` and DESIGN.md for the map.

pub mod backend;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod demo;
pub mod export;
pub mod failpoint;
pub mod model;
pub mod net;
pub mod os;
pub mod search;
pub mod service;
pub mod store;
pub mod tui;
