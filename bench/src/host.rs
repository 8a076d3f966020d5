//! What the host gives a process at the moment of a measurement: the cost
//! of a fresh page and the latency of a load from memory too large for the
//! core's own caches. On a shared virtual machine both change with the
//! neighbours' load, independently of weft, and a fresh `check` pays for
//! both (it touches about 36 MiB of fresh pages at 10,000 declarations and
//! reads trees and a model larger than its share of the last-level cache),
//! so the benchmark reports them beside its times (`docs/performance.md`).

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The bytes of fresh memory the fault probe touches (the order of what a
/// fresh `check` at 10,000 declarations touches).
pub const FAULT_PROBE_BYTES: usize = 32 << 20;

/// The bytes the latency probe chases through: above a core's own 0.5–1
/// MiB of cache, well within the last-level cache of a core complex (16–32
/// MiB on the benchmark's EPYC), so that a load costs that cache's latency
/// when the neighbours leave it to the process (about 45 ns there) and
/// memory's when they fill it (over 100 ns).
pub const LATENCY_PROBE_BYTES: usize = 4 << 20;

/// Dependent loads the latency probe times (12–30 ms on the benchmark's
/// machine).
const LATENCY_PROBE_LOADS: usize = 1 << 18;

/// The page size the fault probe steps by (the smallest on the systems
/// weft runs on; larger pages only make it touch some twice).
const PAGE: usize = 4096;

/// Nanoseconds per page of `bytes` of fresh memory: allocated zeroed (the
/// allocator takes fresh pages from the system, which it knows to be zero)
/// and written once a page, both timed, so that it counts the faults
/// whichever of the two takes them. Meaningful in a process whose freed
/// memory has been returned to the system.
pub fn fresh_page_nanos(bytes: usize) -> f64 {
    let pages = (bytes / PAGE).max(1);
    let start = Instant::now();
    let mut memory = vec![0u8; pages * PAGE];
    for page in memory.chunks_mut(PAGE) {
        page[0] = 1;
    }
    black_box(&memory);
    let elapsed = start.elapsed();
    drop(memory);
    nanos_per(elapsed, pages)
}

/// Nanoseconds per load of a chase through `bytes` in a random order: each
/// load's address is the value the one before read, so none overlaps
/// another, and the order (one random cycle over every slot) defeats the
/// prefetchers.
pub fn memory_load_nanos(bytes: usize) -> f64 {
    let next = random_cycle((bytes / std::mem::size_of::<u32>()).max(2));
    // Some loads first, so that the timed ones find the core running.
    let mut at = 0u32;
    for _ in 0..LATENCY_PROBE_LOADS / 8 {
        at = next[at as usize];
    }
    let start = Instant::now();
    for _ in 0..LATENCY_PROBE_LOADS {
        at = next[at as usize];
    }
    let elapsed = start.elapsed();
    black_box(at);
    nanos_per(elapsed, LATENCY_PROBE_LOADS)
}

/// `next[i]` is the slot after `i` on one cycle through all `slots`
/// (Sattolo's shuffle), in an order fixed by the seed.
fn random_cycle(slots: usize) -> Vec<u32> {
    let mut next: Vec<u32> = (0..slots as u32).collect();
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    for index in (1..slots).rev() {
        let other = random.below(index);
        next.swap(index, other);
    }
    next
}

fn nanos_per(elapsed: Duration, count: usize) -> f64 {
    elapsed.as_secs_f64() * 1e9 / count as f64
}

/// A small, fixed-seed generator: the probe's order needs to be random to
/// the processor, not to anyone else.
struct XorShift(u64);

impl XorShift {
    /// A number in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chase_is_one_cycle_through_every_slot() {
        let slots = 1000;
        let next = random_cycle(slots);
        let mut seen = vec![false; slots];
        let mut at = 0usize;
        for _ in 0..slots {
            assert!(!seen[at], "slot {at} reached twice");
            seen[at] = true;
            at = next[at] as usize;
        }
        assert_eq!(at, 0, "the chase returns to its start");
    }
}
