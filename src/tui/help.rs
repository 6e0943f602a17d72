//! F1 help for every widget, written for someone who has never made a provisioning
//! package: what it is, an example, and what happens on the device. A field's help is in
//! its descriptor ([`crate::project::sections`]); here are the wizard's own widgets.

use super::slot::Slot;

/// The help text for a slot: its field's descriptor's, else the wizard's own.
pub fn help(slot: Slot) -> &'static str {
    use Slot::*;
    if let Some(s) = slot.spec() {
        return s.help;
    }
    match slot {
        Folder => {
            "The folder on this computer where the project file and the finished package are written. Installer and certificate paths are relative to it.\n\nExample: /home/me/packages/school-lab\n\nOn the device: nothing; this only matters here."
        }
        ShowWifiKey => {
            "Shows the Wi-Fi password on screen so you can check it for typos. Make sure nobody is looking over your shoulder."
        }
        GetToken => {
            "Gets a bulk token from Entra ID. You will see a short code and a web address: open the address on any device with a browser (your phone works), type the code, and sign in as an administrator. The wizard waits and fills in the token.\n\nThe token itself is never shown. Entra ID creates a 'package_…' user for it: delete that user to revoke the token. Esc cancels while waiting."
        }
        CheckTenant => {
            "Checks the tenant before anyone drives to site, as ppkg-wizard preflight does: whether a bulk token can be had (Microsoft.Azure.SyncFabric, your role), whether the package account may join devices and enroll (device settings, device quota, MDM user scope, Conditional Access, enrollment restrictions), and, once the project has a token, its expiry and package account.\n\nYou sign in once more with a code, like for the bulk token; the checks only read settings and change nothing. Each line says ✔ (fine), ✘ (with the fix) or ? (could not be read, with the permission it needs)."
        }
        AdminOn => {
            "Also creates a local administrator account on every device, useful for support when the directory is unreachable."
        }
        MdmOn => {
            "Enrolls devices in an on-premises device management (MDM) server with a shared enrollment account. Leave it off for Intune with Entra ID join (that enrolls automatically)."
        }
        AppList => {
            "The installers and scripts that run on every device, in this order.\n\nKeys: Enter edits the selected one, a adds, d removes, + and - move it down or up."
        }
        AppAdd => {
            "Adds an application: an installer (.msi, .exe), a script (.ps1, .cmd, .bat) or a .cab, and the command that installs it without questions."
        }
        AppBrowse => {
            "Opens a file browser that works with the keyboard: arrows to move, Enter to open a folder or choose a file, Backspace for the parent folder, Tab to type a path."
        }
        AppDone => {
            "Goes back to the list of applications (Esc does too). Your changes are already kept."
        }
        CertList => {
            "The certificates installed on every device.\n\nKeys: Enter edits the selected one, a adds, d removes, + and - reorder."
        }
        CertAdd => {
            "Adds a certificate: a .cer file for a certificate authority, or a .pfx with a private key for a client certificate."
        }
        CertBrowse => {
            "Opens a file browser that works with the keyboard: arrows to move, Enter to open a folder or choose a file, Backspace for the parent folder, Tab to type a path."
        }
        CertDone => {
            "Goes back to the list of certificates (Esc does too). Your changes are already kept."
        }
        KioskOn => {
            "Turns every device into a kiosk: one account signs in by itself and sees only one app, full screen. Windows Configuration Designer's kiosk wizard does the same.\n\nOn the device: the app starts after every restart. To maintain the device, press Ctrl+Alt+Del and sign in as an administrator; the kiosk comes back when the administrator signs out."
        }
        KioskAccount => crate::project::kiosk::ACCOUNT.help,
        KioskCreate => crate::project::kiosk::CREATE.help,
        KioskPassword => crate::project::kiosk::PASSWORD.help,
        KioskAutoSignIn => crate::project::kiosk::AUTO_SIGN_IN.help,
        KioskAppKind => {
            "A Store app (from the Microsoft Store or an .appx/.msix) is named by its AUMID and runs with assigned access, above the lock screen. A desktop program (.exe) is named by its path and replaces the desktop (Shell Launcher, Windows Enterprise or Education).\n\nSpace or the arrow keys change the choice."
        }
        KioskAumid => crate::project::kiosk::STORE_APP.help,
        KioskPath => crate::project::kiosk::DESKTOP_APP.help,
        AdvSearch => {
            "Search every setting Windows Configuration Designer knows, by its name, its path or its Windows (CSP) path. Letters in order are enough: alwblt finds AllowBluetooth.\n\nWith the box empty, the list below is the catalog as a tree: Enter or → opens a category, ← or Backspace goes back up.\n\nTyping anywhere on this page searches; / or Ctrl+F comes back here. Enter goes to the settings found."
        }
        AdvSet => {
            "The advanced settings this project sets, compiled into the package as they are. Lines marked with a page (Device page) are that page's fields: the same value, changed in either place. Lines marked (Kiosk page) are what the Kiosk page writes: Enter goes there to change them.\n\nEnter edits the selected one; d or Delete removes it from the project (for a page's field, clears it)."
        }
        AdvResults => {
            "Settings matching the search, best first.\n\nEnter shows what the selected setting does and lets you set it."
        }
        AdvEntries => {
            "This setting is one of a map or a list: each entry has a name (a user, a network, a numbered item) and its own value. These are the entries this project sets.\n\nEnter edits the selected entry; d or Delete removes it. To add one, type a new entry name below."
        }
        AdvBrowse => {
            "Opens a file browser to choose the file this setting packs into the package. The path is kept relative to the project when the file is inside its folder."
        }
        AdvKey => {
            "This setting belongs to a named entry (a user, a network, a connection). Type the entry's name; settings with the same entry name end up together. For an item of a list, type its number (1, 2…).\n\nInside entries within entries (a domain, then a user in it), type the names from the outside in, separated by /: CONTOSO/kiosk."
        }
        AdvValue => {
            "The value for the selected setting. Choices show the names Windows Configuration Designer uses; numbers are checked against the allowed range.\n\nEnter sets it in the project; Esc closes the setting without changing it."
        }
        ProtectOn => {
            "Encrypts the package with a password. Whoever installs it must type the password. Recommended when the package carries a Wi-Fi password, a join password or a bulk token."
        }
        ProtectConfirm => "Type the same password again, to catch typos.",
        ShowProtect => "Shows the passwords on screen so you can check them.",
        Generate => {
            "Makes a strong random password of 16 letters and digits and fills in both fields. It is shown once so you can copy it: keep it safe."
        }
        Problems => {
            "Everything that still needs attention. Select one with the arrow keys and press Enter to go to its field. Lines starting with ! must be fixed before creating the package; the others are warnings."
        }
        Batch => {
            "Builds one package per row of a CSV file, for example one per site or per PC. The first line names project fields by their JSON path (name, device.name, network.ssid, network.key, accounts.join.ou, …); each cell replaces that field for its row, an empty cell keeps the project's value. Secret cells name a source only: env:VARIABLE or file:path.\n\nYou see every row first, with the device name it gives and any problem by line and column. Nothing is written while a row has a problem, unless you choose to build the good rows. The packages go to the project folder."
        }
        Create => {
            "Builds the package (<Name>.ppkg) in the project folder. You may be asked for passwords that were not typed. Esc cancels while it builds.\n\nThen copy it to a USB drive and plug it in at the first setup screen of a new PC, or double-click it on a running PC."
        }
        // Every other slot edits a field: its help is the descriptor's.
        _ => "",
    }
}
