//! The Windows editions a WCD project targets: `<TargetEditions>` of its `.icdproj.xml`,
//! `TargetSkus=` of the WIM NOTES. They decide which settings stores WCD compiles with,
//! and so the order of the `<n>__` files: with `WindowsCommon` the Common store's
//! settings come first (the ICD.log files of sources DB and GP, catalog §2.7).

use std::fmt;
use std::str::FromStr;

/// One target edition, as WCD names it in `<Edition>` and `TargetSkus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edition {
    /// "All Windows editions": `Microsoft-Common-Provisioning.dat`.
    WindowsCommon,
    /// "All Windows desktop editions": `Microsoft-Desktop-Provisioning.dat`.
    Desktop,
    /// "Windows 10 IoT Core": `Microsoft-IoTUAP-Provisioning.dat` (corpus iotkit
    /// projects). We hold no store of it.
    Athens,
}

/// Every edition we accept, in the order the messages list them.
const ALL: [Edition; 3] = [Edition::WindowsCommon, Edition::Desktop, Edition::Athens];

/// An `<Edition>` name that is none of [`Edition`]'s.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a Windows edition this tool can target; the editions are WindowsCommon (all Windows editions), Desktop (desktop editions) and Athens (IoT Core)"
)]
pub struct UnknownEdition(pub String);

impl Edition {
    /// The name WCD writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::WindowsCommon => "WindowsCommon",
            Edition::Desktop => "Desktop",
            Edition::Athens => "Athens",
        }
    }

    /// The store file an `.icdproj.xml` names for it.
    pub fn store_file(self) -> &'static str {
        match self {
            Edition::WindowsCommon => "Microsoft-Common-Provisioning.dat",
            Edition::Desktop => "Microsoft-Desktop-Provisioning.dat",
            Edition::Athens => "Microsoft-IoTUAP-Provisioning.dat",
        }
    }

    /// The title WCD shows for it (its `<Name>` in an `.icdproj.xml`; ICD 17134 on).
    pub fn title(self) -> &'static str {
        match self {
            Edition::WindowsCommon => "All Windows editions",
            Edition::Desktop => "All Windows desktop editions",
            Edition::Athens => "Windows 10 IoT Core",
        }
    }

    /// WCD's `<Description>` of it in an `.icdproj.xml`.
    pub fn description(self) -> &'static str {
        match self {
            Edition::WindowsCommon => {
                "Selecting this option will display settings that apply to all Windows editions."
            }
            Edition::Desktop => {
                "Selecting this option will display settings that are specific to the desktop editions as well as settings that are common to all Windows editions."
            }
            Edition::Athens => {
                "Selecting this option will display settings that are specific to the Windows 10 IoT Core edition as well as settings that are common to all Windows editions."
            }
        }
    }

    /// Why a project targeting it may not compile exactly as WCD would: `None` when we
    /// hold its settings store.
    pub fn caveat(self) -> Option<&'static str> {
        match self {
            Edition::WindowsCommon | Edition::Desktop => None,
            Edition::Athens => Some(
                "the project targets Athens (Windows 10 IoT Core), whose settings store this tool does not have: its settings are compiled with the desktop store's rules",
            ),
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Edition {
    type Err = UnknownEdition;

    /// Case-insensitive, as Windows compares these names.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        ALL.into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownEdition(t.to_owned()))
    }
}

/// The editions a project targets: at least one, each once, in the project's order
/// (WCD writes `TargetSkus` in its `.icdproj.xml` order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetEditions(Vec<Edition>);

impl TargetEditions {
    /// From `<Edition>` names; `Ok(None)` when there are none (the version's default
    /// applies). Repeated names count once.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Option<Self>, UnknownEdition> {
        let mut out: Vec<Edition> = Vec::new();
        for n in names {
            let e: Edition = n.as_ref().parse()?;
            if !out.contains(&e) {
                out.push(e);
            }
        }
        Ok((!out.is_empty()).then_some(TargetEditions(out)))
    }

    /// From a `TargetSkus` value (`WindowsCommon,Desktop`).
    pub fn from_skus(skus: &str) -> Result<Option<Self>, UnknownEdition> {
        let names: Vec<&str> = skus.split(',').filter(|s| !s.trim().is_empty()).collect();
        Self::from_names(&names)
    }

    /// What `version` targets when the project does not say.
    pub fn default_for(version: &super::WcdVersion) -> Self {
        Self::from_skus(version.behaviour().default_target_skus)
            .ok()
            .flatten()
            .expect("every known version's default names known editions")
    }

    /// The editions in order.
    pub fn editions(&self) -> &[Edition] {
        &self.0
    }

    /// The `TargetSkus` value WCD writes into the NOTES.
    pub fn skus(&self) -> String {
        self.0
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// What the user should know before building (editions whose store we lack).
    pub fn caveats(&self) -> Vec<&'static str> {
        self.0.iter().filter_map(|e| e.caveat()).collect()
    }
}

impl serde::Serialize for TargetEditions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|e| e.as_str()))
    }
}

impl<'de> serde::Deserialize<'de> for TargetEditions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        TargetEditions::from_names(&names)
            .map_err(serde::de::Error::custom)?
            .ok_or_else(|| {
                serde::de::Error::custom(
                    "target_editions lists no edition; leave it out for the WCD version's default",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_wcd_writes_them() {
        let t = TargetEditions::from_names(&["WindowsCommon", "desktop", "Desktop"])
            .unwrap()
            .unwrap();
        assert_eq!(t.editions(), [Edition::WindowsCommon, Edition::Desktop]);
        assert_eq!(t.skus(), "WindowsCommon,Desktop");
        assert!(t.caveats().is_empty());
        assert_eq!(TargetEditions::from_names::<&str>(&[]).unwrap(), None);
        let t = TargetEditions::from_skus("Desktop").unwrap().unwrap();
        assert_eq!(t.skus(), "Desktop");
        let v: super::super::WcdVersion = "10.0.17134.1".parse().unwrap();
        assert_eq!(TargetEditions::default_for(&v).skus(), "Desktop");
        assert_eq!(
            TargetEditions::default_for(&Default::default()).skus(),
            "WindowsCommon,Desktop"
        );
    }

    #[test]
    fn an_unknown_edition_names_the_known_ones() {
        let e = TargetEditions::from_names(&["Desktop", "Holo"]).unwrap_err();
        assert_eq!(e, UnknownEdition("Holo".into()));
        let msg = e.to_string();
        for known in ["WindowsCommon", "Desktop", "Athens", "\"Holo\""] {
            assert!(msg.contains(known), "{msg}");
        }
        // `TargetSkus=Invalid` (icd.exe command-line builds) is not an edition either.
        assert!(TargetEditions::from_skus("Invalid").is_err());
    }

    #[test]
    fn an_edition_without_our_store_is_accepted_with_a_caveat() {
        let t = TargetEditions::from_names(&["Athens", "WindowsCommon"])
            .unwrap()
            .unwrap();
        assert_eq!(t.skus(), "Athens,WindowsCommon");
        assert_eq!(t.caveats().len(), 1);
        assert!(t.caveats()[0].contains("IoT Core"));
    }

    #[test]
    fn serde_is_a_list_of_names_and_checks_them() {
        let t = TargetEditions::from_skus("WindowsCommon,Desktop")
            .unwrap()
            .unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"["WindowsCommon","Desktop"]"#);
        assert_eq!(serde_json::from_str::<TargetEditions>(&json).unwrap(), t);
        let bad = serde_json::from_str::<TargetEditions>(r#"["Desktop","Mobil"]"#).unwrap_err();
        assert!(bad.to_string().contains("WindowsCommon"), "{bad}");
        assert!(serde_json::from_str::<TargetEditions>("[]").is_err());
    }
}
