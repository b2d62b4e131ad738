#![allow(clippy::unwrap_used)]
//! End-to-end tests of the rolo binary (modules declared below).
mod cli;
mod interop;
mod moving;
mod safety;
mod tui_tmux;
