//! Which settings store a category comes from, for the order WCD writes groups in.
//!
//! A project that targets "Common to all Windows editions" as well as an edition
//! (`TargetSkus=WindowsCommon,Desktop`) is compiled against both stores; WCD then writes
//! the groups of every top-level category the Common store has first, then the rest,
//! each block in store order (catalog §2.7). The corpus shows the split is by top-level
//! category, not by setting: `Accounts/Users` and `Policies/ApplicationManagement/
//! AllowAllTrustedApps` are not in the 2019 Common store, yet sit in the first block
//! (pat-CHADS-wireless, iialab-lab06-e08f427e), while `DevDetail`, `OOBE`,
//! `AssignedAccess` and `SMISettings` (Desktop only) follow.

/// Top-level categories of the 2019 Common store (`stores/2019/
/// Microsoft-Common-Provisioning.dat`, its root keys).
const COMMON_CATEGORIES: &[&str] = &[
    "AccountManagement",
    "Accounts",
    "Browser",
    "Certificates",
    "Connections",
    "ConnectivityProfiles",
    "CountryAndRegion",
    "DMClient",
    "DeviceFormFactor",
    "DeviceManagement",
    "EditionUpgrade",
    "Folders",
    "HotSpot",
    "Maps",
    "Policies",
    "Power",
    "Privacy",
    "StorageD3InModernStandby",
    "TabletMode",
    "UniversalAppInstall",
    "UniversalAppUninstall",
    "UsbErrorsOEMOverride",
    "WeakCharger",
    "WindowsHelloForBusiness",
    "Workplace",
];

/// Whether top-level category `name` is in the Common store.
pub fn in_common_store(name: &str) -> bool {
    COMMON_CATEGORIES.contains(&name)
}

/// Whether the Common store has setting `s` itself (not only its category).
pub fn setting_in_common(s: &crate::catalog::Setting) -> bool {
    s.stores.contains(crate::catalog::Store::Common2019)
}
