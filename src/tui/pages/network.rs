//! Page 3, "Set up network": Wi-Fi on/off, SSID, Open / WPA2-Personal, password, hidden.

use super::{Cx, PageView, merge_secret, secret_text, source_note};
use crate::project::{Project, Wifi, WifiSecurity};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, Widget, check, choice, secret, text};

pub struct NetworkPage {
    form: Form,
}

const OPEN: usize = 0;
const WPA2: usize = 1;

impl NetworkPage {
    pub fn new(p: &Project) -> Self {
        let w = p.network.as_ref();
        let security = match w.map(|w| w.security) {
            Some(WifiSecurity::Open) => OPEN,
            _ => WPA2,
        };
        Self {
            form: Form::new(vec![
                check(Slot::WifiOn, w.is_some()),
                text(Slot::Ssid, w.map(|w| w.ssid.as_str()).unwrap_or("")),
                choice(Slot::Security, vec!["Open", "WPA2-Personal"], security),
                secret(Slot::WifiKey, &secret_text(w.and_then(|w| w.key.as_ref()))),
                check(Slot::ShowWifiKey, false),
                check(Slot::Hidden, w.is_some_and(|w| w.hidden)),
            ]),
        }
    }
}

impl PageView for NetworkPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let mut rows = vec![Row::Field(Slot::WifiOn)];
        if !self.form.checked(Slot::WifiOn) {
            rows.push(Row::Blank);
            rows.push(Row::dim(
                "No Wi-Fi: each device needs a network cable during its first start \
                 if it must reach the internet or a domain.",
            ));
            return rows;
        }
        rows.extend([
            Row::Blank,
            Row::Field(Slot::Ssid),
            Row::Field(Slot::Security),
        ]);
        if self.form.choice(Slot::Security) == WPA2 {
            rows.push(Row::Field(Slot::WifiKey));
            if let Some(note) = cx
                .project
                .network
                .as_ref()
                .and_then(|w| w.key.as_ref())
                .and_then(source_note)
            {
                rows.push(Row::dim(note));
            }
            rows.push(Row::Field(Slot::ShowWifiKey));
        } else {
            rows.push(Row::dim("Anyone nearby can join an open network."));
        }
        rows.push(Row::Field(Slot::Hidden));
        rows
    }

    fn apply(&mut self, p: &mut Project) {
        let shown = self.form.checked(Slot::ShowWifiKey);
        if let Some(Widget::Text(t)) = self.form.widget_mut(Slot::WifiKey) {
            t.reveal(shown);
        }
        if !self.form.checked(Slot::WifiOn) {
            p.network = None;
            return;
        }
        let old = p.network.take();
        let security = if self.form.choice(Slot::Security) == OPEN {
            WifiSecurity::Open
        } else {
            WifiSecurity::Wpa2Personal
        };
        let key = match security {
            WifiSecurity::Open => None,
            WifiSecurity::Wpa2Personal => Some(merge_secret(
                old.as_ref().and_then(|w| w.key.as_ref()),
                self.form.text(Slot::WifiKey),
            )),
        };
        p.network = Some(Wifi {
            ssid: self.form.text(Slot::Ssid).to_owned(),
            security,
            key,
            hidden: self.form.checked(Slot::Hidden),
            auto_connect: old.map(|w| w.auto_connect).unwrap_or(true),
        });
    }
}
