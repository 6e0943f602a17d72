//! `export --bundle` and `import BUNDLE.zip` through the real binary: a project carried to
//! another folder builds the same package bytes (with a fixed build time).

mod common;

use common::cli::{bin, ok};
use std::path::{Path, PathBuf};

fn build(project: &Path, out: &Path) -> Vec<u8> {
    ok(&bin()
        .arg("build")
        .arg(project)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap());
    std::fs::read(out.join("Shop floor MDM.ppkg")).unwrap()
}

#[test]
fn bundle_carries_a_project_to_another_folder() {
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("shop.zip");
    let o = bin()
        .arg("export")
        .arg(common::examples_dir().join("mdm-onprem.json"))
        .arg("--bundle")
        .arg(&zip)
        .output()
        .unwrap();
    ok(&o);
    let notes = String::from_utf8_lossy(&o.stderr);
    assert!(
        notes.contains("secrets/mdm-enroll.secret"),
        "secret files are named, not bundled: {notes}"
    );
    // No secret value in the bundle.
    let bytes = std::fs::read(&zip).unwrap();
    for s in ["Enroll-Example-Secret-1", "Example-pfx-1"] {
        assert!(
            !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
            "{s} in bundle"
        );
    }
    // Unpack elsewhere; secret files travel separately.
    let dest = work.path().join("elsewhere/shop");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let stdout = ok(&bin()
        .arg("import")
        .arg(&zip)
        .arg("-o")
        .arg(&dest)
        .output()
        .unwrap());
    let project = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Project: "))
        .map(PathBuf::from)
        .unwrap();
    std::fs::create_dir_all(dest.join("secrets")).unwrap();
    for f in ["mdm-enroll.secret", "mdm-client.pfx-password"] {
        std::fs::copy(
            common::examples_dir().join("secrets").join(f),
            dest.join("secrets").join(f),
        )
        .unwrap();
    }
    let a = build(
        &common::examples_dir().join("mdm-onprem.json"),
        &work.path().join("a"),
    );
    let b = build(&project, &work.path().join("b"));
    assert!(a == b, "same project, same time: same package bytes");
    // A second unpack into the same (now non-empty) folder is refused.
    let o = bin()
        .arg("import")
        .arg(&zip)
        .arg("-o")
        .arg(&dest)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn source_date_epoch_must_be_a_number() {
    let work = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("build")
        .arg(common::examples_dir().join("mdm-onprem.json"))
        .arg("-o")
        .arg(work.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("SOURCE_DATE_EPOCH"));
}
