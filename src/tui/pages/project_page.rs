//! Page 1, "Project": name, folder, description (and the package version).

use super::{Cx, PageView};
use crate::project::{Field, Project, Severity};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, text};
use std::path::PathBuf;

pub struct ProjectPage {
    form: Form,
}

impl ProjectPage {
    pub fn new(p: &Project) -> Self {
        let folder = std::path::absolute(&p.base_dir).unwrap_or_else(|_| p.base_dir.clone());
        Self {
            form: Form::new(vec![
                text(Slot::Name, &p.name),
                text(Slot::Folder, &folder.display().to_string()),
                text(Slot::Description, &p.description),
                text(Slot::Version, &p.package.version),
            ]),
        }
    }

    /// The folder typed, where the project and the package are written.
    pub fn folder(&self) -> PathBuf {
        PathBuf::from(self.form.text(Slot::Folder).trim())
    }
}

impl PageView for ProjectPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        vec![
            Row::dim("Give the package a name and choose where it is kept."),
            Row::Blank,
            Row::Field(Slot::Name),
            Row::Field(Slot::Folder),
            Row::pair("Saved as", cx.project_file.display().to_string()),
            Row::Field(Slot::Description),
            Row::Field(Slot::Version),
            Row::Blank,
            Row::dim(
                "The package is created in the project folder as <Name>.ppkg. Raise the version \
                 when you change a package that devices already have.",
            ),
        ]
    }

    fn apply(&mut self, p: &mut Project) {
        p.name = self.form.text(Slot::Name).to_owned();
        p.description = self.form.text(Slot::Description).to_owned();
        p.package.version = self.form.text(Slot::Version).trim().to_owned();
        let folder = self.folder();
        if !folder.as_os_str().is_empty() {
            p.base_dir = folder;
        }
    }

    fn slot_of(&self, field: Field) -> Option<Slot> {
        match field {
            Field::ProjectName => Some(Slot::Name),
            Field::PackageVersion | Field::PackageRank | Field::Schema => Some(Slot::Version),
            _ => None,
        }
    }

    fn local_problems(&self, _cx: &Cx) -> Vec<(Slot, Severity, String)> {
        let folder = self.folder();
        let msg = if folder.as_os_str().is_empty() {
            Some((
                Severity::Error,
                "Enter the folder where the project and the package are kept.".to_string(),
            ))
        } else {
            match std::fs::metadata(&folder) {
                Err(_) => Some((
                    Severity::Warning,
                    "This folder does not exist yet; it is created when you save.".to_string(),
                )),
                Ok(m) if !m.is_dir() => {
                    Some((Severity::Error, "This is a file, not a folder.".to_string()))
                }
                Ok(m) if m.permissions().readonly() => Some((
                    Severity::Error,
                    "This folder is read-only; choose one you can write to.".to_string(),
                )),
                Ok(_) => None,
            }
        };
        msg.map(|(s, m)| vec![(Slot::Folder, s, m)])
            .unwrap_or_default()
    }
}
