//! "Provision kiosk devices": one local account that signs in by itself and runs one app.
//!
//! WCD's kiosk wizard asks for the account (created as a local standard user, or one that
//! exists already), whether it signs in automatically, and the app: a Store app by its
//! AUMID, or a desktop app by its path. The fields are described once in [`FIELDS`] (the
//! check boxes and app widgets inside them in [`WIDGETS`]); the two directions sit side
//! by side: [`settings`] lists the catalog settings WCD writes (the user, automatic
//! sign-in, assigned access or Shell Launcher; [`PATHS`]), and [`from_settings`] reads
//! them back, taking only what writes back to exactly the same settings. [`KioskSeen`] reads a built package's
//! settings for `inspect`, so both use one rule.

use super::{FieldSpec, In, Out, Writes, name_of};
use crate::project::{Field, Page, Problem, Project, Secret, SecretSource, Severity};
use crate::settings::path::Selector;
use crate::settings::{PathSegment, SettingPath};
use serde::{Deserialize, Serialize};

/// The kiosk of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kiosk {
    /// The local account the app runs as.
    pub account: String,
    /// Create the account as a local standard user; false when it exists on the device.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub create_account: bool,
    /// The account's password: needed to create it, and given to automatic sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Windows signs the account in by itself at every start.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub auto_sign_in: bool,
    pub app: KioskApp,
}

/// The one app the kiosk runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum KioskApp {
    /// A Store (UWP) app, by its Application User Model ID
    /// (`Microsoft.WindowsCalculator_8wekyb3d8bbwe!App`): assigned access.
    Store { aumid: String },
    /// A desktop app, by its path on the device (or a name on the PATH): Shell Launcher,
    /// which Windows Enterprise and Education have.
    Desktop { path: String },
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

impl Kiosk {
    /// "kiosk (created) runs the Store app X; signs in automatically", for summaries.
    pub fn in_words(&self) -> String {
        let (kind, app) = match &self.app {
            KioskApp::Store { aumid } => ("Store app", aumid),
            KioskApp::Desktop { path } => ("desktop app", path),
        };
        format!(
            "{}{} runs the {kind} {app}; {}",
            self.account,
            if self.create_account {
                " (created)"
            } else {
                ""
            },
            if self.auto_sign_in {
                "signs in automatically"
            } else {
                "no automatic sign-in"
            }
        )
    }
}

/// The kiosk account, a local user keyed by its name (with the local administrator's).
pub use super::accounts::{USER, USER_GROUP, USER_PASSWORD};
pub const USER_HOME_DIR: &str = "Accounts/Users/User/HomeDir";
pub const AUTOLOGON: &str = "SMISettings/AutoLogon";
pub const AUTOLOGON_DOMAIN: &str = "SMISettings/AutoLogon/DomainName";
pub const AUTOLOGON_PASSWORD: &str = "SMISettings/AutoLogon/Password";
pub const AUTOLOGON_ENABLE: &str = "SMISettings/AutoLogon/Enable";
pub const AUTOLOGON_USER: &str = "SMISettings/AutoLogon/UserName";
/// A Store app: `{"Account":…, "AUMID":…}`.
pub const ASSIGNED_ACCESS: &str = "AssignedAccess/AssignedAccessSettings";
pub const SHELL_LAUNCHER: &str = "SMISettings/ShellLauncher";
pub const SHELL_LAUNCHER_ENABLE: &str = "SMISettings/ShellLauncher/Enable";
/// A desktop app: one user's shell, keyed by the account.
pub const USER_SHELL: &str = "SMISettings/ShellLauncher/UserSpecificSettings/LocalUserSpecificSettings/LocalUserShellSetting";
pub const USER_CUSTOM_SHELL: &str = "SMISettings/ShellLauncher/UserSpecificSettings/LocalUserSpecificSettings/LocalUserShellSetting/UserCustomShell";

/// Every path this section names.
pub const PATHS: [&str; 14] = [
    USER,
    USER_HOME_DIR,
    USER_PASSWORD,
    USER_GROUP,
    AUTOLOGON,
    AUTOLOGON_DOMAIN,
    AUTOLOGON_PASSWORD,
    AUTOLOGON_ENABLE,
    AUTOLOGON_USER,
    ASSIGNED_ACCESS,
    SHELL_LAUNCHER,
    SHELL_LAUNCHER_ENABLE,
    USER_SHELL,
    USER_CUSTOM_SHELL,
];

/// The kiosk's fields: what problems are reported on, and everything the kiosk writes.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::KioskAccount,
        page: Page::Kiosk,
        label: "Kiosk account",
        prompt: "Kiosk account",
        example: "e.g. kiosk",
        help: "The local account the kiosk app runs as. Use a plain name that says what it is for; it is not an administrator.\n\nExample: kiosk\n\nOn the device: this account signs in and sees only the kiosk app.",
        writes: Writes::Settings(&[USER, AUTOLOGON_DOMAIN, AUTOLOGON_ENABLE, AUTOLOGON_USER]),
    },
    FieldSpec {
        field: Field::KioskPassword,
        page: Page::Kiosk,
        label: "Kiosk account password",
        prompt: "Kiosk account password",
        example: "the kiosk account's password",
        help: "The kiosk account's password. Nobody needs to type it at the kiosk: automatic sign-in uses it. Hidden as you type.\n\nWhen you save, you choose where it is kept; it is not written into the project file unless you insist.\n\nOn the device: Windows stores it for automatic sign-in, readable by administrators.",
        writes: Writes::Settings(&[USER_PASSWORD, AUTOLOGON_PASSWORD]),
    },
    FieldSpec {
        field: Field::KioskApp,
        page: Page::Kiosk,
        label: "Kiosk app",
        prompt: "The app it runs",
        example: "",
        help: STORE_APP.help,
        writes: Writes::Settings(&[ASSIGNED_ACCESS, SHELL_LAUNCHER_ENABLE, USER_SHELL]),
    },
];

/// The account field ([`FIELDS`]).
pub const ACCOUNT: FieldSpec = FIELDS[0];
/// The password field ([`FIELDS`]).
pub const PASSWORD: FieldSpec = FIELDS[1];

/// The Kiosk page's widgets that are part of a field rather than fields of their own:
/// their own words, the field their problems are reported on, and the settings they
/// decide.
pub const CREATE: FieldSpec = FieldSpec {
    field: Field::KioskAccount,
    page: Page::Kiosk,
    label: "Create it as a local standard user",
    prompt: "Create it as a local standard user",
    example: "",
    help: "Creates the kiosk account on every device as a standard (non-administrator) user. Untick it only when the account exists already (made by an earlier package or by hand).\n\nOn the device: the account appears in Settings > Accounts > Other users.",
    writes: Writes::Settings(&[USER_HOME_DIR, USER_GROUP]),
};

pub const AUTO_SIGN_IN: FieldSpec = FieldSpec {
    field: Field::KioskAccount,
    page: Page::Kiosk,
    label: "Sign in automatically at every start",
    prompt: "Sign in automatically at every start",
    example: "",
    help: "Windows signs the kiosk account in by itself after every start or restart, so the app comes back without anyone typing a password.\n\nOn the device: after a power cut the kiosk is back in its app on its own.",
    writes: Writes::Settings(&[AUTOLOGON_ENABLE]),
};

pub const STORE_APP: FieldSpec = FieldSpec {
    field: Field::KioskApp,
    page: Page::Kiosk,
    label: "App's AUMID",
    prompt: "App's AUMID",
    example: "e.g. Microsoft.WindowsCalculator_8wekyb3d8bbwe!App",
    help: "A Store (UWP) app is named by its Application User Model ID: the package family name, '!', and the app's id. On a PC that has the app, PowerShell shows it with Get-StartApps.\n\nExample: Microsoft.WindowsCalculator_8wekyb3d8bbwe!App\n\nOn the device: the app runs full screen above the lock screen (assigned access); the app must be installed for the kiosk account.",
    writes: Writes::Settings(&[ASSIGNED_ACCESS]),
};

pub const DESKTOP_APP: FieldSpec = FieldSpec {
    field: Field::KioskApp,
    page: Page::Kiosk,
    label: "App's path",
    prompt: "App's path",
    example: "e.g. C:\\Program Files\\Kiosk\\kiosk.exe",
    help: "A desktop app is named by its path on the device, or just its file name when it is on the PATH. It replaces the Windows desktop (Shell Launcher), which Windows Enterprise and Education have, not Pro.\n\nExample: C:\\Program Files\\Kiosk\\kiosk.exe\n\nOn the device: the app starts instead of the desktop when the kiosk account signs in; when it closes, Windows starts it again.",
    writes: Writes::Settings(&[USER_CUSTOM_SHELL]),
};

/// The widgets' descriptors, in the page's order.
pub const WIDGETS: [FieldSpec; 4] = [CREATE, AUTO_SIGN_IN, STORE_APP, DESKTOP_APP];

/// What a kiosk device does, and how to get out of it, in plain words (the Kiosk page and
/// its help say it).
pub const WHAT_IT_DOES: &str = "The device starts, signs the kiosk account in and shows only the kiosk app. To maintain it, press Ctrl+Alt+Del and sign in as an administrator: the kiosk app closes for that session and comes back when the administrator signs out.";

/// The attribute keying the kiosk user, and its Shell Launcher entry.
const USER_KEY: &str = "UserName";
const SHELL_KEY: &str = "Username";
const STANDARD_USERS: &str = "Standard Users";
/// What WCD writes to turn automatic sign-in or Shell Launcher on.
const ENABLE: &str = "ENABLE";

/// The text of one setting the kiosk writes.
#[derive(Debug)]
pub enum Text<'a> {
    Plain(String),
    /// The account password ([`PASSWORD`] names it).
    Secret(&'a Secret),
}

/// `AssignedAccess/AssignedAccessSettings` as WCD writes it:
/// `{"Account":"kiosk", "AUMID":"…"}` (with the space after the comma).
pub fn assigned_access_text(account: &str, aumid: &str) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string always serializes");
    format!("{{\"Account\":{}, \"AUMID\":{}}}", q(account), q(aumid))
}

/// The account and AUMID of an `AssignedAccessSettings` value, when it is one.
pub fn parse_assigned_access(text: &str) -> Option<(String, String)> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wire {
        #[serde(rename = "Account")]
        account: String,
        #[serde(rename = "AUMID")]
        aumid: String,
    }
    let w: Wire = serde_json::from_str(text).ok()?;
    Some((w.account, w.aumid))
}

fn seg(name: &str) -> PathSegment {
    PathSegment {
        name: name.to_owned(),
        selector: Selector::First,
    }
}

/// `schema` with the segment naming `entry` selected by `attr = key`.
fn keyed(schema: &str, entry: &str, attr: &str, key: &str) -> SettingPath {
    let mut segs: Vec<PathSegment> = schema.split('/').map(seg).collect();
    let at = entry.split('/').count() - 1;
    segs[at].selector = Selector::Key(attr.to_owned(), key.to_owned());
    SettingPath(segs)
}

fn plain(schema: &str) -> SettingPath {
    SettingPath(schema.split('/').map(seg).collect())
}

/// Project → settings: every setting the kiosk writes, with its text.
pub fn settings(k: &Kiosk) -> Vec<(SettingPath, Text<'_>)> {
    let mut out = Vec::new();
    let user = |leaf: &str| keyed(leaf, USER, USER_KEY, &k.account);
    let password = k.password.as_ref();
    if k.create_account {
        out.push((user(USER_HOME_DIR), Text::Plain(String::new())));
        if let Some(pw) = password {
            out.push((user(USER_PASSWORD), Text::Secret(pw)));
        }
        out.push((user(USER_GROUP), Text::Plain(STANDARD_USERS.into())));
    }
    if k.auto_sign_in {
        if let Some(pw) = password {
            out.push((plain(AUTOLOGON_DOMAIN), Text::Plain(String::new())));
            out.push((plain(AUTOLOGON_PASSWORD), Text::Secret(pw)));
        }
        out.push((plain(AUTOLOGON_ENABLE), Text::Plain(ENABLE.into())));
        out.push((plain(AUTOLOGON_USER), Text::Plain(k.account.clone())));
    }
    match &k.app {
        KioskApp::Store { aumid } => out.push((
            plain(ASSIGNED_ACCESS),
            Text::Plain(assigned_access_text(&k.account, aumid)),
        )),
        KioskApp::Desktop { path } => {
            out.push((plain(SHELL_LAUNCHER_ENABLE), Text::Plain(ENABLE.into())));
            out.push((
                keyed(USER_CUSTOM_SHELL, USER_SHELL, SHELL_KEY, &k.account),
                Text::Plain(path.clone()),
            ));
        }
    }
    out
}

/// The key selecting `entry`'s element in `path`, when `path` lies inside such an entry.
fn key_in(path: &SettingPath, entry: &str) -> Option<String> {
    let depth = entry.split('/').count();
    if path.0.len() <= depth || !path.schema_path().starts_with(&format!("{entry}/")) {
        return None;
    }
    match &path.0[depth - 1].selector {
        Selector::Key(_, v) => Some(v.clone()),
        _ => None,
    }
}

/// Settings → project: the kiosk in `leaves` (the settings not taken by another page, as
/// path and text), and the indexes of the leaves it stands for. A part that would not
/// write back the same settings (an extra leaf, another user group, a second password)
/// is left out, and its settings stay where they were.
pub fn from_settings(leaves: &[(&SettingPath, &str)]) -> Option<(Kiosk, Vec<usize>)> {
    let schema: Vec<String> = leaves.iter().map(|(p, _)| p.schema_path()).collect();
    let find = |s: &str| schema.iter().position(|x| x == s);
    let under = |prefix: &str| -> Vec<usize> {
        (0..leaves.len())
            .filter(|&i| schema[i].starts_with(&format!("{prefix}/")))
            .collect()
    };
    let mut used = Vec::new();

    // The app decides the account.
    let (account, app) = match find(ASSIGNED_ACCESS)
        .and_then(|i| parse_assigned_access(leaves[i].1).map(|(a, x)| (i, a, x)))
        .filter(|(i, a, x)| assigned_access_text(a, x) == leaves[*i].1)
    {
        Some((i, account, aumid)) => {
            used.push(i);
            (account, KioskApp::Store { aumid })
        }
        None => {
            let shell = under(SHELL_LAUNCHER);
            let enable = shell
                .iter()
                .copied()
                .find(|&i| schema[i] == SHELL_LAUNCHER_ENABLE)?;
            let user_shell = shell
                .iter()
                .copied()
                .find(|&i| schema[i] == USER_CUSTOM_SHELL)?;
            if shell.len() != 2 || leaves[enable].1 != ENABLE {
                return None;
            }
            let account = key_in(leaves[user_shell].0, USER_SHELL)?;
            used.extend([enable, user_shell]);
            (
                account,
                KioskApp::Desktop {
                    path: leaves[user_shell].1.to_owned(),
                },
            )
        }
    };

    // The account, when the package creates it as a standard user with a password.
    let user: Vec<usize> = under(USER)
        .into_iter()
        .filter(|&i| key_in(leaves[i].0, USER).as_deref() == Some(account.as_str()))
        .collect();
    let leaf = |i: usize| leaves[i].0.leaf_name();
    let text_of = |set: &[usize], name: &str| {
        set.iter()
            .find(|&&i| leaf(i) == name)
            .map(|&i| leaves[i].1.to_owned())
    };
    let mut password = None;
    let created = user.len() == 3
        && text_of(&user, name_of(USER_HOME_DIR)).as_deref() == Some("")
        && text_of(&user, name_of(USER_GROUP)).as_deref() == Some(STANDARD_USERS)
        && text_of(&user, name_of(USER_PASSWORD)).is_some_and(|p| !p.is_empty());
    if created {
        password = text_of(&user, name_of(USER_PASSWORD));
        used.extend(&user);
    }

    // Automatic sign-in for that account: with no password, or with the account's.
    let auto: Vec<usize> = under(AUTOLOGON);
    let names: Vec<&str> = auto.iter().map(|&i| leaf(i)).collect();
    let [domain, auto_pw, enable, user_name] = [
        AUTOLOGON_DOMAIN,
        AUTOLOGON_PASSWORD,
        AUTOLOGON_ENABLE,
        AUTOLOGON_USER,
    ]
    .map(name_of);
    let shape_plain = names.len() == 2 && names.contains(&enable) && names.contains(&user_name);
    let shape_pw = names.len() == 4
        && [domain, enable, auto_pw, user_name]
            .iter()
            .all(|n| names.contains(n))
        && text_of(&auto, domain).as_deref() == Some("")
        && text_of(&auto, auto_pw).is_some_and(|p| !p.is_empty())
        && (!created || text_of(&auto, auto_pw) == password);
    let signs_in = text_of(&auto, enable).as_deref() == Some(ENABLE)
        && text_of(&auto, user_name).as_deref() == Some(account.as_str())
        && (shape_plain || shape_pw);
    if signs_in {
        if shape_pw && !created {
            password = text_of(&auto, auto_pw);
        }
        used.extend(&auto);
    }
    let secret =
        |p: String| Secret::typed(crate::secret::SecretString::new(p), SecretSource::Clear);
    Some((
        Kiosk {
            account,
            create_account: created,
            password: password.map(secret),
            auto_sign_in: signs_in,
            app,
        },
        used,
    ))
}

/// Project → settings.
pub(crate) fn write(p: &Project, out: &mut Out) {
    let Some(k) = &p.kiosk else { return };
    for (path, text) in settings(k) {
        let text = match text {
            Text::Plain(t) => t,
            Text::Secret(s) => out.secret(s, &Field::KioskPassword.to_string()),
        };
        path.find_or_insert(&mut out.root)
            .expect("kiosk paths hold no list indexes")
            .text = Some(text);
    }
}

/// Settings → project: the kiosk's account, automatic sign-in and app, from the
/// settings still free.
pub(crate) fn read(p: &mut Project, r: &mut In<'_>) {
    let l = &mut r.leaves;
    let free: Vec<usize> = (0..l.all.len()).filter(|&i| !l.all[i].taken).collect();
    let view: Vec<(&SettingPath, &str)> = free
        .iter()
        .map(|&i| (&l.all[i].path, l.all[i].text.as_str()))
        .collect();
    if let Some((kiosk, used)) = from_settings(&view) {
        for u in used {
            l.all[free[u]].taken = true;
        }
        p.kiosk = Some(kiosk);
    }
}

/// The kiosk's secrets, with their labels.
pub(crate) fn secrets<'a>(k: &'a mut Option<Kiosk>, out: &mut Vec<(String, &'a mut Secret)>) {
    if let Some(pw) = k.as_mut().and_then(|k| k.password.as_mut()) {
        out.push((Field::KioskPassword.to_string(), pw));
    }
}

/// Why a kiosk cannot be built as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KioskError {
    #[error("Enter the name of the account the kiosk app runs as.")]
    NoAccount,
    #[error("{0}")]
    AccountName(String),
    #[error(
        "The kiosk account cannot be the local administrator: the kiosk must run as a standard user."
    )]
    SameAsAdmin,
    #[error("Creating the kiosk account needs a password.")]
    NoPassword,
    #[error(
        "Enter the app's AUMID, e.g. Microsoft.WindowsCalculator_8wekyb3d8bbwe!App (Get-StartApps in PowerShell shows it)."
    )]
    NoAumid,
    #[error(
        "\"{0}\" is not an AUMID: it is the package family name (name_publisherid), '!' and the app's id, e.g. Microsoft.WindowsCalculator_8wekyb3d8bbwe!App."
    )]
    BadAumid(String),
    #[error("Enter the app's path on the device, e.g. C:\\Program Files\\Kiosk\\kiosk.exe.")]
    NoPath,
    #[error("The app's path cannot contain quotes or control characters.")]
    BadPath,
    #[error(
        "{path} is set here and by the Kiosk page, which would overwrite it; remove it here or change the kiosk."
    )]
    AlsoAdvanced { index: usize, path: String },
}

impl KioskError {
    /// The field the problem belongs to.
    pub fn field(&self) -> Field {
        match self {
            KioskError::NoAccount | KioskError::AccountName(_) | KioskError::SameAsAdmin => {
                Field::KioskAccount
            }
            KioskError::NoPassword => Field::KioskPassword,
            KioskError::AlsoAdvanced { index, .. } => Field::Advanced(*index),
            _ => Field::KioskApp,
        }
    }
}

/// An AUMID: `<name>_<13-character publisher id>!<app id>`.
pub fn is_aumid(s: &str) -> bool {
    let Some((family, app)) = s.split_once('!') else {
        return false;
    };
    let Some((name, publisher)) = family.rsplit_once('_') else {
        return false;
    };
    let word = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
    };
    word(name)
        && word(app)
        && !app.contains('_')
        && publisher.len() == 13
        && publisher
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// Everything wrong with the project's kiosk.
pub fn errors(k: &Kiosk, p: &Project) -> Vec<KioskError> {
    let mut out = Vec::new();
    let name = k.account.trim();
    if name.is_empty() {
        out.push(KioskError::NoAccount);
    } else {
        out.extend(
            crate::project::user_name_problems(name)
                .into_iter()
                .map(KioskError::AccountName),
        );
        if p.accounts
            .local_admin
            .as_ref()
            .is_some_and(|a| a.name.eq_ignore_ascii_case(name))
        {
            out.push(KioskError::SameAsAdmin);
        }
    }
    if k.create_account && k.password.is_none() {
        out.push(KioskError::NoPassword);
    }
    if let Some(pw) = &k.password
        && k.create_account
        && !pw.has_value()
        && (pw.source == SecretSource::Clear || pw.value().is_some())
    {
        out.push(KioskError::NoPassword);
    }
    match &k.app {
        KioskApp::Store { aumid } if aumid.trim().is_empty() => out.push(KioskError::NoAumid),
        KioskApp::Store { aumid } if !is_aumid(aumid.trim()) => {
            out.push(KioskError::BadAumid(aumid.clone()))
        }
        KioskApp::Desktop { path } if path.trim().is_empty() => out.push(KioskError::NoPath),
        KioskApp::Desktop { path } if path.chars().any(|c| c == '"' || c.is_control()) => {
            out.push(KioskError::BadPath)
        }
        _ => {}
    }
    let written: Vec<SettingPath> = settings(k).into_iter().map(|(p, _)| p).collect();
    for (index, a) in p.advanced.iter().enumerate() {
        if written.contains(&a.path) {
            out.push(KioskError::AlsoAdvanced {
                index,
                path: a.path.to_string(),
            });
        }
    }
    out
}

/// [`errors`] as the project's problems.
pub fn problems(p: &Project) -> Vec<Problem> {
    let Some(k) = &p.kiosk else { return Vec::new() };
    errors(k, p)
        .into_iter()
        .map(|e| Problem {
            field: e.field(),
            severity: Severity::Error,
            message: e.to_string(),
        })
        .collect()
}

/// What a built package says about a kiosk, gathered setting by setting (`inspect`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KioskSeen {
    /// Account and AUMID from assigned access.
    store: Option<(String, String)>,
    /// Shell Launcher is on.
    shell_on: bool,
    /// Account and program from Shell Launcher's per-user shells.
    shells: Vec<(String, String)>,
    auto_enable: bool,
    auto_user: Option<String>,
}

/// A kiosk as [`KioskSeen`] found it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KioskSummary {
    pub account: String,
    /// "Store app" or "desktop app".
    pub app_kind: &'static str,
    pub app: String,
    pub auto_sign_in: bool,
}

impl KioskSummary {
    /// One sentence: "Kiosk: account kiosk runs the Store app X (assigned access); signs in
    /// automatically".
    pub fn sentence(&self) -> String {
        let how = match self.app_kind {
            "Store app" => "assigned access",
            _ => "Shell Launcher, in place of the desktop",
        };
        let sign_in = if self.auto_sign_in {
            "the account signs in automatically at every start"
        } else {
            "someone signs the account in"
        };
        format!(
            "Kiosk: the account {} runs only the {} {} ({how}); {sign_in}",
            self.account, self.app_kind, self.app
        )
    }
}

impl KioskSeen {
    /// Takes note of one compiled setting: its schema path, the map key it was under, and
    /// the value as compiled.
    pub fn observe(&mut self, schema_path: &str, key: Option<&str>, value: &str) {
        match schema_path {
            ASSIGNED_ACCESS => self.store = parse_assigned_access(value),
            USER_CUSTOM_SHELL => {
                if let Some(k) = key {
                    self.shells.push((k.to_owned(), value.to_owned()));
                }
            }
            SHELL_LAUNCHER_ENABLE => {
                // Compiled, ENABLE is the store's value eshell.exe.
                self.shell_on = value == ENABLE || value.eq_ignore_ascii_case("eshell.exe")
            }
            AUTOLOGON_ENABLE => self.auto_enable = value == "1" || value == ENABLE,
            AUTOLOGON_USER => self.auto_user = Some(value.to_owned()),
            _ => {}
        }
    }

    /// The kiosk, when the package makes one.
    pub fn summary(&self) -> Option<KioskSummary> {
        let (account, app_kind, app) = match (&self.store, self.shell_on, self.shells.first()) {
            (Some((a, x)), _, _) => (a.clone(), "Store app", x.clone()),
            (None, true, Some((a, x))) => (a.clone(), "desktop app", x.clone()),
            _ => return None,
        };
        let auto_sign_in = self.auto_enable
            && self
                .auto_user
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&account));
        Some(KioskSummary {
            account,
            app_kind,
            app,
            auto_sign_in,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::round_trip;
    use super::*;

    fn clear(v: &str) -> Secret {
        Secret::typed(
            crate::secret::SecretString::new(v.to_owned()),
            SecretSource::Clear,
        )
    }

    fn kiosk(app: KioskApp) -> Kiosk {
        Kiosk {
            account: "kiosk".into(),
            create_account: true,
            password: Some(Secret::typed("pw-1".into(), SecretSource::Ask)),
            auto_sign_in: true,
            app,
        }
    }

    fn text_of(t: &Text) -> String {
        match t {
            Text::Plain(s) => s.clone(),
            Text::Secret(s) => s.value().unwrap().expose().to_owned(),
        }
    }

    #[test]
    fn both_directions_agree() {
        for app in [
            KioskApp::Store {
                aumid: "Contoso.Signage_abcdefghjk012!App".into(),
            },
            KioskApp::Desktop {
                path: "C:\\Kiosk\\kiosk.exe".into(),
            },
        ] {
            for (create, auto) in [(true, true), (true, false), (false, true), (false, false)] {
                let mut k = kiosk(app.clone());
                k.create_account = create;
                k.auto_sign_in = auto;
                if !create && !auto {
                    k.password = None;
                }
                let out = settings(&k);
                let texts: Vec<(SettingPath, String)> =
                    out.iter().map(|(p, t)| (p.clone(), text_of(t))).collect();
                let view: Vec<(&SettingPath, &str)> =
                    texts.iter().map(|(p, t)| (p, t.as_str())).collect();
                let (back, used) = from_settings(&view).unwrap();
                assert_eq!(used.len(), view.len(), "{create} {auto}: {texts:?}");
                assert_eq!(back.account, k.account);
                assert_eq!(back.app, k.app);
                assert_eq!(back.create_account, create);
                assert_eq!(back.auto_sign_in, auto);
                assert_eq!(
                    back.password.as_ref().map(|s| s.value().unwrap().expose()),
                    k.password
                        .as_ref()
                        .filter(|_| create || auto)
                        .map(|s| s.value().unwrap().expose())
                );
            }
        }
    }

    /// Through a whole document, beside the other sections (the local administrator is
    /// a user too): every kiosk comes back as it was, and nothing is left over.
    #[test]
    fn kiosk_round_trip() {
        for app in [
            KioskApp::Store {
                aumid: "Contoso.Signage_abcdefghjk012!App".into(),
            },
            KioskApp::Desktop {
                path: "C:\\Kiosk\\kiosk.exe".into(),
            },
        ] {
            for (create, auto) in [(true, true), (true, false), (false, true), (false, false)] {
                let mut p = Project::new("Kiosk");
                p.accounts.local_admin = Some(crate::project::LocalAdmin {
                    name: "LabAdmin".into(),
                    password: clear("admin-pw"),
                });
                p.kiosk = Some(Kiosk {
                    account: "kiosk".into(),
                    create_account: create,
                    password: (create || auto).then(|| clear("kiosk-pw")),
                    auto_sign_in: auto,
                    app: app.clone(),
                });
                let (back, left) = round_trip(&p);
                assert!(left.is_empty(), "{create} {auto}: {left:?}");
                assert_eq!(back.kiosk, p.kiosk, "{create} {auto}");
                assert_eq!(back.accounts, p.accounts, "{create} {auto}");
            }
        }
    }

    #[test]
    fn assigned_access_is_written_as_wcd_writes_it() {
        assert_eq!(
            assigned_access_text("Kiosk", "Microsoft.WindowsCalculator_8wekyb3d8bbwe!App"),
            r#"{"Account":"Kiosk", "AUMID":"Microsoft.WindowsCalculator_8wekyb3d8bbwe!App"}"#
        );
        assert_eq!(
            parse_assigned_access(r#"{"Account":"a\"b", "AUMID":"x"}"#),
            Some(("a\"b".into(), "x".into()))
        );
        assert_eq!(parse_assigned_access("{\"Account\":1}"), None);
    }

    #[test]
    fn a_setting_the_kiosk_writes_cannot_also_be_advanced() {
        let mut p = Project::new("k");
        let k = kiosk(KioskApp::Store {
            aumid: "Contoso.Signage_abcdefghjk012!App".into(),
        });
        p.advanced.push(crate::project::AdvancedSetting {
            path: AUTOLOGON_USER.parse().unwrap(),
            value: crate::project::AdvancedValue::Value("other".into()),
        });
        p.advanced.push(crate::project::AdvancedSetting {
            path: "SMISettings/HideAutologonUI".parse().unwrap(),
            value: crate::project::AdvancedValue::Value("False".into()),
        });
        let e = errors(&k, &p);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].field(), Field::Advanced(0));
    }

    #[test]
    fn every_setting_the_kiosk_writes_is_in_the_catalog() {
        for app in [
            KioskApp::Store {
                aumid: "Contoso.Signage_abcdefghjk012!App".into(),
            },
            KioskApp::Desktop {
                path: "C:\\Kiosk\\kiosk.exe".into(),
            },
        ] {
            for (path, text) in settings(&kiosk(app)) {
                let s = crate::catalog::setting(&path.schema_path())
                    .unwrap_or_else(|| panic!("{path} is not a catalog setting"));
                if let Text::Plain(t) = text {
                    assert!(s.compile_value(&t).is_ok(), "{path} = {t}");
                }
            }
        }
        for p in FIELDS.iter().chain(&WIDGETS).flat_map(|d| d.settings()) {
            assert!(
                crate::catalog::setting(p).is_some() || crate::catalog::collection(p).is_some(),
                "{p}"
            );
        }
    }

    /// A widget's problems land on a kiosk field, and the settings it decides are among
    /// the ones that field names.
    #[test]
    fn widgets_belong_to_a_kiosk_field() {
        for w in WIDGETS {
            let f = FIELDS
                .iter()
                .find(|f| f.field == w.field)
                .expect("a kiosk field");
            assert_eq!(w.page, Page::Kiosk);
            for p in w.settings() {
                assert!(
                    FIELDS
                        .iter()
                        .flat_map(|f| f.settings())
                        .any(|n| p == n || p.strip_prefix(n).is_some_and(|r| r.starts_with('/'))),
                    "{p} ({}) is named by no kiosk field",
                    f.label
                );
            }
        }
    }

    #[test]
    fn the_kiosk_account_is_not_the_administrator() {
        let mut p = Project::new("k");
        p.accounts.local_admin = Some(crate::project::LocalAdmin {
            name: "Kiosk".into(),
            password: Secret::ask(),
        });
        let mut k = kiosk(KioskApp::Desktop { path: "".into() });
        k.account = "kiosk".into();
        let e = errors(&k, &p);
        assert!(e.contains(&KioskError::SameAsAdmin), "{e:?}");
        assert!(e.contains(&KioskError::NoPath), "{e:?}");
        k.account = "kio/sk".into();
        assert!(
            errors(&k, &p)
                .iter()
                .any(|e| matches!(e, KioskError::AccountName(_)))
        );
    }

    #[test]
    fn aumids_are_checked() {
        assert!(is_aumid("Microsoft.WindowsCalculator_8wekyb3d8bbwe!App"));
        assert!(is_aumid("IoTLabs.TestApp.App_pahz3wb15em4c!App"));
        for bad in [
            "",
            "calc.exe",
            "Microsoft.WindowsCalculator!App",
            "Microsoft.WindowsCalculator_8wekyb3d8bbwe",
            "Microsoft.WindowsCalculator_8WEKYB3D8BBWE!App",
            "Microsoft.WindowsCalculator_8wekyb3d8bbwe!",
        ] {
            assert!(!is_aumid(bad), "{bad}");
        }
    }

    #[test]
    fn a_different_password_stays_outside_the_kiosk() {
        let k = kiosk(KioskApp::Store {
            aumid: "Contoso.Signage_abcdefghjk012!App".into(),
        });
        let mut texts: Vec<(SettingPath, String)> = settings(&k)
            .iter()
            .map(|(p, t)| (p.clone(), text_of(t)))
            .collect();
        for (p, t) in &mut texts {
            if p.schema_path() == AUTOLOGON_PASSWORD {
                *t = "other".into();
            }
        }
        let view: Vec<(&SettingPath, &str)> = texts.iter().map(|(p, t)| (p, t.as_str())).collect();
        let (back, used) = from_settings(&view).unwrap();
        assert!(back.create_account);
        assert!(!back.auto_sign_in);
        assert_eq!(used.len(), 4, "the user and the app, not AutoLogon");
    }
}
