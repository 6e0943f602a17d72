//! Reading customizations.xml back into sections: every leaf of the document with its
//! address, taken by the field that claims it; what no field takes stays an advanced
//! setting.

use crate::settings::path::Selector;
use crate::settings::{Node, PathSegment, SettingPath};
use std::collections::HashMap;

/// The attribute that keys each map entry element (catalog §1.4).
fn map_key(element: &str) -> Option<&'static str> {
    Some(match element {
        "User" => "UserName",
        "WLANConfig" => "SSID",
        "RootCertificate" | "ClientCertificate" | "CACerificate" | "OemEsimCertificate" => {
            "CertificateName"
        }
        "UPN" => "UPN",
        "Application" => "PackageFamilyName",
        "LicenseInstall" => "LicenseProductId",
        "Language" => "LanguageCode",
        _ => return None,
    })
}

fn key_for(element: &str, parent_is_trusted_people: bool) -> Option<&'static str> {
    match element {
        "Certificate" if parent_is_trusted_people => Some("CertificateName"),
        "Certificate" => Some("CertificateHash"),
        other => map_key(other),
    }
}

/// A leaf of the document with its address and whether it has been taken by a field.
pub(crate) struct Leaf {
    pub(crate) path: SettingPath,
    pub(crate) schema: String,
    pub(crate) text: String,
    pub(crate) taken: bool,
}

/// One map entry or list item: its address and the run of leaves inside it (leaves are
/// in document order, so an entry's leaves are contiguous).
pub(crate) struct Entry {
    pub(crate) prefix: Vec<PathSegment>,
    pub(crate) range: std::ops::Range<usize>,
}

impl Entry {
    /// The entry's key (`UserName`, `SSID`, …), if it is addressed by one.
    pub(crate) fn key(&self) -> Option<&str> {
        match self.prefix.last().map(|s| &s.selector) {
            Some(Selector::Key(_, v)) => Some(v),
            _ => None,
        }
    }
}

/// Every leaf, indexed by schema path so that taking fields costs the same for a file of
/// ten settings as per setting for one of ten thousand.
pub(crate) struct Leaves {
    pub(crate) all: Vec<Leaf>,
    pub(crate) by_schema: HashMap<String, Vec<usize>>,
}

impl Leaves {
    pub(crate) fn of(common: &Node) -> Self {
        let mut all = Vec::new();
        collect(common, &mut Vec::new(), false, &mut all);
        let mut by_schema: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, l) in all.iter().enumerate() {
            by_schema.entry(l.schema.clone()).or_default().push(i);
        }
        Leaves { all, by_schema }
    }

    pub(crate) fn first_free(&self, schema: &str, within: Option<&Entry>) -> Option<usize> {
        match within {
            Some(e) => e
                .range
                .clone()
                .find(|&i| !self.all[i].taken && self.all[i].schema == schema),
            None => self
                .by_schema
                .get(schema)?
                .iter()
                .copied()
                .find(|&i| !self.all[i].taken),
        }
    }

    /// Takes the first free leaf with schema path `schema` (inside `within`, if given).
    pub(crate) fn take(&mut self, schema: &str, within: Option<&Entry>) -> Option<String> {
        let i = self.first_free(schema, within)?;
        self.all[i].taken = true;
        Some(self.all[i].text.clone())
    }

    pub(crate) fn peek(&self, schema: &str) -> Option<&str> {
        self.first_free(schema, None)
            .map(|i| self.all[i].text.as_str())
    }

    /// Map entries or list items whose element has schema path `entry_schema`, in
    /// document order.
    pub(crate) fn entries(&self, entry_schema: &str) -> Vec<Entry> {
        let depth = entry_schema.split('/').count();
        let mut out: Vec<Entry> = Vec::new();
        for (i, l) in self.all.iter().enumerate() {
            let inside = l.path.0.len() > depth
                && l.schema.len() > entry_schema.len()
                && l.schema.starts_with(entry_schema)
                && l.schema.as_bytes()[entry_schema.len()] == b'/';
            if !inside {
                continue;
            }
            let prefix = &l.path.0[..depth];
            match out.last_mut() {
                Some(e) if e.prefix == prefix && e.range.end == i => e.range.end = i + 1,
                _ => out.push(Entry {
                    prefix: prefix.to_vec(),
                    range: i..i + 1,
                }),
            }
        }
        out
    }

    /// Whether a free leaf exists for each schema path (inside `within`, if given).
    pub(crate) fn all_present(&self, schemas: &[&str], within: Option<&Entry>) -> bool {
        schemas.iter().all(|s| self.first_free(s, within).is_some())
    }

    /// [`Leaves::all_present`], each with a value that is not empty.
    pub(crate) fn all_filled(&self, schemas: &[&str], within: Option<&Entry>) -> bool {
        schemas.iter().all(|s| {
            self.first_free(s, within)
                .is_some_and(|i| !self.all[i].text.is_empty())
        })
    }

    /// Whether some leaf of `e` is still free.
    pub(crate) fn any_free(&self, e: &Entry) -> bool {
        e.range.clone().any(|i| !self.all[i].taken)
    }

    /// Whether every free leaf of `e` has leaf name `name`.
    pub(crate) fn only_free_named(&self, e: &Entry, name: &str) -> bool {
        e.range
            .clone()
            .filter(|&i| !self.all[i].taken)
            .all(|i| self.all[i].path.leaf_name() == name)
    }

    pub(crate) fn untake_all(&mut self, e: &Entry) {
        for i in e.range.clone() {
            self.all[i].taken = false;
        }
    }
}

fn collect(n: &Node, prefix: &mut Vec<PathSegment>, trusted_people: bool, out: &mut Vec<Leaf>) {
    // Counted once per parent, so wide lists (thousands of commands) stay linear.
    let mut totals: HashMap<&str, usize> = HashMap::new();
    let mut command_names: HashMap<&str, usize> = HashMap::new();
    for c in &n.children {
        *totals.entry(c.name.as_str()).or_default() += 1;
        if c.name == "CommandConfig" {
            if let Some(v) = c.attr("Name") {
                *command_names.entry(v).or_default() += 1;
            }
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    // The key attribute of each kind of child that is a map entry, from the catalog: one
    // look-up per element name, not per child.
    let mut catalog_keys: HashMap<&str, Option<&'static str>> = HashMap::new();
    let parent_schema: String = prefix
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join("/");
    for c in &n.children {
        let catalog_key = *catalog_keys.entry(c.name.as_str()).or_insert_with(|| {
            let schema = if parent_schema.is_empty() {
                c.name.clone()
            } else {
                format!("{parent_schema}/{}", c.name)
            };
            crate::catalog::collection(&schema).and_then(|col| col.key)
        });
        let nth = {
            let k = seen.entry(c.name.as_str()).or_default();
            *k += 1;
            *k - 1
        };
        let total = totals[c.name.as_str()];
        // A command is addressed by its name when that name is unique, so a command kept
        // as an advanced setting keeps its name and cannot merge into an application.
        let command_name = c
            .attr("Name")
            .filter(|_| c.name == "CommandConfig")
            .filter(|v| command_names.get(v) == Some(&1));
        let selector = match key_for(&c.name, trusted_people)
            .and_then(|k| c.attr(k).map(|v| (k, v)))
            .or_else(|| catalog_key.and_then(|k| c.attr(k).map(|v| (k, v))))
        {
            Some((k, v)) => Selector::Key(k.into(), v.into()),
            None => match command_name {
                Some(v) => Selector::Key("Name".into(), v.into()),
                None if total > 1
                    || c.name == "CommandConfig"
                    || c.name == "Dependency"
                    || c.name == "CommandFile" && n.name == "CommandFiles" =>
                {
                    Selector::Index(nth)
                }
                None => Selector::First,
            },
        };
        prefix.push(PathSegment {
            name: c.name.clone(),
            selector,
        });
        if c.children.is_empty() {
            let path = SettingPath(prefix.clone());
            out.push(Leaf {
                schema: path.schema_path(),
                path,
                text: c.text.clone().unwrap_or_default(),
                taken: false,
            });
        } else {
            collect(c, prefix, c.name == "TrustedPeopleCertificates", out);
        }
        prefix.pop();
    }
}
