//! `import` of a customizations.xml with many commands, at two sizes: the time per
//! command should stay the same (import is linear in the number of settings; it once was
//! quadratic, 55 s for 12,000 commands).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ppkg_wizard::exchange::{ImportOptions, SecretPlacement, import_wcd};
use std::fmt::Write;

fn xml(commands: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?>
<WindowsCustomizations>
  <PackageConfig xmlns="urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0">
    <ID>{6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77}</ID>
    <Name>Many</Name>
    <Version>1.0</Version>
    <OwnerType>ITAdmin</OwnerType>
    <Rank>0</Rank>
  </PackageConfig>
  <Settings xmlns="urn:schemas-microsoft-com:windows-provisioning">
    <Customizations>
      <Common>
        <ProvisioningCommands><PrimaryContext><Command>
"#,
    );
    for i in 0..commands {
        let _ = writeln!(
            s,
            "<CommandConfig Name=\"c{i}\"><CommandLine>cmd /c echo {i}</CommandLine></CommandConfig>"
        );
    }
    s.push_str("</Command></PrimaryContext></ProvisioningCommands></Common></Customizations></Settings></WindowsCustomizations>");
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("import_commands");
    g.sample_size(10);
    for n in [1_000usize, 4_000] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("customizations.xml");
        std::fs::write(&path, xml(n)).unwrap();
        let out = dir.path().join("p.json");
        let opts = ImportOptions {
            asset_dirs: vec![],
            secrets: Some(SecretPlacement::Ask),
        };
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| import_wcd(&path, &out, &opts).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
