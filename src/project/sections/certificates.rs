//! The Certificates page: root, intermediate and trusted-people certificates (.cer) and
//! client certificates with their private key (.pfx).

use super::{
    FieldSpec, In, Out, Writes, branch, found_secret, is_false, is_true, leaf, local_path, tf,
};
use crate::project::{Field, Page, Project, Secret};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The kinds of certificate store a package can fill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum CertificateKind {
    /// Trusted root CA (.cer).
    Root,
    /// Intermediate CA (.cer).
    Ca,
    /// Trusted People (.cer).
    TrustedPeople,
    /// A client certificate with its private key (.pfx).
    Client {
        password: Secret,
        #[serde(default)]
        key_location: KeyLocation,
        #[serde(default, skip_serializing_if = "is_false")]
        exportable: bool,
    },
}

/// Where a client certificate's private key is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyLocation {
    #[default]
    TpmOnly,
    TpmWithSoftwareFallback,
    SoftwareOnly,
}

impl KeyLocation {
    /// WCD's display text (customizations.xml value).
    pub fn display(self) -> &'static str {
        match self {
            KeyLocation::TpmOnly => "TPM only",
            KeyLocation::TpmWithSoftwareFallback => "TPM with software fallback",
            KeyLocation::SoftwareOnly => "Software only",
        }
    }
}

/// A certificate installed on every device. (Unknown fields cannot be refused here:
/// serde does not support that together with the flattened kind.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub name: String,
    pub path: PathBuf,
    #[serde(flatten)]
    pub kind: CertificateKind,
}

impl CertificateKind {
    /// The store entry a certificate of this kind is written as, and its file's leaf.
    fn entry(&self) -> (&'static str, &'static str) {
        match self {
            CertificateKind::Root => (ROOT, ROOT_PATH),
            CertificateKind::Ca => (CA, CA_PATH),
            CertificateKind::TrustedPeople => (TRUSTED_PEOPLE, TRUSTED_PEOPLE_PATH),
            CertificateKind::Client { .. } => (CLIENT, CLIENT_PATH),
        }
    }
}

impl KeyLocation {
    const ALL: [KeyLocation; 3] = [
        KeyLocation::TpmOnly,
        KeyLocation::TpmWithSoftwareFallback,
        KeyLocation::SoftwareOnly,
    ];
}

pub const ROOT: &str = "Certificates/RootCertificates/RootCertificate";
pub const ROOT_PATH: &str = "Certificates/RootCertificates/RootCertificate/CertificatePath";
/// WCD's store spells the entry `CACerificate`.
pub const CA: &str = "Certificates/CACertificates/CACerificate";
pub const CA_PATH: &str = "Certificates/CACertificates/CACerificate/CertificatePath";
pub const TRUSTED_PEOPLE: &str = "Certificates/TrustedPeopleCertificates/Certificate";
pub const TRUSTED_PEOPLE_PATH: &str =
    "Certificates/TrustedPeopleCertificates/Certificate/TrustedCertificate";
pub const CLIENT: &str = "Certificates/ClientCertificates/ClientCertificate";
pub const CLIENT_PASSWORD: &str =
    "Certificates/ClientCertificates/ClientCertificate/CertificatePassword";
pub const CLIENT_PATH: &str = "Certificates/ClientCertificates/ClientCertificate/CertificatePath";
pub const EXPORT_CERTIFICATE: &str =
    "Certificates/ClientCertificates/ClientCertificate/ExportCertificate";
pub const KEY_LOCATION: &str = "Certificates/ClientCertificates/ClientCertificate/KeyLocation";

/// Every path this section names.
pub const PATHS: [&str; 11] = [
    ROOT,
    ROOT_PATH,
    CA,
    CA_PATH,
    TRUSTED_PEOPLE,
    TRUSTED_PEOPLE_PATH,
    CLIENT,
    CLIENT_PASSWORD,
    CLIENT_PATH,
    EXPORT_CERTIFICATE,
    KEY_LOCATION,
];

pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::CertName(0),
        page: Page::Certificates,
        label: "Certificate {n} name",
        prompt: "Certificate name",
        example: "e.g. Contoso Root CA",
        help: "A name for this certificate, unique among certificates of its kind.\n\nExample: Contoso Root CA",
        writes: Writes::Settings(&[ROOT, CA, TRUSTED_PEOPLE, CLIENT]),
    },
    FieldSpec {
        field: Field::CertKind(0),
        page: Page::Certificates,
        label: "Certificate {n} kind",
        prompt: "Kind",
        example: "",
        help: "Where the certificate goes on the device:\nRoot CA: trusted root authorities (your own CA, a web filter).\nIntermediate CA: intermediate authorities.\nTrusted People: trusted individual certificates.\nClient (.pfx): a certificate with its private key, for Wi-Fi, VPN or MDM sign-in.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::CertPath(0),
        page: Page::Certificates,
        label: "Certificate {n} file",
        prompt: "Certificate file",
        example: "e.g. certs/root.cer",
        help: "The certificate file on this computer (.cer or .crt for authorities, .pfx for client certificates). It is copied into the package.\n\nExample: certs/contoso-root.cer",
        writes: Writes::Settings(&[ROOT_PATH, CA_PATH, TRUSTED_PEOPLE_PATH, CLIENT_PATH]),
    },
    FieldSpec {
        field: Field::CertPassword(0),
        page: Page::Certificates,
        label: "Certificate {n} password",
        prompt: "PFX password",
        example: "the password the .pfx was exported with",
        help: "The password the .pfx file was exported with. Hidden as you type; you choose where it is kept when you save.",
        writes: Writes::Settings(&[CLIENT_PASSWORD]),
    },
    FieldSpec {
        field: Field::CertKeyLocation(0),
        page: Page::Certificates,
        label: "Certificate {n} key location",
        prompt: "Private key kept in",
        example: "",
        help: "Where the device keeps the private key: in the TPM chip only (safest), in the TPM if there is one else in software, or in software only.\n\nOn a PC without a TPM (or with it turned off in the firmware), a \"TPM only\" certificate cannot be installed: the package reports that setting as failed and the PC gets no client certificate. Choose \"TPM, else software\" when some PCs may have no TPM.",
        writes: Writes::Settings(&[KEY_LOCATION]),
    },
    FieldSpec {
        field: Field::CertExportable(0),
        page: Page::Certificates,
        label: "Certificate {n} exportable",
        prompt: "Allow exporting the private key",
        example: "",
        help: "Allows the private key to be exported from the device later. Leave off unless you need it.",
        writes: Writes::Settings(&[EXPORT_CERTIFICATE]),
    },
];

/// The label a client certificate's password is asked for with.
pub fn password_label(name: &str) -> String {
    format!("Password of certificate \"{name}\"")
}

/// Project → settings: each certificate as an entry of its kind's store, keyed by name.
pub(crate) fn write(p: &Project, out: &mut Out) {
    for c in &p.certificates {
        let path = local_path(&p.resolve_path(&c.path));
        let (entry, file) = c.kind.entry();
        let kids = match &c.kind {
            CertificateKind::Client {
                password,
                key_location,
                exportable,
            } => {
                let pw = out.secret(password, &password_label(&c.name));
                vec![
                    leaf(CLIENT_PASSWORD, pw),
                    leaf(file, path),
                    leaf(EXPORT_CERTIFICATE, tf(*exportable)),
                    leaf(KEY_LOCATION, key_location.display()),
                ]
            }
            _ => vec![leaf(file, path)],
        };
        let node = branch(entry, kids)
            .with_attr("CertificateName", &c.name)
            .with_attr("Name", &c.name);
        out.push(entry, node);
    }
}

/// Settings → project: every named certificate with its file; a client certificate only
/// with everything the page holds.
pub(crate) fn read(p: &mut Project, r: &mut In<'_>) {
    let l = &mut r.leaves;
    for kind in [
        CertificateKind::Root,
        CertificateKind::Ca,
        CertificateKind::TrustedPeople,
    ] {
        let (schema, file) = kind.entry();
        for entry in l.entries(schema) {
            let Some(name) = entry.key().map(str::to_owned) else {
                continue;
            };
            if let Some(path) = l.take(file, Some(&entry)) {
                let path = r.assets.asset(&path);
                p.certificates.push(Certificate {
                    name,
                    path,
                    kind: kind.clone(),
                });
            }
        }
    }
    for entry in l.entries(CLIENT) {
        let Some(name) = entry.key().map(str::to_owned) else {
            continue;
        };
        let needed = [
            CLIENT_PATH,
            CLIENT_PASSWORD,
            EXPORT_CERTIFICATE,
            KEY_LOCATION,
        ];
        if !l.all_filled(&needed, Some(&entry)) {
            continue;
        }
        let Some(path) = l.take(CLIENT_PATH, Some(&entry)) else {
            continue;
        };
        let path = r.assets.asset(&path);
        let pw = l.take(CLIENT_PASSWORD, Some(&entry)).unwrap_or_default();
        let exportable = l
            .take(EXPORT_CERTIFICATE, Some(&entry))
            .is_some_and(|t| is_true(&t));
        let key_location = match l.take(KEY_LOCATION, Some(&entry)).as_deref() {
            // WCD writes the display text; the store's value name is read too.
            Some("SoftwareOnly") => KeyLocation::SoftwareOnly,
            Some(t) => KeyLocation::ALL
                .into_iter()
                .find(|k| k.display() == t)
                .unwrap_or_default(),
            None => KeyLocation::default(),
        };
        p.certificates.push(Certificate {
            name,
            path,
            kind: CertificateKind::Client {
                password: found_secret(pw),
                key_location,
                exportable,
            },
        });
    }
}

/// The section's secrets with their labels (saving asks where each is kept).
pub(crate) fn secrets<'a>(certs: &'a mut [Certificate], out: &mut Vec<(String, &'a mut Secret)>) {
    for c in certs {
        if let CertificateKind::Client { password, .. } = &mut c.kind {
            out.push((password_label(&c.name), password));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::round_trip;
    use super::*;
    use crate::project::SecretSource;
    use crate::secret::SecretString;

    #[test]
    fn certificates_round_trip() {
        let mut p = Project::new("Certificates");
        p.base_dir = std::path::absolute("certs-here").unwrap();
        let cert = |name: &str, file: &str, kind| Certificate {
            name: name.into(),
            path: p.base_dir.join(file),
            kind,
        };
        // Read back grouped by kind, in the order of the stores.
        p.certificates = vec![
            cert("Contoso Root", "root.cer", CertificateKind::Root),
            cert("Contoso Issuing", "ca.cer", CertificateKind::Ca),
            cert("Printer", "printer.cer", CertificateKind::TrustedPeople),
        ];
        for (i, key_location) in KeyLocation::ALL.into_iter().enumerate() {
            p.certificates.push(cert(
                &format!("Wi-Fi {i}"),
                &format!("wifi{i}.pfx"),
                CertificateKind::Client {
                    password: Secret::typed(
                        SecretString::new(format!("pfx-{i}")),
                        SecretSource::Clear,
                    ),
                    key_location,
                    exportable: i == 1,
                },
            ));
        }
        let (back, left) = round_trip(&p);
        assert!(left.is_empty(), "{left:?}");
        assert_eq!(back.certificates, p.certificates);
    }
}
