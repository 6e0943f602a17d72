//! `<PackageConfig>`: who made the package and how Windows ranks it against others.

use std::fmt;
use std::str::FromStr;

/// Who the package is from. Windows orders packages by owner, then rank: the pair becomes
/// the WIM's ALTITUDE (owner base + rank).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum OwnerType {
    Microsoft,
    SiliconVendor,
    #[serde(rename = "OEM")]
    Oem,
    SystemIntegrator,
    MobileOperator,
    #[default]
    #[serde(rename = "ITAdmin")]
    ItAdmin,
}

impl OwnerType {
    /// All owner types, in altitude order.
    pub const ALL: [OwnerType; 6] = [
        OwnerType::Microsoft,
        OwnerType::SiliconVendor,
        OwnerType::Oem,
        OwnerType::SystemIntegrator,
        OwnerType::MobileOperator,
        OwnerType::ItAdmin,
    ];

    /// The spelling used in customizations.xml.
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerType::Microsoft => "Microsoft",
            OwnerType::SiliconVendor => "SiliconVendor",
            OwnerType::Oem => "OEM",
            OwnerType::SystemIntegrator => "SystemIntegrator",
            OwnerType::MobileOperator => "MobileOperator",
            OwnerType::ItAdmin => "ITAdmin",
        }
    }

    /// Base altitude; the package's ALTITUDE is this plus the rank.
    pub fn altitude_base(self) -> u32 {
        match self {
            OwnerType::Microsoft => 0,
            OwnerType::SiliconVendor => 1000,
            OwnerType::Oem => 2000,
            OwnerType::SystemIntegrator => 3000,
            OwnerType::MobileOperator => 4000,
            OwnerType::ItAdmin => 5000,
        }
    }
}

impl fmt::Display for OwnerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OwnerType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OwnerType::ALL
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "\"{s}\" is not an owner type; use one of Microsoft, SiliconVendor, OEM, SystemIntegrator, MobileOperator, ITAdmin"
                )
            })
    }
}

/// The `<PackageConfig>` block. Fields hold text exactly as in the document so that an
/// imported file is written back unchanged; typed accessors interpret them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PackageConfig {
    /// `{guid}` as written (WCD writes lower case with braces).
    pub id: String,
    pub name: String,
    pub version: String,
    pub owner_type: String,
    pub rank: String,
    /// `Some("")` for WCD's usual empty `<Notes></Notes>`.
    pub notes: Option<String>,
    pub description: Option<String>,
}

impl PackageConfig {
    /// Owner type, defaulting to ITAdmin when absent or unknown.
    pub fn owner(&self) -> OwnerType {
        self.owner_type.parse().unwrap_or_default()
    }

    /// Rank 0–99 (0 when absent or not a number).
    pub fn rank_value(&self) -> u32 {
        self.rank.trim().parse().unwrap_or(0)
    }

    /// WIM ALTITUDE: owner base + rank.
    pub fn altitude(&self) -> u32 {
        self.owner().altitude_base() + self.rank_value()
    }

    /// The package id as a UUID, if it parses.
    pub fn uuid(&self) -> Option<uuid::Uuid> {
        uuid::Uuid::parse_str(self.id.trim().trim_start_matches('{').trim_end_matches('}')).ok()
    }
}
