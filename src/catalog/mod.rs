//! The settings catalog: what each customizations.xml setting compiles to.
//!
//! Generated from WCD's own settings stores: [`store`] reads the table that
//! `tools/catalog-gen` writes (`stores.tsv`, every node of every store with each fact
//! tagged by its store); this module turns its nodes into [`Setting`]s, [`Collection`]s
//! and [`AtomicGroup`]s. `knowledge` holds the few rules no store states. The
//! compiler, the wizard and `inspect` all ask here; none of them spells a setting.

mod knowledge;
pub mod search;
pub mod store;
mod types;
pub mod visibility;

pub use store::{Fact, Node, Store, StoreSet};
pub use types::{AssetForm, AtomicGroup, Collection, Datatype, Kind, Setting};

use std::collections::HashMap;
use std::sync::OnceLock;

struct Catalog {
    settings: Vec<Setting>,
    index: HashMap<&'static str, usize>,
    collections: Vec<Collection>,
    atomic: Vec<AtomicGroup>,
}

/// The schema node's type code in its primary store.
fn type_of(path: &str) -> Option<u8> {
    store::node(path).and_then(Node::type_code)
}

/// The placeholder a CSP path uses for the entry of the collection whose repeated
/// element is at `elem`: the map's key attribute, or the list's own name.
fn placeholder(elem: &str) -> Option<&'static str> {
    let (parent, _) = elem.rsplit_once('/')?;
    let n = store::node(parent)?;
    match n.type_code()? {
        8 => n.get("key"),
        7 => Some(n.path.rsplit('/').next().unwrap_or(n.path)),
        _ => None,
    }
}

/// Schema paths of the collection elements enclosing (or being) `path`, outermost first.
fn enclosing_elements(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut end = 0;
    for (i, c) in path
        .char_indices()
        .chain(std::iter::once((path.len(), '/')))
    {
        if c == '/' {
            if end > 0 && matches!(type_of(&path[..end]), Some(7 | 8)) {
                out.push(&path[..i]);
            }
            end = i;
        }
    }
    out
}

/// Rewrites store placeholders to the catalog's: the innermost entry's key is `~Key~`,
/// the one around it `~Key1~`, and so on outwards.
fn keyed(chain: &str, elements: &[&str]) -> String {
    let mut out = chain.to_owned();
    for (depth, elem) in elements.iter().rev().enumerate() {
        if let Some(ph) = placeholder(elem) {
            let to = if depth == 0 {
                "~Key~".to_owned()
            } else {
                format!("~Key{depth}~")
            };
            out = out.replace(&format!("~{ph}~"), &to);
        }
    }
    out
}

/// The catalog chain of a store leaf: its CSP path without `./Vendor/MSFT/`, or
/// `MCSF/<schema path>` for a registry target; empty when the store gives no target.
fn chain_of(node: &Node, elements: &[&str]) -> String {
    if let Some(csp) = node.get("csp") {
        keyed(
            csp.strip_prefix(knowledge::CSP_ROOT).unwrap_or(csp),
            elements,
        )
    } else if node.get("registry").is_some() {
        let mut path = node.path.to_owned();
        for (depth, elem) in elements.iter().rev().enumerate() {
            let key = if depth == 0 {
                "~Key~".to_owned()
            } else {
                format!("~Key{depth}~")
            };
            let name = elem.rsplit('/').next().unwrap_or(elem);
            let start = elem.len() - name.len();
            path.replace_range(start..elem.len(), &key);
        }
        format!("{}/{path}", knowledge::REGISTRY_ROOT)
    } else {
        String::new()
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn setting_of(node: &'static Node) -> Option<Setting> {
    let code = node.type_code()?;
    let kind = if node.path == knowledge::WLAN_PROFILE.0 {
        Kind::WlanProfile
    } else {
        match code {
            1 => Kind::Value(Datatype::Bool),
            2 => Kind::Value(Datatype::Int),
            3 | 4 => Kind::Value(Datatype::Str),
            5 => Kind::Asset(knowledge::asset_form(node)),
            _ => return None,
        }
    };
    let elements = enclosing_elements(node.path);
    let chain = if kind == Kind::WlanProfile {
        knowledge::WLAN_PROFILE.1
    } else {
        match chain_of(node, &elements) {
            c if c.is_empty() => "",
            c => leak(c),
        }
    };
    // Values WCD accepts: the union over the stores that know the setting, the newest
    // store's display names first (a value a 2019 package used stays valid).
    let mut values: Vec<(&'static str, &'static str)> = Vec::new();
    let mut order: Vec<Store> = node.stores().iter().collect();
    order.reverse();
    for st in &order {
        for f in node.facts_in("value", *st) {
            if let (Some(v), Some(d)) = (f.fields.first(), f.fields.get(1))
                && !values.contains(&(*d, *v))
            {
                values.push((d, v));
            }
        }
    }
    if values.iter().all(|(_, v)| v.parse::<i64>().is_ok()) {
        values.sort_by_key(|(_, v)| v.parse::<i64>().unwrap_or(0));
    }
    // Bounds: the widest any store gives; unbounded on a side if one store is.
    let bound = |name: &str| -> Option<Vec<i64>> {
        order
            .iter()
            .map(|st| node.get_in(name, *st).and_then(|v| v.parse::<i64>().ok()))
            .collect()
    };
    let range = match (bound("min"), bound("max")) {
        (None, None) => None,
        (lo, hi) => Some((
            lo.and_then(|v| v.into_iter().min()).unwrap_or(i64::MIN),
            hi.and_then(|v| v.into_iter().max()).unwrap_or(i64::MAX),
        )),
    };
    // Display names as stored, less stray punctuation at either end (`>Enable profile
    // manager`, `Message levels … Windows logon.`).
    let label = node
        .get("name")
        .map(|l| {
            l.trim()
                .trim_start_matches('>')
                .trim_end_matches('.')
                .trim()
        })
        .filter(|l| !l.is_empty());
    Some(Setting {
        values: Box::leak(values.into_boxed_slice()),
        range: if matches!(kind, Kind::Value(Datatype::Int)) {
            range
        } else {
            None
        },
        exec: node.get("action") == Some("2"),
        reboot: node.get("reboot") == Some("1"),
        user: node.get("context") == Some("1"),
        secret: knowledge::is_secret(node.path, kind),
        label: label.unwrap_or(""),
        stores: node.stores(),
        ..Setting::new(node.path, kind, chain)
    })
}

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| {
        let mut settings: Vec<Setting> = store::nodes().iter().filter_map(setting_of).collect();
        for x in knowledge::EXTRAS {
            if store::node(x.path).is_none() {
                settings.push(Setting {
                    values: x.values,
                    ..Setting::new(x.path, Kind::Value(x.datatype), x.chain)
                });
            }
        }
        settings.sort_by(|a, b| a.path.cmp(b.path));
        let index = settings
            .iter()
            .enumerate()
            .map(|(i, s)| (s.path, i))
            .collect();
        let mut collections = Vec::new();
        let mut atomic: Vec<AtomicGroup> = Vec::new();
        for n in store::nodes() {
            if let Some((parent, _)) = n.path.rsplit_once('/')
                && let Some(p) = store::node(parent)
                && n.type_code().is_some()
            {
                match p.type_code() {
                    Some(8) => collections.push(Collection {
                        path: n.path,
                        key: p.get("key"),
                    }),
                    Some(7) => collections.push(Collection {
                        path: n.path,
                        key: None,
                    }),
                    _ => {}
                }
            }
            if let Some(root) = n.get("atomic").map(|r| r.trim_start_matches('/'))
                && !atomic.iter().any(|g| g.path == root)
            {
                atomic.push(AtomicGroup {
                    path: root,
                    sg: None,
                });
            }
        }
        Catalog {
            settings,
            index,
            collections,
            atomic,
        }
    })
}

/// Whether the setting at schema path `path` holds a credential: the catalog's own
/// answer for a setting it knows, else the same rule applied to the leaf name (a text
/// setting named like a credential). The one answer the wizard, import and export use.
pub fn is_secret(path: &str) -> bool {
    match setting(path) {
        Some(s) => s.secret,
        None => knowledge::is_secret(path, Kind::Value(Datatype::Str)),
    }
}

/// Whether a parm no setting explains may hold a credential, judged by its name (the
/// catalog's secret rule, erring towards hiding).
pub fn might_be_secret(name: &str) -> bool {
    knowledge::might_be_secret(name)
}

/// Every known setting (store leaves, the WLAN profile group, and the few settings only
/// real packages show), in path order.
pub fn settings() -> impl Iterator<Item = &'static Setting> {
    catalog().settings.iter()
}

/// The setting at schema path `path` (e.g. `Accounts/Users/User/Password`).
pub fn setting(path: &str) -> Option<&'static Setting> {
    let c = catalog();
    c.index.get(path).map(|&i| &c.settings[i])
}

/// The map or list whose repeated element has schema path `path`.
pub fn collection(path: &str) -> Option<&'static Collection> {
    catalog().collections.iter().find(|c| c.path == path)
}

/// Every map and list of the stores.
pub fn collections() -> impl Iterator<Item = &'static Collection> {
    catalog().collections.iter()
}

/// The atomic root containing schema path `path`, if any: the store's `AtomicRoot` of
/// the node, else the nearest enclosing root.
pub fn atomic_root(path: &str) -> Option<&'static AtomicGroup> {
    let c = catalog();
    if let Some(root) = store::node(path)
        .and_then(|n| n.get("atomic"))
        .map(|r| r.trim_start_matches('/'))
    {
        return c.atomic.iter().find(|g| g.path == root);
    }
    c.atomic
        .iter()
        .filter(|g| {
            path == g.path
                || path
                    .strip_prefix(g.path)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|g| g.path.len())
}

/// SettingsGroup id of a schema group: `known` when given, else WCD's own recipe, a
/// name-based UUID v5 in the DNS namespace of `_` + the group's schema path joined with
/// `_` (reference README: it accounts for every id in the corpus, e.g.
/// `_Accounts_Users_User` → `316e2a31-…`).
pub fn settings_group_id(group_path: &str, known: Option<&str>) -> String {
    match known {
        Some(id) => id.to_owned(),
        None => {
            let name = format!("_{}", group_path.replace('/', "_"));
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_DNS, name.as_bytes())
                .hyphenated()
                .to_string()
        }
    }
}

/// A value no form of its setting explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue {
    /// Schema path of the setting.
    pub setting: &'static str,
    /// The text given.
    pub value: String,
    /// The forms the setting takes, for the message (`"Yes"`, `a number from 0 to 7`…).
    pub accepted: Vec<String>,
}

impl BadValue {
    /// The problem without the setting's name (callers that name it themselves).
    pub fn reason(&self) -> String {
        format!(
            "\"{}\" is not one of {}",
            self.value,
            self.accepted.join(", ")
        )
    }
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.setting, self.reason())
    }
}

impl std::error::Error for BadValue {}

/// Letters and digits only, lower-cased: `Do not suppress` ≈ `DoNotSuppress`.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Setting {
    /// The provxml value for customizations.xml text `text`, in every form WCD writes:
    /// an enumeration's display name (exact, or ignoring case, spaces and punctuation)
    /// or its stored value; `True`/`False`, `Yes`/`No`, `1`/`0` for booleans and for
    /// 0/1 integers; numbers within the store's bounds. Compiled to the store's
    /// datatype (`true`/`false`, a decimal key, the text).
    pub fn compile_value(&self, text: &str) -> Result<String, BadValue> {
        let dt = match self.kind {
            Kind::Value(dt) => dt,
            _ => return Ok(text.to_owned()),
        };
        if let Some((_, v)) = self.values.iter().find(|(d, _)| *d == text) {
            return Ok((*v).to_owned());
        }
        let t = text.trim();
        if !squash(t).is_empty()
            && let Some((_, v)) = self.values.iter().find(|(d, _)| squash(d) == squash(t))
        {
            return Ok((*v).to_owned());
        }
        match dt {
            Datatype::Bool => match knowledge::two_state(t) {
                Some(b) => Ok(b.to_string()),
                None => Err(self.bad(text)),
            },
            Datatype::Int => {
                if let Ok(n) = t.parse::<i64>() {
                    let listed = self.values.iter().any(|(_, v)| v.parse() == Ok(n));
                    let in_range = self.range.is_some_and(|(lo, hi)| (lo..=hi).contains(&n));
                    let free = self.values.is_empty() && self.range.is_none();
                    return if listed || in_range || free {
                        Ok(n.to_string())
                    } else {
                        Err(self.bad(text))
                    };
                }
                match knowledge::two_state(t) {
                    Some(b) if self.is_zero_one() => Ok(u8::from(b).to_string()),
                    _ => Err(self.bad(text)),
                }
            }
            Datatype::Str if self.values.is_empty() => Ok(text.to_owned()),
            Datatype::Str => match self.values.iter().find(|(_, v)| *v == t) {
                Some((_, v)) => Ok((*v).to_owned()),
                None => Err(self.bad(text)),
            },
        }
    }

    /// An integer setting that takes exactly 0 and 1.
    fn is_zero_one(&self) -> bool {
        let keys: Vec<&str> = self.values.iter().map(|(_, v)| *v).collect();
        match (keys.is_empty(), self.range) {
            (false, _) => keys.iter().all(|k| *k == "0" || *k == "1") && keys.len() == 2,
            (true, Some((0, 1))) => true,
            _ => false,
        }
    }

    /// The forms this setting accepts, for messages.
    pub fn accepted_forms(&self) -> Vec<String> {
        let mut forms: Vec<String> = self
            .values
            .iter()
            .map(|(d, v)| {
                if d.is_empty() || d == v {
                    format!("\"{v}\"")
                } else {
                    format!("\"{d}\" ({v})")
                }
            })
            .collect();
        match self.kind {
            Kind::Value(Datatype::Bool) => forms.push("True or False".into()),
            Kind::Value(Datatype::Int) => {
                if self.is_zero_one() {
                    forms.push("True or False".into());
                }
                match self.range {
                    Some((lo, i64::MAX)) => forms.push(format!("a number from {lo}")),
                    Some((i64::MIN, hi)) => forms.push(format!("a number up to {hi}")),
                    Some((lo, hi)) => forms.push(format!("a number from {lo} to {hi}")),
                    None if self.values.is_empty() => forms.push("a whole number".into()),
                    None => {}
                }
            }
            _ => {}
        }
        forms
    }

    fn bad(&self, text: &str) -> BadValue {
        BadValue {
            setting: self.path,
            value: text.to_owned(),
            accepted: self.accepted_forms(),
        }
    }

    /// The store node behind this setting; `None` for the few settings only real
    /// packages show. Its facts, per store, are the full record ([`Node::get_in`]).
    pub fn node(&self) -> Option<&'static Node> {
        store::node(self.path)
    }

    /// Fact `name` (`reboot`, `action`, `after`…) as store `store` states it, for
    /// compiling as the WCD that shipped that store did; `None` when that store lacks
    /// the setting or the fact.
    pub fn fact_in(&self, name: &str, store: Store) -> Option<&'static str> {
        self.node()?.get_in(name, store)
    }

    /// The `-Sequence` store's apply level (1, 2, 3), from the newest store giving one.
    pub fn sequence_level(&self) -> Option<u8> {
        self.node()?.get_newest("sequence")?.parse().ok()
    }

    /// The store's `ApplyPasses` bits.
    pub fn apply_passes(&self) -> Option<u32> {
        self.node()?.get("passes")?.parse().ok()
    }

    /// The store's `ApplyAfterSetting`: schema paths (or top-level names) this setting is
    /// applied after, e.g. `["DevDetail/DNSComputerName"]`.
    pub fn apply_after(&self) -> Vec<&'static str> {
        let Some(raw) = self.node().and_then(|n| n.get("after")) else {
            return Vec::new();
        };
        let mut out: Vec<&'static str> = raw
            .trim_start_matches('(')
            .trim_end_matches(')')
            .split('|')
            .map(|p| p.trim().trim_start_matches('/'))
            .filter(|p| !p.is_empty())
            .collect();
        out.dedup();
        out
    }

    /// The store's default values (most settings have one or none).
    pub fn defaults(&self) -> Vec<&'static str> {
        self.node()
            .map(|n| {
                n.all("default")
                    .filter_map(|f| f.fields.first().copied())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The store marks the setting required within its group.
    pub fn required(&self) -> bool {
        self.node().and_then(|n| n.get("required")) == Some("1")
    }

    /// The store's `AtomicRoot` (without the leading `/`), when the setting is atomic.
    pub fn atomic_root(&self) -> Option<&'static str> {
        self.node()?
            .get("atomic")
            .map(|r| r.trim_start_matches('/'))
    }

    /// The store's `Serialization` code: how WCD turns the setting (and the siblings it
    /// folds in) into its target's value. Assets carry it as their [`AssetForm`]; the
    /// Store install's product id (9) is a text setting that has one too.
    pub fn serialization(&self) -> Option<u8> {
        self.node()?.get("serialization")?.parse().ok()
    }

    /// File extensions an asset setting takes (`png`, `xml`…); empty when any.
    pub fn allowed_extensions(&self) -> Vec<&'static str> {
        match (self.kind, self.node()) {
            (Kind::Asset(_), Some(n)) => n
                .all("allow")
                .filter_map(|f| f.fields.first().copied())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The display text for a compiled value (reverse of [`Setting::compile_value`]).
    pub fn display_value(&self, value: &str) -> Option<&'static str> {
        self.values
            .iter()
            .find(|(_, v)| *v == value)
            .map(|(d, _)| *d)
    }

    /// The chain with the keys of the entries around the innermost one filled in
    /// (`~Key1~` is the key one level out, from `keys`, outermost first), and the
    /// innermost key where the store embeds it in a segment
    /// (`RouteSelectionDescriptor#~Key~`). A whole `~Key~` segment stays for the
    /// compiler to fill. A key holding `/` would split a segment; none of these outer
    /// keys (ADMX area, policy, connection names) is expected to.
    pub fn chain_for_keys(&self, keys: &[String]) -> std::borrow::Cow<'static, str> {
        if !self.chain.contains("~Key") {
            return std::borrow::Cow::Borrowed(self.chain);
        }
        let mut segs: Vec<String> = Vec::new();
        for seg in self.chain.split('/') {
            let mut seg = seg.to_owned();
            for depth in 1..keys.len() {
                let ph = format!("~Key{depth}~");
                if seg.contains(&ph) {
                    seg = seg.replace(&ph, &keys[keys.len() - 1 - depth]);
                }
            }
            if seg != "~Key~"
                && seg.contains("~Key~")
                && let Some(k) = keys.last()
            {
                seg = seg.replace("~Key~", k);
            }
            segs.push(seg);
        }
        std::borrow::Cow::Owned(segs.join("/"))
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

    /// A readable label: the store's display name, else the schema path's last two
    /// segments (`ComputerAccount/Password`), which alone may be ambiguous.
    pub fn display_label(&self) -> &'static str {
        if !self.label.is_empty() {
            return self.label;
        }
        match self.path.rmatch_indices('/').nth(1) {
            Some((i, _)) => &self.path[i + 1..],
            None => self.path,
        }
    }

    /// A compiled value in words: an enumeration's display name, `yes`/`no` for a
    /// boolean, else the value itself.
    pub fn value_in_words(&self, value: &str) -> String {
        if let Some(d) = self.display_value(value).filter(|d| !d.is_empty()) {
            return d.to_owned();
        }
        match (self.kind, value) {
            (Kind::Value(Datatype::Bool), "true") => "yes".into(),
            (Kind::Value(Datatype::Bool), "false") => "no".into(),
            _ => value.to_owned(),
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
        assert_eq!(b.compile_value("0").unwrap(), "false");
        assert!(b.compile_value("Yes please").is_err());
        let e = setting("SMISettings/AutoLogon/Enable").unwrap();
        assert_eq!(e.compile_value("ENABLE").unwrap(), "1");
        let p = setting("Policies/Update/AllowAutoUpdate").unwrap();
        assert_eq!(p.compile_value("5").unwrap(), "5");
        let r = setting("Policies/Update/ActiveHoursEnd").unwrap();
        assert_eq!(r.compile_value("17").unwrap(), "17");
        assert!(r.compile_value("24").is_err());
        let bt = setting("Policies/Connectivity/AllowBluetooth").unwrap();
        assert_eq!(bt.compile_value("Yes").unwrap(), "2");
        let t = setting("Policies/ApplicationManagement/AllowAllTrustedApps").unwrap();
        assert_eq!(t.compile_value("True").unwrap(), "1");
        assert_eq!(t.compile_value("Yes").unwrap(), "1");
        let err = t.compile_value("Maybe").unwrap_err();
        assert_eq!(err.setting, t.path);
        let msg = err.to_string();
        assert!(
            msg.contains("Maybe") && msg.contains("\"Yes\" (1)"),
            "{msg}"
        );
        assert_eq!(
            atomic_root("Accounts/Users/User/Password").unwrap().path,
            "Accounts/Users/User"
        );
        assert!(atomic_root("Accounts/UsersX").is_none());
    }

    #[test]
    fn chains_come_from_the_store() {
        for (path, secret) in [
            (
                "ConnectivityProfiles/Email/Accounts/Account/SMTPPassword",
                true,
            ),
            ("EditionUpgrade/UpgradeEditionWithProductKey", true),
            ("Workplace/Enrollments/UPN/Secret", true),
            (
                "Policies/Power/RequirePasswordWhenComputerWakesOnBattery",
                false,
            ),
            ("Accounts/Users/User/UserGroup", false),
        ] {
            assert_eq!(setting(path).unwrap().secret, secret, "{path}");
        }
        let pw = setting("Accounts/Users/User/Password").unwrap();
        assert_eq!(pw.chain, "Accounts/Users/~Key~/Password");
        assert!(pw.secret);
        let hide = setting("OOBE/Desktop/HideOobe").unwrap();
        assert_eq!(hide.chain, "MCSF/OOBE/Desktop/HideOobe");
        let lic = setting("EditionUpgrade/UpgradeEditionWithLicense").unwrap();
        assert_eq!(lic.kind, Kind::Asset(AssetForm::FileText));
        assert!(lic.exec);
        assert!(setting("AssignedAccess/AssignedAccessSettings").is_some());
        let nfc = setting("Policies/Connectivity/AllowNFC").unwrap();
        assert!(nfc.stores.is_empty());
        let area = "ADMXIngestion/ConfigADMXInstalledPolicy/AreaName/PolicyName/SetAdmxPolicy";
        assert_eq!(
            setting(area).unwrap().chain,
            "Policy/RuntimeProvisioningConfigADMXInstall/~Key1~/~Key~"
        );
        let cmd = collection("ProvisioningCommands/PrimaryContext/Command/CommandConfig");
        assert_eq!(cmd.unwrap().key, None);
        let users = collection("Accounts/Users/User").unwrap();
        assert_eq!(users.key, Some("UserName"));
    }

    #[test]
    fn new_facts_come_from_the_store() {
        let name = setting("Accounts/ComputerAccount/ComputerName").unwrap();
        assert_eq!(name.apply_after(), ["DevDetail/DNSComputerName"]);
        assert_eq!(name.atomic_root(), Some("Accounts/ComputerAccount"));
        assert!(name.reboot);
        let group = setting("Accounts/Users/User/UserGroup").unwrap();
        assert_eq!(group.defaults(), ["1"]);
        assert_eq!(group.sequence_level(), Some(1));
        assert_eq!(group.apply_passes(), Some(1920));
        let bprt = setting("Accounts/Azure/BPRT").unwrap();
        assert!(!bprt.reboot, "the newest store decides");
        assert_eq!(bprt.fact_in("reboot", Store::Desktop2019), Some("1"));
        // Display names of every store are accepted; the newest one is shown.
        let books = setting("Policies/Browser/AllowConfigurationUpdateForBooksLibrary").unwrap();
        assert_eq!(books.compile_value("Don't allow updates").unwrap(), "0");
        assert_eq!(books.compile_value("Don\"t allow updates").unwrap(), "0");
        assert_eq!(books.display_value("0"), Some("Don\"t allow updates"));
        // A bound only one store gives does not narrow the other's.
        let cache = setting("Policies/DeliveryOptimization/DOAbsoluteMaxCacheSize").unwrap();
        assert_eq!(cache.range, None);
        let spot = setting("Policies/Experience/AllowWindowsSpotlight").unwrap();
        assert!(spot.user);
        let img = setting("Personalization/DeployDesktopImage").unwrap();
        assert_eq!(img.kind, Kind::Asset(AssetForm::DataAsset));
    }

    #[test]
    fn settings_group_ids_follow_wcd() {
        // Ids from real packages (samples/epower-v1.11, corpus README).
        assert_eq!(
            settings_group_id("Accounts/Users/User", None),
            "316e2a31-250a-5f09-a0e1-d2e5c6b03559"
        );
        assert_eq!(
            settings_group_id("AccountManagement", None),
            "a8f17d20-e9a2-548b-8237-114dfba62a88"
        );
        assert_eq!(settings_group_id("x", Some("abc")), "abc");
    }
}
