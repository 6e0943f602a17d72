//! The file references inside a project, and the one path form a bundle accepts.
//!
//! Kept here rather than on `Project` so the bundle module owns its rules; if other code
//! needs [`asset_paths_mut`], it could move to `project::model`.

use super::safety::name_problem;
use crate::project::{AdvancedValue, Project};
use std::path::{Component, Path, PathBuf};

/// Every asset path of the project (installers, dependencies, certificates, advanced
/// assets, then the files the targets' settings name), in project order, with a label
/// naming the field for messages.
pub(crate) fn asset_paths_mut(p: &mut Project) -> Vec<(String, &mut PathBuf)> {
    let mut out = Vec::new();
    for app in &mut p.applications {
        out.push((
            format!("the installer of application \"{}\"", app.name),
            &mut app.installer,
        ));
        for dep in &mut app.dependencies {
            out.push((format!("a dependency of application \"{}\"", app.name), dep));
        }
    }
    for c in &mut p.certificates {
        out.push((format!("certificate \"{}\"", c.name), &mut c.path));
    }
    for a in &mut p.advanced {
        if let AdvancedValue::Asset(path) = &mut a.value {
            out.push((format!("setting {}", a.path), path));
        }
    }
    out.extend(crate::project::variants::assets_mut(&mut p.variants));
    out
}

/// `p` as a bundle entry name (`a/b.txt`) when it is a plain relative path whose parts
/// are all safe names; `None` for absolute paths, `..`, drive letters and odd names.
pub(crate) fn bundle_path(p: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let joined = parts.join("/");
    name_problem(&joined).is_none().then_some(joined)
}
