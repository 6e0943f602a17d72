//! The Project and Protect pages: the package's identity (`<PackageConfig>`) and its password.

use super::{FieldSpec, Writes};
use crate::project::{Field, Page, Project, Secret};
use crate::settings::{OwnerType, PackageConfig};
use serde::{Deserialize, Serialize};

/// Package identity. The id is made once per project and kept, so rebuilding replaces the
/// earlier package on devices instead of adding a second one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageMeta {
    /// Nil when the project file has none yet: the first build gives it one and saves it
    /// ([`Project::ensure_package_id`]); until then `check` warns.
    #[serde(default, skip_serializing_if = "uuid::Uuid::is_nil")]
    pub id: uuid::Uuid,
    /// `major.minor`; a higher version replaces a lower one with the same id.
    #[serde(default = "default_version")]
    pub version: String,
    #[serde(default)]
    pub owner: OwnerType,
    /// 0–99: among packages of one owner, the higher rank wins.
    #[serde(default)]
    pub rank: u8,
}

fn default_version() -> String {
    "1.0".into()
}

impl Default for PackageMeta {
    fn default() -> Self {
        Self {
            id: uuid::Uuid::nil(),
            version: default_version(),
            owner: OwnerType::ItAdmin,
            rank: 0,
        }
    }
}

/// "Protect your package".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protection {
    pub password: Secret,
}

pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::Schema,
        page: Page::Project,
        label: "Schema version",
        prompt: "",
        example: "",
        help: "The version of the project file's format. ppkg-wizard writes it; it changes only when a new version reads projects differently.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::ProjectName,
        page: Page::Project,
        label: "Project name",
        prompt: "Name",
        example: "e.g. School Lab",
        help: "The name of this package. It is also the file name: School Lab becomes School Lab.ppkg.\n\nExample: School Lab\n\nOn the device: the name appears in Settings > Accounts > Access work or school > Add or remove a provisioning package.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::Description,
        page: Page::Project,
        label: "Description",
        prompt: "Description",
        example: "e.g. Lab PCs in building B",
        help: "A note for you and your colleagues about what this package is for. Optional.\n\nExample: Lab PCs in building B, Wi-Fi and printers.\n\nOn the device: nothing.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::PackageVersion,
        page: Page::Project,
        label: "Package version",
        prompt: "Package version",
        example: "e.g. 1.0",
        help: "Two numbers with a dot. When you change a package and rebuild it, raise the version so devices replace the old one instead of refusing it.\n\nExample: 1.0, then 1.1\n\nOn the device: a higher version of the same package replaces the lower one.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::PackageRank,
        page: Page::Project,
        label: "Package rank",
        prompt: "",
        example: "",
        help: "A number from 0 to 99. Among packages of the same owner on a device, the one with the higher rank wins where they set the same thing.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::PackageId,
        page: Page::Project,
        label: "Package id",
        prompt: "",
        example: "",
        help: "The package's identity, made once per project and kept, so a rebuilt package replaces the earlier one on devices instead of being added beside it.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::ProtectPassword,
        page: Page::Protect,
        label: "Package password",
        prompt: "Password",
        example: "8 to 16 letters and digits",
        help: "The package password: 8 to 16 characters, letters and digits only.\n\nExample: Lab2025Spring\n\nOn the device: Windows asks for it before installing the package.",
        writes: Writes::PackagePassword,
    },
];

impl Project {
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

/// A `<PackageConfig>` whose id is not a GUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the package id {0} in customizations.xml is not a GUID")]
pub struct BadPackageId(pub String);

/// `<PackageConfig>` → a new project with that identity.
pub fn read(cfg: &PackageConfig) -> Result<Project, BadPackageId> {
    let id = cfg.uuid().ok_or_else(|| BadPackageId(cfg.id.clone()))?;
    Ok(read_as(cfg, id))
}

/// `<PackageConfig>` → a new project with that identity under package id `id` (an import
/// gives a template's placeholder `<ID>` a new one).
pub fn read_as(cfg: &PackageConfig, id: uuid::Uuid) -> Project {
    let mut p = Project::new(cfg.name.clone());
    p.package = PackageMeta {
        id,
        version: if cfg.version.is_empty() {
            default_version()
        } else {
            cfg.version.clone()
        },
        owner: cfg.owner(),
        rank: cfg.rank_value().min(99) as u8,
    };
    if let Some(d) = &cfg.description {
        p.description = d.clone();
    }
    p
}

/// The section's secrets with their labels (saving asks where each is kept).
pub(crate) fn secrets<'a>(p: &'a mut Option<Protection>, out: &mut Vec<(String, &'a mut Secret)>) {
    if let Some(p) = p.as_mut() {
        out.push((Field::ProtectPassword.to_string(), &mut p.password));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_round_trip() {
        let mut p = Project::new("School Lab");
        p.package.version = "2.13".into();
        p.package.rank = 7;
        p.package.owner = OwnerType::ItAdmin;
        let back = read(&p.package_config()).unwrap();
        assert_eq!(back.name, p.name);
        assert_eq!(back.package, p.package);
        let mut bad = p.package_config();
        bad.id = "not-a-guid".into();
        assert_eq!(read(&bad).unwrap_err(), BadPackageId("not-a-guid".into()));
    }
}
