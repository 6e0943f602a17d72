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
/// or advanced settings lists. What each one is called, where it is and what it writes is
/// its descriptor's business ([`crate::project::sections`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Schema,
    ProjectName,
    Description,
    PackageVersion,
    PackageRank,
    PackageId,
    DeviceName,
    ProductKey,
    SharedUse,
    RemovePreinstalled,
    HideOobe,
    AllowAllTrustedApps,
    WifiOn,
    Ssid,
    WifiSecurity,
    WifiKey,
    WifiHidden,
    WifiAutoConnect,
    Join,
    AdDomain,
    AdAccount,
    AdPassword,
    AdOu,
    EntraAuthority,
    EntraTenant,
    EntraToken,
    EntraExpiry,
    LocalAdminName,
    LocalAdminPassword,
    MdmUpn,
    MdmAuth,
    MdmDiscoveryUrl,
    MdmEnrollmentUrl,
    MdmPolicyUrl,
    MdmSecret,
    AppName(usize),
    AppInstaller(usize),
    AppCommandLine(usize),
    AppDependency(usize, usize),
    AppContinue(usize),
    AppRestart(usize),
    AppSuccessCode(usize),
    AppRestartCode(usize),
    CertName(usize),
    CertKind(usize),
    CertPath(usize),
    CertPassword(usize),
    CertKeyLocation(usize),
    CertExportable(usize),
    KioskAccount,
    KioskPassword,
    KioskApp,
    ProtectPassword,
    Advanced(usize),
    /// Targets and variants of a multivariant project.
    Targets,
}

impl Field {
    /// How many variants there are (each has one descriptor; a test counts them).
    pub const COUNT: usize = 55;

    /// The page the field is on.
    pub fn page(self) -> Page {
        crate::project::sections::spec(self).page
    }

    /// The list index (and, for an extra file, its index in the application) of an
    /// indexed field.
    pub fn indexes(self) -> (Option<usize>, Option<usize>) {
        use Field::*;
        match self {
            AppDependency(i, j) => (Some(i), Some(j)),
            AppName(i) | AppInstaller(i) | AppCommandLine(i) | AppContinue(i) | AppRestart(i)
            | AppSuccessCode(i) | AppRestartCode(i) | CertName(i) | CertKind(i) | CertPath(i)
            | CertPassword(i) | CertKeyLocation(i) | CertExportable(i) | Advanced(i) => {
                (Some(i), None)
            }
            Schema | ProjectName | Description | PackageVersion | PackageRank | PackageId
            | DeviceName | ProductKey | SharedUse | RemovePreinstalled | HideOobe
            | AllowAllTrustedApps | WifiOn | Ssid | WifiSecurity | WifiKey | WifiHidden
            | WifiAutoConnect | Join | AdDomain | AdAccount | AdPassword | AdOu
            | EntraAuthority | EntraTenant | EntraToken | EntraExpiry | LocalAdminName
            | LocalAdminPassword | MdmUpn | MdmAuth | MdmDiscoveryUrl | MdmEnrollmentUrl
            | MdmPolicyUrl | MdmSecret | KioskAccount | KioskPassword | KioskApp
            | ProtectPassword | Targets => (None, None),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::project::sections::spec(*self).label_of(*self))
    }
}
