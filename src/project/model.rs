//! The project: everything the wizard asks, as the user means it. Saved as JSON
//! (`"schema": 1`); asset paths are relative to the project file; secrets are
//! [`Secret`] references.

use super::Secret;
pub use super::sections::accounts::{
    Accounts, Join, LocalAdmin, MdmAuth, MdmEnrollment, default_authority,
};
pub use super::sections::applications::Application;
pub use super::sections::certificates::{Certificate, CertificateKind, KeyLocation};
pub use super::sections::device::{Device, NameSetting};
pub use super::sections::network::{Wifi, WifiSecurity};
pub use super::sections::package::{PackageMeta, Protection};
use crate::settings::SettingPath;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The JSON schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A provisioning project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Always [`SCHEMA_VERSION`]; checked before anything else is read.
    pub schema: u32,
    /// "Name": the package name and its file name.
    pub name: String,
    /// "Description", kept in the WCD project file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub package: PackageMeta,
    #[serde(default)]
    pub device: Device,
    /// `None`: the device needs a wired connection at first start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Wifi>,
    #[serde(default)]
    pub accounts: Accounts,
    /// Installers and scripts, in install order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applications: Vec<Application>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    /// "Provision kiosk devices": an account that signs in by itself and runs one app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk: Option<super::Kiosk>,
    /// Present when the package is encrypted with a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protect: Option<Protection>,
    /// Settings without a wizard page (imported from WCD), kept and compiled as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advanced: Vec<AdvancedSetting>,
    /// Kinds of PC a multivariant WCD project singles out (`<Targets>`), kept with
    /// [`Project::variants`]: exported back to WCD, not built.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<super::variants::Target>,
    /// Settings for particular targets (`<Variant>`), in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<super::variants::Variant>,
    /// Where imported files came from: for an asset path of this project, the path the
    /// WCD project named (on the machine that built it). `check` shows it, and names it
    /// for a file that is not here yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<AssetOrigin>,
    /// The WCD version whose output to reproduce (`import` takes it from the source);
    /// `None` = the newest Store WCD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wcd_version: Option<crate::package::WcdVersion>,
    /// The Windows editions the package targets (`import` takes them from the
    /// `.icdproj.xml`); `None` = what the WCD version targets by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_editions: Option<crate::package::TargetEditions>,
    /// The folder of the project file; asset and secret paths are relative to it.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// Where one asset of an imported project came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetOrigin {
    /// The asset path as the project holds it (relative to the project file).
    pub path: PathBuf,
    /// The path customizations.xml gave, e.g. `C:\\src\\setup.exe`. Only its file name was
    /// used to find the file; the path itself is never opened.
    pub from: String,
}

/// A setting kept by path, for settings the wizard has no page for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdvancedSetting {
    pub path: SettingPath,
    #[serde(flatten)]
    pub value: AdvancedValue,
}

/// The value of an advanced setting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdvancedValue {
    /// Text as WCD writes it (`True`, `Yes`, a display name, a number).
    Value(String),
    /// A credential (AutoLogon password, …).
    Secret(Secret),
    /// A file packed into the package, relative to the project.
    Asset(PathBuf),
}

impl Project {
    /// A new, empty project with a fresh package id.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            name: name.into(),
            description: String::new(),
            package: PackageMeta {
                id: uuid::Uuid::new_v4(),
                ..PackageMeta::default()
            },
            device: Device::default(),
            network: None,
            accounts: Accounts::default(),
            applications: Vec::new(),
            certificates: Vec::new(),
            kiosk: None,
            protect: None,
            advanced: Vec::new(),
            targets: Vec::new(),
            variants: Vec::new(),
            origins: Vec::new(),
            wcd_version: None,
            target_editions: None,
            base_dir: PathBuf::from("."),
        }
    }

    /// Gives the project a package id if it has none (a project file written by hand);
    /// true when it did, so the caller saves it and later builds keep the same id.
    pub fn ensure_package_id(&mut self) -> bool {
        if self.package.id.is_nil() {
            self.package.id = uuid::Uuid::new_v4();
            true
        } else {
            false
        }
    }

    /// The path customizations.xml named for an asset, when it was imported.
    pub fn origin_of(&self, rel: &std::path::Path) -> Option<&str> {
        self.origins
            .iter()
            .find(|o| o.path == rel)
            .map(|o| o.from.as_str())
    }

    /// Resolves a path from the project file (asset, secret file) against its folder.
    pub fn resolve_path(&self, p: &std::path::Path) -> PathBuf {
        self.base_dir.join(p)
    }

    /// Every file the project packs, as written in the project (relative to it): installers,
    /// their extra files, certificates and advanced assets.
    pub fn asset_paths(&self) -> Vec<&std::path::Path> {
        let mut out: Vec<&std::path::Path> = Vec::new();
        for a in &self.applications {
            out.push(&a.installer);
            out.extend(a.dependencies.iter().map(PathBuf::as_path));
        }
        out.extend(self.certificates.iter().map(|c| c.path.as_path()));
        for a in &self.advanced {
            if let AdvancedValue::Asset(p) = &a.value {
                out.push(p);
            }
        }
        out
    }

    /// The text [`Project::to_customizations`] writes for an asset: its absolute path.
    pub fn asset_text(&self, rel: &std::path::Path) -> String {
        let full = self.resolve_path(rel);
        std::path::absolute(&full)
            .unwrap_or(full)
            .to_string_lossy()
            .into_owned()
    }

    /// Every secret field the build uses, with its plain-language label, for resolving
    /// and for the "where should this secret come from" questions on save.
    pub fn secrets_mut(&mut self) -> Vec<(String, &mut Secret)> {
        self.secrets_where(false)
    }

    /// [`Project::secrets_mut`] and the secrets of the targets' settings, which are not
    /// built but travel with an export, a bundle or an import.
    pub fn every_secret_mut(&mut self) -> Vec<(String, &mut Secret)> {
        self.secrets_where(true)
    }

    fn secrets_where(&mut self, with_targets: bool) -> Vec<(String, &mut Secret)> {
        use super::sections::{accounts, certificates, kiosk, network, package};
        let mut out: Vec<(String, &mut Secret)> = Vec::new();
        network::secrets(&mut self.network, &mut out);
        accounts::secrets(&mut self.accounts, &mut out);
        certificates::secrets(&mut self.certificates, &mut out);
        kiosk::secrets(&mut self.kiosk, &mut out);
        package::secrets(&mut self.protect, &mut out);
        for a in &mut self.advanced {
            if let AdvancedValue::Secret(s) = &mut a.value {
                out.push((format!("Setting {}", a.path), s));
            }
        }
        if with_targets {
            super::variants::secrets_of(&mut self.variants, &mut out);
        }
        out
    }
}

/// Dates as `YYYY-MM-DD` in project files.
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::macros::format_description;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        format_description!("[year]-[month]-[day]");

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<time::Date, String> {
        time::Date::parse(s.trim(), FORMAT)
            .map_err(|_| format!("\"{s}\" is not a date like 2027-03-01"))
    }

    /// Formats as `YYYY-MM-DD`.
    pub fn format(d: time::Date) -> String {
        d.format(FORMAT).expect("a date always formats")
    }

    pub fn serialize<S: Serializer>(d: &Option<time::Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&format(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<time::Date>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => parse(&s).map(Some).map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}
