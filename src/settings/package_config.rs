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

/// A `<PackageConfig>` value WCD would refuse, one sentence each.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error(
        "the package version \"{0}\" is not a version number: use 2 to 4 whole numbers separated by dots, such as 1.0, 3.294 or 20221005.3"
    )]
    Version(String),
    #[error("the package rank \"{0}\" is not a whole number from 0 to 99")]
    Rank(String),
    #[error(
        "\"{0}\" is not an owner type; use one of Microsoft, SiliconVendor, OEM, SystemIntegrator, MobileOperator, ITAdmin"
    )]
    OwnerType(String),
}

impl PackageConfig {
    /// Every value WCD would refuse. Empty fields are absent ones (WCD's defaults apply).
    pub fn problems(&self) -> Vec<MetadataError> {
        let mut out = Vec::new();
        // As .NET's System.Version, which WCD parses it with: each part a 32-bit int.
        let number = |p: &str| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n <= i32::MAX as u32)
        };
        let version = self.version.trim();
        let parts = version.split('.').count();
        let version_ok = (2..=4).contains(&parts) && version.split('.').all(number);
        if !version.is_empty() && !version_ok {
            out.push(MetadataError::Version(self.version.clone()));
        }
        let rank = self.rank.trim();
        let rank_ok =
            rank.bytes().all(|b| b.is_ascii_digit()) && rank.parse::<u8>().is_ok_and(|r| r <= 99);
        if !rank.is_empty() && !rank_ok {
            out.push(MetadataError::Rank(self.rank.clone()));
        }
        if !self.owner_type.trim().is_empty() && self.owner_type.parse::<OwnerType>().is_err() {
            out.push(MetadataError::OwnerType(self.owner_type.clone()));
        }
        out
    }

    /// Owner type, defaulting to ITAdmin when absent or unknown.
    pub fn owner(&self) -> OwnerType {
        self.owner_type.parse().unwrap_or_default()
    }

    /// Rank 0–99 (0 when absent or not a number; [`Self::problems`] reports the latter).
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
