#![allow(clippy::unwrap_used)]
//! End-to-end tests of the rolo binary (modules declared below).
mod cli;
mod interop;
mod tui_tmux;
