//! `import`: a WCD project folder or a bare customizations.xml becomes a project. The
//! wizard's sections take their fields ([`crate::project::sections`]); other settings are
//! kept as advanced settings; Windows asset paths are matched to local files; secrets
//! found in the XML are moved out to references the user chose — never silently kept in
//! clear.

use crate::project::sections::leaves::{Leaf, Leaves};
use crate::project::sections::{self, found_secret};
use crate::project::*;
use crate::secret::SecretString;
use crate::settings::{Customizations, Node, read_customizations};
use std::path::{Path, PathBuf};

/// Where secrets found in the XML go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretPlacement {
    /// Into files beside the new project (`secrets/<name>.txt`, mode 0600).
    Files,
    /// Referenced as environment variables `<PREFIX>_<NAME>`; the values are not saved,
    /// the user sets the variables.
    Env(String),
    /// Asked for at build time; the values are dropped.
    Ask,
    /// Kept in the project in clear, by explicit choice.
    Clear,
}

/// Choices for an import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Folders searched (in order) for assets named by Windows paths in the XML; the
    /// XML's own folder is searched last.
    pub asset_dirs: Vec<PathBuf>,
    /// `None` refuses to import a file that holds secrets, listing them.
    pub secrets: Option<SecretPlacement>,
}

/// A secret found in the XML and where it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedSecret {
    pub label: String,
    pub source: SecretSource,
}

/// The imported project and what the user should know about it.
#[derive(Debug)]
pub struct Imported {
    pub project: Project,
    pub secrets: Vec<MovedSecret>,
    /// Files to write beside the project for `SecretPlacement::Files`:
    /// (relative path, value).
    pub secret_files: Vec<(PathBuf, SecretString)>,
    /// Number of settings kept as advanced settings.
    pub advanced: usize,
    /// Files the XML names that were not found in the given folders: the project points
    /// at where each should go, and `check` reports it until it is there.
    pub missing: Vec<AssetOrigin>,
    /// Files only the targets' settings name that were not found: not needed to build.
    pub missing_for_targets: Vec<AssetOrigin>,
    /// The `<ID>` the XML had when it was not a GUID (a template's `{GUID}`, say): the
    /// project got a new id instead, so the import does not dead-end.
    pub replaced_id: Option<String>,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} {source}")]
    Xml {
        path: PathBuf,
        source: crate::settings::ReadError,
    },
    #[error("{path}: {source}")]
    Icdproj {
        path: PathBuf,
        source: super::icdproj::IcdprojError,
    },
    #[error("{0} has no customizations.xml")]
    NoCustomizations(PathBuf),
    #[error("customizations.xml holds {} secret{} ({}); choose where they go with --secrets file, env or ask (or clear to keep them in the project in clear)", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.join(", "))]
    SecretsNeedAPlace(Vec<String>),
    #[error("{path}: {source}")]
    Variants {
        path: PathBuf,
        source: crate::project::VariantError,
    },
}

/// Reads `input` (a folder with `*.icdproj.xml` + `customizations.xml`, or a bare
/// customizations.xml) into a project that will be saved at `project_file`.
pub fn import_wcd(
    input: &Path,
    project_file: &Path,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let read = |p: &Path| {
        crate::fsutil::read_capped(p, crate::settings::MAX_XML_BYTES as u64).map_err(|e| {
            ImportError::Read {
                path: p.to_path_buf(),
                reason: e.to_string(),
            }
        })
    };
    let (xml_path, icd) = if input.is_dir() {
        let xml = input.join("customizations.xml");
        if !xml.is_file() {
            return Err(ImportError::NoCustomizations(input.to_path_buf()));
        }
        let icd = match super::icdproj::find_in(input) {
            Some(p) => Some(
                super::icdproj::read_icdproj(&read(&p)?)
                    .map_err(|e| ImportError::Icdproj { path: p, source: e })?,
            ),
            None => None,
        };
        (xml, icd)
    } else {
        (input.to_path_buf(), None)
    };
    let doc = read_customizations(&read(&xml_path)?).map_err(|e| ImportError::Xml {
        path: xml_path.clone(),
        source: e,
    })?;
    let xml_dir = xml_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let project_dir = project_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let roots: Vec<PathBuf> = opts.asset_dirs.iter().cloned().chain([xml_dir]).collect();
    let mut ctx = Ctx {
        files: FileIndex::of(&roots),
        project_dir,
        origins: Vec::new(),
        missing: Vec::new(),
    };
    let (mut project, replaced_id) = from_customizations(&doc, &mut ctx).map_err(|e| match e {
        Read::Variants(source) => ImportError::Variants {
            path: xml_path.clone(),
            source,
        },
    })?;
    if let Some(icd) = icd {
        project.description = icd.description;
        project.target_editions = icd.editions;
    }

    project.origins = ctx.origins;
    // Secrets: decide where each goes.
    let labels: Vec<String> = project
        .every_secret_mut()
        .into_iter()
        .filter(|(_, s)| s.has_value())
        .map(|(l, _)| l)
        .collect();
    let placement = match (&opts.secrets, labels.is_empty()) {
        (_, true) => SecretPlacement::Ask,
        (None, false) => return Err(ImportError::SecretsNeedAPlace(labels)),
        (Some(p), false) => p.clone(),
    };
    let mut moved = Vec::new();
    let mut files = Vec::new();
    let mut used_names: Vec<String> = Vec::new();
    for (label, s) in project.every_secret_mut() {
        if !s.has_value() {
            if s.source == SecretSource::Clear {
                *s = Secret::ask();
            }
            continue;
        }
        let value = s.value().cloned().expect("has a value");
        let slug = unique(slug(&label), &mut used_names);
        let source = match &placement {
            SecretPlacement::Files => {
                let rel = PathBuf::from("secrets").join(format!("{slug}.txt"));
                files.push((rel.clone(), value.clone()));
                SecretSource::File(rel)
            }
            SecretPlacement::Env(prefix) => SecretSource::Env(format!(
                "{}_{}",
                prefix,
                slug.to_ascii_uppercase().replace('-', "_")
            )),
            SecretPlacement::Ask => SecretSource::Ask,
            SecretPlacement::Clear => SecretSource::Clear,
        };
        *s = match source {
            SecretSource::Clear => Secret::typed(value, SecretSource::Clear),
            other => Secret::typed(value, other),
        };
        moved.push(MovedSecret {
            label,
            source: s.source.clone(),
        });
    }
    let advanced = project.advanced.len();
    // A file only the targets' settings name is not needed to build: told apart.
    let built: std::collections::HashSet<&Path> = project.asset_paths().into_iter().collect();
    let (missing, missing_for_targets): (Vec<_>, Vec<_>) = ctx
        .missing
        .into_iter()
        .partition(|m| built.contains(&m.path.as_path()));
    Ok(Imported {
        project,
        secrets: moved,
        secret_files: files,
        advanced,
        missing,
        missing_for_targets,
        replaced_id,
    })
}

struct Ctx {
    files: FileIndex,
    project_dir: PathBuf,
    origins: Vec<AssetOrigin>,
    missing: Vec<AssetOrigin>,
}

impl sections::Assets for Ctx {
    /// Maps a build-machine path from the XML (`C:\\src\\setup.exe`) to a file here, found
    /// by its file name in the folders the user named; the path itself is never opened.
    /// A file not found is recorded as missing, at the place it should be copied to.
    fn asset(&mut self, text: &str) -> PathBuf {
        let from = printable(text);
        let name = text
            .rsplit(['\\', '/'])
            .next()
            .filter(|n| is_plain_file_name(n))
            .unwrap_or("missing-file");
        let path = match self.files.find(name) {
            Some(found) => relative_to(found, &self.project_dir),
            None => {
                let path = PathBuf::from(name);
                if !self.missing.iter().any(|m| m.path == path) {
                    self.missing.push(AssetOrigin {
                        path: path.clone(),
                        from: from.clone(),
                    });
                }
                path
            }
        };
        if !self.origins.iter().any(|o| o.path == path) {
            self.origins.push(AssetOrigin {
                path: path.clone(),
                from,
            });
        }
        path
    }
}

/// Most files indexed under the folders searched for assets, and how deep.
const INDEX_MAX_FILES: usize = 20_000;
const INDEX_MAX_DEPTH: usize = 8;

/// The files under the asset folders by lower-case file name (Windows names ignore case),
/// the first one found winning: folders in the order given, each breadth-first, so a file
/// beside the XML beats one deeper down. Symbolic links are not followed, so nothing
/// outside the named folders is reached.
struct FileIndex(std::collections::HashMap<String, PathBuf>);

impl FileIndex {
    fn of(roots: &[PathBuf]) -> Self {
        let mut map = std::collections::HashMap::new();
        let mut seen = 0usize;
        for root in roots {
            let mut queue = std::collections::VecDeque::from([(root.clone(), 0usize)]);
            while let Some((dir, depth)) = queue.pop_front() {
                let Ok(rd) = std::fs::read_dir(&dir) else {
                    continue;
                };
                let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
                entries.sort_by_key(|e| e.file_name());
                for e in entries {
                    seen += 1;
                    if seen > INDEX_MAX_FILES {
                        return FileIndex(map);
                    }
                    let Ok(ft) = e.file_type() else { continue };
                    if ft.is_dir() && depth < INDEX_MAX_DEPTH {
                        queue.push_back((e.path(), depth + 1));
                    } else if ft.is_file() {
                        let key = e.file_name().to_string_lossy().to_lowercase();
                        map.entry(key).or_insert_with(|| e.path());
                    }
                }
            }
        }
        FileIndex(map)
    }

    fn find(&self, name: &str) -> Option<&Path> {
        self.0.get(&name.to_lowercase()).map(PathBuf::as_path)
    }
}

/// One path component that names a file: no folder steps, no control characters.
fn is_plain_file_name(n: &str) -> bool {
    !n.is_empty() && n != "." && n != ".." && !n.chars().any(char::is_control) && !n.contains(':')
}

/// Text from the XML with control characters escaped, safe to save and to print.
fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let esc: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            esc
        })
        .collect()
}

/// `target` relative to `base`, through `..` when needed, so the project stays movable.
fn relative_to(target: &Path, base: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (t, b) = (abs(target), abs(base));
    let tc: Vec<_> = t.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = tc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return t;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c.as_os_str());
    }
    out
}

fn slug(label: &str) -> String {
    let mut s = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').chars().take(60).collect()
}

fn unique(base: String, used: &mut Vec<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Why the document could not become a project (the caller names the file).
enum Read {
    Variants(crate::project::VariantError),
}

/// The project, and the XML's `<ID>` when it was not a GUID and a new id was given.
fn from_customizations(
    doc: &Customizations,
    ctx: &mut Ctx,
) -> Result<(Project, Option<String>), Read> {
    let (mut p, replaced_id) = match doc.package.uuid() {
        Some(id) => (sections::package::read_as(&doc.package, id), None),
        None => (
            sections::package::read_as(&doc.package, uuid::Uuid::new_v4()),
            Some(doc.package.id.clone()),
        ),
    };
    // Read before the common settings so a malformed target stops the import before any
    // file is looked for.
    let parts = crate::project::variants::read(doc).map_err(Read::Variants)?;
    let empty = Node::branch("Common", vec![]);
    let common = doc.common().unwrap_or(&empty);
    let mut r = sections::In {
        leaves: Leaves::of(common),
        common,
        assets: ctx,
    };
    sections::read_sections(&mut p, &mut r);
    let l = &mut r.leaves;

    // Everything else: advanced settings, with assets and secrets recognised.
    for leaf in std::mem::take(&mut l.all).into_iter().filter(|x| !x.taken) {
        p.advanced.push(kept_setting(leaf, r.assets));
    }
    // Targets and variants: the variants' settings kept the same way, files found in the
    // same folders by the same rules.
    p.targets = parts.targets;
    for (mut variant, settings) in parts.variants {
        if let Some(settings) = settings {
            for leaf in Leaves::of(settings).all {
                variant.settings.push(kept_setting(leaf, ctx));
            }
        }
        p.variants.push(variant);
    }
    Ok((p, replaced_id))
}

/// A setting no wizard field took, as an advanced setting: assets and secrets recognised
/// by the catalog.
fn kept_setting(leaf: Leaf, assets: &mut dyn sections::Assets) -> AdvancedSetting {
    let value = if is_asset(&leaf.schema) && !leaf.text.is_empty() {
        AdvancedValue::Asset(assets.asset(&leaf.text))
    } else if crate::catalog::is_secret(&leaf.schema) && !leaf.text.is_empty() {
        AdvancedValue::Secret(found_secret(leaf.text))
    } else {
        AdvancedValue::Value(leaf.text)
    };
    AdvancedSetting {
        path: leaf.path,
        value,
    }
}

/// A setting whose value names a file to pack, as the catalog says.
fn is_asset(schema: &str) -> bool {
    crate::catalog::setting(schema)
        .is_some_and(|s| matches!(s.kind, crate::catalog::Kind::Asset(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml_with_id(id: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<WindowsCustomizations>
  <PackageConfig xmlns="urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0">
    <ID>{id}</ID>
    <Name>ProductName</Name>
    <Version>1.0</Version>
    <OwnerType>OEM</OwnerType>
    <Rank>0</Rank>
  </PackageConfig>
  <Settings xmlns="urn:schemas-microsoft-com:windows-provisioning">
    <Customizations>
      <Common>
        <Policies><Connectivity><AllowNFC>Yes</AllowNFC></Connectivity></Policies>
      </Common>
    </Customizations>
  </Settings>
</WindowsCustomizations>"#
        )
    }

    fn import(id: &str) -> Imported {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("customizations.xml");
        std::fs::write(&xml, xml_with_id(id)).unwrap();
        let opts = ImportOptions {
            asset_dirs: Vec::new(),
            secrets: None,
        };
        import_wcd(&xml, &dir.path().join("p.json"), &opts).unwrap()
    }

    #[test]
    fn a_placeholder_package_id_gets_a_new_guid_and_is_reported() {
        let got = import("{GUID}");
        assert_eq!(got.replaced_id.as_deref(), Some("{GUID}"));
        assert!(!got.project.package.id.is_nil());
        assert!(
            got.project
                .validate()
                .iter()
                .all(|p| p.severity != crate::project::Severity::Error),
            "{:?}",
            got.project.validate()
        );

        let real = "{3ce76392-6d3e-5a80-8a69-ed85ad8c84a4}";
        let kept = import(real);
        assert_eq!(kept.replaced_id, None);
        assert_eq!(
            kept.project.package.id.to_string(),
            real.trim_matches(['{', '}'])
        );
    }
}
