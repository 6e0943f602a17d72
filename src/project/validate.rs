//! Every rule from WCD's wizard and the platform, checked at once. Each problem is tied to
//! its field and written for someone who has never seen a provisioning package.

use super::device_name::NamePattern;
use super::model::*;
use super::{Field, Page};
use std::path::Path;

/// How serious a problem is: errors stop a build, warnings are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One thing wrong with the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub severity: Severity,
    /// A full sentence, without the field label.
    pub message: String,
}

impl Problem {
    fn error(field: Field, message: impl Into<String>) -> Self {
        Self {
            field,
            severity: Severity::Error,
            message: message.into(),
        }
    }
    fn warning(field: Field, message: impl Into<String>) -> Self {
        Self {
            field,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

/// Days before a bulk token runs out that `check` starts warning: two weeks leave time to
/// fetch a new one, and a token made with the default life (30 days, as WCD's) does not
/// warn on the day it is made.
pub const TOKEN_WARN_DAYS: i64 = 14;
/// Entra ID refuses bulk tokens valid for 180 days or more.
pub const TOKEN_MAX_DAYS: i64 = 180;

const INSTALLER_EXTENSIONS: [&str; 6] = ["exe", "msi", "ps1", "cmd", "bat", "cab"];

impl Project {
    /// Every problem, using today's date (UTC) for the bulk-token rules.
    pub fn validate(&self) -> Vec<Problem> {
        self.validate_on(time::OffsetDateTime::now_utc().date())
    }

    /// Every problem, as of `today`.
    pub fn validate_on(&self, today: time::Date) -> Vec<Problem> {
        let mut v = Vec::new();
        self.check_project(&mut v);
        self.check_device(&mut v);
        self.check_network(&mut v);
        self.check_accounts(&mut v, today);
        self.check_applications(&mut v);
        self.check_certificates(&mut v);
        v.extend(super::kiosk::problems(self));
        self.check_protect(&mut v);
        self.check_advanced(&mut v);
        self.check_app_installs(&mut v);
        v.extend(super::variants::problems(self));
        v
    }

    /// Problems on one page (the wizard marks steps with them).
    pub fn problems_on(&self, page: Page) -> Vec<Problem> {
        self.validate()
            .into_iter()
            .filter(|p| p.field.page() == page)
            .collect()
    }

    fn check_project(&self, v: &mut Vec<Problem>) {
        if self.schema != SCHEMA_VERSION {
            v.push(Problem::error(
                Field::Schema,
                format!("This project uses schema {}, but this version of ppkg-wizard reads schema {SCHEMA_VERSION}.", self.schema),
            ));
        }
        if let Some(msg) = package_name_problem(&self.name) {
            v.push(Problem::error(Field::ProjectName, msg));
        }
        let ver_ok = self
            .package
            .version
            .split_once('.')
            .is_some_and(|(a, b)| is_number(a) && is_number(b));
        if !ver_ok {
            v.push(Problem::error(
                Field::PackageVersion,
                "The version must be two numbers with a dot between, like 1.0 or 2.13.",
            ));
        }
        if self.package.id.is_nil() {
            v.push(Problem::warning(
                Field::PackageId,
                "The project has no package id yet; the next build gives it one and saves it in the project file, so later builds replace this package on devices instead of adding a second one.",
            ));
        }
        if self.package.rank > 99 {
            v.push(Problem::error(
                Field::PackageRank,
                "The rank must be a number from 0 to 99.",
            ));
        }
    }

    fn check_device(&self, v: &mut Vec<Problem>) {
        let d = &self.device;
        let ad = matches!(self.accounts.join, Join::ActiveDirectory { .. });
        if d.name.is_empty() {
            v.push(Problem::warning(
                Field::DeviceName,
                "No device name is set, so each PC keeps the name it already has (the factory's, like DESKTOP-1A2B3C4). To name them, enter a pattern like LAB-%SERIAL%.",
            ));
        } else {
            match NamePattern::parse(&d.name) {
                Err(e) => v.push(Problem::error(Field::DeviceName, e)),
                Ok(p) => {
                    for m in p.problems() {
                        v.push(Problem::error(Field::DeviceName, m));
                    }
                    for m in p.warnings() {
                        v.push(Problem::warning(Field::DeviceName, m));
                    }
                    if ad && !p.has_macro() {
                        v.push(Problem::warning(
                            Field::DeviceName,
                            "Every PC gets the same name, and a domain holds each name once: only the first PC can join. Add %SERIAL% or %RAND:x% unless the package is for one PC.",
                        ));
                    }
                    if ad && d.name_setting == NameSetting::DnsComputerName {
                        v.push(Problem::warning(
                            Field::DeviceName,
                            format!(
                                "The name is set with {} while the PC joins a domain; WCD's wizard sets the name with the join ({}), which is the tested way.",
                                super::sections::device::DNS_COMPUTER_NAME,
                                super::sections::device::COMPUTER_NAME,
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(k) = &d.product_key {
            if !is_product_key(k) {
                // WCD's store types the key as free text and builds it; Windows refuses
                // a malformed one when the package is applied, so it is a risk to name,
                // not a build failure (imported packages carry placeholders too).
                v.push(Problem::warning(
                    Field::ProductKey,
                    "This is not in the form of a product key (five groups of five letters or digits, like XXXXX-XXXXX-XXXXX-XXXXX-XXXXX): Windows will refuse it when the package is applied, and the edition stays as it is.",
                ));
            }
        }
        if self.sign_in().locked_out() {
            v.push(Problem::warning(Field::HideOobe, super::rules::LOCKED_OUT));
        }
    }

    /// Thumbprints of the client certificates whose .pfx opens with its known password
    /// (a thumbprint is public: Windows shows it in the certificate's details).
    pub fn client_thumbprints(&self) -> Vec<String> {
        self.certificates
            .iter()
            .filter_map(|c| match &c.kind {
                CertificateKind::Client { password, .. } => {
                    let pw = password.value().filter(|_| password.has_value())?;
                    let bytes = read_small(&self.resolve_path(&c.path))?;
                    super::certfile::read_pfx(&bytes, pw.expose())
                        .ok()
                        .map(|i| i.thumbprint)
                }
                _ => None,
            })
            .collect()
    }

    /// What the project does about signing in, from its pages and advanced settings alike.
    pub fn sign_in(&self) -> super::rules::SignIn {
        let mut s = super::rules::SignIn {
            hides_setup: self.device.hide_oobe,
            local_account: self.accounts.local_admin.is_some()
                || self.kiosk.as_ref().is_some_and(|k| k.create_account),
            domain_join: matches!(self.accounts.join, Join::ActiveDirectory { .. }),
            entra_join: matches!(self.accounts.join, Join::EntraId { .. }),
        };
        for a in &self.advanced {
            let text = match &a.value {
                AdvancedValue::Value(t) => t.as_str(),
                _ => "",
            };
            s.observe(&a.path.schema_path(), text);
        }
        s.hides_setup |= self.device.hide_oobe;
        s
    }

    fn check_network(&self, v: &mut Vec<Problem>) {
        let Some(w) = &self.network else { return };
        let n = w.ssid.len();
        if n == 0 || n > 32 {
            v.push(Problem::error(
                Field::Ssid,
                format!(
                    "The network name (SSID) must be 1 to 32 bytes long in UTF-8, where an \
                     accented letter takes 2 and an emoji 4; it is {n}."
                ),
            ));
        }
        match w.security {
            WifiSecurity::Open => {
                if w.key.is_some() {
                    v.push(Problem::warning(
                        Field::WifiKey,
                        "An open network has no password; the password given is not used.",
                    ));
                }
            }
            WifiSecurity::Wpa2Personal => match &w.key {
                None => v.push(Problem::error(
                    Field::WifiKey,
                    "A WPA2-Personal network needs its password.",
                )),
                Some(s) => {
                    // An emptied clear-text key is missing, not malformed.
                    secret_required(
                        v,
                        s,
                        Field::WifiKey,
                        "A WPA2-Personal network needs its password.",
                    );
                    if let Some(val) = s.value().filter(|_| s.has_value()) {
                        let k = val.expose();
                        let hex64 = k.len() == 64 && k.chars().all(|c| c.is_ascii_hexdigit());
                        let ascii_ok = (8..=63).contains(&k.len())
                            && k.chars().all(|c| (' '..='~').contains(&c));
                        if !hex64 && !ascii_ok {
                            v.push(Problem::error(
                                Field::WifiKey,
                                format!(
                                    "A WPA2 password must be 8 to 63 ordinary characters (letters, digits, punctuation, spaces), or exactly 64 hexadecimal digits; this one has {} characters{}.",
                                    val.char_count(),
                                    if k.is_ascii() { "" } else { " and some are not plain ASCII" }
                                ),
                            ));
                        }
                    }
                }
            },
        }
    }

    fn check_accounts(&self, v: &mut Vec<Problem>, today: time::Date) {
        match &self.accounts.join {
            Join::None => {}
            Join::ActiveDirectory {
                domain,
                account,
                password,
                ou,
            } => {
                if !is_domain_name(domain) {
                    v.push(Problem::error(
                        Field::AdDomain,
                        "Enter the domain's DNS name, like contoso.local.",
                    ));
                }
                if !is_join_account(account) {
                    v.push(Problem::error(
                        Field::AdAccount,
                        "Enter the join account as DOMAIN\\account or as account@domain, for example CONTOSO\\svc-join or svc-join@contoso.local.",
                    ));
                }
                secret_required(
                    v,
                    password,
                    Field::AdPassword,
                    "The domain join account needs its password.",
                );
                if let Some(ou) = ou {
                    if !ou.is_empty() && !ou.to_ascii_uppercase().contains("DC=") {
                        v.push(Problem::error(
                            Field::AdOu,
                            "The organizational unit must be a full distinguished name, like OU=Lab,DC=contoso,DC=local.",
                        ));
                    }
                }
            }
            Join::EntraId {
                authority,
                token,
                expires,
                ..
            } => {
                if !authority.starts_with("https://") {
                    v.push(Problem::error(
                        Field::EntraAuthority,
                        "The authority must be an https:// address, normally https://login.microsoftonline.com/common.",
                    ));
                }
                secret_required(
                    v,
                    token,
                    Field::EntraToken,
                    "Get a bulk token (Accounts page) or point the project at a saved one.",
                );
                if let Some(exp) = expires {
                    if let Some((sev, msg)) = token_expiry_problem(*exp, today) {
                        v.push(Problem {
                            field: Field::EntraExpiry,
                            severity: sev,
                            message: msg,
                        });
                    }
                } else if token.has_value() || token.source != super::SecretSource::Ask {
                    // Only once there is a token: before that there is no expiry to record.
                    v.push(Problem::warning(
                        Field::EntraExpiry,
                        "The bulk token's expiry date is not recorded, so no one will be warned before it stops working; get the token again with \"Get bulk token\" (or `ppkg-wizard token --project`) to record it.",
                    ));
                }
            }
        }
        if let Some(a) = &self.accounts.local_admin {
            for m in user_name_problems(&a.name) {
                v.push(Problem::error(Field::LocalAdminName, m));
            }
            secret_required(
                v,
                &a.password,
                Field::LocalAdminPassword,
                "The local administrator needs a password.",
            );
        }
        if let Some(m) = &self.accounts.mdm {
            let ok = m
                .upn
                .split_once('@')
                .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'));
            if !ok {
                v.push(Problem::error(Field::MdmUpn, "Enter the enrollment account as a user principal name, like enroll@contoso.com."));
            }
            // WCD builds packages with any text here; a wrong address fails only at
            // enrollment, so it is a risk to point out, not a build stopper.
            if !is_https_url(&m.discovery_url) {
                v.push(Problem::warning(
                    Field::MdmDiscoveryUrl,
                    "The discovery URL is not an https:// address (like https://mdm.contoso.com/EnrollmentServer/Discovery.svc); devices cannot enroll through it.",
                ));
            }
            for (url, field) in [
                (&m.enrollment_url, Field::MdmEnrollmentUrl),
                (&m.policy_url, Field::MdmPolicyUrl),
            ] {
                if !url.is_empty() && !is_https_url(url) {
                    v.push(Problem::warning(
                        field,
                        "This URL is not an https:// address; devices cannot enroll through it. Leave it empty to let discovery find it.",
                    ));
                }
            }
            secret_required(
                v,
                &m.secret,
                Field::MdmSecret,
                "The MDM enrollment needs its secret (password or certificate thumbprint).",
            );
            if m.auth == MdmAuth::Certificate {
                let prints = self.client_thumbprints();
                let given: String = m
                    .secret
                    .value()
                    .map(|v| v.expose().chars().filter(|c| !c.is_whitespace()).collect())
                    .unwrap_or_default();
                if !given.is_empty()
                    && !prints.is_empty()
                    && !prints.iter().any(|t| t.eq_ignore_ascii_case(&given))
                {
                    v.push(Problem::error(
                        Field::MdmSecret,
                        format!(
                            "This is not the thumbprint of the client certificate in the package ({}); enter that thumbprint (the wizard fills it in when the field is empty).",
                            prints.join(" or ")
                        ),
                    ));
                }
            }
            if m.auth == MdmAuth::Certificate
                && !self
                    .certificates
                    .iter()
                    .any(|c| matches!(c.kind, CertificateKind::Client { .. }))
            {
                v.push(Problem::error(
                    Field::MdmSecret,
                    "Certificate enrollment needs a client certificate (.pfx) in the package; add one on the Certificates page.",
                ));
            }
        }
    }

    fn check_applications(&self, v: &mut Vec<Problem>) {
        for (i, app) in self.applications.iter().enumerate() {
            if app.name.trim().is_empty() {
                v.push(Problem::error(
                    Field::AppName(i),
                    "Give the application a name.",
                ));
            } else if self.applications[..i]
                .iter()
                .any(|o| o.name.trim().eq_ignore_ascii_case(app.name.trim()))
            {
                v.push(Problem::error(
                    Field::AppName(i),
                    format!(
                        "Another application is already called \"{}\"; names must be unique.",
                        app.name
                    ),
                ));
            }
            if let Some(m) = self.asset_problem(&app.installer) {
                v.push(Problem::error(Field::AppInstaller(i), m));
            } else {
                let ext = app
                    .installer
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                if !INSTALLER_EXTENSIONS.contains(&ext.as_str()) {
                    v.push(Problem::error(
                        Field::AppInstaller(i),
                        "The installer must be a .exe, .msi, .ps1, .cmd, .bat or .cab file.",
                    ));
                }
            }
            if app.command_line.trim().is_empty() {
                v.push(Problem::error(
                    Field::AppCommandLine(i),
                    "Enter the command that installs it silently, like msiexec /i setup.msi /qn.",
                ));
            }
            for (j, dep) in app.dependencies.iter().enumerate() {
                if let Some(m) = self.asset_problem(dep) {
                    v.push(Problem::error(Field::AppDependency(i, j), m));
                }
            }
        }
    }

    fn check_certificates(&self, v: &mut Vec<Problem>) {
        for (i, c) in self.certificates.iter().enumerate() {
            if c.name.trim().is_empty() {
                v.push(Problem::error(
                    Field::CertName(i),
                    "Give the certificate a name.",
                ));
            } else if self.certificates[..i].iter().any(|o| {
                std::mem::discriminant(&o.kind) == std::mem::discriminant(&c.kind)
                    && o.name.trim().eq_ignore_ascii_case(c.name.trim())
            }) {
                v.push(Problem::error(
                    Field::CertName(i),
                    format!(
                        "Another certificate of this kind is already called \"{}\".",
                        c.name
                    ),
                ));
            }
            let full = self.resolve_path(&c.path);
            if let Some(m) = self.asset_problem(&c.path) {
                v.push(Problem::error(Field::CertPath(i), m));
                continue;
            }
            let Ok(bytes) =
                crate::fsutil::read_capped(&full, crate::package::compile::MAX_INLINE_ASSET)
            else {
                v.push(Problem::error(
                    Field::CertPath(i),
                    "This file is too large to be a certificate (more than 1 MiB) or cannot be read.",
                ));
                continue;
            };
            match &c.kind {
                CertificateKind::Client { password, .. } => {
                    use super::certfile::PfxError;
                    match password.value().filter(|_| password.has_value()) {
                        // The password is known: open the file with it.
                        Some(pw) => match super::certfile::read_pfx(&bytes, pw.expose()) {
                            Ok(_) => {}
                            Err(e @ PfxError::WrongPassword) => {
                                v.push(Problem::error(Field::CertPassword(i), e.to_string()))
                            }
                            Err(e) => v.push(Problem::error(Field::CertPath(i), e.to_string())),
                        },
                        None if !super::certfile::looks_like_pfx(&bytes) => v.push(Problem::error(
                            Field::CertPath(i),
                            PfxError::NotPfx.to_string(),
                        )),
                        None => {}
                    }
                    secret_required(
                        v,
                        password,
                        Field::CertPassword(i),
                        "A .pfx certificate needs the password it was exported with.",
                    );
                }
                _ => {
                    if let Err(e) = super::certfile::parse_cer(&bytes) {
                        v.push(Problem::error(Field::CertPath(i), e.to_string()));
                    }
                }
            }
        }
    }

    /// Settings kept by path must be ones the compiler knows, with values it accepts, so
    /// `check` finds what `build` would refuse.
    fn check_advanced(&self, v: &mut Vec<Problem>) {
        use crate::catalog::{self, Kind};
        for (i, a) in self.advanced.iter().enumerate() {
            let schema = a.path.schema_path();
            let known = catalog::setting(&schema).or_else(|| {
                // The four WLAN profile leaves live under one catalog entry.
                let parent = schema.rsplit_once('/').map(|(p, _)| p)?;
                catalog::setting(parent).filter(|s| matches!(s.kind, Kind::WlanProfile))
            });
            // An empty element naming a group of settings (`<Folders/>`) sets nothing;
            // WCD writes such leftovers and builds them.
            let empty = matches!(&a.value, AdvancedValue::Value(t) if t.trim().is_empty());
            if known.is_none() && empty && is_settings_group(&schema) {
                continue;
            }
            let Some(setting) = known else {
                v.push(Problem::error(
                    Field::Advanced(i),
                    format!("{schema} is not a setting ppkg-wizard can put into a package; check its spelling or remove it."),
                ));
                continue;
            };
            match (&a.value, setting.kind) {
                (AdvancedValue::Value(text), Kind::Value(_)) => {
                    if let Err(e) = setting.compile_value(text) {
                        v.push(Problem::error(
                            Field::Advanced(i),
                            format!("{schema}: {}.", e.reason()),
                        ));
                    }
                }
                // The same refusal as the compiler's, so check and build agree.
                (AdvancedValue::Asset(_), Kind::Asset(crate::catalog::AssetForm::Serialized(n))) => {
                    v.push(Problem::error(
                        Field::Advanced(i),
                        format!("{schema}: how WCD packs this kind of file (store serialization {n}) is not known, so ppkg-wizard cannot build it yet."),
                    ))
                }
                (AdvancedValue::Asset(p), Kind::Asset(_)) => {
                    let text = p.to_string_lossy();
                    if let Some(why) = crate::package::compile::app_extension_problem(setting, &text) {
                        v.push(Problem::error(Field::Advanced(i), format!("{schema}: {why}.")));
                    } else if let Some(m) = self.asset_problem(p) {
                        v.push(Problem::error(Field::Advanced(i), m));
                    }
                }
                (AdvancedValue::Asset(_), _) => v.push(Problem::error(
                    Field::Advanced(i),
                    format!("{schema} takes a value, not a file."),
                )),
                (_, Kind::Asset(_)) => v.push(Problem::error(
                    Field::Advanced(i),
                    format!("{schema} takes a file: give it as {{\"asset\": \"path\"}}."),
                )),
                _ => {}
            }
        }
    }

    /// App installs (advanced `UniversalAppInstall` settings): each app entry needs the
    /// setting its payload is built around, each optional package its file and family
    /// name (the compiler refuses them otherwise); and any app install is a warning,
    /// since its compiled form is inferred (`package::compile::apps`).
    fn check_app_installs(&self, v: &mut Vec<Problem>) {
        use crate::package::compile::{AppPart, app_part};
        use std::collections::BTreeMap;
        #[derive(Default)]
        struct Entry {
            first: usize,
            has_core: bool,
            core: &'static str,
            optional: BTreeMap<String, (bool, bool)>,
            /// Family names to check: the entry's key and its optional packages'.
            family_names: Vec<(usize, String)>,
        }
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        let mut first_app = None;
        for (i, a) in self.advanced.iter().enumerate() {
            let schema = a.path.schema_path();
            if super::rules::installs_apps(&schema) {
                first_app.get_or_insert(i);
            }
            let Some(setting) = crate::catalog::setting(&schema) else {
                continue;
            };
            let Some((entry_schema, part)) = app_part(setting) else {
                continue;
            };
            let depth = entry_schema.split('/').count().min(a.path.0.len());
            let key = crate::settings::SettingPath(a.path.0[..depth].to_vec()).to_string();
            let e = entries.entry(key).or_insert_with(|| {
                use crate::settings::path::Selector;
                let mut e = Entry {
                    first: i,
                    ..Default::default()
                };
                if let Some(Selector::Key(attr, pfn)) =
                    a.path.0.get(depth.saturating_sub(1)).map(|s| &s.selector)
                    && attr == "PackageFamilyName"
                {
                    e.family_names.push((i, pfn.clone()));
                }
                e
            });
            if let (AppPart::OptionalName, AdvancedValue::Value(pfn)) = (&part, &a.value) {
                e.family_names.push((i, pfn.clone()));
            }
            // The optional package's list item: `OptionalPackage[#n]` (bare = the first).
            let item = || {
                use crate::settings::path::Selector;
                match a.path.0.get(depth + 1).map(|s| &s.selector) {
                    Some(Selector::Index(n)) => n.to_string(),
                    Some(Selector::Key(_, k)) => k.clone(),
                    _ => "0".to_owned(),
                }
            };
            if part == AppPart::Product
                && matches!(&a.value, AdvancedValue::Value(t) if t.trim().is_empty())
            {
                v.push(Problem::error(
                    Field::Advanced(i),
                    format!("{schema}: enter the app's Store product id (like 9WZDNCRFJ3PZ)."),
                ));
            }
            match part {
                AppPart::Package | AppPart::Product => e.has_core = true,
                AppPart::OptionalFile => e.optional.entry(item()).or_default().0 = true,
                AppPart::OptionalName => e.optional.entry(item()).or_default().1 = true,
                _ => {}
            }
            e.core = match part {
                AppPart::Product | AppPart::Sku | AppPart::Flags => {
                    "ProductID (the app's Store product id)"
                }
                _ => "ApplicationFile (the app's own package)",
            };
        }
        for (key, e) in &entries {
            if !e.has_core {
                v.push(Problem::error(
                    Field::Advanced(e.first),
                    format!("{key}: this app entry has no {}; add it or remove the entry's other settings.", e.core),
                ));
            }
            for (i, name) in &e.family_names {
                if let Some(why) = crate::package::compile::family_name_problem(name) {
                    v.push(Problem::warning(
                        Field::Advanced(*i),
                        format!("{key}: {why}."),
                    ));
                }
            }
            if e.optional.values().any(|(file, name)| !(file & name)) {
                v.push(Problem::error(
                    Field::Advanced(e.first),
                    format!("{key}: each optional package needs both its Package file and its PackageFamilyName."),
                ));
            }
        }
        if let Some(i) = first_app {
            v.push(Problem::warning(
                Field::Advanced(i),
                super::rules::APP_INSTALL_UNVERIFIED,
            ));
        }
    }

    /// What is wrong with an asset file, naming where an imported one came from when it
    /// is not here yet.
    fn asset_problem(&self, rel: &Path) -> Option<String> {
        let full = self.resolve_path(rel);
        if let (Some(from), false) = (self.origin_of(rel), full.exists()) {
            return Some(format!(
                "{} is not here yet: the WCD project took it from {from}; copy that file to {}.",
                rel.display(),
                full.display()
            ));
        }
        file_problem(&full, rel)
    }

    fn check_protect(&self, v: &mut Vec<Problem>) {
        let Some(p) = &self.protect else { return };
        match p.password.value() {
            Some(val) => {
                if let Err(e) = crate::protect::PackagePassword::new_wcd(val.expose()) {
                    v.push(Problem::error(Field::ProtectPassword, e.to_string()));
                }
            }
            // A clear-text password whose value was removed: nothing to encrypt with.
            None if p.password.source == super::SecretSource::Clear => v.push(Problem::error(
                Field::ProtectPassword,
                "Enter the package password, or turn protection off.",
            )),
            // Read (and checked) at build time.
            None => {}
        }
    }
}

/// The rule for a bulk token's expiry date as of `today`: expired or too far away is an
/// error (Entra ID refuses to issue it), close is a warning. Shared by the project's
/// validation and the wizard's expiry field, so both say the same at the same time.
pub fn token_expiry_problem(exp: time::Date, today: time::Date) -> Option<(Severity, String)> {
    let days = (exp - today).whole_days();
    if days <= 0 {
        Some((
            Severity::Error,
            format!("The bulk token expired on {exp}; devices cannot join with it. Get a new one."),
        ))
    } else if days >= TOKEN_MAX_DAYS {
        Some((
            Severity::Error,
            format!(
                "A bulk token must expire in less than {TOKEN_MAX_DAYS} days; {exp} is {days} days away."
            ),
        ))
    } else if days <= TOKEN_WARN_DAYS {
        Some((
            Severity::Warning,
            format!(
                "The bulk token expires on {exp}, in {days} day{}; get a new one before then.",
                if days == 1 { "" } else { "s" }
            ),
        ))
    } else {
        None
    }
}

/// A domain join account: `DOMAIN\account` or a user principal name `account@domain`
/// (NetJoinDomain, which the Accounts CSP calls, takes both).
pub fn is_join_account(account: &str) -> bool {
    if let Some((d, a)) = account.split_once('\\') {
        return !d.is_empty() && !a.is_empty() && !a.contains('\\') && !a.contains('@');
    }
    match account.split_once('@') {
        Some((u, d)) => {
            !u.is_empty()
                && !u.contains(char::is_whitespace)
                && !d.contains('@')
                && is_domain_name(d)
        }
        None => false,
    }
}

/// A package name must work as a Windows file name (it becomes `<Name>.ppkg`).
pub fn package_name_problem(name: &str) -> Option<String> {
    use crate::winname::NameProblem;
    let msg = match crate::winname::problem(name) {
        None if name.starts_with(' ') => {
            "The name cannot start with a space or end with a dot or a space.".to_owned()
        }
        None if name.chars().count() > 100 => {
            "The name can have at most 100 characters.".to_owned()
        }
        None => return None,
        Some(NameProblem::Empty) => {
            "Enter a name for the project; it is also the package's file name.".to_owned()
        }
        Some(NameProblem::Forbidden(_)) => {
            let bad: Vec<String> = name
                .chars()
                .filter(|c| "<>:\"/\\|?*".contains(*c))
                .map(|c| format!("'{c}'"))
                .collect();
            format!(
                "The name becomes a file name, so it cannot contain {}.",
                bad.join(" ")
            )
        }
        Some(NameProblem::Control) => "The name cannot contain control characters.".to_owned(),
        Some(NameProblem::TrailingDotOrSpace) => {
            "The name cannot start with a space or end with a dot or a space.".to_owned()
        }
        Some(NameProblem::Reserved(stem)) => {
            format!("{stem} is a name Windows reserves for a device; choose another.")
        }
    };
    Some(msg)
}

/// Rules for a local account name (Windows' SAM rules).
pub fn user_name_problems(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if name.trim().is_empty() {
        out.push("Enter a user name for the local administrator.".into());
        return out;
    }
    if name.chars().count() > 20 {
        out.push(format!(
            "A user name can have at most 20 characters; this one has {}.",
            name.chars().count()
        ));
    }
    let bad: String = name
        .chars()
        .filter(|c| "\"/\\[]:|<>+=;?*,@".contains(*c))
        .collect();
    if !bad.is_empty() {
        out.push(format!(
            "A user name cannot contain {}.",
            bad.chars()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    if name.chars().any(char::is_control) {
        out.push("A user name cannot contain control characters.".into());
    }
    if name.ends_with('.') {
        out.push("A user name cannot end with a dot.".into());
    }
    if name.chars().all(|c| c == '.' || c == ' ') {
        out.push("A user name cannot be only dots and spaces.".into());
    }
    out
}

/// A clear-text secret, or any secret whose value is known, must not be empty. (One
/// problem, even when both hold.) Others are read and checked at build time.
fn secret_required(v: &mut Vec<Problem>, s: &super::Secret, field: Field, msg: &str) {
    if !s.has_value() && (s.source == super::SecretSource::Clear || s.value().is_some()) {
        v.push(Problem::error(field, msg));
    }
}

fn file_problem(full: &Path, shown: &Path) -> Option<String> {
    if shown.as_os_str().is_empty() {
        return Some("Choose a file.".into());
    }
    match std::fs::metadata(full) {
        Err(e) => Some(format!(
            "The file {} cannot be used: {}.",
            shown.display(),
            crate::errors::io_reason(&e)
        )),
        Ok(m) if m.is_dir() => Some(format!("{} is a folder; choose a file.", shown.display())),
        Ok(m) if !m.is_file() => Some(format!("{} is not a regular file.", shown.display())),
        Ok(_) => None,
    }
}

/// Whether `schema` names a group that holds catalog settings (a prefix of their paths).
fn is_settings_group(schema: &str) -> bool {
    let prefix = format!("{schema}/");
    crate::catalog::settings().any(|s| s.path.starts_with(&prefix))
}

/// A certificate file's bytes, when it is a regular file of a certificate's size.
fn read_small(p: &Path) -> Option<Vec<u8>> {
    let m = std::fs::metadata(p).ok()?;
    (m.is_file() && m.len() <= crate::package::compile::MAX_INLINE_ASSET)
        .then(|| std::fs::read(p).ok())
        .flatten()
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 9 && s.chars().all(|c| c.is_ascii_digit())
}

fn is_product_key(k: &str) -> bool {
    let groups: Vec<&str> = k.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .all(|g| g.len() == 5 && g.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_domain_name(d: &str) -> bool {
    !d.is_empty()
        && d.len() <= 253
        && d.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

fn is_https_url(u: &str) -> bool {
    u.strip_prefix("https://").is_some_and(|rest| {
        rest.split('/')
            .next()
            .is_some_and(|h| !h.is_empty() && !h.contains(' '))
    })
}
