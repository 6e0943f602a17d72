//! The Device page ("Set up device"): name, edition, shared use, clean-up, setup screens.

use super::{FieldSpec, In, Out, Writes, is_default, is_false};
use crate::project::{Field, Page, Project};
use serde::{Deserialize, Serialize};

/// Which setting carries the device name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameSetting {
    /// [`COMPUTER_NAME`] — what WCD's wizard writes; needed with AD.
    #[default]
    ComputerAccount,
    /// [`DNS_COMPUTER_NAME`] — the newer way on Windows 10 2004+.
    DnsComputerName,
}

/// "Set up device".
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Device {
    /// "Enter device name", with `%SERIAL%` and `%RAND:x%` macros.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "is_default")]
    pub name_setting: NameSetting,
    /// "Enter product key" (upgrades the edition). The catalog counts it a secret
    /// (`inspect` hides it), but WCD's wizard shows it as typed and the project keeps it
    /// in clear text, as a licence key rather than a credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
    /// "Configure devices for shared use".
    #[serde(skip_serializing_if = "is_false")]
    pub shared_use: bool,
    /// "Remove pre-installed software".
    #[serde(skip_serializing_if = "is_false")]
    pub remove_preinstalled: bool,
    /// Skip the out-of-box screens (needs an account to sign in with).
    #[serde(skip_serializing_if = "is_false")]
    pub hide_oobe: bool,
    /// Allow installing apps from trusted sources other than the Store (sideloading).
    #[serde(skip_serializing_if = "is_false")]
    pub allow_all_trusted_apps: bool,
}

/// The values WCD writes for the check boxes that are on.
pub const SHARED_PC_ON: &str = "True";
pub const CLEAN_PC_ON: &str = "Enable";
pub const HIDE_OOBE_ON: &str = "True";
pub const TRUSTED_APPS_ON: &str = "Yes";

/// The device name as WCD's wizard sets it (with the domain join).
pub const COMPUTER_NAME: &str = "Accounts/ComputerAccount/ComputerName";
/// The device name the newer way (Windows 10 2004 and later).
pub const DNS_COMPUTER_NAME: &str = "DevDetail/DNSComputerName";
pub const PRODUCT_KEY: &str = "EditionUpgrade/UpgradeEditionWithProductKey";
pub const SHARED_PC: &str = "SharedPC/EnableSharedPCMode";
pub const CLEAN_PC: &str = "CleanPC/CleanPCWithoutRetainingUserData";
pub const HIDE_OOBE: &str = "OOBE/Desktop/HideOobe";
pub const ALLOW_ALL_TRUSTED_APPS: &str = "Policies/ApplicationManagement/AllowAllTrustedApps";

/// Every path this section names.
pub const PATHS: [&str; 7] = [
    COMPUTER_NAME,
    DNS_COMPUTER_NAME,
    PRODUCT_KEY,
    SHARED_PC,
    CLEAN_PC,
    HIDE_OOBE,
    ALLOW_ALL_TRUSTED_APPS,
];

pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::DeviceName,
        page: Page::Device,
        label: "Device name",
        prompt: "Device name",
        example: "e.g. LAB-%SERIAL% or KIOSK-%RAND:4%",
        help: "The computer name every device gets. %SERIAL% is replaced by the device's serial number (cut from the front to fit) and %RAND:4% by 4 random digits, so each device gets its own name. At most 15 characters, letters, digits and hyphens.\n\nExample: LAB-%SERIAL% or KIOSK-%RAND:4%\n\nOn the device: the PC is renamed during setup; a domain join needs a different name per device.",
        writes: Writes::Settings(&[COMPUTER_NAME, DNS_COMPUTER_NAME]),
    },
    FieldSpec {
        field: Field::ProductKey,
        page: Page::Device,
        label: "Product key",
        prompt: "Product key",
        example: "optional, e.g. XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
        help: "Optional. A Windows product key that upgrades the edition, for example from Pro to Enterprise or Education. Leave it empty to keep the edition.\n\nExample: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\n\nOn the device: Windows switches edition during setup and may restart.",
        writes: Writes::Settings(&[PRODUCT_KEY]),
    },
    FieldSpec {
        field: Field::SharedUse,
        page: Page::Device,
        label: "Shared use",
        prompt: "Configure devices for shared use",
        example: "",
        help: "Shared PC mode, for devices many people use (labs, libraries). Accounts are cleaned up automatically and the device is tuned for quick sign-ins.\n\nOn the device: guest and temporary accounts are managed by Windows; local data of signed-out users may be deleted.",
        writes: Writes::Settings(&[SHARED_PC]),
    },
    FieldSpec {
        field: Field::RemovePreinstalled,
        page: Page::Device,
        label: "Remove pre-installed software",
        prompt: "Remove pre-installed software",
        example: "",
        help: "Removes apps the manufacturer installed (trial software, utilities) so every PC starts clean.\n\nOn the device: Windows resets itself without keeping user data, which takes a while during setup.",
        writes: Writes::Settings(&[CLEAN_PC]),
    },
    FieldSpec {
        field: Field::HideOobe,
        page: Page::Device,
        label: "Hide setup screens",
        prompt: "Hide the setup screens (OOBE)",
        example: "",
        help: "Skips the first-start questions (region, keyboard, account). Only use it when the package also creates an account, otherwise nobody can sign in.\n\nOn the device: setup goes straight to the sign-in screen.",
        writes: Writes::Settings(&[HIDE_OOBE]),
    },
    FieldSpec {
        field: Field::AllowAllTrustedApps,
        page: Page::Device,
        label: "Allow trusted apps from outside the Store",
        prompt: "",
        example: "",
        help: "Lets devices install apps signed by a trusted publisher from outside the Microsoft Store (sideloading), as some line-of-business apps need.\n\nOn the device: the policy that allows sideloading is turned on.",
        writes: Writes::Settings(&[ALLOW_ALL_TRUSTED_APPS]),
    },
];

/// Project → settings.
pub(crate) fn write(p: &Project, out: &mut Out) {
    let d = &p.device;
    if !d.name.is_empty() {
        match d.name_setting {
            NameSetting::ComputerAccount => out.set(COMPUTER_NAME, &d.name),
            NameSetting::DnsComputerName => out.set(DNS_COMPUTER_NAME, &d.name),
        }
    }
    if let Some(k) = &d.product_key {
        out.set(PRODUCT_KEY, k);
    }
    for (on, path, text) in [
        (d.shared_use, SHARED_PC, SHARED_PC_ON),
        (d.remove_preinstalled, CLEAN_PC, CLEAN_PC_ON),
        (d.hide_oobe, HIDE_OOBE, HIDE_OOBE_ON),
        (
            d.allow_all_trusted_apps,
            ALLOW_ALL_TRUSTED_APPS,
            TRUSTED_APPS_ON,
        ),
    ] {
        if on {
            out.set(path, text);
        }
    }
}

/// Settings → project. A check box is taken only when it is on (off is what the project
/// writes by leaving the setting out, so an explicit off stays an advanced setting).
pub(crate) fn read(p: &mut Project, r: &mut In<'_>) {
    let l = &mut r.leaves;
    if let Some(n) = l.take(COMPUTER_NAME, None) {
        p.device.name = n;
    } else if let Some(n) = l.take(DNS_COMPUTER_NAME, None) {
        p.device.name = n;
        p.device.name_setting = NameSetting::DnsComputerName;
    }
    p.device.product_key = l.take(PRODUCT_KEY, None);
    let d = &mut p.device;
    for (flag, path, on) in [
        (&mut d.shared_use, SHARED_PC, SHARED_PC_ON),
        (&mut d.remove_preinstalled, CLEAN_PC, CLEAN_PC_ON),
        (&mut d.hide_oobe, HIDE_OOBE, HIDE_OOBE_ON),
        (
            &mut d.allow_all_trusted_apps,
            ALLOW_ALL_TRUSTED_APPS,
            TRUSTED_APPS_ON,
        ),
    ] {
        if l.peek(path).is_some_and(|t| t.eq_ignore_ascii_case(on)) {
            l.take(path, None);
            *flag = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::round_trip;
    use super::*;

    #[test]
    fn device_round_trip() {
        for name_setting in [NameSetting::ComputerAccount, NameSetting::DnsComputerName] {
            let mut p = Project::new("Device");
            p.device = Device {
                name: "LAB-%SERIAL%".into(),
                name_setting,
                product_key: Some("NPPR9-FWDCX-D2C8J-H872K-2YT43".into()),
                shared_use: true,
                remove_preinstalled: true,
                hide_oobe: true,
                allow_all_trusted_apps: true,
            };
            let (back, left) = round_trip(&p);
            assert!(left.is_empty(), "{left:?}");
            assert_eq!(back.device, p.device);
        }
        let p = Project::new("Nothing set");
        let (back, left) = round_trip(&p);
        assert!(left.is_empty());
        assert_eq!(back.device, Device::default());
    }
}
