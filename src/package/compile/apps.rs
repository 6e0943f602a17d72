//! `UniversalAppInstall`: Store and line-of-business apps, their dependencies, optional
//! packages, licences and Store installs.
//!
//! **What is known and what is inferred.** No WCD-built package with an app install was
//! found (none of the corpus packages or samples, nothing in public code or pages), so
//! the compiled form below is an inference, and every package that uses it carries the
//! warning [`crate::project::rules::APP_INSTALL_UNVERIFIED`]. It rests on:
//!
//! * **The settings store** (`catalog/stores.tsv`): `…App/Application/ApplicationFile` is
//!   an asset with Serialization 4 and target
//!   `EnterpriseModernAppManagement/AppInstallation!scope=Device|User/~PackageFamilyName~/HostedInstall`
//!   (Action 2, exec); `DependencyAppxFiles/Dependency` and
//!   `OptionalPackageFiles/OptionalPackage/Package` are assets with Serialization 8 and
//!   the target `Dummy`; `DeploymentOptions` and the optional package's
//!   `PackageFamilyName` have no target; `…AppLicense/LicenseInstall` is an asset with
//!   Serialization 7 and target `…/AppLicenses!scope=…/StoreLicenses/~LicenseProductId~/AddLicense`
//!   (exec); `…StoreInstall/Application/ProductID` is text with Serialization 9 and target
//!   `…/AppInstallation!scope=…/~PackageFamilyName~/StoreInstall` (exec), its siblings
//!   `SkuID` (default `0016`) and `Flags` have none. App files have no store `FilePath`,
//!   unlike every asset the corpus shows packed. Settings without a target of their own
//!   fit exactly the attributes of the documented payloads below, so a Serialization code
//!   is read as "the setting plus the siblings it folds in become its target's payload".
//! * **Microsoft's EnterpriseModernAppManagement CSP documentation**: HostedInstall takes
//!   `<Application PackageUri="…" DeploymentOptions="n">` with `<Dependencies><Dependency
//!   PackageUri="…"/></Dependencies>`; AddLicense takes `<License Content="<Base64 of
//!   the licence>"/>`; StoreInstall takes `<Application id="…" flags="…" skuid="…"/>`.
//!   Optional packages are not spelled out there: `<OptionalPackages><Package
//!   PackageUri="…" PackageFamilyName="…"/></OptionalPackages>` takes the store's node
//!   names, the weakest guess here.
//! * **The device's asset handler** (public decompiled `provcsp` code): an asset whose
//!   store setting has Serialization 4 or 8 is accepted through `Provisioning/Assets`
//!   without a `FilePath`, the only asset kinds that have none. So app packages and their
//!   dependencies travel as DataAssets, by the same rule as command files (catalog §3).
//!
//! **The rules, one per Serialization code:**
//! * 4 (app package): packed as a DataAsset with its `Provisioning/Assets` parm, then a
//!   parm at its own target whose value is the HostedInstall XML. `PackageUri` is the
//!   name the package gives the file (`<k>_<hash>\<file>`, the DataAsset key); the device
//!   resolving it against its copy of the package's assets is the inferred link.
//!   `DeploymentOptions` is always written (`0` when not set) as the documentation's
//!   examples do.
//! * 8 (dependency, optional package): packed as a DataAsset in its own settings group
//!   (each leaf is its group, as everywhere outside atomic roots); no parm at `Dummy`;
//!   named by its app's payload. Files stay in store order (the app's file before its
//!   dependencies' files), as the corpus shows WCD never reorders by the store's hints;
//!   those hints order them on the device: `ApplyAfterSetting` puts the app after its
//!   dependencies and licence, and the Sequence store gives dependencies, options and
//!   licences level 1, app files level 2.
//! * 7 (licence): the file's bytes in Base64 inside the AddLicense payload, inline like
//!   the other small serialized files (codes 2, 3, 5).
//! * 9 (Store product): the StoreInstall payload from the product id, `Flags` (`0` when
//!   not set) and `SkuID` (the store's default `0016` when not set).
//!
//! Groups, file names, numbering, `SettingsPath` and the user-context split follow the
//! general rules unchanged: a user app's files (Context 1 in the store) go to
//! `User_RunTime`, its `Provisioning/Assets` parm with them.
//!
//! What would certainly fail is refused (here and by `check`): an app file whose
//! extension the store does not list, a missing file, an app entry without its package
//! (or a Store install without its product id), an optional package without its file or
//! family name. A map key that does not look like a package family name is only a
//! warning: the store does not constrain it.
//!
//! Unknown and left as inferred: the exact `PackageUri` text, whether WCD writes
//! `DeploymentOptions="0"` when unset, the payload datatype (`string` here, as for every
//! corpus parm), and the registry-under-map form of `LaunchAppAtLogin` (compiled by the
//! general `MCSF` rule).

use crate::catalog::{self, AssetForm, Kind, Setting};
use crate::settings::escape_attr;
use base64::Engine;
use std::collections::BTreeMap;

/// What a setting inside an app entry contributes to the entry's payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The app package itself (Serialization 4).
    Package,
    /// A dependency package (Serialization 8 as the list item).
    Dependency,
    /// An optional package's file (Serialization 8 inside a list item).
    OptionalFile,
    /// An optional package's family name.
    OptionalName,
    /// `DeploymentOptions`.
    Options,
    /// The Store product id (Serialization 9).
    Product,
    /// `SkuID` of a Store install.
    Sku,
    /// `Flags` of a Store install.
    Flags,
}

/// Where `setting` belongs in an app entry: the entry's schema path (the map element
/// holding the serialized setting) and the part it plays. `None` for settings that are
/// not folded into a payload (licences and `LaunchAppAtLogin` have targets of their own).
pub fn part_of(setting: &Setting) -> Option<(&'static str, Part)> {
    let may_fold = match setting.kind {
        Kind::Asset(form) => matches!(form, AssetForm::AppPackage | AssetForm::AppDependency),
        Kind::Value(_) => setting.chain.is_empty() || setting.serialization() == Some(9),
        Kind::WlanProfile => false,
    };
    if !may_fold {
        return None;
    }
    let (entry, serializer) = entry_of(setting.path)?;
    let leaf = setting.path.rsplit('/').next().unwrap_or("");
    let part = match (setting.kind, serializer) {
        (Kind::Asset(AssetForm::AppPackage), _) => Part::Package,
        (Kind::Value(_), 9) if setting.serialization() == Some(9) => Part::Product,
        (Kind::Asset(AssetForm::AppDependency), 4) => {
            // The list item is itself the file (`DependencyAppxFiles/Dependency`), or a
            // group holding the file and its family name (`OptionalPackage/Package`).
            if catalog::collection(setting.path).is_some() {
                Part::Dependency
            } else {
                Part::OptionalFile
            }
        }
        (Kind::Value(_), 4) if setting.chain.is_empty() => match leaf {
            "DeploymentOptions" => Part::Options,
            "PackageFamilyName" => Part::OptionalName,
            _ => return None,
        },
        (Kind::Value(_), 9) if setting.chain.is_empty() => match leaf {
            "SkuID" => Part::Sku,
            "Flags" => Part::Flags,
            _ => return None,
        },
        _ => return None,
    };
    Some((entry, part))
}

/// The app entry enclosing schema path `path`: the nearest ancestor (or `path`'s parent)
/// holding a setting with Serialization 4 or 9, and that code.
fn entry_of(path: &str) -> Option<(&'static str, u8)> {
    let mut at = path;
    while let Some((parent, _)) = at.rsplit_once('/') {
        if let Some(&found) = entries().iter().find(|(p, _)| *p == parent) {
            return Some(found);
        }
        at = parent;
    }
    None
}

/// The parents of the catalog's settings with Serialization 4 or 9 (the app entries),
/// with that code, in catalog order: read from the catalog once, not per setting.
fn entries() -> &'static [(&'static str, u8)] {
    static ENTRIES: std::sync::OnceLock<Vec<(&'static str, u8)>> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        catalog::settings()
            .filter_map(|s| match s.serialization() {
                Some(code @ (4 | 9)) => s.path.rsplit_once('/').map(|(parent, _)| (parent, code)),
                _ => None,
            })
            .collect()
    })
}

/// The HostedInstall payload of one app entry, gathered while the walk visits its
/// settings (in store order, so the package comes before its dependencies).
#[derive(Debug, Default)]
pub(super) struct HostedApp {
    /// For messages: the entry's readable path.
    pub readable: String,
    /// The HostedInstall parm: group and parm index.
    pub parm: Option<(usize, usize)>,
    /// Index of the app package among the packed assets.
    pub package: Option<usize>,
    pub options: Option<String>,
    /// Packed asset indexes of the dependencies, in document order.
    pub dependencies: Vec<usize>,
    /// Optional packages by list index: packed asset and family name.
    pub optional: BTreeMap<String, (Option<usize>, Option<String>)>,
}

impl HostedApp {
    /// The HostedInstall XML, given each packed asset's name in the package.
    pub fn payload(&self, names: &[String]) -> String {
        let uri = |i: &usize| escape_attr(&names[*i]);
        let mut x = format!(
            "<Application PackageUri=\"{}\" DeploymentOptions=\"{}\">",
            self.package.as_ref().map(uri).unwrap_or_default(),
            escape_attr(self.options.as_deref().unwrap_or("0"))
        );
        if !self.dependencies.is_empty() {
            x.push_str("<Dependencies>");
            for d in &self.dependencies {
                x.push_str(&format!("<Dependency PackageUri=\"{}\" />", uri(d)));
            }
            x.push_str("</Dependencies>");
        }
        if !self.optional.is_empty() {
            x.push_str("<OptionalPackages>");
            for (file, pfn) in self.optional.values() {
                x.push_str(&format!(
                    "<Package PackageUri=\"{}\" PackageFamilyName=\"{}\" />",
                    file.as_ref().map(uri).unwrap_or_default(),
                    escape_attr(pfn.as_deref().unwrap_or(""))
                ));
            }
            x.push_str("</OptionalPackages>");
        }
        x.push_str("</Application>");
        x
    }

    /// What is missing for the payload to name real files, in words.
    pub fn incomplete(&self) -> Option<String> {
        if self.package.is_none() {
            return Some("the app entry has no ApplicationFile (the app's own package)".into());
        }
        for (i, (file, pfn)) in &self.optional {
            match (file, pfn) {
                (None, _) => {
                    return Some(format!("optional package {i} has no Package file"));
                }
                (_, None) => {
                    return Some(format!("optional package {i} has no PackageFamilyName"));
                }
                _ => {}
            }
        }
        None
    }
}

/// The StoreInstall payload of one Store install entry.
#[derive(Debug, Default)]
pub(super) struct StoreApp {
    pub readable: String,
    /// The StoreInstall parm: group and parm index.
    pub parm: Option<(usize, usize)>,
    pub product: String,
    pub sku: Option<String>,
    pub flags: Option<String>,
    /// The store's default SkuID for this entry.
    pub default_sku: &'static str,
}

impl StoreApp {
    /// `<Application id="…" flags="…" skuid="…" />`.
    pub fn payload(&self) -> String {
        format!(
            "<Application id=\"{}\" flags=\"{}\" skuid=\"{}\" />",
            escape_attr(&self.product),
            escape_attr(self.flags.as_deref().unwrap_or("0")),
            escape_attr(self.sku.as_deref().unwrap_or(self.default_sku))
        )
    }
}

/// The store's default SkuID next to a Store install's product id.
pub(super) fn default_sku(entry: &str) -> &'static str {
    catalog::setting(&format!("{entry}/SkuID"))
        .and_then(|s| s.defaults().into_iter().next())
        .unwrap_or("")
}

/// The AddLicense payload for a licence file's bytes.
pub(super) fn license_payload(bytes: &[u8]) -> String {
    format!(
        "<License Content=\"{}\" />",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Why the file named by `text` cannot go to an app setting: its extension is not one
/// the store lists for it (`.appx`, `.msixbundle`, `.xml`…). Only the app forms are
/// checked: Windows' app installer and licence reader go by the extension, while other
/// assets (command files, images) take any name in WCD.
pub fn extension_problem(setting: &Setting, text: &str) -> Option<String> {
    if !matches!(
        setting.kind,
        Kind::Asset(AssetForm::AppPackage | AssetForm::AppDependency | AssetForm::AppLicense)
    ) {
        return None;
    }
    let allowed = setting.allowed_extensions();
    if allowed.is_empty() {
        return None;
    }
    let name = super::source_file_name(text);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(&ext)) {
        return None;
    }
    let list: Vec<String> = allowed.iter().map(|a| format!(".{a}")).collect();
    Some(format!(
        "\"{name}\" cannot go here: it must be a {} file",
        or_list(&list)
    ))
}

/// Why `name` does not look like a package family name (`<Name>_<PublisherId>`, like
/// `Microsoft.WindowsTerminal_8wekyb3d8bbwe`): the name is 3 to 50 letters, digits,
/// dots or hyphens (the manifest's rule) and the publisher id 13 characters of Windows'
/// base-32 alphabet. Windows files the installed app under this name, so a wrong one is a
/// risk to point out; the store itself does not constrain the key.
pub fn family_name_problem(name: &str) -> Option<String> {
    let ok = name.rsplit_once('_').is_some_and(|(pkg, publisher)| {
        (3..=50).contains(&pkg.len())
            && pkg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            && publisher.len() == 13
            && publisher.chars().all(|c| {
                let c = c.to_ascii_lowercase();
                c.is_ascii_digit() || (c.is_ascii_lowercase() && !"ilou".contains(c))
            })
    });
    (!ok).then(|| {
        format!(
            "\"{name}\" does not look like a package family name (the app's name, an underscore and its 13-character publisher id, like Microsoft.WindowsTerminal_8wekyb3d8bbwe); Windows records the app under this name, so check it against the package"
        )
    })
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "UniversalAppInstall/DeviceContextApp/Application";

    fn part(path: &str) -> Option<(&'static str, Part)> {
        part_of(catalog::setting(path).expect(path))
    }

    #[test]
    fn each_folded_setting_finds_its_entry_and_part() {
        assert_eq!(
            part(&format!("{APP}/ApplicationFile")),
            Some((APP, Part::Package))
        );
        assert_eq!(
            part(&format!("{APP}/DependencyAppxFiles/Dependency")),
            Some((APP, Part::Dependency))
        );
        assert_eq!(
            part(&format!(
                "{APP}/OptionalPackageFiles/OptionalPackage/Package"
            )),
            Some((APP, Part::OptionalFile))
        );
        assert_eq!(
            part(&format!(
                "{APP}/OptionalPackageFiles/OptionalPackage/PackageFamilyName"
            )),
            Some((APP, Part::OptionalName))
        );
        assert_eq!(
            part(&format!("{APP}/DeploymentOptions")),
            Some((APP, Part::Options))
        );
        let user = "UniversalAppInstall/UserContextApp/Application";
        assert_eq!(
            part(&format!("{user}/DependencyAppxFiles/Dependency")),
            Some((user, Part::Dependency))
        );
        let store = "UniversalAppInstall/StoreInstall/Application";
        assert_eq!(
            part(&format!("{store}/ProductID")),
            Some((store, Part::Product))
        );
        assert_eq!(part(&format!("{store}/SkuID")), Some((store, Part::Sku)));
        assert_eq!(part(&format!("{store}/Flags")), Some((store, Part::Flags)));
        // Targets of their own: not folded.
        assert_eq!(part(&format!("{APP}/LaunchAppAtLogin")), None);
        assert_eq!(
            part("UniversalAppInstall/DeviceContextAppLicense/LicenseInstall"),
            None
        );
        assert_eq!(part("Accounts/Users/User/Password"), None);
    }

    #[test]
    fn payloads_follow_the_documented_forms() {
        let names: Vec<String> = ["0_a\\app.msix", "1_b\\dep.appx", "2_c\\opt.msix"]
            .map(String::from)
            .to_vec();
        let mut app = HostedApp {
            package: Some(0),
            dependencies: vec![1],
            ..Default::default()
        };
        assert_eq!(
            app.payload(&names),
            "<Application PackageUri=\"0_a\\app.msix\" DeploymentOptions=\"0\"><Dependencies><Dependency PackageUri=\"1_b\\dep.appx\" /></Dependencies></Application>"
        );
        app.options = Some("64".into());
        app.optional
            .insert("0".into(), (Some(2), Some("Opt_8wekyb3d8bbwe".into())));
        assert!(app.payload(&names).contains("DeploymentOptions=\"64\""));
        assert!(app.payload(&names).ends_with("<OptionalPackages><Package PackageUri=\"2_c\\opt.msix\" PackageFamilyName=\"Opt_8wekyb3d8bbwe\" /></OptionalPackages></Application>"));
        assert_eq!(app.incomplete(), None);
        app.optional.insert("1".into(), (Some(2), None));
        assert!(app.incomplete().unwrap().contains("PackageFamilyName"));
        assert!(
            HostedApp::default()
                .incomplete()
                .unwrap()
                .contains("ApplicationFile")
        );

        let store = StoreApp {
            product: "9WZDNCRFJ3PZ".into(),
            default_sku: default_sku("UniversalAppInstall/StoreInstall/Application"),
            ..Default::default()
        };
        assert_eq!(
            store.payload(),
            "<Application id=\"9WZDNCRFJ3PZ\" flags=\"0\" skuid=\"0016\" />"
        );
        assert_eq!(license_payload(b"<L/>"), "<License Content=\"PEwvPg==\" />");
    }

    #[test]
    fn family_names_are_a_name_and_a_publisher_id() {
        for good in [
            "Microsoft.WindowsTerminal_8wekyb3d8bbwe",
            "Microsoft.VCLibs.140.00.UWPDesktop_8wekyb3d8bbwe",
            "Contoso-App_a1b2c3d4e5f6g",
        ] {
            assert_eq!(family_name_problem(good), None, "{good}");
        }
        for bad in [
            "Microsoft.WindowsTerminal",
            "Microsoft.WindowsTerminal_1.14.1861.0_x64__8wekyb3d8bbwe",
            "App_8wekyb3d8bbw",
            "Ab_8wekyb3d8bbwe",
            "My App_8wekyb3d8bbwe",
            "Contoso_8wekyb3d8bbwu",
        ] {
            assert!(family_name_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn app_files_must_have_an_extension_the_store_lists() {
        let file = catalog::setting(&format!("{APP}/ApplicationFile")).unwrap();
        assert_eq!(extension_problem(file, "C:\\a\\App.AppxBundle"), None);
        assert_eq!(extension_problem(file, "x.msix"), None);
        let why = extension_problem(file, "C:\\a\\setup.exe").unwrap();
        assert!(
            why.contains("\"setup.exe\"") && why.contains(".msixbundle"),
            "{why}"
        );
        let dep = catalog::setting(&format!("{APP}/DependencyAppxFiles/Dependency")).unwrap();
        assert!(extension_problem(dep, "dep.msixbundle").is_some());
        let lic =
            catalog::setting("UniversalAppInstall/DeviceContextAppLicense/LicenseInstall").unwrap();
        assert_eq!(extension_problem(lic, "l_License1.xml"), None);
        assert!(extension_problem(lic, "l.txt").is_some());
        // Other assets take any name.
        let cmd = catalog::setting("ProvisioningCommands/DeviceContext/CommandFiles/CommandFile")
            .unwrap();
        assert_eq!(extension_problem(cmd, "a.anything"), None);
    }
}
