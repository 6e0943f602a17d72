//! Bad input: each a clear error, nothing written, no partial file left.

mod common;

use ppkg_wizard::package::{BuildError, BuildOptions, Stage, build, open_wcd_project};
use ppkg_wizard::settings::{Customizations, PackageConfig, SettingPath};
use std::fs;
use std::path::{Path, PathBuf};

fn doc(name: &str, settings: &[(&str, &str)]) -> Customizations {
    let mut d = Customizations::new(PackageConfig {
        id: "{11111111-2222-3333-4444-555555555555}".into(),
        name: name.into(),
        version: "1.0".into(),
        owner_type: "ITAdmin".into(),
        rank: "0".into(),
        notes: Some(String::new()),
        description: None,
    });
    for (path, value) in settings {
        let p: SettingPath = path.parse().unwrap();
        p.find_or_insert(d.common_mut()).unwrap().text = Some((*value).into());
    }
    d
}

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

/// Each asset is read once, hashed while it is packed: a file that changes after the build
/// sized it but keeps its size is packed as it is then, and named by the hash of the bytes
/// packed, so the package stays self-consistent; a file whose size changed is refused.
#[test]
fn asset_changing_after_planning_is_packed_consistently_or_refused() {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    for (what, new, ok) in [
        ("same size", b"AAAAAAAB".to_vec(), true),
        ("bigger", b"AAAAAAAAAAAA".to_vec(), false),
    ] {
        let (assets, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let f = assets.path().join("setup.exe");
        fs::write(&f, b"AAAAAAAA").unwrap();
        let d = doc("P", &[(&format!("{CMD}[#0]/CommandFile"), "setup.exe")]);
        let a = assets.path().to_path_buf();
        let resolve = move |t: &str| Some(a.join(t));
        let r = build(&d, &resolve, &BuildOptions::new(out.path()), &mut |p| {
            if p.stage == Stage::Compiled {
                fs::write(&f, &new).unwrap(); // changes after planning, before packing
            }
        });
        if !ok {
            let e = r.unwrap_err();
            assert!(matches!(e, BuildError::AssetChanged { .. }), "{what}: {e}");
            assert!(e.to_string().contains("setup.exe"));
            assert_empty(out.path());
            continue;
        }
        let built = r.unwrap_or_else(|e| panic!("{what}: {e}"));
        let mut wim = ppkg_wizard::wim::Reader::open(&built.ppkg).unwrap();
        wim.verify().unwrap();
        // DataAsset folders are named by the base64 SHA-256 ('/' written as '.').
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(&new))
            .replace('/', ".");
        let packed = wim
            .entries()
            .iter()
            .find(|e| e.path.ends_with("/setup.exe"))
            .expect("the asset is packed")
            .path
            .clone();
        assert!(
            packed.contains(&hash),
            "{what}: {packed} is not named by the SHA-256 of the bytes packed ({hash})"
        );
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut wim.open_file(&packed).unwrap(), &mut bytes).unwrap();
        assert_eq!(bytes, new, "{what}");
    }
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
