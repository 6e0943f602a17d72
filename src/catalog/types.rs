//! The shape of one catalog entry. Kept free of logic so the tables read like data.

use super::store::StoreSet;

/// provxml `datatype` of a value setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Datatype {
    /// `boolean`, value `true`/`false`; customizations.xml says `True`/`False`.
    Bool,
    /// `integer`; enumerations compile to their key.
    Int,
    /// `string`; text as typed, or the key of an enumeration. Store Type 4 (binary)
    /// compiles as a string too: no package shows WCD's form for it.
    Str,
}

impl Datatype {
    /// The provxml spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Datatype::Bool => "boolean",
            Datatype::Int => "integer",
            Datatype::Str => "string",
        }
    }
}

/// How a file named by an asset setting ends up in the package.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum AssetForm {
    /// Packed under `/DataAsset/<element>/<k>_<hash>/<file>` and referenced from a
    /// `Provisioning/Assets/{PackageID}/<instance path>` characteristic (catalog 2.6):
    /// assets the store gives no `Serialization`.
    DataAsset,
    /// A certificate (`.cer`, DER or PEM/Base64) put inline as Base64 of its DER
    /// (store Serialization 3); its SHA-1 thumbprint fills `@CertificateHash@`.
    CertificateDer,
    /// Any file put inline as Base64 of its bytes (store Serialization 2, `.pfx`).
    FileBase64,
    /// A text file (a license or configuration XML) put inline as its text (store
    /// Serialization 5).
    FileText,
    /// An app package (`.appx`, `.msix`, bundles; store Serialization 4): packed like a
    /// [`AssetForm::DataAsset`], and its own target gets the HostedInstall payload naming
    /// it, its dependencies and options (see `package::compile::apps`).
    AppPackage,
    /// An app's dependency or optional package (store Serialization 8): packed like a
    /// [`AssetForm::DataAsset`]; its store target is `Dummy`, its app's payload names it.
    AppDependency,
    /// A Store app licence (store Serialization 7): Base64 of the file inside the
    /// documented AddLicense payload, inline.
    AppLicense,
    /// A store Serialization whose output nothing documents (1 WLAN profile file, 6
    /// provisioner certificate): the compiler refuses it rather than guess.
    Serialized(u8),
}

/// What a setting is and how its value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Kind {
    /// A leaf holding text that becomes one `<parm>`.
    Value(Datatype),
    /// A leaf holding a file path on the build machine.
    Asset(AssetForm),
    /// The `WLANXmlSettings` subtree: WCD generates one WLAN profile from its four leaves.
    WlanProfile,
}

/// One setting WCD can compile: everything the compiler, the wizard and `inspect` need.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Setting {
    /// Schema path below `<Common>` without instance selectors, e.g.
    /// `Accounts/Users/User/Password` (also the provxml `SettingsPath`).
    pub path: &'static str,
    /// Value, asset or generated profile.
    pub kind: Kind,
    /// Characteristic chain with the parm name last, `/`-separated, as in the store's CSP
    /// path without `./Vendor/MSFT/` (registry targets start with `MCSF`). `~Key~` = the
    /// enclosing map key or list index, `@CertificateHash@` = the certificate's SHA-1
    /// thumbprint, `$(__PackageID)` is literal, `Seg!scope=X` adds `scope="X"`.
    /// Empty for DataAsset settings (their chain is `Provisioning/Assets/{id}/<path>`).
    pub chain: &'static str,
    /// Enumeration: customizations.xml display text → compiled value.
    pub values: &'static [(&'static str, &'static str)],
    /// Allowed integer range, when the store gives one instead of an enumeration.
    pub range: Option<(i64, i64)>,
    /// Store Action 2: the parm gets `exec="1"`.
    pub exec: bool,
    /// Store RequiresReboot: a `Provisioning/ForceSettingReload` parm follows.
    pub reboot: bool,
    /// Store Context 1: compiled into `User_RunTime`.
    pub user: bool,
    /// The value is a password, key or token: `inspect` hides it and warns.
    pub secret: bool,
    /// SettingsGroup id for a non-atomic setting, when WCD output showed one.
    pub sg: Option<&'static str>,
    /// Short readable label for `inspect` and the wizard: the store's DisplayName.
    pub label: &'static str,
    /// The stores that know the setting; empty for the few only real packages show.
    pub stores: StoreSet,
}

impl Setting {
    /// A default entry for `path`; tables override fields with struct-update syntax.
    pub const fn new(path: &'static str, kind: Kind, chain: &'static str) -> Self {
        Setting {
            path,
            kind,
            chain,
            values: &[],
            range: None,
            exec: false,
            reboot: false,
            user: false,
            secret: false,
            sg: None,
            label: "",
            stores: StoreSet::NONE,
        }
    }
}

/// A keyed collection (store Map) or an ordered one (store List).
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Collection {
    /// Schema path of the repeated element, e.g. `Accounts/Users/User`.
    pub path: &'static str,
    /// The key attribute of a map (`UserName`, `SSID`…); `None` for a list, whose items
    /// are addressed by index.
    pub key: Option<&'static str>,
}

/// A store node marked atomic: its whole subtree compiles into one provxml file.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct AtomicGroup {
    /// Schema path of the atomic root, e.g. `Accounts/ComputerAccount`.
    pub path: &'static str,
    /// A fixed SettingsGroup id; `None`: derived from the path (see
    /// [`super::settings_group_id`]).
    pub sg: Option<&'static str>,
}
