//! The facts of WCD's settings stores, as `tools/catalog-gen` wrote them into
//! `stores.tsv`: every node of every store, each fact tagged with the stores stating it.
//! Parsed once, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One of WCD's settings stores the table was generated from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Store {
    /// `2019/Microsoft-Common-Provisioning.dat` (and its `-Sequence` store).
    Common2019,
    /// `2019/Microsoft-Desktop-Provisioning.dat` (and its `-Sequence` store).
    Desktop2019,
    /// `2024-02/Microsoft-Desktop-Provisioning.dat`.
    Desktop2024,
}

impl Store {
    /// Every store, oldest first; later ones win when facts differ.
    pub const ALL: [Store; 3] = [Store::Common2019, Store::Desktop2019, Store::Desktop2024];

    /// The tag the table uses.
    pub fn tag(self) -> &'static str {
        match self {
            Store::Common2019 => "C19",
            Store::Desktop2019 => "D19",
            Store::Desktop2024 => "D24",
        }
    }

    fn from_tag(t: &str) -> Option<Store> {
        Store::ALL.into_iter().find(|s| s.tag() == t)
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of stores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StoreSet(u8);

impl StoreSet {
    /// No store: a fact that only hand-written knowledge gives.
    pub const NONE: StoreSet = StoreSet(0);

    pub fn contains(self, s: Store) -> bool {
        self.0 & s.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The stores in the set, oldest first.
    pub fn iter(self) -> impl Iterator<Item = Store> {
        Store::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// The newest store in the set.
    pub fn newest(self) -> Option<Store> {
        self.iter().last()
    }

    fn with(self, s: Store) -> StoreSet {
        StoreSet(self.0 | s.bit())
    }
}

impl serde::Serialize for StoreSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Store::tag))
    }
}

/// One fact of a node: its name (`type`, `csp`, `value`…), the stores that state it and
/// its fields (`value` has two: the stored value and its display name).
#[derive(Debug)]
pub struct Fact {
    pub name: &'static str,
    pub stores: StoreSet,
    pub fields: Vec<&'static str>,
}

/// One store node (setting, group, map or list) with its facts from every store.
#[derive(Debug)]
pub struct Node {
    /// Schema path, e.g. `Accounts/Users/User/Password`.
    pub path: &'static str,
    pub facts: Vec<Fact>,
}

impl Node {
    /// The stores that know this node.
    pub fn stores(&self) -> StoreSet {
        self.facts
            .iter()
            .filter(|f| f.name == "type")
            .fold(StoreSet::NONE, |a, f| StoreSet(a.0 | f.stores.0))
    }

    /// The store whose facts describe the node: the newest that knows it.
    pub fn primary(&self) -> Option<Store> {
        self.stores().newest()
    }

    /// Facts named `name` as `store` states them.
    pub fn facts_in(&self, name: &str, store: Store) -> impl Iterator<Item = &Fact> {
        self.facts
            .iter()
            .filter(move |f| f.name == name && f.stores.contains(store))
    }

    /// The first field of fact `name` in `store`.
    pub fn get_in(&self, name: &str, store: Store) -> Option<&'static str> {
        self.facts_in(name, store)
            .next()
            .and_then(|f| f.fields.first().copied())
    }

    /// The first field of fact `name` in the primary store.
    pub fn get(&self, name: &str) -> Option<&'static str> {
        self.get_in(name, self.primary()?)
    }

    /// Fact `name` from the newest store that states it at all (for facts only some
    /// stores carry, such as the `-Sequence` level).
    pub fn get_newest(&self, name: &str) -> Option<&'static str> {
        Store::ALL
            .into_iter()
            .rev()
            .find_map(|s| self.get_in(name, s))
    }

    /// Every fact named `name` in the primary store (multi-valued facts: `value`,
    /// `default`, `allow`).
    pub fn all(&self, name: &str) -> impl Iterator<Item = &Fact> {
        let p = self.primary();
        self.facts
            .iter()
            .filter(move |f| f.name == name && p.is_some_and(|p| f.stores.contains(p)))
    }

    /// The store `Type` code (1 Bool, 2 Int, 3 Text, 4 Binary, 5 Asset, 6 Group, 7 List,
    /// 8 Map).
    pub fn type_code(&self) -> Option<u8> {
        self.get("type")?.parse().ok()
    }
}

/// The generated table.
const TABLE: &str = include_str!("stores.tsv");

struct Parsed {
    nodes: Vec<Node>,
    index: HashMap<&'static str, usize>,
}

fn unescape(s: &'static str) -> &'static str {
    if !s.contains('\\') {
        return s;
    }
    let mut o = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            o.push(c);
            continue;
        }
        match it.next() {
            Some('t') => o.push('\t'),
            Some('n') => o.push('\n'),
            Some('r') => o.push('\r'),
            Some(c) => o.push(c),
            None => {}
        }
    }
    // Few fields carry escapes; they live as long as the table.
    Box::leak(o.into_boxed_str())
}

fn parsed() -> &'static Parsed {
    static P: OnceLock<Parsed> = OnceLock::new();
    P.get_or_init(|| {
        let mut nodes: Vec<Node> = Vec::new();
        for line in TABLE.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix('\t') {
                let mut f = rest.split('\t');
                let (Some(name), Some(tags), Some(node)) = (f.next(), f.next(), nodes.last_mut())
                else {
                    continue;
                };
                let stores = tags
                    .split(',')
                    .filter_map(Store::from_tag)
                    .fold(StoreSet::NONE, StoreSet::with);
                node.facts.push(Fact {
                    name,
                    stores,
                    fields: f.map(unescape).collect(),
                });
            } else {
                nodes.push(Node {
                    path: unescape(line),
                    facts: Vec::new(),
                });
            }
        }
        let index = nodes.iter().enumerate().map(|(i, n)| (n.path, i)).collect();
        Parsed { nodes, index }
    })
}

/// Every node of every store, in path order.
pub fn nodes() -> &'static [Node] {
    &parsed().nodes
}

/// The store node at schema path `path`.
pub fn node(path: &str) -> Option<&'static Node> {
    let p = parsed();
    p.index.get(path).map(|&i| &p.nodes[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_tagged_by_store() {
        let n = node("Accounts/Azure/BPRT").unwrap();
        assert_eq!(n.type_code(), Some(3));
        assert_eq!(n.primary(), Some(Store::Desktop2024));
        assert_eq!(n.get("csp"), Some("./Vendor/MSFT/AADJ/BPRT"));
        assert!(n.stores().contains(Store::Common2019));
        // Only the 2019 stores carry apply levels.
        assert!(n.get("sequence").is_none() || n.get_newest("sequence").is_some());
        assert!(nodes().len() > 1900);
    }

    #[test]
    fn escaped_fields_read_back() {
        assert_eq!(unescape("plain"), "plain");
        assert_eq!(unescape("a\\tb\\\\c\\nd"), "a\tb\\c\nd");
        // Registry paths keep their backslashes.
        let n = node("OOBE/Desktop/HideOobe").unwrap();
        assert_eq!(
            n.get("registry"),
            Some("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\OOBE\\@SkipMachineOOBE")
        );
    }
}
