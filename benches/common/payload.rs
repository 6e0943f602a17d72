//! The benchmark payload, shaped like a provisioning package that carries installers:
//! mostly real executable code, some text, some incompressible bytes.
//!
//! Executables are whole regular files (no links) of 16 KiB to 16 MiB from
//! `/usr/lib/x86_64-linux-gnu` (or `/usr/lib/aarch64-linux-gnu`), then `/usr/bin`, in
//! sorted name order, taken while they fit in 85% of the size: a fixed selection on a
//! given machine. Then 5% text (XML settings and scripts in files of 2–200 KB) and 10%
//! pseudo-random bytes (the cabinets and archives inside installers) in 4 MiB files.

#![allow(dead_code)]

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What [`make`] wrote.
pub struct Payload {
    pub exe_files: usize,
    pub exe_bytes: u64,
    pub text_files: usize,
    pub text_bytes: u64,
    pub random_files: usize,
    pub random_bytes: u64,
}

impl Payload {
    pub fn total(&self) -> u64 {
        self.exe_bytes + self.text_bytes + self.random_bytes
    }

    pub fn files(&self) -> usize {
        self.exe_files + self.text_files + self.random_files
    }
}

impl std::fmt::Display for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mib = |b: u64| b as f64 / 1048576.0;
        write!(
            f,
            "{:.1} MiB in {} files: {:.1} MiB executables ({} files of this machine's {}, sorted, 16 KiB-16 MiB each), {:.1} MiB text ({} files), {:.1} MiB random ({} files)",
            mib(self.total()),
            self.files(),
            mib(self.exe_bytes),
            self.exe_files,
            exe_dirs().join(" and "),
            mib(self.text_bytes),
            self.text_files,
            mib(self.random_bytes),
            self.random_files
        )
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn exe_dirs() -> Vec<&'static str> {
    [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/bin",
    ]
    .into_iter()
    .filter(|d| Path::new(d).is_dir())
    .collect()
}

/// The executables chosen for `budget` bytes, with their sizes.
pub fn executables(budget: u64) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut total = 0;
    for dir in exe_dirs() {
        let Ok(rd) = fs::read_dir(dir) else { continue };
        let mut names: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names {
            let Ok(m) = fs::symlink_metadata(&p) else {
                continue;
            };
            let len = m.len();
            if !m.is_file() || !(16 << 10..=16 << 20).contains(&len) {
                continue;
            }
            if total + len > budget {
                return out;
            }
            total += len;
            out.push((p, len));
        }
    }
    out
}

/// Writes the payload tree under `dir` (streaming: bounded memory).
pub fn make(dir: &Path, total: u64) -> Payload {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let exe_dir = dir.join("DataAsset/Installers");
    fs::create_dir_all(&exe_dir).unwrap();
    let mut p = Payload {
        exe_files: 0,
        exe_bytes: 0,
        text_files: 0,
        text_bytes: 0,
        random_files: 0,
        random_bytes: 0,
    };
    for (src, len) in executables(total * 85 / 100) {
        let name = src.file_name().unwrap().to_string_lossy().into_owned();
        fs::copy(&src, exe_dir.join(format!("{name}.bin"))).unwrap();
        p.exe_files += 1;
        p.exe_bytes += len;
    }
    let random_budget = total / 10;
    while p.random_bytes < random_budget {
        let len = (4 << 20).min(random_budget - p.random_bytes).div_ceil(8) * 8;
        let name = dir.join(format!("DataAsset/archive{}.cab", p.random_files));
        let mut f = BufWriter::new(File::create(name).unwrap());
        for _ in 0..len / 8 {
            f.write_all(&rng.next().to_le_bytes()).unwrap();
        }
        f.flush().unwrap();
        p.random_files += 1;
        p.random_bytes += len;
    }
    let words = [
        "<characteristic type=\"",
        "\">",
        "<parm name=\"",
        "value=\"",
        "\"/>",
        "Provisioning",
        "Policy",
        "\r\n  ",
        "true",
        "Write-Host ",
        "$env:ProgramData",
        "Install-Package -Name ",
    ];
    let text_dir = dir.join("Multivariant/0/Prov/RunTime");
    fs::create_dir_all(&text_dir).unwrap();
    let text_budget = total.saturating_sub(p.exe_bytes + p.random_bytes);
    while p.text_bytes < text_budget {
        let len = (2_000 + rng.next() % 200_000).min(text_budget - p.text_bytes);
        let name = text_dir.join(format!("{}__Setting.provxml", p.text_files));
        let mut f = BufWriter::new(File::create(name).unwrap());
        let mut n = 0;
        while n < len {
            let w = words[(rng.next() % words.len() as u64) as usize];
            f.write_all(w.as_bytes()).unwrap();
            n += w.len() as u64;
            if rng.next() % 4 == 0 {
                let num = format!("{}", rng.next() % 10_000);
                f.write_all(num.as_bytes()).unwrap();
                n += num.len() as u64;
            }
        }
        f.flush().unwrap();
        p.text_files += 1;
        p.text_bytes += n;
    }
    p
}

/// Regular files under `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The 1-minute load average, as text ("n/a" when unknown): other work slows a shared
/// machine's wall times.
pub fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "n/a".into())
}

/// Peak resident memory of this process so far (VmHWM), in KiB.
pub fn vm_hwm_kib() -> Option<u64> {
    let s = fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
