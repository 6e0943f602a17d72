//! Recognising certificate files, so a wrong file is caught before a technician drives
//! to site.

use base64::Engine;
use x509_cert::der::Decode;

/// Why a `.cer` file is not a certificate. The one parser: `check` and the package
/// compiler both read certificates with [`parse_cer`], so `check` never accepts a file the
/// build refuses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CerError {
    /// Neither DER nor Base64 (PEM) text.
    #[error("This file is not a certificate (.cer in DER or Base64 form).")]
    NotCertificate,
    /// DER (or decoded Base64) that does not parse as X.509; `detail` is the parser's.
    #[error("This file is not a valid X.509 certificate.")]
    NotX509 { detail: String },
}

/// DER bytes of a `.cer` file, which may be DER, PEM or bare Base64.
pub fn cer_der(bytes: &[u8]) -> Result<Vec<u8>, CerError> {
    if bytes.first() == Some(&0x30) {
        return Ok(bytes.to_vec());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| CerError::NotCertificate)?;
    // Windows also reads Base64 after a byte-order mark or after explanatory text
    // (`openssl x509 -text`): take the first PEM block when there is one.
    let text = text.trim_start_matches('\u{feff}');
    let body: String = match text.find("-----BEGIN") {
        Some(i) => text[i..]
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("-----"))
            .collect(),
        None => text.lines().filter(|l| !l.starts_with("-----")).collect(),
    };
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|_| CerError::NotCertificate)
}

/// Parses a `.cer` and returns its DER bytes.
pub fn parse_cer(bytes: &[u8]) -> Result<Vec<u8>, CerError> {
    let der = cer_der(bytes)?;
    x509_cert::Certificate::from_der(&der).map_err(|e| CerError::NotX509 {
        detail: e.to_string(),
    })?;
    Ok(der)
}

/// True when the bytes are a PKCS #12 (PFX) structure: a DER SEQUENCE starting with
/// version 3. The password is not checked here.
pub fn looks_like_pfx(bytes: &[u8]) -> bool {
    use x509_cert::der::{Reader, SliceReader};
    let Ok(mut r) = SliceReader::new(bytes) else {
        return false;
    };
    r.sequence(|inner| {
        let v: u8 = inner.decode()?;
        if v != 3 {
            return Err(x509_cert::der::Tag::Integer.value_error());
        }
        // Skip the rest of the contents: authSafe and optional macData.
        while !inner.is_finished() {
            let _any: x509_cert::der::asn1::AnyRef<'_> = inner.decode()?;
        }
        Ok(())
    })
    .is_ok()
}

/// What a `.pfx` holds, read with its password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PfxInfo {
    /// SHA-1 of the certificate that goes with the private key, in upper-case hex: the
    /// thumbprint Windows shows and certificate-based MDM enrollment asks for.
    pub thumbprint: String,
}

/// Why a `.pfx` cannot be used with the password given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PfxError {
    #[error("This file is not a .pfx (PKCS #12) certificate with its private key.")]
    NotPfx,
    #[error("The password does not open this .pfx file; use the password it was exported with.")]
    WrongPassword,
    #[error("This .pfx holds no certificate with a private key.")]
    NoKey,
    #[error("This .pfx cannot be read with this password: {0}.")]
    Unreadable(String),
}

/// Opens a `.pfx` with `password`: checks the password (the file's MAC, then the
/// decryption) and finds the certificate that goes with the private key.
pub fn read_pfx(bytes: &[u8], password: &str) -> Result<PfxInfo, PfxError> {
    use p12_keystore::error::Error;
    use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
    use sha1::{Digest, Sha1};
    if !looks_like_pfx(bytes) {
        return Err(PfxError::NotPfx);
    }
    let store = KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::default()).map_err(
        |e| match e {
            // A wrong password fails the MAC, or (without one) leaves garbage that
            // does not unpad or decode.
            Error::MacError(_) | Error::UnpadError | Error::DerError(_) => PfxError::WrongPassword,
            other => PfxError::Unreadable(other.to_string()),
        },
    )?;
    let (_, chain) = store.private_key_chain().ok_or(PfxError::NoKey)?;
    let leaf = chain.certs().first().ok_or(PfxError::NoKey)?;
    let thumbprint = Sha1::digest(leaf.as_der())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    Ok(PfxInfo { thumbprint })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/validate")
            .join(name);
        std::fs::read(p).unwrap()
    }

    /// `openssl x509 -fingerprint -sha1` of the fixture's certificate.
    const THUMBPRINT: &str = "BAA79C4F63D62419A7535BD10DC0B1D8DAA72FC7";

    #[test]
    fn pfx_password_is_checked_and_the_thumbprint_read() {
        // AES-256 (today's exports) and 3DES with a SHA-1 MAC (older Windows exports).
        for (name, password) in [
            ("client.pfx", "FixturePfx1"),
            ("client-3des.pfx", "Legacy3des"),
        ] {
            let pfx = fixture(name);
            let info = read_pfx(&pfx, password).expect("the fixture's password");
            assert_eq!(info.thumbprint, THUMBPRINT, "{name}");
            assert_eq!(
                read_pfx(&pfx, "wrong"),
                Err(PfxError::WrongPassword),
                "{name}"
            );
        }
        assert_eq!(read_pfx(b"not a pfx", "x"), Err(PfxError::NotPfx));
    }
}
