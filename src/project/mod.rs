//! The project: what the user means, independent of how WCD spells it.
//!
//! Loaded from and saved to versioned JSON ([`load`], [`save`]); checked with
//! [`Project::validate`]; turned into WCD's customizations tree with
//! [`Project::to_customizations`]. Each wizard section's fields, with what they are called
//! and both directions of their mapping to settings, are in [`sections`].

mod certfile;
pub mod device_name;
mod field;
mod io;
mod model;
pub mod rules;
mod secret_ref;
pub mod sections;
mod to_settings;
mod token_store;
mod validate;
pub mod variants;

pub use certfile::{CerError, PfxError, PfxInfo, cer_der, looks_like_pfx, parse_cer, read_pfx};
pub use field::{Field, Page};
pub use io::{LoadError, load, load_str, save, to_json};
pub use model::*;
pub use secret_ref::{Secret, SecretError, SecretSource};
pub use sections::kiosk::{self, Kiosk, KioskApp};
pub use to_settings::{SecretMode, ToSettingsError};
pub use token_store::ProjectTokenStore;
pub use validate::{
    Problem, Severity, TOKEN_MAX_DAYS, TOKEN_WARN_DAYS, is_join_account, package_name_problem,
    token_expiry_problem, user_name_problems,
};
pub use variants::{Condition, Kept, Target, TargetState, Variant, VariantError};
