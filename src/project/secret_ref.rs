//! Where a secret comes from. Projects are shared and kept for months, so a saved project
//! names the *source* of each password or token, never (unless the user insists) its value.

use crate::secret::SecretString;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Largest secret file read; a token is a few KiB.
const MAX_SECRET_FILE: u64 = 64 * 1024;

/// The saved form of a secret field (`{"env": "VAR"}`, `{"file": "path"}`, `{"ask": true}`,
/// or — only by explicit choice — the value as a plain string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    /// Read from this environment variable at build time.
    Env(String),
    /// Read from this file (relative to the project file), trailing newline removed.
    File(PathBuf),
    /// Asked for at build time (the wizard prompts; the command line refuses).
    Ask,
    /// Stored in the project in clear text, because the user chose it.
    Clear,
}

/// A secret field: its source plus, in memory only, the value once known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub source: SecretSource,
    value: Option<SecretString>,
}

impl Default for Secret {
    fn default() -> Self {
        Self::ask()
    }
}

/// Why a secret could not be read. Messages name the field and say what to do.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("{field} comes from the environment variable {var}, which is not set")]
    EnvUnset { field: String, var: String },
    #[error("{field} comes from the environment variable {var}, which is empty")]
    EnvEmpty { field: String, var: String },
    #[error("{field} comes from the file {path}, which cannot be read ({reason})")]
    FileUnreadable {
        field: String,
        path: String,
        reason: String,
    },
    #[error("{field} comes from the file {path}, which is empty")]
    FileEmpty { field: String, path: String },
    #[error(
        "{field} is set to be asked for at build time, and the command line does not ask; set it with {{\"env\": \"VAR\"}} or {{\"file\": \"path\"}} in the project, or build from the wizard"
    )]
    MustAsk { field: String },
}

impl Secret {
    /// A secret that will be asked for, with no value yet.
    pub fn ask() -> Self {
        Self {
            source: SecretSource::Ask,
            value: None,
        }
    }

    /// A secret read from an environment variable.
    pub fn env(var: impl Into<String>) -> Self {
        Self {
            source: SecretSource::Env(var.into()),
            value: None,
        }
    }

    /// A secret read from a file beside the project.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self {
            source: SecretSource::File(path.into()),
            value: None,
        }
    }

    /// A value typed by the user, to be saved according to `source` later.
    pub fn typed(value: SecretString, source: SecretSource) -> Self {
        Self {
            source,
            value: Some(value),
        }
    }

    /// The value, when known (typed, stored in clear, or resolved).
    pub fn value(&self) -> Option<&SecretString> {
        self.value.as_ref()
    }

    /// Replaces the in-memory value (the wizard's text field).
    pub fn set_value(&mut self, value: Option<SecretString>) {
        self.value = value;
    }

    /// True when a value is known and not empty.
    pub fn has_value(&self) -> bool {
        self.value.as_ref().is_some_and(|v| !v.is_empty())
    }

    /// Loads the value from its source if not already known. `Ask` secrets without a value
    /// are left to `ask`, which returns `None` when it cannot ask (the command line).
    pub fn resolve(
        &mut self,
        field: &str,
        base_dir: &Path,
        ask: &mut dyn FnMut(&str) -> Option<SecretString>,
    ) -> Result<&SecretString, SecretError> {
        if self.value.is_none() {
            let v = match &self.source {
                SecretSource::Env(var) => match std::env::var(var) {
                    Ok(v) if v.is_empty() => {
                        return Err(SecretError::EnvEmpty {
                            field: field.into(),
                            var: var.clone(),
                        });
                    }
                    Ok(v) => SecretString::new(v),
                    Err(_) => {
                        return Err(SecretError::EnvUnset {
                            field: field.into(),
                            var: var.clone(),
                        });
                    }
                },
                SecretSource::File(p) => read_secret_file(field, &base_dir.join(p), p)?,
                SecretSource::Ask => ask(field).ok_or_else(|| SecretError::MustAsk {
                    field: field.into(),
                })?,
                SecretSource::Clear => SecretString::default(),
            };
            self.value = Some(v);
        }
        Ok(self.value.as_ref().expect("just set"))
    }
}

fn read_secret_file(field: &str, full: &Path, shown: &Path) -> Result<SecretString, SecretError> {
    let unreadable = |reason: String| SecretError::FileUnreadable {
        field: field.into(),
        path: shown.display().to_string(),
        reason,
    };
    let meta = std::fs::metadata(full).map_err(|e| unreadable(crate::errors::io_reason(&e)))?;
    if !meta.is_file() {
        return Err(unreadable("it is not a regular file".into()));
    }
    if meta.len() > MAX_SECRET_FILE {
        return Err(unreadable("it is larger than 64 KiB".into()));
    }
    let bytes =
        crate::fsutil::read_capped(full, MAX_SECRET_FILE).map_err(|e| unreadable(e.to_string()))?;
    let mut text =
        String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    while text.ends_with('\n') || text.ends_with('\r') {
        text.pop();
    }
    if text.is_empty() {
        return Err(SecretError::FileEmpty {
            field: field.into(),
            path: shown.display().to_string(),
        });
    }
    Ok(SecretString::new(text))
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Wire {
    Clear(String),
    Env { env: String },
    File { file: PathBuf },
    Ask { ask: bool },
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let wire = match &self.source {
            SecretSource::Env(v) => Wire::Env { env: v.clone() },
            SecretSource::File(p) => Wire::File { file: p.clone() },
            SecretSource::Ask => Wire::Ask { ask: true },
            SecretSource::Clear => Wire::Clear(
                self.value
                    .as_ref()
                    .map(|v| v.expose().to_owned())
                    .unwrap_or_default(),
            ),
        };
        wire.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "a secret must be {\"env\": \"VAR\"}, {\"file\": \"path\"}, {\"ask\": true} or a string",
            )
        })?;
        Ok(match wire {
            Wire::Clear(v) => Secret {
                source: SecretSource::Clear,
                value: Some(SecretString::new(v)),
            },
            Wire::Env { env } if !env.is_empty() => Secret::env(env),
            Wire::Env { .. } => return Err(serde::de::Error::custom("\"env\" names no variable")),
            Wire::File { file } => Secret::file(file),
            Wire::Ask { ask: true } => Secret::ask(),
            Wire::Ask { ask: false } => {
                return Err(serde::de::Error::custom(
                    "{\"ask\": false} says nothing; give a source",
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_forms_round_trip() {
        for json in [
            r#"{"env":"WIFI_KEY"}"#,
            r#"{"file":"wifi.key"}"#,
            r#"{"ask":true}"#,
            r#""clear-value""#,
        ] {
            let s: Secret = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&s).unwrap(), json);
        }
        assert!(serde_json::from_str::<Secret>(r#"{"ask":false}"#).is_err());
        assert!(serde_json::from_str::<Secret>(r#"{"env":""}"#).is_err());
        assert!(serde_json::from_str::<Secret>("3").is_err());
    }

    #[test]
    fn env_and_file_resolve_and_fail_clearly() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("k.txt"), "s3cret\r\n").unwrap();
        let mut f = Secret::file("k.txt");
        let v = f
            .resolve("Wi-Fi password", dir.path(), &mut |_| None)
            .unwrap();
        assert_eq!(v.expose(), "s3cret");

        let mut missing = Secret::file("nope.txt");
        let e = missing
            .resolve("Wi-Fi password", dir.path(), &mut |_| None)
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("Wi-Fi password comes from the file nope.txt")
        );

        let mut env = Secret::env("PPKG_WIZARD_TEST_SURELY_UNSET_VAR");
        let e = env
            .resolve("Domain join password", dir.path(), &mut |_| None)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Domain join password comes from the environment variable PPKG_WIZARD_TEST_SURELY_UNSET_VAR, which is not set"
        );

        let mut ask = Secret::ask();
        assert!(matches!(
            ask.resolve("x", dir.path(), &mut |_| None),
            Err(SecretError::MustAsk { .. })
        ));
        let v = ask
            .resolve("x", dir.path(), &mut |_| Some("typed".into()))
            .unwrap();
        assert_eq!(v.expose(), "typed");
    }
}
