//! The Certificates page: root, intermediate and trusted-people certificates (.cer) and
//! client certificates with their private key (.pfx).

use super::{FieldSpec, Writes};
use crate::project::{Field, Page};

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
        help: "Where the device keeps the private key: in the TPM chip only (safest), in the TPM if there is one else in software, or in software only.",
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
