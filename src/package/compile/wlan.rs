//! The WLAN profile WCD generates from `WLANXmlSettings` (catalog 4.5).
//!
//! The form is WCD's own for WPA2-Personal (corpus pat-CHADS-wireless, pat-Chads,
//! pat-MWDWireless: name, SSIDConfig with nonBroadcast, ESS, connectionMode, MSM/security
//! with authEncryption without `useOneX`, sharedKey); Open and WEP follow the same shape.
//! One line, no declaration: it becomes an attribute value.

use crate::settings::Node;

/// The profile XML for network `ssid` from a `<WLANXmlSettings>` element.
pub fn profile_xml(ssid: &str, settings: &Node) -> Result<String, String> {
    let mut security = None;
    let mut key = None;
    let mut auto = true;
    let mut hidden = false;
    for c in &settings.children {
        let text = c.text.as_deref().unwrap_or("");
        match c.name.as_str() {
            "SecurityType" => security = Some(text),
            "SecurityKey" => key = Some(text),
            "AutoConnect" => auto = parse_bool(text, "AutoConnect")?,
            "HiddenNetwork" => hidden = parse_bool(text, "HiddenNetwork")?,
            other => return Err(format!("<{other}> is not a WLANXmlSettings setting")),
        }
    }
    if ssid.is_empty() || ssid.len() > 32 {
        return Err(format!("the SSID \"{ssid}\" must be 1 to 32 bytes"));
    }
    let (auth, enc, key_type) = match security.ok_or("SecurityType is missing")? {
        "Open" => ("open", "none", None),
        "WEP" => ("open", "WEP", Some("networkKey")),
        "WPA2-Personal" => {
            let k = key.unwrap_or("");
            let hex64 = k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit());
            let pass = (8..=63).contains(&k.len()) && k.bytes().all(|b| (0x20..0x7f).contains(&b));
            if !hex64 && !pass {
                return Err("a WPA2-Personal key must be 8 to 63 printable ASCII characters or 64 hex digits".into());
            }
            (
                "WPA2PSK",
                "AES",
                Some(if hex64 { "networkKey" } else { "passPhrase" }),
            )
        }
        other => {
            return Err(format!(
                "SecurityType \"{other}\" is not Open, WEP or WPA2-Personal"
            ));
        }
    };
    let name = esc(ssid);
    let mut x = String::new();
    x.push_str("<WLANProfile xmlns=\"http://www.microsoft.com/networking/WLAN/profile/v1\">");
    x.push_str(&format!("<name>{name}</name>"));
    x.push_str(&format!("<SSIDConfig><SSID><name>{name}</name></SSID>"));
    x.push_str(&format!(
        "<nonBroadcast>{hidden}</nonBroadcast></SSIDConfig>"
    ));
    x.push_str("<connectionType>ESS</connectionType>");
    x.push_str(&format!(
        "<connectionMode>{}</connectionMode>",
        if auto { "auto" } else { "manual" }
    ));
    x.push_str("<MSM><security><authEncryption>");
    x.push_str(&format!(
        "<authentication>{auth}</authentication><encryption>{enc}</encryption>"
    ));
    x.push_str("</authEncryption>");
    if let Some(kt) = key_type {
        let k = key.ok_or("SecurityKey is missing")?;
        x.push_str(&format!(
            "<sharedKey><keyType>{kt}</keyType><protected>false</protected><keyMaterial>{}</keyMaterial></sharedKey>",
            esc(k)
        ));
    }
    x.push_str("</security></MSM></WLANProfile>");
    Ok(x)
}

fn parse_bool(text: &str, what: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{what} \"{text}\" is not True or False")),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
