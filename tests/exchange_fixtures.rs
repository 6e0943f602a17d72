//! Hand-written WCD projects (`tests/fixtures/wcd/*`, written the way WCD writes
//! customizations.xml, with Windows asset paths and the asset files beside them) that
//! together use every wizard setting. For each one:
//!
//! 1. `build WCD_DIR` makes the package straight from the XML;
//! 2. `import WCD_DIR --secrets file` makes a project: every wizard field is recognised,
//!    settings without a page are kept as advanced settings, and no secret is left in the
//!    project file;
//! 3. `build PROJECT.json` makes the package again from the project;
//! 4. `inspect --json` of both packages lists the same settings in the same order, and
//!    the compiled files are byte-identical (apart from the two embedded copies of the
//!    XML, which record each build machine's asset paths).
//!
//! Where the project model legitimately writes something the XML left out, the fixture
//! lists exactly what is added, and the comparison checks that it is there and that
//! nothing else differs.

mod common;

use common::cli::{extract, only_ppkg, pinned_bin, setting_texts};
use ppkg_wizard::project::{
    self, AdvancedValue, Application, CertificateKind, Join, KeyLocation, MdmAuth, NameSetting,
    Project, Secret, SecretSource, WifiSecurity,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wcd")
}

fn ok(o: &Output, what: &str) -> String {
    assert!(
        o.status.success(),
        "{what} failed ({:?}): {}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What one fixture holds and how its import must look.
struct Fixture {
    dir: &'static str,
    /// `--asset-dir` for both the direct build and the import (`None`: the assets sit
    /// beside customizations.xml, which is searched anyway).
    assets: Option<&'static str>,
    /// Every credential in the XML: never in the project file, never in `inspect`.
    secrets: &'static [&'static str],
    /// Values `inspect` must hide although the project keeps them as plain fields.
    hidden: &'static [&'static str],
    /// `inspect` lines the imported project's package has and the XML's has not, each a
    /// documented normalization of the project model (see the fixture).
    added_by_import: &'static [&'static str],
    /// The compiled files behind `added_by_import` (names without their `<n>__` prefix).
    added_files: &'static [&'static str],
    check: fn(&Project, &Path),
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        dir: "school-entra",
        assets: Some("assets"),
        secrets: &[
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJmaXh0dXJlIjoic2Nob29sLWVudHJhIn0.FIXTURE-BPRT-NOT-A-REAL-TOKEN",
            "Fixture-LabAdmin-Pw-1",
            "Fixture-SchoolNet-Key-2026",
            "Fixture-AutoLogon-Pw-3",
        ],
        hidden: &["NPPR9-FWDCX-D2C8J-H872K-2YT43"],
        added_by_import: &[],
        added_files: &[],
        check: check_school_entra,
    },
    Fixture {
        dir: "kiosk-ad",
        assets: None,
        secrets: &[
            "Fixture-Join-Pw-4",
            "Fixture-KioskAdmin-Pw-5",
            "Fixture-KioskUser-Pw-6",
            "Fixture-Enroll-Pw-8",
        ],
        hidden: &[],
        added_by_import: &[],
        added_files: &[],
        check: check_kiosk_ad,
    },
    Fixture {
        dir: "mdm-cert",
        assets: Some("assets"),
        secrets: &[
            "Fixture-FloorAdmin-Pw-9",
            "Fixture-Floor-WiFi-10",
            "Fixture-Pfx-Pass-7",
            "7E3A6EA23E1B5CC52B69839A8E7703BA81D5EFEE",
        ],
        hidden: &[],
        // The "Floor agent" command is written like the commands of the real WCD sample
        // (reference/samples/epower-v1.11): without ReturnCodeRestart/ReturnCodeSuccess.
        // The project keeps them absent, so nothing is added.
        added_by_import: &[],
        added_files: &[],
        check: check_mdm_cert,
    },
    Fixture {
        dir: "scripted-setup",
        assets: Some("assets"),
        secrets: &[],
        hidden: &[],
        added_by_import: &[],
        added_files: &[],
        check: check_scripted_setup,
    },
];

#[test]
fn wcd_fixtures_import_and_build_the_same_settings() {
    for f in FIXTURES {
        run_fixture(f);
    }
}

fn run_fixture(f: &Fixture) {
    let src = fixtures().join(f.dir);
    let asset_args: Vec<PathBuf> = f.assets.map(|a| src.join(a)).into_iter().collect();
    let tmp = tempfile::tempdir().unwrap();

    // (a) Straight from the WCD folder.
    let direct_out = tmp.path().join("direct");
    let mut cmd = pinned_bin();
    cmd.arg("build")
        .arg(&src)
        .arg("-o")
        .arg(&direct_out)
        .arg("-q");
    for a in &asset_args {
        cmd.arg("--asset-dir").arg(a);
    }
    ok(
        &cmd.output().unwrap(),
        &format!("{}: build WCD folder", f.dir),
    );

    // (b) Imported into a project, secrets moved to files beside it.
    let proj_dir = tmp.path().join("project");
    std::fs::create_dir(&proj_dir).unwrap();
    let proj_file = proj_dir.join("project.json");
    let mut cmd = pinned_bin();
    cmd.arg("import")
        .arg(&src)
        .arg("-o")
        .arg(&proj_file)
        .args(["--secrets", "file"]);
    for a in &asset_args {
        cmd.arg("--asset-dir").arg(a);
    }
    ok(&cmd.output().unwrap(), &format!("{}: import", f.dir));
    let json = std::fs::read_to_string(&proj_file).unwrap();
    for s in f.secrets {
        assert!(
            !json.contains(s),
            "{}: the project file holds the secret {s}",
            f.dir
        );
    }
    let p = project::load(&proj_file).unwrap();
    (f.check)(&p, &src);
    // Every secret went to a file beside the project, with its exact value.
    let mut moved: Vec<String> = p
        .clone()
        .secrets_mut()
        .into_iter()
        .map(|(label, s)| secret_file(&proj_dir, s, &label))
        .collect();
    moved.sort();
    let mut expected: Vec<String> = f.secrets.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(moved, expected, "{}: secrets moved to files", f.dir);

    // (c) The imported project builds.
    let imported_out = tmp.path().join("imported");
    let o = pinned_bin()
        .arg("build")
        .arg(&proj_file)
        .arg("-o")
        .arg(&imported_out)
        .arg("-q")
        .output()
        .unwrap();
    ok(&o, &format!("{}: build imported project", f.dir));

    // (d) Both packages show the same settings.
    let direct_pkg = only_ppkg(&direct_out);
    let imported_pkg = only_ppkg(&imported_out);
    assert_eq!(
        direct_pkg.file_name(),
        imported_pkg.file_name(),
        "{}: package file name",
        f.dir
    );
    let (dv, dtext) = inspect(&direct_pkg);
    let (iv, itext) = inspect(&imported_pkg);
    for secret in f.secrets.iter().chain(f.hidden) {
        assert!(!dtext.contains(secret), "{}: inspect shows {secret}", f.dir);
        assert!(!itext.contains(secret), "{}: inspect shows {secret}", f.dir);
    }
    let direct_settings = setting_texts(&dv);
    let mut imported_settings = setting_texts(&iv);
    for added in f.added_by_import {
        assert!(
            !direct_settings.iter().any(|t| t == added),
            "{}: {added:?} is documented as added by the import but the XML has it",
            f.dir
        );
        let at = imported_settings
            .iter()
            .position(|t| t == added)
            .unwrap_or_else(|| panic!("{}: {added:?} is not in {imported_settings:#?}", f.dir));
        imported_settings.remove(at);
    }
    assert_eq!(
        imported_settings, direct_settings,
        "{}: settings of the imported project's package vs the WCD folder's",
        f.dir
    );
    for key in [
        "name",
        "package_id",
        "version",
        "owner",
        "rank",
        "altitude",
        "notes",
        "encrypted",
        "commands",
        "warnings",
    ] {
        assert_eq!(iv[key], dv[key], "{}: inspect's {key}", f.dir);
    }

    // The compiled files themselves.
    let d = extract(&direct_pkg, &tmp.path().join("x-direct"));
    let i = extract(&imported_pkg, &tmp.path().join("x-imported"));
    compare_trees(f, d, i);
}

fn inspect(pkg: &Path) -> (serde_json::Value, String) {
    let o = pinned_bin()
        .arg("inspect")
        .arg(pkg)
        .arg("--json")
        .output()
        .unwrap();
    let text = ok(&o, "inspect");
    (serde_json::from_str(&text).unwrap(), text)
}

/// The embedded copies of customizations.xml: they record each build's asset paths
/// (`C:\Users\tech\…` as written in the fixture vs the local path the project names),
/// so they differ by design; what they compile to is compared file by file.
const XML_COPIES: [&str; 2] = [
    "Multivariant/0/customizations.xml",
    "CommonSettings/1/AnswerFile.xml",
];

fn compare_trees(f: &Fixture, d: BTreeMap<String, Vec<u8>>, i: BTreeMap<String, Vec<u8>>) {
    if f.added_files.is_empty() {
        // Same file names (same numbering, same asset hashes) and the same bytes.
        assert_eq!(
            d.keys().collect::<Vec<_>>(),
            i.keys().collect::<Vec<_>>(),
            "{}: files in the packages",
            f.dir
        );
        for (name, bytes) in &d {
            if !XML_COPIES.contains(&name.as_str()) {
                assert!(i[name] == *bytes, "{}: {name} differs", f.dir);
            }
        }
        return;
    }
    // Added settings shift the `<n>__` numbering of the files after them and are listed
    // in RunTime.xml; compare the provisioning files by name without the number.
    let strip = |m: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        m.iter()
            .map(|(k, v)| {
                let (dir, file) = k.rsplit_once('/').unwrap_or(("", k));
                let file = match file.split_once("__") {
                    Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest,
                    _ => file,
                };
                (format!("{dir}/{file}"), v.clone())
            })
            .collect()
    };
    let (d, i) = (strip(&d), strip(&i));
    let added: Vec<&String> = i.keys().filter(|k| !d.contains_key(*k)).collect();
    let expected: Vec<String> = f
        .added_files
        .iter()
        .map(|n| format!("Multivariant/0/Prov/RunTime/{n}"))
        .collect();
    assert_eq!(
        added,
        expected.iter().collect::<Vec<_>>(),
        "{}: files only in the imported project's package",
        f.dir
    );
    for (name, bytes) in &d {
        let listing = name == "Multivariant/0/Prov/RunTime.xml";
        if !XML_COPIES.contains(&name.as_str()) && !listing {
            let other = i
                .get(name)
                .unwrap_or_else(|| panic!("{}: {name} missing", f.dir));
            assert!(other == bytes, "{}: {name} differs", f.dir);
        }
    }
}

/// The value in the file a secret was moved to.
fn secret_file(proj_dir: &Path, s: &Secret, label: &str) -> String {
    match &s.source {
        SecretSource::File(rel) => {
            let path = proj_dir.join(rel);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).unwrap().permissions().mode();
                assert_eq!(
                    mode & 0o077,
                    0,
                    "{label}: {} is readable by others",
                    rel.display()
                );
            }
            std::fs::read_to_string(path).unwrap()
        }
        other => panic!("{label}: expected a secret file, got {other:?}"),
    }
}

/// Resolves a project path and checks it is the fixture's file of that name.
fn asset(p: &Project, path: &Path, fixture: &Path, expected: &str) {
    assert_eq!(
        path.file_name().unwrap().to_string_lossy(),
        expected.rsplit('/').next().unwrap()
    );
    assert_eq!(
        std::fs::read(p.resolve_path(path)).unwrap(),
        std::fs::read(fixture.join(expected)).unwrap(),
        "{expected}"
    );
}

fn app<'a>(p: &'a Project, name: &str) -> &'a Application {
    p.applications
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no application {name}"))
}

fn advanced(p: &Project) -> Vec<String> {
    p.advanced.iter().map(|a| a.path.to_string()).collect()
}

fn is_secret(p: &Project, path: &str) -> bool {
    p.advanced
        .iter()
        .any(|a| a.path.to_string() == path && matches!(a.value, AdvancedValue::Secret(_)))
}

fn check_school_entra(p: &Project, fx: &Path) {
    assert_eq!(p.name, "School lab fixture");
    assert_eq!(
        p.package.id.to_string(),
        "3b8f6a52-1c4e-4d0f-9a77-5e2c8d41b906"
    );
    assert_eq!(p.package.version, "2.3");
    // From the .icdproj.xml beside the XML.
    assert!(
        p.description.starts_with("Shared lab PCs"),
        "{}",
        p.description
    );
    let d = &p.device;
    assert_eq!(d.name, "LAB-%RAND:5%");
    assert_eq!(d.name_setting, NameSetting::DnsComputerName);
    assert_eq!(
        d.product_key.as_deref(),
        Some("NPPR9-FWDCX-D2C8J-H872K-2YT43")
    );
    assert!(d.shared_use && d.remove_preinstalled);
    assert!(!d.hide_oobe && !d.allow_all_trusted_apps);
    let w = p.network.as_ref().expect("Wi-Fi");
    assert_eq!(w.ssid, "SchoolNet");
    assert_eq!(w.security, WifiSecurity::Wpa2Personal);
    assert!(w.auto_connect && !w.hidden);
    assert!(w.key.is_some());
    match &p.accounts.join {
        Join::EntraId { authority, .. } => {
            assert_eq!(authority, "https://login.microsoftonline.com/common")
        }
        other => panic!("expected Entra ID, got {other:?}"),
    }
    assert_eq!(p.accounts.local_admin.as_ref().unwrap().name, "labadmin");
    assert!(p.accounts.mdm.is_none());
    let names: Vec<_> = p.applications.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Lab tools", "Printer driver", "Lab wallpaper"]);
    let a = app(p, "Lab tools");
    asset(p, &a.installer, fx, "assets/LabTools.msi");
    assert_eq!(
        a.command_line,
        "msiexec /i LabTools.msi TRANSFORMS=LabTools.mst /qn"
    );
    assert_eq!(a.dependencies.len(), 2);
    asset(p, &a.dependencies[0], fx, "assets/LabTools.mst");
    asset(p, &a.dependencies[1], fx, "assets/LabData.cab");
    assert!(!a.continue_on_failure && !a.restart_required);
    assert_eq!((a.success_code, a.restart_code), (Some(0), Some(3010)));
    let a = app(p, "Printer driver");
    asset(p, &a.installer, fx, "assets/PrinterSetup.exe");
    assert!(a.continue_on_failure && a.restart_required);
    assert_eq!((a.success_code, a.restart_code), (Some(1), Some(1641)));
    let a = app(p, "Lab wallpaper");
    asset(p, &a.installer, fx, "assets/Set-LabWallpaper.ps1");
    asset(p, &a.dependencies[0], fx, "assets/wallpaper.json");
    assert!(a.continue_on_failure && !a.restart_required);
    let certs: Vec<_> = p
        .certificates
        .iter()
        .map(|c| (c.name.as_str(), c.kind.clone()))
        .collect();
    assert_eq!(
        certs,
        [
            ("Fixture School Root", CertificateKind::Root),
            ("Fixture Issuing CA", CertificateKind::Ca),
        ]
    );
    asset(
        p,
        &p.certificates[0].path,
        fx,
        "assets/FixtureSchoolRoot.cer",
    );
    asset(
        p,
        &p.certificates[1].path,
        fx,
        "assets/FixtureIssuingCA.cer",
    );
    assert_eq!(
        advanced(p),
        [
            "Policies/TimeLanguageSettings/ConfigureTimeZone",
            "SMISettings/AutoLogon/Enable",
            "SMISettings/AutoLogon/Password",
            "SMISettings/AutoLogon/UserName",
        ]
    );
    assert!(is_secret(p, "SMISettings/AutoLogon/Password"));
}

fn check_kiosk_ad(p: &Project, fx: &Path) {
    assert_eq!(p.name, "Lobby kiosk fixture");
    let d = &p.device;
    assert_eq!(d.name, "KIOSK-%SERIAL%");
    assert_eq!(d.name_setting, NameSetting::ComputerAccount);
    assert!(d.product_key.is_none());
    assert!(d.hide_oobe && d.allow_all_trusted_apps);
    assert!(!d.shared_use && !d.remove_preinstalled);
    let w = p.network.as_ref().expect("Wi-Fi");
    assert_eq!(w.ssid, "Lobby-Guest");
    assert_eq!(w.security, WifiSecurity::Open);
    assert!(w.hidden && !w.auto_connect);
    assert!(w.key.is_none());
    match &p.accounts.join {
        Join::ActiveDirectory {
            domain,
            account,
            ou,
            ..
        } => {
            assert_eq!(domain, "corp.example.org");
            assert_eq!(account, "CORP\\svc-kioskjoin");
            assert_eq!(
                ou.as_deref(),
                Some("OU=Kiosks,OU=Devices,DC=corp,DC=example,DC=org")
            );
        }
        other => panic!("expected Active Directory, got {other:?}"),
    }
    assert_eq!(p.accounts.local_admin.as_ref().unwrap().name, "kioskadmin");
    let m = p.accounts.mdm.as_ref().expect("MDM");
    assert_eq!(m.upn, "enroll@corp.example.org");
    assert_eq!(m.auth, MdmAuth::OnPremise);
    assert_eq!(
        m.discovery_url,
        "https://mdm.corp.example.org/EnrollmentServer/Discovery.svc"
    );
    assert!(m.enrollment_url.is_empty() && m.policy_url.is_empty());
    let names: Vec<_> = p.applications.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Kiosk browser", "Kiosk autostart"]);
    asset(
        p,
        &app(p, "Kiosk browser").installer,
        fx,
        "KioskBrowser.msi",
    );
    asset(
        p,
        &app(p, "Kiosk autostart").installer,
        fx,
        "kiosk-start.cmd",
    );
    assert!(app(p, "Kiosk autostart").continue_on_failure);
    assert_eq!(p.certificates.len(), 1);
    assert_eq!(p.certificates[0].name, "Kiosk Vendor Signing");
    assert_eq!(p.certificates[0].kind, CertificateKind::TrustedPeople);
    asset(p, &p.certificates[0].path, fx, "KioskVendorSigning.cer");
    // A second, standard user has no wizard field; a command without an installer is
    // kept by name after the applications.
    assert_eq!(
        advanced(p),
        [
            "Accounts/Users/User[UserName=kioskuser]/Password",
            "Accounts/Users/User[UserName=kioskuser]/UserGroup",
            "Policies/Camera/AllowCamera",
            "ProvisioningCommands/PrimaryContext/Command/CommandConfig[Name=Power plan]/CommandLine",
            "ProvisioningCommands/PrimaryContext/Command/CommandConfig[Name=Power plan]/ContinueInstall",
            "ProvisioningCommands/PrimaryContext/Command/CommandConfig[Name=Power plan]/RestartRequired",
        ]
    );
    assert!(is_secret(
        p,
        "Accounts/Users/User[UserName=kioskuser]/Password"
    ));
}

fn check_mdm_cert(p: &Project, fx: &Path) {
    assert_eq!(p.name, "Shop floor MDM fixture");
    assert_eq!(p.device.name, "FLOOR-%SERIAL%");
    assert_eq!(p.device.name_setting, NameSetting::ComputerAccount);
    assert_eq!(p.accounts.join, Join::None);
    let w = p.network.as_ref().expect("Wi-Fi");
    assert_eq!(w.ssid, "Floor-Devices");
    assert_eq!(w.security, WifiSecurity::Wpa2Personal);
    assert!(w.hidden && w.auto_connect);
    assert_eq!(p.accounts.local_admin.as_ref().unwrap().name, "flooradmin");
    let m = p.accounts.mdm.as_ref().expect("MDM");
    assert_eq!(m.upn, "enroll@floor.example.org");
    assert_eq!(m.auth, MdmAuth::Certificate);
    let base = "https://mdm.floor.example.org/EnrollmentServer";
    assert_eq!(m.discovery_url, format!("{base}/Discovery.svc"));
    assert_eq!(m.enrollment_url, format!("{base}/Enrollment.svc"));
    assert_eq!(m.policy_url, format!("{base}/Policy.svc"));
    let names: Vec<_> = p.applications.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Floor agent", "Register agent"]);
    let a = app(p, "Floor agent");
    asset(p, &a.installer, fx, "assets/FloorAgent.exe");
    assert!(a.restart_required && !a.continue_on_failure);
    assert_eq!(
        (a.success_code, a.restart_code),
        (None, None),
        "left out, as in the XML"
    );
    let a = app(p, "Register agent");
    asset(p, &a.installer, fx, "assets/Register-FloorAgent.ps1");
    assert_eq!((a.success_code, a.restart_code), (Some(0), Some(3011)));
    assert_eq!(p.certificates.len(), 2);
    let client = &p.certificates[1];
    assert_eq!(p.certificates[0].name, "Fixture School Root");
    assert_eq!(p.certificates[0].kind, CertificateKind::Root);
    asset(
        p,
        &p.certificates[0].path,
        fx,
        "assets/FixtureSchoolRoot.cer",
    );
    assert_eq!(client.name, "MDM client");
    asset(p, &client.path, fx, "assets/mdm-client.pfx");
    match &client.kind {
        CertificateKind::Client {
            key_location,
            exportable,
            ..
        } => {
            assert_eq!(*key_location, KeyLocation::TpmWithSoftwareFallback);
            assert!(*exportable);
        }
        other => panic!("expected a client certificate, got {other:?}"),
    }
    assert_eq!(
        advanced(p),
        [
            "Personalization/DeployDesktopImage",
            "Personalization/DesktopImageUrl",
            "Policies/Update/AllowAutoUpdate",
        ]
    );
    match &p.advanced[0].value {
        AdvancedValue::Asset(path) => asset(p, path, fx, "assets/floor-desktop.png"),
        other => panic!("expected an asset, got {other:?}"),
    }
}

fn check_scripted_setup(p: &Project, fx: &Path) {
    assert_eq!(p.name, "Scripted desk fixture");
    assert_eq!(p.device.name, "DESK-%RAND:3%");
    assert_eq!(p.device.name_setting, NameSetting::DnsComputerName);
    // `False` is not a wizard choice ("off" writes nothing): kept as written.
    assert!(!p.device.hide_oobe && !p.device.shared_use);
    assert!(p.network.is_none() && p.accounts.local_admin.is_none());
    // The first command has no installer, so it cannot be an application, and an
    // application would be written before it: to keep the run order, both commands stay
    // advanced settings, addressed by their names.
    assert!(p.applications.is_empty());
    let cmd = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";
    let expected: Vec<String> = [
        "OOBE/Desktop/HideOobe".to_string(),
        format!("{cmd}[Name=Time sync]/CommandLine"),
        format!("{cmd}[Name=Time sync]/ContinueInstall"),
        format!("{cmd}[Name=Time sync]/RestartRequired"),
        format!("{cmd}[Name=House fonts]/CommandFile"),
        format!("{cmd}[Name=House fonts]/CommandLine"),
        format!("{cmd}[Name=House fonts]/ContinueInstall"),
        format!("{cmd}[Name=House fonts]/DependencyPackages/Dependency[#0]"),
        format!("{cmd}[Name=House fonts]/RestartRequired"),
        format!("{cmd}[Name=House fonts]/ReturnCodeRestart"),
        format!("{cmd}[Name=House fonts]/ReturnCodeSuccess"),
        "SharedPC/EnableSharedPCMode".to_string(),
    ]
    .into();
    assert_eq!(advanced(p), expected);
    for (i, file) in [(4, "assets/Install-Fonts.bat"), (7, "assets/fonts.cab")] {
        match &p.advanced[i].value {
            AdvancedValue::Asset(path) => asset(p, path, fx, file),
            other => panic!("expected an asset, got {other:?}"),
        }
    }
}
