//! Target editions travel with a project: `import` takes them from the folder's
//! `.icdproj.xml` into the project, `export --wcd` writes the project's back into the
//! `.icdproj.xml` it makes, and a project without them exports what its WCD version
//! targets by default.

use ppkg_wizard::exchange::icdproj::{find_in, read_icdproj};
use ppkg_wizard::exchange::{
    ImportOptions, SecretPlacement, WcdExportOptions, export_wcd, import_wcd,
};
use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::package::{TargetEditions, WcdVersion};
use ppkg_wizard::project;
use std::path::{Path, PathBuf};

fn import(folder: &Path, to: &Path) -> project::Project {
    import_wcd(
        folder,
        &to.join("project.json"),
        &ImportOptions {
            asset_dirs: vec![],
            secrets: Some(SecretPlacement::Clear),
        },
    )
    .unwrap()
    .project
}

fn export(p: &project::Project, to: &Path) -> Option<TargetEditions> {
    let opts = WcdExportOptions {
        windows_dir: "D:\\Build\\lab".into(),
        include_secrets: false,
        overwrite: Overwrite::Refuse,
    };
    export_wcd(p, to, &opts).unwrap();
    read_icdproj(&std::fs::read(find_in(to).unwrap()).unwrap())
        .unwrap()
        .editions
}

fn skus(t: &Option<TargetEditions>) -> Option<String> {
    t.as_ref().map(TargetEditions::skus)
}

#[test]
fn import_takes_the_editions_of_the_icdproj() {
    // A real IoT Core project (ICD 10586): Athens and the Common store.
    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/corpus/sa-iotkit-enroll/project");
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("Enroll");
    std::fs::create_dir(&folder).unwrap();
    for f in ["Enroll.icdproj.xml", "customizations.xml"] {
        std::fs::copy(real.join(f), folder.join(f)).unwrap();
    }
    let p = import(&folder, &tmp.path().join("a"));
    assert_eq!(
        skus(&p.target_editions).as_deref(),
        Some("Athens,WindowsCommon")
    );
    // Saved and loaded again.
    let saved = tmp.path().join("saved.json");
    project::save(&p, &saved, Overwrite::Refuse).unwrap();
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(
        text.contains("\"target_editions\": [\n    \"Athens\",\n    \"WindowsCommon\"\n  ]"),
        "{text}"
    );
    assert_eq!(
        project::load(&saved).unwrap().target_editions,
        p.target_editions
    );
    // Without the project file nothing says which editions: the version's default.
    std::fs::remove_file(folder.join("Enroll.icdproj.xml")).unwrap();
    assert_eq!(import(&folder, &tmp.path().join("b")).target_editions, None);
}

#[test]
fn export_writes_the_projects_editions_and_they_import_back() {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut p = project::load(&examples.join("school-lab.json")).unwrap();
    assert_eq!(p.target_editions, None);
    let tmp = tempfile::tempdir().unwrap();
    // None: what the project builds as, the newest WCD's default.
    let default = TargetEditions::default_for(&WcdVersion::newest());
    assert_eq!(export(&p, &tmp.path().join("none")), Some(default));
    p.wcd_version = Some("10.0.22621.1".parse().unwrap());
    assert_eq!(
        skus(&export(&p, &tmp.path().join("adk"))).as_deref(),
        Some("Desktop")
    );
    // Set: written as they are, and read back by import.
    p.wcd_version = None;
    p.target_editions = TargetEditions::from_skus("Desktop").unwrap();
    let wcd = tmp.path().join("desktop");
    assert_eq!(skus(&export(&p, &wcd)).as_deref(), Some("Desktop"));
    let back = import(&wcd, &tmp.path().join("back"));
    assert_eq!(back.target_editions, p.target_editions);
}

#[test]
fn a_project_file_with_an_unknown_edition_does_not_load() {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(examples.join("school-lab.json")).unwrap()).unwrap();
    json["target_editions"] = serde_json::json!(["WindowsCommon", "Mobile"]);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("p.json");
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    let e = project::load(&path).unwrap_err().to_string();
    assert!(e.contains("\"Mobile\"") && e.contains("Desktop"), "{e}");
}
