//! Starting the dialogs that run their own work: the tenant's pre-flight checks (Accounts
//! page) and one package per row of a CSV file (Summary page).

use super::app::App;
use super::modal::Modal;
use super::popups::{Ask, AskThen, BatchDialog, Pick, PickTarget, Preflight};
use super::widgets::file_picker::FilePicker;
use super::worker::BatchRequest;
use crate::project::{Page, SecretSource};

impl App {
    /// "Check tenant": the `preflight` checks, with the project's token when it has one.
    pub(crate) fn check_tenant(&mut self) {
        match self.pages.accounts.preflight_ask(
            &self.project,
            self.saved_path.as_deref(),
            self.today,
        ) {
            Err(msg) => self.modal = Some(Modal::message("Cannot check the tenant yet", msg)),
            Ok(ask) => {
                self.modal = Some(Modal::Popup(Box::new(Preflight::start(
                    self.services.clone(),
                    ask,
                ))))
            }
        }
    }

    /// "Create one package per row of a CSV…": secrets to type first, then the rows file.
    pub(crate) fn batch(&mut self) {
        let to_ask = self.secrets_to_ask();
        if !to_ask.is_empty() {
            self.modal = Some(Modal::Popup(Box::new(Ask::new(to_ask, AskThen::Batch))));
            return;
        }
        let picker = FilePicker::open(
            "Rows for the packages: choose a CSV file",
            &self.project.base_dir,
            &["csv"],
        )
        .with_base(&self.project.base_dir);
        self.modal = Some(Modal::Picker(Box::new(Pick::new(
            picker,
            PickTarget::BatchRows,
        ))));
    }

    /// A rows file was chosen: every row is checked, then previewed.
    pub(crate) fn batch_rows(&mut self, rows: &std::path::Path) {
        self.go_to(Page::Summary);
        // Row package ids derive from the project's id: give it one now, and say that
        // saving keeps it, so rebuilding the same rows later gives the same ids.
        if self.project.ensure_package_id() {
            self.dirty = true;
        }
        let Some(mut project) = self.resolved_project() else {
            return;
        };
        // The batch varies the project as JSON in memory: values typed in this session
        // travel with it as plain values (never written anywhere).
        for (_, s) in project.secrets_mut() {
            if s.has_value() && s.source == SecretSource::Ask {
                s.source = SecretSource::Clear;
            }
        }
        let request = BatchRequest {
            out_dir: project.base_dir.clone(),
            project,
            rows: rows.to_path_buf(),
            keep_going: false,
            replace: false,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        self.modal = Some(Modal::Popup(Box::new(BatchDialog::open(
            request,
            self.services.clone(),
        ))));
    }
}
