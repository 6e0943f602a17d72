//! Encrypting and decrypting files: atomic output, nothing left behind on errors, and the
//! checks by outside tools (wimlib-imagex, a second implementation in protect_check.py).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::protect::{
    PackagePassword, ProtectError, decrypt_file, encrypt_file, encrypted_len, generate_password,
    is_encrypted,
};

/// The WCD-built sample.
fn sample() -> PathBuf {
    common::samples_dir().join("epower-v1.11/e-power.ppkg")
}

/// Runs a tool; `None` (after a note) when it is not installed and tools are optional.
fn run(program: &str, args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    common::tool_available(program).then(|| {
        Command::new(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"))
    })
}

fn wcd(s: &str) -> PackagePassword {
    PackagePassword::new_wcd(s).unwrap()
}

/// A real WIM: the WCD-built sample.
fn real_wim(_dir: &Path) -> Option<PathBuf> {
    let s = sample();
    assert!(s.is_file(), "the WCD sample {} is missing", s.display());
    Some(s)
}

/// Captures a folder with `size` bytes of varied content into a WIM with wimlib.
fn captured_wim(dir: &Path, size: usize) -> Option<PathBuf> {
    let src = dir.join("tree");
    fs::create_dir_all(src.join("sub")).unwrap();
    let mut x: u32 = 0x1234_5678;
    let data: Vec<u8> = (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x % 40) as u8 + b'0' // compressible but not trivial
        })
        .collect();
    fs::write(src.join("big.bin"), &data).unwrap();
    fs::write(src.join("sub").join("small.txt"), b"hello").unwrap();
    let wim = dir.join("captured.wim");
    let out = run(
        "wimlib-imagex",
        &[
            "capture".as_ref(),
            src.as_os_str(),
            wim.as_os_str(),
            "--compress=XPRESS".as_ref(),
            "--chunk-size=32768".as_ref(),
        ],
    )?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(wim)
}

fn wimlib_verify(wim: &Path) {
    if common::tool_available("wimlib-imagex") {
        common::wimlib_verify(wim).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Encrypts, decrypts and checks a WIM file; returns the decrypted path.
fn round_trip_file(dir: &Path, wim: &Path) -> PathBuf {
    let p = generate_password().unwrap();
    let pkg = dir.join("protected.ppkg");
    let back = dir.join("back.wim");
    let original = fs::read(wim).unwrap();
    assert!(!is_encrypted(wim).unwrap());
    let n = encrypt_file(wim, &pkg, &p, Overwrite::Refuse).unwrap();
    assert_eq!(n, encrypted_len(original.len() as u64));
    assert_eq!(fs::metadata(&pkg).unwrap().len(), n);
    assert!(is_encrypted(&pkg).unwrap());
    decrypt_file(&pkg, &back, &p, Overwrite::Refuse).unwrap();
    let got = fs::read(&back).unwrap();
    assert_eq!(&got[..original.len()], &original[..]);
    assert!(got[original.len()..].iter().all(|&b| b == 0));
    back
}

#[test]
fn real_sample_decrypts_to_a_wim_wimlib_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let Some(wim) = real_wim(dir.path()) else {
        return;
    };
    let back = round_trip_file(dir.path(), &wim);
    wimlib_verify(&back);
}

#[test]
fn multi_mib_captured_wim_survives_with_padding() {
    let dir = tempfile::tempdir().unwrap();
    let Some(wim) = captured_wim(dir.path(), 5 * 1024 * 1024) else {
        return;
    };
    assert!(fs::metadata(&wim).unwrap().len() > 1024 * 1024);
    let back = round_trip_file(dir.path(), &wim);
    wimlib_verify(&back);
}

#[test]
fn failures_leave_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let not_wim = d.join("notes.txt");
    fs::write(&not_wim, b"just some text, not a WIM").unwrap();
    let out = d.join("out.ppkg");
    let err = encrypt_file(&not_wim, &out, &wcd("Passw0rd"), Overwrite::Refuse).unwrap_err();
    assert!(matches!(err, ProtectError::NotAWim));
    assert!(!out.exists());

    let wim = d.join("fake.wim");
    let mut bytes = b"MSWIM\0\0\0".to_vec();
    bytes.resize(1000, 7);
    fs::write(&wim, &bytes).unwrap();
    encrypt_file(&wim, &out, &wcd("Passw0rd"), Overwrite::Refuse).unwrap();

    let back = d.join("back.wim");
    let err = decrypt_file(&out, &back, &wcd("Passw0rd2"), Overwrite::Refuse).unwrap_err();
    assert!(matches!(err, ProtectError::WrongPassword));
    let mut damaged = fs::read(&out).unwrap();
    damaged[600] ^= 4;
    let bad = d.join("bad.ppkg");
    fs::write(&bad, &damaged).unwrap();
    let err = decrypt_file(&bad, &back, &wcd("Passw0rd"), Overwrite::Refuse).unwrap_err();
    assert!(matches!(err, ProtectError::Damaged));
    assert!(!back.exists());
    let names: Vec<_> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 4, "no temporary files left: {names:?}");
}

#[test]
fn existing_output_is_kept_unless_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let wim = dir.path().join("a.wim");
    let mut bytes = b"MSWIM\0\0\0".to_vec();
    bytes.resize(300, 1);
    fs::write(&wim, &bytes).unwrap();
    let out = dir.path().join("a.ppkg");
    fs::write(&out, b"keep me").unwrap();
    let err = encrypt_file(&wim, &out, &wcd("Passw0rd"), Overwrite::Refuse).unwrap_err();
    assert!(matches!(err, ProtectError::Io(e) if e.kind() == std::io::ErrorKind::AlreadyExists));
    assert_eq!(fs::read(&out).unwrap(), b"keep me");
    encrypt_file(&wim, &out, &wcd("Passw0rd"), Overwrite::Replace).unwrap();
    assert_eq!(fs::metadata(&out).unwrap().len(), 48 + 320);
}

/// A bad password cannot reach `encrypt_file` at all: the type is only built from a valid
/// one. This walks the caller's path (validate, then write) to show nothing is created.
#[test]
fn invalid_passwords_are_refused_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let wim = dir.path().join("a.wim");
    fs::write(&wim, b"MSWIM\0\0\0 and more").unwrap();
    let out = dir.path().join("a.ppkg");
    for bad in ["A".repeat(17), "Pässw0rd".to_owned(), "short".to_owned()] {
        let result = PackagePassword::new_wcd(bad.as_str())
            .map_err(ProtectError::from)
            .and_then(|p| encrypt_file(&wim, &out, &p, Overwrite::Refuse));
        let msg = result.unwrap_err().to_string();
        assert!(msg.starts_with("The package password"), "{msg}");
        assert!(!msg.contains(&bad));
        assert!(!out.exists());
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// A second implementation (openssl CLI and/or Python's `cryptography`) decrypts what we
/// write, and what it writes with the same IV is byte-identical to ours.
#[test]
fn independent_implementation_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protect_check.py");
    let mut inputs = vec![];
    for len in [8usize, 159, 160, 161, 208, 320, 100_003] {
        let path = d.join(format!("w{len}.wim"));
        let mut bytes = b"MSWIM\0\0\0".to_vec();
        bytes.extend((0..len - 8).map(|i| (i % 251) as u8));
        fs::write(&path, &bytes).unwrap();
        inputs.push(path);
    }
    inputs.push(sample());
    for (i, wim) in inputs.iter().enumerate() {
        let password = if i % 2 == 0 {
            generate_password().unwrap()
        } else {
            wcd("Passw0rd")
        };
        let ours = d.join(format!("ours{i}.ppkg"));
        encrypt_file(wim, &ours, &password, Overwrite::Refuse).unwrap();

        // They decrypt ours.
        let theirs_wim = d.join(format!("theirs{i}.wim"));
        let Some(out) = run(
            "python3",
            &[
                script.as_os_str(),
                "decrypt".as_ref(),
                ours.as_os_str(),
                password.expose().as_ref(),
                theirs_wim.as_os_str(),
            ],
        ) else {
            return;
        };
        if out.status.code() == Some(77) && !common::tools_required() {
            eprintln!("SKIP: {}", String::from_utf8_lossy(&out.stderr));
            return;
        }
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "protect_check.py: {}",
            String::from_utf8_lossy(&out.stdout).trim()
        );
        let original = fs::read(wim).unwrap();
        let got = fs::read(&theirs_wim).unwrap();
        assert_eq!(&got[..original.len()], &original[..]);
        assert!(got[original.len()..].iter().all(|&b| b == 0));

        // They encrypt with our IV; the packages must be identical, and we open theirs.
        let ours_bytes = fs::read(&ours).unwrap();
        let iv: String = ours_bytes[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let theirs = d.join(format!("theirs{i}.ppkg"));
        let out = Command::new("python3")
            .arg(&script)
            .args([
                "encrypt".as_ref(),
                wim.as_os_str(),
                password.expose().as_ref(),
            ])
            .arg(&iv)
            .arg(&theirs)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            fs::read(&theirs).unwrap(),
            ours_bytes,
            "input {}",
            wim.display()
        );
        let back = d.join(format!("back{i}.wim"));
        decrypt_file(&theirs, &back, &password, Overwrite::Refuse).unwrap();
        assert_eq!(fs::read(&back).unwrap(), got);
    }
}
