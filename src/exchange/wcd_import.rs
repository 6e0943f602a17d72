//! `import`: a WCD project folder or a bare customizations.xml becomes a project. Every
//! wizard field is recognised; other settings are kept as advanced settings; Windows asset
//! paths are matched to local files; secrets found in the XML are moved out to references
//! the user chose — never silently kept in clear.

use crate::project::*;
use crate::secret::SecretString;
use crate::settings::path::Selector;
use crate::settings::{Customizations, Node, SettingPath, read_customizations};
use std::path::{Path, PathBuf};

/// Where secrets found in the XML go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretPlacement {
    /// Into files beside the new project (`secrets/<name>.txt`, mode 0600).
    Files,
    /// Referenced as environment variables `<PREFIX>_<NAME>`; the values are not saved,
    /// the user sets the variables.
    Env(String),
    /// Asked for at build time; the values are dropped.
    Ask,
    /// Kept in the project in clear, by explicit choice.
    Clear,
}

/// Choices for an import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Folders searched (in order) for assets named by Windows paths in the XML; the
    /// XML's own folder is searched last.
    pub asset_dirs: Vec<PathBuf>,
    /// `None` refuses to import a file that holds secrets, listing them.
    pub secrets: Option<SecretPlacement>,
}

/// A secret found in the XML and where it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedSecret {
    pub label: String,
    pub source: SecretSource,
}

/// The imported project and what the user should know about it.
#[derive(Debug)]
pub struct Imported {
    pub project: Project,
    pub secrets: Vec<MovedSecret>,
    /// Files to write beside the project for `SecretPlacement::Files`:
    /// (relative path, value).
    pub secret_files: Vec<(PathBuf, SecretString)>,
    /// Number of settings kept as advanced settings.
    pub advanced: usize,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} {source}")]
    Xml {
        path: PathBuf,
        source: crate::settings::ReadError,
    },
    #[error("{0} has no customizations.xml")]
    NoCustomizations(PathBuf),
    #[error("these files named in customizations.xml were not found (give their folders with --asset-dir): {}", .0.join("; "))]
    MissingAssets(Vec<String>),
    #[error("customizations.xml holds {} secret{} ({}); choose where they go with --secrets file, env or ask (or clear to keep them in the project in clear)", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.join(", "))]
    SecretsNeedAPlace(Vec<String>),
    #[error("the package id {0} in customizations.xml is not a GUID")]
    BadId(String),
}

/// Settings whose value is a file packed into the package (catalog §2.6).
const ASSET_LEAVES: [&str; 14] = [
    "Personalization/DeployDesktopImage",
    "Personalization/DeployLockScreenImage",
    "Personalization/DeployCompanyLogo",
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/CommandFile",
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/DependencyPackages/Dependency",
    "ProvisioningCommands/DeviceContext/CommandFiles/CommandFile",
    "Start/StartLayout",
    "Folders/PublicDocuments",
    "Certificates/RootCertificates/RootCertificate/CertificatePath",
    "Certificates/CACertificates/CACerificate/CertificatePath",
    "Certificates/TrustedPeopleCertificates/Certificate/TrustedCertificate",
    "Certificates/ClientCertificates/ClientCertificate/CertificatePath",
    "Certificates/OemEsimCertificates/OemEsimCertificate/CertificatePath",
    "EditionUpgrade/UpgradeEditionWithLicense",
];

/// Leaf names that hold credentials.
const SECRET_LEAVES: [&str; 5] = [
    "Password",
    "SecurityKey",
    "Secret",
    "BPRT",
    "CertificatePassword",
];

/// The attribute that keys each map entry element (catalog §1.4).
pub fn map_key(element: &str) -> Option<&'static str> {
    Some(match element {
        "User" => "UserName",
        "WLANConfig" => "SSID",
        "RootCertificate" | "ClientCertificate" | "CACerificate" | "OemEsimCertificate" => {
            "CertificateName"
        }
        "UPN" => "UPN",
        "Application" => "PackageFamilyName",
        "LicenseInstall" => "LicenseProductId",
        "Language" => "LanguageCode",
        _ => return None,
    })
}

fn key_for(element: &str, parent_is_trusted_people: bool) -> Option<&'static str> {
    match element {
        "Certificate" if parent_is_trusted_people => Some("CertificateName"),
        "Certificate" => Some("CertificateHash"),
        other => map_key(other),
    }
}

/// Reads `input` (a folder with `*.icdproj.xml` + `customizations.xml`, or a bare
/// customizations.xml) into a project that will be saved at `project_file`.
pub fn import_wcd(
    input: &Path,
    project_file: &Path,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let read = |p: &Path| {
        crate::fsutil::read_capped(p, crate::settings::MAX_XML_BYTES as u64).map_err(|e| {
            ImportError::Read {
                path: p.to_path_buf(),
                reason: e.to_string(),
            }
        })
    };
    let (xml_path, icd) = if input.is_dir() {
        let xml = input.join("customizations.xml");
        if !xml.is_file() {
            return Err(ImportError::NoCustomizations(input.to_path_buf()));
        }
        let icd = std::fs::read_dir(input)
            .ok()
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with(".icdproj.xml")
            });
        let icd = match icd {
            Some(p) => Some(
                super::icdproj::read_icdproj(&read(&p)?)
                    .map_err(|e| ImportError::Xml { path: p, source: e })?,
            ),
            None => None,
        };
        (xml, icd)
    } else {
        (input.to_path_buf(), None)
    };
    let doc = read_customizations(&read(&xml_path)?).map_err(|e| ImportError::Xml {
        path: xml_path.clone(),
        source: e,
    })?;
    let xml_dir = xml_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let project_dir = project_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut ctx = Ctx {
        search: opts.asset_dirs.iter().cloned().chain([xml_dir]).collect(),
        project_dir,
        missing: Vec::new(),
    };
    let mut project = from_customizations(&doc, &mut ctx)?;
    if let Some(icd) = icd {
        project.description = icd.description;
    }
    if !ctx.missing.is_empty() {
        return Err(ImportError::MissingAssets(ctx.missing));
    }
    // Secrets: decide where each goes.
    let labels: Vec<String> = project
        .secrets_mut()
        .into_iter()
        .filter(|(_, s)| s.has_value())
        .map(|(l, _)| l)
        .collect();
    let placement = match (&opts.secrets, labels.is_empty()) {
        (_, true) => SecretPlacement::Ask,
        (None, false) => return Err(ImportError::SecretsNeedAPlace(labels)),
        (Some(p), false) => p.clone(),
    };
    let mut moved = Vec::new();
    let mut files = Vec::new();
    let mut used_names: Vec<String> = Vec::new();
    for (label, s) in project.secrets_mut() {
        if !s.has_value() {
            if s.source == SecretSource::Clear {
                *s = Secret::ask();
            }
            continue;
        }
        let value = s.value().cloned().expect("has a value");
        let slug = unique(slug(&label), &mut used_names);
        let source = match &placement {
            SecretPlacement::Files => {
                let rel = PathBuf::from("secrets").join(format!("{slug}.txt"));
                files.push((rel.clone(), value.clone()));
                SecretSource::File(rel)
            }
            SecretPlacement::Env(prefix) => SecretSource::Env(format!(
                "{}_{}",
                prefix,
                slug.to_ascii_uppercase().replace('-', "_")
            )),
            SecretPlacement::Ask => SecretSource::Ask,
            SecretPlacement::Clear => SecretSource::Clear,
        };
        *s = match source {
            SecretSource::Clear => Secret::typed(value, SecretSource::Clear),
            other => Secret::typed(value, other),
        };
        moved.push(MovedSecret {
            label,
            source: s.source.clone(),
        });
    }
    let advanced = project.advanced.len();
    Ok(Imported {
        project,
        secrets: moved,
        secret_files: files,
        advanced,
    })
}

struct Ctx {
    search: Vec<PathBuf>,
    project_dir: PathBuf,
    missing: Vec<String>,
}

impl Ctx {
    /// Maps a build-machine path (Windows or local) to a file here, relative to the
    /// project when possible.
    fn asset(&mut self, text: &str) -> PathBuf {
        let name = text.rsplit(['\\', '/']).next().unwrap_or(text).to_owned();
        let local = Path::new(text);
        let candidates = std::iter::once(local.to_path_buf())
            .filter(|p| p.is_absolute())
            .chain(self.search.iter().map(|d| d.join(&name)));
        for c in candidates {
            if c.is_file() {
                return crate::fsutil::relative_path(&c, &self.project_dir);
            }
        }
        let entry = format!("{name} (from {text})");
        if !self.missing.contains(&entry) {
            self.missing.push(entry);
        }
        PathBuf::from(name)
    }
}

fn slug(label: &str) -> String {
    let mut s = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').chars().take(60).collect()
}

fn unique(base: String, used: &mut Vec<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// A leaf of the document with its address and whether it has been taken by a field.
struct Leaf {
    path: SettingPath,
    text: String,
    taken: bool,
}

struct Leaves(Vec<Leaf>);

impl Leaves {
    fn of(common: &Node) -> Self {
        let mut out = Vec::new();
        collect(common, &mut Vec::new(), false, &mut out);
        Leaves(out)
    }

    /// Takes the leaf whose schema path is `schema` and whose selectors match `keys`
    /// (`None` = any).
    fn take(
        &mut self,
        schema: &str,
        entry: Option<&[crate::settings::PathSegment]>,
    ) -> Option<String> {
        let l = self.0.iter_mut().find(|l| {
            !l.taken
                && l.path.schema_path() == schema
                && entry.is_none_or(|prefix| l.path.0.starts_with(prefix))
        })?;
        l.taken = true;
        Some(l.text.clone())
    }

    fn peek(&self, schema: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|l| !l.taken && l.path.schema_path() == schema)
            .map(|l| l.text.as_str())
    }

    /// Map entries (prefix paths) under `entry_schema`, in document order.
    fn entries(&self, entry_schema: &str) -> Vec<Vec<crate::settings::PathSegment>> {
        let depth = entry_schema.split('/').count();
        let mut out: Vec<Vec<crate::settings::PathSegment>> = Vec::new();
        for l in &self.0 {
            if l.path.0.len() > depth
                && l.path.0[..depth]
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
                    == entry_schema
            {
                let prefix = l.path.0[..depth].to_vec();
                if !out.contains(&prefix) {
                    out.push(prefix);
                }
            }
        }
        out
    }

    fn untake_all(&mut self, prefix: &[crate::settings::PathSegment]) {
        for l in &mut self.0 {
            if l.path.0.starts_with(prefix) {
                l.taken = false;
            }
        }
    }
}

fn collect(
    n: &Node,
    prefix: &mut Vec<crate::settings::PathSegment>,
    trusted_people: bool,
    out: &mut Vec<Leaf>,
) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for c in &n.children {
        let total = n.children.iter().filter(|s| s.name == c.name).count();
        let nth = match counts.iter_mut().find(|(name, _)| *name == c.name) {
            Some((_, k)) => {
                *k += 1;
                *k
            }
            None => {
                counts.push((c.name.clone(), 0));
                0
            }
        };
        // A command is addressed by its name when that name is unique, so a command kept
        // as an advanced setting keeps its name and cannot merge into an application.
        let command_name = c
            .attr("Name")
            .filter(|_| c.name == "CommandConfig")
            .filter(|v| {
                n.children
                    .iter()
                    .filter(|s| s.name == c.name && s.attr("Name") == Some(v))
                    .count()
                    == 1
            })
            .map(|v| ("Name", v));
        let selector =
            match key_for(&c.name, trusted_people).and_then(|k| c.attr(k).map(|v| (k, v))) {
                Some((k, v)) => Selector::Key(k.into(), v.into()),
                None if command_name.is_some() => {
                    let (k, v) = command_name.expect("checked");
                    Selector::Key(k.into(), v.into())
                }
                None if total > 1
                    || c.name == "CommandConfig"
                    || c.name == "Dependency"
                    || c.name == "CommandFile" && n.name == "CommandFiles" =>
                {
                    Selector::Index(nth)
                }
                None => Selector::First,
            };
        prefix.push(crate::settings::PathSegment {
            name: c.name.clone(),
            selector,
        });
        if c.children.is_empty() {
            out.push(Leaf {
                path: SettingPath(prefix.clone()),
                text: c.text.clone().unwrap_or_default(),
                taken: false,
            });
        } else {
            collect(c, prefix, c.name == "TrustedPeopleCertificates", out);
        }
        prefix.pop();
    }
}

/// A secret found in the XML, held in memory until the user's placement is applied.
fn clear_secret(text: String) -> Secret {
    if text.is_empty() {
        return Secret::ask();
    }
    Secret::typed(SecretString::new(text), SecretSource::Clear)
}

fn is_true(t: &str) -> bool {
    t.eq_ignore_ascii_case("true")
}

fn from_customizations(doc: &Customizations, ctx: &mut Ctx) -> Result<Project, ImportError> {
    let id = doc
        .package
        .uuid()
        .ok_or_else(|| ImportError::BadId(doc.package.id.clone()))?;
    let mut p = Project::new(doc.package.name.clone());
    p.package = PackageMeta {
        id,
        version: if doc.package.version.is_empty() {
            "1.0".into()
        } else {
            doc.package.version.clone()
        },
        owner: doc.package.owner(),
        rank: doc.package.rank_value().min(99) as u8,
    };
    if let Some(d) = &doc.package.description {
        p.description = d.clone();
    }
    let empty = Node::branch("Common", vec![]);
    let common = doc.common().unwrap_or(&empty);
    let mut l = Leaves::of(common);

    // Device.
    if let Some(n) = l.take("Accounts/ComputerAccount/ComputerName", None) {
        p.device.name = n;
    } else if let Some(n) = l.take("DevDetail/DNSComputerName", None) {
        p.device.name = n;
        p.device.name_setting = NameSetting::DnsComputerName;
    }
    p.device.product_key = l.take("EditionUpgrade/UpgradeEditionWithProductKey", None);
    if l.peek("SharedPC/EnableSharedPCMode").is_some_and(is_true) {
        l.take("SharedPC/EnableSharedPCMode", None);
        p.device.shared_use = true;
    }
    if l.peek("CleanPC/CleanPCWithoutRetainingUserData")
        .is_some_and(|t| t.eq_ignore_ascii_case("enable"))
    {
        l.take("CleanPC/CleanPCWithoutRetainingUserData", None);
        p.device.remove_preinstalled = true;
    }
    if l.peek("OOBE/Desktop/HideOobe").is_some_and(is_true) {
        l.take("OOBE/Desktop/HideOobe", None);
        p.device.hide_oobe = true;
    }
    if l.peek("Policies/ApplicationManagement/AllowAllTrustedApps")
        .is_some_and(|t| t.eq_ignore_ascii_case("yes"))
    {
        l.take("Policies/ApplicationManagement/AllowAllTrustedApps", None);
        p.device.allow_all_trusted_apps = true;
    }

    // Join: Active Directory when a domain is named, else Entra ID with a bulk token.
    if l.peek("Accounts/ComputerAccount/DomainName").is_some() {
        let domain = l
            .take("Accounts/ComputerAccount/DomainName", None)
            .unwrap_or_default();
        let account = l
            .take("Accounts/ComputerAccount/Account", None)
            .unwrap_or_default();
        let ou = l
            .take("Accounts/ComputerAccount/AccountOU", None)
            .filter(|o| !o.is_empty());
        let pw = l
            .take("Accounts/ComputerAccount/Password", None)
            .unwrap_or_default();
        p.accounts.join = Join::ActiveDirectory {
            domain,
            account,
            password: clear_secret(pw),
            ou,
        };
    } else if l.peek("Accounts/Azure/BPRT").is_some() {
        let authority = l
            .take("Accounts/Azure/Authority", None)
            .unwrap_or_else(default_authority);
        let token = l.take("Accounts/Azure/BPRT", None).unwrap_or_default();
        p.accounts.join = Join::EntraId {
            authority,
            token: clear_secret(token),
            expires: None,
            package_account: None,
        };
    }

    // The first administrator becomes the local admin; other users stay advanced.
    for entry in l.entries("Accounts/Users/User") {
        let group = l.take("Accounts/Users/User/UserGroup", Some(&entry));
        let is_admin = group.as_deref() == Some("Administrators");
        let name = match &entry.last().map(|s| &s.selector) {
            Some(Selector::Key(_, v)) => v.clone(),
            _ => String::new(),
        };
        let only_password =
            l.0.iter()
                .filter(|x| x.path.0.starts_with(&entry) && !x.taken)
                .all(|x| x.path.leaf_name() == "Password");
        if is_admin && only_password && p.accounts.local_admin.is_none() && !name.is_empty() {
            let pw = l
                .take("Accounts/Users/User/Password", Some(&entry))
                .unwrap_or_default();
            p.accounts.local_admin = Some(LocalAdmin {
                name,
                password: clear_secret(pw),
            });
        } else {
            l.untake_all(&entry);
        }
    }

    // Wi-Fi: one Open or WPA2-Personal network with no extra settings.
    let wlans = l.entries("ConnectivityProfiles/WLAN/WLANSetting/WLANConfig");
    if let Some(entry) = wlans.first() {
        let base = "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings";
        let security = l.take(&format!("{base}/SecurityType"), Some(entry));
        let sec = match security.as_deref() {
            Some("Open") => Some(WifiSecurity::Open),
            Some("WPA2-Personal") => Some(WifiSecurity::Wpa2Personal),
            _ => None,
        };
        let ssid = match &entry.last().map(|s| &s.selector) {
            Some(Selector::Key(_, v)) => v.clone(),
            _ => String::new(),
        };
        match sec {
            Some(security) if !ssid.is_empty() => {
                let auto = l
                    .take(&format!("{base}/AutoConnect"), Some(entry))
                    .is_none_or(|t| is_true(&t));
                let hidden = l
                    .take(&format!("{base}/HiddenNetwork"), Some(entry))
                    .is_some_and(|t| is_true(&t));
                let key = l
                    .take(&format!("{base}/SecurityKey"), Some(entry))
                    .map(clear_secret);
                let rest = l.0.iter().any(|x| x.path.0.starts_with(entry) && !x.taken);
                if rest {
                    l.untake_all(entry);
                } else {
                    p.network = Some(Wifi {
                        ssid,
                        security,
                        key: if security == WifiSecurity::Open {
                            None
                        } else {
                            key.or_else(|| Some(Secret::ask()))
                        },
                        hidden,
                        auto_connect: auto,
                    });
                }
            }
            _ => l.untake_all(entry),
        }
    }

    // On-premises MDM enrollment.
    if let Some(entry) = l.entries("Workplace/Enrollments/UPN").first() {
        let upn = match &entry.last().map(|s| &s.selector) {
            Some(Selector::Key(_, v)) => v.clone(),
            _ => String::new(),
        };
        let b = "Workplace/Enrollments/UPN";
        let auth = match l.take(&format!("{b}/AuthPolicy"), Some(entry)).as_deref() {
            Some("Certificate") => MdmAuth::Certificate,
            _ => MdmAuth::OnPremise,
        };
        let discovery_url = l
            .take(&format!("{b}/DiscoveryServiceFullUrl"), Some(entry))
            .unwrap_or_default();
        let enrollment_url = l
            .take(&format!("{b}/EnrollmentServiceFullUrl"), Some(entry))
            .unwrap_or_default();
        let policy_url = l
            .take(&format!("{b}/PolicyServiceFullUrl"), Some(entry))
            .unwrap_or_default();
        let secret = l
            .take(&format!("{b}/Secret"), Some(entry))
            .unwrap_or_default();
        p.accounts.mdm = Some(MdmEnrollment {
            upn,
            auth,
            discovery_url,
            enrollment_url,
            policy_url,
            secret: clear_secret(secret),
        });
    }

    // Applications: commands that pack an installer. The project writes its applications
    // before any command kept as an advanced setting, so only the leading run of installer
    // commands can become applications; from the first command without an installer on,
    // every command stays advanced, keeping the order they run in.
    let cmd = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";
    for (i, entry) in l.entries(cmd).into_iter().enumerate() {
        let Some(file) = l.take(&format!("{cmd}/CommandFile"), Some(&entry)) else {
            break;
        };
        let node = entry_node(common, &entry);
        let name = node
            .and_then(|n| n.attr("Name"))
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Command {}", i + 1));
        let installer = ctx.asset(&file);
        let command_line = l
            .take(&format!("{cmd}/CommandLine"), Some(&entry))
            .unwrap_or_default();
        let continue_on_failure = l
            .take(&format!("{cmd}/ContinueInstall"), Some(&entry))
            .is_some_and(|t| is_true(&t));
        let restart_required = l
            .take(&format!("{cmd}/RestartRequired"), Some(&entry))
            .is_some_and(|t| is_true(&t));
        let success_code = l
            .take(&format!("{cmd}/ReturnCodeSuccess"), Some(&entry))
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0);
        let restart_code = l
            .take(&format!("{cmd}/ReturnCodeRestart"), Some(&entry))
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(3010);
        let mut dependencies = Vec::new();
        while let Some(d) = l.take(
            &format!("{cmd}/DependencyPackages/Dependency"),
            Some(&entry),
        ) {
            dependencies.push(ctx.asset(&d));
        }
        p.applications.push(Application {
            name,
            installer,
            command_line,
            continue_on_failure,
            restart_required,
            success_code,
            restart_code,
            dependencies,
        });
    }

    // Certificates.
    let kinds: [(&str, &str, CertificateKind); 3] = [
        (
            "Certificates/RootCertificates/RootCertificate",
            "CertificatePath",
            CertificateKind::Root,
        ),
        (
            "Certificates/CACertificates/CACerificate",
            "CertificatePath",
            CertificateKind::Ca,
        ),
        (
            "Certificates/TrustedPeopleCertificates/Certificate",
            "TrustedCertificate",
            CertificateKind::TrustedPeople,
        ),
    ];
    for (schema, leaf, kind) in kinds {
        for entry in l.entries(schema) {
            let name = match &entry.last().map(|s| &s.selector) {
                Some(Selector::Key(_, v)) => v.clone(),
                _ => continue,
            };
            if let Some(path) = l.take(&format!("{schema}/{leaf}"), Some(&entry)) {
                let path = ctx.asset(&path);
                p.certificates.push(Certificate {
                    name,
                    path,
                    kind: kind.clone(),
                });
            }
        }
    }
    let client = "Certificates/ClientCertificates/ClientCertificate";
    for entry in l.entries(client) {
        let name = match &entry.last().map(|s| &s.selector) {
            Some(Selector::Key(_, v)) => v.clone(),
            _ => continue,
        };
        let Some(path) = l.take(&format!("{client}/CertificatePath"), Some(&entry)) else {
            continue;
        };
        let path = ctx.asset(&path);
        let pw = l
            .take(&format!("{client}/CertificatePassword"), Some(&entry))
            .unwrap_or_default();
        let exportable = l
            .take(&format!("{client}/ExportCertificate"), Some(&entry))
            .is_some_and(|t| is_true(&t));
        let key_location = match l
            .take(&format!("{client}/KeyLocation"), Some(&entry))
            .as_deref()
        {
            Some("TPM with software fallback") => KeyLocation::TpmWithSoftwareFallback,
            Some("Software only") | Some("SoftwareOnly") => KeyLocation::SoftwareOnly,
            _ => KeyLocation::TpmOnly,
        };
        p.certificates.push(Certificate {
            name: name.clone(),
            path,
            kind: CertificateKind::Client {
                password: clear_secret(pw),
                key_location,
                exportable,
            },
        });
    }

    // Everything else: advanced settings, with assets and secrets recognised.
    for leaf in l.0.into_iter().filter(|x| !x.taken) {
        let schema = leaf.path.schema_path();
        let value = if ASSET_LEAVES.contains(&schema.as_str()) && !leaf.text.is_empty() {
            AdvancedValue::Asset(ctx.asset(&leaf.text))
        } else if SECRET_LEAVES.contains(&leaf.path.leaf_name()) {
            AdvancedValue::Secret(clear_secret(leaf.text))
        } else {
            AdvancedValue::Value(leaf.text)
        };
        p.advanced.push(AdvancedSetting {
            path: leaf.path,
            value,
        });
    }
    Ok(p)
}

fn entry_node<'a>(common: &'a Node, entry: &[crate::settings::PathSegment]) -> Option<&'a Node> {
    SettingPath(entry.to_vec()).find(common)
}
