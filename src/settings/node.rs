//! One element of the customizations tree.

/// An element of `customizations.xml`: a branch (children), a leaf (text), or empty.
///
/// Attributes keep their document order: `UserName="ICT" Name="ICT"` must be written back
/// the same way.
///
/// Serializable so that XML a project keeps without understanding it (unknown parts of a
/// WCD target) can be saved in the project file as it was read.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
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
