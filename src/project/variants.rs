//! Multivariant WCD projects: settings for particular kinds of PC ("targets", picked by
//! conditions such as the processor name) beside the common settings every PC gets.
//!
//! How WCD compiles targets and variants into a package is not known (no real package
//! built from a multivariant project has been seen), so ppkg-wizard does not guess: it
//! keeps them through import, save and `export --wcd`, builds the common settings only,
//! and says so wherever a project or a customizations.xml is checked or built.

use super::model::{AdvancedSetting, AdvancedValue, Project};
use super::sections::Out;
use super::{Field, Problem, Secret, SecretMode, Severity, ToSettingsError};
use crate::settings::{Customizations, Node};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A kind of PC, as `<Targets><Target Id="…">` defines it: a PC is one when every
/// condition of any one of the target's states holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The name variants refer to it by.
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<TargetState>,
    #[serde(default, skip_serializing_if = "Kept::is_empty")]
    pub kept: Kept,
}

/// `<TargetState>`: conditions that must all hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetState {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Kept::is_empty")]
    pub kept: Kept,
}

/// `<Condition Name="ProcessorName" Value="Pattern:.*9700.*"/>`: the value as WCD takes
/// it (plain, `Pattern:` regular expression, `Range:`/`!Range:`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub name: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Kept::is_empty")]
    pub kept: Kept,
}

/// `<Variant>`: settings applied on PCs that match any of its targets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Target ids (`<TargetRefs><TargetRef Id="…"/>`), in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// The variant's `<Settings>`, kept like the project's advanced settings: paths below
    /// `<Settings>`, files found and stored the same way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<AdvancedSetting>,
    #[serde(default, skip_serializing_if = "Kept::is_empty")]
    pub kept: Kept,
}

/// Attributes and child elements of a target part that ppkg-wizard does not know, kept as
/// read so an export gives them back to WCD. Attribute names read from a project file are
/// checked like [`Node`]'s, so none can carry markup into an export.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kept {
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "attribute_names"
    )]
    pub attributes: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Node>,
}

impl Kept {
    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty() && self.elements.is_empty()
    }
}

fn attribute_names<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, String)>, D::Error> {
    let attrs = Vec::<(String, String)>::deserialize(d)?;
    match attrs.iter().find(|(k, _)| !crate::settings::is_xml_name(k)) {
        Some((k, _)) => Err(serde::de::Error::custom(format!(
            "\"{}\" is not an XML name",
            k.escape_debug()
        ))),
        None => Ok(attrs),
    }
}

/// Why the targets or variants of a customizations.xml cannot be read.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum VariantError {
    #[error(
        "<{0}> is not expected inside <Customizations>; only <Common>, <Targets> and <Variant> are"
    )]
    UnknownPart(String),
    #[error("<{found}> is not expected inside <{parent}>; only <{expected}> is")]
    Unexpected {
        found: String,
        parent: &'static str,
        expected: &'static str,
    },
    #[error("<{0}> has attributes ppkg-wizard does not know ({1})")]
    Attributes(&'static str, String),
    #[error("<{0}> holds text where WCD puts elements")]
    Text(&'static str),
    #[error("a <Target> has no Id")]
    TargetWithoutId,
    #[error("a <Condition> of target \"{0}\" has no {1}")]
    ConditionWithout(String, &'static str),
    #[error("a <TargetRef> has no Id")]
    RefWithoutId,
    #[error("variant {0} has more than one <Settings>")]
    TwoSettings(usize),
}

/// The targets and variants of a document; each variant's `<Settings>` element is left
/// for the importer, which turns its leaves into settings.
pub(crate) struct Parts<'a> {
    pub targets: Vec<Target>,
    pub variants: Vec<(Variant, Option<&'a Node>)>,
}

/// Reads every `<Targets>` and `<Variant>` of `doc`'s `<Customizations>`, in order.
pub(crate) fn read(doc: &Customizations) -> Result<Parts<'_>, VariantError> {
    let mut parts = Parts {
        targets: Vec::new(),
        variants: Vec::new(),
    };
    for c in doc.settings.iter().filter(|n| n.name == "Customizations") {
        for part in &c.children {
            match part.name.as_str() {
                "Common" => {}
                "Targets" => {
                    no_attributes(part, "Targets")?;
                    no_text(part, "Targets")?;
                    for t in &part.children {
                        expect(t, "Target", "Targets")?;
                        parts.targets.push(read_target(t)?);
                    }
                }
                "Variant" => {
                    let n = parts.variants.len() + 1;
                    parts.variants.push(read_variant(part, n)?);
                }
                other => return Err(VariantError::UnknownPart(other.to_owned())),
            }
        }
    }
    Ok(parts)
}

fn expect(n: &Node, name: &'static str, parent: &'static str) -> Result<(), VariantError> {
    if n.name == name {
        Ok(())
    } else {
        Err(VariantError::Unexpected {
            found: n.name.clone(),
            parent,
            expected: name,
        })
    }
}

fn no_attributes(n: &Node, name: &'static str) -> Result<(), VariantError> {
    if n.attrs.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = n.attrs.iter().map(|(k, _)| k.as_str()).collect();
    Err(VariantError::Attributes(name, names.join(", ")))
}

fn no_text(n: &Node, name: &'static str) -> Result<(), VariantError> {
    match &n.text {
        Some(t) if !t.trim().is_empty() => Err(VariantError::Text(name)),
        _ => Ok(()),
    }
}

/// The attributes other than `known`, in document order.
fn other_attributes(n: &Node, known: &[&str]) -> Vec<(String, String)> {
    n.attrs
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .cloned()
        .collect()
}

fn read_target(t: &Node) -> Result<Target, VariantError> {
    no_text(t, "Target")?;
    let id = t
        .attr("Id")
        .filter(|id| !id.trim().is_empty())
        .ok_or(VariantError::TargetWithoutId)?
        .to_owned();
    let mut target = Target {
        id,
        states: Vec::new(),
        kept: Kept {
            attributes: other_attributes(t, &["Id"]),
            elements: Vec::new(),
        },
    };
    for c in &t.children {
        if c.name != "TargetState" {
            target.kept.elements.push(c.clone());
            continue;
        }
        no_text(c, "TargetState")?;
        let mut state = TargetState {
            conditions: Vec::new(),
            kept: Kept {
                attributes: c.attrs.clone(),
                elements: Vec::new(),
            },
        };
        for cond in &c.children {
            if cond.name != "Condition" {
                state.kept.elements.push(cond.clone());
                continue;
            }
            no_text(cond, "Condition")?;
            let get = |k: &'static str| {
                cond.attr(k)
                    .map(str::to_owned)
                    .ok_or_else(|| VariantError::ConditionWithout(target.id.clone(), k))
            };
            state.conditions.push(Condition {
                name: get("Name")?,
                value: get("Value")?,
                kept: Kept {
                    attributes: other_attributes(cond, &["Name", "Value"]),
                    elements: cond.children.clone(),
                },
            });
        }
        target.states.push(state);
    }
    Ok(target)
}

fn read_variant(v: &Node, n: usize) -> Result<(Variant, Option<&Node>), VariantError> {
    no_text(v, "Variant")?;
    let mut variant = Variant {
        kept: Kept {
            attributes: v.attrs.clone(),
            elements: Vec::new(),
        },
        ..Variant::default()
    };
    let mut settings = None;
    for c in &v.children {
        match c.name.as_str() {
            "TargetRefs" => {
                no_attributes(c, "TargetRefs")?;
                no_text(c, "TargetRefs")?;
                for r in &c.children {
                    expect(r, "TargetRef", "TargetRefs")?;
                    no_text(r, "TargetRef")?;
                    let id = r.attr("Id").ok_or(VariantError::RefWithoutId)?;
                    if r.attrs.len() > 1 {
                        let extra = other_attributes(r, &["Id"]);
                        let names: Vec<&str> = extra.iter().map(|(k, _)| k.as_str()).collect();
                        return Err(VariantError::Attributes("TargetRef", names.join(", ")));
                    }
                    variant.targets.push(id.to_owned());
                }
            }
            "Settings" => {
                no_attributes(c, "Settings")?;
                if settings.replace(c).is_some() {
                    return Err(VariantError::TwoSettings(n));
                }
            }
            _ => variant.kept.elements.push(c.clone()),
        }
    }
    Ok((variant, settings))
}

/// Appends the project's targets and variants to `doc`'s `<Customizations>`, after
/// `<Common>`, as WCD's documentation lays them out. Asset paths are written as
/// [`Project::asset_text`] gives them (the export maps them to Windows paths); secrets as
/// `mode` says, like the common settings.
pub(crate) fn write(
    p: &Project,
    mode: SecretMode,
    doc: &mut Customizations,
) -> Result<(), ToSettingsError> {
    if p.targets.is_empty() && p.variants.is_empty() {
        return Ok(());
    }
    let mut nodes = Vec::new();
    if !p.targets.is_empty() {
        nodes.push(Node::branch(
            "Targets",
            p.targets.iter().map(target_node).collect(),
        ));
    }
    let mut out = Out::new(mode);
    for v in &p.variants {
        let mut children = Vec::new();
        if !v.targets.is_empty() {
            children.push(Node::branch(
                "TargetRefs",
                v.targets
                    .iter()
                    .map(|id| Node::branch("TargetRef", vec![]).with_attr("Id", id))
                    .collect(),
            ));
        }
        let mut settings = Node::branch("Settings", vec![]);
        for a in &v.settings {
            let text = match &a.value {
                AdvancedValue::Value(t) => t.clone(),
                AdvancedValue::Asset(rel) => p.asset_text(rel),
                AdvancedValue::Secret(s) => out.secret(s, &secret_label(&v.targets, &a.path)),
            };
            let node = a.path.find_or_insert(&mut settings).map_err(|detail| {
                ToSettingsError::BadPath {
                    path: a.path.to_string(),
                    detail,
                }
            })?;
            node.text = Some(text);
        }
        children.push(settings);
        children.extend(v.kept.elements.iter().cloned());
        nodes.push(Node {
            name: "Variant".into(),
            attrs: v.kept.attributes.clone(),
            text: None,
            children,
        });
    }
    if !out.missing.is_empty() {
        return Err(ToSettingsError::Unresolved(out.missing));
    }
    doc.common_mut();
    let c = doc
        .settings
        .iter_mut()
        .find(|n| n.name == "Customizations")
        .expect("common_mut made it");
    c.children.extend(nodes);
    Ok(())
}

fn target_node(t: &Target) -> Node {
    let mut children: Vec<Node> = t
        .states
        .iter()
        .map(|s| {
            let mut conditions: Vec<Node> = s
                .conditions
                .iter()
                .map(|c| Node {
                    name: "Condition".into(),
                    attrs: [
                        ("Name".to_owned(), c.name.clone()),
                        ("Value".to_owned(), c.value.clone()),
                    ]
                    .into_iter()
                    .chain(c.kept.attributes.iter().cloned())
                    .collect(),
                    text: None,
                    children: c.kept.elements.clone(),
                })
                .collect();
            conditions.extend(s.kept.elements.iter().cloned());
            Node {
                name: "TargetState".into(),
                attrs: s.kept.attributes.clone(),
                text: None,
                children: conditions,
            }
        })
        .collect();
    children.extend(t.kept.elements.iter().cloned());
    Node {
        name: "Target".into(),
        attrs: std::iter::once(("Id".to_owned(), t.id.clone()))
            .chain(t.kept.attributes.iter().cloned())
            .collect(),
        text: None,
        children,
    }
}

/// How a secret of a variant is named in messages and questions.
fn secret_label(targets: &[String], path: &crate::settings::SettingPath) -> String {
    format!("Setting {path} for {}", targets.join(", "))
}

/// Adds the secrets of the targets' settings to `out`, labelled.
pub(crate) fn secrets_of<'a>(variants: &'a mut [Variant], out: &mut Vec<(String, &'a mut Secret)>) {
    for v in variants {
        for a in &mut v.settings {
            if let AdvancedValue::Secret(s) = &mut a.value {
                out.push((secret_label(&v.targets, &a.path), s));
            }
        }
    }
}

/// Files only the targets' settings name (relative to the project), labelled: not
/// packed, but carried by an export or a bundle.
pub fn assets_mut(variants: &mut [Variant]) -> Vec<(String, &mut PathBuf)> {
    let mut out = Vec::new();
    for v in variants {
        let targets = v.targets.join(", ");
        for a in &mut v.settings {
            if let AdvancedValue::Asset(p) = &mut a.value {
                out.push((format!("setting {} for {targets}", a.path), p));
            }
        }
    }
    out
}

impl Project {
    /// The files the targets' settings name, relative to the project.
    pub fn variant_asset_paths(&self) -> Vec<&Path> {
        self.variants
            .iter()
            .flat_map(|v| &v.settings)
            .filter_map(|a| match &a.value {
                AdvancedValue::Asset(p) => Some(p.as_path()),
                _ => None,
            })
            .collect()
    }
}

/// The sentence every front end uses for settings it keeps but does not build: `what`
/// names the thing that holds them ("The project", "customizations.xml").
pub fn not_built(what: &str, target_ids: &[&str]) -> String {
    format!(
        "{what} also has settings for particular PCs ({}). ppkg-wizard keeps them but does not build them: the package applies the common settings to every PC, and none of these.",
        named_targets(target_ids)
    )
}

/// Most names a sentence lists; the rest are counted.
const NAMES_SHOWN: usize = 10;

/// "2 targets: A, B", each name made safe to print; a long list ends "and 5 more".
fn named_targets(ids: &[&str]) -> String {
    let mut names: Vec<String> = ids
        .iter()
        .take(NAMES_SHOWN)
        .map(|id| crate::printable::escape(id).into_owned())
        .collect();
    if ids.len() > NAMES_SHOWN {
        names.push(format!("and {} more", ids.len() - NAMES_SHOWN));
    }
    match ids.len() {
        0 => "variants that name no target".into(),
        1 => format!("1 target: {}", names[0]),
        n => format!("{n} targets: {}", names.join(", ")),
    }
}

/// `ids` without repeats, first occurrence kept, in linear time (a project file may name
/// many targets).
fn unique<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

/// The names a document's targets go by: each `<Target Id>`, then any id a
/// `<TargetRef>` names that no target defines. Read leniently: this only names them.
fn ids_in(parts: &[Node]) -> Vec<&str> {
    let targets = parts
        .iter()
        .filter(|n| n.name == "Targets")
        .flat_map(|n| &n.children)
        .filter_map(|t| t.attr("Id"));
    let refs = parts
        .iter()
        .filter(|n| n.name == "Variant")
        .flat_map(|v| &v.children)
        .filter(|n| n.name == "TargetRefs")
        .flat_map(|n| &n.children)
        .filter_map(|r| r.attr("Id"));
    unique(targets.chain(refs))
}

/// Takes the targets and variants out of a customizations document that is about to be
/// built directly, so the package holds the common settings (exactly what building the
/// imported project gives); returns the sentence to show, or `None` when it had none.
pub fn set_aside(doc: &mut Customizations) -> Option<String> {
    let mut taken = Vec::new();
    for c in doc
        .settings
        .iter_mut()
        .filter(|n| n.name == "Customizations")
    {
        let (parts, keep): (Vec<Node>, Vec<Node>) = std::mem::take(&mut c.children)
            .into_iter()
            .partition(|n| n.name == "Targets" || n.name == "Variant");
        c.children = keep;
        taken.extend(parts);
    }
    if taken.is_empty() {
        return None;
    }
    Some(not_built("customizations.xml", &ids_in(&taken)))
}

/// What `inspect` says of a package whose customizations.xml has targets: it reads the
/// settings of `Multivariant/0` only, and where WCD puts the per-target ones is not known.
pub fn in_package(doc: &Customizations) -> Option<String> {
    let parts: Vec<Node> = doc
        .settings
        .iter()
        .filter(|n| n.name == "Customizations")
        .flat_map(|c| &c.children)
        .filter(|n| n.name == "Targets" || n.name == "Variant")
        .cloned()
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "The package's customizations.xml also has settings for particular PCs ({}); inspect lists the settings of Multivariant/0 only, and how WCD stores the per-target ones is not known.",
        named_targets(&ids_in(&parts))
    ))
}

/// What `check`, `build` and the wizard say about a project's targets: that they are
/// kept but not built, naming them and any file only they use that is missing; and each
/// way the targets contradict themselves. All warnings: none of it stops the build.
pub fn problems(p: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    if p.targets.is_empty() && p.variants.is_empty() {
        return out;
    }
    let warn = |message: String| Problem {
        field: Field::Targets,
        severity: Severity::Warning,
        message,
    };
    let defined: HashSet<&str> = p.targets.iter().map(|t| t.id.as_str()).collect();
    let ids = unique(
        p.targets.iter().map(|t| t.id.as_str()).chain(
            p.variants
                .iter()
                .flat_map(|v| v.targets.iter().map(String::as_str)),
        ),
    );
    let mut first = not_built("The project", &ids);
    let built: HashSet<&Path> = p.asset_paths().into_iter().collect();
    let mut listed = HashSet::new();
    let absent: Vec<String> = p
        .variant_asset_paths()
        .into_iter()
        .filter(|rel| !built.contains(rel) && listed.insert(*rel))
        .filter(|rel| !p.resolve_path(rel).exists())
        .map(|rel| crate::printable::escape(&rel.to_string_lossy()).into_owned())
        .collect();
    if !absent.is_empty() {
        let more = absent.len().saturating_sub(NAMES_SHOWN);
        first.push_str(&format!(
            " Files only these settings use are not here (not needed to build): {}{}.",
            absent[..absent.len().min(NAMES_SHOWN)].join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    out.push(warn(first));
    let show = |s: &str| crate::printable::escape(s).into_owned();
    let mut seen = HashSet::new();
    for t in &p.targets {
        if t.id.trim().is_empty() {
            out.push(warn(
                "A target has no name, so no variant can refer to it.".into(),
            ));
        } else if !seen.insert(t.id.as_str()) {
            out.push(warn(format!(
                "Two targets are called {}; WCD needs each target name once.",
                show(&t.id)
            )));
        }
        if t.states.iter().all(|s| s.conditions.is_empty()) {
            out.push(warn(format!(
                "Target {} has no condition, so WCD cannot tell which PCs it means.",
                show(&t.id)
            )));
        }
    }
    for (i, v) in p.variants.iter().enumerate() {
        if v.targets.is_empty() {
            out.push(warn(format!(
                "Variant {} names no target, so its settings apply to no PC.",
                i + 1
            )));
        }
        for r in &v.targets {
            if !defined.contains(r.as_str()) {
                out.push(warn(format!(
                    "Variant {} refers to target {}, which the project does not define.",
                    i + 1,
                    show(r)
                )));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{read_customizations, write_customizations};

    const HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<WindowsCustomizations>
  <PackageConfig xmlns="urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0">
    <ID>{3ce76392-6d3e-5a80-8a69-ed85ad8c84a4}</ID>
    <Name>Lab</Name>
    <Version>1.0</Version>
    <OwnerType>ITAdmin</OwnerType>
    <Rank>0</Rank>
  </PackageConfig>
  <Settings xmlns="urn:schemas-microsoft-com:windows-provisioning">
    <Customizations>
      <Common><OOBE><Desktop><HideOobe>False</HideOobe></Desktop></OOBE></Common>
"#;
    const TAIL: &str = "    </Customizations>\n  </Settings>\n</WindowsCustomizations>\n";

    fn doc(parts: &str) -> Customizations {
        read_customizations(format!("{HEAD}{parts}{TAIL}").as_bytes()).unwrap()
    }

    const TWO: &str = r#"
      <Targets>
        <Target Id="Surface" Note="kept">
          <TargetState>
            <Condition Name="ProcessorName" Value="Pattern:.*1065(G|g)7.*"/>
            <Condition Name="Lang" Value="fr" Priority="x"/>
          </TargetState>
          <TargetState><Condition Name="Region" Value="FR"/></TargetState>
          <Future><Thing>1</Thing></Future>
        </Target>
        <Target Id="Aurora">
          <TargetState><Condition Name="ProcessorName" Value="Pattern:.*9700.*"/></TargetState>
        </Target>
      </Targets>
      <Variant Name="Big">
        <TargetRefs><TargetRef Id="Aurora"/><TargetRef Id="Surface"/></TargetRefs>
        <Settings>
          <DevDetail><DNSComputerName>Anthony-Aurora</DNSComputerName></DevDetail>
          <Policies><Bluetooth><LocalDeviceName>Anthony-Aurora</LocalDeviceName></Bluetooth></Policies>
        </Settings>
      </Variant>
      <Variant>
        <TargetRefs><TargetRef Id="Surface"/></TargetRefs>
        <Settings><DevDetail><DNSComputerName>S</DNSComputerName></DevDetail></Settings>
      </Variant>
"#;

    /// The parts as a project holds them: variant settings from the leaves, as the
    /// importer reads them (no assets or secrets here).
    fn project_of(d: &Customizations) -> Project {
        let parts = read(d).unwrap();
        let mut p = Project::new("Lab");
        p.targets = parts.targets;
        for (mut v, settings) in parts.variants {
            for l in super::super::sections::leaves::Leaves::of(settings.unwrap()).all {
                v.settings.push(AdvancedSetting {
                    path: l.path,
                    value: AdvancedValue::Value(l.text),
                });
            }
            p.variants.push(v);
        }
        p
    }

    #[test]
    fn targets_conditions_and_variants_are_read_in_order_with_unknown_parts_kept() {
        let p = project_of(&doc(TWO));
        let ids: Vec<&str> = p.targets.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["Surface", "Aurora"]);
        let s = &p.targets[0];
        assert_eq!(s.states.len(), 2);
        assert_eq!(s.states[0].conditions[0].name, "ProcessorName");
        assert_eq!(s.states[0].conditions[0].value, "Pattern:.*1065(G|g)7.*");
        assert_eq!(
            s.states[0].conditions[1].kept.attributes,
            [("Priority".to_owned(), "x".to_owned())]
        );
        assert_eq!(s.kept.attributes, [("Note".to_owned(), "kept".to_owned())]);
        assert_eq!(s.kept.elements[0].name, "Future");
        assert_eq!(p.variants[0].targets, ["Aurora", "Surface"]);
        assert_eq!(
            p.variants[0].kept.attributes,
            [("Name".to_owned(), "Big".to_owned())]
        );
        let paths: Vec<String> = p.variants[0]
            .settings
            .iter()
            .map(|a| a.path.to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "DevDetail/DNSComputerName",
                "Policies/Bluetooth/LocalDeviceName"
            ]
        );
    }

    #[test]
    fn written_targets_read_back_the_same_and_follow_common() {
        let p = project_of(&doc(TWO));
        let mut out = Customizations::new(p.package_config());
        write(&p, SecretMode::Values, &mut out).unwrap();
        let names: Vec<&str> = out.settings[0]
            .children
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(names, ["Common", "Targets", "Variant", "Variant"]);
        let text = write_customizations(&out);
        assert!(text.contains(r#"<Condition Name="ProcessorName" Value="Pattern:.*9700.*" />"#));
        let back = project_of(&read_customizations(text.as_bytes()).unwrap());
        assert_eq!(back.targets, p.targets);
        assert_eq!(back.variants, p.variants);
        // Nothing to write: the document is left as it was.
        let mut plain = Customizations::new(p.package_config());
        write(&Project::new("Lab"), SecretMode::Values, &mut plain).unwrap();
        assert_eq!(plain, Customizations::new(p.package_config()));
    }

    #[test]
    fn a_variant_secret_follows_the_secret_mode() {
        let mut p = project_of(&doc(TWO));
        p.variants[1].settings.push(AdvancedSetting {
            path: "Accounts/Users/User[UserName=x]/Password".parse().unwrap(),
            value: AdvancedValue::Secret(Secret::ask()),
        });
        let mut d = Customizations::new(p.package_config());
        assert_eq!(
            write(&p, SecretMode::Values, &mut d),
            Err(ToSettingsError::Unresolved(vec![
                "Setting Accounts/Users/User[UserName=x]/Password for Surface".into()
            ]))
        );
        let mut d = Customizations::new(p.package_config());
        write(&p, SecretMode::Blank, &mut d).unwrap();
        assert!(write_customizations(&d).contains("<Password></Password>"));
        // Not a secret the build asks for; every secret an export carries.
        assert!(p.secrets_mut().is_empty());
        assert_eq!(p.every_secret_mut().len(), 1);
    }

    #[test]
    fn malformed_targets_and_variants_are_clear_errors() {
        let cases: [(&str, VariantError); 8] = [
            ("<Static/>", VariantError::UnknownPart("Static".into())),
            (
                "<Targets><Taget Id=\"a\"/></Targets>",
                VariantError::Unexpected {
                    found: "Taget".into(),
                    parent: "Targets",
                    expected: "Target",
                },
            ),
            (
                "<Targets><Target><TargetState/></Target></Targets>",
                VariantError::TargetWithoutId,
            ),
            (
                "<Targets><Target Id=\"a\"><TargetState><Condition Name=\"Lang\"/></TargetState></Target></Targets>",
                VariantError::ConditionWithout("a".into(), "Value"),
            ),
            (
                "<Variant><TargetRefs><TargetRef/></TargetRefs></Variant>",
                VariantError::RefWithoutId,
            ),
            (
                "<Variant><Settings/><Settings/></Variant>",
                VariantError::TwoSettings(1),
            ),
            (
                "<Targets Kind=\"x\"/>",
                VariantError::Attributes("Targets", "Kind".into()),
            ),
            ("<Variant>text</Variant>", VariantError::Text("Variant")),
        ];
        for (xml, want) in cases {
            let d = doc(xml);
            assert_eq!(read(&d).err(), Some(want.clone()), "{xml}");
            assert!(!want.to_string().is_empty());
        }
        // Nested past the reader's limit: an XML error, not a stack overflow.
        let deep = format!(
            "<Variant><Settings>{}x{}</Settings></Variant>",
            "<a>".repeat(200),
            "</a>".repeat(200)
        );
        let e = read_customizations(format!("{HEAD}{deep}{TAIL}").as_bytes()).unwrap_err();
        assert!(e.to_string().contains("nested too deeply"), "{e}");
    }

    #[test]
    fn every_front_end_is_told_the_targets_are_kept_but_not_built() {
        let p = project_of(&doc(TWO));
        let w = problems(&p);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].severity, Severity::Warning);
        assert_eq!(w[0].field, Field::Targets);
        assert!(
            w[0].message.contains("(2 targets: Surface, Aurora)")
                && w[0].message.contains("common settings to every PC"),
            "{}",
            w[0].message
        );
        assert!(problems(&Project::new("Lab")).is_empty());
    }

    #[test]
    fn a_long_list_of_targets_is_named_briefly() {
        let mut p = Project::new("Lab");
        for i in 0..25 {
            p.targets.push(Target {
                id: format!("t{i}"),
                states: vec![TargetState {
                    conditions: vec![Condition {
                        name: "Lang".into(),
                        value: "fr".into(),
                        kept: Kept::default(),
                    }],
                    kept: Kept::default(),
                }],
                kept: Kept::default(),
            });
        }
        let w = problems(&p);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].message
                .contains("(25 targets: t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, and 15 more)"),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn contradictions_among_targets_are_warnings_naming_them() {
        let mut p = project_of(&doc(TWO));
        p.targets.push(p.targets[1].clone());
        p.targets[0].states.clear();
        p.variants[1].targets = vec!["Nowhere\x1b[2J".into()];
        p.variants.push(Variant::default());
        let msgs: Vec<String> = problems(&p).into_iter().map(|w| w.message).collect();
        for want in [
            "Two targets are called Aurora",
            "Target Surface has no condition",
            "Variant 2 refers to target Nowhere\\x1b[2J, which the project does not define",
            "Variant 3 names no target, so its settings apply to no PC",
        ] {
            assert!(msgs.iter().any(|m| m.contains(want)), "{want}: {msgs:?}");
        }
        assert!(msgs.iter().all(|m| !m.contains('\x1b')));
        assert!(problems(&p).iter().all(|w| w.severity == Severity::Warning));
    }

    #[test]
    fn a_missing_file_only_a_variant_names_is_listed_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = project_of(&doc(TWO));
        p.base_dir = dir.path().to_path_buf();
        p.variants[0].settings.push(AdvancedSetting {
            path:
                "ProvisioningCommands/PrimaryContext/Command/CommandConfig[Name=Driver]/CommandFile"
                    .parse()
                    .unwrap(),
            value: AdvancedValue::Asset("driver.exe".into()),
        });
        let v = p.validate();
        assert!(
            v.iter()
                .all(|x| x.severity == Severity::Warning || x.field != Field::Targets)
        );
        let w = v.iter().find(|x| x.field == Field::Targets).unwrap();
        assert!(
            w.message
                .contains("not here (not needed to build): driver.exe"),
            "{}",
            w.message
        );
        std::fs::write(dir.path().join("driver.exe"), b"x").unwrap();
        let w = problems(&p);
        assert!(!w[0].message.contains("driver.exe"));
    }

    #[test]
    fn a_direct_build_sets_the_targets_aside_and_says_so() {
        let mut d = doc(TWO);
        let told = in_package(&d).unwrap();
        assert!(told.contains("(2 targets: Surface, Aurora)"), "{told}");
        let said = set_aside(&mut d).unwrap();
        assert!(said.starts_with("customizations.xml also has settings for particular PCs (2 targets: Surface, Aurora)"), "{said}");
        assert_eq!(d, doc(""));
        assert_eq!(set_aside(&mut d), None);
        assert_eq!(in_package(&d), None);
    }

    #[test]
    fn kept_xml_from_a_project_file_cannot_carry_markup() {
        for bad in [
            r#"{"name": "a><b"}"#,
            r#"{"name": ""}"#,
            r#"{"name": "ok", "attrs": [["x=\"1\" y", "v"]]}"#,
            r#"{"name": "ok", "children": [{"name": "1st"}]}"#,
        ] {
            let json = format!(
                r#"{{"schema": 1, "name": "Lab", "targets": [{{"id": "a", "kept": {{"elements": [{bad}]}}}}]}}"#
            );
            let e = crate::project::load_str(&json, Path::new("p.json")).unwrap_err();
            assert!(e.to_string().contains("is not an XML name"), "{bad}: {e}");
        }
        for bad in [
            r#""targets": [{"id": "a", "kept": {"attributes": [["a\" b=\"c", "v"]]}}]"#,
            r#""targets": [{"id": "a", "states": [{"kept": {"attributes": [["<x", "v"]]}}]}]"#,
            r#""variants": [{"kept": {"attributes": [["", "v"]]}}]"#,
        ] {
            let json = format!(r#"{{"schema": 1, "name": "Lab", {bad}}}"#);
            let e = crate::project::load_str(&json, Path::new("p.json")).unwrap_err();
            assert!(e.to_string().contains("is not an XML name"), "{bad}: {e}");
        }
        let ok = r#"{"schema": 1, "name": "Lab", "targets": [{"id": "a <&> \"b\"", "kept": {"attributes": [["Note", "<&\"'>"]], "elements": [{"name": "Später", "attrs": [["xsi:type", "<&>"]]}]}}]}"#;
        let p = crate::project::load_str(ok, Path::new("p.json")).unwrap();
        let mut d = Customizations::new(p.package_config());
        write(&p, SecretMode::Values, &mut d).unwrap();
        let back = project_of(&read_customizations(write_customizations(&d).as_bytes()).unwrap());
        assert_eq!(back.targets, p.targets);
    }

    #[test]
    fn the_project_file_keeps_targets_and_refuses_endless_nesting() {
        let p = project_of(&doc(TWO));
        let json = crate::project::to_json(&p);
        let back = crate::project::load_str(&json, Path::new("p.json")).unwrap();
        assert_eq!(back.targets, p.targets);
        assert_eq!(back.variants, p.variants);
        let deep = format!(
            r#"{{"schema": 1, "name": "Lab", "targets": [{{"id": "a", "kept": {{"elements": [{}]}}}}]}}"#,
            r#"{"name": "a", "children": ["#.repeat(300) + &"]}".repeat(300)
        );
        let e = crate::project::load_str(&deep, Path::new("p.json")).unwrap_err();
        assert!(e.to_string().contains("p.json"), "{e}");
    }

    mod any_shape {
        use super::*;
        use proptest::prelude::*;

        fn name() -> impl Strategy<Value = String> {
            prop::sample::select(vec![
                "Targets",
                "Target",
                "TargetState",
                "Condition",
                "Variant",
                "TargetRefs",
                "TargetRef",
                "Settings",
                "DevDetail",
                "Other",
            ])
            .prop_map(str::to_owned)
        }

        fn attrs() -> impl Strategy<Value = Vec<(String, String)>> {
            prop::collection::vec(
                (
                    prop::sample::select(vec!["Id", "Name", "Value", "Note"]),
                    "[a-z <&\">]{0,4}",
                ),
                0..3,
            )
            .prop_map(|v| {
                let mut out: Vec<(String, String)> = Vec::new();
                for (k, val) in v {
                    if !out.iter().any(|(x, _)| x == k) {
                        out.push((k.to_owned(), val));
                    }
                }
                out
            })
        }

        fn node() -> impl Strategy<Value = Node> {
            let leaf = (name(), attrs(), prop::option::of("[a-z&<]{0,3}")).prop_map(
                |(name, attrs, text)| Node {
                    name,
                    attrs,
                    text,
                    children: vec![],
                },
            );
            leaf.prop_recursive(5, 40, 4, |inner| {
                (name(), attrs(), prop::collection::vec(inner, 1..4)).prop_map(
                    |(name, attrs, children)| Node {
                        name,
                        attrs,
                        text: None,
                        children,
                    },
                )
            })
        }

        fn val() -> impl Strategy<Value = String> {
            "[a-zA-Z0-9 .*:<&\">]{0,8}"
        }

        fn with(name: &str, attrs: Vec<(String, String)>, children: Vec<Node>) -> Node {
            Node {
                name: name.into(),
                attrs,
                text: None,
                children,
            }
        }

        /// An element WCD's documentation does not name, with anything inside.
        fn unknown() -> impl Strategy<Value = Node> {
            node().prop_map(|mut n| {
                n.name = "Future".into();
                n
            })
        }

        /// The variants with their settings in path order: a setting's place among
        /// siblings of other names is not kept (siblings of one name stay together, as
        /// WCD's lists and maps are), its path and value are.
        fn by_path(mut v: Vec<Variant>) -> Vec<Variant> {
            for x in &mut v {
                x.settings.sort_by_key(|a| a.path.to_string());
            }
            v
        }

        /// Targets and variants shaped as WCD documents them, with unknown attributes and
        /// elements mixed in.
        fn documented() -> impl Strategy<Value = Vec<Node>> {
            let condition = (val(), val(), prop::option::of(val())).prop_map(|(n, v, note)| {
                let mut a = vec![("Name".to_owned(), n), ("Value".to_owned(), v)];
                a.extend(note.map(|x| ("Note".to_owned(), x)));
                with("Condition", a, vec![])
            });
            let state = (
                prop::collection::vec(condition, 0..3),
                prop::collection::vec(unknown(), 0..2),
            )
                .prop_map(|(mut c, extra)| {
                    c.extend(extra);
                    with("TargetState", vec![], c)
                });
            let target = (
                val(),
                prop::collection::vec(state, 0..3),
                prop::collection::vec(unknown(), 0..2),
            )
                .prop_map(|(id, mut states, extra)| {
                    states.extend(extra);
                    with("Target", vec![("Id".into(), format!("t{id}"))], states)
                });
            let targets =
                prop::collection::vec(target, 0..3).prop_map(|t| with("Targets", vec![], t));
            let variant = (
                prop::collection::vec(val(), 0..3),
                prop::option::of(prop::collection::vec(node(), 0..4)),
                attrs(),
            )
                .prop_map(|(refs, settings, attrs)| {
                    let mut c = vec![with(
                        "TargetRefs",
                        vec![],
                        refs.into_iter()
                            .map(|r| with("TargetRef", vec![("Id".into(), r)], vec![]))
                            .collect(),
                    )];
                    c.extend(settings.map(|s| with("Settings", vec![], s)));
                    with("Variant", attrs, c)
                });
            (targets, prop::collection::vec(variant, 0..3)).prop_map(|(t, mut v)| {
                v.insert(0, t);
                v
            })
        }

        proptest! {
            /// Documented shapes always read, and what is read is written back and read
            /// again unchanged.
            #[test]
            fn documented_targets_read_and_write_back_the_same(parts in documented()) {
                let mut d = Customizations::new(Project::new("Lab").package_config());
                d.settings[0].children.extend(parts);
                let d = read_customizations(write_customizations(&d).as_bytes()).unwrap();
                prop_assert!(read(&d).is_ok(), "{:?}", read(&d).err());
                let p = project_of_lenient(&d);
                let mut out = Customizations::new(p.package_config());
                write(&p, SecretMode::Values, &mut out).unwrap();
                let again = read_customizations(write_customizations(&out).as_bytes()).unwrap();
                let back = project_of_lenient(&again);
                prop_assert_eq!(back.targets, p.targets);
                prop_assert_eq!(by_path(back.variants), by_path(p.variants));
            }

            /// Any shape of targets and variants, as a file would hold it: read without a
            /// panic, and what is read is written back and read again unchanged.
            #[test]
            fn any_targets_read_and_write_back_the_same(parts in prop::collection::vec(node(), 0..4)) {
                let mut d = Customizations::new(Project::new("Lab").package_config());
                d.settings[0].children.extend(parts);
                let Ok(d) = read_customizations(write_customizations(&d).as_bytes()) else {
                    return Ok(());
                };
                if read(&d).is_err() {
                    return Ok(());
                }
                let p = project_of_lenient(&d);
                let mut out = Customizations::new(p.package_config());
                write(&p, SecretMode::Values, &mut out).unwrap();
                let again = read_customizations(write_customizations(&out).as_bytes()).unwrap();
                let back = project_of_lenient(&again);
                prop_assert_eq!(back.targets, p.targets);
                prop_assert_eq!(by_path(back.variants), by_path(p.variants));
            }
        }

        fn project_of_lenient(d: &Customizations) -> Project {
            let parts = read(d).unwrap();
            let mut p = Project::new("Lab");
            p.targets = parts.targets;
            for (mut v, settings) in parts.variants {
                if let Some(settings) = settings {
                    for l in super::super::super::sections::leaves::Leaves::of(settings).all {
                        v.settings.push(AdvancedSetting {
                            path: l.path,
                            value: AdvancedValue::Value(l.text),
                        });
                    }
                }
                p.variants.push(v);
            }
            p
        }
    }
}
