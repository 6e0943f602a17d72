//! `inspect`: what any `.ppkg` (ours or WCD's) does, in words, plus warnings.
//!
//! Settings are read from the compiled provxml files — what Windows applies — and mapped
//! back through the catalog (by `SettingsPath` when present, else by characteristic
//! chain, so ADK-built packages work too). Command names come from the packed
//! customizations.xml. Secrets are never shown.

use super::InspectError;
use super::cat::{PairCheck, check_pair};
use crate::catalog::{self, Setting};
use crate::printable::escape;
use crate::project::sections::{accounts, applications, device, network};
use crate::settings::{Node, parse_tree, read_customizations};
use crate::wim;
use std::fmt;
use std::io::{self, Read, Seek, Write};
use std::path::Path;

/// Decrypts a password-protected package: reads the encrypted bytes (`len` of them) and
/// writes the plain WIM. Provided by the encryption module; the password is inside.
pub type DecryptHook = dyn Fn(&mut dyn Read, u64, &mut dyn Write) -> Result<(), String>;

/// Largest settings file (customizations.xml, a provxml) read into memory; real ones are
/// a few KiB, with inline certificates up to about 1.4 MiB.
const MAX_SETTINGS_FILE: u64 = 8 << 20;
/// Largest total of settings files read into memory for one inspection (one blob can be
/// named by many entries).
const MAX_SETTINGS_TOTAL: u64 = 32 << 20;
/// Up to this many bytes of file contents, plain `inspect` checks every file's SHA-1.
const AUTO_VERIFY_BYTES: u64 = 64 << 20;

/// How much of the package's contents to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyLevel {
    /// The directory tree and the settings files always; every file when the contents
    /// total at most 64 MiB.
    Auto,
    /// The directory tree and every file, whatever the size.
    Full,
}

/// What an inspection checked against the SHA-1s the package records.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// The directory tree (metadata resource) hashed to its recorded SHA-1.
    pub tree: bool,
    /// Distinct file contents checked, out of `files_total`.
    pub files_checked: usize,
    pub files_total: usize,
    /// Bytes of contents checked.
    pub bytes_checked: u64,
}

/// A readable account of a package.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Inspection {
    pub name: String,
    pub package_id: String,
    pub version: String,
    pub owner: String,
    pub rank: u32,
    pub altitude: u32,
    /// The WIM NOTES (which tool built it).
    pub notes: String,
    pub encrypted: bool,
    pub settings: Vec<InspectedSetting>,
    pub commands: Vec<InspectedCommand>,
    pub files: Vec<InspectedFile>,
    /// What was checked against the package's own hashes.
    pub verified: Verification,
    /// Whether the `.cat` beside the package belongs to it.
    pub catalog: PairCheck,
    /// The kiosk the package sets up: its account, its one app, automatic sign-in.
    pub kiosk: Option<crate::project::kiosk::KioskSummary>,
    pub warnings: Vec<String>,
}

/// One applied setting.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InspectedSetting {
    /// Schema path (`Accounts/Users/User/Password`) or, when unknown, the chain.
    pub path: String,
    /// Map key or list index when the setting is inside one.
    pub key: Option<String>,
    /// The value as the customizations say it; `None` when hidden (a secret).
    pub value: Option<String>,
    /// The sentence shown to a person.
    pub text: String,
}

/// A command the package runs.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InspectedCommand {
    pub index: u32,
    pub name: String,
    pub command_line: String,
    pub files: Vec<String>,
}

/// A file in the image.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InspectedFile {
    pub path: String,
    pub size: u64,
}

/// Reads the package at `path`; `decrypt` is needed for password-protected packages.
/// Checks as [`VerifyLevel::Auto`] says.
pub fn inspect(path: &Path, decrypt: Option<&DecryptHook>) -> Result<Inspection, InspectError> {
    inspect_with(path, decrypt, VerifyLevel::Auto)
}

/// [`inspect`], checking file contents as `level` says. A file whose contents do not
/// match its SHA-1 makes the package damaged.
pub fn inspect_with(
    path: &Path,
    decrypt: Option<&DecryptHook>,
    level: VerifyLevel,
) -> Result<Inspection, InspectError> {
    let (mut reader, encrypted) = open(path, decrypt)?;
    let damaged = |why: String| InspectError::Damaged {
        path: path.to_owned(),
        why,
    };
    let info = reader.xml_info().image.clone();
    let mut files = Vec::new();
    let mut provxml = Vec::new();
    for e in reader.entries() {
        if e.is_dir {
            continue;
        }
        files.push(InspectedFile {
            path: e.path.clone(),
            size: e.size,
        });
        if e.path.starts_with("/Multivariant/0/Prov/") && e.path.ends_with(".provxml") {
            provxml.push(e.path.clone());
        }
    }
    provxml.sort_by_key(|p| file_number(p));
    const CUSTOMIZATIONS: &str = "/Multivariant/0/customizations.xml";
    let has_customizations = reader.entry(CUSTOMIZATIONS).is_some();
    let mut budget = MAX_SETTINGS_TOTAL;
    let mut settings_read = std::collections::HashSet::new();
    let mut read_text = |p: &str| -> Result<String, InspectError> {
        let size = reader.entry(p).map_or(0, |e| e.size);
        let limit = MAX_SETTINGS_FILE.min(budget);
        if size > limit {
            return Err(damaged(format!(
                "{p} is {size} bytes; inspect reads at most {} of a settings file and {} in all",
                crate::fsutil::size_text(MAX_SETTINGS_FILE),
                crate::fsutil::size_text(MAX_SETTINGS_TOTAL)
            )));
        }
        let file = reader.open_file(p).map_err(|e| damaged(e.to_string()))?;
        let buf = crate::fsutil::read_stream_capped(file, limit)
            .map_err(|e| damaged(crate::wim::WimError::from(e).to_string()))?
            .map_err(|_| damaged(format!("{p} is larger than its entry says")))?;
        budget -= buf.len() as u64;
        settings_read.insert(p.to_owned());
        let s = String::from_utf8(buf).map_err(|_| damaged(format!("{p} is not UTF-8")))?;
        Ok(s.trim_start_matches('\u{feff}').to_owned())
    };
    let custom = if has_customizations {
        Some(read_text(CUSTOMIZATIONS)?)
    } else {
        None
    }
    .and_then(|t| read_customizations(t.as_bytes()).ok());
    let mut parms = Vec::new();
    for p in &provxml {
        let text = read_text(p)?;
        let root = parse_tree(&text).map_err(|e| damaged(format!("{p}: {e}")))?;
        collect_parms(&root, &mut Vec::new(), &mut parms);
    }
    let verified = verify(&mut reader, level, &settings_read).map_err(damaged)?;
    let catalog = check_pair(path, &path.with_extension("cat"));

    let mut out = Inspection {
        name: info.name.clone(),
        package_id: info.package_id.clone(),
        version: info.version.clone(),
        owner: custom
            .as_ref()
            .map(|c| c.package.owner().to_string())
            .unwrap_or_default(),
        rank: custom.as_ref().map(|c| c.package.rank_value()).unwrap_or(0),
        altitude: info.altitude,
        notes: info.notes.clone(),
        encrypted,
        settings: Vec::new(),
        commands: Vec::new(),
        files,
        verified,
        catalog,
        kiosk: None,
        warnings: Vec::new(),
    };
    out.warnings.extend(
        custom
            .as_ref()
            .and_then(crate::project::variants::in_package),
    );
    match &out.catalog {
        PairCheck::Mismatch => out.warnings.push(format!(
            "{} does not match this package: it belongs to another build (an interrupted or replaced build?); build the package again.",
            path.with_extension("cat").display()
        )),
        PairCheck::Unreadable(why) => out
            .warnings
            .push(format!("The catalog beside the package cannot be checked: {why}.")),
        PairCheck::Matches | PairCheck::Missing => {}
    }
    if out.verified.files_checked < out.verified.files_total {
        out.warnings.push(format!(
            "Only the settings files were checked against their SHA-1 ({} of {} files); add --verify to check every file.",
            out.verified.files_checked, out.verified.files_total
        ));
    }
    let command_names: Vec<String> = custom
        .as_ref()
        .and_then(|c| {
            c.common()
                .and_then(|n| n.descend(applications::COMMANDS))
                .cloned()
        })
        .map(|n| {
            n.children
                .iter()
                .map(|c| c.attr("Name").unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    describe(&parms, &command_names, &mut out);
    Ok(out)
}

/// Checks the contents as `level` says; the tree was checked when the image was opened.
fn verify<R: Read + Seek>(
    reader: &mut wim::Reader<R>,
    level: VerifyLevel,
    settings_read: &std::collections::HashSet<String>,
) -> Result<Verification, String> {
    let mut unique = std::collections::HashMap::new();
    for e in reader.entries() {
        if let Some(h) = e.sha1 {
            unique.insert(h, e.size);
        }
    }
    let total: u64 = unique.values().sum();
    if level == VerifyLevel::Full || total <= AUTO_VERIFY_BYTES {
        let (files_checked, bytes_checked) = reader.verify().map_err(|e| e.to_string())?;
        return Ok(Verification {
            tree: true,
            files_checked,
            files_total: unique.len(),
            bytes_checked,
        });
    }
    // The settings files were read whole, and reading checks the SHA-1 at the end.
    let mut checked = std::collections::HashSet::new();
    let mut bytes_checked = 0;
    for p in settings_read {
        if let Some(e) = reader.entry(p)
            && let Some(h) = e.sha1
            && checked.insert(h)
        {
            bytes_checked += e.size;
        }
    }
    Ok(Verification {
        tree: true,
        files_checked: checked.len(),
        files_total: unique.len(),
        bytes_checked,
    })
}

/// Extracts every file of the package into the folder `dir` (created when missing; it
/// must be empty), refusing names that could escape it. Every file is checked against its
/// SHA-1 before it gets its name; a file that fails is removed and extraction stops.
pub fn extract(path: &Path, dir: &Path, decrypt: Option<&DecryptHook>) -> Result<(), InspectError> {
    let (mut reader, _) = open(path, decrypt)?;
    std::fs::create_dir_all(dir).map_err(|source| InspectError::Write {
        path: dir.to_owned(),
        source,
    })?;
    reader.extract_to(dir).map_err(|e| match e {
        wim::WimError::Write { path, source } => InspectError::Write { path, source },
        wim::WimError::Io(source) => InspectError::Io {
            path: path.to_owned(),
            source,
        },
        e => InspectError::Damaged {
            path: path.to_owned(),
            why: e.to_string(),
        },
    })
}

type Opened = (wim::Reader<io::BufReader<std::fs::File>>, bool);

/// Opens the package (refusing anything but a regular file: a device would never end);
/// an encrypted one is decrypted into an unnamed temporary file, which the system removes
/// even when the process is killed, so no plain copy is ever reachable by name.
fn open(path: &Path, decrypt: Option<&DecryptHook>) -> Result<Opened, InspectError> {
    let io_err = |source| InspectError::Io {
        path: path.to_owned(),
        source,
    };
    let (mut file, len) = crate::fsutil::open_regular(path).map_err(|e| match e {
        crate::fsutil::ReadError::Io(source) => io_err(source),
        other => InspectError::NotAFile {
            path: path.to_owned(),
            why: other.to_string(),
        },
    })?;
    let hook = match decrypt {
        Some(hook) if !is_wim(&mut file) => hook,
        _ => {
            file.rewind().map_err(io_err)?;
            let r = wim::Reader::new(io::BufReader::with_capacity(64 * 1024, file));
            return match r {
                Ok(r) => Ok((r, false)),
                Err(wim::WimError::Io(source)) => Err(io_err(source)),
                Err(wim::WimError::NotWim(_)) => Err(InspectError::NotAPackage(path.to_owned())),
                Err(e) => Err(InspectError::Damaged {
                    path: path.to_owned(),
                    why: e.to_string(),
                }),
            };
        }
    };
    file.rewind().map_err(io_err)?;
    let mut plain = tempfile::tempfile().map_err(io_err)?;
    hook(&mut (&mut file).take(len), len, &mut plain).map_err(|why| InspectError::Decrypt {
        path: path.to_owned(),
        why,
    })?;
    plain.rewind().map_err(io_err)?;
    let r = wim::Reader::new(io::BufReader::with_capacity(64 * 1024, plain)).map_err(|e| {
        InspectError::Decrypt {
            path: path.to_owned(),
            why: e.to_string(),
        }
    })?;
    Ok((r, true))
}

/// True when the file starts with the WIM magic (read from the start, position kept).
fn is_wim(file: &mut std::fs::File) -> bool {
    let mut magic = [0u8; 8];
    file.rewind().is_ok()
        && crate::fsutil::read_full(file, &mut magic).is_ok_and(|n| n == 8)
        && magic == crate::wim::header::MAGIC
}

fn file_number(p: &str) -> (bool, u64) {
    let name = p.rsplit('/').next().unwrap_or("");
    let n = name
        .split("__")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX);
    (p.contains("/User_RunTime/"), n)
}

/// A parm with the characteristic types around it.
#[derive(Debug)]
struct RawParm {
    chain: Vec<String>,
    name: String,
    value: String,
    settings_path: Option<String>,
}

fn collect_parms(node: &Node, chain: &mut Vec<String>, out: &mut Vec<RawParm>) {
    for c in &node.children {
        match c.name.as_str() {
            "characteristic" => {
                chain.push(c.attr("type").unwrap_or("").to_owned());
                collect_parms(c, chain, out);
                chain.pop();
            }
            "parm" => out.push(RawParm {
                chain: chain.clone(),
                name: c.attr("name").unwrap_or("").to_owned(),
                value: c.attr("value").unwrap_or("").to_owned(),
                settings_path: c.attr("SettingsPath").map(str::to_owned),
            }),
            _ => {}
        }
    }
}

/// Finds the catalog setting of a parm and the map key / list index it was under.
fn identify(p: &RawParm) -> Option<(&'static Setting, Option<String>)> {
    let mut full: Vec<&str> = p.chain.iter().map(String::as_str).collect();
    full.push(&p.name);
    let matches = |s: &Setting| -> Option<Option<String>> {
        let segs: Vec<&str> = s.chain.split('/').collect();
        if s.chain.is_empty() || segs.len() != full.len() {
            return None;
        }
        let mut key = None;
        for (pat, got) in segs.iter().zip(&full) {
            let pat = pat.split("!scope=").next().unwrap_or(pat);
            match pat {
                "~Key~" | "@CertificateHash@" => key = Some((*got).to_owned()),
                // An outer map's key (`~Key1~`…): part of the match, not the entry named.
                _ if pat.starts_with("~Key") && pat.ends_with('~') => {}
                _ if pat == *got => {}
                _ => return None,
            }
        }
        Some(key)
    };
    if let Some(s) = p.settings_path.as_deref().and_then(catalog::setting)
        && let Some(k) = matches(s)
    {
        return Some((s, k));
    }
    // Several settings can share a chain (the WLAN profile and a cellular SIM's Wi-Fi
    // profile file both write `WiFi/Profile/<id>/WlanXml`): prefer the one below the
    // parm's SettingsPath (WCD gives the group path for generated parms), then a value
    // over a whole file carried inline.
    let below = |s: &Setting| {
        p.settings_path
            .as_deref()
            .is_some_and(|sp| s.path.strip_prefix(sp).is_some_and(|r| r.starts_with('/')))
    };
    let is_file = |s: &Setting| matches!(s.kind, catalog::Kind::Asset(_));
    catalog::settings()
        .filter_map(|s| matches(s).map(|k| (s, k)))
        .min_by_key(|(s, _)| (!below(s), is_file(s)))
}

/// The command with list index `i`, created (named from customizations.xml) when new.
fn command<'c>(
    commands: &'c mut Vec<InspectedCommand>,
    names: &[String],
    i: u32,
) -> &'c mut InspectedCommand {
    let pos = match commands.iter().position(|c| c.index == i) {
        Some(p) => p,
        None => {
            let name = names
                .get(i as usize)
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("Command {i}"));
            commands.push(InspectedCommand {
                index: i,
                name,
                command_line: String::new(),
                files: Vec::new(),
            });
            commands.len() - 1
        }
    };
    &mut commands[pos]
}

fn describe(parms: &[RawParm], command_names: &[String], out: &mut Inspection) {
    let mut commands: Vec<InspectedCommand> = Vec::new();
    let mut users: Vec<(String, Option<String>, bool)> = Vec::new();
    let mut sign_in = crate::project::rules::SignIn::default();
    let mut kiosk = crate::project::kiosk::KioskSeen::default();
    let mut installs_apps = false;
    for p in parms {
        if p.chain.len() == 2 && p.chain[0] == "Provisioning" && p.chain[1] == "ForceSettingReload"
        {
            continue;
        }
        if p.chain.len() == 4 && p.chain[0] == "Provisioning" && p.chain[1] == "Assets" {
            let inst = &p.chain[3];
            installs_apps |= crate::project::rules::installs_apps(inst);
            let segs: Vec<&str> = inst.trim_start_matches('/').split('/').collect();
            if segs.len() >= 5 && segs[..3] == ["ProvisioningCommands", "PrimaryContext", "Command"]
            {
                if let Ok(i) = segs[3].parse() {
                    command(&mut commands, command_names, i)
                        .files
                        .push(p.value.clone());
                }
            }
            out.settings.push(InspectedSetting {
                path: inst.clone(),
                key: None,
                value: Some(p.value.clone()),
                text: format!("Packs file {} for {inst}", p.value),
            });
            continue;
        }
        let Some((s, key)) = identify(p) else {
            let path = format!("{}/{}", p.chain.join("/"), p.name);
            sign_in.observe(&path, &p.value);
            // An unknown setting may still be a credential: judge by its name.
            let value = (!catalog::might_be_secret(&p.name)).then(|| {
                match p.value.contains("WLANProfile") {
                    true => redact_wlan_profile(&p.value).text,
                    false => p.value.clone(),
                }
            });
            out.settings.push(InspectedSetting {
                text: format!(
                    "Unknown setting {path} = {}",
                    value.as_deref().unwrap_or("(hidden)")
                ),
                path,
                key: None,
                value,
            });
            continue;
        };
        // Judged by the value, whichever setting it was filed under: a WLAN profile may
        // carry the Wi-Fi key.
        let wlan = (s.path == network::WLAN_XML || p.value.contains("WLANProfile"))
            .then(|| redact_wlan_profile(&p.value));
        let wlan_key = wlan.as_ref().is_some_and(|w| w.had_key);
        installs_apps |= crate::project::rules::installs_apps(s.path);
        let shown = if s.secret {
            None
        } else if let catalog::Kind::Asset(form) = s.kind {
            Some(describe_inline(form, &p.value))
        } else if s.serialization() == Some(9) {
            Some(describe_store_install(&p.value))
        } else if let Some(w) = wlan {
            // A profile may carry the Wi-Fi key; show it without.
            Some(w.text)
        } else {
            Some(s.value_in_words(&p.value))
        };
        if wlan_key && !out.encrypted {
            out.warnings.push(
                "The package holds a secret in clear text (Wi-Fi password); anyone with the file can read it.".into(),
            );
        }
        if s.secret && !p.value.is_empty() && !out.encrypted {
            out.warnings.push(format!(
                "The package holds a secret in clear text ({}); anyone with the file can read it.",
                s.display_label().to_lowercase()
            ));
        }
        sign_in.observe(s.path, &p.value);
        kiosk.observe(s.path, key.as_deref(), &p.value);
        let k = key.clone().unwrap_or_default();
        let text = match s.path {
            accounts::USER_PASSWORD | accounts::USER_GROUP => {
                let pos = users.iter().position(|u| u.0 == k).unwrap_or_else(|| {
                    users.push((k.clone(), None, false));
                    users.len() - 1
                });
                if s.path.ends_with("Password") {
                    users[pos].2 = true;
                } else {
                    users[pos].1 = shown.clone();
                }
                None
            }
            accounts::BPRT => {
                out.warnings.push(
                    "The bulk token's expiry cannot be read from the package (the token is opaque); check the date noted when it was fetched.".into(),
                );
                Some("Joins Entra ID with a bulk token (value hidden)".to_owned())
            }
            accounts::DOMAIN_NAME => Some(format!("Joins the Active Directory domain {}", p.value)),
            device::HIDE_OOBE => {
                let hide_oobe = p.value == "true";
                Some(format!(
                    "{}: {}",
                    s.display_label(),
                    if hide_oobe { "yes" } else { "no" }
                ))
            }
            network::WLAN_XML => Some(wifi_text(&k, &p.value)),
            applications::COMMAND_LINE => {
                if let Ok(i) = k.parse() {
                    command(&mut commands, command_names, i).command_line = p.value.clone();
                }
                None
            }
            _ => {
                let v = shown.clone().unwrap_or_else(|| "(hidden)".into());
                let scope = if s.user { " (per user)" } else { "" };
                Some(if key.is_some() {
                    format!("{}{scope} [{k}]: {v}", s.display_label())
                } else {
                    format!("{}{scope}: {v}", s.display_label())
                })
            }
        };
        if let Some(text) = text {
            out.settings.push(InspectedSetting {
                path: s.path.to_owned(),
                key,
                value: shown,
                text,
            });
        }
    }
    for (name, group, password) in users {
        let role = if group.as_deref() == Some("Administrators") {
            "Local administrator"
        } else {
            "Local user"
        };
        let pw = if password { " (password hidden)" } else { "" };
        out.settings.push(InspectedSetting {
            path: accounts::USER.into(),
            key: Some(name.clone()),
            value: group,
            text: format!("{role}: {name}{pw}"),
        });
    }
    for c in &commands {
        out.settings.push(InspectedSetting {
            path: applications::COMMAND.into(),
            key: Some(c.index.to_string()),
            value: Some(c.command_line.clone()),
            text: format!("Runs: {} — {}", c.name, c.command_line),
        });
    }
    out.commands = commands;
    out.kiosk = kiosk.summary();
    if let Some(k) = &out.kiosk {
        out.settings.insert(
            0,
            InspectedSetting {
                path: "Kiosk".into(),
                key: Some(k.account.clone()),
                value: Some(k.app.clone()),
                text: k.sentence(),
            },
        );
    }
    if sign_in.locked_out() {
        out.warnings.push(crate::project::rules::LOCKED_OUT.into());
    }
    if installs_apps {
        out.warnings
            .push(crate::project::rules::APP_INSTALL_UNVERIFIED.into());
    }
    out.warnings.dedup();
}

/// "Wi-Fi: SSID x (WPA2-Personal, hidden, connects automatically)" from a profile.
fn wifi_text(ssid: &str, xml: &str) -> String {
    let tag = |t: &str| -> Option<String> {
        let start = xml.find(&format!("<{t}>"))? + t.len() + 2;
        let end = xml[start..].find(&format!("</{t}>"))? + start;
        Some(xml[start..end].to_owned())
    };
    let security = match tag("authentication").as_deref() {
        Some("WPA2PSK") => "WPA2-Personal".to_owned(),
        Some("open") if tag("encryption").as_deref() == Some("WEP") => "WEP".to_owned(),
        Some("open") => "open".to_owned(),
        Some(other) => other.to_owned(),
        None => "unknown security".to_owned(),
    };
    let mut parts = vec![security];
    if tag("nonBroadcast").as_deref() == Some("true") {
        parts.push("hidden".into());
    }
    parts.push(if tag("connectionMode").as_deref() == Some("manual") {
        "manual".into()
    } else {
        "connects automatically".into()
    });
    format!("Wi-Fi: SSID {ssid} ({})", parts.join(", "))
}

impl fmt::Display for Inspection {
    /// Every text that comes from the package is escaped ([`escape`]): a package's
    /// name, notes or command line cannot move the cursor or fake a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Package: {}", escape(&self.name))?;
        writeln!(f, "ID: {}", escape(&self.package_id))?;
        writeln!(f, "Version: {}", escape(&self.version))?;
        writeln!(
            f,
            "Owner: {} (rank {}, altitude {})",
            escape(&self.owner),
            self.rank,
            self.altitude
        )?;
        writeln!(
            f,
            "Encrypted: {}",
            if self.encrypted { "yes" } else { "no" }
        )?;
        writeln!(f, "Built by: {}", escape(&self.notes))?;
        let v = &self.verified;
        let files = if v.files_checked == v.files_total {
            format!("all {} files", v.files_total)
        } else {
            format!("{} of {} files", v.files_checked, v.files_total)
        };
        writeln!(
            f,
            "Checked: the directory tree and {files} ({}) match their SHA-1",
            crate::fsutil::size_text(v.bytes_checked)
        )?;
        let catalog = match &self.catalog {
            PairCheck::Matches => "matches the package (SHA-1 and SHA-256)",
            PairCheck::Mismatch => "DOES NOT MATCH the package",
            PairCheck::Missing => "none beside the package",
            PairCheck::Unreadable(_) => "cannot be checked",
        };
        writeln!(f, "Catalog (.cat): {catalog}")?;
        writeln!(f, "\nSettings:")?;
        for s in &self.settings {
            writeln!(f, "  {}", escape(&s.text))?;
        }
        writeln!(f, "\nFiles:")?;
        for file in &self.files {
            writeln!(f, "  {:>10}  {}", file.size, escape(&file.path))?;
        }
        if !self.warnings.is_empty() {
            writeln!(f, "\nWarnings:")?;
            for w in &self.warnings {
                writeln!(f, "  ! {}", escape(w))?;
            }
        }
        Ok(())
    }
}

/// A WLAN profile as it may be shown, and whether it held a key.
struct RedactedProfile {
    text: String,
    had_key: bool,
}

/// The profile with the text of every `keyMaterial` element (any namespace prefix, any
/// spacing inside the tags) replaced by `(hidden)`, found by parsing the XML rather than by
/// matching text. A profile that does not parse is hidden whole and counts as holding a key.
fn redact_wlan_profile(profile: &str) -> RedactedProfile {
    use quick_xml::events::{BytesText, Event};
    let unreadable = RedactedProfile {
        text: "(profile hidden: it is not well-formed XML)".into(),
        had_key: true,
    };
    let mut reader = quick_xml::Reader::from_str(profile);
    let mut writer = quick_xml::Writer::new(Vec::new());
    let mut depth_in_key = 0usize;
    let mut had_key = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(e) => e,
            Err(_) => return unreadable,
        };
        let is_key = |name: &str| name.eq_ignore_ascii_case("keyMaterial");
        let out = match event {
            Event::Start(ref e) if depth_in_key > 0 || is_key(e.local_name().into_inner()) => {
                if depth_in_key == 0 {
                    had_key = true;
                    let _ = writer.write_event(event.borrow());
                    let _ = writer.write_event(Event::Text(BytesText::new("(hidden)")));
                }
                depth_in_key += 1;
                None
            }
            Event::End(_) if depth_in_key > 0 => {
                depth_in_key -= 1;
                (depth_in_key == 0).then_some(event)
            }
            _ if depth_in_key > 0 => None,
            e => Some(e),
        };
        if let Some(e) = out
            && writer.write_event(e).is_err()
        {
            return unreadable;
        }
    }
    if depth_in_key > 0 {
        return unreadable;
    }
    match String::from_utf8(writer.into_inner()) {
        Ok(text) => RedactedProfile { text, had_key },
        Err(_) => unreadable,
    }
}

/// A whole text file put inline (a license or configuration XML), summarised: its
/// size and root element, never its contents.
fn describe_text_file(text: &str) -> String {
    let root = text
        .split('<')
        .skip(1)
        .find(|t| !t.starts_with('?') && !t.starts_with('!'))
        .map(|t| {
            t.chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
                .take(64)
                .collect::<String>()
        })
        .filter(|r| !r.is_empty());
    match root {
        Some(r) => format!(
            "an XML file <{r}> of {} bytes (contents not shown)",
            text.len()
        ),
        None => format!("a file of {} bytes (contents not shown)", text.len()),
    }
}

/// One element of a payload: its name and attributes.
type Element = (String, Vec<(String, String)>);

/// The elements of a small XML payload, in document order; `None` when it does not
/// parse.
fn payload_elements(xml: &str) -> Option<Vec<Element>> {
    fn flatten(n: &Node, out: &mut Vec<Element>) {
        out.push((n.name.clone(), n.attrs.clone()));
        n.children.iter().for_each(|c| flatten(c, out));
    }
    let root = parse_tree(xml).ok()?;
    let mut out = Vec::new();
    flatten(&root, &mut out);
    Some(out)
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The file a `PackageUri` names: its last path part (`<k>_<hash>\App.msix` → `App.msix`).
fn uri_file(uri: &str) -> &str {
    uri.rsplit(['\\', '/']).next().unwrap_or(uri)
}

/// A HostedInstall payload in words: the app's file, its dependencies and optional
/// packages, and the deployment options.
fn describe_hosted_install(xml: &str) -> String {
    // Another tool may write a bare location instead of the documented XML.
    let Some(elements) = payload_elements(xml) else {
        return format!("installs {}", uri_file(xml.trim()));
    };
    let mut app = None;
    let mut options = None;
    let mut deps = Vec::new();
    let mut optional = Vec::new();
    for (name, attrs) in &elements {
        let uri = attr(attrs, "PackageUri").map(uri_file);
        match name.as_str() {
            "Application" => {
                app = uri;
                options = attr(attrs, "DeploymentOptions");
            }
            "Dependency" => deps.extend(uri),
            "Package" => optional.extend(uri),
            _ => {}
        }
    }
    let mut text = format!("installs {}", app.unwrap_or("(no file named)"));
    let list = |what: &str, files: &[&str]| match files.len() {
        0 => String::new(),
        1 => format!(", 1 {what}: {}", files[0]),
        n => format!(", {n} {what}s: {}", files.join(", ")),
    };
    text.push_str(&list("dependency", &deps));
    text.push_str(&list("optional package", &optional));
    if let Some(o) = options.filter(|o| *o != "0") {
        text.push_str(&format!(", deployment options {o}"));
    }
    text
}

/// An AddLicense payload: only the licence's size (it is the customer's entitlement).
fn describe_license(xml: &str) -> String {
    use base64::Engine;
    let content = payload_elements(xml).and_then(|els| {
        els.iter()
            .find(|(n, _)| n == "License")
            .and_then(|(_, a)| attr(a, "Content").map(str::to_owned))
    });
    match content.map(|c| base64::engine::general_purpose::STANDARD.decode(c.trim())) {
        Some(Ok(bytes)) => format!("a licence of {} bytes (contents not shown)", bytes.len()),
        _ => "(a licence payload that cannot be read)".into(),
    }
}

/// A StoreInstall payload in words: the Store product and SKU.
fn describe_store_install(xml: &str) -> String {
    let app = payload_elements(xml).and_then(|els| {
        els.into_iter()
            .find(|(n, _)| n == "Application")
            .map(|(_, a)| a)
    });
    match app {
        Some(a) => format!(
            "installs Store product {} (SKU {}, flags {})",
            attr(&a, "id").unwrap_or("?"),
            attr(&a, "skuid").unwrap_or("?"),
            attr(&a, "flags").unwrap_or("?")
        ),
        None => "(a Store install payload that cannot be read)".into(),
    }
}

/// A certificate put inline into the package, described instead of dumped: the subject
/// and thumbprint of a `.cer`, only the size of a `.pfx` (it holds a private key).
fn describe_inline(form: catalog::AssetForm, b64: &str) -> String {
    use base64::Engine;
    match form {
        catalog::AssetForm::FileText => return describe_text_file(b64),
        catalog::AssetForm::AppPackage | catalog::AssetForm::AppDependency => {
            return describe_hosted_install(b64);
        }
        catalog::AssetForm::AppLicense => return describe_license(b64),
        catalog::AssetForm::Serialized(_) => {
            return format!("{} bytes (contents not shown)", b64.len());
        }
        _ => {}
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64.trim()) else {
        return "(not valid Base64)".into();
    };
    match form {
        catalog::AssetForm::FileBase64 => format!("{} bytes (contents hidden)", bytes.len()),
        _ => {
            use sha1::Digest;
            use x509_cert::der::Decode;
            let thumb: String = sha1::Sha1::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect();
            match x509_cert::Certificate::from_der(&bytes) {
                Ok(c) => format!("{}, thumbprint {thumb}", c.tbs_certificate.subject),
                Err(_) => format!("not a valid certificate, thumbprint {thumb}"),
            }
        }
    }
}
