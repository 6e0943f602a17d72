//! Recognising certificate files, so a wrong file is caught before a technician drives
//! to site.

use base64::Engine;
use x509_cert::der::Decode;

/// DER bytes of a `.cer` file, which may be DER, PEM or bare Base64.
pub fn cer_der(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.first() == Some(&0x30) {
        return Ok(bytes.to_vec());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "This file is not a certificate (.cer in DER or Base64 form).".to_string())?;
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
        .map_err(|_| "This file is not a certificate (.cer in DER or Base64 form).".to_string())
}

/// Parses a `.cer` and returns its DER bytes.
pub fn parse_cer(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let der = cer_der(bytes)?;
    x509_cert::Certificate::from_der(&der)
        .map_err(|_| "This file is not a valid X.509 certificate.".to_string())?;
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
