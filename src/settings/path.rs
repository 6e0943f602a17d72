//! A textual address of one setting in the tree, for settings kept without a wizard page.
//!
//! Syntax: segments separated by `/`; a segment may select a map entry by attribute,
//! `User[UserName=ICT]`, or a list item by position, `CommandConfig[#2]`. Inside brackets
//! `]` and `\` are escaped with a backslash, so SSIDs and UPNs with any characters fit.

use super::Node;
use std::fmt;
use std::str::FromStr;

/// Which of several same-named children a segment means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// The first child with that name.
    First,
    /// The child whose attribute `.0` equals `.1` (a map entry).
    Key(String, String),
    /// The n-th child with that name (a list item).
    Index(usize),
}

/// One step of a [`SettingPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSegment {
    pub name: String,
    pub selector: Selector,
}

/// A path from `<Common>` to one leaf, e.g. `SMISettings/AutoLogon/Password`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingPath(pub Vec<PathSegment>);

impl SettingPath {
    /// The path's segments without selectors, e.g. `Accounts/Users/User/Password` — the
    /// schema path WCD writes as `SettingsPath`.
    pub fn schema_path(&self) -> String {
        self.0
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The leaf's element name.
    pub fn leaf_name(&self) -> &str {
        self.0.last().map(|s| s.name.as_str()).unwrap_or("")
    }

    /// Finds the node this path names below `root`.
    pub fn find<'a>(&self, root: &'a Node) -> Option<&'a Node> {
        let mut node = root;
        for seg in &self.0 {
            let mut same = node.children.iter().filter(|c| c.name == seg.name);
            node = match &seg.selector {
                Selector::First => same.next()?,
                Selector::Key(k, v) => same.find(|c| c.attr(k) == Some(v.as_str()))?,
                Selector::Index(i) => same.nth(*i)?,
            };
        }
        Some(node)
    }

    /// Finds or creates the node this path names below `root`. Map entries are created
    /// with their key attribute; a list index may be at most one past the last item.
    pub fn find_or_insert<'a>(&self, root: &'a mut Node) -> Result<&'a mut Node, String> {
        let mut node = root;
        for seg in &self.0 {
            let positions: Vec<usize> = node
                .children
                .iter()
                .enumerate()
                .filter(|(_, c)| c.name == seg.name)
                .map(|(i, _)| i)
                .collect();
            let found = match &seg.selector {
                Selector::First => positions.first().copied(),
                Selector::Key(k, v) => positions
                    .iter()
                    .copied()
                    .find(|&i| node.children[i].attr(k) == Some(v.as_str())),
                Selector::Index(i) => {
                    if *i > positions.len() {
                        return Err(format!(
                            "{}: item {} comes before item {} exists",
                            self,
                            i,
                            positions.len()
                        ));
                    }
                    positions.get(*i).copied()
                }
            };
            let idx = match found {
                Some(i) => i,
                None => {
                    let mut n = Node::branch(seg.name.clone(), vec![]);
                    if let Selector::Key(k, v) = &seg.selector {
                        n.attrs.push((k.clone(), v.clone()));
                    }
                    // Keep siblings of one name together so lists stay contiguous.
                    let at = positions.last().map_or(node.children.len(), |p| p + 1);
                    node.children.insert(at, n);
                    at
                }
            };
            node = &mut node.children[idx];
        }
        Ok(node)
    }

    /// Every leaf below `root` with its path. Map entries are addressed by their key
    /// attribute when `key_of` names one for the element, list items by index otherwise
    /// when there are several.
    pub fn leaves<'a>(
        root: &'a Node,
        key_of: &dyn Fn(&str) -> Option<&'static str>,
    ) -> Vec<(SettingPath, &'a Node)> {
        fn walk<'a>(
            node: &'a Node,
            prefix: &mut Vec<PathSegment>,
            out: &mut Vec<(SettingPath, &'a Node)>,
            key_of: &dyn Fn(&str) -> Option<&'static str>,
        ) {
            if node.children.is_empty() {
                out.push((SettingPath(prefix.clone()), node));
                return;
            }
            let mut seen: Vec<(&str, usize)> = Vec::new();
            for c in &node.children {
                let count = node.children.iter().filter(|s| s.name == c.name).count();
                let nth = match seen.iter_mut().find(|(n, _)| *n == c.name) {
                    Some((_, k)) => {
                        *k += 1;
                        *k
                    }
                    None => {
                        seen.push((&c.name, 0));
                        0
                    }
                };
                let selector = match key_of(&c.name).and_then(|k| c.attr(k).map(|v| (k, v))) {
                    Some((k, v)) => Selector::Key(k.to_owned(), v.to_owned()),
                    None if count > 1 || nth > 0 => Selector::Index(nth),
                    None => Selector::First,
                };
                prefix.push(PathSegment {
                    name: c.name.clone(),
                    selector,
                });
                walk(c, prefix, out, key_of);
                prefix.pop();
            }
        }
        let mut out = Vec::new();
        walk(root, &mut Vec::new(), &mut out, key_of);
        out
    }
}

impl fmt::Display for SettingPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            f.write_str(&seg.name)?;
            match &seg.selector {
                Selector::First => {}
                Selector::Key(k, v) => {
                    let esc = v.replace('\\', "\\\\").replace(']', "\\]");
                    write!(f, "[{k}={esc}]")?;
                }
                Selector::Index(i) => write!(f, "[#{i}]")?,
            }
        }
        Ok(())
    }
}

impl FromStr for SettingPath {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| format!("\"{s}\" is not a setting path: {why}");
        let mut segs = Vec::new();
        let mut chars = s.chars().peekable();
        loop {
            let mut name = String::new();
            while let Some(&c) = chars.peek() {
                if c == '/' || c == '[' {
                    break;
                }
                name.push(c);
                chars.next();
            }
            if name.is_empty() {
                return Err(bad("a segment has no name"));
            }
            if !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
            {
                return Err(bad("names may only hold letters, digits, '_', '-' and '.'"));
            }
            let mut selector = Selector::First;
            if chars.peek() == Some(&'[') {
                chars.next();
                let mut inner = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => inner.push(chars.next().ok_or_else(|| bad("dangling '\\'"))?),
                        ']' => {
                            closed = true;
                            break;
                        }
                        c => inner.push(c),
                    }
                }
                if !closed {
                    return Err(bad("a '[' is not closed"));
                }
                selector = if let Some(n) = inner.strip_prefix('#') {
                    Selector::Index(n.parse().map_err(|_| bad("a list index is not a number"))?)
                } else if let Some((k, v)) = inner.split_once('=') {
                    Selector::Key(k.to_owned(), v.to_owned())
                } else {
                    return Err(bad("use [Attribute=value] or [#index]"));
                };
            }
            segs.push(PathSegment { name, selector });
            match chars.next() {
                None => break,
                Some('/') => continue,
                Some(_) => return Err(bad("expected '/' after ']'")),
            }
        }
        Ok(SettingPath(segs))
    }
}

impl serde::Serialize for SettingPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SettingPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_keys_and_indexes() {
        let p: SettingPath = "Accounts/Users/User[UserName=a\\]b]/Password"
            .parse()
            .unwrap();
        assert_eq!(
            p.to_string(),
            "Accounts/Users/User[UserName=a\\]b]/Password"
        );
        assert_eq!(p.schema_path(), "Accounts/Users/User/Password");
        let q: SettingPath =
            "ProvisioningCommands/PrimaryContext/Command/CommandConfig[#1]/CommandLine"
                .parse()
                .unwrap();
        assert_eq!(q.0[3].selector, Selector::Index(1));
        assert!("A//B".parse::<SettingPath>().is_err());
        assert!("A/B[x".parse::<SettingPath>().is_err());
        assert!("A/B[#x]".parse::<SettingPath>().is_err());
    }

    #[test]
    fn insert_then_find() {
        let mut root = Node::branch("Common", vec![]);
        let p: SettingPath = "Accounts/Users/User[UserName=ICT]/Password"
            .parse()
            .unwrap();
        p.find_or_insert(&mut root).unwrap().text = Some("x".into());
        let q: SettingPath = "Accounts/Users/User[UserName=Two]/Password"
            .parse()
            .unwrap();
        q.find_or_insert(&mut root).unwrap().text = Some("y".into());
        assert_eq!(p.find(&root).unwrap().text.as_deref(), Some("x"));
        assert_eq!(root.descend("Accounts/Users").unwrap().children.len(), 2);
        let bad: SettingPath = "A/B[#3]".parse().unwrap();
        assert!(bad.find_or_insert(&mut root).is_err());
    }
}
