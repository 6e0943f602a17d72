//! WCD import/export: the samples import with every wizard field recognised, and a project
//! survives project → export --wcd → import.

mod common;

use ppkg_wizard::exchange::{
    ImportError, ImportOptions, SecretPlacement, WcdExportOptions, export_wcd, import_wcd,
};
use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::project::{self, AdvancedValue, Join, Project, SecretSource};
use std::path::{Path, PathBuf};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/examples")
}

/// Every file of a WCD package's DataAsset folder, flattened into one folder.
fn sample_assets(sample: &str) -> tempfile::TempDir {
    let tree = common::wimlib_apply(&common::samples_dir().join(sample).join("e-power.ppkg"));
    let out = tempfile::tempdir().unwrap();
    for f in walk(&tree.path().join("DataAsset")) {
        if f.file_name().unwrap() != "DataAsset.xml" {
            std::fs::copy(&f, out.path().join(f.file_name().unwrap())).unwrap();
        }
    }
    out
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn wcd_samples_import_with_every_field_recognised() {
    if !common::tool_available("wimlib-imagex") {
        return;
    }
    let assets = sample_assets("epower-v1.11");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("epower.json");
    let input = common::samples_dir().join("epower-v1.11");
    // Secrets in the XML need a place; without one the import refuses and names them.
    let err = import_wcd(
        &input,
        &out,
        &ImportOptions {
            asset_dirs: vec![assets.path().into()],
            secrets: None,
        },
    )
    .unwrap_err();
    match &err {
        ImportError::SecretsNeedAPlace(labels) => {
            assert!(
                labels.contains(&"Local administrator password".to_string()),
                "{labels:?}"
            );
            assert!(
                labels
                    .iter()
                    .any(|l| l.contains("SMISettings/AutoLogon/Password")),
                "{labels:?}"
            );
        }
        other => panic!("unexpected {other}"),
    }
    let imp = import_wcd(
        &input,
        &out,
        &ImportOptions {
            asset_dirs: vec![assets.path().into()],
            secrets: Some(SecretPlacement::Files),
        },
    )
    .unwrap();
    let p = &imp.project;
    assert_eq!(p.name, "e-power Autopilot enrollment");
    assert_eq!(
        p.package.id.to_string(),
        "f70f31bb-69aa-4a40-a800-f43b1a7af4f5"
    );
    assert_eq!(p.package.version, "1.12");
    assert!(
        p.description
            .starts_with("Starting from random Windows client"),
        "from the .icdproj.xml"
    );
    assert!(p.device.hide_oobe);
    let admin = p.accounts.local_admin.as_ref().unwrap();
    assert_eq!(admin.name, "ICT");
    assert!(matches!(admin.password.source, SecretSource::File(_)));
    let names: Vec<_> = p.applications.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Set-AutoPilot",
            "Set-UserOOBE",
            "Set-Reset",
            "Disable-WindowsUpdate"
        ]
    );
    assert!(
        p.applications
            .iter()
            .all(|a| a.continue_on_failure && !a.restart_required)
    );
    assert_eq!(
        p.applications[0].installer.file_name().unwrap(),
        "Set-Autopilot.ps1"
    );
    // Settings without a page are kept, assets and secrets recognised.
    let adv: Vec<String> = p.advanced.iter().map(|a| a.path.to_string()).collect();
    assert_eq!(
        adv,
        [
            "Personalization/DeployDesktopImage",
            "Personalization/DeployLockScreenImage",
            "Personalization/DesktopImageUrl",
            "Personalization/LockScreenImageUrl",
            "Policies/TimeLanguageSettings/ConfigureTimeZone",
            "SMISettings/AutoLogon/Enable",
            "SMISettings/AutoLogon/Password",
            "SMISettings/AutoLogon/UserName",
            "SMISettings/UIVerbosityLevel",
        ]
    );
    assert!(matches!(p.advanced[0].value, AdvancedValue::Asset(_)));
    assert!(matches!(p.advanced[6].value, AdvancedValue::Secret(_)));
    // Secrets left the project: the saved JSON holds no "insecure".
    let json = project::to_json(p);
    assert!(!json.contains("insecure"), "{json}");
    assert_eq!(imp.secret_files.len(), 2);
    assert!(
        imp.secret_files
            .iter()
            .all(|(_, v)| v.expose() == "insecure")
    );

    // The v1.1 sample (ADK build) imports too; secrets asked at build time are not saved.
    let assets = sample_assets("epower-v1.1");
    let imp = import_wcd(
        &common::samples_dir().join("epower-v1.1/customizations.xml"),
        &dir.path().join("old.json"),
        &ImportOptions {
            asset_dirs: vec![assets.path().into()],
            secrets: Some(SecretPlacement::Ask),
        },
    )
    .unwrap();
    assert_eq!(imp.project.applications.len(), 2);
    assert_eq!(imp.project.package.version, "1.2");
    assert!(!project::to_json(&imp.project).contains("insecure"));
    assert!(imp.secrets.iter().all(|s| s.source == SecretSource::Ask));

    // A missing asset does not stop the import: it is listed once with the path the XML
    // gave, the project points where it should go, and check names it until it is there.
    let empty = tempfile::tempdir().unwrap();
    let copy = empty.path().join("customizations.xml");
    std::fs::copy(
        common::samples_dir().join("epower-v1.1/customizations.xml"),
        &copy,
    )
    .unwrap();
    let out = dir.path().join("missing");
    let imp = import_wcd(
        &copy,
        &out.join("x.json"),
        &ImportOptions {
            asset_dirs: vec![],
            secrets: Some(SecretPlacement::Ask),
        },
    )
    .expect("missing installers never stop an import");
    assert_eq!(
        imp.missing.len(),
        3,
        "each missing file once: {:?}",
        imp.missing
    );
    assert_eq!(imp.missing[0].path, Path::new("Set-Autopilot.ps1"));
    assert!(
        imp.missing[0].from.starts_with("C:\\Users\\PC23\\"),
        "{:?}",
        imp.missing
    );
    let mut p = imp.project;
    p.base_dir = out.clone();
    let problems = p.validate();
    let about = |name: &str| {
        problems
            .iter()
            .filter(|pr| pr.severity == project::Severity::Error && pr.message.contains(name))
            .count()
    };
    assert!(about("Set-Autopilot.ps1") >= 1, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|pr| pr.message.contains("C:\\Users\\PC23\\")),
        "check names where the file came from: {problems:?}"
    );
    std::fs::create_dir_all(&out).unwrap();
    for m in &imp.missing {
        std::fs::write(out.join(&m.path), b"").unwrap();
    }
    assert_eq!(
        p.validate()
            .iter()
            .filter(|pr| pr.severity == project::Severity::Error)
            .count(),
        0,
        "{:?}",
        p.validate()
    );
}

#[test]
fn project_survives_export_and_import() {
    for (example, env) in [
        ("school-lab.json", vec![]),
        (
            "kiosk-ad.json",
            vec![
                ("KIOSK_JOIN_PASSWORD", "Join-Pass-1"),
                ("KIOSK_ADMIN_PASSWORD", "Admin-Pass-1"),
            ],
        ),
        ("mdm-onprem.json", vec![]),
        ("kiosk-app.json", vec![]),
    ] {
        let mut original = project::load(&examples().join(example)).unwrap();
        let base = original.base_dir.clone();
        for (label, s) in original.secrets_mut() {
            let var = match &s.source {
                SecretSource::Env(v) => env.iter().find(|(k, _)| k == v).map(|(_, val)| *val),
                _ => None,
            };
            if s.resolve(&label, &base, &mut |_| None).is_err() {
                s.set_value(var.map(Into::into));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let wcd = dir.path().join("wcd");
        let opts = WcdExportOptions {
            windows_dir: "D:\\Build\\lab".into(),
            include_secrets: true,
            overwrite: Overwrite::Refuse,
        };
        export_wcd(&original, &wcd, &opts).unwrap();
        let out = dir.path().join("back.json");
        let imp = import_wcd(
            &wcd,
            &out,
            // Our own export layout (files under Assets/) imports back with no
            // --asset-dir: subfolders of the XML's folder are searched.
            &ImportOptions {
                asset_dirs: vec![],
                secrets: Some(SecretPlacement::Clear),
            },
        )
        .unwrap();
        assert!(imp.missing.is_empty(), "{example}: {:?}", imp.missing);
        let mut back = imp.project;
        // Where each file came from is news about the import, not part of the project.
        back.origins.clear();
        back.base_dir = dir.path().to_path_buf();
        // The .icdproj.xml names the editions the project builds with; import keeps them.
        let version = original.wcd_version.clone().unwrap_or_default();
        let editions = original
            .target_editions
            .clone()
            .unwrap_or_else(|| ppkg_wizard::package::TargetEditions::default_for(&version));
        assert_eq!(back.target_editions.as_ref(), Some(&editions), "{example}");
        original.target_editions = Some(editions);
        assert_eq!(normalize(&mut back), normalize(&mut original), "{example}");
    }
}

/// The project with asset paths reduced to file names (+ bytes) and secrets to values, so
/// projects in different folders with different secret sources compare.
fn normalize(p: &mut Project) -> serde_json::Value {
    let base = p.base_dir.clone();
    let mut secrets: Vec<String> = Vec::new();
    for (label, s) in p.secrets_mut() {
        secrets.push(format!(
            "{label}={}",
            s.value().map(|v| v.expose().to_owned()).unwrap_or_default()
        ));
        *s = project::Secret::ask();
    }
    let file = |path: &mut PathBuf| {
        let bytes = std::fs::read(base.join(&*path)).unwrap();
        *path = PathBuf::from(format!(
            "{}:{}",
            path.file_name().unwrap().to_string_lossy(),
            bytes.len()
        ));
    };
    for a in &mut p.applications {
        file(&mut a.installer);
        a.dependencies.iter_mut().for_each(file);
    }
    p.certificates.iter_mut().for_each(|c| file(&mut c.path));
    if let Join::EntraId {
        expires,
        package_account,
        ..
    } = &mut p.accounts.join
    {
        // Not part of customizations.xml: kept beside the project only.
        *expires = None;
        *package_account = None;
    }
    let mut v = serde_json::to_value(&*p).unwrap();
    v["secrets"] = serde_json::json!(secrets);
    v
}

/// A path in the XML is only a file name to look for inside the folders the user named:
/// an absolute local path is never opened, packed or pointed at.
#[test]
fn absolute_paths_in_the_xml_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let wcd = dir.path().join("wcd");
    std::fs::create_dir_all(wcd.join("deep/er")).unwrap();
    // A real file outside every named folder, with the name the XML gives.
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.png"), b"not yours").unwrap();
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<WindowsCustomizations>
  <PackageConfig xmlns="urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0">
    <ID>{{6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77}}</ID>
    <Name>Hostile</Name>
    <Version>1.0</Version>
    <OwnerType>ITAdmin</OwnerType>
    <Rank>0</Rank>
  </PackageConfig>
  <Settings xmlns="urn:schemas-microsoft-com:windows-provisioning">
    <Customizations>
      <Common>
        <Personalization>
          <DeployDesktopImage>{}</DeployDesktopImage>
          <DeployLockScreenImage>C:\build\lock.png</DeployLockScreenImage>
        </Personalization>
      </Common>
    </Customizations>
  </Settings>
</WindowsCustomizations>"#,
        outside.join("secret.png").display()
    );
    std::fs::write(wcd.join("customizations.xml"), xml).unwrap();
    // lock.png exists in a subfolder of the XML's folder: found there by name.
    std::fs::write(wcd.join("deep/er/lock.png"), b"png").unwrap();
    let out = dir.path().join("proj/p.json");
    let imp = import_wcd(
        &wcd,
        &out,
        &ImportOptions {
            asset_dirs: vec![],
            secrets: None,
        },
    )
    .unwrap();
    let assets: Vec<PathBuf> = imp
        .project
        .asset_paths()
        .into_iter()
        .map(Path::to_path_buf)
        .collect();
    assert_eq!(assets.len(), 2);
    assert_eq!(
        assets[0],
        Path::new("secret.png"),
        "a name to look for, not the path"
    );
    assert!(assets.iter().all(|a| a.is_relative()), "{assets:?}");
    assert!(
        !imp.project.resolve_path(&assets[0]).starts_with(&outside),
        "never points outside"
    );
    assert_eq!(imp.missing.len(), 1);
    assert_eq!(
        imp.missing[0].from,
        outside.join("secret.png").display().to_string()
    );
    let mut p = imp.project;
    p.base_dir = out.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&p.base_dir).unwrap();
    assert_eq!(
        std::fs::canonicalize(p.resolve_path(&assets[1])).unwrap(),
        std::fs::canonicalize(wcd.join("deep/er/lock.png")).unwrap()
    );
    // check names the missing file with where the XML said it was, as an error.
    assert!(
        p.validate().iter().any(
            |pr| pr.severity == project::Severity::Error && pr.message.contains("not here yet")
        ),
        "{:?}",
        p.validate()
    );
}
