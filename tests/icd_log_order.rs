//! File order of ADK ICD builds that target WindowsCommon and Desktop, checked against
//! the order two real ICD.log files record (`provxml writer, path = …\Prov\RunTime\<n>__…`):
//! danbanco/Dispatch_Radio_KIOSK_ProvisioningPackage_Creation (ICD 10.0.17134.1) and
//! Polygons1/goatpackage (ICD 10.0.19041.1), both projects with the Common and Desktop
//! stores (settings-catalog.md sources DB and GP). Their packages are not public, so only
//! the order and names are checked, on small customizations of our own that set the same
//! settings. Settings from the Common store come first, then the Desktop store's, each
//! in store order; WLAN last. With Desktop alone the order is store order throughout.

use ppkg_wizard::package::{CompileOptions, WcdVersion, compile};
use ppkg_wizard::settings::read_customizations;

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
    let mut names: Vec<(u32, String)> = out
        .files
        .iter()
        .filter(|f| f.path.ends_with(".provxml"))
        .map(|f| {
            let name = f.path.rsplit('/').next().unwrap().to_owned();
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

#[test]
fn icd_17134_with_the_common_store_writes_its_settings_first() {
    assert_eq!(
        compiled_names(&xml(KIOSK), "10.0.17134.1", "WindowsCommon,Desktop"),
        [
            "0__Policies_ApplicationManagement_AllowAllTrustedApps.provxml",
            "1__OOBE_Desktop_HideOobe.provxml",
            "2__ProvisioningCommands_DeviceContext_CommandFiles_0.provxml",
            "3__ProvisioningCommands_DeviceContext_CommandFiles_1.provxml",
            "4__ProvisioningCommands_DeviceContext_CommandLine.provxml",
        ]
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
