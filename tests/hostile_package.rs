//! Hostile input and interrupted work around packages (issue 13): every case is made
//! here, small, and each test fails on a build that had the problem.

mod common;

use common::cli::bin;
use common::wcd_xml::doc;
use ppkg_wizard::package::{
    self, BuildError, BuildOptions, PairCheck, build, cat, check_pair, inspect, inspect_with,
};
use ppkg_wizard::settings::{Customizations, MetadataError};
use ppkg_wizard::wim::{self, ImageInfo, Reader, WriteOptions, Writer};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const NAME: &str = "Policies/DeviceLock/DevicePasswordEnabled";
const CMD: &str = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";
const WLAN: &str = "ConnectivityProfiles/WLAN/WLANSetting/WLANConfig[SSID=Corp]/WLANXmlSettings";

fn opts(out: &Path) -> BuildOptions {
    BuildOptions::new(out)
}

fn build_doc(d: &Customizations, o: &BuildOptions) -> Result<package::BuildOutput, BuildError> {
    build(d, &|_: &str| None::<PathBuf>, o, &mut |_| {})
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs the binary, failing the test (not hanging) if it takes over 60 s.
fn run(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the command did not finish: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Rebuilds the WIM at `ppkg` with `edit` applied to every file's bytes (and `info` to
/// the image fields); returns the new package's path (replacing the old one).
fn repack(
    ppkg: &Path,
    edit: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(&str, Vec<u8>)],
    info: impl Fn(&mut ImageInfo),
) {
    let mut r = Reader::open(ppkg).unwrap();
    let mut image = r.xml_info().image.clone();
    info(&mut image);
    let mut files = Vec::new();
    for e in r.entries().to_vec() {
        if e.is_dir {
            files.push((e.path, None));
        } else {
            let mut b = Vec::new();
            r.open_file(&e.path).unwrap().read_to_end(&mut b).unwrap();
            let b = edit(&e.path, b);
            files.push((e.path, Some(b)));
        }
    }
    let opts = WriteOptions {
        timestamp: Some(0x01D9_5E64_C73E_FC0C),
        guid: Some([3; 16]),
        threads: 1,
    };
    let mut w = Writer::new(fs::File::create(ppkg).unwrap(), opts).unwrap();
    for (p, b) in files {
        match b {
            None => w.add_dir(&p).unwrap(),
            Some(b) => w.add_file(&p, &mut &b[..], b.len() as u64).unwrap(),
        }
    }
    for (p, b) in extra {
        w.add_file(p, &mut &b[..], b.len() as u64).unwrap();
    }
    w.finish(&image).unwrap();
}

fn replace(b: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    String::from_utf8(b).unwrap().replace(from, to).into_bytes()
}

// ---- 6: the previous pair survives a failed replacement ----

#[test]
fn p06_failed_replace_keeps_the_previous_pair() {
    let out = tempfile::tempdir().unwrap();
    let mut o = opts(out.path());
    build_doc(&doc("P", &[(NAME, "Enabled")]), &o).unwrap();
    let old_ppkg = fs::read(out.path().join("P.ppkg")).unwrap();
    // The catalog's name is taken by a folder: the new catalog cannot be written.
    fs::remove_file(out.path().join("P.cat")).unwrap();
    fs::create_dir(out.path().join("P.cat")).unwrap();
    o.overwrite = ppkg_wizard::fsutil::Overwrite::Replace;
    let e = build_doc(&doc("P", &[(NAME, "Not enabled")]), &o).unwrap_err();
    assert!(e.to_string().contains("P.cat"), "{e}");
    assert_eq!(fs::read(out.path().join("P.ppkg")).unwrap(), old_ppkg);
    assert_eq!(names(out.path()), ["P.cat", "P.ppkg"]);
}

#[test]
fn p06_commit_pair_puts_the_first_file_back_when_the_second_fails() {
    use ppkg_wizard::fsutil::{AtomicFile, Overwrite, commit_pair};
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.ppkg"), dir.path().join("a.cat"));
    fs::write(&a, b"old package").unwrap();
    fs::write(&b, b"old catalog").unwrap();
    let mut fa = AtomicFile::create(&a, Overwrite::Replace).unwrap();
    fa.write_all(b"new package").unwrap();
    let mut fb = AtomicFile::create(&b, Overwrite::Replace).unwrap();
    fb.write_all(b"new catalog").unwrap();
    // Make the second rename fail after the first succeeded: its folder entry is replaced
    // by a non-empty folder once the first file is in place.
    fs::remove_file(&b).unwrap();
    fs::create_dir(&b).unwrap();
    fs::write(b.join("x"), b"").unwrap();
    let e = commit_pair(fa, fb).unwrap_err();
    assert_eq!(e.path, b);
    assert_eq!(fs::read(&a).unwrap(), b"old package");
    assert_eq!(names(dir.path()), ["a.cat", "a.ppkg"]);
}

// ---- 7: a catalog that belongs to another build is noticed ----

#[test]
fn p07_mismatched_catalog_is_noticed_by_build_and_inspect() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build_doc(&doc("P", &[(NAME, "Enabled")]), &opts(one.path())).unwrap();
    build_doc(&doc("P", &[(NAME, "Not enabled")]), &opts(two.path())).unwrap();
    let (ppkg, catf) = (one.path().join("P.ppkg"), one.path().join("P.cat"));
    assert_eq!(check_pair(&ppkg, &catf), PairCheck::Matches);
    // A kill between the two renames: the new package beside the old catalog.
    fs::copy(two.path().join("P.ppkg"), &ppkg).unwrap();
    assert_eq!(check_pair(&ppkg, &catf), PairCheck::Mismatch);
    let ins = inspect(&ppkg, None).unwrap();
    assert_eq!(ins.catalog, PairCheck::Mismatch);
    assert!(
        ins.warnings.iter().any(|w| w.contains("does not match")),
        "{:?}",
        ins.warnings
    );
    let o = run(bin().arg("inspect").arg(&ppkg));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Catalog (.cat): DOES NOT MATCH"), "{text}");

    let mut o = opts(one.path());
    o.overwrite = ppkg_wizard::fsutil::Overwrite::Replace;
    let built = build_doc(&doc("P", &[(NAME, "Enabled")]), &o).unwrap();
    assert!(
        built.notices.iter().any(|n| n.contains("did not match")),
        "{:?}",
        built.notices
    );
    assert_eq!(check_pair(&ppkg, &catf), PairCheck::Matches);
}

// ---- 8: stale partial files of a killed build ----

#[test]
fn p08_stale_partials_are_removed_and_reported_live_ones_kept() {
    use ppkg_wizard::fsutil::{AtomicFile, Overwrite};
    let out = tempfile::tempdir().unwrap();
    let stale = out.path().join(".P.ppkg.AbC123.partial");
    let stale_cat = out.path().join(".P.cat.zZ9yX8.partial");
    fs::write(&stale, b"half a package with a password in clear").unwrap();
    fs::write(&stale_cat, b"half a catalog").unwrap();
    // Not ours: other names, and a folder with our pattern.
    fs::write(out.path().join(".Q.ppkg.AbC123.partial"), b"").unwrap();
    fs::write(out.path().join("notes.partial"), b"").unwrap();
    // A build still writing (this process holds it): kept.
    let mut live = AtomicFile::create(out.path().join("P.ppkg"), Overwrite::Refuse).unwrap();
    let live_name = names(out.path())
        .into_iter()
        .find(|n| n.starts_with(".P.ppkg.") && n != ".P.ppkg.AbC123.partial")
        .unwrap();
    let built = build_doc(&doc("P", &[(NAME, "Enabled")]), &opts(out.path()));
    // The live writer has not committed, so the build itself proceeds.
    let built = built.unwrap();
    assert!(!stale.exists() && !stale_cat.exists());
    assert_eq!(built.notices.len(), 2, "{:?}", built.notices);
    assert!(built.notices[0].contains("interrupted build"));
    assert!(out.path().join(&live_name).exists());
    assert!(out.path().join(".Q.ppkg.AbC123.partial").exists());
    let _ = live.file();
}

#[test]
fn p08_cli_build_says_what_it_removed() {
    let dir = project_dir("Hx");
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join(".Hx.ppkg.q1W2e3.partial"), b"secret").unwrap();
    let o = run(bin()
        .arg("build")
        .arg(dir.path().join("p.json"))
        .arg("-o")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(".Hx.ppkg.q1W2e3.partial"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join(".Hx.ppkg.q1W2e3.partial").exists());
}

// ---- 17: catalog times ----

#[test]
fn p17_catalog_uses_generalized_time_from_2050_and_refuses_what_cannot_be_held() {
    let out = tempfile::tempdir().unwrap();
    let mut o = opts(out.path());
    o.timestamp = Some(time::macros::datetime!(2051-03-04 05:06:07 UTC));
    build_doc(&doc("P", &[]), &o).unwrap();
    let c = cat::parse_catalog(&fs::read(out.path().join("P.cat")).unwrap()).unwrap();
    assert_eq!(c.time, "20510304050607Z");

    // Before 1970: the WIM and the catalog agree (no clamping in one of them).
    let out = tempfile::tempdir().unwrap();
    let mut o = opts(out.path());
    o.timestamp = Some(time::macros::datetime!(1969-12-31 23:59:59 UTC));
    build_doc(&doc("P", &[]), &o).unwrap();
    let c = cat::parse_catalog(&fs::read(out.path().join("P.cat")).unwrap()).unwrap();
    assert_eq!(c.time, "691231235959Z");
    let r = Reader::open(out.path().join("P.ppkg")).unwrap();
    let ft = r.entries()[0].last_write_time;
    assert_eq!(ft, 116_444_736_000_000_000 - 10_000_000);

    // Before 1601 no WIM can hold it.
    let out = tempfile::tempdir().unwrap();
    let mut o = opts(out.path());
    o.timestamp = Some(time::macros::datetime!(1500-01-01 00:00:00 UTC));
    let e = build_doc(&doc("P", &[]), &o).unwrap_err();
    assert!(matches!(e, BuildError::TimeOutOfRange(_)), "{e}");
    assert!(names(out.path()).is_empty());
}

// ---- 18: metadata WCD would refuse ----

#[test]
fn p18_metadata_values_wcd_refuses_are_errors() {
    let out = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str, MetadataError); 3] = [
        ("abc", "0", "ITAdmin", MetadataError::Version("abc".into())),
        (
            "1.0",
            "10^20",
            "ITAdmin",
            MetadataError::Rank("10^20".into()),
        ),
        ("1.0", "0", "Root", MetadataError::OwnerType("Root".into())),
    ];
    for (version, rank, owner, want) in cases {
        let mut d = doc("P", &[]);
        d.package.version = version.into();
        d.package.rank = rank.into();
        d.package.owner_type = owner.into();
        match build_doc(&d, &opts(out.path())) {
            Err(BuildError::Metadata(got)) => assert_eq!(got, want),
            other => panic!("{version} {rank} {owner}: {other:?}"),
        }
    }
    let mut d = doc("P", &[]);
    d.package.rank = "100".into();
    assert!(build_doc(&d, &opts(out.path())).is_err());
    d.package.rank = "0".into();
    d.package.version = "1.2147483648".into();
    assert!(build_doc(&d, &opts(out.path())).is_err());
    assert!(names(out.path()).is_empty());
    // What WCD itself writes is fine.
    let mut d = doc("P", &[]);
    d.package.version = "20221005.3".into();
    d.package.rank = "40".into();
    d.package.owner_type = "OEM".into();
    build_doc(&d, &opts(out.path())).unwrap();
}

// ---- 3: the Wi-Fi key, however the profile spells its tags ----

#[test]
fn p03_wifi_key_is_hidden_whatever_the_tag_spelling() {
    for (open_tag, close_tag) in [
        ("&lt;keyMaterial &gt;", "&lt;/keyMaterial &gt;"),
        (
            "&lt;v1:keyMaterial xmlns:v1=&quot;http://www.microsoft.com/networking/WLAN/profile/v1&quot;&gt;",
            "&lt;/v1:keyMaterial&gt;",
        ),
    ] {
        let out = tempfile::tempdir().unwrap();
        let d = doc(
            "P",
            &[
                (&format!("{WLAN}/SecurityType"), "WPA2-Personal"),
                (&format!("{WLAN}/SecurityKey"), "Sup3rSecretKey"),
            ],
        );
        let built = build_doc(&d, &opts(out.path())).unwrap();
        repack(
            &built.ppkg,
            |p, b| {
                if p.ends_with(".provxml") {
                    let b = replace(b, "&lt;keyMaterial&gt;", open_tag);
                    replace(b, "&lt;/keyMaterial&gt;", close_tag)
                } else {
                    b
                }
            },
            &[],
            |_| {},
        );
        // The key is really in the repacked profile, spelled the new way.
        let raw = provxml_text(&built.ppkg);
        assert!(raw.contains(open_tag) && raw.contains("Sup3rSecretKey"));
        let ins = inspect(&built.ppkg, None).unwrap();
        let json = serde_json::to_string(&ins).unwrap();
        assert!(!json.contains("Sup3rSecretKey"), "{open_tag}: {json}");
        assert!(
            ins.warnings.iter().any(|w| w.contains("Wi-Fi password")),
            "{:?}",
            ins.warnings
        );
    }
}

fn provxml_text(ppkg: &Path) -> String {
    let mut r = Reader::open(ppkg).unwrap();
    let mut all = String::new();
    for e in r.entries().to_vec() {
        if e.path.ends_with(".provxml") {
            r.open_file(&e.path)
                .unwrap()
                .read_to_string(&mut all)
                .unwrap();
        }
    }
    all
}

// ---- 4: control characters never reach the terminal ----

#[test]
fn p04_control_characters_are_escaped_in_every_text_output() {
    let out = tempfile::tempdir().unwrap();
    let d = doc(
        "P",
        &[
            (&format!("{CMD}[#0]/CommandLine"), "evil.exe\rharmless.exe"),
            (&format!("{CMD}[#0]/CommandFile"), "C:\\x.cmd"),
        ],
    );
    let cmd = tempfile::NamedTempFile::new().unwrap();
    let c = cmd.path().to_path_buf();
    let built = build(
        &d,
        &move |_: &str| Some(c.clone()),
        &opts(out.path()),
        &mut |_| {},
    )
    .unwrap();
    repack(
        &built.ppkg,
        |_, b| b,
        &[("/Multivariant/0/a\u{202e}txt.exe", b"x".to_vec())],
        |i| {
            i.name = "Name\u{1b}]0;owned\u{7}".into();
            i.notes = "line\nFAKE: line".into();
        },
    );
    let o = run(bin().arg("inspect").arg(&built.ppkg));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    for bad in ['\u{1b}', '\r', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(bad), "{bad:?} printed raw:\n{text}");
    }
    assert!(text.contains("evil.exe\\rharmless.exe"), "{text}");
    assert!(text.contains("a\\u{202e}txt.exe"), "{text}");
    assert!(text.contains("Built by: line\\nFAKE: line"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("FAKE")), "{text}");
}

#[test]
fn p04_import_lists_a_missing_files_xml_path_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let xml = common::wcd_xml::customizations(
        "{11111111-2222-3333-4444-555555555555}",
        "P",
        "        <ProvisioningCommands><PrimaryContext><Command><CommandConfig Name=\"a\">\n          <CommandFile>C:\\src\\setup\u{202e}gpj.exe</CommandFile>\n          <CommandLine>setup.exe</CommandLine>\n        </CommandConfig></Command></PrimaryContext></ProvisioningCommands>",
        "",
    );
    fs::write(dir.path().join("customizations.xml"), xml).unwrap();
    let o = run(bin()
        .arg("import")
        .arg(dir.path().join("customizations.xml"))
        .arg("-o")
        .arg(dir.path().join("out/p.json")));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(!text.contains('\u{202e}'), "printed raw:\n{text}");
    assert!(text.contains("setup\\u{202e}gpj.exe"), "{text}");
    // `check` names the file in its problem and in the list of files packed.
    let o = run(bin().arg("check").arg(dir.path().join("out/p.json")));
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(!text.contains('\u{202e}'), "printed raw:\n{text}");
    assert!(
        text.contains("Files packed:") && text.contains("setup\\u{202e}gpj.exe"),
        "{text}"
    );
}

#[test]
fn p04_check_escapes_names_from_the_project_in_its_messages() {
    let dir = tempfile::tempdir().unwrap();
    let targets = "      <Targets>\n        <Target Id=\"Lab\u{202e}PC\">\n          <TargetState>\n            <Condition Name=\"Manufacturer\" Value=\"Contoso\" />\n          </TargetState>\n        </Target>\n      </Targets>\n      <Variant>\n        <TargetRefs>\n          <TargetRef Id=\"Lab\u{202e}PC\" />\n        </TargetRefs>\n        <Settings>\n          <DevDetail>\n            <DNSComputerName>LAB-1</DNSComputerName>\n          </DevDetail>\n        </Settings>\n      </Variant>";
    let xml = common::wcd_xml::customizations(
        "{11111111-2222-3333-4444-555555555555}",
        "P",
        "        <Policies><Connectivity><AllowNFC>Yes</AllowNFC></Connectivity></Policies>",
        targets,
    );
    fs::write(dir.path().join("customizations.xml"), xml).unwrap();
    let project = dir.path().join("out/p.json");
    let o = run(bin()
        .arg("import")
        .arg(dir.path().join("customizations.xml"))
        .arg("-o")
        .arg(&project));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(bin().arg("check").arg(&project));
    let text = stderr(&o);
    assert!(text.contains("Lab\\u{202e}PC"), "{text}");
    assert!(!text.contains('\u{202e}'), "printed raw:\n{text}");
}

#[test]
fn p04_build_escapes_the_package_name_in_what_it_prints() {
    let dir = tempfile::tempdir().unwrap();
    let xml = common::wcd_xml::customizations(
        "{11111111-2222-3333-4444-555555555555}",
        "Lab\u{202e}gpj",
        "        <Policies><Connectivity><AllowNFC>Yes</AllowNFC></Connectivity></Policies>",
        "",
    );
    fs::write(dir.path().join("customizations.xml"), xml).unwrap();
    let o = run(bin()
        .arg("build")
        .arg(dir.path().join("customizations.xml"))
        .arg("-o")
        .arg(dir.path().join("out")));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(!text.contains('\u{202e}'), "printed raw:\n{text}");
    assert!(text.contains("Lab\\u{202e}gpj"), "{text}");
}

// ---- 15, 16: the directory tree and file contents are checked ----

#[test]
fn p15_tampered_directory_tree_is_damaged_and_inspect_says_what_it_checked() {
    let out = tempfile::tempdir().unwrap();
    let built = build_doc(&doc("P", &[(NAME, "Enabled")]), &opts(out.path())).unwrap();
    let o = run(bin().arg("inspect").arg(&built.ppkg));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Checked: the directory tree and all"),
        "{text}"
    );
    // The blob table's record of the tree's SHA-1 no longer fits the tree.
    let mut b = fs::read(&built.ppkg).unwrap();
    let h = wim::header::Header::parse(&b[..208]).unwrap();
    let at = h.blob_table.offset as usize + 30;
    b[at] ^= 0xff;
    fs::write(&built.ppkg, &b).unwrap();
    let e = inspect(&built.ppkg, None).unwrap_err();
    assert!(e.to_string().contains("directory tree"), "{e}");
    let x = out.path().join("x");
    assert!(package::extract(&built.ppkg, &x, None).is_err());
    assert!(!x.exists() || names(&x).is_empty());
}

#[test]
fn p16_extract_keeps_only_verified_files() {
    let out = tempfile::tempdir().unwrap();
    let built = build_doc(&doc("P", &[(NAME, "Enabled")]), &opts(out.path())).unwrap();
    // Incompressible contents are stored as they are: easy to find and change.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let noise: Vec<u8> = (0..4000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    repack(
        &built.ppkg,
        |_, b| b,
        &[("/zz-noise.bin", noise.clone())],
        |_| {},
    );
    let mut b = fs::read(&built.ppkg).unwrap();
    let at = b.windows(64).position(|w| w == &noise[..64]).unwrap();
    b[at + 100] ^= 1;
    fs::write(&built.ppkg, &b).unwrap();
    // Plain inspect checks every file of a small package.
    let e = inspect(&built.ppkg, None).unwrap_err();
    assert!(
        e.to_string().contains("SHA-1 mismatch for /zz-noise.bin"),
        "{e}"
    );
    let x = out.path().join("x");
    let e = package::extract(&built.ppkg, &x, None).unwrap_err();
    assert!(e.to_string().contains("/zz-noise.bin"), "{e}");
    assert!(!x.join("zz-noise.bin").exists());
    assert!(
        !names(&x).iter().any(|n| n.ends_with(".partial")),
        "{:?}",
        names(&x)
    );
}

// ---- 10: what is read into memory is capped, with a clear error ----

#[test]
fn p10_huge_settings_files_are_refused() {
    let out = tempfile::tempdir().unwrap();
    let built = build_doc(&doc("P", &[(NAME, "Enabled")]), &opts(out.path())).unwrap();
    repack(
        &built.ppkg,
        |p, b| {
            if p.ends_with("customizations.xml") {
                let mut b = b;
                b.extend(std::iter::repeat_n(b' ', 9 << 20));
                b
            } else {
                b
            }
        },
        &[],
        |_| {},
    );
    let o = run(bin().arg("inspect").arg(&built.ppkg));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("customizations.xml"), "{}", stderr(&o));
    assert!(stderr(&o).contains("at most 8 MiB"), "{}", stderr(&o));
}

// ---- 9: decryption never writes a named plain file (see hostile_alloc.rs) ----

// ---- 13: non-regular files are refused, never read without end ----

fn project_dir(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("p.json"),
        format!(
            r#"{{"schema":1,"name":"{name}","package":{{"id":"2b9d4e61-7c3a-4f0e-8d21-5a6b7c8d9e0f","version":"1.0","owner":"ITAdmin","rank":0}},
 "device":{{"name":"PC-%SERIAL%"}},
 "applications":[{{"name":"App","installer":"setup.cmd","command_line":"cmd /c setup.cmd"}}]}}"#
        ),
    )
    .unwrap();
    fs::write(dir.path().join("setup.cmd"), b"echo hi").unwrap();
    dir
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(st.success());
}

#[cfg(unix)]
#[test]
fn p13_devices_and_pipes_are_refused_everywhere_a_file_is_expected() {
    let dir = project_dir("Hx");
    let d = dir.path();
    let zero = Path::new("/dev/zero");
    fifo(&d.join("pipe"));
    std::os::unix::fs::symlink(zero, d.join("zero.json")).unwrap();
    std::os::unix::fs::symlink(zero, d.join("zero.xml")).unwrap();
    std::os::unix::fs::symlink(zero, d.join("zero.zip")).unwrap();
    std::os::unix::fs::symlink(zero, d.join("zero.ppkg")).unwrap();
    let built = run(bin().arg("build").arg(d.join("p.json")).arg("-o").arg(d));
    assert!(built.status.success(), "{}", stderr(&built));
    fs::create_dir(d.join("o2")).unwrap();
    let pkg = d.join("Hx.ppkg");
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["check".into(), d.join("zero.json").into()],
        vec!["check".into(), d.join("pipe").into()],
        vec![
            "build".into(),
            d.join("zero.xml").into(),
            "-o".into(),
            d.join("o1").into(),
        ],
        vec![
            "import".into(),
            d.join("zero.zip").into(),
            "-o".into(),
            d.join("o2/p.json").into(),
        ],
        vec!["inspect".into(), d.join("zero.ppkg").into()],
        vec![
            "inspect".into(),
            d.join("zero.ppkg").into(),
            "--password-env".into(),
            "PW".into(),
        ],
        vec![
            "inspect".into(),
            pkg.clone().into(),
            "--password-file".into(),
            zero.into(),
        ],
        vec![
            "inspect".into(),
            pkg.clone().into(),
            "--password-file".into(),
            d.join("pipe").into(),
        ],
    ];
    for args in cases {
        let o = run(bin().args(&args).env("PW", "Password1"));
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert!(
            err.contains("not a regular file") || err.contains("not a provisioning package"),
            "{args:?}: {err}"
        );
    }
    // An asset that is a device: export --wcd refuses it instead of reading forever.
    fs::remove_file(d.join("setup.cmd")).unwrap();
    std::os::unix::fs::symlink(zero, d.join("setup.cmd")).unwrap();
    let o = run(bin()
        .arg("export")
        .arg(d.join("p.json"))
        .arg("--wcd")
        .arg(d.join("wcd")));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    let o = run(bin()
        .arg("export")
        .arg(d.join("p.json"))
        .arg("--bundle")
        .arg(d.join("b.zip")));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    assert!(!d.join("b.zip").exists());
}

// ---- 2: export --wcd never writes outside DIR ----

#[test]
fn p02_export_wcd_refuses_a_name_that_leaves_the_folder() {
    let dir = project_dir("../../escape/PWNED");
    let target = dir.path().join("a/b/wcd");
    fs::create_dir_all(&target).unwrap();
    let o = run(bin()
        .arg("export")
        .arg(dir.path().join("p.json"))
        .arg("--wcd")
        .arg(&target));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("PWNED"), "{}", stderr(&o));
    assert!(!dir.path().join("escape").exists());
    assert!(names(&target).is_empty());
}

// ---- issue 14, 15 and 18: inspect's command line ----

#[test]
fn extract_creates_its_folder_and_io_errors_name_the_path() {
    let dir = project_dir("Hx");
    let d = dir.path();
    let built = run(bin().arg("build").arg(d.join("p.json")).arg("-o").arg(d));
    assert!(built.status.success(), "{}", stderr(&built));
    let x = d.join("new/deeper");
    let o = run(bin()
        .arg("inspect")
        .arg(d.join("Hx.ppkg"))
        .arg("--extract")
        .arg(&x));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(x.join("Multivariant/0/customizations.xml").is_file());
    // Below a file: nothing can be created there; exit 3 naming that path.
    let bad = d.join("setup.cmd/sub");
    let o = run(bin()
        .arg("inspect")
        .arg(d.join("Hx.ppkg"))
        .arg("--extract")
        .arg(&bad));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("setup.cmd/sub"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("damaged"), "{}", stderr(&o));
}

#[test]
fn inspect_json_reports_failures_on_stdout() {
    let d = tempfile::tempdir().unwrap();
    let o = run(bin()
        .arg("inspect")
        .arg(d.path().join("missing.ppkg"))
        .arg("--json"));
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["error"].as_str().unwrap().contains("missing.ppkg"), "{v}");
}

#[test]
fn inspect_verify_checks_everything_and_says_so() {
    let out = tempfile::tempdir().unwrap();
    let built = build_doc(&doc("P", &[(NAME, "Enabled")]), &opts(out.path())).unwrap();
    let ins = inspect_with(&built.ppkg, None, package::VerifyLevel::Full).unwrap();
    assert!(ins.verified.tree);
    assert_eq!(ins.verified.files_checked, ins.verified.files_total);
    assert!(ins.verified.files_total > 3);
}
