//! One round trip per wizard section: a project using that section's fields is written as
//! customizations.xml (project → settings) and read back by `import` (settings →
//! project). The section must come back field for field, with nothing left over as an
//! advanced setting — so both directions of the mapping agree for every field.

use ppkg_wizard::exchange::{ImportOptions, SecretPlacement, import_wcd};
use ppkg_wizard::project::{
    Application, Certificate, CertificateKind, Join, KeyLocation, LocalAdmin, MdmAuth,
    MdmEnrollment, NameSetting, Project, Secret, SecretMode, SecretSource, Wifi, WifiSecurity,
};
use ppkg_wizard::secret::SecretString;
use std::path::{Path, PathBuf};

fn clear(v: &str) -> Secret {
    Secret::typed(SecretString::new(v.to_owned()), SecretSource::Clear)
}

/// Writes `p` as customizations.xml in a new folder (with its asset files beside it),
/// imports it back with secrets kept in clear, and returns the imported project.
fn round_trip(p: &Project, files: &[&str]) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let wcd = dir.path().join("wcd");
    std::fs::create_dir_all(&wcd).unwrap();
    for f in files {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(f);
        let name = from.file_name().unwrap();
        if from.is_file() {
            std::fs::copy(&from, wcd.join(name)).unwrap();
        } else {
            std::fs::write(wcd.join(name), b"stand-in").unwrap();
        }
    }
    let doc = p.to_customizations(SecretMode::Values).unwrap();
    std::fs::write(
        wcd.join("customizations.xml"),
        ppkg_wizard::settings::write_customizations(&doc),
    )
    .unwrap();
    let imp = import_wcd(
        &wcd,
        &dir.path().join("back/project.json"),
        &ImportOptions {
            asset_dirs: vec![],
            secrets: Some(SecretPlacement::Clear),
        },
    )
    .unwrap();
    assert!(imp.missing.is_empty(), "{:?}", imp.missing);
    assert!(
        imp.project.advanced.is_empty(),
        "every field maps back to its section: {:?}",
        imp.project.advanced
    );
    imp.project
}

fn base() -> Project {
    let mut p = Project::new("Round trip");
    p.base_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    p
}

/// File names only: the import finds files by name in its own folder.
fn names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn device_section() {
    for setting in [NameSetting::ComputerAccount, NameSetting::DnsComputerName] {
        let mut p = base();
        p.device.name = "LAB-%SERIAL%".into();
        p.device.name_setting = setting;
        p.device.product_key = Some("NPPR9-FWDCX-D2C8J-H872K-2YT43".into());
        p.device.shared_use = true;
        p.device.remove_preinstalled = true;
        p.device.hide_oobe = true;
        p.device.allow_all_trusted_apps = true;
        assert_eq!(round_trip(&p, &[]).device, p.device);
    }
}

#[test]
fn network_section() {
    for (security, key) in [
        (WifiSecurity::Wpa2Personal, Some(clear("Lab-WiFi-Key-2026"))),
        (WifiSecurity::Open, None),
    ] {
        let mut p = base();
        p.network = Some(Wifi {
            ssid: "Lab Wi-Fi".into(),
            security,
            key,
            hidden: true,
            auto_connect: false,
        });
        let back = round_trip(&p, &[]);
        let (a, b) = (back.network.unwrap(), p.network.unwrap());
        assert_eq!(
            (&a.ssid, a.security, a.hidden, a.auto_connect),
            (&b.ssid, b.security, b.hidden, b.auto_connect)
        );
        assert_eq!(
            a.key
                .as_ref()
                .and_then(|k| k.value())
                .map(|v| v.expose().to_owned()),
            b.key
                .as_ref()
                .and_then(|k| k.value())
                .map(|v| v.expose().to_owned())
        );
    }
}

#[test]
fn accounts_section() {
    let joins = [
        Join::ActiveDirectory {
            domain: "contoso.local".into(),
            account: "svc-join@contoso.local".into(),
            password: clear("Join-Pass-1"),
            ou: Some("OU=Lab,DC=contoso,DC=local".into()),
        },
        Join::EntraId {
            authority: "https://login.microsoftonline.com/common".into(),
            token: clear("eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.e30.token"),
            tenant: None,
            expires: None,
            package_account: None,
        },
        Join::None,
    ];
    for join in joins {
        let mut p = base();
        p.accounts.join = join;
        p.accounts.local_admin = Some(LocalAdmin {
            name: "labadmin".into(),
            password: clear("Admin-Pass-1"),
        });
        p.accounts.mdm = Some(MdmEnrollment {
            upn: "enroll@contoso.com".into(),
            auth: MdmAuth::OnPremise,
            discovery_url: "https://mdm.contoso.com/EnrollmentServer/Discovery.svc".into(),
            enrollment_url: "https://mdm.contoso.com/EnrollmentServer/Enrollment.svc".into(),
            policy_url: String::new(),
            secret: clear("Mdm-Secret-1"),
        });
        let back = round_trip(&p, &[]);
        // Secrets compare by value (the import keeps them in clear, as asked).
        assert_eq!(
            ppkg_wizard::project::to_json(&back).replace("\r", ""),
            ppkg_wizard::project::to_json(&p).replace("\r", ""),
        );
    }
}

#[test]
fn applications_section() {
    let mut p = base();
    p.applications = vec![
        Application {
            name: "Agent".into(),
            installer: PathBuf::from("tests/fixtures/wcd/agent.msi"),
            command_line: "msiexec /i agent.msi /qn".into(),
            continue_on_failure: true,
            restart_required: false,
            success_code: Some(0),
            restart_code: Some(3011),
            dependencies: vec![PathBuf::from("tests/fixtures/wcd/agent.ini")],
        },
        Application {
            name: "Script".into(),
            installer: PathBuf::from("tests/fixtures/wcd/setup.ps1"),
            command_line: "PowerShell.exe -File .\\setup.ps1".into(),
            continue_on_failure: false,
            restart_required: true,
            // As WCD's wizard writes commands: no return codes.
            success_code: None,
            restart_code: None,
            dependencies: vec![],
        },
    ];
    // The files do not exist in the checkout: stand-ins are written beside the XML.
    let back = round_trip(
        &p,
        &[
            "tests/fixtures/wcd/agent.msi",
            "tests/fixtures/wcd/agent.ini",
            "tests/fixtures/wcd/setup.ps1",
        ],
    );
    assert_eq!(back.applications.len(), 2);
    for (a, b) in back.applications.iter().zip(&p.applications) {
        assert_eq!(
            (
                &a.name,
                &a.command_line,
                a.continue_on_failure,
                a.restart_required
            ),
            (
                &b.name,
                &b.command_line,
                b.continue_on_failure,
                b.restart_required
            )
        );
        assert_eq!(
            (a.success_code, a.restart_code),
            (b.success_code, b.restart_code)
        );
        assert_eq!(
            names(std::slice::from_ref(&a.installer)),
            names(std::slice::from_ref(&b.installer))
        );
        assert_eq!(names(&a.dependencies), names(&b.dependencies));
    }
}

#[test]
fn certificates_section() {
    let mut p = base();
    let fx = "tests/fixtures/validate";
    p.certificates = vec![
        Certificate {
            name: "Lab root".into(),
            path: PathBuf::from(format!("{fx}/root.der.cer")),
            kind: CertificateKind::Root,
        },
        Certificate {
            name: "Lab CA".into(),
            path: PathBuf::from(format!("{fx}/root.pem.cer")),
            kind: CertificateKind::Ca,
        },
        Certificate {
            name: "Lab people".into(),
            path: PathBuf::from(format!("{fx}/root.der.cer")),
            kind: CertificateKind::TrustedPeople,
        },
        Certificate {
            name: "Client".into(),
            path: PathBuf::from(format!("{fx}/client.pfx")),
            kind: CertificateKind::Client {
                password: clear("FixturePfx1"),
                key_location: KeyLocation::TpmWithSoftwareFallback,
                exportable: true,
            },
        },
    ];
    let back = round_trip(
        &p,
        &[
            "tests/fixtures/validate/root.der.cer",
            "tests/fixtures/validate/root.pem.cer",
            "tests/fixtures/validate/client.pfx",
        ],
    );
    assert_eq!(back.certificates.len(), 4);
    for (a, b) in back.certificates.iter().zip(&p.certificates) {
        assert_eq!(a.name, b.name);
        assert_eq!(
            names(std::slice::from_ref(&a.path)),
            names(std::slice::from_ref(&b.path))
        );
        match (&a.kind, &b.kind) {
            (
                CertificateKind::Client {
                    password: pa,
                    key_location: ka,
                    exportable: ea,
                },
                CertificateKind::Client {
                    password: pb,
                    key_location: kb,
                    exportable: eb,
                },
            ) => {
                assert_eq!((ka, ea), (kb, eb));
                assert_eq!(
                    pa.value().map(|v| v.expose().to_owned()),
                    pb.value().map(|v| v.expose().to_owned())
                );
            }
            (x, y) => assert_eq!(x, y),
        }
    }
}
