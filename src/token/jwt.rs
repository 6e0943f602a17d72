//! Reading the claims of a JWT without checking its signature.
//!
//! We only read tokens we just received over TLS from the login host, to show who signed in
//! and to catch a token minted for the wrong resource; the services that consume them do
//! the real verification.

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Deserialize;

/// The audience the Device Registration Service requires (`aud` of the access token).
pub const DRS_AUDIENCE: &str = "urn:ms-drs:enterpriseregistration.windows.net";

const B64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The claims we use. Anything else in the payload is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Claims {
    /// Audience; Entra ID sends a string, the JWT spec also allows a list.
    #[serde(default, deserialize_with = "string_or_list")]
    pub aud: Vec<String>,
    /// User principal name (work accounts).
    #[serde(default)]
    pub upn: Option<String>,
    /// Fallbacks when `upn` is absent (guests, some v2 tokens).
    #[serde(default)]
    pub unique_name: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    /// Tenant id.
    #[serde(default)]
    pub tid: Option<String>,
    /// Authentication methods; `fed` means a federated identity provider signed the user in.
    #[serde(default)]
    pub amr: Vec<String>,
}

impl Claims {
    /// The best name to show for the account.
    pub fn account_name(&self) -> Option<&str> {
        self.upn
            .as_deref()
            .or(self.unique_name.as_deref())
            .or(self.preferred_username.as_deref())
    }

    /// True when `aud` is the Device Registration Service.
    pub fn is_for_drs(&self) -> bool {
        self.aud
            .iter()
            .any(|a| a.trim_end_matches('/') == DRS_AUDIENCE)
    }

    /// True when the account was signed in by a federated identity provider.
    pub fn is_federated(&self) -> bool {
        self.amr.iter().any(|m| m == "fed")
    }
}

/// Why a JWT could not be read. Never contains the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("the token does not have three dot-separated parts")]
    Shape,
    #[error("the token payload is not base64url")]
    Base64,
    #[error("the token payload is not a JSON object")]
    Json,
}

/// Decodes the payload (middle part) of `jwt`.
pub fn decode_claims(jwt: &str) -> Result<Claims, JwtError> {
    let mut parts = jwt.split('.');
    let (Some(_header), Some(payload), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Shape);
    };
    let bytes = B64.decode(payload).map_err(|_| JwtError::Base64)?;
    serde_json::from_slice(&bytes).map_err(|_| JwtError::Json)
}

fn string_or_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn reads_upn_tid_and_audience() {
        let c = decode_claims(&jwt(
            r#"{"aud":"urn:ms-drs:enterpriseregistration.windows.net","upn":"admin@contoso.com","tid":"t-1","amr":["pwd","mfa"],"x":1}"#,
        ))
        .unwrap();
        assert!(c.is_for_drs());
        assert_eq!(c.account_name(), Some("admin@contoso.com"));
        assert_eq!(c.tid.as_deref(), Some("t-1"));
        assert!(!c.is_federated());
    }

    #[test]
    fn audience_check_rejects_other_resources() {
        let c = decode_claims(&jwt(r#"{"aud":"https://graph.microsoft.com"}"#)).unwrap();
        assert!(!c.is_for_drs());
        let c = decode_claims(&jwt(
            r#"{"aud":["x","urn:ms-drs:enterpriseregistration.windows.net"]}"#,
        ))
        .unwrap();
        assert!(c.is_for_drs());
        let c = decode_claims(&jwt(r#"{"upn":"a@b"}"#)).unwrap();
        assert!(!c.is_for_drs(), "a missing aud is not the DRS");
    }

    #[test]
    fn padded_payload_and_fallback_names() {
        let payload = base64::engine::general_purpose::URL_SAFE
            .encode(r#"{"unique_name":"u@c","amr":["fed"]}"#);
        let c = decode_claims(&format!("h.{payload}.s")).unwrap();
        assert_eq!(c.account_name(), Some("u@c"));
        assert!(c.is_federated());
    }

    #[test]
    fn malformed_tokens_are_errors() {
        assert_eq!(decode_claims("abc"), Err(JwtError::Shape));
        assert_eq!(decode_claims("a.b.c.d"), Err(JwtError::Shape));
        assert_eq!(decode_claims("a.!!!.c"), Err(JwtError::Base64));
        let not_json = URL_SAFE_NO_PAD.encode("not json");
        assert_eq!(
            decode_claims(&format!("a.{not_json}.c")),
            Err(JwtError::Json)
        );
    }
}
