//! Builds a package holding one large installer and reports time next to
//! `wimlib-imagex capture` of the same tree, plus peak memory (VmHWM).
//!
//! `PPKG_BENCH_MIB` sets the installer size (default 1024 = 1 GiB); e.g.
//! `PPKG_BENCH_MIB=64 cargo bench --bench package_build` for a quick run.
//! Run alone: wall-clock numbers, not a criterion statistic (one build is seconds long).

use ppkg_wizard::package::{BuildOptions, CompileOptions, Content, build, compile};
use ppkg_wizard::settings::{Customizations, PackageConfig, SettingPath};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Pseudo-random (incompressible) bytes, streamed to disk in 1 MiB blocks.
fn write_installer(path: &Path, mib: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = vec![0u8; 1 << 20];
    for _ in 0..mib {
        for chunk in block.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk.copy_from_slice(&x.to_le_bytes());
        }
        f.write_all(&block).unwrap();
    }
    f.flush().unwrap();
}

fn main() {
    let mib: u64 = std::env::var("PPKG_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let work = tempfile::tempdir().unwrap();
    let installer = work.path().join("setup.exe");
    write_installer(&installer, mib);

    let mut doc = Customizations::new(PackageConfig {
        id: "{11111111-2222-3333-4444-555555555555}".into(),
        name: "Bench".into(),
        version: "1.0".into(),
        owner_type: "ITAdmin".into(),
        rank: "0".into(),
        notes: Some(String::new()),
        description: None,
    });
    for (p, v) in [
        (
            "ProvisioningCommands/PrimaryContext/Command/CommandConfig[#0]/CommandFile",
            "C:\\src\\setup.exe",
        ),
        (
            "ProvisioningCommands/PrimaryContext/Command/CommandConfig[#0]/CommandLine",
            "setup.exe /q",
        ),
        ("OOBE/Desktop/HideOobe", "True"),
    ] {
        let sp: SettingPath = p.parse().unwrap();
        sp.find_or_insert(doc.common_mut()).unwrap().text = Some(v.into());
    }
    let inst = installer.clone();
    let resolve = move |_: &str| -> Option<PathBuf> { Some(inst.clone()) };

    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let hwm_before = vm_hwm_kib();
    let t = Instant::now();
    let res = build(&doc, &resolve, &BuildOptions::new(&out), &mut |_| {}).unwrap();
    let ours = t.elapsed();
    let hwm = vm_hwm_kib();
    println!(
        "ppkg-wizard build: {mib} MiB installer -> {:.1} MiB package in {:.2} s ({:.0} MiB/s); VmHWM {:.1} MiB (before build {:.1} MiB)",
        res.size as f64 / 1048576.0,
        ours.as_secs_f64(),
        mib as f64 / ours.as_secs_f64(),
        hwm as f64 / 1024.0,
        hwm_before as f64 / 1024.0
    );

    // The same tree on disk for wimlib (the installer hard-linked, not copied).
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
    let wim = work.path().join("wimlib.wim");
    let t = Instant::now();
    let status = Command::new("wimlib-imagex")
        .args(["capture"])
        .arg(&tree)
        .arg(&wim)
        .args([
            "Bench",
            "--compress=XPRESS",
            "--chunk-size=32768",
            "--no-acls",
        ])
        .output();
    match status {
        Ok(o) if o.status.success() => {
            let d = t.elapsed();
            println!(
                "wimlib-imagex capture: {:.1} MiB in {:.2} s ({:.0} MiB/s)",
                std::fs::metadata(&wim).unwrap().len() as f64 / 1048576.0,
                d.as_secs_f64(),
                mib as f64 / d.as_secs_f64()
            );
        }
        _ => println!("wimlib-imagex capture: not available"),
    }
}
