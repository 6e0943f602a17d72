//! customizations.xml as WCD writes it, for tests that start from a WCD project.

use ppkg_wizard::settings::{Customizations, PackageConfig, SettingPath};

/// The text of a customizations.xml for package `id` (with its braces) named `name`:
/// `common` is the inside of `<Common>`, `after_common` what follows it inside
/// `<Customizations>` (targets, variants; empty for none). Both are whole lines, indented
/// as they stand in the file.
pub fn customizations(id: &str, name: &str, common: &str, after_common: &str) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<WindowsCustomizations>
  <PackageConfig xmlns="urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0">
    <ID>{id}</ID>
    <Name>{name}</Name>
    <Version>1.0</Version>
    <OwnerType>ITAdmin</OwnerType>
    <Rank>0</Rank>
  </PackageConfig>
  <Settings xmlns="urn:schemas-microsoft-com:windows-provisioning">
    <Customizations>
      <Common>
{common}
      </Common>
"#
    );
    if !after_common.is_empty() {
        s.push_str(after_common);
        s.push('\n');
    }
    s.push_str("    </Customizations>\n  </Settings>\n</WindowsCustomizations>\n");
    s
}

/// The package id the settings documents of [`doc`] carry.
pub const DOC_ID: &str = "{11111111-2222-3333-4444-555555555555}";

/// A settings document named `name` (id [`DOC_ID`], version 1.0) with each
/// `(setting path, value)` set under `<Common>`, in order.
pub fn doc(name: &str, settings: &[(&str, &str)]) -> Customizations {
    let mut d = Customizations::new(PackageConfig {
        id: DOC_ID.into(),
        name: name.into(),
        version: "1.0".into(),
        owner_type: "ITAdmin".into(),
        rank: "0".into(),
        notes: Some(String::new()),
        description: None,
    });
    for (path, value) in settings {
        let p: SettingPath = path.parse().unwrap();
        p.find_or_insert(d.common_mut()).unwrap().text = Some((*value).into());
    }
    d
}
