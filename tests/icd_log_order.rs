//! File order of ADK ICD builds that target WindowsCommon and Desktop, checked against
//! the order two real ICD.log files record (`provxml writer, path = …\Prov\RunTime\<n>__…`):
//! danbanco/Dispatch_Radio_KIOSK_ProvisioningPackage_Creation (ICD 10.0.17134.1) and
//! Polygons1/goatpackage (ICD 10.0.19041.1), both projects with the Common and Desktop
//! stores (settings-catalog.md sources DB and GP). Their packages are not public, so only
//! the order and names are checked, on small customizations of our own that set the same
//! settings. Settings from the Common store come first, then the Desktop store's, each
//! in store order; WLAN last. With Desktop alone the order is store order throughout.
//!
//! The editions come from the project folder's `.icdproj.xml`: building the folder, or the
//! project `import` made of it, numbers the files as ICD.exe did.

mod common;

use ppkg_wizard::package::{CompileOptions, WcdVersion, compile};
use ppkg_wizard::settings::read_customizations;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn xml(settings: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<WindowsCustomizations>
  <PackageConfig xmlns="urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0">
    <ID>{{5d0b7a4e-2f4c-4c1b-9a55-0d7c1e9b3a21}}</ID>
    <Name>Order</Name>
    <Version>1.0</Version>
    <OwnerType>OEM</OwnerType>
    <Rank>0</Rank>
  </PackageConfig>
  <Settings xmlns="urn:schemas-microsoft-com:windows-provisioning">
    <Customizations>
      <Common>
{settings}
      </Common>
    </Customizations>
  </Settings>
</WindowsCustomizations>"#
    )
    .into_bytes()
}

/// The provxml file names in package order (`<n>__` numbers ascending).
fn compiled_names(xml: &[u8], version: &str, skus: &str) -> Vec<String> {
    let doc = read_customizations(xml).unwrap();
    let asset = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(asset.path(), b"stand-in").unwrap();
    let resolve = |_: &str| Some(asset.path().to_path_buf());
    let version: WcdVersion = version.parse().unwrap();
    let mut opts = CompileOptions::for_version(&version);
    opts.target_skus = Some(skus.to_owned());
    let out = compile(&doc, &resolve, opts).unwrap();
    in_order(out.files.iter().map(|f| f.path.as_str()))
}

/// The `<n>__` provxml file names among `paths`, by number.
fn in_order<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<(u32, String)> = paths
        .filter(|p| p.ends_with(".provxml"))
        .map(|p| {
            let name = p.rsplit('/').next().unwrap().to_owned();
            let n = name.split("__").next().unwrap().parse().unwrap();
            (n, name)
        })
        .collect();
    names.sort();
    names.into_iter().map(|(_, n)| n).collect()
}

const KIOSK: &str = r#"
        <OOBE><Desktop><HideOobe>True</HideOobe></Desktop></OOBE>
        <Policies><ApplicationManagement><AllowAllTrustedApps>Yes</AllowAllTrustedApps></ApplicationManagement></Policies>
        <ProvisioningCommands>
          <DeviceContext>
            <CommandFiles>
              <CommandFile Name="setup">X:\kit\setup.cmd</CommandFile>
              <CommandFile Name="payload">X:\kit\payload.cab</CommandFile>
            </CommandFiles>
            <CommandLine>cmd /c setup.cmd</CommandLine>
          </DeviceContext>
        </ProvisioningCommands>"#;

/// The order danbanco's ICD.log records for its kiosk project (ICD 10.0.17134.1).
const KIOSK_LOG_ORDER: [&str; 5] = [
    "0__Policies_ApplicationManagement_AllowAllTrustedApps.provxml",
    "1__OOBE_Desktop_HideOobe.provxml",
    "2__ProvisioningCommands_DeviceContext_CommandFiles_0.provxml",
    "3__ProvisioningCommands_DeviceContext_CommandFiles_1.provxml",
    "4__ProvisioningCommands_DeviceContext_CommandLine.provxml",
];

#[test]
fn icd_17134_with_the_common_store_writes_its_settings_first() {
    assert_eq!(
        compiled_names(&xml(KIOSK), "10.0.17134.1", "WindowsCommon,Desktop"),
        KIOSK_LOG_ORDER
    );
    // Desktop alone: plain store order.
    assert_eq!(
        compiled_names(&xml(KIOSK), "10.0.17134.1", "Desktop")[..2],
        [
            "0__OOBE_Desktop_HideOobe.provxml",
            "1__Policies_ApplicationManagement_AllowAllTrustedApps.provxml",
        ]
    );
}

const WORKSTATION: &str = r#"
        <Accounts>
          <ComputerAccount><ComputerName>LAB-%SERIAL%</ComputerName></ComputerAccount>
          <Users>
            <User UserName="labadmin"><Password>Example-Only-1</Password><UserGroup>Administrators</UserGroup></User>
          </Users>
        </Accounts>
        <ConnectivityProfiles>
          <WLAN><WLANSetting><WLANConfig SSID="lab">
            <WLANXmlSettings><SecurityKey>example-key-1</SecurityKey><SecurityType>WPA2-Personal</SecurityType></WLANXmlSettings>
          </WLANConfig></WLANSetting></WLAN>
        </ConnectivityProfiles>
        <EditionUpgrade><UpgradeEditionWithProductKey>AAAAA-BBBBB-CCCCC-DDDDD-EEEEE</UpgradeEditionWithProductKey></EditionUpgrade>
        <OOBE><Desktop><HideOobe>False</HideOobe></Desktop></OOBE>
        <Personalization>
          <DeployDesktopImage>C:\img\wall.jpg</DeployDesktopImage>
          <DeployLockScreenImage>C:\img\wall.jpg</DeployLockScreenImage>
        </Personalization>
        <Policies><ApplicationManagement><AllowAllTrustedApps>Yes</AllowAllTrustedApps></ApplicationManagement></Policies>
        <ProvisioningCommands><PrimaryContext><Command>
          <CommandConfig Name="app">
            <CommandFile>C:\kit\app.exe</CommandFile>
            <CommandLine>app.exe /quiet</CommandLine>
            <ContinueInstall>False</ContinueInstall>
            <RestartRequired>False</RestartRequired>
            <ReturnCodeRestart>3010</ReturnCodeRestart>
            <ReturnCodeSuccess>0</ReturnCodeSuccess>
          </CommandConfig>
        </Command></PrimaryContext></ProvisioningCommands>
        <UsbErrorsOEMOverride><HideUsbErrorNotifyOptionUI>Show USB Error Notifications UI</HideUsbErrorNotifyOptionUI></UsbErrorsOEMOverride>"#;

#[test]
fn icd_19041_with_the_common_store_numbers_like_its_log() {
    let names = compiled_names(&xml(WORKSTATION), "10.0.19041.1", "WindowsCommon,Desktop");
    let stems: Vec<&str> = names
        .iter()
        .map(|n| n.split_once("__").unwrap().1.trim_end_matches(".provxml"))
        .collect();
    assert_eq!(
        stems,
        [
            "Accounts_ComputerAccount",
            "Accounts_Users_labadmin",
            "EditionUpgrade_UpgradeEditionWithProductKey",
            "Policies_ApplicationManagement_AllowAllTrustedApps",
            "UsbErrorsOEMOverride_HideUsbErrorNotifyOptionUI",
            "OOBE_Desktop_HideOobe",
            "Personalization_DeployDesktopImage",
            "Personalization_DeployLockScreenImage",
            "ProvisioningCommands_PrimaryContext_Command_0_CommandFile",
            "ProvisioningCommands_PrimaryContext_Command_0_CommandLine",
            "ProvisioningCommands_PrimaryContext_Command_0_ContinueInstall",
            "ProvisioningCommands_PrimaryContext_Command_0_RestartRequired",
            "ProvisioningCommands_PrimaryContext_Command_0_ReturnCodeRestart",
            "ProvisioningCommands_PrimaryContext_Command_0_ReturnCodeSuccess",
            "ConnectivityProfiles_WLAN_WLANSetting_lab",
        ]
    );
}

/// `<TargetEditions>` of an `.icdproj.xml` as ICD 17134 writes it (danbanco's kiosk
/// project lists both stores).
fn icdproj(editions: &[&str]) -> String {
    let skus: String = editions
        .iter()
        .map(|e| {
            let (name, store) = match *e {
                "WindowsCommon" => ("All Windows editions", "Common"),
                _ => ("All Windows desktop editions", "Desktop"),
            };
            format!(
                "    <Sku>\r\n      <StoreType>File</StoreType>\r\n      <Name>{name}</Name>\r\n      <SourcePath>Microsoft-{store}-Provisioning.dat</SourcePath>\r\n      <Edition>{e}</Edition>\r\n      <Version>10.0</Version>\r\n    </Sku>\r\n"
            )
        })
        .collect();
    format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<ICDProject\r\n  Name=\"Kiosk\"\r\n  Description=\"\"\r\n  Version=\"10.0.17134.1\"\r\n  Id=\"{{5d0b7a4e-2f4c-4c1b-9a55-0d7c1e9b3a21}}\"\r\n  TemplateName=\"Provisioning package\"\r\n  TemplateType=\"ProvisioningPackage\">\r\n  <TargetEditions>\r\n{skus}  </TargetEditions>\r\n</ICDProject>"
    )
}

/// A WCD project folder: the kiosk customizations, their two command files, and a project
/// file targeting `editions`.
fn kiosk_folder(dir: &Path, editions: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("customizations.xml"), xml(KIOSK)).unwrap();
    std::fs::write(dir.join("Kiosk.icdproj.xml"), icdproj(editions)).unwrap();
    std::fs::write(dir.join("setup.cmd"), b"@echo off\r\n").unwrap();
    std::fs::write(dir.join("payload.cab"), b"stand-in").unwrap();
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ppkg-wizard"));
    c.env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1");
    c
}

/// Runs `ppkg-wizard build INPUT -o OUT -q ARGS…`; returns the package's NOTES and files.
fn build(input: &Path, out: &Path, args: &[&str]) -> (String, BTreeMap<String, Vec<u8>>) {
    let o = bin()
        .arg("build")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build {}: {}",
        input.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let ppkg = out.join("Order.ppkg");
    let mut r = ppkg_wizard::wim::Reader::open(&ppkg).unwrap();
    let notes = r.xml_info().image.notes.clone();
    let tree = out.join("tree");
    std::fs::create_dir(&tree).unwrap();
    r.extract_to(&tree).unwrap();
    (notes, common::files_under(&tree))
}

#[test]
fn a_common_and_desktop_folder_builds_in_the_icd_log_order() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("Kiosk");
    kiosk_folder(&folder, &["WindowsCommon", "Desktop"]);
    let v = ["--wcd-version", "10.0.17134.1"];
    let (notes, files) = build(&folder, &tmp.path().join("out-folder"), &v);
    assert!(
        notes.contains(";TargetSkus=WindowsCommon,Desktop;"),
        "{notes}"
    );
    assert_eq!(in_order(files.keys().map(String::as_str)), KIOSK_LOG_ORDER);

    // The project `import` makes of the folder keeps the editions and builds the same.
    let project = tmp.path().join("project/project.json");
    let o = bin()
        .arg("import")
        .arg(&folder)
        .arg("-o")
        .arg(&project)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&project).unwrap()).unwrap();
    assert_eq!(
        saved["target_editions"],
        serde_json::json!(["WindowsCommon", "Desktop"])
    );
    let (p_notes, p_files) = build(&project, &tmp.path().join("out-project"), &v);
    assert_eq!(p_notes, notes);
    assert_eq!(
        p_files.keys().collect::<Vec<_>>(),
        files.keys().collect::<Vec<_>>()
    );
    // The two embedded copies of customizations.xml record each build's asset paths.
    for (name, bytes) in &files {
        if !name.ends_with("customizations.xml") && !name.ends_with("AnswerFile.xml") {
            assert!(p_files[name] == *bytes, "{name} differs");
        }
    }
}

#[test]
fn a_desktop_only_folder_overrides_the_versions_default_and_a_bare_xml_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("Kiosk");
    kiosk_folder(&folder, &["Desktop"]);
    // The newest Store WCD targets WindowsCommon,Desktop unless the project says.
    let (notes, files) = build(&folder, &tmp.path().join("out-folder"), &[]);
    assert!(notes.contains(";TargetSkus=Desktop;"), "{notes}");
    assert_eq!(
        in_order(files.keys().map(String::as_str))[..2],
        [
            "0__OOBE_Desktop_HideOobe.provxml",
            "1__Policies_ApplicationManagement_AllowAllTrustedApps.provxml",
        ]
    );
    // The customizations.xml alone names no editions: the version's default.
    let (notes, files) = build(
        &folder.join("customizations.xml"),
        &tmp.path().join("out-xml"),
        &[],
    );
    assert!(
        notes.contains(";TargetSkus=WindowsCommon,Desktop;"),
        "{notes}"
    );
    assert_eq!(
        in_order(files.keys().map(String::as_str))[0],
        "0__Policies_ApplicationManagement_AllowAllTrustedApps.provxml"
    );
}

#[test]
fn a_folder_naming_an_unknown_edition_is_refused_with_the_known_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("Kiosk");
    kiosk_folder(&folder, &["Desktop"]);
    let text = icdproj(&["Desktop"]).replace("<Edition>Desktop<", "<Edition>Dekstop<");
    std::fs::write(folder.join("Kiosk.icdproj.xml"), text).unwrap();
    for cmd in ["build", "import"] {
        let o = bin()
            .arg(cmd)
            .arg(&folder)
            .arg("-o")
            .arg(tmp.path().join(format!("{cmd}-out/p.json")))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{cmd}: {err}");
        assert!(
            err.contains("\"Dekstop\"")
                && err.contains("WindowsCommon")
                && err.contains("Kiosk.icdproj.xml"),
            "{cmd}: {err}"
        );
        assert!(!tmp.path().join(format!("{cmd}-out/p.json")).exists());
    }
}
