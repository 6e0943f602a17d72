//! Export → open round trips: what a bundle holds, that it holds no secret value, that it is
//! byte-for-byte reproducible, and that a failed export leaves no file.

use ppkg_wizard::bundle::{self, BundleError, MANIFEST_NAME, SecretFileNote};
use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::project::{
    AdvancedSetting, AdvancedValue, Application, Certificate, CertificateKind, KeyLocation,
    LocalAdmin, Project, Secret, SecretSource, Wifi, WifiSecurity, load,
};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

const CLEAR_PFX: &str = "CLEAR-PFX-PASSWORD-7d1f";
const ENV_WIFI: &str = "ENV-WIFI-VALUE-5b2e";
const FILE_ADMIN: &str = "FILE-ADMIN-SECRET-93ac";

/// Deterministic pseudo-random bytes, so assets are incompressible and distinct.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn write(base: &Path, rel: &str, bytes: &[u8]) {
    let p = base.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// The project of the brief: two apps (one with a dependency), a root and a client
/// certificate (clear password), an env and a file secret, and an advanced asset. The env
/// and file secrets carry resolved values in memory, which must not leak either.
fn sample(base: &Path) -> Project {
    write(base, "installers/agent.msi", &noise(1, 300_000));
    write(base, "installers/agent.mst", &noise(2, 4_000));
    write(base, "scripts/setup.ps1", b"Write-Host 'hello'\r\n");
    write(base, "certs/root.cer", &noise(3, 900));
    write(base, "certs/client.pfx", &noise(4, 2_500));
    write(base, "images/wallpaper.jpg", &noise(5, 50_000));
    write(base, "secrets/admin.txt", FILE_ADMIN.as_bytes());

    let mut p = Project::new("Contoso Laptops");
    p.package.id = "6f1c1f4e-8d55-4a3e-9a3b-1b2f9c0d7e21".parse().unwrap();
    p.base_dir = base.to_path_buf();
    p.network = Some(Wifi {
        ssid: "Contoso".into(),
        security: WifiSecurity::Wpa2Personal,
        key: Some(Secret::typed(
            ENV_WIFI.into(),
            SecretSource::Env("PPKG_TEST_WIFI".into()),
        )),
        hidden: false,
        auto_connect: true,
    });
    let mut admin = Secret::file("secrets/admin.txt");
    admin
        .resolve("Local administrator password", base, &mut |_| None)
        .unwrap();
    p.accounts.local_admin = Some(LocalAdmin {
        name: "contosoadmin".into(),
        password: admin,
    });
    p.applications = vec![
        Application {
            name: "Contoso Agent".into(),
            installer: "installers/agent.msi".into(),
            command_line: "msiexec /i agent.msi TRANSFORMS=agent.mst /qn".into(),
            continue_on_failure: false,
            restart_required: false,
            success_code: Some(0),
            restart_code: Some(3010),
            dependencies: vec!["installers/agent.mst".into()],
        },
        Application {
            name: "Setup script".into(),
            installer: "scripts/setup.ps1".into(),
            command_line: "powershell -File setup.ps1".into(),
            continue_on_failure: true,
            restart_required: false,
            success_code: Some(0),
            restart_code: Some(3010),
            dependencies: vec![],
        },
    ];
    p.certificates = vec![
        Certificate {
            name: "Contoso Root".into(),
            path: "certs/root.cer".into(),
            kind: CertificateKind::Root,
        },
        Certificate {
            name: "Device cert".into(),
            path: "certs/client.pfx".into(),
            kind: CertificateKind::Client {
                password: Secret::typed(CLEAR_PFX.into(), SecretSource::Clear),
                key_location: KeyLocation::SoftwareOnly,
                exportable: false,
            },
        },
    ];
    p.advanced = vec![AdvancedSetting {
        path: "Personalization/DesktopImageUrl".parse().unwrap(),
        value: AdvancedValue::Asset("images/wallpaper.jpg".into()),
    }];
    p
}

/// Every regular file under `dir`, relative, sorted.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn round_trip_keeps_paths_and_asks_for_clear_secrets() {
    let src = tempfile::tempdir().unwrap();
    let original = sample(src.path());
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("contoso.zip");

    let summary = bundle::export(&original, "Contoso.json", &zip, Overwrite::Refuse).unwrap();
    assert_eq!(summary.project_entry, "Contoso.json");
    assert_eq!(
        summary.cleared_secrets,
        vec!["Password of certificate \"Device cert\"".to_owned()]
    );
    assert_eq!(
        summary.secret_files,
        vec![SecretFileNote {
            field: "Local administrator password".into(),
            path: "secrets/admin.txt".into(),
            moved_from: None,
        }]
    );
    let entries: Vec<&str> = summary.files.iter().map(|f| f.entry.as_str()).collect();
    assert_eq!(
        entries,
        [
            "installers/agent.msi",
            "installers/agent.mst",
            "scripts/setup.ps1",
            "certs/root.cer",
            "certs/client.pfx",
            "images/wallpaper.jpg"
        ]
    );

    let dest = work.path().join("opened");
    let project_file = bundle::open(&zip, &dest).unwrap();
    assert_eq!(project_file, dest.join("Contoso.json"));
    let loaded = load(&project_file).unwrap();

    // The original with exactly these differences.
    let mut expected = original.clone();
    expected.base_dir = dest.clone();
    // Assets inside the project folder keep their relative paths.
    if let CertificateKind::Client { password, .. } = &mut expected.certificates[1].kind {
        *password = Secret::ask();
    }
    // Sources are kept; values resolved in memory are not saved (that is how they load).
    expected.network.as_mut().unwrap().key = Some(Secret::env("PPKG_TEST_WIFI"));
    expected.accounts.local_admin.as_mut().unwrap().password = Secret::file("secrets/admin.txt");
    assert_eq!(loaded, expected);

    // Every asset byte-identical; the secret file was not copied; no manifest unpacked.
    for (from, to) in [
        ("installers/agent.msi", "installers/agent.msi"),
        ("installers/agent.mst", "installers/agent.mst"),
        ("scripts/setup.ps1", "scripts/setup.ps1"),
        ("certs/root.cer", "certs/root.cer"),
        ("certs/client.pfx", "certs/client.pfx"),
        ("images/wallpaper.jpg", "images/wallpaper.jpg"),
    ] {
        assert_eq!(
            fs::read(src.path().join(from)).unwrap(),
            fs::read(dest.join(to)).unwrap(),
            "{to}"
        );
    }
    let mut files: Vec<PathBuf> = entries.iter().map(PathBuf::from).collect();
    files.push("Contoso.json".into());
    files.sort();
    assert_eq!(walk(&dest), files);
    // Nothing else beside the bundle and the opened folder (no leftover temp folder).
    let mut top: Vec<_> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    top.sort();
    assert_eq!(top, ["contoso.zip", "opened"]);
}

#[test]
fn no_secret_value_anywhere_in_the_bundle() {
    let src = tempfile::tempdir().unwrap();
    let p = sample(src.path());
    // Sanity: the project as saved normally does contain the clear one.
    assert!(ppkg_wizard::project::to_json(&p).contains(CLEAR_PFX));
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("b.zip");
    bundle::export(&p, "Contoso.json", &zip, Overwrite::Refuse).unwrap();

    let raw = fs::read(&zip).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&raw)).unwrap();
    let mut inflated = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        inflated.push((f.name().to_owned(), bytes));
    }
    assert!(inflated.iter().any(|(n, _)| n == MANIFEST_NAME));
    let dest = work.path().join("opened");
    bundle::open(&zip, &dest).unwrap();
    let opened: Vec<(String, Vec<u8>)> = walk(&dest)
        .into_iter()
        .map(|f| (f.display().to_string(), fs::read(dest.join(&f)).unwrap()))
        .collect();
    for secret in [CLEAR_PFX, ENV_WIFI, FILE_ADMIN] {
        assert!(!contains(&raw, secret), "{secret} in the raw zip");
        for (name, bytes) in inflated.iter().chain(&opened) {
            assert!(!contains(bytes, secret), "{secret} in {name}");
        }
    }
}

#[test]
fn exporting_twice_gives_identical_bytes_in_a_stable_order() {
    let src = tempfile::tempdir().unwrap();
    let p = sample(src.path());
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("a.zip");
    let b = work.path().join("b.zip");
    bundle::export(&p, "Contoso.json", &a, Overwrite::Refuse).unwrap();
    // The same project from another folder, with newer file times, gives the same bytes.
    let other = tempfile::tempdir().unwrap();
    let q = sample(other.path());
    bundle::export(&q, "Contoso.json", &b, Overwrite::Refuse).unwrap();
    assert!(
        fs::read(&a).unwrap() == fs::read(&b).unwrap(),
        "bundles differ"
    );

    let mut archive = zip::ZipArchive::new(fs::File::open(&a).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let mut sorted = names[..names.len() - 1].to_vec();
    sorted.sort();
    assert_eq!(names[..names.len() - 1], sorted[..]);
    assert_eq!(names.last().unwrap(), MANIFEST_NAME);
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        assert_eq!(f.last_modified(), Some(zip::DateTime::default()));
    }
}

#[test]
fn manifest_lists_every_file_with_its_sha256() {
    use sha2::Digest;
    let src = tempfile::tempdir().unwrap();
    let p = sample(src.path());
    let work = tempfile::tempdir().unwrap();
    let zip_path = work.path().join("b.zip");
    bundle::export(&p, "Contoso.json", &zip_path, Overwrite::Refuse).unwrap();
    let mut archive = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(MANIFEST_NAME)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let m: bundle::Manifest = serde_json::from_str(&text).unwrap();
    assert_eq!(m.format, bundle::FORMAT);
    assert_eq!(m.tool_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(m.schema, 1);
    assert_eq!(m.project, "Contoso.json");
    assert_eq!(m.files.len(), archive.len() - 1);
    for f in &m.files {
        let mut bytes = Vec::new();
        archive
            .by_name(&f.path)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        assert_eq!(f.size, bytes.len() as u64);
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f.sha256, digest, "{}", f.path);
    }
}

#[test]
fn clashing_names_are_resolved_deterministically_and_shared_files_stored_once() {
    let src = tempfile::tempdir().unwrap();
    // The files lie outside the project folder, so the bundle relocates them to assets/.
    let base = &src.path().join("project");
    fs::create_dir_all(base).unwrap();
    let outside = src.path();
    write(outside, "a/setup.exe", b"first");
    write(outside, "b/SETUP.EXE", b"second");
    write(outside, "c/setup.exe", b"third");
    write(outside, "shared/common.dll", b"shared");
    let mut p = Project::new("Clash");
    p.base_dir = base.to_path_buf();
    let app = |name: &str, installer: &str| Application {
        name: name.into(),
        installer: installer.into(),
        command_line: "setup.exe /s".into(),
        continue_on_failure: false,
        restart_required: false,
        success_code: Some(0),
        restart_code: Some(3010),
        dependencies: vec!["../shared/common.dll".into()],
    };
    p.applications = vec![
        app("A", "../a/setup.exe"),
        app("B", "../b/SETUP.EXE"),
        app("C", "../c/setup.exe"),
        app("A again", "../a/./setup.exe"),
    ];
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("clash.zip");
    let summary = bundle::export(&p, "clash.json", &zip, Overwrite::Refuse).unwrap();
    let entries: Vec<&str> = summary.files.iter().map(|f| f.entry.as_str()).collect();
    assert_eq!(
        entries,
        [
            "assets/setup.exe",
            "assets/common.dll",
            "assets/2/SETUP.EXE",
            "assets/3/setup.exe"
        ]
    );
    let dest = work.path().join("o");
    let loaded = load(&bundle::open(&zip, &dest).unwrap()).unwrap();
    let installers: Vec<&Path> = loaded
        .applications
        .iter()
        .map(|a| a.installer.as_path())
        .collect();
    assert_eq!(
        installers,
        [
            Path::new("assets/setup.exe"),
            Path::new("assets/2/SETUP.EXE"),
            Path::new("assets/3/setup.exe"),
            Path::new("assets/setup.exe")
        ]
    );
    assert_eq!(
        fs::read(dest.join("assets/2/SETUP.EXE")).unwrap(),
        b"second"
    );
    assert_eq!(fs::read(dest.join("assets/3/setup.exe")).unwrap(), b"third");
}

#[test]
fn secret_file_outside_the_project_becomes_a_bare_name_and_is_reported() {
    let src = tempfile::tempdir().unwrap();
    let mut p = Project::new("Outside");
    p.base_dir = src.path().to_path_buf();
    p.accounts.local_admin = Some(LocalAdmin {
        name: "admin".into(),
        password: Secret::file("../keys/admin.key"),
    });
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("o.zip");
    let summary = bundle::export(&p, "weird:name.json", &zip, Overwrite::Refuse).unwrap();
    assert_eq!(summary.project_entry, "project.json");
    assert_eq!(
        summary.secret_files,
        vec![SecretFileNote {
            field: "Local administrator password".into(),
            path: "admin.key".into(),
            moved_from: Some("../keys/admin.key".into()),
        }]
    );
    let loaded = load(&bundle::open(&zip, &work.path().join("d")).unwrap()).unwrap();
    assert_eq!(
        loaded.accounts.local_admin.unwrap().password,
        Secret::file("admin.key")
    );
}

#[test]
fn missing_asset_writes_nothing_and_names_the_field() {
    let src = tempfile::tempdir().unwrap();
    let mut p = sample(src.path());
    fs::remove_file(src.path().join("certs/root.cer")).unwrap();
    p.name = "x".into();
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("x.zip");
    let err = bundle::export(&p, "x.json", &zip, Overwrite::Refuse).unwrap_err();
    assert!(
        matches!(err, BundleError::AssetUnreadable { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "certificate \"Contoso Root\" uses the file certs/root.cer, which cannot be read (it does not exist); no bundle was written"
    );
    assert_eq!(fs::read_dir(work.path()).unwrap().count(), 0);
}

/// An asset whose read fails after the zip is half written (`/proc/self/mem` opens, then
/// fails to read at offset 0): the partial zip must vanish and an old bundle must survive.
#[cfg(target_os = "linux")]
#[test]
fn asset_failing_mid_write_leaves_no_partial_zip() {
    let src = tempfile::tempdir().unwrap();
    let mut p = sample(src.path());
    p.advanced[0].value = AdvancedValue::Asset("/proc/self/mem".into());
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("x.zip");
    let err = bundle::export(&p, "x.json", &zip, Overwrite::Refuse).unwrap_err();
    // EIO comes from read(), after the zip was started and earlier entries written.
    assert!(
        matches!(&err, BundleError::AssetUnreadable { field, reason, .. }
            if field.contains("DesktopImageUrl") && reason.contains("os error 5")),
        "{err:?}"
    );
    assert_eq!(fs::read_dir(work.path()).unwrap().count(), 0);

    fs::write(&zip, b"previous bundle").unwrap();
    bundle::export(&p, "x.json", &zip, Overwrite::Replace).unwrap_err();
    assert_eq!(fs::read(&zip).unwrap(), b"previous bundle");
    assert_eq!(fs::read_dir(work.path()).unwrap().count(), 1);
}

#[test]
fn refuses_to_overwrite_unless_asked() {
    let src = tempfile::tempdir().unwrap();
    let p = sample(src.path());
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("x.zip");
    fs::write(&zip, b"keep me").unwrap();
    let err = bundle::export(&p, "x.json", &zip, Overwrite::Refuse).unwrap_err();
    assert!(matches!(err, BundleError::Write { .. }), "{err:?}");
    assert_eq!(fs::read(&zip).unwrap(), b"keep me");
    bundle::export(&p, "x.json", &zip, Overwrite::Replace).unwrap();
    assert!(bundle::open(&zip, &work.path().join("o")).is_ok());
}

#[test]
fn opening_into_a_non_empty_folder_is_refused_and_leaves_it_alone() {
    let src = tempfile::tempdir().unwrap();
    let p = sample(src.path());
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("x.zip");
    bundle::export(&p, "x.json", &zip, Overwrite::Refuse).unwrap();
    let dest = work.path().join("taken");
    fs::create_dir(&dest).unwrap();
    fs::write(dest.join("mine.txt"), b"mine").unwrap();
    let err = bundle::open(&zip, &dest).unwrap_err();
    assert!(matches!(err, BundleError::DestNotEmpty { .. }), "{err:?}");
    assert_eq!(walk(&dest), [PathBuf::from("mine.txt")]);

    // An empty folder is fine.
    let empty = work.path().join("empty");
    fs::create_dir(&empty).unwrap();
    bundle::open(&zip, &empty).unwrap();
    assert!(empty.join("x.json").is_file());
}

/// A file that deflates better than `open` believes real files do (8 MiB of zeros) is
/// stored uncompressed, so the bundle still opens.
#[test]
fn highly_compressible_assets_are_stored_so_the_bundle_opens() {
    let src = tempfile::tempdir().unwrap();
    write(src.path(), "disk/blank.img", &vec![0u8; 8 << 20]);
    write(src.path(), "small.txt", &vec![b'a'; 100_000]);
    let mut p = Project::new("Zeros");
    p.base_dir = src.path().to_path_buf();
    p.advanced = vec![
        AdvancedSetting {
            path: "A/B".parse().unwrap(),
            value: AdvancedValue::Asset("disk/blank.img".into()),
        },
        AdvancedSetting {
            path: "A/C".parse().unwrap(),
            value: AdvancedValue::Asset("small.txt".into()),
        },
    ];
    let work = tempfile::tempdir().unwrap();
    let zip_path = work.path().join("z.zip");
    bundle::export(&p, "z.json", &zip_path, Overwrite::Refuse).unwrap();
    let mut archive = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
    assert_eq!(
        archive.by_name("disk/blank.img").unwrap().compression(),
        zip::CompressionMethod::Stored
    );
    // Below the 1 MiB floor, good compression is normal and kept.
    assert_eq!(
        archive.by_name("small.txt").unwrap().compression(),
        zip::CompressionMethod::Deflated
    );
    let dest = work.path().join("o");
    bundle::open(&zip_path, &dest).unwrap();
    assert_eq!(
        fs::read(dest.join("disk/blank.img")).unwrap().len(),
        8 << 20
    );
}
