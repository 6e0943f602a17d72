//! Project → WCD's customizations tree: each section writes its fields
//! ([`super::sections`]); here the advanced settings join them, in the store's order.

use super::model::*;
use super::sections::{Out, local_path};
use crate::settings::{Customizations, Node};

/// What to put where a secret goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretMode {
    /// The real values; every secret must be resolved (for building).
    Values,
    /// An empty value instead of each secret (for exports that must not carry secrets).
    Blank,
}

/// Why the project could not be turned into settings.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ToSettingsError {
    #[error("these secrets have no value yet: {}", .0.join(", "))]
    Unresolved(Vec<String>),
    #[error("advanced setting {path}: {detail}")]
    BadPath { path: String, detail: String },
}

impl Project {
    /// The customizations tree WCD would write for this project. Asset paths become
    /// absolute local paths; the package builder packs the files they name.
    pub fn to_customizations(&self, mode: SecretMode) -> Result<Customizations, ToSettingsError> {
        let mut b = Out::new(mode);
        super::sections::write_sections(self, &mut b);
        for a in &self.advanced {
            let text = match &a.value {
                AdvancedValue::Value(t) => t.clone(),
                AdvancedValue::Asset(p) => local_path(&self.resolve_path(p)),
                AdvancedValue::Secret(s) => b.secret(s, &format!("Setting {}", a.path)),
            };
            let node =
                a.path
                    .find_or_insert(&mut b.root)
                    .map_err(|detail| ToSettingsError::BadPath {
                        path: a.path.to_string(),
                        detail,
                    })?;
            node.text = Some(text);
        }
        if !b.missing.is_empty() {
            return Err(ToSettingsError::Unresolved(b.missing));
        }
        sort_like_the_store(&mut b.root);
        let mut doc = Customizations::new(self.package_config());
        *doc.common_mut() = b.root;
        Ok(doc)
    }
}

/// WCD writes settings in its store's order: siblings sorted case-insensitively by name.
/// The sort is stable, so list items (same name) keep their order.
fn sort_like_the_store(n: &mut Node) {
    n.children.sort_by_key(|c| c.name.to_ascii_lowercase());
    for c in &mut n.children {
        sort_like_the_store(c);
    }
}
