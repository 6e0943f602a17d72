//! What no settings store says, learnt from real WCD output. Each rule names the corpus
//! package (`reference/corpus/<id>`) or sample that shows it; everything else comes from
//! the generated store table.

use super::store::Node;
use super::types::{AssetForm, Datatype, Kind};

/// Whether a setting's value is a credential (`inspect` hides it and warns, the wizard
/// never writes it in clear). The stores do not say; this is the one rule: a text
/// setting whose leaf name ends in a word for a credential (`Password`,
/// `SMTPPassword`, `Secret`, `SecurityKey`, `…ProductKey`, `…Token`, `BPRT`), which
/// leaves out policies merely about passwords (`RequirePasswordWhenComputerWakes…`).
pub fn is_secret(path: &str, kind: Kind) -> bool {
    matches!(kind, Kind::Value(Datatype::Str)) && is_secret_name(path)
}

/// For a parm no catalog entry explains, err towards hiding: any name mentioning a
/// password, secret, key, token or bulk token.
pub fn might_be_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["password", "secret", "key", "token", "bprt"]
        .iter()
        .any(|w| lower.contains(w))
}

fn is_secret_name(path: &str) -> bool {
    const ENDINGS: [&str; 7] = [
        "password",
        "secret",
        "productkey",
        "securitykey",
        "presharedkey",
        "token",
        "bprt",
    ];
    let leaf = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    ENDINGS.iter().any(|e| leaf.ends_with(e))
}

/// The WLAN group whose four leaves WCD turns into one generated profile XML, and the
/// CSP chain that profile goes to (pat-CHADS-wireless-7b70cbd2, pat-MWDWireless-b298409f:
/// `WiFi/Profile/<SSID>/WlanXml`). The store gives this group no target.
pub const WLAN_PROFILE: (&str, &str) = (
    "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings",
    "WiFi/Profile/~Key~/WlanXml",
);

/// How an asset's file reaches the package, from the store's `Serialization`.
pub fn asset_form(node: &Node) -> AssetForm {
    match node.get("serialization").and_then(|s| s.parse::<u8>().ok()) {
        // No serialization: packed under DataAsset (samples/epower-v1.11 images and
        // command files, osd-Invoke-OSDCloudDriverPack-1fc1f841 DeviceContext files).
        None => AssetForm::DataAsset,
        // A .pfx as Base64 of its bytes and a .cer as Base64 of its DER: no corpus
        // package has a certificate; this is the certificate template of
        // settings-catalog.md 2.6 (TV), kept as it was.
        Some(2) => AssetForm::FileBase64,
        Some(3) => AssetForm::CertificateDer,
        // The file's text, line ends kept (iotkit-ProSKU-56a931ac:
        // EditionUpgrade/UpgradeEditionWithLicense carries the license XML inline).
        Some(5) => AssetForm::FileText,
        // App install files: no corpus package shows them; the forms follow Microsoft's
        // EnterpriseModernAppManagement documentation and the device's asset handling
        // (`package::compile::apps` holds the evidence).
        Some(4) => AssetForm::AppPackage,
        Some(7) => AssetForm::AppLicense,
        Some(8) => AssetForm::AppDependency,
        Some(n) => AssetForm::Serialized(n),
    }
}

/// Prefix of CSP paths that the provxml leaves out (every corpus parm).
pub const CSP_ROOT: &str = "./Vendor/MSFT/";

/// Registry-target settings compile to `MCSF/<schema path>` (iialab-lab06-5ef2802f:
/// `MCSF/OOBE/Desktop/HideOobe`, `MCSF/SMISettings/AutoLogon/Enable`; samples/epower:
/// `MCSF/SMISettings/UIVerbosityLevel`). Below a map or list, the entry's key takes
/// the entry element's place, as in file names; no package shows that case.
pub const REGISTRY_ROOT: &str = "MCSF";

/// Settings that real packages use but no store here lists (older ICDs knew them).
pub struct Extra {
    pub path: &'static str,
    pub chain: &'static str,
    pub datatype: Datatype,
    pub values: &'static [(&'static str, &'static str)],
}

/// iotkit-RDPonMBMProv-5627bbaf, iotkit-RDPonRPi2Prov-e239bd5e and
/// iotkit-SampleAProv-55b47ec3 (ICD 2016) compile `<AllowNFC>Yes</AllowNFC>` and
/// `<AllowUSBConnection>Yes</AllowUSBConnection>` to `Policy/Config/Connectivity/…`
/// integer 1 (while the store's `AllowBluetooth`, No 0 / Yes 2, gives 2 beside them).
pub const EXTRAS: &[Extra] = &[
    Extra {
        path: "Policies/Connectivity/AllowNFC",
        chain: "Policy/Config/Connectivity/AllowNFC",
        datatype: Datatype::Int,
        values: &[("No", "0"), ("Yes", "1")],
    },
    Extra {
        path: "Policies/Connectivity/AllowUSBConnection",
        chain: "Policy/Config/Connectivity/AllowUSBConnection",
        datatype: Datatype::Int,
        values: &[("No", "0"), ("Yes", "1")],
    },
];

/// Words WCD writes for a two-state setting, case-insensitive: `True`/`False` for
/// booleans (samples/epower-v1.11 `ContinueInstall` → `true`), also accepted for an
/// integer setting whose only values are 0 and 1 when no display name matches (issue 11:
/// WCD takes `True` where the current store says 0/1). Display names win: `Yes` is 2
/// for `AllowBluetooth` (iotkit-RDPonMBMProv-5627bbaf).
pub fn two_state(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}
