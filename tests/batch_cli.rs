//! `build --each` and `check --each` through the real binary: one package per CSV row,
//! every row checked before anything is written, stable ids, parallel builds.

mod common;
#[path = "common/wimlib.rs"]
mod wimlib;
use common::cli::{inspect_json, ok, setting_texts};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary with the secrets the kiosk example and the sites CSV read from the
/// environment, and a build time of its own.
fn bin() -> Command {
    let mut c = common::cli::bin();
    c.env("KIOSK_JOIN_PASSWORD", "Join-Pass-1")
        .env("KIOSK_ADMIN_PASSWORD", "Admin-Pass-1")
        .env("SITE_WIFI_KEY", "site-wifi-passphrase")
        .env_remove("SOURCE_DATE_EPOCH");
    c
}

/// A copy of the kiosk example (Active Directory join, no Wi-Fi) in a fresh folder.
fn kiosk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ex = common::examples_dir();
    std::fs::copy(ex.join("kiosk-ad.json"), dir.path().join("kiosk.json")).unwrap();
    std::fs::create_dir(dir.path().join("apps")).unwrap();
    std::fs::copy(
        ex.join("apps/kiosk-browser-setup.cmd"),
        dir.path().join("apps/kiosk-browser-setup.cmd"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("secrets")).unwrap();
    std::fs::write(dir.path().join("secrets/south.key"), "south-wifi-key\n").unwrap();
    let p = dir.path().join("kiosk.json");
    (dir, p)
}

fn base_id(project: &Path) -> uuid::Uuid {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(project).unwrap()).unwrap();
    v["package"]["id"].as_str().unwrap().parse().unwrap()
}

fn failed(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<String> = rd
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const SITES: &str = "\
key,name,device.name,network.ssid,network.key,accounts.join.ou
north,Kiosk North,NORTH-%SERIAL%,NorthNet,env:SITE_WIFI_KEY,\"OU=North,DC=corp,DC=example,DC=org\"
south,Kiosk South,SOUTH-%SERIAL%,SouthNet,file:secrets/south.key,\"OU=South,DC=corp,DC=example,DC=org\"
east,Kiosk East,EAST-%RAND:4%,EastNet,env:SITE_WIFI_KEY,\"OU=East,DC=corp,DC=example,DC=org\"
";

#[test]
fn three_sites_each_get_their_own_package_with_their_values() {
    let (dir, project) = kiosk();
    let csv = dir.path().join("sites.csv");
    std::fs::write(&csv, SITES).unwrap();
    let out = dir.path().join("out");

    let o = bin()
        .arg("check")
        .arg(&project)
        .arg("--each")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(ok(&o).contains("all 3 rows are ready to build"));
    assert!(files_in(&out).is_empty(), "check writes nothing");

    let o = bin()
        .arg("build")
        .arg(&project)
        .arg("--each")
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = ok(&o);
    assert!(stdout.contains("Built 3 of 3 packages"), "{stdout}");
    assert_eq!(
        files_in(&out),
        [
            "Kiosk East.cat",
            "Kiosk East.ppkg",
            "Kiosk North.cat",
            "Kiosk North.ppkg",
            "Kiosk South.cat",
            "Kiosk South.ppkg"
        ]
    );
    let base = base_id(&project);
    let mut ids = Vec::new();
    for (key, name, device, ssid, ou) in [
        (
            "north",
            "Kiosk North",
            "NORTH-%SERIAL%",
            "NorthNet",
            "OU=North",
        ),
        (
            "south",
            "Kiosk South",
            "SOUTH-%SERIAL%",
            "SouthNet",
            "OU=South",
        ),
        ("east", "Kiosk East", "EAST-%RAND:4%", "EastNet", "OU=East"),
    ] {
        let v = inspect_json(&out.join(format!("{name}.ppkg")), &[]);
        assert_eq!(v["name"], name);
        let id = uuid::Uuid::new_v5(&base, key.as_bytes());
        assert_eq!(
            v["package_id"].as_str().unwrap().trim_matches(['{', '}']),
            id.to_string()
        );
        ids.push(id);
        let t = setting_texts(&v);
        let has = |s: &str| t.iter().any(|x| x.contains(s));
        assert!(has(&format!("Device name: {device}")), "{name}: {t:?}");
        // The Wi-Fi profile is keyed by its SSID, and compiled under its name.
        assert!(
            v["files"].as_array().unwrap().iter().any(|f| f["path"]
                .as_str()
                .unwrap()
                .ends_with(&format!("_WLAN_WLANSetting_{ssid}.provxml"))),
            "{name}: {v}"
        );
        assert!(
            v["settings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["key"] == ssid),
            "{name}: {v}"
        );
        assert!(has(&format!(": {ou},DC=corp")), "{name}: {t:?}");
        // What the rows did not set stays the project's.
        assert!(has("corp.example.org"), "{t:?}");
        assert!(has("Local administrator: kioskadmin"), "{t:?}");
        // Other rows' values are not there.
        for other in ["NorthNet", "SouthNet", "EastNet"] {
            if other != ssid {
                assert!(!t.iter().any(|x| x.contains(other)), "{name}: {t:?}");
            }
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    // The project file is untouched.
    assert_eq!(
        std::fs::read(&project).unwrap(),
        std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/examples/kiosk-ad.json")
        )
        .unwrap()
    );
}

/// 200 PCs with fixed names: the key is the device name, the package names come from it.
fn two_hundred() -> String {
    let mut s = String::from("device.name,package.version\n");
    for n in 1..=200 {
        s.push_str(&format!("PC{n:03},2.{n}\n"));
    }
    s
}

fn build_200(project: &Path, csv: &Path, out: &Path) -> String {
    let o = bin()
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .arg("build")
        .arg(project)
        .arg("--each")
        .arg(csv)
        .arg("-o")
        .arg(out)
        .args(["--jobs", "2"])
        .output()
        .unwrap();
    ok(&o)
}

#[test]
fn two_hundred_fixed_names_build_and_rebuild_identically() {
    let (dir, project) = kiosk();
    let csv = dir.path().join("pcs.csv");
    std::fs::write(&csv, two_hundred()).unwrap();
    let out1 = dir.path().join("one");
    let out2 = dir.path().join("two");
    assert!(build_200(&project, &csv, &out1).contains("Built 200 of 200 packages"));
    assert!(build_200(&project, &csv, &out2).contains("Built 200 of 200 packages"));
    assert_eq!(files_in(&out1).len(), 400);
    assert_eq!(files_in(&out1), files_in(&out2));

    let base = base_id(&project);
    for n in 1..=200 {
        let pc = format!("PC{n:03}");
        let file = format!("Lobby kiosk {pc}.ppkg");
        let a = out1.join(&file);
        // Every package reads back through our reader with its row's values.
        let i = ppkg_wizard::package::inspect(&a, None).unwrap();
        assert_eq!(i.name, format!("Lobby kiosk {pc}"));
        assert_eq!(i.version, format!("2.{n}"));
        assert_eq!(
            i.package_id.trim_matches(['{', '}']),
            uuid::Uuid::new_v5(&base, pc.as_bytes()).to_string()
        );
        assert!(
            i.settings
                .iter()
                .any(|s| s.text == format!("Device name: {pc}")),
            "{pc}"
        );
        // Same CSV, same ids and (with SOURCE_DATE_EPOCH) the same bytes.
        assert!(
            std::fs::read(&a).unwrap() == std::fs::read(out2.join(&file)).unwrap(),
            "{file} differs between two builds"
        );
    }
    if wimlib::available() {
        for n in [1, 37, 100, 163, 200] {
            let p = out1.join(format!("Lobby kiosk PC{n:03}.ppkg"));
            wimlib::run(&[wimlib::a("verify"), wimlib::a(&p)]);
        }
    }
}

/// Runs `build --each` on `csv` and returns stderr; asserts exit 1 and nothing written.
fn refused(csv: &str) -> String {
    let (dir, project) = kiosk();
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, csv).unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .arg("build")
        .arg(&project)
        .arg("--each")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = failed(&o);
    assert!(files_in(&out).is_empty(), "nothing is written: {err}");
    assert!(
        err.contains("nothing was built") || err.contains(" line 1, column "),
        "{err}"
    );
    // `check` finds the same problems.
    let o = bin()
        .arg("check")
        .arg(&project)
        .arg("--each")
        .arg(&path)
        .output()
        .unwrap();
    let check = failed(&o);
    for l in err.lines().filter(|l| l.contains(" line ")) {
        assert!(check.contains(l), "check misses {l}: {check}");
    }
    err
}

#[test]
fn unknown_column_is_reported_with_line_and_column() {
    let err = refused("device.name,device.nmae\nPC1,x\nPC2,\n");
    assert!(
        err.contains("rows.csv line 2, column 2 (device.nmae): the value does not fit this field: unknown field `nmae`"),
        "{err}"
    );
}

#[test]
fn group_and_missing_list_entries_are_header_errors() {
    let err = refused("device.name,accounts,applications.4.name\nPC1,x,y\n");
    assert!(
        err.contains("line 1, column 2 (accounts): \"accounts\" is a group of fields"),
        "{err}"
    );
    assert!(
        err.contains("line 1, column 3 (applications.4.name): \"applications.4.name\" cannot be set in this project: the list applications has 1 entries"),
        "{err}"
    );
}

#[test]
fn a_value_breaking_a_rule_is_reported_with_line_and_column() {
    let err = refused("key,device.name\na,PC-1\nb,THIS-NAME-IS-FAR-TOO-LONG\nc,PC-3\n");
    assert!(
        err.contains("rows.csv line 3, column 2 (device.name): Device name: "),
        "{err}"
    );
    assert!(!err.contains("line 2"), "{err}");
    assert!(!err.contains("line 4"), "{err}");
}

#[test]
fn a_clear_text_secret_is_refused_and_not_shown() {
    for csv in [
        // A secret field of the project.
        "key,accounts.join.password\na,env:KIOSK_JOIN_PASSWORD\nb,Hunter2-Plain!\n",
        // A secret field that only exists once the row adds Wi-Fi.
        "key,network.ssid,network.key\na,Net,env:SITE_WIFI_KEY\nb,Net,Hunter2-Plain!\n",
    ] {
        let err = refused(csv);
        assert!(err.contains("rows.csv line 3, column "), "{err}");
        assert!(
            err.contains("a cell must name where it comes from"),
            "{err}"
        );
        assert!(!err.contains("line 2"), "{err}");
        assert!(!err.contains("Hunter2"), "the secret is shown: {err}");
    }
}

#[test]
fn duplicate_keys_and_names_are_refused() {
    let err = refused("device.name,name\nPC1,A\nPC2,B\npc2,C\nPC1,D\n");
    assert!(
        err.contains(
            "rows.csv line 5, column 1 (device.name): the key \"PC1\" is already used on line 2"
        ),
        "{err}"
    );
    let err = refused("key,name\na,Same\nb,same\n");
    assert!(
        err.contains(
            "rows.csv line 3, column 2 (name): the package name \"same\" is already used on line 2"
        ),
        "{err}"
    );
    let err = refused("key,device.name\na,PC1\n,PC2\n");
    assert!(
        err.contains("rows.csv line 3, column 1 (key): the key is empty"),
        "{err}"
    );
}

#[test]
fn malformed_rows_and_unset_secret_sources_are_reported() {
    let err = refused("key,device.name\na,PC1\nb,PC2,extra\n");
    assert!(
        err.contains("rows.csv line 3: the row has 3 cells but the header has 2"),
        "{err}"
    );
    let err = refused("key,network.ssid,network.key\na,N,env:PPKG_BATCH_SURELY_UNSET\n");
    assert!(
        err.contains("rows.csv line 2, column 3 (network.key): network.key comes from the environment variable PPKG_BATCH_SURELY_UNSET, which is not set"),
        "{err}"
    );
}

#[test]
fn keep_going_builds_the_good_rows_and_lists_the_bad() {
    let (dir, project) = kiosk();
    let csv = dir.path().join("rows.csv");
    std::fs::write(
        &csv,
        "key,device.name\ngood1,PC-1\nbad,THIS-NAME-IS-FAR-TOO-LONG\ngood2,PC-2\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .arg("build")
        .arg(&project)
        .arg("--each")
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .arg("--keep-going")
        .output()
        .unwrap();
    let err = failed(&o);
    assert!(err.contains("line 3, column 2 (device.name)"), "{err}");
    assert!(err.contains("1 rows with problems were not built"), "{err}");
    assert_eq!(
        files_in(&out),
        [
            "Lobby kiosk good1.cat",
            "Lobby kiosk good1.ppkg",
            "Lobby kiosk good2.cat",
            "Lobby kiosk good2.ppkg"
        ]
    );
    // A second run refuses to replace them without --force, before building anything.
    let o = bin()
        .arg("build")
        .arg(&project)
        .arg("--each")
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = failed(&o);
    assert!(
        err.contains("line 2, column 1 (key): ") && err.contains("already exists; add --force"),
        "{err}"
    );
}

#[test]
fn check_each_json_and_bad_files() {
    let (dir, project) = kiosk();
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, "key,package.rank\na,5\nb,high\n").unwrap();
    let o = bin()
        .arg("check")
        .arg(&project)
        .arg("--each")
        .arg(&csv)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["rows"], 2);
    assert_eq!(v["problems"][0]["line"], 3);
    assert_eq!(v["problems"][0]["column"], 2);
    assert_eq!(v["problems"][0]["message"], "\"high\" is not a number");

    for (path, want) in [
        (PathBuf::from("/dev/null"), "is not a regular file"),
        (dir.path().to_path_buf(), "is not a regular file"),
        (dir.path().join("nope.csv"), "it does not exist"),
    ] {
        let o = bin()
            .arg("check")
            .arg(&project)
            .arg("--each")
            .arg(&path)
            .output()
            .unwrap();
        assert_ne!(o.status.code(), Some(0));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{path:?}: {err}");
    }
    std::fs::write(&csv, "key,device.name\n").unwrap();
    let o = bin()
        .arg("check")
        .arg(&project)
        .arg("--each")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(failed(&o).contains("has a header but no rows"));
}
