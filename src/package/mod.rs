//! The package builder: compile a customizations tree, pack it into a `.ppkg`, write the
//! `.cat`, and read any package back (`inspect`).

mod build;
pub mod cat;
pub mod compile;
pub mod editions;
mod error;
mod inspect;
mod wcd_project;

pub use build::{
    BuildOptions, BuildOutput, EncryptHook, Progress, Stage, build, validate_package_name,
};
pub use cat::{PairCheck, check_pair};
pub use compile::{
    AssetResolver, BadVersion, Behaviour, CompileOptions, Compiled, Content, Family, FileNaming,
    Resolved, TreeFile, WcdVersion, compile,
};
pub use editions::{Edition, TargetEditions, UnknownEdition};
pub use error::{BuildError, InspectError};
pub use inspect::{
    DecryptHook, InspectedCommand, InspectedFile, InspectedSetting, Inspection, Verification,
    VerifyLevel, extract, inspect, inspect_with,
};
pub use wcd_project::{WcdProject, open_wcd_project};
