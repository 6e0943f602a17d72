//! Each wizard setting's compiled form, checked against the catalog tables (section 4).

mod common;

use common::cert::{TEST_CERT_PEM, TEST_CERT_THUMB};
use common::provxml::{file_text as text, names, provxml};
use common::wcd_xml::doc;
use ppkg_wizard::package::{CompileOptions, Compiled, compile};
use ppkg_wizard::settings::Customizations;
use std::path::{Path, PathBuf};

fn compile_in(d: &Customizations, dir: &Path) -> Compiled {
    let dir = dir.to_path_buf();
    let resolve = move |t: &str| -> Option<PathBuf> { Some(dir.join(t)) };
    compile(d, &resolve, CompileOptions::default()).unwrap()
}

fn run(settings: &[(&str, &str)]) -> Compiled {
    compile_in(&doc("Test", settings), Path::new("/nonexistent"))
}

const RT: &str = "Multivariant/0/Prov/RunTime/";

#[test]
fn local_users_two_entries_get_suffixed_settings_group() {
    let c = run(&[
        ("Accounts/Users/User[UserName=ICT]/Password", "pw1"),
        (
            "Accounts/Users/User[UserName=ICT]/UserGroup",
            "Administrators",
        ),
        (
            "Accounts/Users/User[UserName=Kiosk]/UserGroup",
            "Standard Users",
        ),
    ]);
    assert_eq!(
        text(&c, &format!("{RT}0__Accounts_Users_ICT.provxml")),
        provxml(&[
            "  <characteristic type=\"Accounts\">",
            "    <characteristic type=\"Users\">",
            "      <characteristic type=\"ICT\">",
            "        <parm SettingsPath=\"Accounts/Users/User/Password\" name=\"Password\" value=\"pw1\" datatype=\"string\" />",
            "        <parm SettingsPath=\"Accounts/Users/User/UserGroup\" name=\"LocalUserGroup\" value=\"2\" datatype=\"integer\" />",
            "      </characteristic>",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
    let rt = text(&c, "Multivariant/0/Prov/RunTime.xml");
    assert!(rt.contains("SettingsGroup=\"316e2a31-250a-5f09-a0e1-d2e5c6b03559\" Data=\"$(_prov)\\RunTime\\0__Accounts_Users_ICT.provxml\""));
    assert!(rt.contains("SettingsGroup=\"316e2a31-250a-5f09-a0e1-d2e5c6b03559_0\" Data=\"$(_prov)\\RunTime\\1__Accounts_Users_Kiosk.provxml\""));
    assert!(
        text(&c, &format!("{RT}1__Accounts_Users_Kiosk.provxml"))
            .contains("name=\"LocalUserGroup\" value=\"1\"")
    );
}

#[test]
fn full_domain_join_in_store_order_with_trailing_reloads() {
    let c = run(&[
        ("Accounts/ComputerAccount/ComputerName", "LAB-%SERIAL%"),
        ("Accounts/ComputerAccount/DomainName", "corp.example"),
        ("Accounts/ComputerAccount/Account", "CORP\\join"),
        ("Accounts/ComputerAccount/Password", "p&w"),
        (
            "Accounts/ComputerAccount/AccountOU",
            "OU=PCs,DC=corp,DC=example",
        ),
    ]);
    assert_eq!(
        text(&c, &format!("{RT}0__Accounts_ComputerAccount.provxml")),
        provxml(&[
            "  <characteristic type=\"Accounts\">",
            "    <characteristic type=\"Domain\">",
            "      <parm SettingsPath=\"Accounts/ComputerAccount/Account\" name=\"Account\" value=\"CORP\\join\" datatype=\"string\" />",
            "      <parm SettingsPath=\"Accounts/ComputerAccount/AccountOU\" name=\"AccountOU\" value=\"OU=PCs,DC=corp,DC=example\" datatype=\"string\" />",
            "      <parm SettingsPath=\"Accounts/ComputerAccount/ComputerName\" name=\"ComputerName\" value=\"LAB-%SERIAL%\" datatype=\"string\" />",
            "      <parm SettingsPath=\"Accounts/ComputerAccount/DomainName\" name=\"DomainName\" value=\"corp.example\" datatype=\"string\" />",
            "      <parm SettingsPath=\"Accounts/ComputerAccount/Password\" name=\"Password\" value=\"p&amp;w\" datatype=\"string\" />",
            "    </characteristic>",
            "  </characteristic>",
            "  <characteristic type=\"Provisioning\">",
            "    <characteristic type=\"ForceSettingReload\">",
            "      <parm SettingsPath=\"Accounts/ComputerAccount/ComputerName\" name=\"ComputerName\" value=\"1\" datatype=\"integer\" />",
            "      <parm SettingsPath=\"Accounts/ComputerAccount/DomainName\" name=\"DomainName\" value=\"1\" datatype=\"integer\" />",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
    assert!(
        text(&c, "Multivariant/0/Prov/RunTime.xml")
            .contains("f35dd173-1c3e-5f2b-a3a4-29b602842b09")
    );
}

#[test]
fn dns_computer_name() {
    let c = run(&[("DevDetail/DNSComputerName", "LAB-%RAND:4%")]);
    let x = text(&c, &format!("{RT}0__DevDetail_DNSComputerName.provxml"));
    assert!(x.contains("<characteristic type=\"DevDetail\">\r\n    <characteristic type=\"Ext\">\r\n      <characteristic type=\"Microsoft\">\r\n        <parm SettingsPath=\"DevDetail/DNSComputerName\" name=\"DNSComputerName\" value=\"LAB-%RAND:4%\" datatype=\"string\" />"));
    assert!(x.contains("<parm SettingsPath=\"DevDetail/DNSComputerName\" name=\"DNSComputerName\" value=\"1\" datatype=\"integer\" />"));
}

#[test]
fn azure_bulk_token() {
    let c = run(&[
        ("Accounts/Azure/BPRT", "0.AXYZ"),
        (
            "Accounts/Azure/Authority",
            "https://login.microsoftonline.com/common",
        ),
    ]);
    assert_eq!(
        text(&c, &format!("{RT}0__Accounts_Azure.provxml")),
        provxml(&[
            "  <characteristic type=\"AADJ\">",
            "    <parm SettingsPath=\"Accounts/Azure/Authority\" name=\"Authority\" value=\"https://login.microsoftonline.com/common\" datatype=\"string\" />",
            "    <parm SettingsPath=\"Accounts/Azure/BPRT\" name=\"BPRT\" value=\"0.AXYZ\" datatype=\"string\" />",
            "  </characteristic>",
        ])
    );
    assert!(
        text(&c, "Multivariant/0/Prov/RunTime.xml")
            .contains("641c3728-5623-544a-9144-976a2dbf3ca9")
    );
}

#[test]
fn wlan_open_and_wpa2_hidden_come_last() {
    let c = run(&[
        (
            "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig[SSID=Guest]/WLANXmlSettings/SecurityType",
            "Open",
        ),
        (
            "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig[SSID=Corp & Co]/WLANXmlSettings/AutoConnect",
            "False",
        ),
        (
            "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig[SSID=Corp & Co]/WLANXmlSettings/HiddenNetwork",
            "True",
        ),
        (
            "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig[SSID=Corp & Co]/WLANXmlSettings/SecurityKey",
            "s3cret<pass>",
        ),
        (
            "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig[SSID=Corp & Co]/WLANXmlSettings/SecurityType",
            "WPA2-Personal",
        ),
        ("OOBE/Desktop/HideOobe", "False"),
    ]);
    // WLAN after every other setting (catalog 2.7), map entries in document order.
    assert!(
        c.file(&format!("{RT}0__OOBE_Desktop_HideOobe.provxml"))
            .is_some(),
        "{:?}",
        names(&c)
    );
    let open = text(
        &c,
        &format!("{RT}1__ConnectivityProfiles_WLAN_WLANSetting_Guest.provxml"),
    );
    assert!(open.contains("<characteristic type=\"WiFi\">\r\n    <characteristic type=\"Profile\">\r\n      <characteristic type=\"Guest\">\r\n        <parm SettingsPath=\"ConnectivityProfiles/WLAN/WLANSetting/WLANConfig\" name=\"WlanXml\" value=\"&lt;WLANProfile xmlns=&quot;http://www.microsoft.com/networking/WLAN/profile/v1&quot;&gt;&lt;name&gt;Guest&lt;/name&gt;"), "{open}");
    assert!(open.contains("&lt;nonBroadcast&gt;false&lt;/nonBroadcast&gt;"));
    assert!(open.contains("&lt;connectionMode&gt;auto&lt;/connectionMode&gt;"));
    assert!(open.contains(
        "&lt;authentication&gt;open&lt;/authentication&gt;&lt;encryption&gt;none&lt;/encryption&gt;"
    ));
    assert!(!open.contains("sharedKey"));
    let wpa = text(
        &c,
        &format!("{RT}2__ConnectivityProfiles_WLAN_WLANSetting_Corp & Co.provxml"),
    );
    assert!(wpa.contains("<characteristic type=\"Corp &amp; Co\">"));
    assert!(wpa.contains("&lt;nonBroadcast&gt;true&lt;/nonBroadcast&gt;"));
    assert!(wpa.contains("&lt;connectionMode&gt;manual&lt;/connectionMode&gt;"));
    assert!(wpa.contains("&lt;authentication&gt;WPA2PSK&lt;/authentication&gt;&lt;encryption&gt;AES&lt;/encryption&gt;"));
    assert!(wpa.contains("&lt;keyType&gt;passPhrase&lt;/keyType&gt;&lt;protected&gt;false&lt;/protected&gt;&lt;keyMaterial&gt;s3cret&amp;lt;pass&amp;gt;&lt;/keyMaterial&gt;"));
    let rt = text(&c, "Multivariant/0/Prov/RunTime.xml");
    assert!(rt.contains("SettingsGroup=\"ac17da61-38b8-5bb9-bdaf-7436ac4eb133_0\""));
}

#[test]
fn product_key_exec_and_force_reload() {
    let c = run(&[(
        "EditionUpgrade/UpgradeEditionWithProductKey",
        "NPPR9-FWDCX-D2C8J-H872K-2YT43",
    )]);
    assert_eq!(
        text(
            &c,
            &format!("{RT}0__EditionUpgrade_UpgradeEditionWithProductKey.provxml")
        ),
        provxml(&[
            "  <characteristic type=\"WindowsLicensing\">",
            "    <parm SettingsPath=\"EditionUpgrade/UpgradeEditionWithProductKey\" name=\"UpgradeEditionWithProductKey\" value=\"NPPR9-FWDCX-D2C8J-H872K-2YT43\" datatype=\"string\" exec=\"1\" />",
            "  </characteristic>",
            "  <characteristic type=\"Provisioning\">",
            "    <characteristic type=\"ForceSettingReload\">",
            "      <parm SettingsPath=\"EditionUpgrade/UpgradeEditionWithProductKey\" name=\"UpgradeEditionWithProductKey\" value=\"1\" datatype=\"integer\" />",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
    assert!(
        text(&c, "Multivariant/0/Prov/RunTime.xml")
            .contains("58447d95-84fd-50a8-b78f-35beb1d01425")
    );
}

#[test]
fn shared_pc_single_characteristic_in_store_order() {
    let c = run(&[
        ("SharedPC/EnableSharedPCMode", "True"),
        ("SharedPC/PolicyCustomization/SleepTimeout", "600"),
        (
            "SharedPC/AccountManagement/AccountModel",
            "Domain-joined and guest",
        ),
        (
            "SharedPC/AccountManagement/DeletionPolicy",
            "Delete immediately",
        ),
    ]);
    assert_eq!(
        text(&c, &format!("{RT}0__SharedPC.provxml")),
        provxml(&[
            "  <characteristic type=\"SharedPC\">",
            "    <parm SettingsPath=\"SharedPC/AccountManagement/AccountModel\" name=\"AccountModel\" value=\"2\" datatype=\"integer\" />",
            "    <parm SettingsPath=\"SharedPC/AccountManagement/DeletionPolicy\" name=\"DeletionPolicy\" value=\"0\" datatype=\"integer\" />",
            "    <parm SettingsPath=\"SharedPC/EnableSharedPCMode\" name=\"EnableSharedPCMode\" value=\"true\" datatype=\"boolean\" />",
            "    <parm SettingsPath=\"SharedPC/PolicyCustomization/SleepTimeout\" name=\"SleepTimeout\" value=\"600\" datatype=\"integer\" />",
            "  </characteristic>",
        ])
    );
}

#[test]
fn clean_pc() {
    let c = run(&[("CleanPC/CleanPCWithoutRetainingUserData", "Enable")]);
    let x = text(&c, &format!("{RT}0__CleanPC.provxml"));
    assert!(x.contains("<parm SettingsPath=\"CleanPC/CleanPCWithoutRetainingUserData\" name=\"CleanPCWithoutRetainingUserData\" value=\"1\" datatype=\"integer\" exec=\"1\" />"), "{x}");
    assert!(x.contains("<characteristic type=\"ForceSettingReload\">"));
}

#[test]
fn hide_oobe() {
    let c = run(&[("OOBE/Desktop/HideOobe", "True")]);
    assert_eq!(
        text(&c, &format!("{RT}0__OOBE_Desktop_HideOobe.provxml")),
        provxml(&[
            "  <characteristic type=\"MCSF\">",
            "    <characteristic type=\"OOBE\">",
            "      <characteristic type=\"Desktop\">",
            "        <parm SettingsPath=\"OOBE/Desktop/HideOobe\" name=\"HideOobe\" value=\"true\" datatype=\"boolean\" />",
            "      </characteristic>",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
}

#[test]
fn commands_with_dependencies_and_return_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("setup.exe"), b"MZ installer").unwrap();
    std::fs::write(dir.path().join("dep1.dll"), b"dep one").unwrap();
    std::fs::write(dir.path().join("dep2.dll"), b"dep two").unwrap();
    let base = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";
    let mut d = doc(
        "Test",
        &[
            (&format!("{base}[#0]/CommandFile"), "setup.exe"),
            (&format!("{base}[#0]/CommandLine"), "setup.exe /q \"x\""),
            (&format!("{base}[#0]/ReturnCodeSuccess"), "0"),
            (&format!("{base}[#0]/ReturnCodeRestart"), "3010"),
            (
                &format!("{base}[#0]/DependencyPackages/Dependency[#0]"),
                "dep1.dll",
            ),
            (
                &format!("{base}[#0]/DependencyPackages/Dependency[#1]"),
                "dep2.dll",
            ),
            (&format!("{base}[#1]/CommandLine"), "cmd /c echo"),
        ],
    );
    let cmds = d.common_mut().children[0].children[0].children[0]
        .children
        .iter_mut();
    for (i, c) in cmds.enumerate() {
        c.attrs.push(("Name".into(), format!("c{i}")));
    }
    let c = compile_in(&d, dir.path());
    let stems: Vec<&str> = c
        .files
        .iter()
        .filter_map(|f| f.path.strip_prefix(RT))
        .collect();
    assert_eq!(
        stems,
        [
            "0__ProvisioningCommands_PrimaryContext_Command_0_CommandFile.provxml",
            "1__ProvisioningCommands_PrimaryContext_Command_0_CommandLine.provxml",
            "2__ProvisioningCommands_PrimaryContext_Command_0_DependencyPackages_0.provxml",
            "3__ProvisioningCommands_PrimaryContext_Command_0_DependencyPackages_1.provxml",
            "4__ProvisioningCommands_PrimaryContext_Command_0_ReturnCodeRestart.provxml",
            "5__ProvisioningCommands_PrimaryContext_Command_0_ReturnCodeSuccess.provxml",
            "6__ProvisioningCommands_PrimaryContext_Command_1_CommandLine.provxml",
        ]
    );
    let line = text(
        &c,
        &format!("{RT}1__ProvisioningCommands_PrimaryContext_Command_0_CommandLine.provxml"),
    );
    assert!(line.contains("<characteristic type=\"$(__PackageID)\">\r\n        <characteristic type=\"0\">\r\n          <parm SettingsPath=\"ProvisioningCommands/PrimaryContext/Command/CommandConfig/CommandLine\" name=\"CommandLine\" value=\"setup.exe /q &quot;x&quot;\" datatype=\"string\" />"));
    let rc = text(
        &c,
        &format!("{RT}4__ProvisioningCommands_PrimaryContext_Command_0_ReturnCodeRestart.provxml"),
    );
    assert!(rc.contains("name=\"ReturnCodeRestart\" value=\"3010\" datatype=\"integer\""));
    let dep = text(
        &c,
        &format!(
            "{RT}3__ProvisioningCommands_PrimaryContext_Command_0_DependencyPackages_1.provxml"
        ),
    );
    assert!(dep.contains("<characteristic type=\"{11111111-2222-3333-4444-555555555555}\">\r\n        <characteristic type=\"/ProvisioningCommands/PrimaryContext/Command/0/DependencyPackages/Dependency\">"), "{dep}");
    let da = text(&c, "DataAsset/DataAsset.xml");
    assert!(da.contains("<Element Index=\"2\">\r\n    <Metadata Key=\"Name\" Value=\"CommandFile\" />\r\n    <Metadata Key=\"0_"), "{da}");
    assert!(da.contains("<Element Index=\"3\">\r\n    <Metadata Key=\"Name\" Value=\"Dependency\" />\r\n    <Metadata Key=\"1_"), "{da}");
    assert!(da.contains("\\dep2.dll\" Value=\"/ProvisioningCommands/PrimaryContext/Command/0/DependencyPackages/1\" />"));
    let rt = text(&c, "Multivariant/0/Prov/RunTime.xml");
    assert!(rt.contains("SettingsGroup=\"0fb42616-94a6-5da8-b711-fd15131232e9_0\""));
    assert!(rt.contains("SettingsGroup=\"56ccb8ff-b5f2-5806-a504-ab9091876608_0\""));
    assert!(
        names(&c)
            .iter()
            .any(|p| p.starts_with("DataAsset/3/2_") && p.ends_with("/dep2.dll"))
    );
}

#[test]
fn certificates_root_ca_trusted_people_client() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("root.cer"), TEST_CERT_PEM).unwrap();
    use base64::Engine;
    let b64: String = TEST_CERT_PEM
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(&b64)
        .unwrap();
    std::fs::write(dir.path().join("ca.cer"), &der).unwrap();
    std::fs::write(dir.path().join("client.pfx"), b"\x30\x82pfx-bytes").unwrap();
    let d = doc(
        "Test",
        &[
            (
                "Certificates/RootCertificates/RootCertificate[CertificateName=Root]/CertificatePath",
                "root.cer",
            ),
            (
                "Certificates/CACertificates/CACerificate[CertificateName=Issuing]/CertificatePath",
                "ca.cer",
            ),
            (
                "Certificates/TrustedPeopleCertificates/Certificate[CertificateName=Peer]/TrustedCertificate",
                "ca.cer",
            ),
            (
                "Certificates/ClientCertificates/ClientCertificate[CertificateName=Dev]/CertificatePath",
                "client.pfx",
            ),
            (
                "Certificates/ClientCertificates/ClientCertificate[CertificateName=Dev]/CertificatePassword",
                "pfxpw",
            ),
            (
                "Certificates/ClientCertificates/ClientCertificate[CertificateName=Dev]/KeyLocation",
                "Software only",
            ),
            (
                "Certificates/ClientCertificates/ClientCertificate[CertificateName=Dev]/ExportCertificate",
                "False",
            ),
        ],
    );
    let c = compile_in(&d, dir.path());
    let enc = |kind: &str, path: &str| {
        provxml(&[
            "  <characteristic type=\"RootCATrustedCertificates\" scope=\"Device\">",
            &format!("    <characteristic type=\"{kind}\">"),
            &format!("      <characteristic type=\"{TEST_CERT_THUMB}\">"),
            &format!(
                "        <parm SettingsPath=\"{path}\" name=\"EncodedCertificate\" value=\"{b64}\" datatype=\"string\" />"
            ),
            "      </characteristic>",
            "    </characteristic>",
            "  </characteristic>",
        ])
    };
    assert_eq!(
        text(
            &c,
            &format!("{RT}0__Certificates_CACertificates_Issuing.provxml")
        ),
        enc(
            "CA",
            "Certificates/CACertificates/CACerificate/CertificatePath"
        )
    );
    assert_eq!(
        text(
            &c,
            &format!("{RT}2__Certificates_RootCertificates_Root.provxml")
        ),
        enc(
            "Root",
            "Certificates/RootCertificates/RootCertificate/CertificatePath"
        )
    );
    assert_eq!(
        text(
            &c,
            &format!("{RT}3__Certificates_TrustedPeopleCertificates_Peer.provxml")
        ),
        enc(
            "TrustedPeople",
            "Certificates/TrustedPeopleCertificates/Certificate/TrustedCertificate"
        )
    );
    let pfx = base64::engine::general_purpose::STANDARD.encode(b"\x30\x82pfx-bytes");
    assert_eq!(
        text(
            &c,
            &format!("{RT}1__Certificates_ClientCertificates_Dev.provxml")
        ),
        provxml(&[
            "  <characteristic type=\"ClientCertificateInstall\" scope=\"Device\">",
            "    <characteristic type=\"PFXCertInstall\">",
            "      <characteristic type=\"Dev\">",
            "        <parm SettingsPath=\"Certificates/ClientCertificates/ClientCertificate/CertificatePassword\" name=\"PFXCertPassword\" value=\"pfxpw\" datatype=\"string\" />",
            &format!(
                "        <parm SettingsPath=\"Certificates/ClientCertificates/ClientCertificate/CertificatePath\" name=\"PFXCertBlob\" value=\"{pfx}\" datatype=\"string\" />"
            ),
            "        <parm SettingsPath=\"Certificates/ClientCertificates/ClientCertificate/ExportCertificate\" name=\"PFXKeyExportable\" value=\"false\" datatype=\"boolean\" />",
            "        <parm SettingsPath=\"Certificates/ClientCertificates/ClientCertificate/KeyLocation\" name=\"KeyLocation\" value=\"3\" datatype=\"integer\" />",
            "      </characteristic>",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
    // Inline certificates make no DataAsset.
    assert!(c.file("DataAsset/DataAsset.xml").is_none());
}

#[test]
fn workplace_enrollment() {
    let c = run(&[
        (
            "Workplace/Enrollments/UPN[UPN=enroll@contoso.com]/AuthPolicy",
            "OnPremise",
        ),
        (
            "Workplace/Enrollments/UPN[UPN=enroll@contoso.com]/DiscoveryServiceFullUrl",
            "https://mdm.contoso.com/EnrollmentServer/Discovery.svc",
        ),
        (
            "Workplace/Enrollments/UPN[UPN=enroll@contoso.com]/Secret",
            "pw",
        ),
        (
            "Workplace/Enrollments/UPN[UPN=enroll@contoso.com]/PolicyServiceFullUrl",
            "",
        ),
    ]);
    assert_eq!(
        text(
            &c,
            &format!("{RT}0__Workplace_Enrollments_enroll@contoso.com.provxml")
        ),
        provxml(&[
            "  <characteristic type=\"Provisioning\">",
            "    <characteristic type=\"Enrollments\">",
            "      <characteristic type=\"enroll@contoso.com\">",
            "        <parm SettingsPath=\"Workplace/Enrollments/UPN/AuthPolicy\" name=\"AuthPolicy\" value=\"0\" datatype=\"integer\" />",
            "        <parm SettingsPath=\"Workplace/Enrollments/UPN/DiscoveryServiceFullUrl\" name=\"DiscoveryServiceFullUrl\" value=\"https://mdm.contoso.com/EnrollmentServer/Discovery.svc\" datatype=\"string\" />",
            "        <parm SettingsPath=\"Workplace/Enrollments/UPN/PolicyServiceFullUrl\" name=\"PolicyServiceFullURL\" value=\"\" datatype=\"string\" />",
            "        <parm SettingsPath=\"Workplace/Enrollments/UPN/Secret\" name=\"Secret\" value=\"pw\" datatype=\"string\" />",
            "      </characteristic>",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
}

#[test]
fn allow_all_trusted_apps() {
    let c = run(&[("Policies/ApplicationManagement/AllowAllTrustedApps", "Yes")]);
    assert_eq!(
        text(
            &c,
            &format!("{RT}0__Policies_ApplicationManagement_AllowAllTrustedApps.provxml")
        ),
        provxml(&[
            "  <characteristic type=\"Policy\">",
            "    <characteristic type=\"Config\">",
            "      <characteristic type=\"ApplicationManagement\">",
            "        <parm SettingsPath=\"Policies/ApplicationManagement/AllowAllTrustedApps\" name=\"AllowAllTrustedApps\" value=\"1\" datatype=\"integer\" />",
            "      </characteristic>",
            "    </characteristic>",
            "  </characteristic>",
        ])
    );
    assert!(
        text(&c, "Multivariant/0/Prov/RunTime.xml")
            .contains("1d06ee0e-b4a8-559b-b253-c7f645eb1b9c")
    );
}

#[test]
fn user_scope_policy_goes_to_user_runtime() {
    let c = run(&[
        (
            "Policies/WindowsAI/TurnOffWindowsCopilot",
            "Disabled Windows Copilot",
        ),
        ("OOBE/Desktop/HideOobe", "True"),
    ]);
    let user = text(
        &c,
        "Multivariant/0/Prov/User_RunTime/1__Policies_WindowsAI_TurnOffWindowsCopilot.provxml",
    );
    assert!(user.contains("<characteristic type=\"Policy\" scope=\"User\">"));
    assert!(user.contains("name=\"TurnOffWindowsCopilot\" value=\"1\" datatype=\"integer\""));
    let urt = text(&c, "Multivariant/0/Prov/User_RunTime.xml");
    assert!(urt.contains(
        "Data=\"$(_prov)\\User_RunTime\\1__Policies_WindowsAI_TurnOffWindowsCopilot.provxml\""
    ));
    assert!(!text(&c, "Multivariant/0/Prov/RunTime.xml").contains("Copilot"));
    let md = text(&c, "Multivariant/0/MasterDatastore.xml");
    assert!(md.ends_with("  <ConfigurationSource Name=\"User_RunTime\" Path=\"$(_prov)\\User_RunTime.xml\">\r\n    <EventList>\r\n      <Event Name=\"User_RunTime\" />\r\n    </EventList>\r\n  </ConfigurationSource>\r\n</ConfigurationSourceList>"));
}

#[test]
fn adk_form_has_no_settings_path() {
    let d = doc("Test", &[("OOBE/Desktop/HideOobe", "True")]);
    let c = compile(
        &d,
        &|_: &str| None,
        CompileOptions::for_version(&"10.0.22621.1".parse().unwrap()),
    )
    .unwrap();
    assert!(
        text(&c, &format!("{RT}0__OOBE_Desktop_HideOobe.provxml"))
            .contains("<parm name=\"HideOobe\" value=\"true\" datatype=\"boolean\" />")
    );
}
