//! End to end: `build` of a package whose one command carries the benchmark payload (see
//! `common/payload.rs`: this machine's executables, text, incompressible bytes) as its
//! command file and dependencies, beside `wimlib-imagex capture --compress=XPRESS
//! --chunk-size=32K` of the same compiled tree, in the same run, plus our peak memory.
//!
//! `PPKG_BENCH_MB` sets the payload size (default 256), `PPKG_BENCH_ROUNDS` the number of
//! alternating runs (default 5); each side's median is printed, with the machine's load
//! average (the machine may be shared: CPU time is the steadier measure then). Our time
//! includes everything `build` does: compiling, reading each asset once (hashing and
//! compressing it), writing the WIM and the catalog. Also printed: how long the build
//! takes to report its first progress with bytes read.

#[path = "common/measure.rs"]
mod measure;
#[path = "common/payload.rs"]
mod payload;

use measure::{Run, median, own_cpu, wimlib_capture};

use ppkg_wizard::package::{BuildOptions, CompileOptions, Content, build, compile};
use ppkg_wizard::settings::{Customizations, PackageConfig, SettingPath};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let mb = env("PPKG_BENCH_MB").unwrap_or(if quick { 4 } else { 256 });
    let rounds = env("PPKG_BENCH_ROUNDS").unwrap_or(if quick { 1 } else { 5 });
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("payload");
    let p = payload::make(&src, mb << 20);
    println!("payload: {p}");
    println!(
        "machine: {} cores, load average {}; each side's median of {rounds} alternating runs",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        payload::load_average()
    );
    let files = payload::files_under(&src);
    // Names are unique in the payload: the command refers to each file by name.
    let by_name: HashMap<String, PathBuf> = files
        .iter()
        .map(|f| {
            (
                f.file_name().unwrap().to_string_lossy().into_owned(),
                f.clone(),
            )
        })
        .collect();

    let mut doc = Customizations::new(PackageConfig {
        id: "{11111111-2222-3333-4444-555555555555}".into(),
        name: "Bench".into(),
        version: "1.0".into(),
        owner_type: "ITAdmin".into(),
        rank: "0".into(),
        notes: Some(String::new()),
        description: None,
    });
    let base = "ProvisioningCommands/PrimaryContext/Command/CommandConfig[#0]";
    let mut set = |path: &str, v: &str| {
        let sp: SettingPath = path.parse().unwrap();
        sp.find_or_insert(doc.common_mut()).unwrap().text = Some(v.into());
    };
    let name = |f: &Path| f.file_name().unwrap().to_string_lossy().into_owned();
    set(
        &format!("{base}/CommandFile"),
        &format!("C:\\src\\{}", name(&files[0])),
    );
    set(
        &format!("{base}/CommandLine"),
        &format!("{} /q", name(&files[0])),
    );
    for (i, f) in files[1..].iter().enumerate() {
        set(
            &format!("{base}/DependencyPackages/Dependency[#{i}]"),
            &format!("C:\\src\\{}", name(f)),
        );
    }
    let resolve = move |text: &str| -> Option<PathBuf> {
        by_name
            .get(text.rsplit('\\').next().unwrap_or(text))
            .cloned()
    };

    // The compiled tree on disk for wimlib (assets hard-linked, not copied).
    let tree = work.path().join("tree");
    let compiled = compile(&doc, &resolve, CompileOptions::default()).unwrap();
    for f in &compiled.files {
        let dest = tree.join(&f.path);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        match &f.content {
            Content::Bytes(b) => std::fs::write(&dest, b).unwrap(),
            Content::Asset(a) => std::fs::hard_link(&a.source, &dest).unwrap(),
        }
    }

    let mut ours: Vec<Run> = Vec::new();
    let mut theirs: Vec<Run> = Vec::new();
    let mut first_progress: Vec<f64> = Vec::new();
    let mut hwm_before = 0;
    for round in 0..rounds {
        let out = work.path().join(format!("out{round}"));
        std::fs::create_dir(&out).unwrap();
        if round == 0 {
            hwm_before = payload::vm_hwm_kib().unwrap_or(0);
        }
        let cpu0 = own_cpu();
        let t = Instant::now();
        let mut first = None;
        let res = build(&doc, &resolve, &BuildOptions::new(&out), &mut |p| {
            if p.bytes_done > 0 && first.is_none() {
                first = Some(t.elapsed().as_secs_f64());
            }
        })
        .unwrap();
        ours.push(Run {
            wall: t.elapsed().as_secs_f64(),
            cpu: own_cpu() - cpu0,
            size: res.size,
        });
        first_progress.extend(first);
        std::fs::remove_dir_all(&out).unwrap();
        theirs.extend(wimlib_capture(&tree, &work.path().join("wimlib.wim")));
    }
    let hwm = payload::vm_hwm_kib().unwrap_or(0);
    let Run {
        wall: w,
        cpu: c,
        size: s,
    } = Run::median(&ours).expect("at least one round");
    let mib = |b: u64| b as f64 / 1048576.0;
    println!(
        "ppkg-wizard build:     {w:>6.2} s wall {c:>6.2} s CPU  {:.1} MiB package ({s} bytes)",
        mib(s)
    );
    println!(
        "ours peak memory (VmHWM): {:.1} MiB (before the first build {:.1} MiB)",
        hwm as f64 / 1024.0,
        hwm_before as f64 / 1024.0
    );
    if let Some(f) = median(first_progress) {
        println!(
            "first progress with bytes read: {:.0} ms after the build started",
            f * 1000.0
        );
    }
    match Run::median(&theirs) {
        Some(Run {
            wall: tw,
            cpu: tc,
            size: ts,
        }) => {
            println!(
                "wimlib-imagex capture: {tw:>6.2} s wall {tc:>6.2} s CPU  {:.1} MiB WIM ({ts} bytes)",
                mib(ts)
            );
            println!(
                "ours/wimlib: size {:+.2}%, wall time x{:.2} ({:.2}x as fast), CPU time x{:.2}",
                (s as f64 / ts as f64 - 1.0) * 100.0,
                w / tw,
                tw / w,
                c / tc
            );
        }
        None => println!("wimlib-imagex capture: not available"),
    }
}
