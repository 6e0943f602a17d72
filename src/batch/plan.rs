//! One project plus the columns of a rows file: the project each row stands for.
//!
//! A row's project is the project's JSON with the row's cells written at their paths, then
//! read and checked by the project's own code, so every field the project file has can be
//! a column and follows the same rules as in a single build.

use super::path::FieldPath;
use super::problem::{Column, HeaderProblem, RowProblem, Why};
use super::rows::Row;
use crate::project::{Problem, Project, Secret, SecretSource, Severity};
use serde_json::Value;

/// The header of a column that is only the row key and sets no field.
pub const KEY_ONLY: &str = "key";

/// A row's package id: UUID v5 in the namespace of the project's package id, named by the
/// row key — the same project and key always give the same id, so a rebuilt package
/// replaces the earlier one on devices.
pub fn row_package_id(project_id: uuid::Uuid, key: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&project_id, key.as_bytes())
}

/// What type a column's cells are turned into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A secret: `env:VAR` or `file:path` only.
    Secret,
    Bool,
    Integer,
    Float,
    Text,
}

#[derive(Clone, Debug)]
enum Target {
    KeyOnly,
    Field { path: FieldPath, kind: Kind },
}

#[derive(Clone, Debug)]
struct Col {
    header: String,
    target: Target,
}

/// A project ready to be varied per row.
pub struct Batch {
    base: Project,
    base_json: Value,
    columns: Vec<Col>,
    key: usize,
    sets_name: bool,
    /// The project's own errors: a row showing one of them is not blamed on a cell.
    base_errors: Vec<Problem>,
}

/// A row turned into its project.
#[derive(Clone, Debug)]
pub struct RowProject {
    pub line: u64,
    pub key: String,
    pub project: Project,
}

/// One cell's contribution: the column it came from, where and what it writes.
struct Assignment {
    column: usize,
    path: FieldPath,
    value: Value,
}

const PROBE: &str = "PPKG_WIZARD_BATCH_PROBE";

impl Batch {
    /// Reads the header against `base`. `key` names the key column; `None` = the first.
    /// Every header problem is returned at once.
    pub fn new(
        base: Project,
        header: &[String],
        key: Option<&str>,
    ) -> Result<Self, Vec<RowProblem>> {
        let base_json = serde_json::to_value(&base).expect("a project always serializes");
        let mut problems = Vec::new();
        let mut columns = Vec::new();
        let mut seen: Vec<(String, usize)> = Vec::new();
        let at = |n: usize, why: HeaderProblem| RowProblem {
            line: 1,
            column: Some(Column {
                number: n + 1,
                header: header[n].clone(),
            }),
            why: why.into(),
        };
        for (n, h) in header.iter().enumerate() {
            let target = if h == KEY_ONLY {
                Target::KeyOnly
            } else {
                match FieldPath::parse(h) {
                    Ok(path) => match kind_of(&base_json, &path) {
                        Ok(kind) => Target::Field { path, kind },
                        Err(why) => {
                            problems.push(at(n, why(h.clone())));
                            continue;
                        }
                    },
                    Err(why) => {
                        problems.push(at(
                            n,
                            HeaderProblem::Path {
                                header: h.clone(),
                                why,
                            },
                        ));
                        continue;
                    }
                }
            };
            let canon = match &target {
                Target::KeyOnly => KEY_ONLY.to_owned(),
                Target::Field { path, .. } => path.to_string(),
            };
            if let Some((_, first)) = seen.iter().find(|(c, _)| *c == canon) {
                problems.push(at(
                    n,
                    HeaderProblem::Duplicate {
                        header: h.clone(),
                        first: first + 1,
                    },
                ));
            }
            seen.push((canon, n));
            columns.push(Col {
                header: h.clone(),
                target,
            });
        }
        let key = match key {
            None => 0,
            Some(k) => match header.iter().position(|h| h == k) {
                Some(i) => i,
                None => {
                    problems.push(RowProblem {
                        line: 1,
                        column: None,
                        why: HeaderProblem::NoKeyColumn(k.to_owned()).into(),
                    });
                    0
                }
            },
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let sets_name = columns
            .iter()
            .any(|c| matches!(&c.target, Target::Field { path, .. } if path.is_key("name")));
        Ok(Batch {
            base_errors: errors_of(&base),
            base,
            base_json,
            columns,
            key,
            sets_name,
        })
    }

    /// The project the rows vary.
    pub fn base(&self) -> &Project {
        &self.base
    }

    /// The key column's header.
    pub fn key_header(&self) -> &str {
        &self.columns[self.key].header
    }

    /// Whether a column sets the package name (else each row's name is the project's
    /// name followed by the row key).
    pub fn sets_name(&self) -> bool {
        self.sets_name
    }

    /// How a column's cells are read, for a preview (`None` for the key-only column).
    pub fn kind(&self, column: usize) -> Option<Kind> {
        match self.columns.get(column)?.target {
            Target::KeyOnly => None,
            Target::Field { kind, .. } => Some(kind),
        }
    }

    fn column(&self, n: usize) -> Column {
        Column {
            number: n + 1,
            header: self.columns[n].header.clone(),
        }
    }

    /// The row's project, or everything wrong with the row. Rules are the project's own
    /// ([`Project::validate`], errors only); secrets are not read here
    /// ([`Batch::check_secrets`]).
    pub fn project_for(&self, row: &Row) -> Result<RowProject, Vec<RowProblem>> {
        let line = row.line;
        let mut problems = Vec::new();
        let problem = |column: Option<usize>, why: Why| RowProblem {
            line,
            column: column.map(|n| self.column(n)),
            why,
        };
        let key = row.cells[self.key].clone();
        if key.is_empty() {
            problems.push(problem(Some(self.key), Why::EmptyKey));
        }
        let mut sets = Vec::new();
        for (n, (col, cell)) in self.columns.iter().zip(&row.cells).enumerate() {
            let Target::Field { path, kind } = &col.target else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            match cell_value(*kind, cell) {
                Ok(value) => sets.push(Assignment {
                    column: n,
                    path: path.clone(),
                    value,
                }),
                Err(why) => problems.push(problem(Some(n), why)),
            }
        }
        if !self.sets_name {
            sets.push(Assignment {
                column: self.key,
                path: FieldPath::parse("name").expect("a valid path"),
                value: Value::String(format!("{} {key}", self.base.name)),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let id = row_package_id(self.base.package.id, &key);
        let mut project = self.apply_row(&sets, id, line)?;
        // A secret whose field only exists once another cell changed the project (a Wi-Fi
        // key where the project has no Wi-Fi) was read as text: a source reference there
        // is taken as the source, anything else is a secret in clear and refused.
        let mut changed = false;
        for (_, s) in project.secrets_mut() {
            if s.source != SecretSource::Clear {
                continue;
            }
            let v = s.value().map(|v| v.expose().to_owned()).unwrap_or_default();
            let Some(set) = sets
                .iter_mut()
                .find(|a| a.value.as_str() == Some(v.as_str()))
            else {
                continue;
            };
            match cell_value(Kind::Secret, &v) {
                Ok(reference) => {
                    set.value = reference;
                    changed = true;
                }
                Err(why) => problems.push(problem(Some(set.column), why)),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if changed {
            project = self.apply_row(&sets, id, line)?;
        }
        let errors = errors_of(&project);
        for e in errors {
            let column = sets
                .iter()
                .filter(|_| !self.base_errors.contains(&e))
                .find(|s| {
                    self.apply(std::slice::from_ref(s), id)
                        .is_ok_and(|p| errors_of(&p).contains(&e))
                })
                .map(|s| s.column);
            problems.push(problem(
                column,
                Why::Rule {
                    field: e.field.to_string(),
                    message: e.message,
                },
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(RowProject { line, key, project })
    }

    /// Reads every secret of a row's project from its source, as the build will; a
    /// failure is blamed on the cell that named the source when there is one.
    pub fn check_secrets(&self, row: &Row, p: &mut RowProject) -> Vec<RowProblem> {
        let mut problems = Vec::new();
        let base = p.project.base_dir.clone();
        let sources: Vec<SecretSource> = p
            .project
            .secrets_mut()
            .into_iter()
            .map(|(_, s)| s.source.clone())
            .collect();
        for (n, (col, cell)) in self.columns.iter().zip(&row.cells).enumerate() {
            // A cell naming a source the row's project reads a secret from.
            let Ok(Value::Object(m)) = cell_value(Kind::Secret, cell) else {
                continue;
            };
            let mut s = match (m.get("env"), m.get("file")) {
                (Some(Value::String(v)), _) => Secret::env(v.clone()),
                (_, Some(Value::String(f))) => Secret::file(f.clone()),
                _ => continue,
            };
            if matches!(col.target, Target::KeyOnly) || !sources.contains(&s.source) {
                continue;
            }
            if let Err(e) = s.resolve(&col.header, &base, &mut |_| None) {
                problems.push(RowProblem {
                    line: p.line,
                    column: Some(self.column(n)),
                    why: Why::Secret(e.to_string()),
                });
            }
        }
        if !problems.is_empty() {
            return problems;
        }
        for (label, s) in p.project.secrets_mut() {
            if let Err(e) = s.resolve(&label, &base, &mut |_| None) {
                problems.push(RowProblem {
                    line: p.line,
                    column: None,
                    why: Why::Secret(e.to_string()),
                });
            }
        }
        problems
    }

    /// The key column, 0-based.
    pub fn key_index(&self) -> usize {
        self.key
    }

    /// Where a package-name problem is reported: the `name` column, else the key column
    /// (the name is then made from the key).
    pub fn name_column(&self) -> Column {
        let n = self
            .columns
            .iter()
            .position(|c| matches!(&c.target, Target::Field { path, .. } if path.is_key("name")))
            .unwrap_or(self.key);
        self.column(n)
    }

    /// The project with every assignment made; when that fails, the cells that fail on
    /// their own are blamed, else the row as a whole.
    fn apply_row(
        &self,
        sets: &[Assignment],
        id: uuid::Uuid,
        line: u64,
    ) -> Result<Project, Vec<RowProblem>> {
        let whole = match self.apply(sets, id) {
            Ok(p) => return Ok(p),
            Err(e) => e,
        };
        let mut problems = Vec::new();
        for s in sets {
            if let Err(why) = self.apply(std::slice::from_ref(s), id) {
                problems.push(RowProblem {
                    line,
                    column: Some(self.column(s.column)),
                    why,
                });
            }
        }
        if problems.is_empty() {
            problems.push(RowProblem {
                line,
                column: None,
                why: whole,
            });
        }
        Err(problems)
    }

    fn apply(&self, sets: &[Assignment], id: uuid::Uuid) -> Result<Project, Why> {
        let mut v = self.base_json.clone();
        for s in sets {
            s.path.set(&mut v, s.value.clone())?;
        }
        v["package"]["id"] = Value::String(id.to_string());
        let mut p = serde_json::from_value::<Project>(v).map_err(|e| Why::Field {
            detail: e.to_string(),
        })?;
        p.base_dir = self.base.base_dir.clone();
        Ok(p)
    }
}

fn errors_of(p: &Project) -> Vec<Problem> {
    p.validate()
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect()
}

type HeaderWhy = Box<dyn FnOnce(String) -> HeaderProblem>;

/// How a column's cells are typed, found from the project: a secret if the field takes a
/// secret source, else the type of its current value, else the first of text, yes/no and
/// number the field accepts.
fn kind_of(json: &Value, path: &FieldPath) -> Result<Kind, HeaderWhy> {
    let mut probe = json.clone();
    if let Err(e) = path.set(&mut probe, serde_json::json!({ "env": PROBE })) {
        return Err(Box::new(move |header| HeaderProblem::Unreachable {
            header,
            why: e,
        }));
    }
    if let Ok(mut p) = serde_json::from_value::<Project>(probe) {
        let is_secret = p
            .secrets_mut()
            .iter()
            .any(|(_, s)| s.source == SecretSource::Env(PROBE.into()));
        if is_secret {
            return Ok(Kind::Secret);
        }
    }
    match path.get(json) {
        Some(Value::Bool(_)) => return Ok(Kind::Bool),
        Some(Value::Number(n)) if n.is_f64() => return Ok(Kind::Float),
        Some(Value::Number(_)) => return Ok(Kind::Integer),
        Some(Value::String(_)) => return Ok(Kind::Text),
        Some(v @ (Value::Object(_) | Value::Array(_))) => {
            let example = match v {
                Value::Object(m) => m
                    .keys()
                    .next()
                    .map(|k| format!("{path}.{k}"))
                    .unwrap_or_else(|| format!("{path}.NAME")),
                _ => format!("{path}.0"),
            };
            return Err(Box::new(move |header| HeaderProblem::Group {
                header,
                example,
            }));
        }
        Some(Value::Null) | None => {}
    }
    for (kind, v) in [
        (Kind::Text, Value::String("x".into())),
        (Kind::Bool, Value::Bool(true)),
        (Kind::Integer, Value::from(0)),
    ] {
        let mut probe = json.clone();
        if path.set(&mut probe, v).is_ok() && serde_json::from_value::<Project>(probe).is_ok() {
            return Ok(kind);
        }
    }
    // Nothing fits on its own (an unknown field, or a choice like an enum): the cells are
    // taken as text and each row gets the project's own reason.
    Ok(Kind::Text)
}

/// A cell as the JSON value its column takes.
fn cell_value(kind: Kind, cell: &str) -> Result<Value, Why> {
    match kind {
        Kind::Secret => {
            if let Some(var) = cell.strip_prefix("env:").filter(|v| !v.trim().is_empty()) {
                Ok(serde_json::json!({ "env": var.trim() }))
            } else if let Some(f) = cell.strip_prefix("file:").filter(|v| !v.trim().is_empty()) {
                Ok(serde_json::json!({ "file": f.trim() }))
            } else {
                Err(Why::ClearSecret)
            }
        }
        Kind::Bool => match cell.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "0" => Ok(Value::Bool(false)),
            _ => Err(Why::NotBool {
                value: cell.to_owned(),
            }),
        },
        Kind::Integer => cell
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| Why::NotNumber {
                value: cell.to_owned(),
            }),
        Kind::Float => cell
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| Why::NotNumber {
                value: cell.to_owned(),
            }),
        Kind::Text => Ok(Value::String(cell.to_owned())),
    }
}
