//! Every real WCD package and project folder in `../shared/reference/` goes the way an
//! admin takes it: `import --secrets file` → `check` (exit 0; warnings allowed) → `build`
//! of the project → `wimlib-imagex verify`. Installers the source repositories did not
//! publish are put in place as empty stand-ins where `import` says they belong. For
//! packages (and every other case) the project's build must give the same compiled tree
//! as building the customizations.xml directly, apart from the two embedded copies of the
//! XML, which record each build's asset paths. A folder's `.icdproj.xml` names the target
//! editions: the project keeps them, and both builds (project and folder) target them.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference")
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ppkg-wizard"));
    c.env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1");
    c
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// One real input: a folder holding customizations.xml (and maybe an .icdproj.xml).
struct Case {
    name: String,
    /// Folder copied into the test's work folder.
    source: Source,
}

enum Source {
    /// A project folder: copied as it is.
    Folder(PathBuf),
    /// A package: its Multivariant/0/customizations.xml is the input.
    Package(PathBuf),
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let corpus = reference().join("corpus");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("../shared/reference/corpus")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        if d.join("package.ppkg").is_file() {
            out.push(Case {
                name,
                source: Source::Package(d.join("package.ppkg")),
            });
        } else if d.join("project/customizations.xml").is_file() {
            out.push(Case {
                name,
                source: Source::Folder(d.join("project")),
            });
        }
    }
    let mut samples: Vec<PathBuf> = std::fs::read_dir(common::samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("customizations.xml").is_file())
        .collect();
    samples.sort();
    for s in samples {
        out.push(Case {
            name: format!("sample {}", s.file_name().unwrap().to_string_lossy()),
            source: Source::Folder(s),
        });
    }
    out
}

/// Copies the XML files of a project folder (not the packages built from it).
fn copy_xml(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let lower = p.to_string_lossy().to_ascii_lowercase();
        if p.is_file() && lower.ends_with(".xml") {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// Takes customizations.xml out of a package with our own reader.
fn xml_of_package(pkg: &Path, to: &Path, scratch: &Path) {
    std::fs::create_dir_all(scratch).unwrap();
    let o = bin()
        .arg("inspect")
        .arg(pkg)
        .arg("--extract")
        .arg(scratch)
        .output()
        .unwrap();
    assert!(o.status.success(), "inspect --extract {}", text(&o));
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(
        scratch.join("Multivariant/0/customizations.xml"),
        to.join("customizations.xml"),
    )
    .unwrap();
}

fn extract(pkg: &Path, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::create_dir_all(dir).unwrap();
    let o = bin()
        .arg("inspect")
        .arg(pkg)
        .arg("--extract")
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "inspect --extract: {}", text(&o));
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn walk(root: &Path, d: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&p).unwrap());
        }
    }
}

fn only_ppkg(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ppkg"))
        .unwrap_or_else(|| panic!("no package in {}", dir.display()))
}

/// The embedded copies of customizations.xml record asset paths as each build saw them.
const XML_COPIES: [&str; 2] = [
    "Multivariant/0/customizations.xml",
    "CommonSettings/1/AnswerFile.xml",
];

/// Runs one case; returns what went wrong, if anything.
fn run(case: &Case, work: &Path) -> Result<(), String> {
    let src = work.join("src");
    match &case.source {
        Source::Folder(d) => copy_xml(d, &src),
        Source::Package(p) => xml_of_package(p, &src, &work.join("original")),
    }
    let proj_dir = work.join("project");
    let project = proj_dir.join("project.json");
    let o = bin()
        .arg("import")
        .arg(&src)
        .arg("-o")
        .arg(&project)
        .args(["--secrets", "file"])
        .output()
        .unwrap();
    if !o.status.success() {
        return Err(format!("import: {}", text(&o)));
    }
    // Stand-ins where import says each missing file belongs.
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&project).unwrap()).unwrap();
    if saved["package"]["id"].as_str().is_none() {
        return Err("import wrote no package id".into());
    }
    for o in saved["origins"].as_array().into_iter().flatten() {
        let at = proj_dir.join(o["path"].as_str().unwrap());
        if !at.exists() {
            std::fs::create_dir_all(at.parent().unwrap()).unwrap();
            std::fs::write(&at, b"").unwrap();
        }
    }
    // The folder's project file names the editions; the project keeps them.
    let editions = ppkg_wizard::exchange::icdproj::find_in(&src)
        .and_then(|f| {
            ppkg_wizard::exchange::icdproj::read_icdproj(&std::fs::read(f).unwrap())
                .unwrap()
                .editions
        })
        .map(|t| t.skus());
    let kept = saved["target_editions"].as_array().map(|a| {
        a.iter()
            .map(|e| e.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(",")
    });
    if kept != editions {
        return Err(format!(
            "the project targets {kept:?}, its .icdproj.xml {editions:?}"
        ));
    }
    let o = bin().arg("check").arg(&project).output().unwrap();
    if o.status.code() != Some(0) {
        return Err(format!("check exited {:?}: {}", o.status.code(), text(&o)));
    }
    let from_project = work.join("out-project");
    let o = bin()
        .arg("build")
        .arg(&project)
        .arg("-o")
        .arg(&from_project)
        .arg("-q")
        .output()
        .unwrap();
    if !o.status.success() {
        return Err(format!("build of the project: {}", text(&o)));
    }
    let pkg = only_ppkg(&from_project);
    if let Some(skus) = &editions {
        let notes = ppkg_wizard::wim::Reader::open(&pkg)
            .unwrap()
            .xml_info()
            .image
            .notes
            .clone();
        if !notes.contains(&format!(";TargetSkus={skus};")) {
            return Err(format!("the package's NOTES do not target {skus}: {notes}"));
        }
    }
    if common::tool_available("wimlib-imagex") {
        let o = Command::new("wimlib-imagex")
            .arg("verify")
            .arg(&pkg)
            .output()
            .unwrap();
        if !o.status.success() {
            return Err(format!("wimlib-imagex verify: {}", text(&o)));
        }
    }
    // The wizard/check and inspect share the sign-in rule: both warn, or neither does.
    let o = bin()
        .arg("check")
        .arg("--json")
        .arg(&project)
        .output()
        .unwrap();
    let checked: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let check_warns = checked["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["message"] == ppkg_wizard::project::rules::LOCKED_OUT);
    let o = bin()
        .arg("inspect")
        .arg("--json")
        .arg(&pkg)
        .output()
        .unwrap();
    let inspected: serde_json::Value = serde_json::from_slice(&o.stdout)
        .map_err(|e| format!("inspect --json: {e}: {}", text(&o)))?;
    let inspect_warns = inspected["warnings"].as_array().is_some_and(|w| {
        w.iter()
            .any(|w| w == ppkg_wizard::project::rules::LOCKED_OUT)
    });
    if check_warns != inspect_warns {
        return Err(format!(
            "check and inspect disagree about signing in (check {check_warns}, inspect {inspect_warns})"
        ));
    }
    let direct = work.join("out-direct");
    let o = bin()
        .arg("build")
        .arg(&src)
        .arg("--asset-dir")
        .arg(&proj_dir)
        .arg("-o")
        .arg(&direct)
        .arg("-q")
        .output()
        .unwrap();
    if !o.status.success() {
        return Err(format!("build of the XML: {}", text(&o)));
    }
    let d = extract(&only_ppkg(&direct), &work.join("x-direct"));
    let p = extract(&pkg, &work.join("x-project"));
    let dk: Vec<&String> = d.keys().collect();
    let pk: Vec<&String> = p.keys().collect();
    if dk != pk {
        return Err(format!(
            "files differ:\n  XML:     {dk:?}\n  project: {pk:?}"
        ));
    }
    for (name, bytes) in &d {
        if !XML_COPIES.contains(&name.as_str()) && p[name] != *bytes {
            return Err(format!(
                "{name} differs:\n--- XML\n{}\n--- project\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&p[name])
            ));
        }
    }
    Ok(())
}

#[test]
fn every_real_wcd_project_imports_checks_and_builds_the_same_tree() {
    let all = cases();
    assert!(
        all.len() >= 36,
        "expected the 27 packages, 7 project folders and 2 samples, found {}",
        all.len()
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, case) in all.iter().enumerate() {
        let work = tmp.path().join(format!("{i:02}"));
        if let Err(e) = run(case, &work) {
            failures.push(format!("{}: {e}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} real WCD inputs failed:\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}
