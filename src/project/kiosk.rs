//! "Provision kiosk devices": one local account that signs in by itself and runs one app.
//!
//! WCD's kiosk wizard asks for the account (created as a local standard user, or one that
//! exists already), whether it signs in automatically, and the app: a Store app by its
//! AUMID, or a desktop app by its path. The fields are described once in [`FIELDS`]; the
//! two directions sit side by side: [`settings`] writes the catalog settings WCD writes
//! (`Accounts/Users`, `SMISettings/AutoLogon`, `AssignedAccess/AssignedAccessSettings` or
//! `SMISettings/ShellLauncher`), and [`from_settings`] reads them back, taking only what
//! writes back to exactly the same settings. [`KioskSeen`] reads a built package's
//! settings for `inspect`, so both use one rule.

use super::{Field, Problem, Project, Secret, Severity};
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

/// One kiosk field: how the wizard names and explains it, the catalog setting it lands
/// in, and whether it is a secret.
#[derive(Clone, Copy, Debug)]
pub struct Descriptor {
    pub field: Field,
    pub label: &'static str,
    pub help: &'static str,
    /// Schema path of the catalog setting the field writes.
    pub setting: &'static str,
    pub secret: bool,
}

pub const ACCOUNT: Descriptor = Descriptor {
    field: Field::KioskAccount,
    label: "Kiosk account",
    help: "The local account the kiosk app runs as. Use a plain name that says what it is for; it is not an administrator.\n\nExample: kiosk\n\nOn the device: this account signs in and sees only the kiosk app.",
    setting: "Accounts/Users/User",
    secret: false,
};

pub const CREATE: Descriptor = Descriptor {
    field: Field::KioskAccount,
    label: "Create it as a local standard user",
    help: "Creates the kiosk account on every device as a standard (non-administrator) user. Untick it only when the account exists already (made by an earlier package or by hand).\n\nOn the device: the account appears in Settings > Accounts > Other users.",
    setting: "Accounts/Users/User/UserGroup",
    secret: false,
};

pub const PASSWORD: Descriptor = Descriptor {
    field: Field::KioskPassword,
    label: "Kiosk account password",
    help: "The kiosk account's password. Nobody needs to type it at the kiosk: automatic sign-in uses it. Hidden as you type.\n\nWhen you save, you choose where it is kept; it is not written into the project file unless you insist.\n\nOn the device: Windows stores it for automatic sign-in, readable by administrators.",
    setting: "Accounts/Users/User/Password",
    secret: true,
};

pub const AUTO_SIGN_IN: Descriptor = Descriptor {
    field: Field::KioskAccount,
    label: "Sign in automatically at every start",
    help: "Windows signs the kiosk account in by itself after every start or restart, so the app comes back without anyone typing a password.\n\nOn the device: after a power cut the kiosk is back in its app on its own.",
    setting: "SMISettings/AutoLogon/Enable",
    secret: false,
};

pub const STORE_APP: Descriptor = Descriptor {
    field: Field::KioskApp,
    label: "App's AUMID",
    help: "A Store (UWP) app is named by its Application User Model ID: the package family name, '!', and the app's id. On a PC that has the app, PowerShell shows it with Get-StartApps.\n\nExample: Microsoft.WindowsCalculator_8wekyb3d8bbwe!App\n\nOn the device: the app runs full screen above the lock screen (assigned access); the app must be installed for the kiosk account.",
    setting: "AssignedAccess/AssignedAccessSettings",
    secret: false,
};

pub const DESKTOP_APP: Descriptor = Descriptor {
    field: Field::KioskApp,
    label: "App's path",
    help: "A desktop app is named by its path on the device, or just its file name when it is on the PATH. It replaces the Windows desktop (Shell Launcher), which Windows Enterprise and Education have, not Pro.\n\nExample: C:\\Program Files\\Kiosk\\kiosk.exe\n\nOn the device: the app starts instead of the desktop when the kiosk account signs in; when it closes, Windows starts it again.",
    setting: "SMISettings/ShellLauncher/UserSpecificSettings/LocalUserSpecificSettings/LocalUserShellSetting/UserCustomShell",
    secret: false,
};

/// Every kiosk field, in the page's order.
pub const FIELDS: [Descriptor; 6] = [
    ACCOUNT,
    CREATE,
    PASSWORD,
    AUTO_SIGN_IN,
    STORE_APP,
    DESKTOP_APP,
];

/// What a kiosk device does, and how to get out of it, in plain words (the Kiosk page and
/// its help say it).
pub const WHAT_IT_DOES: &str = "The device starts, signs the kiosk account in and shows only the kiosk app. To maintain it, press Ctrl+Alt+Del and sign in as an administrator: the kiosk app closes for that session and comes back when the administrator signs out.";

// Catalog paths the kiosk writes besides the fields' own.
const USER_ELEMENT: &str = "Accounts/Users/User";
const USER_KEY: &str = "UserName";
const HOME_DIR: &str = "HomeDir";
const USER_GROUP: &str = "UserGroup";
const STANDARD_USERS: &str = "Standard Users";
const AUTOLOGON: &str = "SMISettings/AutoLogon";
const ENABLE: &str = "ENABLE";
const SHELL_LAUNCHER: &str = "SMISettings/ShellLauncher";
const SHELL_ENTRY: &str = "SMISettings/ShellLauncher/UserSpecificSettings/LocalUserSpecificSettings/LocalUserShellSetting";
const SHELL_KEY: &str = "Username";

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
    let user = |leaf: &str| {
        keyed(
            &format!("{USER_ELEMENT}/{leaf}"),
            USER_ELEMENT,
            USER_KEY,
            &k.account,
        )
    };
    let password = k.password.as_ref();
    if k.create_account {
        out.push((user(HOME_DIR), Text::Plain(String::new())));
        if let Some(pw) = password {
            out.push((user("Password"), Text::Secret(pw)));
        }
        out.push((user(USER_GROUP), Text::Plain(STANDARD_USERS.into())));
    }
    if k.auto_sign_in {
        if let Some(pw) = password {
            out.push((
                plain(&format!("{AUTOLOGON}/DomainName")),
                Text::Plain(String::new()),
            ));
            out.push((plain(&format!("{AUTOLOGON}/Password")), Text::Secret(pw)));
        }
        out.push((
            plain(&format!("{AUTOLOGON}/Enable")),
            Text::Plain(ENABLE.into()),
        ));
        out.push((
            plain(&format!("{AUTOLOGON}/UserName")),
            Text::Plain(k.account.clone()),
        ));
    }
    match &k.app {
        KioskApp::Store { aumid } => out.push((
            plain(STORE_APP.setting),
            Text::Plain(assigned_access_text(&k.account, aumid)),
        )),
        KioskApp::Desktop { path } => {
            out.push((
                plain(&format!("{SHELL_LAUNCHER}/Enable")),
                Text::Plain(ENABLE.into()),
            ));
            out.push((
                keyed(DESKTOP_APP.setting, SHELL_ENTRY, SHELL_KEY, &k.account),
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
    let (account, app) = match find(STORE_APP.setting)
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
                .find(|&i| schema[i] == format!("{SHELL_LAUNCHER}/Enable"))?;
            let user_shell = shell
                .iter()
                .copied()
                .find(|&i| schema[i] == DESKTOP_APP.setting)?;
            if shell.len() != 2 || leaves[enable].1 != ENABLE {
                return None;
            }
            let account = key_in(leaves[user_shell].0, SHELL_ENTRY)?;
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
    let user: Vec<usize> = under(USER_ELEMENT)
        .into_iter()
        .filter(|&i| key_in(leaves[i].0, USER_ELEMENT).as_deref() == Some(account.as_str()))
        .collect();
    let leaf = |i: usize| leaves[i].0.leaf_name();
    let text_of = |set: &[usize], name: &str| {
        set.iter()
            .find(|&&i| leaf(i) == name)
            .map(|&i| leaves[i].1.to_owned())
    };
    let mut password = None;
    let created = user.len() == 3
        && text_of(&user, HOME_DIR).as_deref() == Some("")
        && text_of(&user, USER_GROUP).as_deref() == Some(STANDARD_USERS)
        && text_of(&user, "Password").is_some_and(|p| !p.is_empty());
    if created {
        password = text_of(&user, "Password");
        used.extend(&user);
    }

    // Automatic sign-in for that account: with no password, or with the account's.
    let auto: Vec<usize> = under(AUTOLOGON);
    let names: Vec<&str> = auto.iter().map(|&i| leaf(i)).collect();
    let shape_plain = names.len() == 2 && names.contains(&"Enable") && names.contains(&"UserName");
    let shape_pw = names.len() == 4
        && ["DomainName", "Enable", "Password", "UserName"]
            .iter()
            .all(|n| names.contains(n))
        && text_of(&auto, "DomainName").as_deref() == Some("")
        && text_of(&auto, "Password").is_some_and(|p| !p.is_empty())
        && (!created || text_of(&auto, "Password") == password);
    let signs_in = text_of(&auto, "Enable").as_deref() == Some(ENABLE)
        && text_of(&auto, "UserName").as_deref() == Some(account.as_str())
        && (shape_plain || shape_pw);
    if signs_in {
        if shape_pw && !created {
            password = text_of(&auto, "Password");
        }
        used.extend(&auto);
    }
    let secret = |p: String| {
        Secret::typed(
            crate::secret::SecretString::new(p),
            super::SecretSource::Clear,
        )
    };
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
            super::user_name_problems(name)
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
        && (pw.source == super::SecretSource::Clear || pw.value().is_some())
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
            p if p == STORE_APP.setting => self.store = parse_assigned_access(value),
            p if p == DESKTOP_APP.setting => {
                if let Some(k) = key {
                    self.shells.push((k.to_owned(), value.to_owned()));
                }
            }
            "SMISettings/ShellLauncher/Enable" => {
                // Compiled, ENABLE is the store's value eshell.exe.
                self.shell_on = value == ENABLE || value.eq_ignore_ascii_case("eshell.exe")
            }
            "SMISettings/AutoLogon/Enable" => self.auto_enable = value == "1" || value == ENABLE,
            "SMISettings/AutoLogon/UserName" => self.auto_user = Some(value.to_owned()),
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
    use super::*;

    fn kiosk(app: KioskApp) -> Kiosk {
        Kiosk {
            account: "kiosk".into(),
            create_account: true,
            password: Some(Secret::typed(
                "pw-1".into(),
                super::super::SecretSource::Ask,
            )),
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
            path: "SMISettings/AutoLogon/UserName".parse().unwrap(),
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
        for d in FIELDS {
            assert!(
                crate::catalog::setting(d.setting).is_some()
                    || crate::catalog::collection(d.setting).is_some(),
                "{}",
                d.setting
            );
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
            if p.schema_path() == "SMISettings/AutoLogon/Password" {
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
