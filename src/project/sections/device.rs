//! The Device page ("Set up device"): name, edition, shared use, clean-up, setup screens.

use super::{FieldSpec, Writes};
use crate::project::{Field, Page};

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
