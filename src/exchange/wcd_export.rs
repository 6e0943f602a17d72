//! `export --wcd DIR`: a folder Windows Configuration Designer opens as a project —
//! `customizations.xml`, `<Name>.icdproj.xml`, the assets, and a README on building it.

use super::icdproj::{IcdProject, write_icdproj};
use crate::fsutil::{AtomicFile, Overwrite, open_regular, write_atomic};
use crate::package::TargetEditions;
use crate::project::{Project, SecretMode};
use crate::settings::{Node, write_customizations};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Choices for a WCD export.
#[derive(Clone, Debug)]
pub struct WcdExportOptions {
    /// Where the folder will live on the Windows machine; WCD needs absolute asset paths.
    pub windows_dir: String,
    /// Write secret values in clear (WCD's own files hold them so). Off: they are left
    /// empty and listed in the README.
    pub include_secrets: bool,
    /// Replace files in an existing export folder.
    pub overwrite: Overwrite,
}

/// What was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WcdExport {
    pub customizations: PathBuf,
    pub icdproj: PathBuf,
    pub readme: PathBuf,
    pub assets: Vec<PathBuf>,
    /// Secrets left empty, by label.
    pub blank_secrets: Vec<String>,
    /// Files only the targets' settings name that are not here: the XML points at where
    /// they go under `Assets`, and the README lists them.
    pub absent: Vec<PathBuf>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum WcdExportError {
    #[error("the export folder {0} already has files in it; choose an empty folder or use --force")]
    NotEmpty(PathBuf),
    #[error("cannot write the export to {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("the asset {path} cannot be copied: {reason}")]
    Asset { path: PathBuf, reason: String },
    #[error("{0}")]
    Settings(#[from] crate::project::ToSettingsError),
    /// The project name becomes `<Name>.icdproj.xml`; it must be one plain file name.
    #[error("{0}; rename the project before exporting")]
    Name(crate::package::BuildError),
}

/// Writes the WCD project folder. Secrets must already be resolved when
/// `include_secrets` is set.
pub fn export_wcd(
    project: &Project,
    dir: &Path,
    opts: &WcdExportOptions,
) -> Result<WcdExport, WcdExportError> {
    let io = |path: &Path, e: std::io::Error| WcdExportError::Io {
        path: path.to_path_buf(),
        reason: crate::errors::io_reason(&e),
    };
    // The name becomes a file name inside DIR: checked before anything is read or written,
    // so `../` or a separator can never place a file outside DIR.
    crate::package::validate_package_name(&project.name).map_err(WcdExportError::Name)?;
    if dir.exists() && opts.overwrite == Overwrite::Refuse {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
        if entries.next().is_some() {
            return Err(WcdExportError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mode = if opts.include_secrets {
        SecretMode::Values
    } else {
        SecretMode::Blank
    };
    let mut doc = project.to_customizations(mode)?;
    crate::project::variants::write(project, mode, &mut doc)?;
    let blank_secrets = if opts.include_secrets {
        Vec::new()
    } else {
        let mut p = project.clone();
        p.every_secret_mut()
            .into_iter()
            .map(|(label, _)| label)
            .collect()
    };

    // Assets: every local path the project references, copied under Assets\ with a
    // unique file name, and the XML rewritten to the Windows path.
    let assets_dir = dir.join("Assets");
    let mut mapping: BTreeMap<String, String> = BTreeMap::new();
    let mut copied = Vec::new();
    let mut absent = Vec::new();
    let mut used_names: Vec<String> = Vec::new();
    let built = project_asset_texts(project);
    for local in project_asset_texts_with_targets(project) {
        if mapping.contains_key(&local) {
            continue;
        }
        let src = PathBuf::from(&local);
        let name = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "asset".into());
        let mut unique = name.clone();
        let mut n = 2;
        while used_names.iter().any(|u| u.eq_ignore_ascii_case(&unique)) {
            unique = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem} ({n}).{ext}"),
                None => format!("{name} ({n})"),
            };
            n += 1;
        }
        used_names.push(unique.clone());
        std::fs::create_dir_all(&assets_dir).map_err(|e| io(&assets_dir, e))?;
        let dest = assets_dir.join(&unique);
        if !built.contains(&local) && !src.exists() {
            // Only the targets' settings name it, and the build never needed it: the
            // export still says where it goes instead of failing for it.
            absent.push(dest);
        } else {
            copy_asset(&src, &dest).map_err(|e| match e {
                CopyError::Read(reason) => WcdExportError::Asset {
                    path: src.clone(),
                    reason,
                },
                CopyError::Write(e) => io(&dest, e),
            })?;
            copied.push(dest);
        }
        let win = format!(
            "{}\\Assets\\{}",
            opts.windows_dir.trim_end_matches('\\'),
            unique
        );
        mapping.insert(local, win);
    }
    if let Some(common) = doc.settings.iter_mut().find(|n| n.name == "Customizations") {
        rewrite_leaves(common, &mapping);
    }

    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let customizations = dir.join("customizations.xml");
    write_atomic(
        &customizations,
        write_customizations(&doc).as_bytes(),
        Overwrite::Replace,
    )
    .map_err(|e| io(&customizations, e))?;
    let icdproj = dir.join(format!("{}.icdproj.xml", project.name));
    let proj = IcdProject {
        name: project.name.clone(),
        description: project.description.clone(),
        id: doc.package.id.clone(),
        // What the project builds as, so WCD and a re-import number the files the same.
        editions: Some(project.target_editions.clone().unwrap_or_else(|| {
            TargetEditions::default_for(&project.wcd_version.clone().unwrap_or_default())
        })),
    };
    write_atomic(
        &icdproj,
        write_icdproj(&proj).as_bytes(),
        Overwrite::Replace,
    )
    .map_err(|e| io(&icdproj, e))?;
    let readme = dir.join("README.txt");
    let text = readme_text(project, opts, &blank_secrets, &absent);
    write_atomic(&readme, text.as_bytes(), Overwrite::Replace).map_err(|e| io(&readme, e))?;
    Ok(WcdExport {
        customizations,
        icdproj,
        readme,
        assets: copied,
        blank_secrets,
        absent,
    })
}

enum CopyError {
    Read(String),
    Write(std::io::Error),
}

/// Streams a regular file into `dest` atomically: memory stays at one buffer whatever
/// the asset's size, and a device or pipe is refused instead of read forever.
fn copy_asset(src: &Path, dest: &Path) -> Result<u64, CopyError> {
    use std::io::{Read, Write};
    let (file, size) = open_regular(src).map_err(|e| CopyError::Read(e.to_string()))?;
    let mut out = AtomicFile::create(dest, Overwrite::Replace).map_err(CopyError::Write)?;
    let mut reader = file.take(size);
    let mut buf = vec![0u8; 256 << 10];
    let mut copied = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(crate::errors::io_reason(&e))),
        };
        out.write_all(&buf[..n]).map_err(CopyError::Write)?;
        copied += n as u64;
    }
    if copied != size {
        return Err(CopyError::Read(format!(
            "it changed while being copied ({size} bytes became {copied})"
        )));
    }
    out.commit().map_err(CopyError::Write)?;
    Ok(copied)
}

/// The leaf texts that name local files (as [`Project::to_customizations`] writes them).
fn project_asset_texts(p: &Project) -> Vec<String> {
    p.asset_paths()
        .into_iter()
        .map(|rel| p.asset_text(rel))
        .collect()
}

/// [`project_asset_texts`] and the files the targets' settings name.
fn project_asset_texts_with_targets(p: &Project) -> Vec<String> {
    let mut out = project_asset_texts(p);
    out.extend(
        p.variant_asset_paths()
            .into_iter()
            .map(|rel| p.asset_text(rel)),
    );
    out
}

/// Replaces leaf texts found in `mapping` (exact matches only).
pub(crate) fn rewrite_leaves(n: &mut Node, mapping: &BTreeMap<String, String>) {
    if let Some(t) = n.text.as_mut() {
        if let Some(win) = mapping.get(t.as_str()) {
            *t = win.clone();
        }
    }
    for c in &mut n.children {
        rewrite_leaves(c, mapping);
    }
}

fn readme_text(
    p: &Project,
    opts: &WcdExportOptions,
    blank: &[String],
    absent: &[PathBuf],
) -> String {
    let dir = opts.windows_dir.trim_end_matches('\\');
    let mut s = format!(
        "WCD project \"{name}\" exported by ppkg-wizard {ver}.\r\n\r\n\
         Copy this folder to {dir} on a Windows PC (asset paths in customizations.xml point there).\r\n\
         Open {name}.icdproj.xml in Windows Configuration Designer, or build from a command prompt:\r\n\r\n\
         ICD.exe /Build-ProvisioningPackage /CustomizationXML:\"{dir}\\customizations.xml\" /PackagePath:\"{dir}\\{name}.ppkg\" /StoreFile:\"C:\\Program Files (x86)\\Windows Kits\\10\\Assessment and Deployment Kit\\Imaging and Configuration Designer\\x86\\Microsoft-Desktop-Provisioning.dat\"\r\n",
        name = p.name,
        ver = env!("CARGO_PKG_VERSION"),
    );
    if !blank.is_empty() {
        s.push_str(
            "\r\nThese secrets were left empty on purpose; fill them in WCD before building:\r\n",
        );
        for b in blank {
            s.push_str(&format!("  - {b}\r\n"));
        }
    }
    if !absent.is_empty() {
        s.push_str(
            "\r\nOnly the settings for particular PCs (targets) name these files, and they were not on the machine that exported the project; copy them into Assets before building in WCD:\r\n",
        );
        for a in absent {
            let name = a.file_name().unwrap_or_default().to_string_lossy();
            s.push_str(&format!("  - {name}\r\n"));
        }
    }
    s
}
