//! The Applications page ("Add applications"): installers and scripts run in order.

use super::{FieldSpec, In, Out, Writes, branch, is_false, is_true, leaf, local_path, tf};
use crate::project::{Field, Page, Project};
use crate::settings::Node;
use crate::settings::path::Selector;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One installer or script, run as SYSTEM in install order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub name: String,
    /// The file packed into the package (.exe .msi .ps1 .cmd .bat .cab).
    pub installer: PathBuf,
    /// The command run from the folder the files are unpacked to.
    pub command_line: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub continue_on_failure: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub restart_required: bool,
    /// `ReturnCodeSuccess`; `None` leaves it out, as WCD's wizard does (Windows then
    /// takes 0), so an imported package compiles back to the same files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_code: Option<i64>,
    /// `ReturnCodeRestart`; `None` leaves it out (Windows then takes 3010).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_code: Option<i64>,
    /// Extra files the installer needs, unpacked beside it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<PathBuf>,
}

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

/// Project → settings: one command per application, in install order.
pub(crate) fn write(p: &Project, out: &mut Out) {
    for app in &p.applications {
        let mut kids = vec![
            leaf(COMMAND_FILE, local_path(&p.resolve_path(&app.installer))),
            leaf(COMMAND_LINE, &app.command_line),
            leaf(CONTINUE_INSTALL, tf(app.continue_on_failure)),
        ];
        if !app.dependencies.is_empty() {
            let deps = app
                .dependencies
                .iter()
                .map(|d| {
                    let name = d
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    leaf(DEPENDENCY, local_path(&p.resolve_path(d))).with_attr("Name", name)
                })
                .collect();
            kids.push(branch(DEPENDENCIES, deps));
        }
        kids.push(leaf(RESTART_REQUIRED, tf(app.restart_required)));
        if let Some(c) = app.restart_code {
            kids.push(leaf(RETURN_CODE_RESTART, c.to_string()));
        }
        if let Some(c) = app.success_code {
            kids.push(leaf(RETURN_CODE_SUCCESS, c.to_string()));
        }
        out.push(COMMAND, branch(COMMAND, kids).with_attr("Name", &app.name));
    }
}

/// Settings → project: commands that pack an installer. The project writes its
/// applications before any command kept as an advanced setting, so only the leading run of
/// installer commands can become applications; from the first command without an
/// installer on, every command stays advanced, keeping the order they run in.
pub(crate) fn read(p: &mut Project, r: &mut In<'_>) {
    let command_nodes: Vec<&Node> = r
        .common
        .descend(COMMANDS)
        .map(|c| {
            c.children
                .iter()
                .filter(|n| n.name == super::name_of(COMMAND))
                .collect()
        })
        .unwrap_or_default();
    let l = &mut r.leaves;
    for (i, entry) in l.entries(COMMAND).into_iter().enumerate() {
        // Return codes may be absent (WCD's wizard leaves them out); present, they must
        // be numbers to round-trip.
        let codes_ok = [RETURN_CODE_RESTART, RETURN_CODE_SUCCESS].iter().all(|s| {
            l.first_free(s, Some(&entry))
                .is_none_or(|k| l.all[k].text.trim().parse::<i64>().is_ok())
        });
        if !l.all_filled(&[COMMAND_FILE], Some(&entry))
            || !l.all_present(
                &[
                    COMMAND_FILE,
                    COMMAND_LINE,
                    CONTINUE_INSTALL,
                    RESTART_REQUIRED,
                ],
                Some(&entry),
            )
            || !codes_ok
        {
            break;
        }
        let Some(file) = l.take(COMMAND_FILE, Some(&entry)) else {
            break;
        };
        let name = match entry.prefix.last().map(|s| &s.selector) {
            Some(Selector::Key(_, v)) => Some(v.as_str()),
            Some(Selector::Index(n)) => command_nodes.get(*n).and_then(|c| c.attr("Name")),
            _ => None,
        }
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Command {}", i + 1));
        let installer = r.assets.asset(&file);
        let command_line = l.take(COMMAND_LINE, Some(&entry)).unwrap_or_default();
        let continue_on_failure = l
            .take(CONTINUE_INSTALL, Some(&entry))
            .is_some_and(|t| is_true(&t));
        let restart_required = l
            .take(RESTART_REQUIRED, Some(&entry))
            .is_some_and(|t| is_true(&t));
        let success_code = l
            .take(RETURN_CODE_SUCCESS, Some(&entry))
            .and_then(|t| t.trim().parse().ok());
        let restart_code = l
            .take(RETURN_CODE_RESTART, Some(&entry))
            .and_then(|t| t.trim().parse().ok());
        let mut dependencies = Vec::new();
        while let Some(d) = l.take(DEPENDENCY, Some(&entry)) {
            dependencies.push(r.assets.asset(&d));
        }
        p.applications.push(Application {
            name,
            installer,
            command_line,
            continue_on_failure,
            restart_required,
            success_code,
            restart_code,
            dependencies,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::round_trip;
    use super::*;

    #[test]
    fn applications_round_trip() {
        let mut p = Project::new("Apps");
        p.base_dir = std::path::absolute("assets-here").unwrap();
        p.applications = vec![
            Application {
                name: "Firefox".into(),
                installer: p.base_dir.join("firefox.msi"),
                command_line: "msiexec /i \"firefox.msi\" /qn".into(),
                continue_on_failure: true,
                restart_required: false,
                success_code: Some(0),
                restart_code: Some(3010),
                dependencies: vec![
                    p.base_dir.join("firefox.mst"),
                    p.base_dir.join("policies.json"),
                ],
            },
            Application {
                name: "Setup script".into(),
                installer: p.base_dir.join("setup.ps1"),
                command_line: "PowerShell.exe -File .\\setup.ps1".into(),
                continue_on_failure: false,
                restart_required: true,
                success_code: None,
                restart_code: None,
                dependencies: vec![],
            },
        ];
        let (back, left) = round_trip(&p);
        assert!(left.is_empty(), "{left:?}");
        assert_eq!(back.applications, p.applications);
    }
}
