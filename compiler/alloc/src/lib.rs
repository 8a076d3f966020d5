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
//!
//! **A heap for syntax trees.** What [`in_tree_heap`] runs allocates from a
//! mimalloc heap of its own (when this is the global allocator). `check`
//! parses every file inside it: a file's tree then fills pages of its own
//! instead of pages it shares with the allocations that outlive it (the
//! name table, the resolver's tables, the model), so the passes that read
//! the trees read fewer pages, and the pages a dropped tree leaves are
//! whole and go back to be reused. `check` took 5–10% less time with it
//! at 100,000 declarations (docs/performance-history.md).

// `GlobalAlloc` is an unsafe trait; this crate exists to implement it.
#![allow(unsafe_code)]

use libmimalloc_sys::{
    mi_collect, mi_free, mi_heap_delete, mi_heap_malloc, mi_heap_new, mi_heap_realloc, mi_heap_t,
    mi_heap_zalloc, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

/// mimalloc as the global allocator. Install it with
/// `#[global_allocator] static ALLOCATOR: weft_alloc::Allocator = weft_alloc::Allocator;`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Allocator;

/// The alignment every block of mimalloc has: its size classes are
/// multiples of the machine word, and each page's first block starts on one.
const BLOCK_ALIGNMENT: usize = std::mem::size_of::<usize>();

/// The heap of the syntax trees, made on first use and kept for the
/// process (its pages go back to mimalloc as the trees are dropped).
static TREE_HEAP: AtomicPtr<mi_heap_t> = AtomicPtr::new(null_mut());

thread_local! {
    /// The heap this thread allocates from inside [`in_tree_heap`]; null
    /// outside it. Constant-initialised and without a destructor, so that
    /// the allocator reads it without allocating.
    static CURRENT_HEAP: Cell<*mut mi_heap_t> = const { Cell::new(null_mut()) };
}

/// The tree heap, made if this is the first call.
fn tree_heap() -> *mut mi_heap_t {
    let heap = TREE_HEAP.load(Ordering::Acquire);
    if !heap.is_null() {
        return heap;
    }
    // SAFETY: `mi_heap_new` has no precondition; it allocates its own
    // bookkeeping from mimalloc, not through the global allocator.
    let made = unsafe { mi_heap_new() };
    match TREE_HEAP.compare_exchange(null_mut(), made, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => made,
        Err(first) => {
            // Another thread made one first; this one holds no block yet.
            // SAFETY: `made` came from `mi_heap_new` and was never shared.
            unsafe { mi_heap_delete(made) };
            first
        }
    }
}

/// Runs `work` with this thread's allocations of at most a word's
/// alignment taken from the heap for syntax trees (see the crate's docs).
/// Blocks are freed as usual, from any heap and on any thread; outside a
/// process whose global allocator is [`Allocator`] this only runs `work`.
pub fn in_tree_heap<T>(work: impl FnOnce() -> T) -> T {
    /// Puts the thread's previous heap back, also when `work` panics.
    struct Restore(*mut mi_heap_t);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = CURRENT_HEAP.try_with(|current| current.set(self.0));
        }
    }
    let heap = tree_heap();
    let _restore = Restore(CURRENT_HEAP.with(|current| current.replace(heap)));
    work()
}

/// Returns the memory freed so far to the system now, rather than when
/// mimalloc's purge delay runs out (a second after it was freed). The
/// benchmark calls it before timing a `check` as a fresh process starts
/// one (with only what it reads mapped, and no freed pages to reuse), and
/// after its builds, so that the next `check` it times does not pay for
/// returning their memory. Not needed for anything else.
pub fn return_freed_memory() {
    // SAFETY: `mi_collect` has no precondition; it only releases memory
    // no live block uses.
    unsafe { mi_collect(true) }
}

/// The heap this thread allocates from, if not the default one.
#[inline]
fn current_heap() -> Option<*mut mi_heap_t> {
    let heap = CURRENT_HEAP.try_with(Cell::get).unwrap_or(null_mut());
    (!heap.is_null()).then_some(heap)
}

/// Whether any block of mimalloc satisfies `layout`'s alignment.
#[inline]
fn plain(layout: Layout) -> bool {
    layout.align() <= BLOCK_ALIGNMENT
}

/// A new block for `layout` from one family of mimalloc's functions
/// (plain or zeroed): from the thread's current heap or the default one
/// where a word's alignment is enough, else from the aligned function.
///
/// # Safety
/// `layout` has a non-zero size, as `GlobalAlloc::alloc` requires.
#[inline]
unsafe fn new_block(
    layout: Layout,
    in_heap: unsafe extern "C" fn(*mut mi_heap_t, usize) -> *mut c_void,
    in_default_heap: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: mimalloc's allocation functions take any size and a
    // power-of-two alignment (a `Layout`'s); the heap is a live one.
    unsafe {
        if plain(layout) {
            match current_heap() {
                Some(heap) => in_heap(heap, layout.size()).cast(),
                None => in_default_heap(layout.size()).cast(),
            }
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: every method hands mimalloc a request it supports: sizes as the
// caller gives them (non-zero, as `GlobalAlloc` requires), alignments
// either at most a word (served by the plain functions, from the default
// heap or the tree heap, whose blocks are word-aligned) or passed on to the
// aligned functions. Memory is freed with `mi_free`, which takes blocks
// from any heap.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the `impl`.
        unsafe { new_block(layout, mi_heap_malloc, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the `impl`.
        unsafe { new_block(layout, mi_heap_zalloc, mi_zalloc, mi_zalloc_aligned) }
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
                match current_heap() {
                    Some(heap) => mi_heap_realloc(heap, pointer.cast::<c_void>(), new_size).cast(),
                    None => mi_realloc(pointer.cast::<c_void>(), new_size).cast(),
                }
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
    fn exercise_blocks() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=520).chain([1024, 4000, 70_000]) {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                let half = size.div_ceil(2);
                let (Ok(grown_layout), Ok(half_layout)) = (
                    Layout::from_size_align(size * 3, align),
                    Layout::from_size_align(half, align),
                ) else {
                    continue;
                };
                // SAFETY: non-zero sizes; every block is freed once, with
                // the layout it has then.
                unsafe {
                    let block = Allocator.alloc(layout);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0, "size {size}, align {align}");
                    block.write_bytes(0xA5, size);
                    let grown = Allocator.realloc(block, layout, size * 3);
                    assert!(!grown.is_null());
                    assert_eq!(grown as usize % align, 0, "grown {size}, align {align}");
                    assert!((0..size).all(|index| *grown.add(index) == 0xA5));
                    let shrunk = Allocator.realloc(grown, grown_layout, half);
                    assert_eq!(shrunk as usize % align, 0, "shrunk {size}, align {align}");
                    assert!((0..half).all(|index| *shrunk.add(index) == 0xA5));
                    Allocator.dealloc(shrunk, half_layout);

                    let zeroed = Allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0);
                    assert!((0..size).all(|index| *zeroed.add(index) == 0));
                    Allocator.dealloc(zeroed, layout);
                }
            }
        }
    }

    #[test]
    fn blocks_have_the_alignment_asked_for_and_keep_their_contents() {
        exercise_blocks();
    }

    #[test]
    fn the_tree_heap_serves_the_same_blocks() {
        in_tree_heap(exercise_blocks);
        assert!(current_heap().is_none(), "the default heap is back");
    }

    /// Threads parse into the tree heap side by side (`check` with several
    /// threads), and one thread frees what the others made.
    #[test]
    fn threads_share_the_tree_heap() {
        let Ok(layout) = Layout::from_size_align(40, 8) else {
            return;
        };
        let workers: Vec<_> = (0..4u8)
            .map(|worker| {
                std::thread::spawn(move || {
                    in_tree_heap(|| {
                        (0..2_000)
                            .map(|_| {
                                // SAFETY: a non-zero size, written within it.
                                unsafe {
                                    let block = Allocator.alloc(layout);
                                    assert!(!block.is_null());
                                    block.write_bytes(worker, 40);
                                    block as usize
                                }
                            })
                            .collect::<Vec<_>>()
                    })
                })
            })
            .collect();
        for (worker, handle) in workers.into_iter().enumerate() {
            let Ok(blocks) = handle.join() else {
                panic!("a worker failed");
            };
            for block in blocks {
                let block = block as *mut u8;
                // SAFETY: each block is live, 40 bytes, freed once here.
                unsafe {
                    assert!((0..40).all(|index| usize::from(*block.add(index)) == worker));
                    Allocator.dealloc(block, layout);
                }
            }
        }
    }

    /// Blocks made in the tree heap are freed on another thread and after
    /// it, as trees are; a panic inside it still puts the default heap
    /// back.
    #[test]
    fn tree_blocks_outlive_the_heap_switch_and_move_between_threads() {
        let Ok(layout) = Layout::from_size_align(48, 8) else {
            return;
        };
        // SAFETY: a non-zero size; the block is written within it.
        let block = in_tree_heap(|| unsafe {
            let block = Allocator.alloc(layout);
            assert!(!block.is_null());
            block.write_bytes(7, 48);
            block as usize
        });
        let freed = std::thread::spawn(move || {
            let block = block as *mut u8;
            // SAFETY: the block is live, 48 bytes, freed once here.
            unsafe {
                assert!((0..48).all(|index| *block.add(index) == 7));
                Allocator.dealloc(block, layout);
            }
        });
        assert!(freed.join().is_ok());

        let outcome = std::panic::catch_unwind(|| in_tree_heap(|| panic!("inside")));
        assert!(outcome.is_err());
        assert!(
            current_heap().is_none(),
            "the default heap is back after a panic"
        );
    }
}
