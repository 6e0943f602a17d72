//! `check` and `build` read a certificate file the same way: for every form of .cer a
//! technician may have (DER, PEM with CRLF, bare Base64, `openssl x509 -text` output, a
//! byte-order mark) and for files that are no certificate, `check` accepts exactly what
//! the package compiler packs.

use ppkg_wizard::package::{CompileOptions, compile};
use ppkg_wizard::project::{Certificate, CertificateKind, Field, Project, SecretMode, Severity};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/validate")
        .join(name)
}

/// Each form, by name, with its bytes.
fn forms() -> Vec<(&'static str, Vec<u8>)> {
    let der = std::fs::read(fixture("root.der.cer")).unwrap();
    let pem = std::fs::read_to_string(fixture("root.pem.cer")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    vec![
        ("der.cer", der.clone()),
        ("pem.cer", pem.clone().into_bytes()),
        ("crlf.cer", pem.replace('\n', "\r\n").into_bytes()),
        ("bare.cer", body.clone().into_bytes()),
        (
            "explained.cer",
            format!("Certificate:\n    Subject: CN=ppkg-wizard test root\n{pem}").into_bytes(),
        ),
        ("bom.cer", format!("\u{feff}{pem}").into_bytes()),
        ("bom-bare.cer", format!("\u{feff}{body}").into_bytes()),
        ("junk.cer", b"hello, world".to_vec()),
        ("binary.cer", vec![0xff, 0xfe, 0x00, 0x80]),
        ("short.cer", der[..der.len() - 10].to_vec()),
        ("empty.cer", Vec::new()),
        ("client.cer", std::fs::read(fixture("client.pfx")).unwrap()),
    ]
}

/// Whether `check` finds nothing wrong with the certificate's file.
fn check_accepts(p: &Project) -> bool {
    p.validate()
        .iter()
        .all(|pr| pr.field != Field::CertPath(0) || pr.severity != Severity::Error)
}

/// Whether the package compiler packs the certificate.
fn build_accepts(p: &Project) -> bool {
    let doc = p.to_customizations(SecretMode::Values).unwrap();
    let resolve = |t: &str| -> Option<PathBuf> { Some(PathBuf::from(t)) };
    compile(&doc, &resolve, CompileOptions::default()).is_ok()
}

#[test]
fn check_accepts_exactly_the_certificates_build_packs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut accepted, mut refused) = (0, 0);
    for (name, bytes) in forms() {
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let mut p = Project::new("Certificates");
        p.base_dir = dir.path().to_path_buf();
        p.certificates.push(Certificate {
            name: "Contoso Root".into(),
            path: name.into(),
            kind: CertificateKind::Root,
        });
        let (check, build) = (check_accepts(&p), build_accepts(&p));
        assert_eq!(check, build, "{name}: check {check}, build {build}");
        if check {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    // Both sides of the rule are exercised.
    assert_eq!((accepted, refused), (7, 5));
}
