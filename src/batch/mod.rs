//! Many packages from one project: one per row of a CSV file whose header names project
//! fields by their JSON path (`device.name`, `network.ssid`, `accounts.join.ou`, …).
//!
//! [`rows`] streams the file, [`plan`] turns a row into its project (cells written into
//! the project's JSON, then read and checked by the project's own code), [`run`] checks
//! every row before anything is written and builds the good ones in parallel.

pub mod path;
pub mod plan;
pub mod problem;
pub mod rows;
pub mod run;

pub use path::FieldPath;
pub use plan::{Batch, Kind, RowProject, row_package_id};
pub use problem::{HeaderProblem, RowProblem, Why};
pub use rows::{Limits, Row, RowsError, RowsFile};
pub use run::{BatchBuild, Built, CheckOptions, Checked, Event, build_all, check_all};
