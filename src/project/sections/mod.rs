//! The wizard's sections, one module each: the section's part of the project model, its
//! field descriptors ([`FieldSpec`]: label, help, the catalog settings it writes, whether
//! it is a secret) and both directions side by side — project → settings (build, export)
//! and settings → project (import).
//!
//! Everything else about a field is derived from here: the labels `check` and the
//! Summary print ([`Field`]'s `Display`), the page a problem jumps to, the wizard's
//! labels, examples and F1 help, and the settings an import lets a section claim.
//! Setting paths are constants of the section that writes them, each checked against the
//! catalog by a test, so a typo fails.

pub mod accounts;
pub mod applications;
pub mod certificates;
pub mod device;
pub mod kiosk;
pub(crate) mod leaves;
pub mod network;
pub mod package;

use super::{Field, Page, Secret, SecretMode, SecretSource};
use crate::secret::SecretString;
use crate::settings::{Node, SettingPath};
use std::path::{Path, PathBuf};

/// Where a field's value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writes {
    /// Catalog settings, by schema path (a setting, or the map entry the field keys).
    /// The catalog says whether one holds a secret.
    Settings(&'static [&'static str]),
    /// Only the project file or `<PackageConfig>`.
    Project,
    /// The password the package is encrypted with: a secret that is no setting.
    PackagePassword,
}

/// One wizard field, described once.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// The field problems are reported on; indexed fields with index 0.
    pub field: Field,
    /// The page it is on.
    pub page: Page,
    /// Its name where `check` and the Summary list problems; `{n}` (and `{m}`) stand for
    /// the one-based index of the application or certificate (and extra file).
    pub label: &'static str,
    /// The wizard's label beside the widget (empty: no widget of its own).
    pub prompt: &'static str,
    /// The example shown in an empty text field.
    pub example: &'static str,
    /// F1 help, for someone who has never made a provisioning package.
    pub help: &'static str,
    pub writes: Writes,
}

impl FieldSpec {
    /// Whether the value is a credential: the catalog's answer for the settings the field
    /// writes; the package password always is.
    pub fn secret(&self) -> bool {
        match self.writes {
            Writes::Settings(paths) => paths.iter().any(|p| crate::catalog::is_secret(p)),
            Writes::Project => false,
            Writes::PackagePassword => true,
        }
    }

    /// The catalog settings the field writes.
    pub fn settings(&self) -> &'static [&'static str] {
        match self.writes {
            Writes::Settings(p) => p,
            _ => &[],
        }
    }

    /// The label of `field` (an instance of this descriptor's field).
    pub fn label_of(&self, field: Field) -> String {
        let (n, m) = field.indexes();
        let mut s = self.label.to_owned();
        if let Some(n) = n {
            s = s.replace("{n}", &(n + 1).to_string());
        }
        if let Some(m) = m {
            s = s.replace("{m}", &(m + 1).to_string());
        }
        s
    }
}

/// The descriptor of settings kept by path (the Advanced page).
const ADVANCED: FieldSpec = FieldSpec {
    field: Field::Advanced(0),
    page: Page::Advanced,
    label: "Advanced setting {n}",
    prompt: "",
    example: "",
    help: "A setting without a wizard page, kept by its path and compiled as it is.",
    writes: Writes::Project,
};

/// The descriptor of settings kept for particular PCs (targets and variants).
const TARGETS: FieldSpec = FieldSpec {
    field: Field::Targets,
    page: Page::Summary,
    label: "Targets",
    prompt: "",
    example: "",
    help: "Settings a WCD project keeps for particular kinds of PC (picked by conditions such as the processor name). They are kept and exported back to WCD, but not built: the package applies the common settings to every PC.",
    writes: Writes::Project,
};

/// Every wizard section's descriptors, in page order.
pub fn all() -> impl Iterator<Item = &'static FieldSpec> {
    package::FIELDS
        .iter()
        .chain(device::FIELDS)
        .chain(network::FIELDS)
        .chain(accounts::FIELDS)
        .chain(applications::FIELDS)
        .chain(certificates::FIELDS)
        .chain(kiosk::FIELDS)
        .chain(std::iter::once(&ADVANCED))
        .chain(std::iter::once(&TARGETS))
}

/// The descriptor of `field` (whatever its index).
pub fn spec(field: Field) -> &'static FieldSpec {
    let want = std::mem::discriminant(&field);
    all()
        .find(|s| std::mem::discriminant(&s.field) == want)
        .expect("every field has a descriptor (tested)")
}

/// Project → settings: the tree being written, and the secrets that had no value.
pub(crate) struct Out {
    pub root: Node,
    mode: SecretMode,
    pub missing: Vec<String>,
}

impl Out {
    pub fn new(mode: SecretMode) -> Self {
        Out {
            root: Node::branch("Common", vec![]),
            mode,
            missing: Vec::new(),
        }
    }

    /// Sets the single setting at schema path `path`.
    pub fn set(&mut self, path: &'static str, value: &str) {
        let p: SettingPath = path.parse().expect("setting constants are valid paths");
        p.find_or_insert(&mut self.root)
            .expect("setting constants have no list indexes")
            .text = Some(value.to_owned());
    }

    /// Appends a map entry or list item: `entry` is the element at schema path `path`.
    pub fn push(&mut self, path: &'static str, entry: Node) {
        debug_assert_eq!(entry.name, name_of(path));
        let mut at = &mut self.root;
        if let Some((parent, _)) = path.rsplit_once('/') {
            for seg in parent.split('/') {
                at = at.child_or_insert(seg);
            }
        }
        at.children.push(entry);
    }

    /// The text written for a secret: its value (noting a missing one under `label`), or
    /// nothing for exports that must not carry secrets.
    pub fn secret(&mut self, s: &Secret, label: &str) -> String {
        match self.mode {
            SecretMode::Blank => String::new(),
            SecretMode::Values => match s.value() {
                Some(v) if !v.is_empty() => v.expose().to_owned(),
                _ => {
                    self.missing.push(label.to_owned());
                    String::new()
                }
            },
        }
    }
}

/// A leaf element for the setting at schema path `path`, inside an entry being built.
pub(crate) fn leaf(path: &'static str, text: impl Into<String>) -> Node {
    Node::leaf(name_of(path), text)
}

/// A branch element for the group or entry at schema path `path`.
pub(crate) fn branch(path: &'static str, children: Vec<Node>) -> Node {
    Node::branch(name_of(path), children)
}

/// The element name of a schema path: its last segment.
pub(crate) fn name_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// How WCD writes a boolean.
pub(crate) fn tf(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// `True` in any case, as WCD reads it.
pub(crate) fn is_true(t: &str) -> bool {
    t.eq_ignore_ascii_case("true")
}

/// For `skip_serializing_if`: a check box that is off is left out of the project file.
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// For `skip_serializing_if`: a choice left at its default is left out.
pub(crate) fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// An absolute local path as text (what WCD writes for assets: the build machine's path).
/// Must agree with [`super::Project::asset_text`].
pub(crate) fn local_path(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Settings → project: the document's leaves, and where the files it names are here.
pub(crate) struct In<'a> {
    pub leaves: leaves::Leaves,
    /// `<Common>`, for what leaves do not show (the names of unkeyed list items).
    pub common: &'a Node,
    pub assets: &'a mut dyn Assets,
}

/// Maps a file path from customizations.xml (the build machine's) to the project's.
pub(crate) trait Assets {
    fn asset(&mut self, text: &str) -> PathBuf;
}

/// A secret found in the XML, held in memory until the user's placement is applied; an
/// empty one is asked for.
pub(crate) fn found_secret(text: String) -> Secret {
    if text.is_empty() {
        return Secret::ask();
    }
    Secret::typed(SecretString::new(text), SecretSource::Clear)
}

/// Writes every section's settings.
pub(crate) fn write_sections(p: &super::Project, out: &mut Out) {
    device::write(p, out);
    network::write(p, out);
    accounts::write(p, out);
    applications::write(p, out);
    certificates::write(p, out);
    kiosk::write(p, out);
}

/// Reads the sections from the document, in the order the import has always used (it
/// decides the order imported files are listed in).
pub(crate) fn read_sections(p: &mut super::Project, r: &mut In<'_>) {
    device::read(p, r);
    accounts::read(p, r);
    network::read(p, r);
    applications::read(p, r);
    certificates::read(p, r);
    kiosk::read(p, r);
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// Files found by their name, in one folder that holds every file.
    pub struct ByName(pub PathBuf);

    impl Assets for ByName {
        fn asset(&mut self, text: &str) -> PathBuf {
            self.0.join(name_of(&text.replace('\\', "/")))
        }
    }

    /// A section's round trip: `p` written as settings and read back into a new project
    /// (same package), with the leaves nothing claimed.
    pub fn round_trip(p: &super::super::Project) -> (super::super::Project, Vec<String>) {
        let doc = p.to_customizations(SecretMode::Values).unwrap();
        let empty = Node::branch("Common", vec![]);
        let common = doc.common().unwrap_or(&empty);
        let mut assets = ByName(std::path::absolute(&p.base_dir).unwrap());
        let mut r = In {
            leaves: leaves::Leaves::of(common),
            common,
            assets: &mut assets,
        };
        let mut back = super::super::Project::new(p.name.clone());
        back.base_dir = p.base_dir.clone();
        back.package = p.package.clone();
        read_sections(&mut back, &mut r);
        let left = r
            .leaves
            .all
            .iter()
            .filter(|l| !l.taken)
            .map(|l| l.path.to_string())
            .collect();
        (back, left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_one_descriptor() {
        let mut seen = Vec::new();
        for s in all() {
            let d = std::mem::discriminant(&s.field);
            assert!(!seen.contains(&d), "{:?} described twice", s.field);
            seen.push(d);
            assert_eq!(s.field.page(), s.page);
            assert!(!s.label.is_empty() && !s.help.is_empty(), "{:?}", s.field);
        }
        assert_eq!(seen.len(), Field::COUNT, "a field has no descriptor");
    }

    /// Every setting path a section names is one the catalog's stores know, so a typo
    /// fails here rather than in a package.
    #[test]
    fn setting_constants_are_in_the_catalog() {
        let mut all_paths: Vec<&str> = all().flat_map(|s| s.settings().iter().copied()).collect();
        all_paths.extend(device::PATHS);
        all_paths.extend(network::PATHS);
        all_paths.extend(accounts::PATHS);
        all_paths.extend(applications::PATHS);
        all_paths.extend(certificates::PATHS);
        all_paths.extend(kiosk::PATHS);
        all_paths.extend(
            kiosk::WIDGETS
                .iter()
                .flat_map(|s| s.settings().iter().copied()),
        );
        for p in all_paths {
            assert!(
                crate::catalog::store::node(p).is_some(),
                "{p} is not in the settings stores"
            );
        }
    }

    /// The one answer to "is this a secret" for wizard fields is the catalog's, and the
    /// project holds exactly those fields as secret references.
    #[test]
    fn secrets_are_the_catalogs() {
        let secret: Vec<Field> = all().filter(|s| s.secret()).map(|s| s.field).collect();
        assert_eq!(
            secret,
            [
                Field::ProtectPassword,
                // A product key is a secret to the catalog (inspect hides it), but the
                // project keeps it in clear text: see `device::Device::product_key`.
                Field::ProductKey,
                Field::WifiKey,
                Field::AdPassword,
                Field::EntraToken,
                Field::LocalAdminPassword,
                Field::MdmSecret,
                Field::CertPassword(0),
                Field::KioskPassword,
            ]
        );
    }

    /// The project holds as secret references exactly the fields the catalog calls
    /// secret (less the product key, kept in clear on purpose).
    #[test]
    fn the_model_holds_those_secrets() {
        use crate::project::*;
        let s = || Secret::ask();
        let mut p = Project::new("All secrets");
        p.network = Some(Wifi {
            ssid: "x".into(),
            security: WifiSecurity::Wpa2Personal,
            key: Some(s()),
            hidden: false,
            auto_connect: true,
        });
        p.accounts.local_admin = Some(LocalAdmin {
            name: "a".into(),
            password: s(),
        });
        p.accounts.mdm = Some(MdmEnrollment {
            upn: "e@x.y".into(),
            auth: MdmAuth::OnPremise,
            discovery_url: String::new(),
            enrollment_url: String::new(),
            policy_url: String::new(),
            secret: s(),
        });
        p.certificates.push(Certificate {
            name: "c".into(),
            path: "c.pfx".into(),
            kind: CertificateKind::Client {
                password: s(),
                key_location: KeyLocation::TpmOnly,
                exportable: false,
            },
        });
        p.protect = Some(Protection { password: s() });
        p.kiosk = Some(Kiosk {
            account: "kiosk".into(),
            create_account: true,
            password: Some(s()),
            auto_sign_in: true,
            app: KioskApp::Desktop {
                path: "kiosk.exe".into(),
            },
        });
        let mut held: Vec<String> = Vec::new();
        for join in [
            Join::ActiveDirectory {
                domain: "d".into(),
                account: "a".into(),
                password: s(),
                ou: None,
            },
            Join::EntraId {
                authority: default_authority(),
                tenant: None,
                token: s(),
                expires: None,
                package_account: None,
            },
        ] {
            p.accounts.join = join;
            for (label, _) in p.secrets_mut() {
                if !held.contains(&label) {
                    held.push(label);
                }
            }
        }
        held.sort();
        let mut described: Vec<String> = all()
            .filter(|f| f.secret() && f.field != Field::ProductKey)
            .map(|f| match f.field {
                Field::CertPassword(_) => certificates::password_label("c"),
                other => other.to_string(),
            })
            .collect();
        described.sort();
        assert_eq!(held, described);
    }

    /// Every setting a section writes is one its descriptors name (as the setting itself
    /// or as the map entry it sits in), so the descriptors are the whole list of what the
    /// wizard's fields claim on import.
    #[test]
    fn sections_write_only_what_their_descriptors_name() {
        use crate::project::*;
        use crate::secret::SecretString;
        let v = |t: &str| Secret::typed(SecretString::new(t.to_owned()), SecretSource::Clear);
        let mut p = Project::new("Everything");
        p.device = Device {
            name: "LAB-%SERIAL%".into(),
            name_setting: NameSetting::ComputerAccount,
            product_key: Some("NPPR9-FWDCX-D2C8J-H872K-2YT43".into()),
            shared_use: true,
            remove_preinstalled: true,
            hide_oobe: true,
            allow_all_trusted_apps: true,
        };
        p.network = Some(Wifi {
            ssid: "Lab".into(),
            security: WifiSecurity::Wpa2Personal,
            key: Some(v("wifi-password")),
            hidden: true,
            auto_connect: true,
        });
        p.accounts = Accounts {
            join: Join::ActiveDirectory {
                domain: "contoso.local".into(),
                account: "CONTOSO\\join".into(),
                password: v("pw"),
                ou: Some("OU=Lab,DC=contoso,DC=local".into()),
            },
            local_admin: Some(LocalAdmin {
                name: "LabAdmin".into(),
                password: v("pw"),
            }),
            mdm: Some(MdmEnrollment {
                upn: "e@contoso.com".into(),
                auth: MdmAuth::OnPremise,
                discovery_url: "https://d".into(),
                enrollment_url: "https://e".into(),
                policy_url: "https://p".into(),
                secret: v("s"),
            }),
        };
        p.applications.push(Application {
            name: "App".into(),
            installer: "setup.msi".into(),
            command_line: "msiexec /i setup.msi /qn".into(),
            continue_on_failure: true,
            restart_required: true,
            success_code: Some(0),
            restart_code: Some(3010),
            dependencies: vec!["extra.mst".into()],
        });
        for kind in [
            CertificateKind::Root,
            CertificateKind::Ca,
            CertificateKind::TrustedPeople,
            CertificateKind::Client {
                password: v("pfx"),
                key_location: KeyLocation::SoftwareOnly,
                exportable: true,
            },
        ] {
            p.certificates.push(Certificate {
                name: "C".into(),
                path: "c.cer".into(),
                kind,
            });
        }
        p.kiosk = Some(Kiosk {
            account: "kiosk".into(),
            create_account: true,
            password: Some(v("kiosk-pw")),
            auto_sign_in: true,
            app: KioskApp::Desktop {
                path: "C:\\Kiosk\\kiosk.exe".into(),
            },
        });
        let doc = p.to_customizations(SecretMode::Values).unwrap();
        let named: Vec<&str> = all().flat_map(|s| s.settings().iter().copied()).collect();
        let mut written = 0;
        for leaf in leaves::Leaves::of(doc.common().unwrap()).all {
            let schema = leaf.schema;
            let claimed = named.iter().any(|n| {
                schema == *n
                    || schema
                        .strip_prefix(n)
                        .is_some_and(|rest| rest.starts_with('/'))
            });
            assert!(claimed, "{schema} is written but no descriptor names it");
            written += 1;
        }
        assert!(written > 40, "{written}");
    }
}
