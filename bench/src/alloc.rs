//! A counting wrapper around [`Allocator`] (mimalloc), the allocator the
//! `weft` binary ships with (`compiler/cli/src/main.rs`), so that the
//! benchmark times what a user runs: it tracks, per thread, the bytes the
//! thread allocated less those it freed, and the highest value since the
//! last [`reset_peak`].
//!
//! The counters are the calling thread's own, not shared atomics: every
//! measured phase runs on one thread, and two atomic operations per
//! allocation (a compare-and-swap loop for the peak) were 4% of the
//! benchmark's CPU time on the AMD EPYC machine, time the `weft` binary
//! does not spend. Per thread, tests that run side by side in one process
//! do not count each other's allocations either. A thread that frees what
//! another allocated counts it as freed, so [`current`] is signed and only
//! differences of it mean anything.
//!
//! The `weft-bench` binary installs it with `#[global_allocator]`; in any
//! other process the counters simply stay at zero.

// `GlobalAlloc` is an unsafe trait: this module is the only place in the
// crate that allows unsafe code. Every method forwards to `Allocator` with
// the same arguments, so the caller's guarantees carry over unchanged.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use weft_alloc::Allocator;

thread_local! {
    // Constant-initialised and without a destructor: reading them never
    // allocates, which an allocator must not do.
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// The counting allocator. Install it with
/// `#[global_allocator] static A: CountingAllocator = CountingAllocator;`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CountingAllocator;

fn grew(bytes: usize) {
    let bytes = isize::try_from(bytes).unwrap_or(isize::MAX);
    // `try_with`, not `with`: an allocator must never panic.
    let _ = CURRENT.try_with(|current| {
        let now = current.get().saturating_add(bytes);
        current.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrank(bytes: usize) {
    let bytes = isize::try_from(bytes).unwrap_or(isize::MAX);
    let _ = CURRENT.try_with(|current| current.set(current.get().saturating_sub(bytes)));
}

// SAFETY: every method forwards to `Allocator`, which upholds `GlobalAlloc`'s
// contract; the counters are only bookkeeping and never touch the memory.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let pointer = unsafe { Allocator.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let pointer = unsafe { Allocator.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller allocated `pointer` with `layout` through this
        // allocator, that is through `Allocator`.
        unsafe { Allocator.dealloc(pointer, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's pointer, layout and size.
        let moved = unsafe { Allocator.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        moved
    }
}

/// Bytes this thread allocated less those it freed, so far.
pub fn current() -> isize {
    CURRENT.with(Cell::get)
}

/// The highest [`current`] since the last [`reset_peak`].
pub fn peak() -> isize {
    PEAK.with(Cell::get)
}

/// Starts a new peak measurement from [`current`].
pub fn reset_peak() {
    PEAK.with(|peak| peak.set(current()));
}

/// How far `later` is above `earlier` (two readings of [`current`] or
/// [`peak`]), in bytes; nothing if it is not above.
pub fn above(later: isize, earlier: isize) -> usize {
    usize::try_from(later.saturating_sub(earlier)).unwrap_or(0)
}
