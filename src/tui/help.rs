//! F1 help for every field, written for someone who has never made a provisioning package:
//! what the field is, an example, and what happens on the device.

use super::slot::Slot;

/// The help text for a slot.
pub fn help(slot: Slot) -> &'static str {
    use Slot::*;
    match slot {
        Name => {
            "The name of this package. It is also the file name: School Lab becomes School Lab.ppkg.\n\nExample: School Lab\n\nOn the device: the name appears in Settings > Accounts > Access work or school > Add or remove a provisioning package."
        }
        Folder => {
            "The folder on this computer where the project file and the finished package are written. Installer and certificate paths are relative to it.\n\nExample: /home/me/packages/school-lab\n\nOn the device: nothing; this only matters here."
        }
        Description => {
            "A note for you and your colleagues about what this package is for. Optional.\n\nExample: Lab PCs in building B, Wi-Fi and printers.\n\nOn the device: nothing."
        }
        Version => {
            "Two numbers with a dot. When you change a package and rebuild it, raise the version so devices replace the old one instead of refusing it.\n\nExample: 1.0, then 1.1\n\nOn the device: a higher version of the same package replaces the lower one."
        }
        DeviceName => {
            "The computer name every device gets. %SERIAL% is replaced by the device's serial number (cut from the front to fit) and %RAND:4% by 4 random digits, so each device gets its own name. At most 15 characters, letters, digits and hyphens.\n\nExample: LAB-%SERIAL% or KIOSK-%RAND:4%\n\nOn the device: the PC is renamed during setup; a domain join needs a different name per device."
        }
        ProductKey => {
            "Optional. A Windows product key that upgrades the edition, for example from Pro to Enterprise or Education. Leave it empty to keep the edition.\n\nExample: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\n\nOn the device: Windows switches edition during setup and may restart."
        }
        SharedUse => {
            "Shared PC mode, for devices many people use (labs, libraries). Accounts are cleaned up automatically and the device is tuned for quick sign-ins.\n\nOn the device: guest and temporary accounts are managed by Windows; local data of signed-out users may be deleted."
        }
        RemovePreinstalled => {
            "Removes apps the manufacturer installed (trial software, utilities) so every PC starts clean.\n\nOn the device: Windows resets itself without keeping user data, which takes a while during setup."
        }
        HideOobe => {
            "Skips the first-start questions (region, keyboard, account). Only use it when the package also creates an account, otherwise nobody can sign in.\n\nOn the device: setup goes straight to the sign-in screen."
        }
        WifiOn => {
            "Gives devices a Wi-Fi network to connect to during setup, so they can reach the internet or your domain without a cable.\n\nOn the device: the network is added and joined automatically."
        }
        Ssid => {
            "The name of the Wi-Fi network exactly as it appears in the list of networks (upper and lower case matter). 1 to 32 characters.\n\nExample: School-WiFi\n\nOn the device: this network is added to the known networks."
        }
        Security => {
            "How the network is protected. WPA2-Personal is a network with one password for everyone (the common case). Open means no password. Networks that need certificates or user names (WPA2-Enterprise) cannot be set up here.\n\nSpace or the arrow keys change the choice."
        }
        WifiKey => {
            "The Wi-Fi password: 8 to 63 ordinary characters, or 64 hexadecimal digits. It is hidden as you type; tick \"Show the password\" to check it.\n\nWhen you save, you choose where it is kept (an environment variable, a file beside the project, or asked again when you build); it is not written into the project file unless you insist.\n\nOn the device: used to join the network."
        }
        ShowWifiKey => {
            "Shows the Wi-Fi password on screen so you can check it for typos. Make sure nobody is looking over your shoulder."
        }
        Hidden => {
            "Tick this if the network does not broadcast its name (it does not appear in the list of networks).\n\nOn the device: Windows looks for the network even though it is not announced."
        }
        Join => {
            "How the new PCs join your organisation:\n\nActive Directory: joins an on-premises Windows domain (needs a join account).\nEntra ID (bulk token): joins Microsoft Entra ID (Azure AD) with a token you get by signing in once.\nLocal administrator only: no directory, just a local account.\n\nSpace or the arrow keys change the choice."
        }
        AdDomain => {
            "The DNS name of your Active Directory domain.\n\nExample: contoso.local\n\nOn the device: the PC joins this domain during setup; it must be able to reach a domain controller (wired or Wi-Fi)."
        }
        AdAccount => {
            "A domain account allowed to join computers to the domain, written DOMAIN\\account or as user@domain (Windows' domain join takes both). Use a dedicated account with only that right.\n\nExamples: CONTOSO\\svc-join, svc-join@contoso.local\n\nOn the device: used once to create the computer account."
        }
        AdPassword => {
            "The password of the join account. Hidden as you type.\n\nWhen you save, you choose where it is kept; it is not written into the project file unless you insist."
        }
        AdOu => {
            "Optional. The organizational unit where the computer accounts are created, as a distinguished name. Empty uses the domain's default Computers container.\n\nExample: OU=Lab,DC=contoso,DC=local"
        }
        EntraTenant => {
            "Your Microsoft Entra ID tenant: its domain or its ID. Needed to get a bulk token.\n\nExample: contoso.onmicrosoft.com"
        }
        EntraExpiry => {
            "The last day the new bulk token works, as YEAR-MONTH-DAY. Less than 180 days away. Devices set up after that date cannot join; get a new token then.\n\nExample: 2027-03-01"
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
        AdminName => {
            "The user name of the local administrator: at most 20 characters, no \" / \\ [ ] : | < > + = ; ? * , @.\n\nExample: LabAdmin\n\nOn the device: the account is created in the Administrators group. Windows asks to change its password after 42 days."
        }
        AdminPassword => {
            "The local administrator's password. Hidden as you type.\n\nWhen you save, you choose where it is kept; it is not written into the project file unless you insist."
        }
        MdmOn => {
            "Enrolls devices in an on-premises device management (MDM) server with a shared enrollment account. Leave it off for Intune with Entra ID join (that enrolls automatically)."
        }
        MdmUpn => {
            "The service account allowed to enroll many devices, as a user principal name.\n\nExample: enroll@contoso.com"
        }
        MdmAuth => {
            "How the enrollment account proves who it is: a password, or a client certificate (add the .pfx on the Certificates page and give its thumbprint as the secret)."
        }
        MdmDiscovery => {
            "The address of the MDM server's discovery service. Must start with https://.\n\nExample: https://mdm.contoso.com/EnrollmentServer/Discovery.svc"
        }
        MdmEnrollmentUrl => {
            "Usually left empty: the discovery service tells devices where to enroll. Fill it only if your MDM's documentation says so (https://...)."
        }
        MdmPolicyUrl => {
            "Usually left empty: the discovery service tells devices where the policies are. Fill it only if your MDM's documentation says so (https://...)."
        }
        MdmSecret => {
            "The enrollment account's password, or with certificate sign-in the certificate's thumbprint. Hidden as you type; you choose where it is kept when you save."
        }
        AppList => {
            "The installers and scripts that run on every device, in this order.\n\nKeys: Enter edits the selected one, a adds, d removes, + and - move it down or up."
        }
        AppAdd => {
            "Adds an application: an installer (.msi, .exe), a script (.ps1, .cmd, .bat) or a .cab, and the command that installs it without questions."
        }
        AppName => {
            "A name for this application, unique in the package.\n\nExample: Firefox\n\nOn the device: used in logs of the installation."
        }
        AppInstaller => {
            "The installer file on this computer; it is copied into the package. Type a path (relative to the project folder) or use Browse.\n\nExample: installers/firefox.msi"
        }
        AppBrowse => {
            "Opens a file browser that works with the keyboard: arrows to move, Enter to open a folder or choose a file, Backspace for the parent folder, Tab to type a path."
        }
        AppCommand => {
            "The command that installs the application silently. It runs as SYSTEM from the folder the files are unpacked to, so use the file name alone. The wizard fills it in from the installer type; for an .exe, check the vendor's silent switch.\n\nExamples: msiexec /i \"firefox.msi\" /qn\nPowerShell.exe -NoProfile -ExecutionPolicy Bypass -File .\\setup.ps1"
        }
        AppContinue => {
            "If this application fails to install, go on with the next ones instead of stopping."
        }
        AppRestart => {
            "Restart the device after this application is installed (some drivers and updates need it)."
        }
        AppSuccessCode => "The exit code that means the installation worked. Almost always 0.",
        AppRestartCode => {
            "The exit code that means it worked and needs a restart. 3010 for .msi installers."
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
        CertName => {
            "A name for this certificate, unique among certificates of its kind.\n\nExample: Contoso Root CA"
        }
        CertKind => {
            "Where the certificate goes on the device:\nRoot CA: trusted root authorities (your own CA, a web filter).\nIntermediate CA: intermediate authorities.\nTrusted People: trusted individual certificates.\nClient (.pfx): a certificate with its private key, for Wi-Fi, VPN or MDM sign-in."
        }
        CertPath => {
            "The certificate file on this computer (.cer or .crt for authorities, .pfx for client certificates). It is copied into the package.\n\nExample: certs/contoso-root.cer"
        }
        CertBrowse => {
            "Opens a file browser that works with the keyboard: arrows to move, Enter to open a folder or choose a file, Backspace for the parent folder, Tab to type a path."
        }
        CertPassword => {
            "The password the .pfx file was exported with. Hidden as you type; you choose where it is kept when you save."
        }
        CertKeyLocation => {
            "Where the device keeps the private key: in the TPM chip only (safest), in the TPM if there is one else in software, or in software only.\n\nOn a PC without a TPM (or with it turned off in the firmware), a \"TPM only\" certificate cannot be installed: the package reports that setting as failed and the PC gets no client certificate. Choose \"TPM, else software\" when some PCs may have no TPM."
        }
        CertExportable => {
            "Allows the private key to be exported from the device later. Leave off unless you need it."
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
            "The advanced settings this project sets, compiled into the package as they are. Lines marked with a page (Device page) are that page's fields: the same value, changed in either place.\n\nEnter edits the selected one; d or Delete removes it from the project (for a page's field, clears it)."
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
        ProtectPassword => {
            "The package password: 8 to 16 characters, letters and digits only.\n\nExample: Lab2025Spring\n\nOn the device: Windows asks for it before installing the package."
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
    }
}
