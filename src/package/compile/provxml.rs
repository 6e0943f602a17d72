//! `<wap-provisioningdoc>` files: parms in order, each reusing the characteristics it
//! shares with the previous parm (catalog 2.3), attributes as WCD writes them (2.4).

use crate::settings::{Out, escape_attr};

/// One `<characteristic type="…" [scope="…"]>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Characteristic {
    pub ty: String,
    pub scope: Option<String>,
}

impl Characteristic {
    pub fn new(ty: impl Into<String>) -> Self {
        Characteristic {
            ty: ty.into(),
            scope: None,
        }
    }
}

/// One `<parm>` with the characteristics around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parm {
    pub chain: Vec<Characteristic>,
    pub name: String,
    pub value: String,
    pub datatype: &'static str,
    pub exec: bool,
    /// Schema path written as `SettingsPath` (when enabled).
    pub settings_path: String,
}

/// Writes a provxml: BOM, `standalone="yes"` declaration, CRLF, two-space indent.
pub fn write(parms: &[Parm], settings_path_attrs: bool) -> String {
    let mut w = Out::default();
    w.raw("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>");
    w.line(0, "<wap-provisioningdoc>");
    let mut open: Vec<&Characteristic> = Vec::new();
    for p in parms {
        let common = open
            .iter()
            .zip(&p.chain)
            .take_while(|(a, b)| **a == *b)
            .count();
        while open.len() > common {
            open.pop();
            w.line(open.len() + 1, "</characteristic>");
        }
        for c in &p.chain[common..] {
            let scope = c
                .scope
                .as_deref()
                .map(|s| format!(" scope=\"{}\"", escape_attr(s)))
                .unwrap_or_default();
            w.line(
                open.len() + 1,
                &format!("<characteristic type=\"{}\"{scope}>", escape_attr(&c.ty)),
            );
            open.push(c);
        }
        let mut line = String::from("<parm ");
        if settings_path_attrs {
            line.push_str(&format!(
                "SettingsPath=\"{}\" ",
                escape_attr(&p.settings_path)
            ));
        }
        line.push_str(&format!(
            "name=\"{}\" value=\"{}\" datatype=\"{}\"",
            escape_attr(&p.name),
            escape_attr(&p.value),
            p.datatype
        ));
        if p.exec {
            line.push_str(" exec=\"1\"");
        }
        line.push_str(" />");
        w.line(open.len() + 1, &line);
    }
    while !open.is_empty() {
        open.pop();
        w.line(open.len() + 1, "</characteristic>");
    }
    w.line(0, "</wap-provisioningdoc>");
    w.finish()
}

/// Splits a catalog chain (`A/B!scope=Device/~Key~/Leaf`) into characteristics and the
/// parm name, substituting the map key / list index and the certificate thumbprint.
pub fn resolve_chain(
    chain: &str,
    key: Option<&str>,
    thumbprint: Option<&str>,
) -> Result<(Vec<Characteristic>, String), String> {
    let mut segs: Vec<Characteristic> = Vec::new();
    for raw in chain.split('/') {
        let (ty, scope) = match raw.split_once("!scope=") {
            Some((t, s)) => (t, Some(s.to_owned())),
            None => (raw, None),
        };
        let ty = match ty {
            "~Key~" => key.ok_or("the setting is not inside a map entry or list item")?,
            "@CertificateHash@" => thumbprint.ok_or("no certificate to take a thumbprint of")?,
            t => t,
        };
        segs.push(Characteristic {
            ty: ty.to_owned(),
            scope,
        });
    }
    let leaf = segs.pop().ok_or("empty chain")?;
    Ok((segs, leaf.ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parm(chain: &str, name: &str) -> Parm {
        let (chain, _) = resolve_chain(&format!("{chain}/x"), Some("K"), None).unwrap();
        Parm {
            chain,
            name: name.into(),
            value: "v\"<".into(),
            datatype: "string",
            exec: false,
            settings_path: "S".into(),
        }
    }

    #[test]
    fn merges_only_with_the_previous_parm() {
        let x = write(
            &[
                parm("A/B", "1"),
                parm("A/B", "2"),
                parm("A/C!scope=User", "3"),
                parm("A/B", "4"),
            ],
            false,
        );
        let expect = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<wap-provisioningdoc>\r\n  <characteristic type=\"A\">\r\n    <characteristic type=\"B\">\r\n      <parm name=\"1\" value=\"v&quot;&lt;\" datatype=\"string\" />\r\n      <parm name=\"2\" value=\"v&quot;&lt;\" datatype=\"string\" />\r\n    </characteristic>\r\n    <characteristic type=\"C\" scope=\"User\">\r\n      <parm name=\"3\" value=\"v&quot;&lt;\" datatype=\"string\" />\r\n    </characteristic>\r\n    <characteristic type=\"B\">\r\n      <parm name=\"4\" value=\"v&quot;&lt;\" datatype=\"string\" />\r\n    </characteristic>\r\n  </characteristic>\r\n</wap-provisioningdoc>";
        assert_eq!(x, expect);
    }
}
