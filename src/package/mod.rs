//! The package builder: compile a customizations tree, pack it into a `.ppkg`, write the
//! `.cat`, and read any package back (`inspect`).

pub mod compile;
mod error;

pub use compile::{AssetResolver, CompileOptions, Compiled, Content, TreeFile, compile};
pub use error::BuildError;
