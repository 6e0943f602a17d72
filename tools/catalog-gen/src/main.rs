//! `cargo run -p catalog-gen [STORES_DIR [OUT]]`: regenerates the settings table from
//! WCD's stores (default `../shared/reference/stores` → `src/catalog/stores.tsv`, both
//! relative to the repository root).

use std::path::PathBuf;

fn main() -> std::process::ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = std::env::args_os().skip(1);
    let stores = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/reference/stores"));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(catalog_gen::OUTPUT));
    match catalog_gen::generate(&stores) {
        Ok(text) => {
            let tmp = out.with_extension("tsv.tmp");
            if let Err(e) = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, &out)) {
                eprintln!("Cannot write {}: {e}", out.display());
                return std::process::ExitCode::from(3);
            }
            eprintln!("Wrote {}", out.display());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Cannot read the stores: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
