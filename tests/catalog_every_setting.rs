//! Every leaf setting of the generated catalog compiles through the real compiler, and
//! its parm lands where the store says: the characteristic chain from the store's CSP
//! path (or `MCSF/<path>` for a registry target), the parm name, the datatype of the
//! store's Type, `exec` for Action 2 and a `ForceSettingReload` for RequiresReboot.
//! The expectations are computed here from the raw store facts, not from the catalog's
//! own chain, so a wrong translation in the catalog shows.

use base64::Engine;
use ppkg_wizard::catalog::{self, AssetForm, Datatype, Kind, Setting, store, visibility};
use ppkg_wizard::package::{BuildError, CompileOptions, Compiled, Content, compile};
use ppkg_wizard::settings::{Customizations, PackageConfig, SettingPath};
use std::path::PathBuf;

const TEST_CERT_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBlTCCATugAwIBAgIUZUTLHWIvT7zk0AcIKLFawJifiRwwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVcHBrZy13aXphcmQgdGVzdCByb290MB4XDTI2MTEyMjEwMzgz
M1oXDTM2MTExOTEwMzgzM1owIDEeMBwGA1UEAwwVcHBrZy13aXphcmQgdGVzdCBy
b290MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4KEc54LPAEVQpm46rmY9Jcqr
UPg0fm8RCqagnAEnHpR0Fn4VeEiW4YLurYWs54Lc62v78p3E9J10CWJ5RScJb6NT
MFEwHQYDVR0OBBYEFEYGqGPgt9Yvnzw/uA6f2daLCiMdMB8GA1UdIwQYMBaAFEYG
qGPgt9Yvnzw/uA6f2daLCiMdMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID
SAAwRQIhAJFA/r0rm+YLIRFhDo4Iau9yyfKxrnoS6t6gF0AWwTUMAiAx3xpRVcaa
WoomCc5egKJZHzxPtGdEgLbjl8QNjtoFWg==
-----END CERTIFICATE-----
";
/// SHA-1 of the certificate's DER, upper-case hex (`openssl x509 -outform DER | sha1sum`).
const TEST_CERT_THUMB: &str = "74D8B49E637039479402B8F59657ABFE6108858F";
const PFX_BYTES: &[u8] = b"\x30\x82pfx-test-bytes";
const LICENSE_XML: &str = "<License xmlns=\"urn:test\">\r\n  <Id>1</Id>\r\n</License>";

/// One parm of a compiled provxml: chain (`type` or `type!scope=S`), name, attributes.
#[derive(Debug)]
struct Parm {
    chain: Vec<String>,
    name: String,
    value: String,
    datatype: String,
    exec: bool,
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("&#xD;", "\r")
        .replace("&#xA;", "\n")
        .replace("&#x9;", "\t")
        .replace("&amp;", "&")
}

fn attr(line: &str, name: &str) -> Option<String> {
    let pat = format!(" {name}=\"");
    let start = line.find(&pat)? + pat.len();
    let end = line[start..].find('"')? + start;
    Some(unescape(&line[start..end]))
}

/// The parms of every provxml in `c` (our writer puts one element per line).
fn parms(c: &Compiled) -> Vec<Parm> {
    let mut out = Vec::new();
    for f in &c.files {
        if !f.path.ends_with(".provxml") {
            continue;
        }
        let Content::Bytes(b) = &f.content else {
            continue;
        };
        let text = String::from_utf8(b.clone()).unwrap();
        let mut chain: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with("<characteristic ") {
                let ty = attr(line, "type").unwrap();
                chain.push(match attr(line, "scope") {
                    Some(s) => format!("{ty}!scope={s}"),
                    None => ty,
                });
            } else if line.starts_with("</characteristic>") {
                chain.pop();
            } else if line.starts_with("<parm ") {
                out.push(Parm {
                    chain: chain.clone(),
                    name: attr(line, "name").unwrap(),
                    value: attr(line, "value").unwrap(),
                    datatype: attr(line, "datatype").unwrap(),
                    exec: attr(line, "exec").as_deref() == Some("1"),
                });
            }
        }
    }
    out
}

fn doc() -> Customizations {
    Customizations::new(PackageConfig {
        id: "{11111111-2222-3333-4444-555555555555}".into(),
        name: "Every".into(),
        version: "1.0".into(),
        owner_type: "ITAdmin".into(),
        rank: "0".into(),
        notes: Some(String::new()),
        description: None,
    })
}

/// The entries around a setting: (schema path of the element, key attribute or `None`
/// for a list, the key used), outermost first.
fn entries(path: &str) -> Vec<(String, Option<&'static str>, String)> {
    let segs: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for i in 1..=segs.len() {
        let prefix = segs[..i].join("/");
        if let Some(c) = catalog::collection(&prefix) {
            let key = match c.key {
                Some(_) => format!("k{}", out.len()),
                None => "0".to_owned(),
            };
            out.push((prefix, c.key, key));
        }
    }
    out
}

/// The instance address of `path` with the keys of [`entries`].
fn instance(path: &str, entries: &[(String, Option<&str>, String)]) -> SettingPath {
    let mut text = String::new();
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            text.push('/');
        }
        text.push_str(seg);
        let prefix: String = path.split('/').take(i + 1).collect::<Vec<_>>().join("/");
        if let Some((_, attr, key)) = entries.iter().find(|e| e.0 == prefix) {
            match attr {
                Some(a) => text.push_str(&format!("[{a}={key}]")),
                None => text.push_str("[#0]"),
            }
        }
    }
    text.parse().unwrap()
}

/// `A/B[Key=k0]/C[#0]` → `A/B/C`.
fn schema_of(instance: &str) -> String {
    instance
        .split('/')
        .map(|seg| seg.split('[').next().unwrap_or(seg))
        .collect::<Vec<_>>()
        .join("/")
}

/// Sets what the store's Visibility conditions need for the setting at `at` (an instance
/// path) and the groups around it to be built, as a WCD user would have to; returns the
/// leaf names it set, whose parms are not the setting's own.
fn satisfy_visibility(d: &mut Customizations, at: &str, depth: usize) -> Vec<String> {
    let inst: Vec<&str> = at.split('/').collect();
    let mut names = Vec::new();
    for i in 1..=inst.len() {
        let prefix = inst[..i].join("/");
        let Some(group) = visibility::conditions(&schema_of(&prefix))
            .into_iter()
            .next()
        else {
            continue;
        };
        for c in group {
            let up = c.setting.matches("../").count();
            let rest = c.setting.trim_start_matches("../");
            assert!(up <= i, "{prefix}: condition {} climbs too far", c.setting);
            let target = format!("{}/{rest}", inst[..i - up].join("/"));
            let path: SettingPath = target.parse().unwrap();
            path.find_or_insert(d.common_mut()).unwrap().text = Some(c.value.to_owned());
            names.push(rest.rsplit('/').next().unwrap().to_owned());
            if depth < 4 {
                names.extend(satisfy_visibility(d, &target, depth + 1));
            }
        }
    }
    names
}

/// The placeholder name the store uses for the entry whose element is `elem`.
fn placeholder(elem: &str) -> String {
    let (parent, _) = elem.rsplit_once('/').unwrap();
    let n = store::node(parent).unwrap();
    match n.type_code() {
        Some(8) => n.get("key").unwrap().to_owned(),
        _ => parent.rsplit('/').next().unwrap().to_owned(),
    }
}

/// The expected chain and parm name, from the store's raw target.
fn expected_chain(
    node: &store::Node,
    entries: &[(String, Option<&str>, String)],
) -> Option<Vec<String>> {
    let raw = if let Some(csp) = node.get("csp") {
        csp.strip_prefix("./Vendor/MSFT/").unwrap_or(csp).to_owned()
    } else if node.get("registry").is_some() {
        let mut p = node.path.to_owned();
        // Entries below a map or list: the key takes the element's place.
        for (elem, _, key) in entries.iter().rev() {
            let name_start = elem.rfind('/').map_or(0, |i| i + 1);
            p.replace_range(name_start..elem.len(), key);
        }
        format!("MCSF/{p}")
    } else {
        return None;
    };
    let mut text = raw;
    for (elem, _, key) in entries {
        text = text.replace(&format!("~{}~", placeholder(elem)), key);
    }
    text = text.replace("@CertificateHash@", TEST_CERT_THUMB);
    Some(text.split('/').map(str::to_owned).collect())
}

/// A valid customizations.xml value for a value setting and what it compiles to.
fn sample_value(s: &Setting, dt: Datatype) -> (String, String) {
    if let Some((display, key)) = s.values.first() {
        let given = if display.is_empty() { key } else { display };
        let compiled = if dt == Datatype::Bool {
            (*key == "1" || key.eq_ignore_ascii_case("true")).to_string()
        } else {
            (*key).to_owned()
        };
        return ((*given).to_owned(), compiled);
    }
    match dt {
        Datatype::Bool => ("True".into(), "true".into()),
        Datatype::Int => {
            let n = match s.range {
                Some((lo, _)) if lo != i64::MIN => lo,
                Some((_, hi)) => hi.min(0),
                None => 1,
            };
            (n.to_string(), n.to_string())
        }
        Datatype::Str => ("sample text".into(), "sample text".into()),
    }
}

fn store_datatype(node: &store::Node) -> &'static str {
    match node.type_code() {
        Some(1) => "boolean",
        Some(2) => "integer",
        _ => "string",
    }
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cert.cer"), TEST_CERT_PEM).unwrap();
        std::fs::write(dir.path().join("client.pfx"), PFX_BYTES).unwrap();
        std::fs::write(dir.path().join("license.xml"), LICENSE_XML).unwrap();
        std::fs::write(dir.path().join("file.bin"), b"payload").unwrap();
        Files { dir }
    }

    fn name(form: AssetForm) -> &'static str {
        match form {
            AssetForm::CertificateDer => "cert.cer",
            AssetForm::FileBase64 => "client.pfx",
            AssetForm::FileText => "license.xml",
            _ => "file.bin",
        }
    }

    fn compile(&self, d: &Customizations) -> Result<Compiled, BuildError> {
        let dir = self.dir.path().to_path_buf();
        let resolve = move |t: &str| -> Option<PathBuf> { Some(dir.join(t)) };
        compile(d, &resolve, CompileOptions::default())
    }
}

/// What became of one leaf.
#[derive(PartialEq)]
enum Outcome {
    /// Compiled where the store says.
    Compiled,
    /// Refused with a clear reason (no store target, or a file form no package shows).
    Refused,
}

/// Checks one leaf; returns a description of what is wrong.
fn check(s: &Setting, files: &Files) -> Result<Outcome, String> {
    let node = store::node(s.path);
    let ents = entries(s.path);
    let mut d = doc();
    let given_and_expected = match s.kind {
        Kind::Value(dt) => Some(sample_value(s, dt)),
        Kind::Asset(form) => {
            let value = match form {
                AssetForm::FileBase64 => {
                    base64::engine::general_purpose::STANDARD.encode(PFX_BYTES)
                }
                // WCD writes an inline XML file back compactly (corpus iotkit-ProSKU).
                AssetForm::FileText => {
                    "<License xmlns=\"urn:test\"><Id>1</Id></License>".to_owned()
                }
                _ => String::new(),
            };
            Some((Files::name(form).to_owned(), value))
        }
        Kind::WlanProfile => None,
    };
    let Some((given, expected_value)) = given_and_expected else {
        return Ok(Outcome::Compiled);
    };
    let at = instance(s.path, &ents);
    at.find_or_insert(d.common_mut())
        .map_err(|e| format!("cannot address it: {e}"))?
        .text = Some(given.clone());
    let shown_by = satisfy_visibility(&mut d, &at.to_string(), 0);
    let targetless = node.is_some_and(|n| n.get("csp").is_none() && n.get("registry").is_none())
        && !matches!(s.kind, Kind::Asset(AssetForm::DataAsset));
    let compiled = match (files.compile(&d), s.kind) {
        (Err(BuildError::Unmappable { why, .. }), _)
            if targetless && why.contains("no target of its own") =>
        {
            return Ok(Outcome::Refused); // no store target
        }
        (Err(BuildError::Unmappable { path, why }), _)
            if shown_by.iter().any(|n| path.ends_with(&format!("/{n}")))
                && why.contains("no target of its own") =>
        {
            // Shown only beside a setting with no store target (VPN ProfileType).
            return Ok(Outcome::Refused);
        }
        (Err(BuildError::BadAsset { why, .. }), Kind::Asset(AssetForm::Serialized(n)))
            if why.contains(&format!("serialization {n}")) =>
        {
            return Ok(Outcome::Refused); // WCD's form for the file is not known
        }
        (Err(e), _) => return Err(format!("{given:?} does not compile: {e}")),
        (Ok(_), Kind::Asset(AssetForm::Serialized(_))) => {
            return Err("a file of unknown serialization compiled".into());
        }
        (Ok(c), _) => c,
    };
    let all = parms(&compiled);
    let own: Vec<&Parm> = all
        .iter()
        .filter(|p| p.chain != ["Provisioning", "ForceSettingReload"])
        .collect();
    if s.kind == Kind::Asset(AssetForm::DataAsset) {
        let ok = own.len() == 1
            && own[0].chain.len() == 4
            && own[0].chain[..2] == ["Provisioning", "Assets"]
            && own[0].value == "file.bin"
            && compiled
                .files
                .iter()
                .any(|f| f.path.starts_with("DataAsset/"));
        return if ok {
            Ok(Outcome::Compiled)
        } else {
            Err(format!("not packed as a DataAsset: {own:?}"))
        };
    }
    let Some(node) = node else {
        // Hand-written settings: the catalog's own chain.
        let chain: Vec<String> = s.chain.split('/').map(str::to_owned).collect();
        let found = own
            .iter()
            .any(|p| p.chain[..] == chain[..chain.len() - 1] && p.name == chain[chain.len() - 1]);
        return if found {
            Ok(Outcome::Compiled)
        } else {
            Err(format!("no parm at {}: {own:?}", s.chain))
        };
    };
    let Some(mut chain) = expected_chain(node, &ents) else {
        return Err("the store gives no target and no rule covers it".into());
    };
    let name = chain.pop().unwrap();
    let own: Vec<&Parm> = own
        .into_iter()
        .filter(|p| p.name == name || !shown_by.contains(&p.name))
        .collect();
    let [p] = own[..] else {
        return Err(format!("expected one parm, got {own:?}"));
    };
    let mut problems = Vec::new();
    if p.chain != chain {
        problems.push(format!("chain {:?}, store says {:?}", p.chain, chain));
    }
    if p.name != name {
        problems.push(format!("name {:?}, store says {name:?}", p.name));
    }
    if p.datatype != store_datatype(node) {
        problems.push(format!(
            "datatype {}, store Type says {}",
            p.datatype,
            store_datatype(node)
        ));
    }
    if p.exec != (node.get("action") == Some("2")) {
        problems.push(format!(
            "exec {} but store Action {:?}",
            p.exec,
            node.get("action")
        ));
    }
    let value_ok = match s.kind {
        Kind::Asset(AssetForm::CertificateDer) => !p.value.is_empty(),
        _ => p.value == expected_value,
    };
    if !value_ok {
        problems.push(format!("value {:?}, expected {expected_value:?}", p.value));
    }
    let reload = all
        .iter()
        .any(|q| q.chain == ["Provisioning", "ForceSettingReload"] && q.name == name);
    if reload != (node.get("reboot") == Some("1")) {
        problems.push(format!(
            "ForceSettingReload {reload}, store RequiresReboot {:?}",
            node.get("reboot")
        ));
    }
    if problems.is_empty() {
        Ok(Outcome::Compiled)
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn every_leaf_setting_compiles_as_its_store_says() {
    let files = Files::new();
    let wlan = catalog::settings()
        .find(|s| s.kind == Kind::WlanProfile)
        .map(|s| s.path)
        .unwrap();
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    let mut checked = 0;
    for s in catalog::settings() {
        // The WLAN profile's four leaves compile together (next test).
        if s.path.starts_with(&format!("{wlan}/")) || s.kind == Kind::WlanProfile {
            continue;
        }
        checked += 1;
        // App installs fold several settings into one payload and need real file names:
        // tests/app_install.rs covers each of them.
        if ppkg_wizard::package::compile::app_part(s).is_some()
            || s.kind == Kind::Asset(AssetForm::AppLicense)
        {
            continue;
        }
        match check(s, &files) {
            Ok(Outcome::Compiled) => {}
            Ok(Outcome::Refused) => refused.push(s.path),
            Err(e) => failures.push(format!("{}: {e}", s.path)),
        }
    }
    let leaves = store::nodes()
        .iter()
        .filter(|n| matches!(n.type_code(), Some(1..=5)))
        .count();
    assert!(
        checked + 4 >= leaves,
        "{checked} checked of {leaves} store leaves"
    );
    // Store leaves WCD folds into another setting (VPN ProfileType/Proxy…) and files of
    // a serialization nothing documents (provisioner certificates, WLAN profile files),
    // and the VPN settings the store shows only beside ProfileType/Proxy (themselves
    // folded).
    assert!(
        refused.len() <= 15,
        "{} settings refused:\n{}",
        refused.len(),
        refused.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} settings fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_wlan_profile_leaves_compile_into_one_profile() {
    let files = Files::new();
    let mut d = doc();
    let base = "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig[SSID=Net]/WLANXmlSettings";
    for (leaf, v) in [
        ("SecurityType", "WPA2-Personal"),
        ("SecurityKey", "passphrase-1"),
        ("AutoConnect", "True"),
        ("HiddenNetwork", "False"),
    ] {
        let p: SettingPath = format!("{base}/{leaf}").parse().unwrap();
        p.find_or_insert(d.common_mut()).unwrap().text = Some(v.into());
    }
    let c = files.compile(&d).unwrap();
    let ps = parms(&c);
    let p = ps
        .iter()
        .find(|p| p.name == "WlanXml")
        .expect("a WlanXml parm");
    assert_eq!(p.chain, ["WiFi", "Profile", "Net"]);
    assert_eq!(p.datatype, "string");
    assert!(p.value.contains("<name>Net</name>") && p.value.contains("passphrase-1"));
}
