//! Editing one catalog setting: the widget that fits its type, the text it stands for,
//! and our own plain description of what the catalog knows about it.

use super::choice::Choice;
use super::form::Widget;
use super::text_input::TextInput;
use crate::catalog::{AssetForm, Datatype, Kind, Setting};

/// What kind of editor a setting gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditorKind {
    /// Yes or no.
    Toggle,
    /// One of the store's values, by display name.
    Choice,
    /// A whole number (bounds, when the store gives them, are the catalog's check).
    Number,
    /// Free text.
    Text,
    /// A password or key: typed hidden, kept as a secret.
    Secret,
    /// A file on this machine, packed into the package.
    File,
}

/// The editor a setting gets.
pub fn kind_of(s: &Setting) -> EditorKind {
    match s.kind {
        Kind::Asset(_) | Kind::WlanProfile => EditorKind::File,
        _ if s.secret => EditorKind::Secret,
        Kind::Value(Datatype::Bool) => EditorKind::Toggle,
        Kind::Value(_) if !s.values.is_empty() => EditorKind::Choice,
        Kind::Value(Datatype::Int) => EditorKind::Number,
        Kind::Value(Datatype::Str) => EditorKind::Text,
    }
}

/// The words a choice shows for each stored value: its display name, or the value.
pub fn options(s: &Setting) -> Vec<&'static str> {
    match kind_of(s) {
        EditorKind::Toggle => vec!["True", "False"],
        EditorKind::Choice => s
            .values
            .iter()
            .map(|(d, v)| if d.trim().is_empty() { *v } else { *d })
            .collect(),
        _ => Vec::new(),
    }
}

/// The editor widget for `s`, showing `current` (customizations.xml text) when set.
pub fn editor(s: &Setting, current: Option<&str>) -> Widget {
    match kind_of(s) {
        EditorKind::Toggle | EditorKind::Choice => {
            let opts = options(s);
            // The current text in any form the catalog accepts picks its option.
            let at = current
                .and_then(|c| s.compile_value(c).ok())
                .and_then(|v| {
                    opts.iter()
                        .position(|o| s.compile_value(o).ok() == Some(v.clone()))
                })
                .unwrap_or(0);
            Widget::Choice(Choice::new(opts, at))
        }
        EditorKind::Secret => Widget::Text(Box::new(TextInput::secret(
            current.unwrap_or(""),
            "typed here, asked for on save",
        ))),
        EditorKind::File => Widget::Text(Box::new(TextInput::new(
            current.unwrap_or(""),
            "path of the file",
        ))),
        EditorKind::Number => Widget::Text(Box::new(TextInput::new(
            current.unwrap_or(""),
            "a whole number",
        ))),
        EditorKind::Text => Widget::Text(Box::new(TextInput::new(current.unwrap_or(""), ""))),
    }
}

/// The text the editor holds, as customizations.xml would say it.
pub fn text_of(w: &Widget) -> String {
    match w {
        Widget::Choice(c) => c.options.get(c.selected).copied().unwrap_or("").to_owned(),
        Widget::Text(t) => t.value().to_owned(),
        _ => String::new(),
    }
}

/// Our description of the setting, as label/value pairs for the detail pane.
pub fn facts(s: &Setting) -> Vec<(&'static str, String)> {
    let mut out = vec![("Does", what_it_does(s))];
    out.push(("Setting path", s.path.to_owned()));
    if !s.chain.is_empty() {
        let target = match s.chain.strip_prefix("MCSF/") {
            Some(rest) => format!("registry setting {rest}"),
            None => format!("./Vendor/MSFT/{}", s.chain),
        };
        out.push(("Windows target", target));
    }
    out.push(("Type", type_words(s)));
    let forms = s.accepted_forms();
    if !forms.is_empty() && kind_of(s) != EditorKind::Text {
        const SHOWN: usize = 6;
        let mut text = forms
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if forms.len() > SHOWN {
            text.push_str(&format!(" and {} more", forms.len() - SHOWN));
        }
        out.push(("Allowed", text));
    }
    out.push((
        "Default",
        "none: when not set, Windows keeps its own default".to_owned(),
    ));
    out.push((
        "Restart",
        if s.reboot {
            "yes: settings are reloaded after the package applies".to_owned()
        } else {
            "not needed".to_owned()
        },
    ));
    out.push((
        "Applies to",
        if s.user {
            "each user who signs in (user-scoped)".to_owned()
        } else {
            "the whole device".to_owned()
        },
    ));
    out
}

/// One sentence of ours on what the setting is, from where it lands on the device.
fn what_it_does(s: &Setting) -> String {
    let label = s.display_label();
    let place = if s.chain.starts_with("Policy/") {
        "a Windows policy (Policy CSP)"
    } else if s.chain.starts_with("MCSF/") {
        "a setting Windows setup reads from the registry"
    } else if s.chain.is_empty() {
        "a file the package carries"
    } else {
        "a setting of a Windows configuration service (CSP)"
    };
    let run = if s.exec {
        " It runs an action when the package applies."
    } else {
        ""
    };
    format!("\"{label}\": {place}, applied when the package is installed.{run}")
}

fn type_words(s: &Setting) -> String {
    match (kind_of(s), s.kind) {
        (EditorKind::Toggle, _) => "yes or no".into(),
        (EditorKind::Choice, _) => format!("one of {} choices", s.values.len()),
        (EditorKind::Number, _) => match s.range {
            Some((lo, i64::MAX)) => format!("a whole number from {lo}"),
            Some((i64::MIN, hi)) => format!("a whole number up to {hi}"),
            Some((lo, hi)) => format!("a whole number from {lo} to {hi}"),
            None => "a whole number".into(),
        },
        (EditorKind::Text, _) => "text".into(),
        (EditorKind::Secret, _) => "a password or key (kept as a secret)".into(),
        (EditorKind::File, Kind::Asset(AssetForm::CertificateDer)) => "a certificate file".into(),
        (EditorKind::File, _) => "a file, packed into the package".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::setting;

    #[test]
    fn editors_fit_the_type() {
        let b = setting("OOBE/Desktop/HideOobe").unwrap();
        assert_eq!(kind_of(b), EditorKind::Toggle);
        let g = setting("Accounts/Users/User/UserGroup").unwrap();
        assert_eq!(kind_of(g), EditorKind::Choice);
        assert!(options(g).contains(&"Administrators"));
        // The choice starts on the option the current text means, in any accepted form.
        let Widget::Choice(c) = editor(g, Some("2")) else {
            panic!("a choice")
        };
        assert_eq!(c.options[c.selected], "Administrators");
        let r = setting("Policies/Update/ActiveHoursEnd").unwrap();
        assert_eq!(kind_of(r), EditorKind::Number);
        assert!(type_words(r).contains("0 to 23"), "{}", type_words(r));
        let pw = setting("Accounts/Users/User/Password").unwrap();
        assert_eq!(kind_of(pw), EditorKind::Secret);
        let dns = setting("DevDetail/DNSComputerName").unwrap();
        assert_eq!(kind_of(dns), EditorKind::Text);
    }

    #[test]
    fn facts_name_the_target_and_scope() {
        let bt = setting("Policies/Connectivity/AllowBluetooth").unwrap();
        let f = facts(bt);
        let get = |k: &str| f.iter().find(|(l, _)| *l == k).map(|(_, v)| v.clone());
        assert!(
            get("Windows target")
                .unwrap()
                .starts_with("./Vendor/MSFT/Policy/")
        );
        assert_eq!(get("Applies to").unwrap(), "the whole device");
        assert!(get("Allowed").is_some());
    }
}
