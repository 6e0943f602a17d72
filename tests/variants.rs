//! Multivariant WCD projects (settings for particular kinds of PC): targets and variants
//! survive import, save, `export --wcd` and a bundle; `import`, `check`, `build` and the
//! direct build of a customizations.xml say they are kept but not built.

mod common;
#[path = "tui_support.rs"]
mod support;

use common::cli::{bin, text};
use ppkg_wizard::exchange::{
    ImportOptions, SecretPlacement, WcdExportOptions, export_wcd, import_wcd,
};
use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::project::{self, AdvancedValue, Project};
use ppkg_wizard::settings::{Node, read_customizations};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The real multivariant project of the corpus: two targets picked by processor name.
fn corpus_xml() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/corpus/sa-aisgbnok-clean_setup/project/customizations.xml")
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

/// Every leaf text of `n` that names a file by a Windows path.
fn windows_paths(n: &Node, out: &mut Vec<String>) {
    if let Some(t) = &n.text {
        if t.contains('\\') {
            out.push(t.clone());
        }
    }
    for c in &n.children {
        windows_paths(c, out);
    }
}

/// A stand-in file (its own name as content) for every file the XML names, in `dir`.
fn stand_ins(xml: &[u8], dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let doc = read_customizations(xml).unwrap();
    let mut paths = Vec::new();
    for n in &doc.settings {
        windows_paths(n, &mut paths);
    }
    assert!(!paths.is_empty());
    for p in paths {
        let name = p.rsplit('\\').next().unwrap();
        std::fs::write(dir.join(name), name.as_bytes()).unwrap();
    }
}

/// The leaves of each `<Variant><Settings>` of the document, counted independently of
/// the importer.
fn variant_leaf_counts(xml: &[u8]) -> Vec<usize> {
    let doc = read_customizations(xml).unwrap();
    doc.settings[0]
        .children
        .iter()
        .filter(|n| n.name == "Variant")
        .map(|v| v.child("Settings").map_or(0, Node::leaf_count))
        .collect()
}

/// The project with asset paths reduced to file name and size, and where files came
/// from dropped, so projects in different folders compare.
fn normalize(p: &Project) -> serde_json::Value {
    let mut p = p.clone();
    let base = p.base_dir.clone();
    let file = |path: &mut PathBuf| {
        let size = std::fs::metadata(base.join(&*path)).map_or(0, |m| m.len());
        *path = PathBuf::from(format!(
            "{}:{size}",
            path.file_name().unwrap().to_string_lossy()
        ));
    };
    for a in &mut p.applications {
        file(&mut a.installer);
        a.dependencies.iter_mut().for_each(file);
    }
    p.certificates.iter_mut().for_each(|c| file(&mut c.path));
    let advanced = p
        .advanced
        .iter_mut()
        .chain(p.variants.iter_mut().flat_map(|v| v.settings.iter_mut()));
    for a in advanced {
        if let AdvancedValue::Asset(path) = &mut a.value {
            file(path);
        }
    }
    p.origins.clear();
    serde_json::to_value(&p).unwrap()
}

#[test]
fn a_real_multivariant_project_keeps_its_targets_through_save_export_and_import() {
    let xml = std::fs::read(corpus_xml()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("files");
    stand_ins(&xml, &files);
    let out = dir.path().join("clean.json");
    let imp = import_wcd(
        &corpus_xml(),
        &out,
        &ImportOptions {
            asset_dirs: vec![files],
            secrets: None,
        },
    )
    .unwrap();
    assert!(imp.missing.is_empty() && imp.missing_for_targets.is_empty());
    let p = imp.project;
    let ids: Vec<&str> = p.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["Surface Laptop 3", "Alienware Aurora R8"]);
    let c = &p.targets[1].states[0].conditions[0];
    assert_eq!(
        (c.name.as_str(), c.value.as_str()),
        ("ProcessorName", "Pattern:.*9700.*")
    );
    let refs: Vec<&[String]> = p.variants.iter().map(|v| v.targets.as_slice()).collect();
    assert_eq!(
        refs,
        [
            ["Alienware Aurora R8".to_owned()],
            ["Surface Laptop 3".to_owned()]
        ]
    );
    // Every leaf of every variant is kept, in document order.
    let kept: Vec<usize> = p.variants.iter().map(|v| v.settings.len()).collect();
    assert_eq!(kept, variant_leaf_counts(&xml));
    let first = &p.variants[0].settings[0];
    assert_eq!(first.path.to_string(), "DevDetail/DNSComputerName");
    assert_eq!(first.value, AdvancedValue::Value("Anthony-Aurora".into()));
    // Installers inside a variant are files of the project, found like the common ones.
    let drivers: Vec<&Path> = p.variant_asset_paths();
    assert!(
        drivers.iter().any(|f| f.ends_with("gfx_win_101.2127.exe")),
        "{drivers:?}"
    );

    // Saved and loaded: the same project.
    project::save(&p, &out, Overwrite::Refuse).unwrap();
    let loaded = project::load(&out).unwrap();
    assert_eq!(loaded.targets, p.targets);
    assert_eq!(loaded.variants, p.variants);

    // Exported for WCD and imported again: the same project, targets and all.
    let wcd = dir.path().join("wcd");
    let ex = export_wcd(
        &loaded,
        &wcd,
        &WcdExportOptions {
            windows_dir: "D:\\Build\\clean".into(),
            include_secrets: true,
            overwrite: Overwrite::Refuse,
        },
    )
    .unwrap();
    assert!(ex.absent.is_empty());
    let exported = std::fs::read(wcd.join("customizations.xml")).unwrap();
    let exported_text = String::from_utf8_lossy(&exported);
    assert!(
        exported_text
            .contains(r#"<Condition Name="ProcessorName" Value="Pattern:.*1065(G|g)7.*" />"#)
    );
    assert!(exported_text.contains("D:\\Build\\clean\\Assets\\gfx_win_101.2127.exe"));
    assert_eq!(variant_leaf_counts(&exported), variant_leaf_counts(&xml));
    let back = import_wcd(
        &wcd,
        &dir.path().join("back.json"),
        &ImportOptions {
            asset_dirs: vec![],
            secrets: Some(SecretPlacement::Clear),
        },
    )
    .unwrap();
    assert!(back.missing.is_empty() && back.missing_for_targets.is_empty());
    let mut back = back.project;
    back.base_dir = dir.path().to_path_buf();
    // The .icdproj.xml names the editions the project builds with; import keeps them.
    let mut loaded = loaded;
    let version = loaded.wcd_version.clone().unwrap_or_default();
    loaded.target_editions = Some(
        loaded
            .target_editions
            .clone()
            .unwrap_or_else(|| ppkg_wizard::package::TargetEditions::default_for(&version)),
    );
    assert_eq!(normalize(&back), normalize(&loaded));
}

/// A small project: one command for every PC, one driver for laptops whose installer is
/// not here.
const LAB_COMMON: &str = r#"        <ProvisioningCommands>
          <PrimaryContext>
            <Command>
              <CommandConfig Name="Setup">
                <CommandFile>C:\src\setup.cmd</CommandFile>
                <CommandLine>cmd /c setup.cmd</CommandLine>
              </CommandConfig>
            </Command>
          </PrimaryContext>
        </ProvisioningCommands>"#;

const LAPTOPS: &str = r#"      <Targets>
        <Target Id="Laptops">
          <TargetState>
            <Condition Name="PowerPlatformRole" Value="2" />
          </TargetState>
        </Target>
      </Targets>
      <Variant>
        <TargetRefs>
          <TargetRef Id="Laptops" />
        </TargetRefs>
        <Settings>
          <ProvisioningCommands>
            <PrimaryContext>
              <Command>
                <CommandConfig Name="Driver">
                  <CommandFile>C:\src\driver.exe</CommandFile>
                  <CommandLine>driver.exe /s</CommandLine>
                </CommandConfig>
              </Command>
            </PrimaryContext>
          </ProvisioningCommands>
        </Settings>
      </Variant>"#;

fn lab_folder(parts: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("wcd")).unwrap();
    let xml = common::wcd_xml::customizations(
        "{5b0f3c8e-3f7e-4c61-a1c4-2d5b7f1e9a10}",
        "Lab",
        LAB_COMMON,
        parts,
    );
    std::fs::write(dir.path().join("wcd/customizations.xml"), xml).unwrap();
    std::fs::write(dir.path().join("wcd/setup.cmd"), b"echo hi\r\n").unwrap();
    dir
}

#[test]
fn import_check_and_build_say_the_targets_are_kept_but_not_built() {
    let dir = lab_folder(LAPTOPS);
    let d = dir.path();
    let o = run(&["import", "wcd/customizations.xml", "-o", "lab.json"], d);
    assert!(o.status.success(), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("1 target with its own settings (Laptops) kept; ppkg-wizard builds the common settings only"),
        "{said}"
    );
    assert!(said.contains("only the targets' settings name"), "{said}");
    assert!(said.contains("C:\\src\\driver.exe"), "{said}");

    // check: exit 0 with the warning, naming the target and the file that is not here.
    let o = run(&["check", "lab.json"], d);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains(
            "warning: Targets: The project also has settings for particular PCs (1 target: Laptops)"
        ) && said.contains("the package applies the common settings to every PC")
            && said.contains("not needed to build): driver.exe"),
        "{said}"
    );
    let o = run(&["check", "--strict", "lab.json"], d);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));

    // build: the package is built, with the same warning.
    let o = run(&["build", "lab.json", "-o", "out", "-q"], d);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("(1 target: Laptops)"), "{said}");
    assert!(d.join("out/Lab.ppkg").is_file());

    // build --each: one package per row, the warning once.
    std::fs::write(d.join("rows.csv"), "key,device.name\na,LAB-A\nb,LAB-B\n").unwrap();
    let o = run(
        &[
            "build", "lab.json", "--each", "rows.csv", "-o", "each", "-q",
        ],
        d,
    );
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert_eq!(said.matches("(1 target: Laptops)").count(), 1, "{said}");
}

#[test]
fn building_the_xml_directly_warns_and_packs_the_common_settings_only() {
    let with = lab_folder(LAPTOPS);
    let without = lab_folder("");
    let build = |d: &Path| {
        bin()
            .args(["build", "wcd/customizations.xml", "-o", "out", "-q"])
            .current_dir(d)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap()
    };
    let o = build(with.path());
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("warning: customizations.xml also has settings for particular PCs (1 target: Laptops). ppkg-wizard keeps them but does not build them"),
        "{said}"
    );
    let o = build(without.path());
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("particular PCs"));
    // The same package, byte for byte: the targets are set aside, nothing else changes.
    assert_eq!(
        std::fs::read(with.path().join("out/Lab.ppkg")).unwrap(),
        std::fs::read(without.path().join("out/Lab.ppkg")).unwrap()
    );
}

#[test]
fn malformed_targets_stop_the_import_with_one_sentence_and_write_nothing() {
    for (parts, want) in [
        (
            "<Variant><TargetRefs><TargetRef /></TargetRefs></Variant>",
            "a <TargetRef> has no Id",
        ),
        (
            "<Targets><Target Id=\"a\"><TargetState><Condition Value=\"2\" /></TargetState></Target></Targets>",
            "a <Condition> of target \"a\" has no Name",
        ),
        (
            "<Static />",
            "<Static> is not expected inside <Customizations>",
        ),
    ] {
        let dir = lab_folder(parts);
        let o = run(
            &["import", "wcd/customizations.xml", "-o", "lab.json"],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let said = String::from_utf8_lossy(&o.stderr);
        assert!(
            said.contains(want) && said.contains("customizations.xml"),
            "{said}"
        );
        assert!(!dir.path().join("lab.json").exists());
    }
}

#[test]
fn contradicting_targets_are_warnings_and_check_still_passes() {
    let parts = r#"      <Targets>
        <Target Id="Laptops"><TargetState><Condition Name="PowerPlatformRole" Value="2" /></TargetState></Target>
        <Target Id="Laptops"><TargetState><Condition Name="Lang" Value="fr" /></TargetState></Target>
      </Targets>
      <Variant><TargetRefs><TargetRef Id="Desktops" /></TargetRefs><Settings /></Variant>
      <Variant><Settings><DevDetail><DNSComputerName>X</DNSComputerName></DevDetail></Settings></Variant>"#;
    let dir = lab_folder(parts);
    let d = dir.path();
    let o = run(&["import", "wcd/customizations.xml", "-o", "lab.json"], d);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["check", "lab.json"], d);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    for want in [
        "Two targets are called Laptops",
        "Variant 1 refers to target Desktops, which the project does not define",
        "Variant 2 names no target, so its settings apply to no PC",
    ] {
        assert!(said.contains(want), "{want}: {said}");
    }
    // Kept as read: the variant with no target still holds its setting.
    let p = project::load(&d.join("lab.json")).unwrap();
    assert_eq!(p.targets.len(), 2);
    assert_eq!(p.variants[1].settings.len(), 1);
}

#[test]
fn a_bundle_carries_the_targets_and_their_files() {
    let dir = lab_folder(LAPTOPS);
    let d = dir.path();
    std::fs::write(d.join("wcd/driver.exe"), b"driver").unwrap();
    let o = run(&["import", "wcd/customizations.xml", "-o", "lab.json"], d);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["export", "lab.json", "--bundle", "lab.zip"], d);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["import", "lab.zip", "-o", "opened"], d);
    assert!(o.status.success(), "{}", text(&o));
    let project_file = std::fs::read_dir(d.join("opened"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let p = project::load(&project_file).unwrap();
    assert_eq!(p.targets[0].id, "Laptops");
    let driver = p.variant_asset_paths()[0].to_path_buf();
    assert_eq!(std::fs::read(p.resolve_path(&driver)).unwrap(), b"driver");
}

/// A bundle holding `project` (and nothing else), with its manifest, as `export --bundle`
/// lays one out.
fn bundle_of(project: &serde_json::Value, zip_path: &Path) {
    use sha2::Digest;
    use std::io::Write;
    let text = project.to_string();
    let sha: String = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let manifest = serde_json::json!({
        "format": "ppkg-wizard-bundle", "format_version": 1, "tool_version": "0.1.0",
        "schema": 1, "project": "project.json",
        "files": [{"path": "project.json", "size": text.len(), "sha256": sha}],
    });
    let mut z = zip::ZipWriter::new(std::fs::File::create(zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("project.json", opts).unwrap();
    z.write_all(text.as_bytes()).unwrap();
    z.start_file("manifest.json", opts).unwrap();
    z.write_all(manifest.to_string().as_bytes()).unwrap();
    z.finish().unwrap();
}

#[test]
fn a_bundle_never_points_a_target_setting_outside_itself_or_carries_its_secret() {
    let dir = tempfile::tempdir().unwrap();
    let variant = |setting: serde_json::Value| {
        serde_json::json!({
            "schema": 1, "name": "Hostile",
            "package": {"id": "6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77"},
            "targets": [{"id": "Laptops", "states": [{"conditions": [{"name": "Lang", "value": "fr"}]}]}],
            "variants": [{"targets": ["Laptops"], "settings": [setting]}],
        })
    };
    let file = serde_json::json!({
        "path": "ProvisioningCommands/PrimaryContext/Command/CommandConfig[Name=x]/CommandFile",
        "asset": "/etc/passwd",
    });
    let secret = serde_json::json!({
        "path": "Accounts/Users/User[UserName=x]/Password",
        "secret": {"file": "/root/.ssh/id_rsa"},
    });
    for (setting, want) in [(file, "/etc/passwd"), (secret, "/root/.ssh/id_rsa")] {
        let zip = dir.path().join("hostile.zip");
        bundle_of(&variant(setting), &zip);
        let dest = dir.path().join("dest");
        let e = ppkg_wizard::bundle::open(&zip, &dest).unwrap_err();
        assert!(e.to_string().contains(want), "{e}");
        assert!(!dest.exists());
    }

    // A secret of a target's setting kept in clear stays out of the bundle, like any other.
    let mut p = Project::new("Lab");
    p.base_dir = dir.path().to_path_buf();
    let v: ppkg_wizard::project::Variant = serde_json::from_value(serde_json::json!({
        "targets": ["Laptops"],
        "settings": [{"path": "Accounts/Users/User[UserName=x]/Password", "secret": "Hunter-2-pw"}],
    }))
    .unwrap();
    p.variants.push(v);
    let json = dir.path().join("lab.json");
    project::save(&p, &json, Overwrite::Refuse).unwrap();
    assert!(
        std::fs::read_to_string(&json)
            .unwrap()
            .contains("Hunter-2-pw")
    );
    let zip = dir.path().join("lab.zip");
    let o = run(
        &["export", "lab.json", "--bundle", zip.to_str().unwrap()],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        assert!(!s.contains("Hunter-2-pw"), "{}", f.name());
    }
}

#[test]
fn the_wizard_summary_names_the_targets_and_says_they_are_not_built() {
    let dir = lab_folder(LAPTOPS);
    let d = dir.path();
    let o = run(&["import", "wcd/customizations.xml", "-o", "lab.json"], d);
    assert!(o.status.success(), "{}", text(&o));
    let (mut app, _) = support::app_open(
        &d.join("lab.json"),
        ppkg_wizard::tui::theme::Theme::colored(),
    );
    // The warning leads to the Summary, where the targets are named.
    app.jump(project::Field::Targets);
    assert_eq!(app.page(), project::Page::Summary);
    let shown = support::screen(&app, 100, 40);
    assert!(
        shown.contains("Targets             1 target with its own settings (Laptops): kept, not"),
        "{shown}"
    );
    assert!(
        shown.contains("? Summary › Targets: The project also has settings for particular PCs"),
        "{shown}"
    );

    // Edited and saved in the wizard: the targets stay in the project file.
    let before = project::load(&d.join("lab.json")).unwrap();
    app.jump(project::Field::DeviceName);
    support::typ(&mut app, "LAB-%SERIAL%");
    support::ctrl(&mut app, 's');
    assert!(app.modal().is_none(), "{}", support::screen(&app, 100, 40));
    let after = project::load(&d.join("lab.json")).unwrap();
    assert_eq!(after.device.name, "LAB-%SERIAL%");
    assert_eq!(after.targets, before.targets);
    assert_eq!(after.variants, before.variants);
}

#[test]
fn a_targets_password_is_placed_like_any_secret_and_an_absent_driver_does_not_stop_an_export() {
    let with_secret = LAPTOPS.replace(
        "          <ProvisioningCommands>",
        "          <Accounts><Users><User UserName=\"tech\"><Password>Tech-Pass-7</Password><UserGroup>Administrators</UserGroup></User></Users></Accounts>\n          <ProvisioningCommands>",
    );
    let dir = lab_folder(&with_secret);
    let d = dir.path();
    // No place chosen: refused, naming the target's setting.
    let o = run(&["import", "wcd/customizations.xml", "-o", "lab.json"], d);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Setting Accounts/Users/User[UserName=tech]/Password for Laptops"),
        "{}",
        text(&o)
    );
    assert!(!d.join("lab.json").exists());
    let o = run(
        &[
            "import",
            "wcd/customizations.xml",
            "-o",
            "lab.json",
            "--secrets",
            "file",
        ],
        d,
    );
    assert!(o.status.success(), "{}", text(&o));
    let saved = std::fs::read_to_string(d.join("lab.json")).unwrap();
    assert!(!saved.contains("Tech-Pass-7"), "{saved}");
    let mut p = project::load(&d.join("lab.json")).unwrap();
    let base = p.base_dir.clone();
    let secrets = p.every_secret_mut();
    assert_eq!(secrets.len(), 1);
    let (label, s) = secrets.into_iter().next().unwrap();
    s.resolve(&label, &base, &mut |_| None).unwrap();
    assert_eq!(s.value().unwrap().expose(), "Tech-Pass-7");

    // The export writes the password only when asked to, and says where the driver goes.
    let o = run(&["export", "lab.json", "--wcd", "wcd-out"], d);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("note: 1 file only the targets' settings name is not here; copy it into the Assets folder before building in WCD (README.txt lists it)"),
        "{}",
        text(&o)
    );
    let xml = std::fs::read_to_string(d.join("wcd-out/customizations.xml")).unwrap();
    assert!(xml.contains("<Password></Password>") && !xml.contains("Tech-Pass-7"));
    assert!(
        xml.contains("C:\\ppkg-wizard\\export\\Assets\\driver.exe"),
        "{xml}"
    );
    let readme = std::fs::read_to_string(d.join("wcd-out/README.txt")).unwrap();
    assert!(
        readme.contains("Setting Accounts/Users/User[UserName=tech]/Password for Laptops")
            && readme.contains("  - driver.exe"),
        "{readme}"
    );
    assert!(!d.join("wcd-out/Assets/driver.exe").exists());
    let o = run(
        &[
            "export",
            "lab.json",
            "--wcd",
            "wcd-clear",
            "--include-secrets",
        ],
        d,
    );
    assert!(o.status.success(), "{}", text(&o));
    let xml = std::fs::read_to_string(d.join("wcd-clear/customizations.xml")).unwrap();
    assert!(xml.contains("<Password>Tech-Pass-7</Password>"), "{xml}");
}

#[test]
fn inspect_says_when_a_package_holds_settings_for_particular_pcs() {
    if !common::tool_available("wimlib-imagex") {
        return;
    }
    let dir = lab_folder("");
    let d = dir.path();
    let o = run(&["build", "wcd/customizations.xml", "-o", "out", "-q"], d);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["inspect", "out/Lab.ppkg"], d);
    assert!(!text(&o).contains("particular PCs"), "{}", text(&o));
    // The same package with targets in its customizations.xml, as a multivariant WCD
    // project's package could carry them, captured again by wimlib.
    let tree = common::wimlib_apply(&d.join("out/Lab.ppkg"));
    let copy = tree.path().join("Multivariant/0/customizations.xml");
    let xml = std::fs::read_to_string(&copy).unwrap();
    let with = xml.replacen(
        "</Common>",
        &format!("</Common>\r\n{}", LAPTOPS.replace('\n', "\r\n")),
        1,
    );
    assert_ne!(with, xml);
    std::fs::write(&copy, with).unwrap();
    let o = Command::new("wimlib-imagex")
        .arg("capture")
        .arg(tree.path())
        .arg(d.join("multivariant.ppkg"))
        .args([
            "Lab",
            "--compress=XPRESS",
            "--chunk-size=32768",
            "--no-acls",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["inspect", "multivariant.ppkg"], d);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("The package's customizations.xml also has settings for particular PCs (1 target: Laptops); inspect lists the settings of Multivariant/0 only"),
        "{}",
        text(&o)
    );
}
