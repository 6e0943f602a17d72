//! Rebuilding WCD projects: a project folder (`*.icdproj.xml` + `customizations.xml`) or
//! a bare `customizations.xml`, with asset paths of the build machine (`C:\…\setup.exe`)
//! found again by file name.

use super::BuildError;
use super::compile::{WcdVersion, source_file_name};
use crate::settings::{Customizations, read_customizations};
use std::path::{Path, PathBuf};

/// A WCD project read for rebuilding.
#[derive(Debug)]
pub struct WcdProject {
    pub doc: Customizations,
    /// The customizations.xml that was read.
    pub xml_path: PathBuf,
    /// Where assets are looked for, in order: the `--asset-dir` folders, then the
    /// folder of the customizations.xml.
    pub asset_dirs: Vec<PathBuf>,
    /// The version the folder's `.icdproj.xml` names, if it has one.
    pub wcd_version: Option<WcdVersion>,
    /// `TargetSkus` from the `.icdproj.xml`'s target editions, as WCD writes it in the
    /// NOTES (`WindowsCommon` first).
    pub target_skus: Option<String>,
}

/// Reads `input` (a WCD project folder or a customizations.xml file). Asset paths are
/// resolved by file name in `asset_dirs`, then beside the XML.
pub fn open_wcd_project(input: &Path, asset_dirs: &[PathBuf]) -> Result<WcdProject, BuildError> {
    let io = |what: String| move |e| BuildError::io(what, e);
    let xml_path = if input.is_dir() {
        let direct = input.join("customizations.xml");
        if direct.is_file() {
            direct
        } else {
            return Err(BuildError::io(
                format!("{} has no customizations.xml", input.display()),
                std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
    } else {
        input.to_path_buf()
    };
    let bytes =
        std::fs::read(&xml_path).map_err(io(format!("cannot read {}", xml_path.display())))?;
    let doc = read_customizations(&bytes)
        .map_err(|e| BuildError::Xml(format!("{}: {e}", xml_path.display())))?;
    let mut dirs = asset_dirs.to_vec();
    if let Some(parent) = xml_path.parent() {
        dirs.push(if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent.to_path_buf()
        });
    }
    let (wcd_version, target_skus) = xml_path
        .parent()
        .and_then(icdproj_in)
        .map(|p| icdproj_facts(&p))
        .unwrap_or((None, None));
    Ok(WcdProject {
        doc,
        xml_path,
        asset_dirs: dirs,
        wcd_version,
        target_skus,
    })
}

/// The single `*.icdproj.xml` in `dir`, if there is exactly one.
fn icdproj_in(dir: &Path) -> Option<PathBuf> {
    let mut found = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_ascii_lowercase().ends_with(".icdproj.xml"))
        });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// `Version` and the target editions of a `.icdproj.xml`; an unreadable file says nothing.
/// The `Version` attribute names the WCD that wrote the project file, the best guess of
/// the one that builds it.
fn icdproj_facts(path: &Path) -> (Option<WcdVersion>, Option<String>) {
    let Some(text) = std::fs::read(path)
        .ok()
        .and_then(|b| read_text(&b))
        .and_then(|t| crate::settings::parse_tree(&t).ok())
    else {
        return (None, None);
    };
    let version = text.attr("Version").and_then(|v| v.parse().ok());
    let mut editions: Vec<String> = text
        .child("TargetEditions")
        .map(|t| {
            t.children
                .iter()
                .filter_map(|sku| sku.text_at("Edition"))
                .map(|e| e.trim().to_owned())
                .filter(|e| !e.is_empty())
                .collect()
        })
        .unwrap_or_default();
    editions.sort_by_key(|e| e != "WindowsCommon");
    let skus = (!editions.is_empty()).then(|| editions.join(","));
    (version, skus)
}

fn read_text(bytes: &[u8]) -> Option<String> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(b.to_vec()).ok()
}

impl WcdProject {
    /// Finds the local file for an asset path of the customizations (by file name).
    /// Use as the builder's asset resolver; missing files are reported together by the
    /// compiler.
    pub fn resolve(&self, text: &str) -> Option<PathBuf> {
        let name = source_file_name(text);
        if name.is_empty() || name == "." || name == ".." {
            return None;
        }
        self.asset_dirs
            .iter()
            .map(|d| d.join(name))
            .find(|p| p.exists())
    }
}
