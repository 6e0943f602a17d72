//! Every focusable place in the wizard. A slot names a widget on a page. A slot that edits
//! a field of the project is that field's widget: its label, example and help are the
//! field's descriptor's ([`crate::project::sections`]); the others (buttons, lists,
//! switches of the wizard itself) are described here and in `help.rs`.

use crate::project::Field;
use crate::project::sections::{FieldSpec, spec};

/// A focusable widget of some page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    // Project
    Name,
    Folder,
    Description,
    Version,
    // Device
    DeviceName,
    ProductKey,
    SharedUse,
    RemovePreinstalled,
    HideOobe,
    // Network
    WifiOn,
    Ssid,
    Security,
    WifiKey,
    ShowWifiKey,
    Hidden,
    // Accounts
    Join,
    AdDomain,
    AdAccount,
    AdPassword,
    AdOu,
    EntraTenant,
    EntraExpiry,
    GetToken,
    CheckTenant,
    AdminOn,
    AdminName,
    AdminPassword,
    MdmOn,
    MdmUpn,
    MdmAuth,
    MdmDiscovery,
    MdmEnrollmentUrl,
    MdmPolicyUrl,
    MdmSecret,
    // Applications
    AppList,
    AppAdd,
    AppName,
    AppInstaller,
    AppBrowse,
    AppCommand,
    AppContinue,
    AppRestart,
    AppSuccessCode,
    AppRestartCode,
    AppDone,
    // Certificates
    CertList,
    CertAdd,
    CertName,
    CertKind,
    CertPath,
    CertBrowse,
    CertPassword,
    CertKeyLocation,
    CertExportable,
    CertDone,
    // Kiosk
    KioskOn,
    KioskAccount,
    KioskCreate,
    KioskPassword,
    KioskAutoSignIn,
    KioskAppKind,
    KioskAumid,
    KioskPath,
    // Advanced
    AdvSearch,
    AdvSet,
    AdvResults,
    AdvEntries,
    AdvKey,
    AdvValue,
    AdvBrowse,
    // Protect
    ProtectOn,
    ProtectPassword,
    ProtectConfirm,
    ShowProtect,
    Generate,
    // Summary
    Problems,
    Create,
    Batch,
    /// The widget of a field that has no slot of its own: everything about it comes from
    /// its descriptor.
    Of(Field),
}

/// The slots that edit a field of the project, with the field (indexed ones with index
/// 0): the one table between the wizard's widgets and the model's fields.
const FIELD_SLOTS: [(Slot, Field); 42] = [
    (Slot::Name, Field::ProjectName),
    (Slot::Description, Field::Description),
    (Slot::Version, Field::PackageVersion),
    (Slot::DeviceName, Field::DeviceName),
    (Slot::ProductKey, Field::ProductKey),
    (Slot::SharedUse, Field::SharedUse),
    (Slot::RemovePreinstalled, Field::RemovePreinstalled),
    (Slot::HideOobe, Field::HideOobe),
    (Slot::WifiOn, Field::WifiOn),
    (Slot::Ssid, Field::Ssid),
    (Slot::Security, Field::WifiSecurity),
    (Slot::WifiKey, Field::WifiKey),
    (Slot::Hidden, Field::WifiHidden),
    (Slot::Join, Field::Join),
    (Slot::AdDomain, Field::AdDomain),
    (Slot::AdAccount, Field::AdAccount),
    (Slot::AdPassword, Field::AdPassword),
    (Slot::AdOu, Field::AdOu),
    (Slot::EntraTenant, Field::EntraTenant),
    (Slot::EntraExpiry, Field::EntraExpiry),
    (Slot::AdminName, Field::LocalAdminName),
    (Slot::AdminPassword, Field::LocalAdminPassword),
    (Slot::MdmUpn, Field::MdmUpn),
    (Slot::MdmAuth, Field::MdmAuth),
    (Slot::MdmDiscovery, Field::MdmDiscoveryUrl),
    (Slot::MdmEnrollmentUrl, Field::MdmEnrollmentUrl),
    (Slot::MdmPolicyUrl, Field::MdmPolicyUrl),
    (Slot::MdmSecret, Field::MdmSecret),
    (Slot::AppName, Field::AppName(0)),
    (Slot::AppInstaller, Field::AppInstaller(0)),
    (Slot::AppCommand, Field::AppCommandLine(0)),
    (Slot::AppContinue, Field::AppContinue(0)),
    (Slot::AppRestart, Field::AppRestart(0)),
    (Slot::AppSuccessCode, Field::AppSuccessCode(0)),
    (Slot::AppRestartCode, Field::AppRestartCode(0)),
    (Slot::CertName, Field::CertName(0)),
    (Slot::CertKind, Field::CertKind(0)),
    (Slot::CertPath, Field::CertPath(0)),
    (Slot::CertPassword, Field::CertPassword(0)),
    (Slot::CertKeyLocation, Field::CertKeyLocation(0)),
    (Slot::CertExportable, Field::CertExportable(0)),
    (Slot::ProtectPassword, Field::ProtectPassword),
];

impl Slot {
    /// The field this slot edits, when it edits one (indexed fields with index 0).
    pub fn field(self) -> Option<Field> {
        if let Slot::Of(f) = self {
            return Some(f);
        }
        FIELD_SLOTS
            .iter()
            .find(|(s, _)| *s == self)
            .map(|(_, f)| *f)
    }

    /// The slot that edits `field` (whatever its index).
    pub fn for_field(field: Field) -> Slot {
        let want = std::mem::discriminant(&field);
        FIELD_SLOTS
            .iter()
            .find(|(_, f)| std::mem::discriminant(f) == want)
            .map_or(Slot::Of(field), |(s, _)| *s)
    }

    /// The descriptor of the field this slot edits.
    pub fn spec(self) -> Option<&'static FieldSpec> {
        self.field().map(spec)
    }

    /// The label shown beside (or, for check boxes and buttons, as) the widget.
    pub fn label(self) -> &'static str {
        use Slot::*;
        if let Some(s) = self.spec() {
            return s.prompt;
        }
        match self {
            Folder => "Project folder",
            ShowWifiKey => "Show the password",
            GetToken => "Get bulk token",
            CheckTenant => "Check tenant",
            AdminOn => "Also create a local administrator",
            MdmOn => "Enroll in on-premises MDM",
            AppList => "Applications",
            AppAdd => "Add an application",
            AppBrowse => "Browse for the installer…",
            AppDone => "Back to the list",
            CertList => "Certificates",
            CertAdd => "Add a certificate",
            CertBrowse => "Browse for the file…",
            CertDone => "Back to the list",
            KioskOn => "Make these devices kiosks",
            KioskAccount => crate::project::kiosk::ACCOUNT.label,
            KioskCreate => crate::project::kiosk::CREATE.label,
            KioskPassword => "Password",
            KioskAutoSignIn => crate::project::kiosk::AUTO_SIGN_IN.label,
            KioskAppKind => "The app it runs",
            KioskAumid => crate::project::kiosk::STORE_APP.label,
            KioskPath => crate::project::kiosk::DESKTOP_APP.label,
            AdvSearch => "Search",
            AdvSet => "Set in this project",
            AdvResults => "Settings found",
            AdvEntries => "Entries set",
            AdvKey => "Entry name",
            AdvValue => "Value",
            AdvBrowse => "Browse for the file…",
            ProtectOn => "Protect the package with a password",
            ProtectConfirm => "Password again",
            ShowProtect => "Show the passwords",
            Generate => "Generate a strong password",
            Problems => "Problems",
            Create => "Create the package",
            Batch => "Create one package per row of a CSV…",
            _ => "",
        }
    }

    /// The example shown in an empty text field.
    pub fn placeholder(self) -> &'static str {
        use Slot::*;
        if let Some(s) = self.spec() {
            return s.example;
        }
        match self {
            Folder => "e.g. /home/me/packages",
            KioskAccount => crate::project::kiosk::ACCOUNT.example,
            KioskPassword => crate::project::kiosk::PASSWORD.example,
            KioskAumid => crate::project::kiosk::STORE_APP.example,
            KioskPath => crate::project::kiosk::DESKTOP_APP.example,
            ProtectConfirm => "type the same password again",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A slot editing a field shows that field's descriptor, so the wizard, `check` and
    /// F1 cannot describe one field two ways.
    #[test]
    fn field_slots_take_their_words_from_the_descriptor() {
        for f in crate::project::sections::all() {
            let s = Slot::Of(f.field);
            assert_eq!(s.label(), f.prompt);
            assert_eq!(s.placeholder(), f.example);
        }
        assert_eq!(Slot::Ssid.label(), "Network name (SSID)");
        assert_eq!(Slot::Ssid.field(), Some(Field::Ssid));
        assert_eq!(Slot::ShowWifiKey.field(), None);
        assert_eq!(Slot::for_field(Field::AppName(3)), Slot::AppName);
        assert_eq!(
            Slot::for_field(Field::EntraToken),
            Slot::Of(Field::EntraToken)
        );
        for (slot, field) in FIELD_SLOTS {
            assert_eq!(Slot::for_field(field), slot, "one slot per field");
        }
        assert_eq!(Slot::ShowWifiKey.label(), "Show the password");
    }
}
