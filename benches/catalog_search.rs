//! Searching the full catalog as the Advanced page does on each keystroke (target: under
//! 5 ms a keystroke), typing a query letter by letter.

use criterion::{Criterion, criterion_group, criterion_main};
use ppkg_wizard::catalog::search::search;
use std::hint::black_box;

/// How many results the page asks for.
const LIMIT: usize = 50;

fn keystrokes(c: &mut Criterion) {
    // Build the lower-cased index once, as the wizard does before the first keystroke.
    black_box(search("warm", LIMIT));
    for query in [
        "autologon",
        "allow bluetooth",
        "alwbluetth",
        "policy/config/update",
    ] {
        c.bench_function(&format!("search per keystroke: {query}"), |b| {
            b.iter(|| {
                for end in 1..=query.len() {
                    black_box(search(black_box(&query[..end]), LIMIT));
                }
            })
        });
    }
    c.bench_function("search one letter (most results)", |b| {
        b.iter(|| black_box(search(black_box("e"), LIMIT)))
    });
}

criterion_group!(benches, keystrokes);
criterion_main!(benches);
