//! build → .ppkg + .cat checked with wimlib and our reader; .cat structure against WCD's;
//! inspect on WCD's samples and on our output.

mod common;

use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::package::cat::{PackageHashes, catalog, parse_catalog};
use ppkg_wizard::package::{
    BuildError, BuildOptions, CompileOptions, Content, build, compile, inspect,
};
use ppkg_wizard::settings::read_customizations;
use ppkg_wizard::wim;
use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

/// The v1.11 sample's document with assets from the package WCD built.
fn sample_doc(tree: &std::path::Path) -> (ppkg_wizard::settings::Customizations, Vec<PathBuf>) {
    let dir = common::samples_dir().join("epower-v1.11");
    let doc = read_customizations(&fs::read(dir.join("customizations.xml")).unwrap()).unwrap();
    let mut assets = Vec::new();
    for d in fs::read_dir(tree.join("DataAsset")).unwrap() {
        let d = d.unwrap().path();
        if d.is_dir() {
            for k in fs::read_dir(&d).unwrap() {
                for f in fs::read_dir(k.unwrap().path()).unwrap() {
                    assets.push(f.unwrap().path());
                }
            }
        }
    }
    (doc, assets)
}

fn resolver(assets: &[PathBuf]) -> impl Fn(&str) -> Option<PathBuf> + '_ {
    move |text: &str| {
        let name = text.rsplit('\\').next().unwrap();
        assets
            .iter()
            .find(|p| p.file_name().unwrap() == name)
            .cloned()
    }
}

fn header_field(out: &str, key: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_default()
        .split('=')
        .nth(1)
        .unwrap_or("")
        .trim()
        .to_owned()
}

#[test]
fn catalog_matches_wcd_except_list_id_and_time() {
    for sample in ["epower-v1.11", "epower-v1.1"] {
        let dir = common::samples_dir().join(sample);
        let wcd_cat = fs::read(dir.join("e-power.cat")).unwrap();
        let hashes = PackageHashes::of(fs::File::open(dir.join("e-power.ppkg")).unwrap()).unwrap();
        let fields = parse_catalog(&wcd_cat).unwrap();
        assert_eq!(
            fields.hashes, hashes,
            "{sample}: WCD's catalog lists the package's hashes"
        );
        // Exceptions: the list identifier is random and the time is the build time; we
        // take both from WCD's file, everything else must be equal.
        let t = &fields.time;
        let when = time::PrimitiveDateTime::new(
            time::Date::from_calendar_date(
                2000 + t[0..2].parse::<i32>().unwrap(),
                time::Month::try_from(t[2..4].parse::<u8>().unwrap()).unwrap(),
                t[4..6].parse().unwrap(),
            )
            .unwrap(),
            time::Time::from_hms(
                t[6..8].parse().unwrap(),
                t[8..10].parse().unwrap(),
                t[10..12].parse().unwrap(),
            )
            .unwrap(),
        )
        .assume_utc();
        assert_eq!(catalog(&hashes, fields.list_id, when), wcd_cat, "{sample}");
    }
}

#[test]
fn build_sample_and_check_with_wimlib_and_our_reader() {
    if !common::tool_available("wimlib-imagex") {
        return;
    }
    let samples = common::samples_dir().join("epower-v1.11");
    let tree = common::wimlib_apply(&samples.join("e-power.ppkg"));
    let (mut doc, assets) = sample_doc(tree.path());
    doc.package.version = "1.11".into();
    let out = tempfile::tempdir().unwrap();
    let mut opts = BuildOptions::new(out.path());
    opts.threads = 2;
    let mut events = Vec::new();
    let res = build(&doc, &resolver(&assets), &opts, &mut |p| events.push(p)).unwrap();
    assert_eq!(
        res.ppkg,
        out.path().join("e-power Autopilot enrollment.ppkg")
    );
    assert!(res.cat.exists());
    assert_eq!(events.last().unwrap().files_done, res.files as u64);

    let verify = Command::new("wimlib-imagex")
        .arg("verify")
        .arg(&res.ppkg)
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let header = |p: &std::path::Path| {
        String::from_utf8(
            Command::new("wimlib-imagex")
                .arg("info")
                .arg("--header")
                .arg(p)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    let (ours, wcd) = (header(&res.ppkg), header(&samples.join("e-power.ppkg")));
    for key in [
        "Flags",
        "Chunk Size",
        "Version",
        "Image Count",
        "Boot Index",
        "Blob Table Flags",
        "XML Data Flags",
    ] {
        assert_eq!(header_field(&ours, key), header_field(&wcd, key), "{key}");
    }

    // Every file wimlib extracts equals the compiled tree.
    let compiled = compile(&doc, &resolver(&assets), CompileOptions::default()).unwrap();
    let applied = common::wimlib_apply(&res.ppkg);
    for f in &compiled.files {
        let got = fs::read(applied.path().join(&f.path)).unwrap();
        let want = match &f.content {
            Content::Bytes(b) => b.clone(),
            Content::Asset(a) => fs::read(&a.source).unwrap(),
        };
        assert!(got == want, "{}", f.path);
    }

    // Our reader: metadata and files.
    let mut r = wim::Reader::open(&res.ppkg).unwrap();
    let img = r.xml_info().image.clone();
    assert_eq!(img.name, "e-power Autopilot enrollment");
    assert_eq!(img.version, "1.11");
    assert_eq!(img.altitude, 5000);
    assert_eq!(img.package_id, "{f70f31bb-69aa-4a40-a800-f43b1a7af4f5}");
    assert_eq!(
        img.notes,
        format!(
            "VERSION={};Source=ppkg-wizard;;TargetSkus=WindowsCommon,Desktop;EncryptPackage=False;SignPackage=False;PackageID=f70f31bb-69aa-4a40-a800-f43b1a7af4f5;",
            env!("CARGO_PKG_VERSION")
        )
    );
    let mut s = String::new();
    r.open_file("/Multivariant/0/Prov/RunTime.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    assert!(s.contains("0__Accounts_Users_ICT.provxml"));

    // The .cat lists the package's hashes.
    let cat = parse_catalog(&fs::read(&res.cat).unwrap()).unwrap();
    assert_eq!(
        cat.hashes,
        PackageHashes::of(fs::File::open(&res.ppkg).unwrap()).unwrap()
    );

    // inspect reads every setting back.
    let ins = inspect(&res.ppkg, None).unwrap();
    let text = ins.to_string();
    for want in [
        "Local administrator: ICT (password hidden)",
        "Hide OOBE Flow for Desktop: yes",
        "Runs: Set-AutoPilot — PowerShell.exe -NoProfile -ExecutionPolicy Bypass -File .\\Set-Autopilot.ps1",
        "Runs: Disable-WindowsUpdate",
        "Time Zone: Romance Standard Time",
        "Desktop image url: blank-desktop.png",
        "Message levels for displaying status during Windows logon: Do not suppress",
        "Enable Auto Logon: ENABLE",
        "User Name: ICT",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(
        !text.contains("insecure"),
        "a password leaked into the report"
    );
    assert!(
        ins.warnings
            .iter()
            .any(|w| w.contains("secret in clear text (user account password)"))
    );
    let json = serde_json::to_string(&ins).unwrap();
    assert!(!json.contains("insecure"));

    // Building again refuses to replace, unless asked.
    let again = build(&doc, &resolver(&assets), &opts, &mut |_| {});
    assert!(
        matches!(again, Err(BuildError::OutputExists(_))),
        "{again:?}"
    );
    let before = fs::read(&res.ppkg).unwrap();
    assert_eq!(fs::read(&res.ppkg).unwrap(), before);
    opts.overwrite = Overwrite::Replace;
    build(&doc, &resolver(&assets), &opts, &mut |_| {}).unwrap();
    let names: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
}

#[test]
fn inspect_reads_both_wcd_samples() {
    for (sample, version) in [("epower-v1.11", "1.11"), ("epower-v1.1", "1.1")] {
        let ins = inspect(
            &common::samples_dir().join(sample).join("e-power.ppkg"),
            None,
        )
        .unwrap();
        assert_eq!(ins.name, "e-power Autopilot enrollment", "{sample}");
        assert_eq!(ins.version, version);
        assert_eq!(ins.owner, "ITAdmin");
        assert_eq!(ins.package_id, "{f70f31bb-69aa-4a40-a800-f43b1a7af4f5}");
        let text = ins.to_string();
        assert!(
            text.contains("Local administrator: ICT (password hidden)"),
            "{text}"
        );
        assert!(
            text.contains("Runs: Set-AutoPilot — PowerShell.exe"),
            "{text}"
        );
        assert!(!text.contains("Unknown setting"), "{text}");
        assert!(
            ins.commands[0].files == ["Set-Autopilot.ps1"],
            "{:?}",
            ins.commands
        );
        assert!(
            ins.files
                .iter()
                .any(|f| f.path.ends_with("Set-UserOOBE.ps1") && f.size > 0)
        );
    }
}
