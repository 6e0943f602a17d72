//! The committed settings table is exactly what the generator makes of WCD's stores:
//! nobody edits `src/catalog/stores.tsv` by hand, and a generator change is committed
//! together with its output.

use std::path::Path;

#[test]
fn committed_table_matches_the_stores() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stores = root.join("../shared/reference/stores");
    let fresh = catalog_gen::generate(&stores).expect("the stores are readable");
    let committed = std::fs::read_to_string(root.join(catalog_gen::OUTPUT)).unwrap();
    if fresh != committed {
        let (n, (a, b)) = fresh
            .lines()
            .zip(committed.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, p)| (i + 1, p))
            .unwrap_or((
                fresh.lines().count().min(committed.lines().count()) + 1,
                ("(end)", "(end)"),
            ));
        panic!(
            "{} is stale (first difference at line {n}: generated {a:?}, committed {b:?}); \
             run `cargo run -p catalog-gen`",
            catalog_gen::OUTPUT
        );
    }
}

#[test]
fn a_missing_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = catalog_gen::generate(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("Microsoft-Common-Provisioning.dat"),
        "{e}"
    );
    assert!(e.to_string().contains("no such file"), "{e}");
}

#[test]
fn a_file_that_is_not_a_hive_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2019")).unwrap();
    std::fs::write(
        dir.path().join("2019/Microsoft-Common-Provisioning.dat"),
        b"not a hive",
    )
    .unwrap();
    let e = catalog_gen::generate(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("not a readable registry hive"),
        "{e}"
    );
}
