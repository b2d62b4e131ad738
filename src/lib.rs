//! rolo: a terminal CRM. The modules, from the inside out:
//!
//! - [`domain`]: types and pure rules (customers, interactions, follow-ups, deals, money, dates).
//! - [`store`]: the `SQLite` file: migrations, typed queries, the change journal for undo.
//! - [`insight`]: measures: value tiers, going cold and risk, per-customer numbers, scorecard, forecast.
//! - [`command`]: the one verb grammar shared by the CLI and the TUI palette, resolution, execution.
//! - [`config`]: the user's TOML configuration.
//! - [`demo`]: deterministic demo data at any scale.
//! - [`interop`]: import (CSV, vCard, JSON backup, dossier) and export (JSON, CSV, vCard, iCalendar), duplicates.
//! - [`cli`]: clap definitions and the printed tables / JSON.
//! - [`tui`]: the terminal interface: panes, review queue, command palette.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod cli;
pub mod command;
pub mod config;
pub mod demo;
pub mod domain;
pub mod insight;
pub mod interop;
pub mod store;
pub mod tui;
