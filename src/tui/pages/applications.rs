//! Page 5, "Add applications": an ordered list, and an editor for one application with a
//! command line pre-filled from the installer type.

use super::item_list::{ListPage, ListSlots, name_after_file};
use super::list_keys::LIST_HINT;
use super::{Cx, Effect, PageView, relative_to};
use crate::project::{Application, Field, Problem, Project, Severity};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, Tone, button, check, list, text};
use ratatui::crossterm::event::KeyEvent;
use std::path::{Path, PathBuf};

/// Installer extensions offered by the file picker.
pub const INSTALLER_EXTENSIONS: &[&str] = &["exe", "msi", "ps1", "cmd", "bat", "cab"];

pub struct ApplicationsPage {
    form: Form,
    /// The application being edited, or `None` for the list.
    editing: Option<usize>,
    /// The command line the wizard last suggested, replaced when the installer changes
    /// unless the user edited it.
    suggested: String,
}

/// The silent-install command for an installer, from its type.
pub fn suggested_command(installer: &Path) -> String {
    let file = installer
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file.is_empty() {
        return String::new();
    }
    let ext = installer
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "msi" => format!("msiexec /i \"{file}\" /qn"),
        "ps1" => format!("PowerShell.exe -NoProfile -ExecutionPolicy Bypass -File .\\{file}"),
        "cmd" | "bat" => format!("cmd /c {file}"),
        "exe" => format!("{file} /quiet"),
        _ => file,
    }
}

fn num_problem(s: &str) -> Option<String> {
    s.trim()
        .parse::<i64>()
        .is_err()
        .then(|| "Enter a whole number, like 0 or 3010.".into())
}

impl ApplicationsPage {
    pub fn new() -> Self {
        Self {
            form: Form::new(vec![
                list(Slot::AppList),
                button(Slot::AppAdd),
                text(Slot::AppName, ""),
                text(Slot::AppInstaller, ""),
                button(Slot::AppBrowse),
                text(Slot::AppCommand, ""),
                check(Slot::AppContinue, false),
                check(Slot::AppRestart, false),
                text(Slot::AppSuccessCode, "0"),
                text(Slot::AppRestartCode, "3010"),
                button(Slot::AppDone),
            ]),
            editing: None,
            suggested: String::new(),
        }
    }
}

impl Default for ApplicationsPage {
    fn default() -> Self {
        Self::new()
    }
}

impl ListPage for ApplicationsPage {
    type Item = Application;
    const SLOTS: ListSlots = ListSlots {
        list: Slot::AppList,
        add: Slot::AppAdd,
        done: Slot::AppDone,
        first: Slot::AppName,
    };

    fn editing(&self) -> Option<usize> {
        self.editing
    }
    fn set_editing(&mut self, i: Option<usize>) {
        self.editing = i;
    }
    fn items(p: &Project) -> &[Application] {
        &p.applications
    }
    fn items_mut(p: &mut Project) -> &mut Vec<Application> {
        &mut p.applications
    }

    fn blank() -> Application {
        Application {
            name: String::new(),
            installer: PathBuf::new(),
            command_line: String::new(),
            continue_on_failure: false,
            restart_required: false,
            success_code: None,
            restart_code: None,
            dependencies: Vec::new(),
        }
    }

    fn load(&mut self, a: &Application) {
        let f = &mut self.form;
        f.set_text(Slot::AppName, &a.name);
        f.set_text(Slot::AppInstaller, &a.installer.display().to_string());
        f.set_text(Slot::AppCommand, &a.command_line);
        f.set_checked(Slot::AppContinue, a.continue_on_failure);
        f.set_checked(Slot::AppRestart, a.restart_required);
        let code = |c: Option<i64>| c.map(|n| n.to_string()).unwrap_or_default();
        f.set_text(Slot::AppSuccessCode, &code(a.success_code));
        f.set_text(Slot::AppRestartCode, &code(a.restart_code));
        self.suggested = suggested_command(&a.installer);
    }

    fn item_of(field: Field) -> Option<usize> {
        app_index(field)
    }

    fn describe(a: &Application) -> (&str, String) {
        (&a.name, a.installer.display().to_string())
    }
}

impl PageView for ApplicationsPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let p = cx.project;
        let Some(i) = self.editing else {
            return self.list_rows(
                cx,
                "Installers and scripts run on each device in this order, as SYSTEM, \
                 without anyone watching: each needs its silent switch.",
                LIST_HINT,
            );
        };
        let mut rows = vec![
            Row::Heading(format!("Application {} of {}", i + 1, p.applications.len())),
            Row::Field(Slot::AppName),
            Row::Field(Slot::AppInstaller),
            Row::Field(Slot::AppBrowse),
            Row::Field(Slot::AppCommand),
        ];
        if let Some(from) = p
            .applications
            .get(i)
            .and_then(|a| p.origin_of(&a.installer))
        {
            rows.insert(
                3,
                Row::pair(
                    "Imported from",
                    from.chars().filter(|c| !c.is_control()).collect::<String>(),
                ),
            );
        }
        let installer = self.form.text(Slot::AppInstaller).to_ascii_lowercase();
        if installer.ends_with(".exe") {
            rows.push(Row::Note(
                "An .exe needs its own silent switch (often /quiet, /S or /q): check the \
                 vendor's documentation."
                    .into(),
                Tone::Warn,
            ));
        }
        rows.extend([
            Row::Field(Slot::AppContinue),
            Row::Field(Slot::AppRestart),
            Row::Field(Slot::AppSuccessCode),
            Row::Field(Slot::AppRestartCode),
            Row::Field(Slot::AppDone),
        ]);
        rows
    }

    fn apply(&mut self, p: &mut Project) {
        let Some(i) = self.editing else { return };
        let installer = PathBuf::from(self.form.text(Slot::AppInstaller).trim());
        let suggestion = suggested_command(&installer);
        let cmd = self.form.text(Slot::AppCommand).trim().to_owned();
        if cmd.is_empty() || cmd == self.suggested {
            self.form.set_text(Slot::AppCommand, &suggestion);
        }
        self.suggested = suggestion;
        let f = &self.form;
        let Some(a) = p.applications.get_mut(i) else {
            return;
        };
        a.name = f.text(Slot::AppName).trim().to_owned();
        a.installer = installer;
        a.command_line = f.text(Slot::AppCommand).trim().to_owned();
        a.continue_on_failure = f.checked(Slot::AppContinue);
        a.restart_required = f.checked(Slot::AppRestart);
        // Empty: left out of the package, Windows' default applies (as WCD's wizard).
        let code = |slot: Slot, old: Option<i64>| {
            let t = f.text(slot).trim();
            if t.is_empty() {
                None
            } else {
                t.parse().ok().or(old)
            }
        };
        a.success_code = code(Slot::AppSuccessCode, a.success_code);
        a.restart_code = code(Slot::AppRestartCode, a.restart_code);
    }

    fn slot_of(&self, field: Field) -> Option<Slot> {
        let i = self.editing?;
        match field {
            Field::AppName(j) if j == i => Some(Slot::AppName),
            Field::AppInstaller(j) | Field::AppDependency(j, _) if j == i => {
                Some(Slot::AppInstaller)
            }
            Field::AppCommandLine(j) if j == i => Some(Slot::AppCommand),
            _ => None,
        }
    }

    fn local_problems(&self, _cx: &Cx) -> Vec<(Slot, Severity, String)> {
        if self.editing.is_none() {
            return Vec::new();
        }
        [Slot::AppSuccessCode, Slot::AppRestartCode]
            .into_iter()
            .filter_map(|s| num_problem(self.form.text(s)).map(|m| (s, Severity::Error, m)))
            .collect()
    }

    fn activate(&mut self, slot: Slot, p: &mut Project) -> Effect {
        if let Some(e) = self.list_activate(slot, p) {
            return e;
        }
        match slot {
            Slot::AppBrowse => Effect::Pick {
                slot: Slot::AppInstaller,
                title: "Choose the installer",
                extensions: INSTALLER_EXTENSIONS,
                start: p.resolve_path(Path::new(self.form.text(Slot::AppInstaller))),
            },
            _ => Effect::None,
        }
    }

    fn key(&mut self, key: KeyEvent, p: &mut Project, _problems: &[Problem]) -> Option<Effect> {
        self.list_key(key, p)
    }

    fn focus_field(&mut self, field: Field, p: &Project) -> bool {
        self.list_focus_field(field, p)
    }

    fn picked(&mut self, slot: Slot, path: PathBuf, p: &mut Project) {
        let rel = relative_to(&path, &p.base_dir);
        self.form.set_text(slot, &rel.display().to_string());
        name_after_file(&mut self.form, Slot::AppName, &rel);
    }
}

fn app_index(f: Field) -> Option<usize> {
    match f {
        Field::AppName(i)
        | Field::AppInstaller(i)
        | Field::AppCommandLine(i)
        | Field::AppDependency(i, _) => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_follow_the_installer_type() {
        assert_eq!(
            suggested_command(Path::new("apps/x.msi")),
            "msiexec /i \"x.msi\" /qn"
        );
        assert_eq!(
            suggested_command(Path::new("x.ps1")),
            "PowerShell.exe -NoProfile -ExecutionPolicy Bypass -File .\\x.ps1"
        );
        assert_eq!(suggested_command(Path::new("x.cmd")), "cmd /c x.cmd");
        assert_eq!(suggested_command(Path::new("x.BAT")), "cmd /c x.BAT");
        assert_eq!(suggested_command(Path::new("x.exe")), "x.exe /quiet");
        assert_eq!(suggested_command(Path::new("")), "");
    }
}
