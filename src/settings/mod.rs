//! WCD's customizations tree: the generic, ordered settings document that
//! `customizations.xml` holds and that the package compiler consumes.
//!
//! The tree is deliberately schema-free: imported settings the wizard has no page for must
//! survive a round trip untouched, so nodes keep their element name, attributes (map keys,
//! display names) and text exactly as read. What a node *means* is the catalog's business.

mod node;
mod package_config;
pub mod path;
mod xml_read;
pub(crate) mod xml_write;

pub use node::Node;
pub(crate) use node::is_xml_name;
pub use package_config::{MetadataError, OwnerType, PackageConfig};
pub use path::{PathSegment, SettingPath};
pub use xml_read::{MAX_XML_BYTES, ReadError, read_customizations};
pub use xml_write::{XmlFlavor, write_answer_file, write_customizations};
// Shared with the package compiler and `inspect` (same XML conventions, generic parsing).
pub(crate) use xml_read::parse_tree;
pub(crate) use xml_write::{Out, escape_attr};

/// Namespace of `<PackageConfig>` (note WCD's capital M in "Microsoft").
pub const PACKAGE_CONFIG_NS: &str = "urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0";
/// Namespace of `<Settings>`.
pub const SETTINGS_NS: &str = "urn:schemas-microsoft-com:windows-provisioning";

/// A whole customizations document: package identity plus the settings.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Customizations {
    /// `<PackageConfig>`: id, name, version, owner, rank.
    pub package: PackageConfig,
    /// The children of `<Settings>` (normally one `<Customizations>` element holding
    /// `<Common>`; targets and variants are kept as they are).
    pub settings: Vec<Node>,
    /// `<PackageConfig>` fields the source wrote as an empty element (`<Notes />`, corpus
    /// pat-IIMN2): written back the same way, as WCD keeps the file as given.
    pub empty_package_fields: Vec<String>,
}

impl Customizations {
    /// A document with the given package identity and an empty `<Common>`.
    pub fn new(package: PackageConfig) -> Self {
        Self {
            package,
            settings: vec![Node::branch(
                "Customizations",
                vec![Node::branch("Common", vec![])],
            )],
            empty_package_fields: Vec::new(),
        }
    }

    /// The `<Customizations><Common>` element, where all device-wide settings live.
    pub fn common(&self) -> Option<&Node> {
        self.settings
            .iter()
            .find(|n| n.name == "Customizations")
            .and_then(|c| c.child("Common"))
    }

    /// Mutable access to `<Customizations><Common>`, created when missing.
    pub fn common_mut(&mut self) -> &mut Node {
        let idx = match self
            .settings
            .iter()
            .position(|n| n.name == "Customizations")
        {
            Some(i) => i,
            None => {
                self.settings.push(Node::branch("Customizations", vec![]));
                self.settings.len() - 1
            }
        };
        self.settings[idx].child_or_insert("Common")
    }
}
