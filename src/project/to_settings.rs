//! Project → WCD's customizations tree: the one place that knows which wizard field lands
//! in which setting (reference/wizard.md).

use super::model::*;
use super::sections::{Out, local_path};
use crate::settings::{Customizations, Node, PackageConfig};

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
        super::sections::device::write(self, &mut b);
        super::sections::network::write(self, &mut b);
        super::sections::accounts::write(self, &mut b);
        super::sections::applications::write(self, &mut b);
        super::sections::certificates::write(self, &mut b);
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

    /// `<PackageConfig>` as WCD's wizard writes it.
    pub fn package_config(&self) -> PackageConfig {
        PackageConfig {
            id: format!("{{{}}}", self.package.id.hyphenated()),
            name: self.name.clone(),
            version: self.package.version.clone(),
            owner_type: self.package.owner.as_str().into(),
            rank: self.package.rank.to_string(),
            notes: Some(String::new()),
            description: None,
        }
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
