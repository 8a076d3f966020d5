//! The weft standard library (`std`): the manufacturing vocabulary (Money,
//! Quantity, identifiers, canonical records) and standard policies, written in
//! weft under `stdlib/std/` and embedded here. The compiler parses and checks
//! these files on every run, exactly like user code.

include!(concat!(env!("OUT_DIR"), "/files.rs"));
