//! One element of the customizations tree.

/// An element of `customizations.xml`: a branch (children), a leaf (text), or empty.
///
/// Attributes keep their document order: `UserName="ICT" Name="ICT"` must be written back
/// the same way.
///
/// Serializable so that XML a project keeps without understanding it (unknown parts of a
/// WCD target) can be saved in the project file as it was read.
/// Read back with every element and attribute name checked, so a hand-edited project
/// cannot smuggle markup into an exported customizations.xml.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, try_from = "Unchecked")]
pub struct Node {
    /// Element name, e.g. `ComputerName` or `User`.
    pub name: String,
    /// Attributes in document order (map keys such as `UserName`, WCD's `Name`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// Text of a leaf. `Some("")` is written `<X></X>`, `None` with no children `<X />`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Child elements in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

/// A [`Node`] as a project file spells it, before its names are checked.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Unchecked {
    name: String,
    #[serde(default)]
    attrs: Vec<(String, String)>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    children: Vec<Node>,
}

impl TryFrom<Unchecked> for Node {
    type Error = String;

    fn try_from(u: Unchecked) -> Result<Self, String> {
        for name in std::iter::once(&u.name).chain(u.attrs.iter().map(|(k, _)| k)) {
            if !is_xml_name(name) {
                return Err(format!("\"{}\" is not an XML name", name.escape_debug()));
            }
        }
        Ok(Node {
            name: u.name,
            attrs: u.attrs,
            text: u.text,
            children: u.children,
        })
    }
}

/// Whether `s` can be written as an element or attribute name without changing the
/// markup around it: not empty, no space, quote, `<`, `>`, `&`, `=`, `/` or control
/// character, and not starting with a digit, `-` or `.`.
pub(crate) fn is_xml_name(s: &str) -> bool {
    let bad = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '&' | '"' | '\'' | '=' | '/' | '?' | '!')
    };
    match s.chars().next() {
        None => false,
        Some(first) if first.is_ascii_digit() || first == '-' || first == '.' => false,
        Some(_) => !s.chars().any(bad),
    }
}

impl Node {
    /// A leaf holding `text`.
    pub fn leaf(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: Some(text.into()),
            ..Self::default()
        }
    }

    /// A branch holding `children`.
    pub fn branch(name: impl Into<String>, children: Vec<Node>) -> Self {
        Self {
            name: name.into(),
            children,
            ..Self::default()
        }
    }

    /// Adds an attribute (builder style).
    pub fn with_attr(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.attrs.push((key.into(), value.into()));
        self
    }

    /// The value of attribute `key`.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The first child named `name`, mutable.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Node> {
        self.children.iter_mut().find(|c| c.name == name)
    }

    /// The first child named `name`, appended as an empty branch when missing.
    pub fn child_or_insert(&mut self, name: &str) -> &mut Node {
        let idx = match self.children.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                self.children.push(Node::branch(name, vec![]));
                self.children.len() - 1
            }
        };
        &mut self.children[idx]
    }

    /// Follows a `/`-separated chain of child names (no keys), e.g. `OOBE/Desktop/HideOobe`.
    pub fn descend(&self, path: &str) -> Option<&Node> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .try_fold(self, |n, seg| n.child(seg))
    }

    /// Text of the leaf at `path` below this node.
    pub fn text_at(&self, path: &str) -> Option<&str> {
        self.descend(path).and_then(|n| n.text.as_deref())
    }

    /// True when this element has neither text nor children.
    pub fn is_empty(&self) -> bool {
        self.children.is_empty() && self.text.as_deref().is_none_or(str::is_empty)
    }

    /// Number of leaves (nodes with text) in this subtree.
    pub fn leaf_count(&self) -> usize {
        if self.children.is_empty() {
            usize::from(self.text.is_some())
        } else {
            self.children.iter().map(Node::leaf_count).sum()
        }
    }
}
