//! Names for the places a problem can be: the wizard jumps to them, the command line prints
//! their labels.

use std::fmt;

/// The wizard's pages, in WCD's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    Project,
    Device,
    Network,
    Accounts,
    Applications,
    Certificates,
    Kiosk,
    Advanced,
    Protect,
    Summary,
}

impl Page {
    pub const ALL: [Page; 10] = [
        Page::Project,
        Page::Device,
        Page::Network,
        Page::Accounts,
        Page::Applications,
        Page::Certificates,
        Page::Kiosk,
        Page::Advanced,
        Page::Protect,
        Page::Summary,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Page::Project => "Project",
            Page::Device => "Device",
            Page::Network => "Network",
            Page::Accounts => "Accounts",
            Page::Applications => "Applications",
            Page::Certificates => "Certificates",
            Page::Kiosk => "Kiosk",
            Page::Advanced => "Advanced",
            Page::Protect => "Protect",
            Page::Summary => "Summary",
        }
    }
}

/// One field of the project. Indexed variants point into the applications, certificates
/// or advanced settings lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Schema,
    ProjectName,
    PackageVersion,
    PackageRank,
    PackageId,
    DeviceName,
    ProductKey,
    HideOobe,
    Ssid,
    WifiKey,
    AdDomain,
    AdAccount,
    AdPassword,
    AdOu,
    EntraAuthority,
    EntraToken,
    EntraExpiry,
    LocalAdminName,
    LocalAdminPassword,
    MdmUpn,
    MdmDiscoveryUrl,
    MdmEnrollmentUrl,
    MdmPolicyUrl,
    MdmSecret,
    AppName(usize),
    AppInstaller(usize),
    AppCommandLine(usize),
    AppDependency(usize, usize),
    CertName(usize),
    CertPath(usize),
    CertPassword(usize),
    KioskAccount,
    KioskPassword,
    KioskApp,
    ProtectPassword,
    Advanced(usize),
}

impl Field {
    /// The page the field is on.
    pub fn page(self) -> Page {
        use Field::*;
        match self {
            Schema | ProjectName | PackageVersion | PackageRank | PackageId => Page::Project,
            DeviceName | ProductKey | HideOobe => Page::Device,
            Ssid | WifiKey => Page::Network,
            AdDomain | AdAccount | AdPassword | AdOu | EntraAuthority | EntraToken
            | EntraExpiry | LocalAdminName | LocalAdminPassword | MdmUpn | MdmDiscoveryUrl
            | MdmEnrollmentUrl | MdmPolicyUrl | MdmSecret => Page::Accounts,
            AppName(_) | AppInstaller(_) | AppCommandLine(_) | AppDependency(..) => {
                Page::Applications
            }
            CertName(_) | CertPath(_) | CertPassword(_) => Page::Certificates,
            KioskAccount | KioskPassword | KioskApp => Page::Kiosk,
            ProtectPassword => Page::Protect,
            Advanced(_) => Page::Advanced,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Field::*;
        match self {
            Schema => f.write_str("Schema version"),
            ProjectName => f.write_str("Project name"),
            PackageVersion => f.write_str("Package version"),
            PackageRank => f.write_str("Package rank"),
            PackageId => f.write_str("Package id"),
            DeviceName => f.write_str("Device name"),
            ProductKey => f.write_str("Product key"),
            HideOobe => f.write_str("Hide setup screens"),
            Ssid => f.write_str("Network SSID"),
            WifiKey => f.write_str("Wi-Fi password"),
            AdDomain => f.write_str("Domain name"),
            AdAccount => f.write_str("Domain join account"),
            AdPassword => f.write_str("Domain join password"),
            AdOu => f.write_str("Organizational unit"),
            EntraAuthority => f.write_str("Entra authority"),
            EntraToken => f.write_str("Bulk token"),
            EntraExpiry => f.write_str("Bulk token expiry"),
            LocalAdminName => f.write_str("Local administrator name"),
            LocalAdminPassword => f.write_str("Local administrator password"),
            MdmUpn => f.write_str("MDM enrollment account (UPN)"),
            MdmDiscoveryUrl => f.write_str("MDM discovery URL"),
            MdmEnrollmentUrl => f.write_str("MDM enrollment URL"),
            MdmPolicyUrl => f.write_str("MDM policy URL"),
            MdmSecret => f.write_str("MDM enrollment secret"),
            AppName(i) => write!(f, "Application {} name", i + 1),
            AppInstaller(i) => write!(f, "Application {} installer", i + 1),
            AppCommandLine(i) => write!(f, "Application {} command line", i + 1),
            AppDependency(i, j) => write!(f, "Application {} extra file {}", i + 1, j + 1),
            CertName(i) => write!(f, "Certificate {} name", i + 1),
            CertPath(i) => write!(f, "Certificate {} file", i + 1),
            CertPassword(i) => write!(f, "Certificate {} password", i + 1),
            KioskAccount => f.write_str(super::kiosk::ACCOUNT.label),
            KioskPassword => f.write_str(super::kiosk::PASSWORD.label),
            KioskApp => f.write_str("Kiosk app"),
            ProtectPassword => f.write_str("Package password"),
            Advanced(i) => write!(f, "Advanced setting {}", i + 1),
        }
    }
}
