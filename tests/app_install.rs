//! App installs (`UniversalAppInstall`): one rule per store Serialization code (4 app
//! package, 8 dependency / optional package, 7 licence, 9 Store product), the failing
//! side of each rule, and the whole path through the real binary: `check` warns (exit
//! 0, `--strict` 1), `build` gives a WIM that wimlib verifies, `inspect` shows the apps,
//! and `import` of the built package gives the project back.
//!
//! No WCD-built package with an app exists to compare with, so these tests pin down the
//! inferred form documented in `src/package/compile/apps.rs`, not WCD's bytes.

mod common;

use base64::Engine;
use ppkg_wizard::package::compile::hash_name;
use ppkg_wizard::package::{BuildError, CompileOptions, Compiled, Content, compile};
use ppkg_wizard::project::rules::APP_INSTALL_UNVERIFIED;
use ppkg_wizard::settings::{Customizations, PackageConfig, SettingPath};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ID: &str = "{11111111-2222-3333-4444-555555555555}";
const PFN: &str = "Contoso.App_8wekyb3d8bbwe";
const APP: &str =
    "UniversalAppInstall/DeviceContextApp/Application[PackageFamilyName=Contoso.App_8wekyb3d8bbwe]";
const RT: &str = "Multivariant/0/Prov/RunTime/";
const URT: &str = "Multivariant/0/Prov/User_RunTime/";

fn doc(settings: &[(&str, &str)]) -> Customizations {
    let mut d = Customizations::new(PackageConfig {
        id: ID.into(),
        name: "Apps".into(),
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

/// A folder of app files: each name holds its own name as bytes.
fn files(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for n in names {
        std::fs::write(dir.path().join(n), n.as_bytes()).unwrap();
    }
    dir
}

fn try_compile(d: &Customizations, dir: &Path) -> Result<Compiled, BuildError> {
    let dir = dir.to_path_buf();
    // Found by file name, wherever the XML says it was on the build machine.
    let resolve = move |t: &str| -> Option<PathBuf> {
        let p = dir.join(ppkg_wizard::package::compile::source_file_name(t));
        p.exists().then_some(p)
    };
    compile(d, &resolve, CompileOptions::default())
}

/// `<k>_<hash>\<name>` of a file written by [`files`].
fn packed(k: usize, name: &str) -> String {
    let sha: [u8; 32] = Sha256::digest(name.as_bytes()).into();
    format!("{k}_{}\\{name}", hash_name(&sha))
}

fn text(c: &Compiled, path: &str) -> String {
    let names: Vec<&str> = c.files.iter().map(|f| f.path.as_str()).collect();
    match &c
        .file(path)
        .unwrap_or_else(|| panic!("no {path}; have {names:?}"))
        .content
    {
        Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        Content::Asset(_) => panic!("{path} is an asset"),
    }
}

fn provxml(body: &[&str]) -> String {
    let mut s = String::from(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<wap-provisioningdoc>",
    );
    for l in body {
        s.push_str("\r\n");
        s.push_str(l);
    }
    s.push_str("\r\n</wap-provisioningdoc>");
    s
}

/// The escaping WCD applies to an attribute value.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn asset_parm(inst: &str, settings_path: &str, k: usize, name: &str) -> Vec<String> {
    vec![
        "  <characteristic type=\"Provisioning\">".into(),
        "    <characteristic type=\"Assets\">".into(),
        format!("      <characteristic type=\"{ID}\">"),
        format!("        <characteristic type=\"{inst}\">"),
        format!(
            "          <parm SettingsPath=\"{settings_path}\" name=\"{}\" value=\"{name}\" datatype=\"string\" />",
            packed(k, name)
        ),
        "        </characteristic>".into(),
        "      </characteristic>".into(),
        "    </characteristic>".into(),
        "  </characteristic>".into(),
    ]
}

#[test]
fn a_device_app_is_packed_and_installed_by_its_hosted_install_payload() {
    let dir = files(&["app.msixbundle", "dep.appx"]);
    let c = try_compile(
        &doc(&[
            (
                &format!("{APP}/ApplicationFile"),
                "C:\\apps\\app.msixbundle",
            ),
            (
                &format!("{APP}/DependencyAppxFiles/Dependency[#0]"),
                "dep.appx",
            ),
            (
                &format!("{APP}/DeploymentOptions"),
                "Force application shutdown",
            ),
            (&format!("{APP}/LaunchAppAtLogin"), "Launch app"),
        ]),
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let stem = format!("UniversalAppInstall_DeviceContextApp_{PFN}");
    // Serialization 4: the package as a DataAsset, then its payload at its own target.
    let payload = format!(
        "<Application PackageUri=\"{}\" DeploymentOptions=\"1\"><Dependencies><Dependency PackageUri=\"{}\" /></Dependencies></Application>",
        packed(0, "app.msixbundle"),
        packed(1, "dep.appx")
    );
    let sp = "UniversalAppInstall/DeviceContextApp/Application/ApplicationFile";
    let mut body = asset_parm(
        &format!("/UniversalAppInstall/DeviceContextApp/{PFN}/ApplicationFile"),
        sp,
        0,
        "app.msixbundle",
    );
    body.extend([
        "  <characteristic type=\"EnterpriseModernAppManagement\">".into(),
        "    <characteristic type=\"AppInstallation\" scope=\"Device\">".into(),
        format!("      <characteristic type=\"{PFN}\">"),
        format!(
            "        <parm SettingsPath=\"{sp}\" name=\"HostedInstall\" value=\"{}\" datatype=\"string\" exec=\"1\" />",
            esc(&payload)
        ),
        "      </characteristic>".into(),
        "    </characteristic>".into(),
        "  </characteristic>".into(),
    ]);
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    assert_eq!(
        text(&c, &format!("{RT}0__{stem}_ApplicationFile.provxml")),
        provxml(&body)
    );
    // Serialization 8: a DataAsset in its own group, nothing at its `Dummy` target.
    let dep = asset_parm(
        &format!("/UniversalAppInstall/DeviceContextApp/{PFN}/DependencyAppxFiles/Dependency"),
        "UniversalAppInstall/DeviceContextApp/Application/DependencyAppxFiles/Dependency",
        1,
        "dep.appx",
    );
    let dep: Vec<&str> = dep.iter().map(String::as_str).collect();
    assert_eq!(
        text(&c, &format!("{RT}1__{stem}_DependencyAppxFiles_0.provxml")),
        provxml(&dep)
    );
    // LaunchAppAtLogin keeps its own (registry) target; DeploymentOptions has none.
    let launch = text(&c, &format!("{RT}2__{stem}_LaunchAppAtLogin.provxml"));
    assert!(
        launch.contains("<characteristic type=\"MCSF\">"),
        "{launch}"
    );
    assert!(
        launch.contains("name=\"LaunchAppAtLogin\" value=\"1\" datatype=\"integer\""),
        "{launch}"
    );
    let provxmls: Vec<&str> = c
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".provxml"))
        .collect();
    assert_eq!(provxmls.len(), 3, "{provxmls:?}");
    for p in &provxmls {
        let x = text(&c, p);
        assert!(
            !x.contains("Dummy") && !x.contains("DeploymentOptions\" value"),
            "{x}"
        );
    }
    assert_eq!(
        text(&c, "DataAsset/DataAsset.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Elements Type=\"DataAsset\">\r\n  <Element Index=\"2\">\r\n    <Metadata Key=\"Name\" Value=\"ApplicationFile\" />\r\n    <Metadata Key=\"{}\" Value=\"/UniversalAppInstall/DeviceContextApp/{PFN}/ApplicationFile\" />\r\n  </Element>\r\n  <Element Index=\"3\">\r\n    <Metadata Key=\"Name\" Value=\"Dependency\" />\r\n    <Metadata Key=\"{}\" Value=\"/UniversalAppInstall/DeviceContextApp/{PFN}/DependencyAppxFiles/0\" />\r\n  </Element>\r\n</Elements>",
            packed(0, "app.msixbundle"),
            packed(1, "dep.appx")
        )
    );
    for (path, source) in [
        (
            format!(
                "DataAsset/2/{}",
                packed(0, "app.msixbundle").replace('\\', "/")
            ),
            "app.msixbundle",
        ),
        (
            format!("DataAsset/3/{}", packed(1, "dep.appx").replace('\\', "/")),
            "dep.appx",
        ),
    ] {
        match &c.file(&path).unwrap_or_else(|| panic!("no {path}")).content {
            Content::Asset(a) => assert_eq!(a.source, dir.path().join(source)),
            Content::Bytes(_) => panic!("{path} should be the file itself"),
        }
    }
    assert!(c.file("Multivariant/0/Prov/User_RunTime.xml").is_none());
}

#[test]
fn optional_packages_are_named_in_the_payload_with_their_family_name() {
    let dir = files(&["app.msix", "opt.msix"]);
    let opt = format!("{APP}/OptionalPackageFiles/OptionalPackage[#0]");
    let c = try_compile(
        &doc(&[
            (&format!("{APP}/ApplicationFile"), "app.msix"),
            (&format!("{opt}/Package"), "opt.msix"),
            (
                &format!("{opt}/PackageFamilyName"),
                "Contoso.Extra_8wekyb3d8bbwe",
            ),
        ]),
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let x = text(
        &c,
        &format!("{RT}0__UniversalAppInstall_DeviceContextApp_{PFN}_ApplicationFile.provxml"),
    );
    let payload = format!(
        "<Application PackageUri=\"{}\" DeploymentOptions=\"0\"><OptionalPackages><Package PackageUri=\"{}\" PackageFamilyName=\"Contoso.Extra_8wekyb3d8bbwe\" /></OptionalPackages></Application>",
        packed(0, "app.msix"),
        packed(1, "opt.msix")
    );
    assert!(x.contains(&esc(&payload)), "{x}");
    assert!(
        c.file(&format!(
            "{RT}1__UniversalAppInstall_DeviceContextApp_{PFN}_OptionalPackageFiles_0_Package.provxml"
        ))
        .is_some()
    );
}

#[test]
fn a_user_app_goes_to_the_user_runtime_with_user_scope() {
    let dir = files(&["app.appx", "dep.appx"]);
    let user = "UniversalAppInstall/UserContextApp/Application[PackageFamilyName=Contoso.App_8wekyb3d8bbwe]";
    let c = try_compile(
        &doc(&[
            (&format!("{user}/ApplicationFile"), "app.appx"),
            (
                &format!("{user}/DependencyAppxFiles/Dependency[#0]"),
                "dep.appx",
            ),
        ]),
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let x = text(
        &c,
        &format!("{URT}0__UniversalAppInstall_UserContextApp_{PFN}_ApplicationFile.provxml"),
    );
    assert!(
        x.contains("<characteristic type=\"AppInstallation\" scope=\"User\">"),
        "{x}"
    );
    let payload = format!(
        "<Application PackageUri=\"{}\" DeploymentOptions=\"0\"><Dependencies><Dependency PackageUri=\"{}\" /></Dependencies></Application>",
        packed(0, "app.appx"),
        packed(1, "dep.appx")
    );
    assert!(x.contains(&esc(&payload)), "{x}");
    assert!(
        text(&c, "Multivariant/0/MasterDatastore.xml").contains("User_RunTime"),
        "the user configuration source is listed"
    );
    assert!(
        c.file(&format!(
            "{URT}1__UniversalAppInstall_UserContextApp_{PFN}_DependencyAppxFiles_0.provxml"
        ))
        .is_some()
    );
}

#[test]
fn a_licence_goes_inline_as_the_add_license_payload() {
    let dir = files(&["store_License1.xml"]);
    let guid = "5c0db099-f413-5aa0-afc0-f40f668da91c";
    let c = try_compile(
        &doc(&[(
            &format!(
                "UniversalAppInstall/DeviceContextAppLicense/LicenseInstall[LicenseProductId={guid}]"
            ),
            "C:\\lic\\store_License1.xml",
        )]),
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let b64 = base64::engine::general_purpose::STANDARD.encode("store_License1.xml");
    let sp = "UniversalAppInstall/DeviceContextAppLicense/LicenseInstall";
    let value = esc(&format!("<License Content=\"{b64}\" />"));
    let parm = format!(
        "          <parm SettingsPath=\"{sp}\" name=\"AddLicense\" value=\"{value}\" datatype=\"string\" exec=\"1\" />"
    );
    let chain = format!("      <characteristic type=\"{guid}\">");
    assert_eq!(
        text(
            &c,
            &format!("{RT}0__UniversalAppInstall_DeviceContextAppLicense_{guid}.provxml")
        ),
        provxml(&[
            "  <characteristic type=\"EnterpriseModernAppManagement\">",
            "    <characteristic type=\"AppLicenses\" scope=\"Device\">",
            "      <characteristic type=\"StoreLicenses\">",
            &chain.replacen("      ", "        ", 1),
            &parm,
            "        </characteristic>",
            "      </characteristic>",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
    assert!(
        c.file("DataAsset/DataAsset.xml").is_none(),
        "a licence is inline"
    );
}

#[test]
fn a_store_install_folds_sku_and_flags_into_its_payload() {
    let device = "UniversalAppInstall/DeviceContextStoreInstall/Application[PackageFamilyName=Microsoft.WindowsCalculator_8wekyb3d8bbwe]";
    let user = "UniversalAppInstall/StoreInstall/Application[PackageFamilyName=Microsoft.WindowsCalculator_8wekyb3d8bbwe]";
    let c = try_compile(
        &doc(&[
            (&format!("{device}/ProductID"), "9WZDNCRFHVN5"),
            (&format!("{device}/SkuID"), "0010"),
            (&format!("{device}/Flags"), "1"),
            (&format!("{user}/ProductID"), "9WZDNCRFHVN5"),
        ]),
        Path::new("/nonexistent"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dev = text(
        &c,
        &format!(
            "{RT}0__UniversalAppInstall_DeviceContextStoreInstall_Microsoft.WindowsCalculator_8wekyb3d8bbwe_ProductID.provxml"
        ),
    );
    assert!(
        dev.contains(&format!(
            "name=\"StoreInstall\" value=\"{}\" datatype=\"string\" exec=\"1\"",
            esc("<Application id=\"9WZDNCRFHVN5\" flags=\"1\" skuid=\"0010\" />")
        )),
        "{dev}"
    );
    assert!(dev.contains("scope=\"Device\""), "{dev}");
    // Per user, with the store's default SKU and no flags.
    let usr = text(
        &c,
        &format!(
            "{URT}1__UniversalAppInstall_StoreInstall_Microsoft.WindowsCalculator_8wekyb3d8bbwe_ProductID.provxml"
        ),
    );
    assert!(
        usr.contains(&esc(
            "<Application id=\"9WZDNCRFHVN5\" flags=\"0\" skuid=\"0016\" />"
        )),
        "{usr}"
    );
    assert!(usr.contains("scope=\"User\""), "{usr}");
    let provxmls = c
        .files
        .iter()
        .filter(|f| f.path.ends_with(".provxml"))
        .count();
    assert_eq!(provxmls, 2, "SkuID and Flags have no file of their own");
}

#[test]
fn what_would_fail_on_the_device_is_refused() {
    let dir = files(&[
        "setup.exe",
        "app.msix",
        "dep.msixbundle",
        "lic.txt",
        "opt.msix",
    ]);
    let err = |settings: &[(&str, &str)]| -> String {
        match try_compile(&doc(settings), dir.path()) {
            Ok(_) => panic!("{settings:?} compiled"),
            Err(e) => e.to_string(),
        }
    };
    let file = format!("{APP}/ApplicationFile");
    // Extensions the store does not list for the setting.
    let e = err(&[(&file, "setup.exe")]);
    assert!(
        e.contains("\"setup.exe\"") && e.contains(".msixbundle"),
        "{e}"
    );
    let e = err(&[
        (&file, "app.msix"),
        (
            &format!("{APP}/DependencyAppxFiles/Dependency[#0]"),
            "dep.msixbundle",
        ),
    ]);
    assert!(e.contains(".appx or .msix"), "{e}");
    let e = err(&[(
        "UniversalAppInstall/DeviceContextAppLicense/LicenseInstall[LicenseProductId=x]",
        "lic.txt",
    )]);
    assert!(e.contains(".ms-windows-store-license or .xml"), "{e}");
    // A file that is not there.
    match try_compile(&doc(&[(&file, "gone.msix")]), dir.path()) {
        Err(BuildError::AssetsNotFound(list)) => assert!(list[0].contains("gone.msix")),
        other => panic!("{other:?}"),
    }
    // An entry without the setting its payload is built around.
    let e = err(&[(&format!("{APP}/DeploymentOptions"), "None")]);
    assert!(e.contains("no ApplicationFile"), "{e}");
    let e = err(&[(
        "UniversalAppInstall/StoreInstall/Application[PackageFamilyName=A_b]/SkuID",
        "0016",
    )]);
    assert!(e.contains("no ProductID"), "{e}");
    let e = err(&[(
        "UniversalAppInstall/StoreInstall/Application[PackageFamilyName=A_b]/ProductID",
        " ",
    )]);
    assert!(e.contains("no Store product id"), "{e}");
    // An optional package without its family name.
    let e = err(&[
        (&file, "app.msix"),
        (
            &format!("{APP}/OptionalPackageFiles/OptionalPackage[#0]/Package"),
            "opt.msix",
        ),
    ]);
    assert!(e.contains("PackageFamilyName"), "{e}");
    // A deployment option the store does not list.
    let e = err(&[
        (&file, "app.msix"),
        (&format!("{APP}/DeploymentOptions"), "Sometimes"),
    ]);
    assert!(e.contains("Sometimes"), "{e}");
    // The passing side of the same rules.
    try_compile(
        &doc(&[
            (&file, "app.msix"),
            (&format!("{APP}/DeploymentOptions"), "64"),
        ]),
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

// ---- through the real binary ----

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ppkg-wizard"));
    c.env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1");
    c
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const WCD_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<WindowsCustomizations>
  <PackageConfig xmlns="urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0">
    <ID>{22222222-3333-4444-5555-666666666666}</ID>
    <Name>Apps</Name>
    <Version>1.0</Version>
    <OwnerType>ITAdmin</OwnerType>
    <Rank>0</Rank>
  </PackageConfig>
  <Settings xmlns="urn:schemas-microsoft-com:windows-provisioning">
    <Customizations>
      <Common>
        <UniversalAppInstall>
          <DeviceContextApp>
            <Application PackageFamilyName="Contoso.App_8wekyb3d8bbwe" Name="Contoso.App_8wekyb3d8bbwe">
              <ApplicationFile>C:\apps\Contoso.App.msixbundle</ApplicationFile>
              <DependencyAppxFiles>
                <Dependency Name="VCLibs">C:\apps\VCLibs.appx</Dependency>
              </DependencyAppxFiles>
              <DeploymentOptions>Force target application shutdown</DeploymentOptions>
            </Application>
          </DeviceContextApp>
          <DeviceContextAppLicense>
            <LicenseInstall LicenseProductId="5c0db099-f413-5aa0-afc0-f40f668da91c" Name="5c0db099-f413-5aa0-afc0-f40f668da91c">C:\apps\Contoso_License1.xml</LicenseInstall>
          </DeviceContextAppLicense>
          <UserContextApp>
            <Application PackageFamilyName="Contoso.Notes_8wekyb3d8bbwe" Name="Contoso.Notes_8wekyb3d8bbwe">
              <ApplicationFile>C:\apps\Contoso.Notes.appx</ApplicationFile>
            </Application>
          </UserContextApp>
          <StoreInstall>
            <Application PackageFamilyName="Microsoft.WindowsCalculator_8wekyb3d8bbwe" Name="Microsoft.WindowsCalculator_8wekyb3d8bbwe">
              <ProductID>9WZDNCRFHVN5</ProductID>
            </Application>
          </StoreInstall>
        </UniversalAppInstall>
      </Common>
    </Customizations>
  </Settings>
</WindowsCustomizations>"#;

/// A WCD project folder with the XML and its app files beside it.
fn wcd_folder(root: &Path) -> PathBuf {
    let src = root.join("wcd");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("customizations.xml"), WCD_XML).unwrap();
    for (name, bytes) in [
        ("Contoso.App.msixbundle", &b"bundle bytes"[..]),
        ("VCLibs.appx", b"framework bytes"),
        ("Contoso_License1.xml", b"<License Version=\"1\" />"),
        ("Contoso.Notes.appx", b"notes bytes"),
    ] {
        std::fs::write(src.join(name), bytes).unwrap();
    }
    src
}

fn only_ppkg(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ppkg"))
        .unwrap()
}

/// The compiled files of a package, without the two embedded copies of the XML (they
/// record where each build found its files).
fn compiled_tree(pkg: &Path, dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let o = bin()
        .arg("inspect")
        .arg(pkg)
        .arg("--extract")
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", out(&o));
    let mut files = common::files_under(dir);
    files.remove("Multivariant/0/customizations.xml");
    files.remove("CommonSettings/1/AnswerFile.xml");
    files
}

#[test]
fn apps_check_with_a_warning_build_verify_inspect_and_import_back() {
    let tmp = tempfile::tempdir().unwrap();
    let src = wcd_folder(tmp.path());
    let project = tmp.path().join("p/project.json");
    let o = bin()
        .arg("import")
        .arg(&src)
        .arg("-o")
        .arg(&project)
        .output()
        .unwrap();
    assert!(o.status.success(), "import: {}", out(&o));

    // check: the app warning, exit 0; --strict fails on it.
    let o = bin().arg("check").arg(&project).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains(APP_INSTALL_UNVERIFIED), "{}", out(&o));
    let o = bin()
        .args(["check", "--strict"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));

    // build: the same warning as a note, a WIM wimlib verifies.
    let built = tmp.path().join("built");
    let o = bin()
        .arg("build")
        .arg(&project)
        .arg("-o")
        .arg(&built)
        .output()
        .unwrap();
    assert!(o.status.success(), "build: {}", out(&o));
    assert!(out(&o).contains(APP_INSTALL_UNVERIFIED), "{}", out(&o));
    let pkg = only_ppkg(&built);
    if common::tool_available("wimlib-imagex") {
        let v = Command::new("wimlib-imagex")
            .arg("verify")
            .arg(&pkg)
            .output()
            .unwrap();
        assert!(v.status.success(), "wimlib-imagex verify: {}", out(&v));
        let applied = common::wimlib_apply(&pkg);
        let files = common::files_under(applied.path());
        assert!(
            files.iter().any(|(p, b)| p.starts_with("DataAsset/")
                && p.ends_with("/Contoso.App.msixbundle")
                && b == b"bundle bytes"),
            "wimlib finds the app package: {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }

    // inspect: each app in words, the warning, the licence never shown.
    let o = bin().arg("inspect").arg(&pkg).output().unwrap();
    let shown = out(&o);
    assert!(o.status.success(), "{shown}");
    for expected in [
        "Application File [Contoso.App_8wekyb3d8bbwe]: installs Contoso.App.msixbundle, 1 dependency: VCLibs.appx, deployment options 64",
        "Application File (per user) [Contoso.Notes_8wekyb3d8bbwe]: installs Contoso.Notes.appx",
        "[5c0db099-f413-5aa0-afc0-f40f668da91c]: a licence of 23 bytes (contents not shown)",
        "[Microsoft.WindowsCalculator_8wekyb3d8bbwe]: installs Store product 9WZDNCRFHVN5 (SKU 0016, flags 0)",
        APP_INSTALL_UNVERIFIED,
    ] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    let licence_b64 =
        base64::engine::general_purpose::STANDARD.encode(b"<License Version=\"1\" />");
    assert!(!shown.contains(&licence_b64));
    let o = bin()
        .args(["inspect", "--json"])
        .arg(&pkg)
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        j["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == APP_INSTALL_UNVERIFIED)
    );

    // import of the built package's contents gives the project back, and it builds the
    // same compiled tree.
    let x = tmp.path().join("x");
    let first = compiled_tree(&pkg, &x);
    let again = tmp.path().join("again/project.json");
    let o = bin()
        .arg("import")
        .arg(x.join("Multivariant/0"))
        .arg("--asset-dir")
        .arg(x.join("DataAsset"))
        .arg("-o")
        .arg(&again)
        .output()
        .unwrap();
    assert!(o.status.success(), "import of the package: {}", out(&o));
    // The app files come back from the package itself; the licence went in inline (like
    // a certificate), so import lists it as still to be copied until it is given.
    assert!(out(&o).contains("Contoso_License1.xml"), "{}", out(&o));
    assert!(!out(&o).contains("Contoso.App.msixbundle →"), "{}", out(&o));
    std::fs::copy(
        src.join("Contoso_License1.xml"),
        again.parent().unwrap().join("Contoso_License1.xml"),
    )
    .unwrap();
    let before: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&project).unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_slice(&std::fs::read(&again).unwrap()).unwrap();
    // The same settings (the package's copy of the XML is in store order), each with the
    // same value or a file of the same name.
    let paths = |v: &serde_json::Value| -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = v["advanced"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let value = match (a["value"].as_str(), a["asset"].as_str()) {
                    (Some(v), _) => v.to_owned(),
                    (_, Some(f)) => format!("file {}", f.rsplit(['/', '\\']).next().unwrap()),
                    _ => a.to_string(),
                };
                (a["path"].as_str().unwrap().to_owned(), value)
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(paths(&before), paths(&after));
    assert_eq!(before["package"]["id"], after["package"]["id"]);
    let rebuilt = tmp.path().join("rebuilt");
    let o = bin()
        .arg("build")
        .arg(&again)
        .arg("-o")
        .arg(&rebuilt)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build of the imported project: {}",
        out(&o)
    );
    let second = compiled_tree(&only_ppkg(&rebuilt), &tmp.path().join("x2"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(
            second[name] == *bytes,
            "{name} differs after the round trip"
        );
    }
}

#[test]
fn check_refuses_what_build_would_and_says_which_app() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("setup.exe"), b"x").unwrap();
    std::fs::write(tmp.path().join("app.msix"), b"x").unwrap();
    let project = tmp.path().join("project.json");
    let write = |advanced: &str| {
        std::fs::write(
            &project,
            format!(
                r#"{{"schema": 1, "name": "Apps", "package": {{"id": "6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77"}}, "advanced": [{advanced}]}}"#
            ),
        )
        .unwrap();
    };
    let check = || {
        let o = bin().arg("check").arg(&project).output().unwrap();
        (o.status.code(), out(&o))
    };
    let file = format!(r#"{{"path": "{APP}/ApplicationFile", "asset": "app.msix"}}"#);
    // Passing: a warning only.
    write(&file);
    let (code, text) = check();
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains(APP_INSTALL_UNVERIFIED), "{text}");
    assert!(!text.contains("package family name"), "{text}");
    // A key that is not a family name (here the package's full name): a warning.
    write(
        r#"{"path": "UniversalAppInstall/DeviceContextApp/Application[PackageFamilyName=Contoso.App_1.0.0.0_x64__8wekyb3d8bbwe]/ApplicationFile", "asset": "app.msix"}"#,
    );
    let (code, text) = check();
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("does not look like a package family name"),
        "{text}"
    );
    // An installer that is not an app package.
    write(&format!(
        r#"{{"path": "{APP}/ApplicationFile", "asset": "setup.exe"}}"#
    ));
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("\"setup.exe\" cannot go here"), "{text}");
    // A file that is not there.
    write(&format!(
        r#"{{"path": "{APP}/ApplicationFile", "asset": "gone.msix"}}"#
    ));
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("gone.msix"), "{text}");
    // Options for an app whose package is not given.
    write(&format!(
        r#"{{"path": "{APP}/DeploymentOptions", "value": "None"}}"#
    ));
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("has no ApplicationFile"), "{text}");
    // A Store install without its product id.
    write(
        r#"{"path": "UniversalAppInstall/StoreInstall/Application[PackageFamilyName=Microsoft.WindowsCalculator_8wekyb3d8bbwe]/ProductID", "value": ""}"#,
    );
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Store product id"), "{text}");
    write(
        r#"{"path": "UniversalAppInstall/StoreInstall/Application[PackageFamilyName=Microsoft.WindowsCalculator_8wekyb3d8bbwe]/Flags", "value": "1"}"#,
    );
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("has no ProductID"), "{text}");
    // An optional package without its family name; and then with it.
    let opt = format!(
        r#"{{"path": "{APP}/OptionalPackageFiles/OptionalPackage[#0]/Package", "asset": "app.msix"}}"#
    );
    write(&format!("{file}, {opt}"));
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("PackageFamilyName"), "{text}");
    write(&format!(
        r#"{file}, {opt}, {{"path": "{APP}/OptionalPackageFiles/OptionalPackage[#0]/PackageFamilyName", "value": "Contoso.Extra_8wekyb3d8bbwe"}}"#
    ));
    let (code, text) = check();
    assert_eq!(code, Some(0), "{text}");
    // What check passes, build builds.
    let o = bin()
        .arg("build")
        .arg(&project)
        .arg("-o")
        .arg(tmp.path().join("out"))
        .arg("-q")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", out(&o));
}
