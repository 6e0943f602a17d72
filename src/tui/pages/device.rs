//! Page 2, "Set up device": name (with a live preview), product key, shared use, clean PC.

use super::{Cx, PageView};
use crate::project::Project;
use crate::project::device_name::{MAX_LEN, NamePattern};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, Tone, check, text};

/// A serial number as long as real ones, to show how `%SERIAL%` gets cut.
pub const SAMPLE_SERIAL: &str = "PF3A9XYZ12345678";

pub struct DevicePage {
    form: Form,
}

impl DevicePage {
    pub fn new(p: &Project) -> Self {
        let d = &p.device;
        Self {
            form: Form::new(vec![
                text(Slot::DeviceName, &d.name),
                text(Slot::ProductKey, d.product_key.as_deref().unwrap_or("")),
                check(Slot::SharedUse, d.shared_use),
                check(Slot::RemovePreinstalled, d.remove_preinstalled),
                check(Slot::HideOobe, d.hide_oobe),
            ]),
        }
    }
}

/// "LAB-XYZ12345678 (15 of 15 characters)" for a pattern, or `None` if it does not parse.
pub fn name_preview(pattern: &str) -> Option<String> {
    if pattern.is_empty() {
        return None;
    }
    let p = NamePattern::parse(pattern).ok()?;
    let name = p.preview(SAMPLE_SERIAL);
    let mut s = format!(
        "{name}  ({} of at most {MAX_LEN} characters)",
        name.chars().count()
    );
    if p.0.contains(&crate::project::device_name::Part::Serial) {
        s.push_str(&format!(" for serial number {SAMPLE_SERIAL}"));
    }
    Some(s)
}

impl PageView for DevicePage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, _cx: &Cx) -> Vec<Row> {
        let preview = name_preview(self.form.text(Slot::DeviceName));
        let mut rows = vec![
            Row::dim("%SERIAL% is replaced by the serial number, %RAND:4% by 4 random digits."),
            Row::Blank,
            Row::Field(Slot::DeviceName),
        ];
        if let Some(pv) = preview {
            rows.push(Row::Pair("Will look like".into(), pv, Tone::Ok));
        }
        rows.extend([
            Row::Field(Slot::ProductKey),
            Row::Blank,
            Row::Field(Slot::SharedUse),
            Row::Field(Slot::RemovePreinstalled),
            Row::Field(Slot::HideOobe),
        ]);
        rows
    }

    fn apply(&mut self, p: &mut Project) {
        let d = &mut p.device;
        d.name = self.form.text(Slot::DeviceName).trim().to_owned();
        d.product_key = self.form.opt_text(Slot::ProductKey);
        d.shared_use = self.form.checked(Slot::SharedUse);
        d.remove_preinstalled = self.form.checked(Slot::RemovePreinstalled);
        d.hide_oobe = self.form.checked(Slot::HideOobe);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn preview_shows_the_cut_serial_and_length() {
        let p = super::name_preview("LAB-%SERIAL%").unwrap();
        assert!(p.starts_with("LAB-XYZ12345678  (15 of at most 15"), "{p}");
        assert!(super::name_preview("A%").is_none());
    }
}
