//! The settings catalog: what each customizations.xml setting compiles to.
//!
//! One data-driven table (see `settings-catalog.md`): [`table`] holds the non-policy
//! settings, [`policies`] Appendix A. The compiler, the wizard (labels, enumerations) and
//! `inspect` (provxml back to readable settings) all read it; none of them hard-codes a
//! setting.

mod policies;
mod table;
mod types;

pub use types::{AssetForm, AtomicGroup, Collection, Datatype, Kind, Setting};

use std::collections::HashMap;
use std::sync::OnceLock;

/// Every known setting: the table, then the policies.
pub fn settings() -> impl Iterator<Item = &'static Setting> {
    table::SETTINGS.iter().chain(policies::POLICIES.iter())
}

fn index() -> &'static HashMap<&'static str, &'static Setting> {
    static INDEX: OnceLock<HashMap<&'static str, &'static Setting>> = OnceLock::new();
    INDEX.get_or_init(|| settings().map(|s| (s.path, s)).collect())
}

/// The setting at schema path `path` (e.g. `Accounts/Users/User/Password`).
pub fn setting(path: &str) -> Option<&'static Setting> {
    index().get(path).copied()
}

/// The map or list whose repeated element has schema path `path`.
pub fn collection(path: &str) -> Option<&'static Collection> {
    table::COLLECTIONS.iter().find(|c| c.path == path)
}

/// The atomic root containing schema path `path`, if any.
pub fn atomic_root(path: &str) -> Option<&'static AtomicGroup> {
    table::ATOMIC.iter().find(|g| {
        path == g.path
            || path
                .strip_prefix(g.path)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Namespace of the SettingsGroup ids we derive ourselves (a fixed random UUID).
pub const DERIVED_SG_NAMESPACE: uuid::Uuid = uuid::uuid!("5b1f0e7a-3c0e-4d5e-9a57-0f6c2b8e4d11");

/// SettingsGroup id of a schema group: the one WCD output showed, else our own.
///
/// WCD's ids are name-based (v5) UUIDs whose namespace and name are unknown (catalog 6.1).
/// For groups no WCD sample showed we derive `uuid_v5(DERIVED_SG_NAMESPACE, group path)`
/// over the schema group path (e.g. `Certificates/RootCertificates/RootCertificate`), so
/// the id is stable across builds and tool versions and shared by every entry of a map or
/// list, like WCD's. Whether Windows checks these ids is unknown; a public project reports
/// that packages with rewritten uuid5 ids installed.
pub fn settings_group_id(group_path: &str, known: Option<&str>) -> String {
    match known {
        Some(id) => id.to_owned(),
        None => uuid::Uuid::new_v5(&DERIVED_SG_NAMESPACE, group_path.as_bytes())
            .hyphenated()
            .to_string(),
    }
}

/// Why a value does not fit its setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue(pub String);

impl Setting {
    /// The provxml value for customizations.xml text `text` (catalog 2.1): `True`→`true`,
    /// enumeration display text → key, integers checked against the range.
    pub fn compile_value(&self, text: &str) -> Result<String, BadValue> {
        let dt = match self.kind {
            Kind::Value(dt) => dt,
            _ => return Ok(text.to_owned()),
        };
        if let Some((_, v)) = self.values.iter().find(|(d, _)| *d == text) {
            return Ok((*v).to_owned());
        }
        let squash = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        if let Some((_, v)) = self
            .values
            .iter()
            .find(|(d, _)| squash(d) == squash(text) && !squash(text).is_empty())
        {
            return Ok((*v).to_owned());
        }
        let t = text.trim();
        match dt {
            Datatype::Bool => match t.to_ascii_lowercase().as_str() {
                "true" | "1" => Ok("true".into()),
                "false" | "0" => Ok("false".into()),
                _ => Err(BadValue(format!("\"{text}\" is not True or False"))),
            },
            Datatype::Int => {
                let n: i64 = t.parse().map_err(|_| self.choices_error(text))?;
                let listed = self.values.iter().any(|(_, v)| v.parse() == Ok(n));
                let in_range = self.range.is_some_and(|(lo, hi)| (lo..=hi).contains(&n));
                if listed || in_range || (self.values.is_empty() && self.range.is_none()) {
                    Ok(n.to_string())
                } else {
                    Err(self.choices_error(text))
                }
            }
            Datatype::Str if self.values.is_empty() => Ok(text.to_owned()),
            Datatype::Str => {
                if self.values.iter().any(|(_, v)| *v == text) {
                    Ok(text.to_owned())
                } else {
                    Err(self.choices_error(text))
                }
            }
        }
    }

    fn choices_error(&self, text: &str) -> BadValue {
        let mut choices: Vec<String> = self
            .values
            .iter()
            .map(|(d, _)| format!("\"{d}\""))
            .collect();
        if let Some((lo, hi)) = self.range {
            choices.push(if hi == i64::MAX {
                format!("a number from {lo}")
            } else {
                format!("a number from {lo} to {hi}")
            });
        }
        if choices.is_empty() {
            choices.push("a whole number".into());
        }
        BadValue(format!("\"{text}\" is not one of {}", choices.join(", ")))
    }

    /// The display text for a compiled value (reverse of [`Setting::compile_value`]).
    pub fn display_value(&self, value: &str) -> Option<&'static str> {
        self.values
            .iter()
            .find(|(_, v)| *v == value)
            .map(|(d, _)| *d)
    }

    /// The parm name: the chain's last segment (or the schema leaf for assets).
    pub fn parm_name(&self) -> &'static str {
        let src = if self.chain.is_empty() {
            self.path
        } else {
            self.chain
        };
        src.rsplit('/').next().unwrap_or(src)
    }

    /// A readable label: the table's, else the schema leaf name.
    pub fn display_label(&self) -> &'static str {
        if self.label.is_empty() {
            self.path.rsplit('/').next().unwrap_or(self.path)
        } else {
            self.label
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_transforms() {
        let g = setting("Accounts/Users/User/UserGroup").unwrap();
        assert_eq!(g.compile_value("Administrators").unwrap(), "2");
        assert_eq!(g.compile_value("Standard Users").unwrap(), "1");
        assert!(g.compile_value("Admins").is_err());
        let k = setting("Certificates/ClientCertificates/ClientCertificate/KeyLocation").unwrap();
        assert_eq!(k.compile_value("SoftwareOnly").unwrap(), "3");
        let b = setting("OOBE/Desktop/HideOobe").unwrap();
        assert_eq!(b.compile_value("True").unwrap(), "true");
        assert!(b.compile_value("Yes please").is_err());
        let e = setting("SMISettings/AutoLogon/Enable").unwrap();
        assert_eq!(e.compile_value("ENABLE").unwrap(), "1");
        let p = setting("Policies/Update/AllowAutoUpdate").unwrap();
        assert_eq!(p.compile_value("Turn off automatic updates").unwrap(), "5");
        let r = setting("Policies/Update/ActiveHoursEnd").unwrap();
        assert_eq!(r.compile_value("17").unwrap(), "17");
        assert!(r.compile_value("24").is_err());
        assert_eq!(
            atomic_root("Accounts/Users/User/Password").unwrap().path,
            "Accounts/Users/User"
        );
        assert!(atomic_root("Accounts/UsersX").is_none());
        assert_eq!(
            settings()
                .filter(|s| s.path.starts_with("Policies/"))
                .count(),
            400
        );
    }

    #[test]
    fn derived_ids_are_stable_and_known_ids_win() {
        let a = settings_group_id("Certificates/RootCertificates/RootCertificate", None);
        assert_eq!(
            a,
            settings_group_id("Certificates/RootCertificates/RootCertificate", None)
        );
        assert_ne!(a, settings_group_id("SharedPC", None));
        assert_eq!(settings_group_id("x", Some("abc")), "abc");
    }
}
