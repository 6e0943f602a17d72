//! Settings groups → provxml files: names, numbering, SettingsGroup ids with `_k`
//! suffixes, `RunTime.xml`, `User_RunTime.xml` and `MasterDatastore.xml` (catalog 2.5, 2.7).

use super::provxml::{self, Parm};
use super::version::{Behaviour, FileNaming};
use crate::settings::{Out, escape_attr};
use std::collections::HashMap;

/// One settings group: an atomic subtree or a single setting.
#[derive(Debug)]
pub struct Group {
    /// Instance path, e.g. `Accounts/Users/ICT` or `…/Command/0/CommandLine`.
    pub instance: String,
    /// Schema path of the group, e.g. `Accounts/Users/User`.
    pub schema: String,
    pub user: bool,
    /// WLAN groups are written after every other setting (catalog 2.7, GP; corpus
    /// pat-CHADS-wireless, pat-MWDWireless).
    pub last: bool,
    /// 0 when the group's category comes from the Common store and the project targets
    /// it (written first), else 1.
    pub block: u8,
    /// The top-level category (`Accounts`, `Policies`…): the ICD 2016 groups by it.
    pub category: String,
    /// Any parm is executed (`exec="1"`): the ICD 2016 puts such groups in its own
    /// `Uicc_RunOnce` configuration source (corpus iotkit-ProSKU).
    pub exec: bool,
    pub parms: Vec<Parm>,
    /// `Provisioning/ForceSettingReload` parms, appended after the group's own parms.
    pub reloads: Vec<Parm>,
}

/// A compiled provxml with where it goes.
#[derive(Debug)]
pub struct GroupFile {
    /// `RunTime` or `User_RunTime`.
    pub source: &'static str,
    /// `<n>__<Group>.provxml`.
    pub file_name: String,
    pub settings_group: String,
    pub xml: String,
}

/// Characters Windows forbids in file names become `_` (WCD's own handling of such map
/// keys is unknown, catalog 6.6).
pub fn file_stem(instance: &str) -> String {
    instance
        .chars()
        .map(|c| match c {
            '/' => '_',
            '<' | '>' | ':' | '"' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

/// Orders, numbers and writes the groups: device groups in store order (the Common
/// store's categories first when the project targets it), then WLAN groups, then
/// user-context groups; one counter for all.
pub fn finish(groups: Vec<Group>, how: Behaviour) -> Vec<GroupFile> {
    match how.naming {
        FileNaming::Sequenced => sequenced(groups, how.settings_path_attrs),
        FileNaming::ByCategory => by_category(groups, how.settings_path_attrs),
    }
}

fn sequenced(groups: Vec<Group>, settings_path_attrs: bool) -> Vec<GroupFile> {
    let mut ordered: Vec<Group> = groups;
    ordered.sort_by_key(|g| (g.user, g.last, g.block)); // stable: walk order within
    let mut counters: HashMap<String, u32> = HashMap::new();
    ordered
        .into_iter()
        .enumerate()
        .map(|(n, mut g)| {
            let base = crate::catalog::settings_group_id(&g.schema, None);
            let seen = counters.entry(base.clone()).or_insert(0);
            let settings_group = if *seen == 0 {
                base.clone()
            } else {
                format!("{base}_{}", *seen - 1)
            };
            *seen += 1;
            let mut parms = std::mem::take(&mut g.parms);
            parms.append(&mut g.reloads);
            GroupFile {
                source: if g.user { "User_RunTime" } else { "RunTime" },
                file_name: format!("{n}__{}.provxml", file_stem(&g.instance)),
                settings_group,
                xml: provxml::write(&parms, settings_path_attrs),
            }
        })
        .collect()
}

/// ICD 2016: one file per top-level category and source, named `<Category>_<k>` with one
/// counter in store order, SettingsGroup = the category (corpus iotkit-*).
fn by_category(groups: Vec<Group>, settings_path_attrs: bool) -> Vec<GroupFile> {
    let mut merged: Vec<(String, &'static str, Vec<Parm>)> = Vec::new();
    let mut ordered: Vec<Group> = groups;
    ordered.sort_by_key(|g| (g.user, g.last, g.block));
    for mut g in ordered {
        let source = if g.user {
            "User_RunTime"
        } else if g.exec {
            "Uicc_RunOnce"
        } else {
            "RunTime"
        };
        let mut parms = std::mem::take(&mut g.parms);
        parms.append(&mut g.reloads);
        match merged
            .iter_mut()
            .find(|(c, s, _)| *c == g.category && *s == source)
        {
            Some((_, _, p)) => p.extend(parms),
            None => merged.push((g.category.clone(), source, parms)),
        }
    }
    merged
        .into_iter()
        .enumerate()
        .map(|(k, (category, source, parms))| GroupFile {
            source,
            file_name: format!("{}_{k}.provxml", file_stem(&category)),
            settings_group: category,
            xml: provxml::write(&parms, settings_path_attrs),
        })
        .collect()
}

/// `Prov/RunTime.xml` or `Prov/User_RunTime.xml` listing `files` of that source.
pub fn configuration_source(files: &[GroupFile], source: &str) -> String {
    let mut w = Out::default();
    w.raw("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let mine: Vec<&GroupFile> = files.iter().filter(|f| f.source == source).collect();
    if mine.is_empty() {
        w.line(0, "<ConfigurationSource Version=\"1.0\" />");
        return w.finish();
    }
    w.line(0, "<ConfigurationSource Version=\"1.0\">");
    for f in mine {
        w.line(
            1,
            &format!(
                "<ConfigurationSet Type=\"provxml\" SettingsGroup=\"{}\" Data=\"$(_prov)\\{}\\{}\" />",
                escape_attr(&f.settings_group),
                source,
                escape_attr(&f.file_name)
            ),
        );
    }
    w.line(0, "</ConfigurationSource>");
    w.finish()
}

/// `Multivariant/0/MasterDatastore.xml` listing `sources` (`Uicc_RunOnce`, `RunTime`,
/// `User_RunTime`, in that order when used).
pub fn master_datastore(sources: &[&str]) -> String {
    let mut w = Out::default();
    w.raw("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    w.line(0, "<ConfigurationSourceList Version=\"1.0\">");
    for s in sources {
        w.line(
            1,
            &format!("<ConfigurationSource Name=\"{s}\" Path=\"$(_prov)\\{s}.xml\">"),
        );
        w.line(2, "<EventList>");
        w.line(3, &format!("<Event Name=\"{s}\" />"));
        w.line(2, "</EventList>");
        w.line(1, "</ConfigurationSource>");
    }
    w.line(0, "</ConfigurationSourceList>");
    w.finish()
}

/// `Multivariant/Multivariant.xml` and `CommonSettings/CommonSettings.xml`: no BOM,
/// upper-case `UTF-8`, an element holding only a line break and two spaces.
pub fn elements_index(kind: &str, index: u32) -> String {
    let mut w = Out::default();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.line(0, &format!("<Elements Type=\"{kind}\">"));
    w.line(1, &format!("<Element Index=\"{index}\">"));
    w.line(1, "</Element>");
    w.line(0, "</Elements>");
    w.finish()
}
