//! ppkg-wizard: build Windows provisioning packages (`.ppkg`) without Windows.
//!
//! The crate is organised along the flow of data (see `DESIGN.md` in the shared folder):
//! a [`project`] (what the user means) becomes [`settings`] (WCD's customizations tree),
//! which the [`package`] builder compiles into the tree WCD writes and packs into a [`wim`].

pub mod batch;
pub mod bundle;
pub mod catalog;
pub mod errors;
pub mod exchange;
pub mod fsutil;
pub mod package;
pub mod pipeline;
pub mod preflight;
pub mod printable;
pub mod project;
pub mod protect;
pub mod secret;
pub mod settings;
pub mod token;
pub mod tui;
pub mod wim;
pub mod winname;
