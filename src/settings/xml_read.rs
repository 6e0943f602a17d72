//! Reading `customizations.xml` (as WCD, ICD or a person wrote it) into [`Customizations`].

use super::{Customizations, Node, PackageConfig};
use quick_xml::events::{BytesStart, Event};

/// Largest customizations.xml accepted; real ones are a few KiB.
pub const MAX_XML_BYTES: usize = 16 * 1024 * 1024;
const MAX_DEPTH: usize = 64;

/// Why a customizations.xml could not be read. Messages are one sentence for a person.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("it is not well-formed XML (line {line}): {detail}")]
    Syntax { line: usize, detail: String },
    #[error("it is not a WCD customizations file: {0}")]
    Shape(String),
    #[error("it is larger than {} MiB; a customizations file is a few KiB", MAX_XML_BYTES >> 20)]
    TooLarge,
    #[error("it is not UTF-8 or UTF-16 text")]
    Encoding,
}

/// Parses a customizations document. Whitespace between elements is ignored; leaf text is
/// kept exactly (entities resolved).
pub fn read_customizations(bytes: &[u8]) -> Result<Customizations, ReadError> {
    if bytes.len() > MAX_XML_BYTES {
        return Err(ReadError::TooLarge);
    }
    let text = decode(bytes)?;
    let root = parse_tree(&text)?;
    if root.name != "WindowsCustomizations" {
        return Err(ReadError::Shape(format!(
            "the top element is <{}>, not <WindowsCustomizations>",
            root.name
        )));
    }
    let mut out = Customizations::default();
    let mut saw_package = false;
    for child in root.children {
        match child.name.as_str() {
            "PackageConfig" => {
                out.package = package_config(&child)?;
                out.empty_package_fields = child
                    .children
                    .iter()
                    .filter(|c| c.text.is_none() && c.children.is_empty())
                    .map(|c| c.name.clone())
                    .collect();
                saw_package = true;
            }
            "Settings" => out.settings = child.children,
            other => {
                return Err(ReadError::Shape(format!(
                    "<{other}> is not expected inside <WindowsCustomizations>"
                )));
            }
        }
    }
    if !saw_package {
        return Err(ReadError::Shape("<PackageConfig> is missing".into()));
    }
    Ok(out)
}

fn package_config(node: &Node) -> Result<PackageConfig, ReadError> {
    let text = |name: &str| node.child(name).map(|n| n.text.clone().unwrap_or_default());
    for c in &node.children {
        if !matches!(
            c.name.as_str(),
            "ID" | "Name" | "Version" | "OwnerType" | "Rank" | "Notes" | "Description"
        ) {
            return Err(ReadError::Shape(format!(
                "<{}> is not expected inside <PackageConfig>",
                c.name
            )));
        }
    }
    Ok(PackageConfig {
        id: text("ID").unwrap_or_default(),
        name: text("Name").unwrap_or_default(),
        version: text("Version").unwrap_or_default(),
        owner_type: text("OwnerType").unwrap_or_default(),
        rank: text("Rank").unwrap_or_default(),
        notes: text("Notes"),
        description: text("Description"),
    })
}

fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| ReadError::Encoding);
    }
    let utf16 = |le: bool, rest: &[u8]| {
        if rest.len() % 2 != 0 {
            return Err(ReadError::Encoding);
        }
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| ReadError::Encoding)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(true, rest)
            .map(|s| s.replacen("encoding=\"utf-16\"", "encoding=\"utf-8\"", 1));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(false, rest)
            .map(|s| s.replacen("encoding=\"utf-16\"", "encoding=\"utf-8\"", 1));
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| ReadError::Encoding)
}

/// Parses any XML document into a [`Node`] tree (the root element). Shared by the readers
/// of customizations.xml, `.icdproj.xml` and compiled package files.
pub(crate) fn parse_tree(text: &str) -> Result<Node, ReadError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let line_at = |pos: u64| {
        text.as_bytes()[..(pos as usize).min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let mut stack: Vec<(Node, String)> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let ev = reader.read_event().map_err(|e| ReadError::Syntax {
            line: line_at(reader.error_position()),
            detail: e.to_string(),
        })?;
        let syntax = |detail: String| ReadError::Syntax {
            line: line_at(reader.buffer_position()),
            detail,
        };
        match ev {
            Event::Start(s) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax("elements are nested too deeply".into()));
                }
                if root.is_some() {
                    return Err(syntax("there is more than one top element".into()));
                }
                stack.push((element(&s).map_err(syntax)?, String::new()));
            }
            Event::Empty(s) => {
                let node = element(&s).map_err(syntax)?;
                attach(&mut stack, &mut root, node).map_err(syntax)?;
            }
            Event::End(_) => {
                let (mut node, buf) = stack
                    .pop()
                    .ok_or_else(|| syntax("unexpected end tag".into()))?;
                if node.children.is_empty() {
                    node.text = Some(buf);
                } else if !buf.trim().is_empty() {
                    return Err(syntax(format!("<{}> mixes text and elements", node.name)));
                }
                attach(&mut stack, &mut root, node).map_err(syntax)?;
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                match stack.last_mut() {
                    Some((_, buf)) => buf.push_str(&s),
                    None if s.trim().is_empty() => {}
                    None => return Err(syntax("text outside the top element".into())),
                }
            }
            Event::CData(c) => {
                let s: &str = &c;
                if let Some((_, buf)) = stack.last_mut() {
                    buf.push_str(s);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| syntax(e.to_string()))?
                        .ok_or_else(|| syntax("bad character reference".into()))?
                        .to_string()
                } else {
                    let name: &str = &r;
                    match name {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(syntax(format!("unknown entity &{other};"))),
                    }
                };
                if let Some((_, buf)) = stack.last_mut() {
                    buf.push_str(&resolved);
                }
            }
            Event::DocType(_) => return Err(syntax("DOCTYPE declarations are not allowed".into())),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(ReadError::Syntax {
            line: line_at(text.len() as u64),
            detail: format!(
                "<{}> is not closed",
                stack.last().map(|(n, _)| n.name.as_str()).unwrap_or("")
            ),
        });
    }
    root.ok_or_else(|| ReadError::Syntax {
        line: 1,
        detail: "there is no element".into(),
    })
}

fn attach(stack: &mut [(Node, String)], root: &mut Option<Node>, node: Node) -> Result<(), String> {
    match stack.last_mut() {
        Some((parent, _)) => {
            parent.children.push(node);
            Ok(())
        }
        None if root.is_none() => {
            *root = Some(node);
            Ok(())
        }
        None => Err("there is more than one top element".into()),
    }
}

fn element(s: &BytesStart<'_>) -> Result<Node, String> {
    let name = s.name().as_ref().to_owned();
    let mut node = Node::branch(name, vec![]);
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.as_ref().to_owned();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        node.attrs.push((key, value));
    }
    Ok(node)
}
