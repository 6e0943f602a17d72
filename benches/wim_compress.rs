//! Compression benchmark: our WIM writer beside `wimlib-imagex capture --compress=XPRESS
//! --chunk-size=32768` on the same files.
//!
//! The payload imitates a provisioning package with installers: real executable code
//! (ELF files from /usr/bin and /usr/lib, standing in for PE installers), already-compressed
//! data (random bytes, like the cabinets inside an MSI) and text (XML, scripts).
//! `WIM_BENCH_MB` sets the payload size (default 256); `WIM_BENCH_THREADS` the thread count
//! (default: all cores). Reports MB/s, output size and peak memory (VmHWM) of this process,
//! which generates the payload as a stream so the figure is the writer's.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ppkg_wizard::wim::{ImageInfo, WriteOptions, Writer};

fn vm_hwm_kib() -> Option<u64> {
    let s = fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
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

/// Executable files found on this machine, biggest first, up to `budget` bytes.
fn code_files(budget: u64) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in [
        "/usr/bin",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
    ] {
        if let Ok(rd) = fs::read_dir(dir) {
            for e in rd.flatten() {
                if let Ok(m) = fs::metadata(e.path()) {
                    if m.is_file() && m.len() > 16 * 1024 {
                        found.push((e.path(), m.len()));
                    }
                }
            }
        }
    }
    found.sort();
    let mut total = 0;
    let mut out = Vec::new();
    for (p, len) in found {
        if total >= budget {
            break;
        }
        total += len.min(2 << 20);
        out.push(p);
    }
    out
}

/// Writes the payload tree under `dir`, streaming (bounded memory). Returns its size.
fn make_payload(dir: &Path, total: u64) -> u64 {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut written = 0u64;
    // ~50% executable code: concatenated into "installer" files of ~8 MiB.
    let code = code_files(total * 50 / 100);
    let inst_dir = dir.join("DataAsset/installers");
    fs::create_dir_all(&inst_dir).unwrap();
    let mut k = 0;
    let mut cur: Option<BufWriter<File>> = None;
    let mut cur_len = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    for p in code {
        if written >= total * 50 / 100 {
            break;
        }
        if cur.is_none() || cur_len > 8 << 20 {
            cur = Some(BufWriter::new(
                File::create(inst_dir.join(format!("setup{k}.exe"))).unwrap(),
            ));
            k += 1;
            cur_len = 0;
        }
        let Ok(f) = File::open(&p) else { continue };
        // At most 2 MiB of each executable, so the mix stays varied.
        let mut f = f.take(2 << 20);
        loop {
            let n = f.read(&mut buf).unwrap_or(0);
            if n == 0 {
                break;
            }
            cur.as_mut().unwrap().write_all(&buf[..n]).unwrap();
            cur_len += n as u64;
            written += n as u64;
        }
        // An "embedded cabinet": incompressible data inside the installer.
        let cab = 256 * 1024 + (rng.next() % (512 * 1024));
        for _ in 0..cab / 8 {
            cur.as_mut()
                .unwrap()
                .write_all(&rng.next().to_le_bytes())
                .unwrap();
        }
        cur_len += cab / 8 * 8;
        written += cab / 8 * 8;
    }
    drop(cur);
    let code_and_cabs = written;
    // Fill up to 85% with more incompressible data (compressed archives, images).
    let mut i = 0;
    while written < total * 85 / 100 {
        let len = (4 << 20).min(total * 85 / 100 - written).max(1);
        let mut f =
            BufWriter::new(File::create(dir.join(format!("DataAsset/archive{i}.zip"))).unwrap());
        for _ in 0..len.div_ceil(8) {
            f.write_all(&rng.next().to_le_bytes()).unwrap();
        }
        written += len.div_ceil(8) * 8;
        i += 1;
    }
    let random = written - code_and_cabs;
    // The rest as text: XML settings and scripts, in many small files.
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
    let mut j = 0;
    while written < total {
        let len = 2_000 + rng.next() % 200_000;
        let mut f =
            BufWriter::new(File::create(text_dir.join(format!("{j}__Setting.provxml"))).unwrap());
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
        written += n;
        j += 1;
    }
    println!(
        "payload mix: {:.0} MiB executables with embedded cabinets, {:.0} MiB archives, {:.0} MiB text",
        code_and_cabs as f64 / 1048576.0,
        random as f64 / 1048576.0,
        (written - code_and_cabs - random) as f64 / 1048576.0
    );
    written
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
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

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing useful: run a tiny size then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let mb: u64 = std::env::var("WIM_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 4 } else { 256 });
    let threads: usize = std::env::var("WIM_BENCH_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("payload");
    let size = make_payload(&src, mb << 20);
    let files = files_under(&src);
    println!(
        "payload: {} files, {:.1} MiB",
        files.len(),
        size as f64 / 1048576.0
    );

    // Runs alternate and the best of each is kept: the machine may be shared.
    let rounds: usize = std::env::var("WIM_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let (mut ours_best, mut theirs_best) = (f64::MAX, f64::MAX);
    let (mut ours_size, mut their_size) = (0, None);
    for _ in 0..rounds {
        let (secs, len) = run_ours(&src, &files, &tmp.path().join("ours.wim"), threads);
        ours_best = ours_best.min(secs);
        ours_size = len;
        if let Some((secs, len)) = run_wimlib(&src, &tmp.path().join("wimlib.wim")) {
            theirs_best = theirs_best.min(secs);
            their_size = Some(len);
        }
    }
    let hwm = vm_hwm_kib().map_or("n/a".to_string(), |k| {
        format!("{:.1} MiB", k as f64 / 1024.0)
    });
    let line = |who: &str, secs: f64, len: u64| {
        println!(
            "{who}: {:>8.1} MB/s  {:>12} bytes ({:.2}% of input)  {:.2} s",
            size as f64 / 1e6 / secs,
            len,
            len as f64 * 100.0 / size as f64,
            secs
        )
    };
    line("ours  ", ours_best, ours_size);
    println!("ours peak memory (VmHWM of this process): {hwm}");
    match their_size {
        Some(their_size) => {
            line("wimlib", theirs_best, their_size);
            println!(
                "ours/wimlib: size {:+.2}%, speed x{:.2}",
                (ours_size as f64 / their_size as f64 - 1.0) * 100.0,
                theirs_best / ours_best
            );
        }
        None => println!("wimlib-imagex not available: no comparison"),
    }
}

fn run_ours(src: &Path, files: &[PathBuf], dest: &Path, threads: usize) -> (f64, u64) {
    let t = Instant::now();
    let out = File::create(dest).unwrap();
    let mut w = Writer::new(
        out,
        WriteOptions {
            threads,
            ..Default::default()
        },
    )
    .unwrap();
    for f in files {
        let rel = f
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut file = File::open(f).unwrap();
        let len = file.metadata().unwrap().len();
        w.add_file(&rel, &mut file, len).unwrap();
    }
    let (out, len) = w
        .finish_with_len(&ImageInfo {
            name: "bench".into(),
            ..Default::default()
        })
        .unwrap();
    out.set_len(len).unwrap();
    out.sync_all().unwrap();
    (t.elapsed().as_secs_f64(), len)
}

fn run_wimlib(src: &Path, dest: &Path) -> Option<(f64, u64)> {
    let _ = fs::remove_file(dest);
    let t = Instant::now();
    let status = Command::new("wimlib-imagex")
        .arg("capture")
        .arg(src)
        .arg(dest)
        .args([
            "bench",
            "--compress=XPRESS",
            "--chunk-size=32768",
            "--no-acls",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    File::open(dest).ok()?.sync_all().ok()?;
    Some((t.elapsed().as_secs_f64(), fs::metadata(dest).ok()?.len()))
}
