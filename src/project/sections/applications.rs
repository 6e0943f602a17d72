//! The Applications page ("Add applications"): installers and scripts run in order.

use super::{FieldSpec, Writes};
use crate::project::{Field, Page};

/// The list of commands.
pub const COMMANDS: &str = "ProvisioningCommands/PrimaryContext/Command";
/// One command, named by its `Name` attribute.
pub const COMMAND: &str = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";
pub const COMMAND_FILE: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/CommandFile";
pub const COMMAND_LINE: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/CommandLine";
pub const CONTINUE_INSTALL: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/ContinueInstall";
pub const DEPENDENCIES: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/DependencyPackages";
pub const DEPENDENCY: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/DependencyPackages/Dependency";
pub const RESTART_REQUIRED: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/RestartRequired";
pub const RETURN_CODE_RESTART: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/ReturnCodeRestart";
pub const RETURN_CODE_SUCCESS: &str =
    "ProvisioningCommands/PrimaryContext/Command/CommandConfig/ReturnCodeSuccess";

/// Every path this section names.
pub const PATHS: [&str; 10] = [
    COMMANDS,
    COMMAND,
    COMMAND_FILE,
    COMMAND_LINE,
    CONTINUE_INSTALL,
    DEPENDENCIES,
    DEPENDENCY,
    RESTART_REQUIRED,
    RETURN_CODE_RESTART,
    RETURN_CODE_SUCCESS,
];

pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::AppName(0),
        page: Page::Applications,
        label: "Application {n} name",
        prompt: "Application name",
        example: "e.g. Firefox",
        help: "A name for this application, unique in the package.\n\nExample: Firefox\n\nOn the device: used in logs of the installation.",
        writes: Writes::Settings(&[COMMAND]),
    },
    FieldSpec {
        field: Field::AppInstaller(0),
        page: Page::Applications,
        label: "Application {n} installer",
        prompt: "Installer file",
        example: "e.g. installers/firefox.msi",
        help: "The installer file on this computer; it is copied into the package. Type a path (relative to the project folder) or use Browse.\n\nExample: installers/firefox.msi",
        writes: Writes::Settings(&[COMMAND_FILE]),
    },
    FieldSpec {
        field: Field::AppCommandLine(0),
        page: Page::Applications,
        label: "Application {n} command line",
        prompt: "Command line",
        example: "e.g. msiexec /i \"firefox.msi\" /qn",
        help: "The command that installs the application silently. It runs as SYSTEM from the folder the files are unpacked to, so use the file name alone. The wizard fills it in from the installer type; for an .exe, check the vendor's silent switch.\n\nExamples: msiexec /i \"firefox.msi\" /qn\nPowerShell.exe -NoProfile -ExecutionPolicy Bypass -File .\\setup.ps1",
        writes: Writes::Settings(&[COMMAND_LINE]),
    },
    FieldSpec {
        field: Field::AppDependency(0, 0),
        page: Page::Applications,
        label: "Application {n} extra file {m}",
        prompt: "",
        example: "",
        help: "A file the installer needs beside it (a transform, a configuration file). It is packed into the package and unpacked next to the installer.",
        writes: Writes::Settings(&[DEPENDENCY]),
    },
    FieldSpec {
        field: Field::AppContinue(0),
        page: Page::Applications,
        label: "Application {n} continues on failure",
        prompt: "Continue with the next app if this one fails",
        example: "",
        help: "If this application fails to install, go on with the next ones instead of stopping.",
        writes: Writes::Settings(&[CONTINUE_INSTALL]),
    },
    FieldSpec {
        field: Field::AppRestart(0),
        page: Page::Applications,
        label: "Application {n} restart",
        prompt: "Restart the device after installing",
        example: "",
        help: "Restart the device after this application is installed (some drivers and updates need it).",
        writes: Writes::Settings(&[RESTART_REQUIRED]),
    },
    FieldSpec {
        field: Field::AppSuccessCode(0),
        page: Page::Applications,
        label: "Application {n} success return code",
        prompt: "Success return code",
        example: "e.g. 0",
        help: "The exit code that means the installation worked. Almost always 0.",
        writes: Writes::Settings(&[RETURN_CODE_SUCCESS]),
    },
    FieldSpec {
        field: Field::AppRestartCode(0),
        page: Page::Applications,
        label: "Application {n} restart return code",
        prompt: "Restart return code",
        example: "e.g. 3010",
        help: "The exit code that means it worked and needs a restart. 3010 for .msi installers.",
        writes: Writes::Settings(&[RETURN_CODE_RESTART]),
    },
];
