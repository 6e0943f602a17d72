//! Rebuilding WCD projects: a project folder (`*.icdproj.xml` + `customizations.xml`) or
//! a bare `customizations.xml`, with asset paths of the build machine (`C:\…\setup.exe`)
//! found again by file name. A folder's project file names the target editions; a bare
//! XML does not, so it gets the WCD version's default.

use super::compile::source_file_name;
use super::{BuildError, TargetEditions};
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
    /// The editions the folder's `.icdproj.xml` targets; `None` without one, or when it
    /// lists none.
    pub target_editions: Option<TargetEditions>,
}

/// Reads `input` (a WCD project folder or a customizations.xml file). Asset paths are
/// resolved by file name in `asset_dirs`, then beside the XML.
pub fn open_wcd_project(input: &Path, asset_dirs: &[PathBuf]) -> Result<WcdProject, BuildError> {
    let io = |what: String| move |e| BuildError::io(what, e);
    let mut target_editions = None;
    let xml_path = if input.is_dir() {
        if let Some(icd) = crate::exchange::icdproj::find_in(input) {
            let bytes = crate::fsutil::read_capped(&icd, crate::settings::MAX_XML_BYTES as u64)
                .map_err(|e| io(format!("cannot read {}", icd.display()))(e.into()))?;
            target_editions = crate::exchange::icdproj::read_icdproj(&bytes)
                .map_err(|e| BuildError::Xml(format!("{}: {e}", icd.display())))?
                .editions;
        }
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
    let bytes = crate::fsutil::read_capped(&xml_path, crate::settings::MAX_XML_BYTES as u64)
        .map_err(|e| io(format!("cannot read {}", xml_path.display()))(e.into()))?;
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
    Ok(WcdProject {
        doc,
        xml_path,
        asset_dirs: dirs,
        target_editions,
    })
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
