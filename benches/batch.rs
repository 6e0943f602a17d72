//! `build --each` with 200 rows (fixed device names) from the school-lab example: criterion
//! reports packages per second (one element = one package), checking and building
//! included, with the default number of parallel builds.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ppkg_wizard::batch::{self, Batch, BatchBuild, CheckOptions, Limits, RowsFile};
use ppkg_wizard::pipeline::ProjectBuild;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

const ROWS: u64 = 200;

fn build_rows(project: &Path, csv: &Path, out: &Path, jobs: usize) -> u64 {
    let base = ppkg_wizard::project::load(project).unwrap();
    let rows = RowsFile::open(csv, Limits::default()).unwrap();
    let plan = Batch::new(base, rows.header(), None).unwrap();
    let opts = CheckOptions {
        read_secrets: true,
        refuse_existing_in: None,
    };
    let checked = batch::check_all(&plan, rows, &opts).unwrap();
    assert_eq!(checked.bad, 0, "{:?}", checked.problems);
    let how = BatchBuild {
        how: ProjectBuild {
            out_dir: out.to_path_buf(),
            replace: true,
            password: None,
            wcd_version: None,
            fixed_time: None,
        },
        jobs,
        keep_going: false,
        cancel: Arc::new(AtomicBool::new(false)),
    };
    let rows = RowsFile::open(csv, Limits::default()).unwrap();
    let done = batch::build_all(&plan, rows, &checked, &how, &|_| {}).unwrap();
    done.built
}

fn bench(c: &mut Criterion) {
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/examples/school-lab.json");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("pcs.csv");
    let mut text = String::from("device.name\n");
    for n in 1..=ROWS {
        text.push_str(&format!("PC{n:03}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let out = dir.path().join("out");
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());

    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS));
    g.bench_function(format!("build_each_{ROWS}_rows_{jobs}_jobs"), |b| {
        b.iter(|| assert_eq!(build_rows(&project, &csv, &out, jobs), ROWS))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
