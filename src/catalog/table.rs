//! Every non-policy setting the compiler knows, from `settings-catalog.md` section 4.
//! One entry per setting: adding a setting is adding a line here.

use super::types::{AssetForm::*, AtomicGroup, Collection, Datatype::*, Kind, Setting};

const fn val(path: &'static str, dt: super::Datatype, chain: &'static str) -> Setting {
    Setting::new(path, Kind::Value(dt), chain)
}

const fn asset(path: &'static str, form: super::AssetForm, chain: &'static str) -> Setting {
    Setting::new(path, Kind::Asset(form), chain)
}

const CMD: &str = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";
const YES_NO_ALLOWED: &[(&str, &str)] = &[("Not allowed", "0"), ("Allowed", "1")];

/// Settings in store order (case-insensitive alphabetical, depth first); the compiler
/// sorts by the document anyway, so the order here is only for readers.
#[rustfmt::skip]
pub(super) static SETTINGS: &[Setting] = &[
    // 4.15 AccountManagement (atomic root)
    Setting { label: "Profile deletion policy", values: &[("Delete immediately", "0"), ("Delete at storage capacity threshold", "1"), ("Delete at storage capacity threshold and profile inactivity threshold", "2")], range: Some((0, 2)),
        ..val("AccountManagement/UserProfilePolicies/DeletionPolicy", Int, "AccountManagement/UserProfileManagement/DeletionPolicy") },
    Setting { label: "Profile manager enabled", ..val("AccountManagement/UserProfilePolicies/EnableProfileManager", Bool, "AccountManagement/UserProfileManagement/EnableProfileManager") },
    Setting { label: "Profile inactivity threshold (days)", range: Some((0, i64::MAX)), ..val("AccountManagement/UserProfilePolicies/ProfileInactivityThreshold", Int, "AccountManagement/UserProfileManagement/ProfileInactivityThreshold") },
    Setting { label: "Start deleting profiles at storage %", range: Some((0, 100)), ..val("AccountManagement/UserProfilePolicies/StorageCapacityStartDeletion", Int, "AccountManagement/UserProfileManagement/StorageCapacityStartDeletion") },
    Setting { label: "Stop deleting profiles at storage %", range: Some((0, 100)), ..val("AccountManagement/UserProfilePolicies/StorageCapacityStopDeletion", Int, "AccountManagement/UserProfileManagement/StorageCapacityStopDeletion") },
    // 4.2 Accounts/Azure (atomic)
    Setting { label: "Entra ID join authority", ..val("Accounts/Azure/Authority", Str, "AADJ/Authority") },
    Setting { label: "Entra ID bulk token", secret: true, ..val("Accounts/Azure/BPRT", Str, "AADJ/BPRT") },
    // 4.1 Accounts/ComputerAccount (atomic)
    Setting { label: "Domain join account", ..val("Accounts/ComputerAccount/Account", Str, "Accounts/Domain/Account") },
    Setting { label: "Domain join OU", ..val("Accounts/ComputerAccount/AccountOU", Str, "Accounts/Domain/AccountOU") },
    Setting { label: "Device name", reboot: true, ..val("Accounts/ComputerAccount/ComputerName", Str, "Accounts/Domain/ComputerName") },
    Setting { label: "Domain", reboot: true, ..val("Accounts/ComputerAccount/DomainName", Str, "Accounts/Domain/DomainName") },
    Setting { label: "Domain join password", secret: true, ..val("Accounts/ComputerAccount/Password", Str, "Accounts/Domain/Password") },
    // 4.3 Accounts/Users/User (map, atomic per user)
    Setting { label: "Home folder", ..val("Accounts/Users/User/HomeDir", Str, "Accounts/Users/~Key~/HomeDir") },
    Setting { label: "Local account password", secret: true, ..val("Accounts/Users/User/Password", Str, "Accounts/Users/~Key~/Password") },
    Setting { label: "Group", values: &[("Standard Users", "1"), ("Administrators", "2")],
        ..val("Accounts/Users/User/UserGroup", Int, "Accounts/Users/~Key~/LocalUserGroup") },
    // 4.7 Certificates (maps, atomic per entry, inline assets)
    Setting { label: "CA certificate", ..asset("Certificates/CACertificates/CACerificate/CertificatePath", CertificateDer, "RootCATrustedCertificates!scope=Device/CA/@CertificateHash@/EncodedCertificate") },
    Setting { label: "Client certificate password", secret: true, ..val("Certificates/ClientCertificates/ClientCertificate/CertificatePassword", Str, "ClientCertificateInstall!scope=Device/PFXCertInstall/~Key~/PFXCertPassword") },
    Setting { label: "Client certificate (.pfx)", ..asset("Certificates/ClientCertificates/ClientCertificate/CertificatePath", FileBase64, "ClientCertificateInstall!scope=Device/PFXCertInstall/~Key~/PFXCertBlob") },
    Setting { label: "Private key exportable", ..val("Certificates/ClientCertificates/ClientCertificate/ExportCertificate", Bool, "ClientCertificateInstall!scope=Device/PFXCertInstall/~Key~/PFXKeyExportable") },
    Setting { label: "Key location", values: &[("TPM only", "1"), ("TPM with software fallback", "2"), ("Software only", "3")],
        ..val("Certificates/ClientCertificates/ClientCertificate/KeyLocation", Int, "ClientCertificateInstall!scope=Device/PFXCertInstall/~Key~/KeyLocation") },
    Setting { label: "eSIM OEM certificate", ..asset("Certificates/OemEsimCertificates/OemEsimCertificate/CertificatePath", CertificateDer, "RootCATrustedCertificates!scope=Device/OemEsim/@CertificateHash@/EncodedCertificate") },
    Setting { label: "Root certificate", ..asset("Certificates/RootCertificates/RootCertificate/CertificatePath", CertificateDer, "RootCATrustedCertificates!scope=Device/Root/@CertificateHash@/EncodedCertificate") },
    Setting { label: "Trusted people certificate", ..asset("Certificates/TrustedPeopleCertificates/Certificate/TrustedCertificate", CertificateDer, "RootCATrustedCertificates!scope=Device/TrustedPeople/@CertificateHash@/EncodedCertificate") },
    // CleanPC (atomic category). The store gives Int 0..1; the GUI writes `Enable`. The
    // CleanPC CSP nodes only support Exec, hence exec (inferred, not observed).
    Setting { label: "Remove pre-installed software, keep user data", values: &[("Enable", "1")], range: Some((0, 1)), exec: true, reboot: true,
        ..val("CleanPC/CleanPCRetainingUserData", Int, "CleanPC/CleanPCRetainingUserData") },
    Setting { label: "Remove pre-installed software and user data", values: &[("Enable", "1")], range: Some((0, 1)), exec: true, reboot: true,
        ..val("CleanPC/CleanPCWithoutRetainingUserData", Int, "CleanPC/CleanPCWithoutRetainingUserData") },
    // 4.5 WLAN (map keyed by SSID, atomic per network)
    Setting { label: "Wi-Fi proxy", ..val("ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/ProxyServerPort", Str, "WiFi/Profile/~Key~/Proxy") },
    Setting { label: "Wi-Fi", ..Setting::new("ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings", Kind::WlanProfile, "WiFi/Profile/~Key~/WlanXml") },
    // 4.4 DevDetail
    Setting { label: "Device name", reboot: true, ..val("DevDetail/DNSComputerName", Str, "DevDetail/Ext/Microsoft/DNSComputerName") },
    // 4.15 DeviceManagement (atomic root)
    Setting { label: "Crash dumps", values: YES_NO_ALLOWED, ..val("DeviceManagement/MemoryDump/AllowCrashDump", Int, "Policy/Config/MemoryDump/AllowCrashDump") },
    Setting { label: "Live dumps", values: YES_NO_ALLOWED, ..val("DeviceManagement/MemoryDump/AllowLiveDump", Int, "Policy/Config/MemoryDump/AllowLiveDump") },
    // 4.9 EditionUpgrade and Licensing
    Setting { label: "Product key", exec: true, secret: true, sg: Some("0bdbcd69-0d44-5ebf-b914-056b6263f183"),
        ..val("EditionUpgrade/ChangeProductKey", Str, "WindowsLicensing/ChangeProductKey") },
    Setting { label: "Edition upgrade product key", exec: true, reboot: true, secret: true, sg: Some("58447d95-84fd-50a8-b78f-35beb1d01425"),
        ..val("EditionUpgrade/UpgradeEditionWithProductKey", Str, "WindowsLicensing/UpgradeEditionWithProductKey") },
    Setting { label: "Allow Windows entitlement reactivation", sg: Some("b093fcb7-5866-595a-b0d4-4b2f7e995d9d"),
        ..val("Licensing/AllowWindowsEntitlementReactivation", Bool, "MCSF/Licensing/AllowWindowsEntitlementReactivation") },
    Setting { label: "Disallow KMS client online AVS validation", sg: Some("e171810c-149d-5a1d-826b-3e7853a45a08"),
        ..val("Licensing/DisallowKMSClientOnlineAVSValidation", Bool, "MCSF/Licensing/DisallowKMSClientOnlineAVSValidation") },
    // 4.8 OOBE
    Setting { label: "Cortana voice in setup", sg: Some("2f06d211-95c0-5efd-a257-d6085f324283"), ..val("OOBE/Desktop/EnableCortanaVoice", Bool, "MCSF/OOBE/Desktop/EnableCortanaVoice") },
    Setting { label: "Hide first-run setup (OOBE)", sg: Some("b786dbf1-ec31-5be5-aa49-934e4489fae9"), ..val("OOBE/Desktop/HideOobe", Bool, "MCSF/OOBE/Desktop/HideOobe") },
    // 4.14 Personalization
    Setting { label: "Company logo URL", ..val("Personalization/CompanyLogoUrl", Str, "Personalization/CompanyLogoUrl") },
    Setting { label: "Company name", ..val("Personalization/CompanyName", Str, "Personalization/CompanyName") },
    Setting { label: "Company logo", ..asset("Personalization/DeployCompanyLogo", DataAsset, "") },
    Setting { label: "Desktop image", sg: Some("3ab9e106-44e4-5f87-937c-77f770442e91"), ..asset("Personalization/DeployDesktopImage", DataAsset, "") },
    Setting { label: "Lock screen image", sg: Some("ece6e276-664c-5f1a-83bc-f118e31a65cf"), ..asset("Personalization/DeployLockScreenImage", DataAsset, "") },
    Setting { label: "Desktop image URL", sg: Some("5674cdd2-3cb6-5e43-8430-fe320c1796fa"), ..val("Personalization/DesktopImageUrl", Str, "Personalization/DesktopImageUrl") },
    Setting { label: "Lock screen image URL", sg: Some("2896ba7e-660c-5ef6-bc42-121869851e43"), ..val("Personalization/LockScreenImageUrl", Str, "Personalization/LockScreenImageUrl") },
    // 4.6 ProvisioningCommands (not atomic; lists)
    Setting { label: "Device-context command file", ..asset("ProvisioningCommands/DeviceContext/CommandFiles/CommandFile", DataAsset, "") },
    Setting { label: "Device-context command line", ..val("ProvisioningCommands/DeviceContext/CommandLine", Str, "ProvisioningCommands/DeviceContext/$(__PackageID)/Default/CommandLine") },
    Setting { label: "Command file", sg: Some("1348d3d6-134b-5eb8-8f89-96c44bf9aa0b"), ..asset(concat_cmd::FILE, DataAsset, "") },
    Setting { label: "Command line", sg: Some("56ccb8ff-b5f2-5806-a504-ab9091876608"), ..val(concat_cmd::LINE, Str, "ProvisioningCommands/PrimaryContext/$(__PackageID)/~Key~/CommandLine") },
    Setting { label: "Continue after failure", sg: Some("290f8b72-c400-5dc4-8e56-b98df699071a"), ..val(concat_cmd::CONTINUE, Bool, "ProvisioningCommands/PrimaryContext/$(__PackageID)/~Key~/ContinueInstall") },
    Setting { label: "Dependency file", sg: Some("0fb42616-94a6-5da8-b711-fd15131232e9"), ..asset(concat_cmd::DEPENDENCY, DataAsset, "") },
    Setting { label: "Restart required", sg: Some("0a0302fe-0203-5635-8005-2878eac632cd"), ..val(concat_cmd::RESTART, Bool, "ProvisioningCommands/PrimaryContext/$(__PackageID)/~Key~/RestartRequired") },
    Setting { label: "Return code meaning restart", sg: Some("0c1ffbe1-4777-5325-afb2-61bfeee42220"), range: Some((i32::MIN as i64, u32::MAX as i64)),
        ..val(concat_cmd::RC_RESTART, Int, "ProvisioningCommands/PrimaryContext/$(__PackageID)/~Key~/ReturnCodeRestart") },
    Setting { label: "Return code meaning success", sg: Some("370d2f73-b454-5319-b1b1-ad5dcb6c1e42"), range: Some((i32::MIN as i64, u32::MAX as i64)),
        ..val(concat_cmd::RC_SUCCESS, Int, "ProvisioningCommands/PrimaryContext/$(__PackageID)/~Key~/ReturnCodeSuccess") },
    // 4.10 SharedPC (atomic category)
    Setting { label: "Shared PC account model", values: &[("Only guest", "0"), ("Domain-joined only", "1"), ("Domain-joined and guest", "2")], range: Some((0, 2)),
        ..val("SharedPC/AccountManagement/AccountModel", Int, "SharedPC/AccountModel") },
    Setting { label: "Shared PC account deletion", values: &[("Delete immediately", "0"), ("Delete at disk space threshold", "1"), ("Delete at disk space threshold and inactive threshold", "2")], range: Some((0, 2)),
        ..val("SharedPC/AccountManagement/DeletionPolicy", Int, "SharedPC/DeletionPolicy") },
    Setting { label: "Shared PC disk caching level", range: Some((0, 100)), ..val("SharedPC/AccountManagement/DiskLevelCaching", Int, "SharedPC/DiskLevelCaching") },
    Setting { label: "Shared PC disk deletion level", range: Some((0, 100)), ..val("SharedPC/AccountManagement/DiskLevelDeletion", Int, "SharedPC/DiskLevelDeletion") },
    Setting { label: "Shared PC account manager", ..val("SharedPC/AccountManagement/EnableAccountManager", Bool, "SharedPC/EnableAccountManager") },
    Setting { label: "Shared PC inactive threshold (days)", range: Some((0, i64::MAX)), ..val("SharedPC/AccountManagement/InactiveThreshold", Int, "SharedPC/InactiveThreshold") },
    Setting { label: "Shared PC kiosk app", ..val("SharedPC/AccountManagement/KioskModeAUMID", Str, "SharedPC/KioskModeAUMID") },
    Setting { label: "Shared PC kiosk tile text", ..val("SharedPC/AccountManagement/KioskModeUserTileDisplayText", Str, "SharedPC/KioskModeUserTileDisplayText") },
    Setting { label: "Shared PC mode", ..val("SharedPC/EnableSharedPCMode", Bool, "SharedPC/EnableSharedPCMode") },
    Setting { label: "Shared PC maintenance start (minutes)", range: Some((0, 1440)), ..val("SharedPC/PolicyCustomization/MaintenanceStartTime", Int, "SharedPC/MaintenanceStartTime") },
    Setting { label: "Shared PC max page file (MB)", range: Some((1024, 2048)), ..val("SharedPC/PolicyCustomization/MaxPageFileSizeMB", Int, "SharedPC/MaxPageFileSizeMB") },
    Setting { label: "Shared PC restrict local storage", ..val("SharedPC/PolicyCustomization/RestrictLocalStorage", Bool, "SharedPC/RestrictLocalStorage") },
    Setting { label: "Shared PC education policies", ..val("SharedPC/PolicyCustomization/SetEduPolicies", Bool, "SharedPC/SetEduPolicies") },
    Setting { label: "Shared PC power policies", ..val("SharedPC/PolicyCustomization/SetPowerPolicies", Bool, "SharedPC/SetPowerPolicies") },
    Setting { label: "Shared PC sign-in on resume", ..val("SharedPC/PolicyCustomization/SignInOnResume", Bool, "SharedPC/SignInOnResume") },
    Setting { label: "Shared PC sleep timeout (s)", range: Some((0, i64::MAX)), ..val("SharedPC/PolicyCustomization/SleepTimeout", Int, "SharedPC/SleepTimeout") },
    // 4.13 SMISettings
    Setting { label: "Automatic sign-in domain", ..val("SMISettings/AutoLogon/DomainName", Str, "MCSF/SMISettings/AutoLogon/DomainName") },
    Setting { label: "Automatic sign-in", values: &[("ENABLE", "1")], ..val("SMISettings/AutoLogon/Enable", Str, "MCSF/SMISettings/AutoLogon/Enable") },
    Setting { label: "Automatic sign-in password", secret: true, ..val("SMISettings/AutoLogon/Password", Str, "MCSF/SMISettings/AutoLogon/Password") },
    Setting { label: "Automatic sign-in user", ..val("SMISettings/AutoLogon/UserName", Str, "MCSF/SMISettings/AutoLogon/UserName") },
    Setting { label: "Crash dump", sg: Some("f2a6b5ba-908d-5240-9b52-55f15d4e9212"), values: &[("Disable", "0"), ("Full dump", "1"), ("Kernel memory only", "2"), ("Mini dump", "7")],
        ..val("SMISettings/CrashDumpEnabled", Int, "MCSF/SMISettings/CrashDumpEnabled") },
    Setting { label: "Disable boot menu", sg: Some("6d1c0ad8-3f11-5a9d-b391-ca7737105bb3"), ..val("SMISettings/DisableBootMenu", Bool, "MCSF/SMISettings/DisableBootMenu") },
    Setting { label: "Hide all boot UI", sg: Some("e6f757c5-4752-56c2-beb1-5a5312a76a88"), ..val("SMISettings/HideAllBootUI", Bool, "MCSF/SMISettings/HideAllBootUI") },
    Setting { label: "Hide boot logo", sg: Some("51c3ffea-2a31-56a1-804c-ad9af42d52ec"), ..val("SMISettings/HideBootLogo", Bool, "MCSF/SMISettings/HideBootLogo") },
    Setting { label: "Setup status messages", sg: Some("e150b3f9-7add-5102-a449-f70d02193c92"), values: &[("Do not suppress", "0"), ("Suppress", "1")],
        ..val("SMISettings/UIVerbosityLevel", Int, "MCSF/SMISettings/UIVerbosityLevel") },
    // 4.11 Workplace/Enrollments (map keyed by UPN, atomic per UPN)
    Setting { label: "MDM enrollment authentication", values: &[("OnPremise", "0"), ("Certificate", "2")],
        ..val("Workplace/Enrollments/UPN/AuthPolicy", Int, "Provisioning/Enrollments/~Key~/AuthPolicy") },
    Setting { label: "MDM discovery URL", ..val("Workplace/Enrollments/UPN/DiscoveryServiceFullUrl", Str, "Provisioning/Enrollments/~Key~/DiscoveryServiceFullUrl") },
    Setting { label: "MDM enrollment URL", ..val("Workplace/Enrollments/UPN/EnrollmentServiceFullUrl", Str, "Provisioning/Enrollments/~Key~/EnrollmentServiceFullURL") },
    Setting { label: "MDM policy URL", ..val("Workplace/Enrollments/UPN/PolicyServiceFullUrl", Str, "Provisioning/Enrollments/~Key~/PolicyServiceFullURL") },
    Setting { label: "MDM enrollment secret", secret: true, ..val("Workplace/Enrollments/UPN/Secret", Str, "Provisioning/Enrollments/~Key~/Secret") },
];

/// Schema paths of the command settings (one place, as they are long).
mod concat_cmd {
    pub const FILE: &str = "ProvisioningCommands/PrimaryContext/Command/CommandConfig/CommandFile";
    pub const LINE: &str = "ProvisioningCommands/PrimaryContext/Command/CommandConfig/CommandLine";
    pub const CONTINUE: &str =
        "ProvisioningCommands/PrimaryContext/Command/CommandConfig/ContinueInstall";
    pub const DEPENDENCY: &str =
        "ProvisioningCommands/PrimaryContext/Command/CommandConfig/DependencyPackages/Dependency";
    pub const RESTART: &str =
        "ProvisioningCommands/PrimaryContext/Command/CommandConfig/RestartRequired";
    pub const RC_RESTART: &str =
        "ProvisioningCommands/PrimaryContext/Command/CommandConfig/ReturnCodeRestart";
    pub const RC_SUCCESS: &str =
        "ProvisioningCommands/PrimaryContext/Command/CommandConfig/ReturnCodeSuccess";
}

/// Maps (keyed by an attribute) and lists (by position) of the schema.
pub(super) static COLLECTIONS: &[Collection] = &[
    Collection {
        path: "Accounts/Users/User",
        key: Some("UserName"),
    },
    Collection {
        path: "Certificates/CACertificates/CACerificate",
        key: Some("CertificateName"),
    },
    Collection {
        path: "Certificates/ClientCertificates/ClientCertificate",
        key: Some("CertificateName"),
    },
    Collection {
        path: "Certificates/OemEsimCertificates/OemEsimCertificate",
        key: Some("CertificateName"),
    },
    Collection {
        path: "Certificates/RootCertificates/RootCertificate",
        key: Some("CertificateName"),
    },
    Collection {
        path: "Certificates/TrustedPeopleCertificates/Certificate",
        key: Some("CertificateName"),
    },
    Collection {
        path: "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig",
        key: Some("SSID"),
    },
    Collection {
        path: "ProvisioningCommands/DeviceContext/CommandFiles/CommandFile",
        key: None,
    },
    Collection {
        path: CMD,
        key: None,
    },
    Collection {
        path: "ProvisioningCommands/PrimaryContext/Command/CommandConfig/DependencyPackages/Dependency",
        key: None,
    },
    Collection {
        path: "Workplace/Enrollments/UPN",
        key: Some("UPN"),
    },
];

/// Atomic roots (catalog 2.5 and section 5). Ids marked PS come from PackageStack only.
pub(super) static ATOMIC: &[AtomicGroup] = &[
    AtomicGroup {
        path: "AccountManagement",
        sg: Some("a8f17d20-e9a2-548b-8237-114dfba62a88"),
    },
    AtomicGroup {
        path: "Accounts/Azure",
        sg: Some("641c3728-5623-544a-9144-976a2dbf3ca9"),
    }, // PS
    AtomicGroup {
        path: "Accounts/ComputerAccount",
        sg: Some("f35dd173-1c3e-5f2b-a3a4-29b602842b09"),
    },
    AtomicGroup {
        path: "Accounts/Users/User",
        sg: Some("316e2a31-250a-5f09-a0e1-d2e5c6b03559"),
    },
    AtomicGroup {
        path: "Certificates/CACertificates/CACerificate",
        sg: None,
    },
    AtomicGroup {
        path: "Certificates/ClientCertificates/ClientCertificate",
        sg: None,
    },
    AtomicGroup {
        path: "Certificates/OemEsimCertificates/OemEsimCertificate",
        sg: None,
    },
    AtomicGroup {
        path: "Certificates/RootCertificates/RootCertificate",
        sg: None,
    },
    AtomicGroup {
        path: "Certificates/TrustedPeopleCertificates/Certificate",
        sg: None,
    },
    AtomicGroup {
        path: "CleanPC",
        sg: None,
    },
    AtomicGroup {
        path: "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig",
        sg: Some("ac17da61-38b8-5bb9-bdaf-7436ac4eb133"),
    }, // PS
    AtomicGroup {
        path: "DeviceManagement",
        sg: Some("68b6df2b-85fb-561b-b7e2-14ed14e8b31a"),
    },
    AtomicGroup {
        path: "SharedPC",
        sg: None,
    },
    AtomicGroup {
        path: "SMISettings/AutoLogon",
        sg: Some("6f6df20e-0d2d-5e2f-8c49-d3d44a23cd37"),
    },
    AtomicGroup {
        path: "Workplace/Enrollments/UPN",
        sg: None,
    },
];
