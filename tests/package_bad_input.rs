//! Bad input: each a clear error, nothing written, no partial file left.

mod common;

use ppkg_wizard::package::{BuildError, BuildOptions, Stage, build, open_wcd_project};
use ppkg_wizard::settings::Customizations;
use std::fs;
use std::path::{Path, PathBuf};

use common::wcd_xml::doc;

const CMD: &str = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";

fn try_build(d: &Customizations, assets: &Path, out: &Path) -> Result<(), BuildError> {
    let a = assets.to_path_buf();
    let resolve = move |t: &str| -> Option<PathBuf> {
        let p = if t.starts_with('/') {
            PathBuf::from(t)
        } else {
            a.join(t)
        };
        p.exists().then_some(p)
    };
    build(d, &resolve, &BuildOptions::new(out), &mut |_| {}).map(|_| ())
}

fn assert_empty(dir: &Path) {
    let left: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn missing_assets_are_listed_together() {
    let (assets, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let d = doc(
        "P",
        &[
            (&format!("{CMD}[#0]/CommandFile"), "C:\\src\\one.exe"),
            (&format!("{CMD}[#1]/CommandFile"), "C:\\src\\two.exe"),
        ],
    );
    let e = try_build(&d, assets.path(), out.path()).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(e, BuildError::AssetsNotFound(ref v) if v.len() == 2),
        "{msg}"
    );
    assert!(msg.contains("one.exe") && msg.contains("two.exe"), "{msg}");
    assert_empty(out.path());
}

#[test]
fn folder_and_device_assets_are_refused() {
    let (assets, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    fs::create_dir(assets.path().join("dir.exe")).unwrap();
    for target in ["dir.exe", "/dev/zero"] {
        let d = doc("P", &[(&format!("{CMD}[#0]/CommandFile"), target)]);
        let e = try_build(&d, assets.path(), out.path()).unwrap_err();
        assert!(matches!(e, BuildError::BadAsset { .. }), "{target}: {e}");
        let msg = e.to_string();
        assert!(
            msg.contains("folder") || msg.contains("not a regular file"),
            "{msg}"
        );
        assert_empty(out.path());
    }
}

#[test]
fn unreadable_asset() {
    use std::os::unix::fs::PermissionsExt;
    let (assets, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let f = assets.path().join("secret.ps1");
    fs::write(&f, b"x").unwrap();
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&f).is_ok() {
        eprintln!("skipping: running with permission to read anything (root)");
        return;
    }
    let d = doc("P", &[(&format!("{CMD}[#0]/CommandFile"), "secret.ps1")]);
    let e = try_build(&d, assets.path(), out.path()).unwrap_err();
    assert!(matches!(e, BuildError::BadAsset { .. }), "{e}");
    assert_empty(out.path());
}

#[test]
fn asset_growing_after_compile_is_an_error() {
    let (assets, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let f = assets.path().join("setup.exe");
    fs::write(&f, b"AAAAAAAA").unwrap();
    let d = doc("P", &[(&format!("{CMD}[#0]/CommandFile"), "setup.exe")]);
    let a = assets.path().to_path_buf();
    let resolve = move |t: &str| Some(a.join(t));
    let e = build(&d, &resolve, &BuildOptions::new(out.path()), &mut |p| {
        if p.stage == Stage::Compiled {
            fs::write(&f, b"AAAAAAAAAAAA").unwrap(); // after compile measured its size
        }
    })
    .unwrap_err();
    assert!(matches!(e, BuildError::AssetChanged { .. }), "{e}");
    assert!(e.to_string().contains("setup.exe"));
    assert_empty(out.path());
}

/// The one read that packs an asset also hashes it: a file rewritten (same size) after
/// compile is packed as read and named by the SHA-256 of exactly those bytes, so a
/// package's DataAsset name always matches its contents.
#[test]
fn asset_rewritten_after_compile_is_named_by_the_bytes_packed() {
    use sha2::Digest;
    let (assets, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let f = assets.path().join("setup.exe");
    fs::write(&f, b"AAAAAAAA").unwrap();
    let d = doc("P", &[(&format!("{CMD}[#0]/CommandFile"), "setup.exe")]);
    let a = assets.path().to_path_buf();
    let resolve = move |t: &str| Some(a.join(t));
    let built = build(&d, &resolve, &BuildOptions::new(out.path()), &mut |p| {
        if p.stage == Stage::Compiled {
            fs::write(&f, b"AAAAAAAB").unwrap();
        }
    })
    .unwrap();
    let name = ppkg_wizard::package::compile::hash_name(&sha2::Sha256::digest(b"AAAAAAAB").into());
    let mut r = ppkg_wizard::wim::Reader::open(&built.ppkg).unwrap();
    r.verify().unwrap();
    let path = r
        .entries()
        .iter()
        .find(|e| e.path.ends_with("/setup.exe"))
        .map(|e| e.path.clone())
        .unwrap();
    assert!(path.contains(&format!("_{name}/")), "{path}");
    let mut back = Vec::new();
    std::io::Read::read_to_end(&mut r.open_file(&path).unwrap(), &mut back).unwrap();
    assert_eq!(back, b"AAAAAAAB");
    let data_asset = {
        let mut x = Vec::new();
        std::io::Read::read_to_end(
            &mut r.open_file("/DataAsset/DataAsset.xml").unwrap(),
            &mut x,
        )
        .unwrap();
        String::from_utf8(x).unwrap()
    };
    assert!(data_asset.contains(&name), "{data_asset}");
}

#[test]
fn unmappable_setting_names_its_path() {
    let out = tempfile::tempdir().unwrap();
    let d = doc(
        "P",
        &[("Accounts/Users/User[UserName=ICT]/FavouriteColour", "blue")],
    );
    let e = try_build(&d, out.path(), out.path()).unwrap_err();
    assert!(matches!(e, BuildError::Unmappable { .. }), "{e}");
    assert!(
        e.to_string().contains("Accounts/Users/ICT/FavouriteColour"),
        "{e}"
    );
    let d = doc("P", &[("OOBE/Desktop/HideOobe", "Maybe")]);
    let e = try_build(&d, out.path(), out.path()).unwrap_err();
    assert!(
        matches!(e, BuildError::BadValue { .. }) && e.to_string().contains("OOBE/Desktop/HideOobe"),
        "{e}"
    );
    assert_empty(out.path());
}

#[test]
fn invalid_package_names() {
    let out = tempfile::tempdir().unwrap();
    for name in [
        "",
        "a/b",
        "a\\b",
        "x:y",
        "what?",
        "star*",
        "pipe|",
        "quote\"",
        "<a>",
        "tab\there",
        "dot.",
        "space ",
        "CON",
        "nul.txt",
        "COM1",
        "lpt9",
        "Aux",
    ] {
        let d = doc(name, &[("OOBE/Desktop/HideOobe", "True")]);
        let e = try_build(&d, out.path(), out.path()).unwrap_err();
        assert!(
            matches!(e, BuildError::InvalidPackageName { .. }),
            "{name:?}: {e}"
        );
    }
    for ok in ["COM10", "CONSOLE", "e-power Autopilot enrollment", "Büro 2"] {
        ppkg_wizard::package::validate_package_name(ok).unwrap();
    }
    assert_empty(out.path());
}

#[test]
fn existing_output_is_never_replaced_without_overwrite() {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("P.cat"), b"keep me").unwrap();
    let d = doc("P", &[("OOBE/Desktop/HideOobe", "True")]);
    let e = try_build(&d, out.path(), out.path()).unwrap_err();
    assert!(matches!(e, BuildError::OutputExists(_)), "{e}");
    assert_eq!(fs::read(out.path().join("P.cat")).unwrap(), b"keep me");
    assert!(!out.path().join("P.ppkg").exists());
}

#[test]
fn wcd_project_rebuild_resolves_by_file_name_and_lists_missing() {
    let sample = common::samples_dir().join("epower-v1.11");
    let project = tempfile::tempdir().unwrap();
    fs::copy(
        sample.join("customizations.xml"),
        project.path().join("customizations.xml"),
    )
    .unwrap();
    let assets = tempfile::tempdir().unwrap();
    fs::write(assets.path().join("blank-desktop.png"), b"png").unwrap();
    fs::write(
        project.path().join("Set-Autopilot.ps1"),
        b"# beside the XML",
    )
    .unwrap();
    let p = open_wcd_project(project.path(), &[assets.path().to_path_buf()]).unwrap();
    assert_eq!(
        p.resolve("C:\\Users\\PC23\\src\\blank-desktop.png"),
        Some(assets.path().join("blank-desktop.png"))
    );
    assert_eq!(
        p.resolve("C:\\x\\Set-Autopilot.ps1"),
        Some(project.path().join("Set-Autopilot.ps1"))
    );
    let out = tempfile::tempdir().unwrap();
    let e = build(
        &p.doc,
        &|t: &str| p.resolve(t),
        &BuildOptions::new(out.path()),
        &mut |_| {},
    )
    .unwrap_err();
    let BuildError::AssetsNotFound(list) = &e else {
        panic!("{e}")
    };
    assert_eq!(list.len(), 3, "{list:?}"); // Set-UserOOBE, Set-Autopilot-reset, Disable-WindowsUpdate
    assert_empty(out.path());
}
