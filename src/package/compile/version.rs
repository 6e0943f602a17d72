//! Which WCD or ICD version a package is compiled as, and what that version does
//! differently. The one place that knows version numbers: everything else asks for a
//! [`Behaviour`].
//!
//! WCD writes its version into the WIM NOTES (`VERSION=…`): the Store WCD as
//! `2025.416.0.0+757d43c…` (year, month and day, build metadata after `+`), the ADK's
//! ICD as `10.0.22621.1`. The 2016 ICD writes no NOTES; its projects say `10.0.10586`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A WCD/ICD version as WCD writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WcdVersion {
    family: Family,
    /// Numeric parts, build metadata (`+…`) dropped.
    parts: Vec<u32>,
    /// The text as given (for messages and the NOTES).
    text: String,
}

/// The two lines of releases: their numbers cannot be compared with each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// WCD from the Microsoft Store: `YYYY.MDD.x.x`.
    Store,
    /// ICD from the Windows ADK: `10.0.<build>.<revision>`.
    Adk,
}

/// How `<n>__` provxml files are named and grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileNaming {
    /// `<n>__<instance path>.provxml`, SettingsGroup = UUID v5 of the group path.
    Sequenced,
    /// ICD 2016: one `<Category>_<k>.provxml` per top-level category, SettingsGroup =
    /// the category name, some categories in their own configuration source.
    ByCategory,
}

/// What a version does differently; derived from real packages (`corpus/`, `samples/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Behaviour {
    pub naming: FileNaming,
    /// `SettingsPath` on every parm (Store WCD 2022.1118 on; sample epower-v1.11, corpus
    /// pat-*; not 2019.808 nor any ADK/ICD build).
    pub settings_path_attrs: bool,
    /// Whether the WIM XML carries NOTES (`VERSION=…;TargetSkus=…`); the 2016 ICD wrote
    /// none (corpus iotkit-*).
    pub wim_notes: bool,
    /// `TargetSkus` this version writes for a plain desktop project when the project does
    /// not say: `Desktop` up to 2022.1118 and ADK 22621 (sample epower-v1.11, corpus
    /// osd-*-OSDCloudDriverPack), `WindowsCommon,Desktop` from ADK 26100 and Store 2025
    /// (corpus osd-setupspecialize, pat-*).
    pub default_target_skus: &'static str,
}

/// A version seen in real packages, with its behaviour.
struct Known {
    family: Family,
    parts: &'static [u32],
    behaviour: Behaviour,
}

const fn b(
    naming: FileNaming,
    settings_path_attrs: bool,
    wim_notes: bool,
    default_target_skus: &'static str,
) -> Behaviour {
    Behaviour {
        naming,
        settings_path_attrs,
        wim_notes,
        default_target_skus,
    }
}

use FileNaming::{ByCategory, Sequenced};

/// Every version whose output the corpus shows, oldest first within each family.
const KNOWN: &[Known] = &[
    // corpus iotkit-*: no NOTES, `<Category>_<k>.provxml`.
    Known {
        family: Family::Adk,
        parts: &[10, 0, 10586],
        behaviour: b(ByCategory, false, false, "Desktop"),
    },
    // reference README: ADK 17134 builds number files and use User_RunTime.
    Known {
        family: Family::Adk,
        parts: &[10, 0, 17134],
        behaviour: b(Sequenced, false, true, "Desktop"),
    },
    // sample epower-v1.1, corpus osd-*-OSDCloudDriverPack.
    Known {
        family: Family::Adk,
        parts: &[10, 0, 22621],
        behaviour: b(Sequenced, false, true, "Desktop"),
    },
    // corpus osd-setupspecialize, osd-osdcloud-oobe.
    Known {
        family: Family::Adk,
        parts: &[10, 0, 26100],
        behaviour: b(Sequenced, false, true, "WindowsCommon,Desktop"),
    },
    // corpus iialab-lab06-*.
    Known {
        family: Family::Store,
        parts: &[2019, 808],
        behaviour: b(Sequenced, false, true, "Desktop"),
    },
    // sample epower-v1.11.
    Known {
        family: Family::Store,
        parts: &[2022, 1118],
        behaviour: b(Sequenced, true, true, "Desktop"),
    },
    // corpus pat-*.
    Known {
        family: Family::Store,
        parts: &[2025, 416],
        behaviour: b(Sequenced, true, true, "WindowsCommon,Desktop"),
    },
];

/// The version used when none is asked for: the newest Store WCD we have output of.
pub const NEWEST: &str = "2025.416.0.0";

/// A version string WCD would not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a WCD version; use the form WCD writes, e.g. 2025.416.0.0 (Store) or 10.0.22621.1 (ADK)"
)]
pub struct BadVersion(pub String);

/// A version resolved to the behaviour it gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub behaviour: Behaviour,
    /// Set when the version is not one we have output of: one line saying which known
    /// version's behaviour it takes (the CLI prints it on stderr).
    pub note: Option<String>,
}

impl WcdVersion {
    /// The newest Store WCD (the default).
    pub fn newest() -> Self {
        NEWEST.parse().expect("NEWEST parses")
    }

    /// The ICD of 2016, which writes no NOTES: how a package without NOTES was built.
    pub fn icd_2016() -> Self {
        "10.0.10586".parse().expect("parses")
    }

    pub fn family(&self) -> Family {
        self.family
    }

    /// The text as given, e.g. for `VERSION=` in the NOTES.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Compares the significant parts (Store: year and month-day; ADK: the build).
    fn key(&self) -> &[u32] {
        let n = match self.family {
            Family::Store => 2,
            Family::Adk => 3,
        };
        &self.parts[..n.min(self.parts.len())]
    }

    /// The behaviour of this version: a known one's, or the nearest older known one's
    /// with a note saying so (the oldest of the family when it is older than all).
    pub fn resolve(&self) -> Resolved {
        let same: Vec<&Known> = KNOWN.iter().filter(|k| k.family == self.family).collect();
        let key = self.key();
        if let Some(k) = same
            .iter()
            .find(|k| cmp_parts(k.parts, key) == Ordering::Equal)
        {
            return Resolved {
                behaviour: k.behaviour,
                note: None,
            };
        }
        let older = same
            .iter()
            .rev()
            .find(|k| cmp_parts(k.parts, key) == Ordering::Less);
        let (k, how) = match older {
            Some(k) => (*k, "the nearest older version we know"),
            None => (same[0], "the oldest version we know"),
        };
        let known_text = k
            .parts
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".");
        Resolved {
            behaviour: k.behaviour,
            note: Some(format!(
                "WCD version {} is not one whose packages we have seen; compiling as {known_text}, {how}.",
                self.text
            )),
        }
    }

    /// The behaviour, without the note.
    pub fn behaviour(&self) -> Behaviour {
        self.resolve().behaviour
    }
}

fn cmp_parts(a: &[u32], b: &[u32]) -> Ordering {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            a.get(i)
                .copied()
                .unwrap_or(0)
                .cmp(&b.get(i).copied().unwrap_or(0))
        })
        .find(|o| *o != Ordering::Equal)
        .unwrap_or(Ordering::Equal)
}

impl Default for WcdVersion {
    fn default() -> Self {
        WcdVersion::newest()
    }
}

impl fmt::Display for WcdVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for WcdVersion {
    type Err = BadVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadVersion(s.to_owned());
        let text = s.trim();
        let numeric = text.split('+').next().unwrap_or("");
        let parts: Vec<u32> = numeric
            .split('.')
            .map(|p| p.parse::<u32>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        if !(2..=4).contains(&parts.len()) {
            return Err(bad());
        }
        let family = match parts[0] {
            10 if parts[1] == 0 && parts.len() >= 3 => Family::Adk,
            2015..=2099 => Family::Store,
            _ => return Err(bad()),
        };
        Ok(WcdVersion {
            family,
            parts,
            text: text.to_owned(),
        })
    }
}

impl serde::Serialize for WcdVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for WcdVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_wcd_writes() {
        let v: WcdVersion = "2025.416.0.0+757d43c324c9c7478617b0f9126747d9cdee37db"
            .parse()
            .unwrap();
        assert_eq!(v.family(), Family::Store);
        assert!(v.resolve().note.is_none());
        assert!(v.behaviour().settings_path_attrs);
        for s in [
            "10.0.22621.1",
            "10.0.26100.2454",
            "2019.808.0.0",
            "10.0.10586",
        ] {
            let v: WcdVersion = s.parse().unwrap();
            assert!(v.resolve().note.is_none(), "{s}");
            assert!(!v.behaviour().settings_path_attrs, "{s}");
        }
        assert_eq!(
            WcdVersion::icd_2016().behaviour().naming,
            FileNaming::ByCategory
        );
        for bad in ["", "2025", "11.0.1.1", "x.y", "2025.4a.0.0", "10.1.22621.1"] {
            assert!(bad.parse::<WcdVersion>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_default_names_editions_we_know() {
        for k in KNOWN {
            let t = crate::package::TargetEditions::from_skus(k.behaviour.default_target_skus);
            assert!(matches!(t, Ok(Some(_))), "{:?}", k.parts);
        }
    }

    #[test]
    fn between_known_versions_takes_the_older_one_and_says_so() {
        let v: WcdVersion = "2024.101.0.0".parse().unwrap();
        let r = v.resolve();
        assert_eq!(r.behaviour, KNOWN[5].behaviour);
        let note = r.note.unwrap();
        assert!(
            note.contains("2024.101.0.0") && note.contains("2022.1118"),
            "{note}"
        );
        assert!(!note.contains('\n'));
        let v: WcdVersion = "10.0.19041.1".parse().unwrap();
        assert_eq!(v.behaviour(), KNOWN[1].behaviour);
        let v: WcdVersion = "2018.1.0.0".parse().unwrap();
        assert!(v.resolve().note.unwrap().contains("oldest"));
        // Same build, another revision: the known behaviour, no note.
        let v: WcdVersion = "10.0.22621.382".parse().unwrap();
        assert!(v.resolve().note.is_none());
        assert!(WcdVersion::newest().resolve().note.is_none());
    }
}
