//! Reads WCD's settings stores (registry hives) and writes the settings table that
//! ppkg-wizard embeds (`src/catalog/stores.tsv`).
//!
//! The table is the union of every store: one block per store node (setting, group, map
//! or list), each fact on its own line tagged with the stores that state it, so a fact
//! that changed between WCD versions appears once per form. Microsoft's description
//! sentences are left out; short display names are facts and are kept.
//!
//! Format (UTF-8, `\n` line ends, fields separated by tabs; `\\`, `\t`, `\n`, `\r`
//! inside a field are escaped as in C):
//!
//! ```text
//! # comment lines
//! Accounts/Azure/BPRT                  a node: its schema path
//! \ttype\tC19,D19,D24\t3                a fact: name, stores, fields…
//! ```

use notatin::cell_value::CellValue;
use notatin::parser::ParserIterator;
use notatin::parser_builder::ParserBuilder;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the generated table lives, relative to the repository root.
pub const OUTPUT: &str = "src/catalog/stores.tsv";

/// The stores read, newest last, with the tag that marks their facts.
pub const STORES: &[(&str, &str)] = &[
    ("C19", "2019/Microsoft-Common-Provisioning.dat"),
    ("D19", "2019/Microsoft-Desktop-Provisioning.dat"),
    ("D24", "2024-02/Microsoft-Desktop-Provisioning.dat"),
];

/// The apply-order (`-Sequence`) stores, tagged like the settings store they belong to.
pub const SEQUENCE_STORES: &[(&str, &str)] = &[
    ("C19", "2019/Microsoft-Common-Provisioning-Sequence.dat"),
    ("D19", "2019/Microsoft-Desktop-Provisioning-Sequence.dat"),
];

/// Why a store could not be read.
#[derive(Debug)]
pub struct GenError {
    pub path: PathBuf,
    pub why: String,
}

impl std::fmt::Display for GenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.why)
    }
}

impl std::error::Error for GenError {}

/// One registry key: its values, in hive order.
#[derive(Default)]
struct Key {
    values: Vec<(String, String)>,
    children: Vec<String>,
}

impl Key {
    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A hive as path (`ROOT\A\B`, no leading backslash) → key.
struct Hive {
    keys: BTreeMap<String, Key>,
}

impl Hive {
    fn read(path: &Path) -> Result<Self, GenError> {
        let err = |why: String| GenError {
            path: path.to_owned(),
            why,
        };
        if !path.is_file() {
            return Err(err("no such file".into()));
        }
        let owned: PathBuf = path.into();
        let parser = ParserBuilder::from_path(owned)
            .recover_deleted(false)
            .build()
            .map_err(|e| err(format!("not a readable registry hive ({e:?})")))?;
        let mut keys: BTreeMap<String, Key> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for node in ParserIterator::new(&parser).iter() {
            let p = node.path.trim_start_matches('\\').to_owned();
            let values = node
                .value_iter()
                .map(|v| (v.get_pretty_name(), text(&v.get_content().0)))
                .collect();
            order.push(p.clone());
            keys.insert(
                p,
                Key {
                    values,
                    children: Vec::new(),
                },
            );
        }
        for p in order {
            if let Some((parent, _)) = p.rsplit_once('\\')
                && let Some(k) = keys.get_mut(parent)
            {
                k.children.push(p);
            }
        }
        if keys.is_empty() {
            return Err(err("the hive holds no keys".into()));
        }
        Ok(Hive { keys })
    }

    fn key(&self, path: &str) -> Option<&Key> {
        self.keys.get(path)
    }

    /// The root key (`ROOT` in WCD's stores).
    fn root(&self) -> Option<&str> {
        self.keys
            .keys()
            .find(|k| !k.contains('\\'))
            .map(String::as_str)
    }
}

fn text(v: &CellValue) -> String {
    match v {
        CellValue::String(s) => s.trim_end_matches('\0').to_owned(),
        CellValue::MultiString(v) => v.join("|"),
        CellValue::U32(n) => n.to_string(),
        CellValue::I32(n) => n.to_string(),
        CellValue::U64(n) => n.to_string(),
        CellValue::I64(n) => n.to_string(),
        CellValue::Binary(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
        CellValue::None | CellValue::Error => String::new(),
    }
}

/// A fact: its name and fields.
type Fact = (&'static str, Vec<String>);

/// All nodes of all stores: schema path → fact → stores stating it.
#[derive(Default)]
struct Table {
    nodes: BTreeMap<String, BTreeMap<Fact, BTreeSet<&'static str>>>,
}

impl Table {
    fn add(&mut self, path: &str, tag: &'static str, fact: Fact) {
        self.nodes
            .entry(path.to_owned())
            .or_default()
            .entry(fact)
            .or_default()
            .insert(tag);
    }
}

/// Subkeys of a setting node that are not settings themselves.
fn is_setting(k: &Key) -> bool {
    k.get("Type").is_some()
}

fn leaf(p: &str) -> &str {
    p.rsplit_once('\\').map_or(p, |(_, l)| l)
}

/// Facts of the setting node at hive path `key` (schema path `schema`).
fn node_facts(h: &Hive, key: &str, k: &Key) -> Vec<Fact> {
    let mut f: Vec<Fact> = Vec::new();
    let one = |f: &mut Vec<Fact>, name: &'static str, v: Option<&str>| {
        if let Some(v) = v {
            f.push((name, vec![v.to_owned()]));
        }
    };
    one(&mut f, "type", k.get("Type"));
    one(&mut f, "key", k.get("Key"));
    if k.get("Atomic") == Some("1") {
        one(&mut f, "atomic", k.get("AtomicRoot"));
    }
    one(&mut f, "required", k.get("Required"));
    one(&mut f, "serialization", k.get("Serialization"));
    one(&mut f, "filepath", k.get("FilePath"));
    one(&mut f, "hint", k.get("UserExperienceHint"));
    if let Some(a) = h.key(&format!("{key}\\Apply")) {
        one(&mut f, "passes", a.get("ApplyPasses"));
        one(&mut f, "after", a.get("ApplyAfterSetting"));
        one(&mut f, "reboot", a.get("RequiresReboot"));
        one(&mut f, "firstsim", a.get("AtFirstSIMDetectOnly"));
    }
    if let Some(c) = h.key(&format!("{key}\\Apply\\Csp")) {
        one(&mut f, "csp", c.get("Path"));
        one(&mut f, "action", c.get("Action"));
        one(&mut f, "context", c.get("Context"));
    }
    if let Some(r) = h.key(&format!("{key}\\Apply\\Registry")) {
        one(&mut f, "registry", r.get("Path"));
        one(&mut f, "texttype", r.get("TextType"));
    }
    if let Some(v) = h.key(&format!("{key}\\Validation")) {
        one(&mut f, "min", v.get("Minimum"));
        one(&mut f, "max", v.get("Maximum"));
        one(&mut f, "minlen", v.get("MinLength"));
        one(&mut f, "maxlen", v.get("MaxLength"));
        one(&mut f, "pattern", v.get("Pattern"));
        one(&mut f, "sameas", v.get("AllowedValueReference"));
        for c in &v.children {
            let ck = &h.keys[c];
            if leaf(c) == "Values" {
                for e in &ck.children {
                    let display = h.keys[e].get("Display").unwrap_or("").to_owned();
                    f.push(("value", vec![leaf(e).to_owned(), display]));
                }
            } else {
                // An allowed file extension (assets) or map key (maps).
                f.push(("allow", vec![leaf(c).to_owned()]));
            }
        }
    }
    if let Some(d) = h.key(&format!("{key}\\Default")) {
        for c in &d.children {
            f.push(("default", vec![leaf(c).to_owned()]));
        }
    }
    if let Some(v) = h.key(&format!("{key}\\Visibility")) {
        one(&mut f, "name", v.get("DisplayName"));
        one(&mut f, "private", v.get("Private"));
        // `Visibility\<group>\<n>`: WCD shows (and builds) the setting only when every
        // condition of some group holds.
        for g in &v.children {
            for c in &h.keys[g].children {
                let ck = &h.keys[c];
                if let (Some(setting), Some(value)) = (ck.get("Setting"), ck.get("Value")) {
                    let code = ck.get("Condition").unwrap_or("").to_owned();
                    f.push((
                        "visible",
                        vec![
                            leaf(g).to_owned(),
                            setting.to_owned(),
                            value.to_owned(),
                            code,
                        ],
                    ));
                }
            }
        }
    }
    f
}

fn walk(h: &Hive, t: &mut Table, tag: &'static str, key: &str, schema: &str) {
    let Some(k) = h.key(key) else { return };
    for c in &k.children {
        let ck = &h.keys[c];
        if !is_setting(ck) {
            continue;
        }
        let name = leaf(c);
        let sp = if schema.is_empty() {
            name.to_owned()
        } else {
            format!("{schema}/{name}")
        };
        for fact in node_facts(h, c, ck) {
            t.add(&sp, tag, fact);
        }
        walk(h, t, tag, c, &sp);
    }
}

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\t' => o.push_str("\\t"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            c => o.push(c),
        }
    }
    o
}

/// Reads every store under `stores` (the `reference/stores` folder) and returns the
/// table's text. Deterministic: the same stores give the same bytes.
pub fn generate(stores: &Path) -> Result<String, GenError> {
    let mut t = Table::default();
    for (tag, file) in STORES {
        let h = Hive::read(&stores.join(file))?;
        let root = h.root().unwrap_or("ROOT").to_owned();
        walk(&h, &mut t, tag, &root, "");
    }
    let mut orphans = 0usize;
    for (tag, file) in SEQUENCE_STORES {
        let path = stores.join(file);
        let h = Hive::read(&path)?;
        let Some(map) = h
            .keys
            .keys()
            .find(|k| k.ends_with("\\SequenceMap"))
            .cloned()
        else {
            return Err(GenError {
                path,
                why: "no SequenceMap key".into(),
            });
        };
        for e in &h.keys[&map].children {
            let k = &h.keys[e];
            let (Some(p), Some(level)) = (k.get("Path"), k.get("Level")) else {
                continue;
            };
            let sp = p.trim_start_matches('/');
            if !t.nodes.contains_key(sp) {
                orphans += 1;
                continue;
            }
            t.add(sp, tag, ("sequence", vec![level.to_owned()]));
        }
    }
    let mut out = String::new();
    out.push_str("# Generated by tools/catalog-gen from WCD's settings stores: do not edit.\n");
    out.push_str(
        "# Regenerate: cargo run -p catalog-gen (tests/catalog_generated.rs checks it).\n",
    );
    out.push_str("# Stores: ");
    let tags: Vec<String> = STORES
        .iter()
        .chain(SEQUENCE_STORES)
        .map(|(t, f)| format!("{t}={f}"))
        .collect();
    out.push_str(&tags.join(" "));
    out.push('\n');
    let _ = writeln!(
        out,
        "# {} nodes; {} sequence entries name no node",
        t.nodes.len(),
        orphans
    );
    for (path, facts) in &t.nodes {
        out.push_str(&escape(path));
        out.push('\n');
        for ((name, fields), stores) in facts {
            out.push('\t');
            out.push_str(name);
            out.push('\t');
            out.push_str(&stores.iter().copied().collect::<Vec<_>>().join(","));
            for f in fields {
                out.push('\t');
                out.push_str(&escape(f));
            }
            out.push('\n');
        }
    }
    Ok(out)
}
