//! The global allocator of the `weft` binary and of the benchmark, which
//! must time what users run: mimalloc, through its plain functions
//! wherever they give the alignment asked for.
//!
//! Every Rust allocation comes with an alignment. The `mimalloc` crate's
//! allocator passes it to `mi_malloc_aligned` each time, and mimalloc serves
//! that from its fast path only while the size class's current page has a
//! free block; otherwise it over-allocates by the alignment unless the block
//! size is a power of two. In a `check` of 10,000 declarations about one
//! allocation in ten took that path (with a larger block, a page marked as
//! holding interior pointers and about 200 instructions more), which was 2%
//! of the instructions and 5% of the page faults. mimalloc's blocks are
//! multiples of the machine word and start word-aligned, so whatever asks
//! for no more than a word's alignment (nearly everything) goes to
//! `mi_malloc`, `mi_zalloc` and `mi_realloc`; larger alignments keep the
//! aligned functions.

// `GlobalAlloc` is an unsafe trait; this crate exists to implement it.
#![allow(unsafe_code)]

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc as the global allocator. Install it with
/// `#[global_allocator] static ALLOCATOR: weft_alloc::Allocator = weft_alloc::Allocator;`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Allocator;

/// The alignment every block of mimalloc has: its size classes are
/// multiples of the machine word, and each page's first block starts on one.
const BLOCK_ALIGNMENT: usize = std::mem::size_of::<usize>();

/// Whether any block of mimalloc satisfies `layout`'s alignment.
#[inline]
fn plain(layout: Layout) -> bool {
    layout.align() <= BLOCK_ALIGNMENT
}

// SAFETY: every method hands mimalloc a request it supports: sizes as the
// caller gives them (non-zero, as `GlobalAlloc` requires), alignments
// either at most a word (served by the plain functions, whose blocks are
// word-aligned) or passed on to the aligned functions. Memory is freed with
// `mi_free`, which takes blocks from either.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the `impl`.
        unsafe {
            if plain(layout) {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the `impl`.
        unsafe {
            if plain(layout) {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, pointer: *mut u8, _layout: Layout) {
        // SAFETY: `pointer` came from this allocator, that is from mimalloc.
        unsafe { mi_free(pointer.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `pointer` came from mimalloc with `layout`; the block it
        // moves to (if it moves) has the same alignment guarantee.
        unsafe {
            if plain(layout) {
                mi_realloc(pointer.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(pointer.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Allocates, fills, grows, shrinks and frees blocks of every small size
    /// at every alignment up to a page, checking each address.
    #[test]
    fn blocks_have_the_alignment_asked_for_and_keep_their_contents() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=520).chain([1024, 4000, 70_000]) {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: a non-zero size; every block is freed with its layout.
                unsafe {
                    let block = Allocator.alloc(layout);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0, "size {size}, align {align}");
                    block.write_bytes(0xA5, size);
                    let grown = Allocator.realloc(block, layout, size * 3);
                    assert!(!grown.is_null());
                    assert_eq!(grown as usize % align, 0, "grown {size}, align {align}");
                    assert!((0..size).all(|index| *grown.add(index) == 0xA5));
                    let grown_layout = Layout::from_size_align(size * 3, align).unwrap_or(layout);
                    let shrunk = Allocator.realloc(grown, grown_layout, size.div_ceil(2));
                    assert_eq!(shrunk as usize % align, 0, "shrunk {size}, align {align}");
                    assert!((0..size.div_ceil(2)).all(|index| *shrunk.add(index) == 0xA5));
                    let shrunk_layout =
                        Layout::from_size_align(size.div_ceil(2), align).unwrap_or(layout);
                    Allocator.dealloc(shrunk, shrunk_layout);

                    let zeroed = Allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0);
                    assert!((0..size).all(|index| *zeroed.add(index) == 0));
                    Allocator.dealloc(zeroed, layout);
                }
            }
        }
    }
}
