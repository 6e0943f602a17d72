//! What the benchmarks measure on each side: wall time, CPU time and output size, with
//! `wimlib-imagex capture` as the reference run in the same process.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// One run of one side.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: f64,
    pub cpu: f64,
    pub size: u64,
}

impl Run {
    /// The median wall time and CPU time of `runs`, with the largest output size.
    pub fn median(runs: &[Run]) -> Option<Run> {
        Some(Run {
            wall: median(runs.iter().map(|r| r.wall).collect())?,
            cpu: median(runs.iter().map(|r| r.cpu).collect())?,
            size: runs.iter().map(|r| r.size).max()?,
        })
    }
}

/// The median of `v` (the upper one of an even count).
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// User + system CPU seconds of this process (all threads, live or exited).
pub fn own_cpu() -> f64 {
    let s = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the ")" closing the command name: state is field 3, utime 14, stime 15.
    let rest = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        f.get(i - 3)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(14) + ticks(15)) / 100.0
}

/// `wimlib-imagex capture` of `src` into `dest` with our format (XPRESS, 32 KiB chunks),
/// timed by `/usr/bin/time` when present (for its CPU time); `None` without wimlib.
pub fn wimlib_capture(src: &Path, dest: &Path) -> Option<Run> {
    let _ = fs::remove_file(dest);
    let timer = Path::new("/usr/bin/time");
    let mut cmd = if timer.exists() {
        let mut c = Command::new(timer);
        c.args(["-f", "%U %S", "wimlib-imagex"]);
        c
    } else {
        Command::new("wimlib-imagex")
    };
    cmd.arg("capture").arg(src).arg(dest).args([
        "Bench",
        "--compress=XPRESS",
        "--chunk-size=32K",
        "--no-acls",
    ]);
    let t = Instant::now();
    let out = cmd.stdout(std::process::Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    fs::File::open(dest).ok()?.sync_all().ok()?;
    let wall = t.elapsed().as_secs_f64();
    let cpu = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .map(|l| {
            l.split_whitespace()
                .filter_map(|v| v.parse::<f64>().ok())
                .sum()
        })
        .unwrap_or(f64::NAN);
    Some(Run {
        wall,
        cpu,
        size: fs::metadata(dest).ok()?.len(),
    })
}
