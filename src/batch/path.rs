//! Column headers as JSON paths into a project (`network.ssid`, `applications.0.name`,
//! `advanced[Policies/TimeLanguageSettings/ConfigureTimeZone]`), and writing a cell's value
//! at one. Working on the project's JSON rather than on a table of fields keeps every field
//! the project file has — advanced settings included — reachable without a per-field list.

use serde_json::Value;
use std::fmt;

/// One step of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// An object member.
    Key(String),
    /// A list element, counted from 0.
    Index(usize),
    /// The element of the list `key` whose `"path"` is `setting` (advanced settings, whose
    /// position in the list means nothing to a person).
    Select { key: String, setting: String },
}

/// A parsed column header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath {
    pub steps: Vec<Step>,
}

/// Why a header is not a usable field path.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the column has no name")]
    Empty,
    #[error("it has an empty part (two dots in a row, or a dot at an end)")]
    EmptyStep,
    #[error("a '[' has no matching ']'")]
    Unclosed,
    #[error("text follows a ']'; write the next part after a dot")]
    AfterBracket,
    #[error("the schema version cannot change per row")]
    Schema,
    #[error(
        "each row's package id is derived from the project's id and the row's key, so it cannot be set"
    )]
    PackageId,
}

impl FieldPath {
    /// Parses `a.b.0.c` and `list[selector]` steps. Dots inside brackets belong to the
    /// selector (setting paths may contain them).
    pub fn parse(text: &str) -> Result<Self, PathError> {
        if text.is_empty() {
            return Err(PathError::Empty);
        }
        let mut steps = Vec::new();
        let mut rest = text;
        loop {
            let (part, next) = split_step(rest)?;
            steps.push(parse_step(part)?);
            match next {
                Some(n) => rest = n,
                None => break,
            }
        }
        let path = FieldPath { steps };
        if path.is_key("schema") {
            return Err(PathError::Schema);
        }
        if matches!(path.steps.as_slice(), [Step::Key(a), Step::Key(b)] if a == "package" && b == "id")
        {
            return Err(PathError::PackageId);
        }
        Ok(path)
    }

    /// True for the one-step path `key`.
    pub fn is_key(&self, key: &str) -> bool {
        matches!(self.steps.as_slice(), [Step::Key(k)] if k == key)
    }

    /// The value at this path in `root`, if there is one.
    pub fn get<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        let mut cur = root;
        for step in &self.steps {
            cur = match step {
                Step::Key(k) => cur.get(k)?,
                Step::Index(i) => cur.get(*i)?,
                Step::Select { key, setting } => leaf_of(select(cur.get(key)?, setting)?)?,
            };
        }
        Some(cur)
    }

    /// Writes `value` at this path in `root`, creating missing objects on the way (so
    /// `network.ssid` works for a project without Wi-Fi). List elements are never created:
    /// a row changes the project's lists, it does not invent entries.
    pub fn set(&self, root: &mut Value, value: Value) -> Result<(), SetError> {
        let mut cur = root;
        for (n, step) in self.steps.iter().enumerate() {
            if cur.is_null() {
                *cur = Value::Object(Default::default());
            }
            cur = match step {
                Step::Key(k) => match cur {
                    Value::Object(m) => m.entry(k.clone()).or_insert(Value::Null),
                    _ => return Err(SetError::NotAGroup(self.prefix(n))),
                },
                Step::Index(i) => match cur {
                    Value::Array(a) => {
                        let len = a.len();
                        a.get_mut(*i).ok_or(SetError::NoElement {
                            list: self.prefix(n),
                            index: *i,
                            len,
                        })?
                    }
                    _ => return Err(SetError::NotAList(self.prefix(n))),
                },
                Step::Select { key, setting } => {
                    let list = cur.get_mut(key).ok_or_else(|| SetError::NoSetting {
                        setting: setting.clone(),
                    })?;
                    let el = select_mut(list, setting).ok_or_else(|| SetError::NoSetting {
                        setting: setting.clone(),
                    })?;
                    leaf_of_mut(el).ok_or_else(|| SetError::NoSetting {
                        setting: setting.clone(),
                    })?
                }
            };
        }
        *cur = value;
        Ok(())
    }

    fn prefix(&self, n: usize) -> String {
        FieldPath {
            steps: self.steps[..n].to_vec(),
        }
        .to_string()
    }
}

/// Why a value could not be written at a path of this project.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("{0} is not a group of fields")]
    NotAGroup(String),
    #[error("{0} is not a list")]
    NotAList(String),
    #[error("the list {list} has {len} entries, so there is no entry {index} (counted from 0)")]
    NoElement {
        list: String,
        index: usize,
        len: usize,
    },
    #[error("the project has no advanced setting {setting}")]
    NoSetting { setting: String },
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, s) in self.steps.iter().enumerate() {
            if n > 0 {
                f.write_str(".")?;
            }
            match s {
                Step::Key(k) => f.write_str(k)?,
                Step::Index(i) => write!(f, "{i}")?,
                Step::Select { key, setting } => write!(f, "{key}[{setting}]")?,
            }
        }
        Ok(())
    }
}

/// Splits off the first step: up to the first dot outside brackets.
fn split_step(text: &str) -> Result<(&str, Option<&str>), PathError> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => return Ok((&text[..i], Some(&text[i + 1..]))),
            _ => {}
        }
    }
    if depth > 0 {
        return Err(PathError::Unclosed);
    }
    Ok((text, None))
}

fn parse_step(part: &str) -> Result<Step, PathError> {
    if part.is_empty() {
        return Err(PathError::EmptyStep);
    }
    if let Some(open) = part.find('[') {
        let inner = &part[open + 1..];
        let close = inner.rfind(']').ok_or(PathError::Unclosed)?;
        if close + 1 != inner.len() {
            return Err(PathError::AfterBracket);
        }
        let key = &part[..open];
        let setting = &inner[..close];
        if key.is_empty() || setting.is_empty() {
            return Err(PathError::EmptyStep);
        }
        return Ok(Step::Select {
            key: key.to_owned(),
            setting: setting.to_owned(),
        });
    }
    if part.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = part.parse() {
            return Ok(Step::Index(i));
        }
    }
    Ok(Step::Key(part.to_owned()))
}

fn select<'a>(list: &'a Value, setting: &str) -> Option<&'a Value> {
    list.as_array()?
        .iter()
        .find(|e| e.get("path").and_then(Value::as_str) == Some(setting))
}

fn select_mut<'a>(list: &'a mut Value, setting: &str) -> Option<&'a mut Value> {
    list.as_array_mut()?
        .iter_mut()
        .find(|e| e.get("path").and_then(Value::as_str) == Some(setting))
}

/// The members an advanced setting keeps its value in, one of which is present.
const LEAVES: [&str; 3] = ["value", "secret", "asset"];

fn leaf_of(el: &Value) -> Option<&Value> {
    LEAVES.iter().find_map(|k| el.get(*k))
}

fn leaf_of_mut(el: &mut Value) -> Option<&mut Value> {
    let key = LEAVES.iter().find(|k| el.get(**k).is_some())?;
    el.get_mut(*key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_keys_indexes_and_selectors() {
        let p = FieldPath::parse("applications.0.command_line").unwrap();
        assert_eq!(
            p.steps,
            vec![
                Step::Key("applications".into()),
                Step::Index(0),
                Step::Key("command_line".into())
            ]
        );
        let p = FieldPath::parse("advanced[A/B[x.y]/C]").unwrap();
        assert_eq!(
            p.steps,
            vec![Step::Select {
                key: "advanced".into(),
                setting: "A/B[x.y]/C".into()
            }]
        );
        assert_eq!(p.to_string(), "advanced[A/B[x.y]/C]");
        assert_eq!(FieldPath::parse("a..b"), Err(PathError::EmptyStep));
        assert_eq!(FieldPath::parse("a."), Err(PathError::EmptyStep));
        assert_eq!(FieldPath::parse("a[b"), Err(PathError::Unclosed));
        assert_eq!(FieldPath::parse("a[b]c"), Err(PathError::AfterBracket));
        assert_eq!(FieldPath::parse("schema"), Err(PathError::Schema));
        assert_eq!(FieldPath::parse("package.id"), Err(PathError::PackageId));
    }

    #[test]
    fn set_creates_groups_but_not_list_entries() {
        let mut v = json!({"name": "a", "applications": [{"name": "x"}],
            "advanced": [{"path": "P/Q", "value": "1"}]});
        FieldPath::parse("network.ssid")
            .unwrap()
            .set(&mut v, json!("Net"))
            .unwrap();
        assert_eq!(v["network"]["ssid"], "Net");
        FieldPath::parse("advanced[P/Q]")
            .unwrap()
            .set(&mut v, json!("2"))
            .unwrap();
        assert_eq!(v["advanced"][0]["value"], "2");
        assert_eq!(
            FieldPath::parse("applications.3.name")
                .unwrap()
                .set(&mut v, json!("y")),
            Err(SetError::NoElement {
                list: "applications".into(),
                index: 3,
                len: 1
            })
        );
        assert_eq!(
            FieldPath::parse("name.first")
                .unwrap()
                .set(&mut v, json!("y")),
            Err(SetError::NotAGroup("name".into()))
        );
        assert!(matches!(
            FieldPath::parse("advanced[Z]")
                .unwrap()
                .set(&mut v, json!("y")),
            Err(SetError::NoSetting { .. })
        ));
        let p = FieldPath::parse("advanced[P/Q]").unwrap();
        assert_eq!(p.get(&v), Some(&json!("2")));
    }
}
