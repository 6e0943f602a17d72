//! The Network page ("Set up network"): one Wi-Fi network, Open or WPA2-Personal.

use super::{FieldSpec, In, Out, Writes, branch, found_secret, is_false, is_true, leaf, tf};
use crate::project::{Field, Page, Project, Secret};
use serde::{Deserialize, Serialize};

/// Wi-Fi security supported without certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WifiSecurity {
    Open,
    #[default]
    Wpa2Personal,
}

impl WifiSecurity {
    /// The `SecurityType` text WCD writes.
    fn wcd(self) -> &'static str {
        match self {
            WifiSecurity::Open => "Open",
            WifiSecurity::Wpa2Personal => "WPA2-Personal",
        }
    }
}

/// "Set up network".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wifi {
    pub ssid: String,
    #[serde(default)]
    pub security: WifiSecurity,
    /// The WPA2 passphrase (absent for open networks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Secret>,
    /// The network does not broadcast its name.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub auto_connect: bool,
}

fn is_yes(b: &bool) -> bool {
    *b
}
fn yes() -> bool {
    true
}

/// The Wi-Fi network entry, keyed by its SSID.
pub const WLAN_CONFIG: &str = "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig";
/// The group WCD turns into the network's profile.
pub const WLAN_XML: &str = "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings";
pub const AUTO_CONNECT: &str =
    "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings/AutoConnect";
pub const HIDDEN_NETWORK: &str =
    "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings/HiddenNetwork";
pub const SECURITY_KEY: &str =
    "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings/SecurityKey";
pub const SECURITY_TYPE: &str =
    "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig/WLANXmlSettings/SecurityType";

/// Every path this section names.
pub const PATHS: [&str; 6] = [
    WLAN_CONFIG,
    WLAN_XML,
    AUTO_CONNECT,
    HIDDEN_NETWORK,
    SECURITY_KEY,
    SECURITY_TYPE,
];

pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::WifiOn,
        page: Page::Network,
        label: "Wi-Fi network",
        prompt: "Set up a Wi-Fi network",
        example: "",
        help: "Gives devices a Wi-Fi network to connect to during setup, so they can reach the internet or your domain without a cable.\n\nOn the device: the network is added and joined automatically.",
        writes: Writes::Settings(&[WLAN_CONFIG]),
    },
    FieldSpec {
        field: Field::Ssid,
        page: Page::Network,
        label: "Network SSID",
        prompt: "Network name (SSID)",
        example: "e.g. School-WiFi",
        help: "The name of the Wi-Fi network exactly as it appears in the list of networks (upper and lower case matter). 1 to 32 characters.\n\nExample: School-WiFi\n\nOn the device: this network is added to the known networks.",
        writes: Writes::Settings(&[WLAN_CONFIG]),
    },
    FieldSpec {
        field: Field::WifiSecurity,
        page: Page::Network,
        label: "Network type",
        prompt: "Network type",
        example: "",
        help: "How the network is protected. WPA2-Personal is a network with one password for everyone (the common case). Open means no password. Networks that need certificates or user names (WPA2-Enterprise) cannot be set up here.\n\nSpace or the arrow keys change the choice.",
        writes: Writes::Settings(&[SECURITY_TYPE]),
    },
    FieldSpec {
        field: Field::WifiKey,
        page: Page::Network,
        label: "Wi-Fi password",
        prompt: "Wi-Fi password",
        example: "e.g. 8 to 63 characters",
        help: "The Wi-Fi password: 8 to 63 ordinary characters, or 64 hexadecimal digits. It is hidden as you type; tick \"Show the password\" to check it.\n\nWhen you save, you choose where it is kept (an environment variable, a file beside the project, or asked again when you build); it is not written into the project file unless you insist.\n\nOn the device: used to join the network.",
        writes: Writes::Settings(&[SECURITY_KEY]),
    },
    FieldSpec {
        field: Field::WifiHidden,
        page: Page::Network,
        label: "Hidden network",
        prompt: "Hidden network (does not broadcast its name)",
        example: "",
        help: "Tick this if the network does not broadcast its name (it does not appear in the list of networks).\n\nOn the device: Windows looks for the network even though it is not announced.",
        writes: Writes::Settings(&[HIDDEN_NETWORK]),
    },
    FieldSpec {
        field: Field::WifiAutoConnect,
        page: Page::Network,
        label: "Connect automatically",
        prompt: "",
        example: "",
        help: "Whether devices join the network by themselves when it is in range. On unless the project file says otherwise.",
        writes: Writes::Settings(&[AUTO_CONNECT]),
    },
];

/// Project → settings: the network as one WLAN entry keyed by its SSID.
pub(crate) fn write(p: &Project, out: &mut Out) {
    let Some(w) = &p.network else { return };
    let mut xml = vec![
        leaf(AUTO_CONNECT, tf(w.auto_connect)),
        leaf(HIDDEN_NETWORK, tf(w.hidden)),
    ];
    if w.security == WifiSecurity::Wpa2Personal {
        let key = w.key.clone().unwrap_or_default();
        let text = out.secret(&key, &Field::WifiKey.to_string());
        xml.push(leaf(SECURITY_KEY, text));
    }
    xml.push(leaf(SECURITY_TYPE, w.security.wcd()));
    let entry = branch(WLAN_CONFIG, vec![branch(WLAN_XML, xml)])
        .with_attr("SSID", &w.ssid)
        .with_attr("Name", &w.ssid);
    out.push(WLAN_CONFIG, entry);
}

/// Settings → project: the first WLAN entry, when it is one Open or WPA2-Personal
/// network with nothing the project cannot hold; otherwise it stays advanced settings.
pub(crate) fn read(p: &mut Project, r: &mut In<'_>) {
    let l = &mut r.leaves;
    let wlans = l.entries(WLAN_CONFIG);
    let Some(entry) = wlans.first() else { return };
    let sec = match l.take(SECURITY_TYPE, Some(entry)).as_deref() {
        Some(t) if t == WifiSecurity::Open.wcd() => Some(WifiSecurity::Open),
        Some(t) if t == WifiSecurity::Wpa2Personal.wcd() => Some(WifiSecurity::Wpa2Personal),
        _ => None,
    };
    let ssid = entry.key().unwrap_or_default().to_owned();
    let complete = l.all_present(&[AUTO_CONNECT, HIDDEN_NETWORK], Some(entry))
        && (sec != Some(WifiSecurity::Wpa2Personal) || l.all_filled(&[SECURITY_KEY], Some(entry)));
    match sec {
        Some(security) if !ssid.is_empty() && complete => {
            let auto = l
                .take(AUTO_CONNECT, Some(entry))
                .is_none_or(|t| is_true(&t));
            let hidden = l
                .take(HIDDEN_NETWORK, Some(entry))
                .is_some_and(|t| is_true(&t));
            let key = l.take(SECURITY_KEY, Some(entry)).map(found_secret);
            if l.any_free(entry) {
                l.untake_all(entry);
            } else {
                p.network = Some(Wifi {
                    ssid,
                    security,
                    key: if security == WifiSecurity::Open {
                        None
                    } else {
                        key.or_else(|| Some(Secret::ask()))
                    },
                    hidden,
                    auto_connect: auto,
                });
            }
        }
        _ => l.untake_all(entry),
    }
}

/// The section's secrets with their labels (saving asks where each is kept).
pub(crate) fn secrets<'a>(w: &'a mut Option<Wifi>, out: &mut Vec<(String, &'a mut Secret)>) {
    if let Some(k) = w.as_mut().and_then(|w| w.key.as_mut()) {
        out.push((Field::WifiKey.to_string(), k));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::round_trip;
    use super::*;
    use crate::project::SecretSource;
    use crate::secret::SecretString;

    #[test]
    fn network_round_trip() {
        for (security, key, hidden, auto_connect) in [
            (
                WifiSecurity::Wpa2Personal,
                Some("correct horse"),
                true,
                false,
            ),
            (WifiSecurity::Open, None, false, true),
        ] {
            let mut p = Project::new("Network");
            p.network = Some(Wifi {
                ssid: "School-WiFi".into(),
                security,
                key: key
                    .map(|k| Secret::typed(SecretString::new(k.to_owned()), SecretSource::Clear)),
                hidden,
                auto_connect,
            });
            let (back, left) = round_trip(&p);
            assert!(left.is_empty(), "{left:?}");
            assert_eq!(back.network, p.network);
        }
    }

    #[test]
    fn a_network_with_more_than_the_page_holds_stays_advanced() {
        let mut p = Project::new("Network");
        p.network = Some(Wifi {
            ssid: "Lab".into(),
            security: WifiSecurity::Open,
            key: None,
            hidden: false,
            auto_connect: true,
        });
        let mut doc = p
            .to_customizations(crate::project::SecretMode::Values)
            .unwrap();
        let entry = doc
            .common_mut()
            .children
            .iter_mut()
            .find(|c| c.name == "ConnectivityProfiles")
            .unwrap();
        // A proxy port the page has no field for.
        let cfg = &mut entry.children[0].children[0].children[0];
        cfg.children
            .push(crate::settings::Node::leaf("ProxyServerPort", "8080"));
        let common = doc.common().unwrap();
        let mut assets = super::super::test_support::ByName(".".into());
        let mut r = In {
            leaves: super::super::leaves::Leaves::of(common),
            common,
            assets: &mut assets,
        };
        let mut back = Project::new("x");
        read(&mut back, &mut r);
        assert_eq!(back.network, None);
        assert!(r.leaves.all.iter().all(|l| !l.taken));
    }
}
