//! What an edit costs the parser in a file of about 10,000 lines: the
//! incremental `reparse` (only the declarations the edit touches) against
//! a full `parse_file`, p50 / p95 / max in milliseconds over alternating
//! edits (a letter typed into one declaration's doc comment and taken out
//! again). A benchmark, not a test: `cargo bench -p weft-lsp --bench
//! reparse` (add `-- --lines N` for another size); the figures are in
//! `docs/performance.md`.

mod common;

use std::borrow::Cow;
use std::time::{Duration, Instant};
use weft_syntax::{parse_file, FileId};

const ROUNDS: usize = 200;

fn main() {
    let lines = common::lines_option();
    let text = big_file(lines);
    let file = FileId(0);
    let first = parse_file(file, &text);
    assert!(first.errors.is_empty(), "the generated file parses clean");
    // The edit sits in the middle declaration's doc comment.
    let middle = text.len() / 2;
    let doc = middle + text[middle..].find("/// ").expect("a doc comment") + 4;
    let edited = format!("{}x{}", &text[..doc], &text[doc..]);

    let mut incremental = Vec::with_capacity(ROUNDS);
    let mut full = Vec::with_capacity(ROUNDS);
    let mut tree = first;
    for round in 0..ROUNDS {
        let (old, new) = if round % 2 == 0 {
            (&text, &edited)
        } else {
            (&edited, &text)
        };
        let clock = Instant::now();
        let next = weft_lsp::reparse(file, old, Cow::Owned(tree), new);
        incremental.push(clock.elapsed());
        let clock = Instant::now();
        let whole = parse_file(file, new);
        full.push(clock.elapsed());
        // The incremental tree must be the full parse's, or the timing
        // would time something else.
        assert!(
            next == whole,
            "reparse differs from parse_file in round {round}"
        );
        tree = next;
    }
    println!(
        "file: {} lines, {} bytes, {} declarations; {ROUNDS} edits",
        text.lines().count(),
        text.len(),
        tree.items.len()
    );
    println!("| measure | p50 ms | p95 ms | max ms |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, samples) in [
        ("reparse (incremental)", &mut incremental),
        ("parse_file (whole file)", &mut full),
    ] {
        samples.sort();
        let pick = |q: f64| -> f64 {
            let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples
                .get(index)
                .map_or(Duration::ZERO, |d| *d)
                .as_secs_f64()
                * 1000.0
        };
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} |",
            pick(0.5),
            pick(0.95),
            pick(1.0)
        );
    }
}

/// One package of documented records, ten lines each, until `lines`; about
/// 25 bytes a line, the density of the benchmark's generated projects.
fn big_file(lines: usize) -> String {
    let mut text = String::from("package bench.big\n");
    let mut index = 0;
    // Each record adds ten lines (a blank one, the doc, eight of record).
    while 1 + 10 * index < lines {
        text.push_str(&format!(
            "\n/// Purchase order line {index}, as the ERP keeps it.\nrecord OrderLine{index} {{\n  \
             purchase_order_number: String\n  line_number: Int\n  requested_quantity: Int\n  \
             supplier_note: String?\n  promised_delivery: Date\n  receiving_plant: String\n}}\n"
        ));
        index += 1;
    }
    text
}
