//! `inspect` names settings from the store: no "Unknown setting" for anything a store
//! knows, values in words, user-scoped settings marked, whole inline files summarised.

mod common;

use ppkg_wizard::package::{BuildOptions, build, inspect};
use std::path::PathBuf;

#[test]
fn every_real_package_is_described_without_unknown_settings() {
    let pkgs = common::reference_packages();
    assert!(pkgs.len() >= 29);
    let mut unknown = Vec::new();
    for p in &pkgs {
        let ins = inspect(p, None).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(!ins.settings.is_empty(), "{}", p.display());
        for s in &ins.settings {
            if s.text.starts_with("Unknown setting") {
                unknown.push(format!("{}: {}", p.display(), s.text));
            }
        }
    }
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
}

#[test]
fn an_inline_license_file_is_summarised_not_dumped() {
    let pkg = common::reference_packages()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("iotkit-ProSKU"))
        .unwrap();
    let ins = inspect(&pkg, None).unwrap();
    let lic = ins
        .settings
        .iter()
        .find(|s| s.path == "EditionUpgrade/UpgradeEditionWithLicense")
        .expect("the license setting is named");
    assert!(lic.text.contains("an XML file <Macros> of"), "{}", lic.text);
    assert!(!lic.text.contains("owned by"), "{}", lic.text);
    assert!(lic.text.len() < 200, "{}", lic.text);
}

#[test]
fn values_in_words_and_user_scope_marked() {
    let d = common::wcd_xml::doc(
        "Words",
        &[
            ("Policies/Experience/AllowWindowsSpotlight", "0"),
            ("Policies/Browser/AllowAutofill", "Disable"),
            ("OOBE/Desktop/HideOobe", "True"),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let opts = BuildOptions::new(out.path());
    let none = |_: &str| -> Option<PathBuf> { None };
    let res = build(&d, &none, &opts, &mut |_| {}).unwrap();
    let ins = inspect(&res.ppkg, None).unwrap();
    let texts: Vec<&str> = ins.settings.iter().map(|s| s.text.as_str()).collect();
    let find = |path: &str| {
        ins.settings
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.text.as_str())
            .unwrap_or_else(|| panic!("{path} not in {texts:#?}"))
    };
    assert!(
        find("Policies/Experience/AllowWindowsSpotlight").contains("(per user)"),
        "{texts:#?}"
    );
    assert_eq!(
        find("Policies/Browser/AllowAutofill"),
        "AllowAutofill: Disable"
    );
    assert_eq!(
        find("OOBE/Desktop/HideOobe"),
        "Hide OOBE Flow for Desktop: yes"
    );
    assert!(!find("Policies/Browser/AllowAutofill").contains("(per user)"));
}
