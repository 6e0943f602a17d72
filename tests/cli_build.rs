//! `build` and `inspect` through the real binary: every shipped example builds, `inspect`
//! reads every setting back, encrypted packages need their password, WCD projects rebuild.

mod common;

use common::cli::{inspect_json, ok, setting_texts};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary with the passwords the kiosk example reads from the environment.
fn bin() -> Command {
    let mut c = common::cli::bin();
    c.env("KIOSK_JOIN_PASSWORD", "Join-Pass-1")
        .env("KIOSK_ADMIN_PASSWORD", "Admin-Pass-1");
    c
}

#[test]
fn every_example_builds_and_inspect_reports_every_setting() {
    let out = tempfile::tempdir().unwrap();
    let expected: [(&str, &str, &[&str]); 4] = [
        (
            "school-lab.json",
            "School lab",
            &[
                "Device name: LAB-%SERIAL%",
                "Joins Entra ID with a bulk token (value hidden)",
                "Wi-Fi: SSID SchoolNet (WPA2-Personal",
                "Local administrator: labadmin (password hidden)",
                "Runs: Lab tools",
                "Clean PC Without Retaining User Data: Enable",
            ],
        ),
        (
            "kiosk-ad.json",
            "Lobby kiosk",
            &[
                "Device name: KIOSK-%RAND:4%",
                "corp.example.org",
                "CORP\\svc-kioskjoin",
                "OU=Kiosks",
                "Local administrator: kioskadmin (password hidden)",
                "Runs: Kiosk browser setup",
                "Eastern Standard Time",
                "Hide OOBE Flow for Desktop: yes",
            ],
        ),
        (
            "kiosk-app.json",
            "Visitor check-in kiosk",
            &[
                "Kiosk: the account checkin runs only the Store app Microsoft.WindowsCalculator_8wekyb3d8bbwe!App (assigned access); the account signs in automatically at every start",
                "Local user: checkin (password hidden)",
                "Device name: CHECKIN-%SERIAL%",
            ],
        ),
        (
            "mdm-onprem.json",
            "Shop floor MDM",
            &[
                "FLOOR-%SERIAL%",
                "Factory-Guest",
                "enroll@example.org",
                "https://mdm.example.org/EnrollmentServer/Discovery.svc",
                "CN=Example School Root CA",
                "[MDM client]: 2483 bytes (contents hidden)",
            ],
        ),
    ];
    for (file, name, needles) in expected {
        let o = bin()
            .arg("build")
            .arg(common::examples_dir().join(file))
            .arg("-o")
            .arg(out.path())
            .arg("-q")
            .output()
            .unwrap();
        let stdout = ok(&o);
        assert!(
            stdout.contains(&format!(
                "Built {}",
                out.path().join(format!("{name}.ppkg")).display()
            )),
            "{stdout}"
        );
        let pkg = out.path().join(format!("{name}.ppkg"));
        assert!(out.path().join(format!("{name}.cat")).is_file());
        let v = inspect_json(&pkg, &[]);
        assert_eq!(v["name"], name);
        let all = setting_texts(&v).join("\n");
        for n in needles {
            assert!(all.contains(n), "{file}: {n:?} missing from\n{all}");
        }
        // No secret from the examples is shown.
        for secret in [
            "Example-WiFi-Passphrase-2026",
            "0.AXAMPLE",
            "Lab-Admin-Example-1",
            "Join-Pass-1",
            "Admin-Pass-1",
            "Enroll-Example-Secret-1",
            "Example-pfx-1",
            "Kiosk-User-Example-1",
        ] {
            assert!(!v.to_string().contains(secret), "{file} shows {secret}");
        }
        if common::tool_available("wimlib-imagex") {
            common::wimlib_verify(&pkg).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    // The same build again is refused without --force, and the package is unchanged.
    let pkg = out.path().join("School lab.ppkg");
    let before = std::fs::read(&pkg).unwrap();
    let o = bin()
        .arg("build")
        .arg(common::examples_dir().join("school-lab.json"))
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&pkg).unwrap(), before);
    let o = bin()
        .arg("build")
        .arg(common::examples_dir().join("school-lab.json"))
        .arg("-o")
        .arg(out.path())
        .arg("--force")
        .arg("-q")
        .output()
        .unwrap();
    ok(&o);
}

#[test]
fn protected_packages_need_their_password() {
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["build", "-q", "--password-env", "PKG_PW", "-o"])
        .arg(out.path())
        .arg(common::examples_dir().join("school-lab.json"))
        .env("PKG_PW", "Lab2026secret")
        .output()
        .unwrap();
    ok(&o);
    let pkg = out.path().join("School lab.ppkg");
    let bytes = std::fs::read(&pkg).unwrap();
    assert_ne!(&bytes[..8], b"MSWIM\0\0\0", "the package must be encrypted");
    assert_eq!((bytes.len() - 48) % 160, 0);
    // Without a password: told it is encrypted, exit 1.
    let o = bin().arg("inspect").arg(&pkg).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("encrypted"));
    // Wrong password: a clear sentence, exit 1.
    let o = bin()
        .arg("inspect")
        .arg(&pkg)
        .args(["--password-env", "PKG_PW"])
        .env("PKG_PW", "Wrong2026pass")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .to_lowercase()
            .contains("password"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Right password: the settings, and the NOTES say EncryptPackage=True.
    let pwfile = out.path().join("pw.txt");
    std::fs::write(&pwfile, "Lab2026secret\n").unwrap();
    let v = inspect_json(&pkg, &["--password-file", pwfile.to_str().unwrap()]);
    assert_eq!(v["encrypted"], true);
    assert!(v["notes"].as_str().unwrap().contains("EncryptPackage=True"));
    assert!(
        setting_texts(&v)
            .join("\n")
            .contains("Device name: LAB-%SERIAL%")
    );
    // A password breaking WCD's rule is refused before anything is written.
    let out2 = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["build", "-q", "--password-env", "PKG_PW", "-o"])
        .arg(out2.path())
        .arg(common::examples_dir().join("school-lab.json"))
        .env("PKG_PW", "seventeen-chars-x")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_dir(out2.path()).unwrap().count(), 0);
}

#[test]
fn wcd_projects_rebuild_from_their_customizations() {
    if !common::tool_available("wimlib-imagex") {
        return;
    }
    let sample = common::samples_dir().join("epower-v1.11");
    let tree = common::wimlib_apply(&sample.join("e-power.ppkg"));
    let out = tempfile::tempdir().unwrap();
    // Without the assets: every missing file named in one error.
    let o = bin()
        .arg("build")
        .arg(sample.join("customizations.xml"))
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    for f in [
        "Set-Autopilot.ps1",
        "Set-UserOOBE.ps1",
        "Disable-WindowsUpdate.ps1",
        "blank-desktop.png",
    ] {
        assert!(err.contains(f), "{err}");
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    // With --asset-dir for each DataAsset folder it builds, and, compiled as the WCD
    // version that built the sample, inspect agrees with WCD's.
    let mut cmd = bin();
    cmd.arg("build")
        .arg(&sample)
        .arg("-o")
        .arg(out.path())
        .args(["-q", "--wcd-version", "2022.1118.0.0"]);
    for d in walk_dirs(&tree.path().join("DataAsset")) {
        cmd.arg("--asset-dir").arg(d);
    }
    ok(&cmd.output().unwrap());
    let ours = inspect_json(&out.path().join("e-power Autopilot enrollment.ppkg"), &[]);
    let wcd = inspect_json(&sample.join("e-power.ppkg"), &[]);
    assert_eq!(ours["package_id"], wcd["package_id"]);
    assert_eq!(setting_texts(&ours), setting_texts(&wcd));
}

fn walk_dirs(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.push(p.clone());
            out.extend(walk_dirs(&p));
        }
    }
    out
}
