//! Compression benchmark: our WIM writer beside `wimlib-imagex capture --compress=XPRESS
//! --chunk-size=32K` (wimlib's default level) on the same tree, in the same run.
//!
//! The payload (see `common/payload.rs`) is mostly real executable code found on this
//! machine, plus text and incompressible bytes. `WIM_BENCH_MB` sets its size (default
//! 256), `WIM_BENCH_THREADS` our thread count (default: all cores), `WIM_BENCH_ROUNDS` the
//! number of alternating runs (default 5; each side's median is printed with the load
//! average, since the machine may be shared: CPU time is the steadier measure then). CPU time is user + system of the whole process (ours) or
//! child (wimlib).
//!
//! `WIM_BENCH_CODEC=depth,nice[,lazy[,insert[,literal_bits[,good_len]]]];...` (see `Params`) instead compresses every 32 KiB chunk of
//! the payload on one thread with each parameter set and prints speed and size: the
//! compressor alone, for tuning.

#[path = "common/measure.rs"]
mod measure;
#[path = "common/payload.rs"]
mod payload;

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use measure::{Run, own_cpu, wimlib_capture};
use ppkg_wizard::wim::xpress::{Compressor, Params};
use ppkg_wizard::wim::{ImageInfo, WriteOptions, Writer};

/// CPU time of the calling thread in seconds: on a shared machine a better measure of the
/// compressor alone than wall time.
fn thread_cpu() -> f64 {
    fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: run a tiny size then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let mb = env("WIM_BENCH_MB").unwrap_or(if quick { 4 } else { 256 });
    let threads = env("WIM_BENCH_THREADS").unwrap_or(0) as usize;
    let rounds = env("WIM_BENCH_ROUNDS").unwrap_or(if quick { 1 } else { 5 });
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("payload");
    let p = payload::make(&src, mb << 20);
    let files = payload::files_under(&src);
    println!("payload: {p}");
    println!(
        "machine: {} cores, load average {}; each side's median of {rounds} alternating runs",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        payload::load_average()
    );

    if let Ok(sets) = std::env::var("WIM_BENCH_CODEC") {
        codec_only(&files, &sets);
        if let Some(r) = wimlib_capture(&src, &tmp.path().join("wimlib.wim")) {
            println!(
                "wimlib capture: {} bytes in the WIM ({:.3}% of input), {:.2} s CPU",
                r.size,
                r.size as f64 * 100.0 / p.total() as f64,
                r.cpu
            );
        }
        return;
    }

    let mut ours_runs = Vec::new();
    let mut theirs_runs = Vec::new();
    for _ in 0..rounds {
        ours_runs.push(run_ours(
            &src,
            &files,
            &tmp.path().join("ours.wim"),
            threads,
        ));
        theirs_runs.extend(wimlib_capture(&src, &tmp.path().join("wimlib.wim")));
    }
    let ours = Run::median(&ours_runs);
    let theirs = Run::median(&theirs_runs);
    let size = p.total();
    let line = |who: &str, r: &Run| {
        println!(
            "{who}: {:>6.2} s wall {:>6.2} s CPU {:>7.1} MB/s  {:>11} bytes ({:.2}% of input)",
            r.wall,
            r.cpu,
            size as f64 / 1e6 / r.wall,
            r.size,
            r.size as f64 * 100.0 / size as f64,
        )
    };
    let ours = ours.expect("at least one round");
    line("ours  ", &ours);
    println!(
        "ours peak memory (VmHWM of this process): {}",
        payload::vm_hwm_kib().map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
    );
    match theirs {
        Some(t) => {
            line("wimlib", &t);
            println!(
                "ours/wimlib: size {:+.2}%, wall time x{:.2} ({:.2}x as fast), CPU time x{:.2}",
                (ours.size as f64 / t.size as f64 - 1.0) * 100.0,
                ours.wall / t.wall,
                t.wall / ours.wall,
                ours.cpu / t.cpu,
            );
        }
        None => println!("wimlib-imagex not available: no comparison"),
    }
}

fn run_ours(src: &Path, files: &[PathBuf], dest: &Path, threads: usize) -> Run {
    let cpu0 = own_cpu();
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
        let rel = f.strip_prefix(src).unwrap().to_string_lossy().into_owned();
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
    Run {
        wall: t.elapsed().as_secs_f64(),
        cpu: own_cpu() - cpu0,
        size: len,
    }
}

/// Every 32 KiB chunk of the payload through one compressor per parameter set, on one
/// thread, from memory.
fn codec_only(files: &[PathBuf], sets: &str) {
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    for f in files {
        let mut data = Vec::new();
        File::open(f).unwrap().read_to_end(&mut data).unwrap();
        chunks.extend(data.chunks(32768).map(<[u8]>::to_vec));
    }
    let total: usize = chunks.iter().map(Vec::len).sum();
    for set in sets.split(';').filter(|s| !s.is_empty()) {
        let mut it = set.split(',').map(|v| v.trim().parse::<u64>().unwrap());
        let mut params = Params {
            max_depth: it.next().unwrap() as u32,
            nice_len: it.next().unwrap() as usize,
            ..Params::default()
        };
        params.lazy_len = it.next().map_or(params.nice_len, |v| v as usize);
        params.insert_len = it.next().map_or(usize::MAX, |v| v as usize);
        params.literal_bits = it.next().map_or(params.literal_bits, |v| v as u32);
        params.good_len = it.next().map_or(params.good_len, |v| v as usize);
        let mut c = Compressor::with(params);
        let mut out = Vec::new();
        let t = Instant::now();
        let cpu0 = thread_cpu();
        let mut size = 0usize;
        for ch in &chunks {
            size += if c.compress(ch, &mut out) {
                out.len()
            } else {
                ch.len()
            };
        }
        let cpu = thread_cpu() - cpu0;
        let secs = t.elapsed().as_secs_f64();
        println!(
            "codec depth {:>3} nice {:>3} lazy {:>3} insert {:>5} lit {} good {}: {:>6.1} MB/s of CPU time ({:.1} MB/s wall)  {:>11} bytes ({:.3}% of input)",
            params.max_depth,
            params.nice_len,
            params.lazy_len,
            params.insert_len.min(99999),
            params.literal_bits,
            params.good_len,
            total as f64 / 1e6 / cpu,
            total as f64 / 1e6 / secs,
            size,
            size as f64 * 100.0 / total as f64
        );
    }
}
