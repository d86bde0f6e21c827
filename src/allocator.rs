//! The global allocator of `spec`: the first 8 MiB of small allocations come
//! from one region, handed out in order; everything after that, and every
//! large allocation, from mimalloc.
//!
//! Why: checking one small spec is a few milliseconds, and on a virtual
//! machine the dearest thing in them is memory touched for the first time.
//! mimalloc gives every size class its own 64 KiB page, so the 1.9 MB a
//! small check has live at its peak were spread over about 9 MB of its
//! arena, which it marks for transparent huge pages: 4–5 huge pages
//! faulted in and zeroed (2 MiB each) per run. Without huge pages it is
//! worse: a 4 KiB fault costs about 4.5 µs here. In the region the same
//! work is packed: 3.5 MB for the 938-triple spec (1.5 MB for a one-triple
//! one), in 2 huge pages instead of 4.4. Measured with `perf stat`-style
//! alternating runs (12 rounds of 20, medians): 6.68 → 5.79 ms for the
//! 938-triple spec, 4.11 → 2.84 ms for the one-triple spec.
//!
//! How: a bump pointer, moved with compare-and-swap, so threads may share
//! it. Memory freed in the region is taken back only when it is the last
//! block handed out (the common case of a temporary, or of a vector that
//! grows, which grows in place); any other block freed there stays
//! unused. That caps what the region can waste at its size, 8 MiB, which
//! a large run (a million triples, 1,000 specs) fills in its first
//! milliseconds and then never touches again; all the rest of its memory
//! is mimalloc's, as before.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The region's size; it is reserved, not committed: only what is used is
/// ever faulted in.
const SIZE: usize = 8 << 20;
/// Larger allocations go to mimalloc directly: they would fill the region
/// with one block.
const LARGEST: usize = 256 << 10;
/// The region is aligned to a transparent huge page.
const HUGE_PAGE: usize = 2 << 20;
/// `base` before the region is mapped.
const UNMAPPED: usize = 0;
/// `base` when the region could not be mapped: every allocation is mimalloc's.
const NONE: usize = usize::MAX;

/// `spec`'s global allocator (see the module's documentation).
pub struct Startup {
    region: Region,
}

impl Startup {
    pub const fn new() -> Self {
        Self {
            region: Region::new(),
        }
    }

    /// A block from the region, while it is open and if the block fits.
    #[inline]
    fn in_region(&self, layout: Layout) -> Option<*mut u8> {
        if !self.region.open() {
            return None;
        }
        let base = self.region.base(map, unmap);
        self.region.alloc(base, layout)
    }
}

impl Default for Startup {
    fn default() -> Self {
        Self::new()
    }
}

/// A bump region over memory that some `map` gives it on first use.
struct Region {
    /// The region's first byte, or [`UNMAPPED`] / [`NONE`].
    base: AtomicUsize,
    /// How much of the region is handed out: the end of the last block.
    next: AtomicUsize,
    /// Set once a block did not fit (or there is no region): from then on
    /// every allocation goes straight to mimalloc, at the cost of one load.
    full: AtomicBool,
}

impl Region {
    const fn new() -> Self {
        Self {
            base: AtomicUsize::new(UNMAPPED),
            next: AtomicUsize::new(0),
            full: AtomicBool::new(false),
        }
    }

    /// The region's base, mapping it with `map` the first time.
    #[inline]
    fn base(&self, map: impl FnOnce() -> Option<usize>, unmap: impl FnOnce(usize)) -> usize {
        let base = self.base.load(Ordering::Acquire);
        if base != UNMAPPED {
            return base;
        }
        self.map_once(map, unmap)
    }

    #[cold]
    fn map_once(&self, map: impl FnOnce() -> Option<usize>, unmap: impl FnOnce(usize)) -> usize {
        let mapped = map().unwrap_or(NONE);
        match self
            .base
            .compare_exchange(UNMAPPED, mapped, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => mapped,
            Err(other) => {
                // Another thread mapped it first (only possible if the very
                // first allocations of the process race).
                if mapped != NONE {
                    unmap(mapped);
                }
                other
            }
        }
    }

    /// Whether the region may still have room: false once a block did not
    /// fit. The only cost a large run pays for the region per allocation.
    #[inline]
    fn open(&self) -> bool {
        !self.full.load(Ordering::Relaxed)
    }

    /// A block for `layout` from the region, if it fits.
    fn alloc(&self, base: usize, layout: Layout) -> Option<*mut u8> {
        if base == NONE {
            self.full.store(true, Ordering::Relaxed);
            return None;
        }
        if layout.size() > LARGEST || layout.align() > HUGE_PAGE {
            return None;
        }
        let mut next = self.next.load(Ordering::Relaxed);
        loop {
            // `base` is aligned to a huge page, so aligning the offset aligns the address.
            let end = (next.checked_add(layout.align() - 1)? & !(layout.align() - 1))
                .checked_add(layout.size())
                .filter(|&end| end <= SIZE);
            let Some(end) = end else {
                self.full.store(true, Ordering::Relaxed);
                return None;
            };
            let start = end - layout.size();
            match self
                .next
                .compare_exchange_weak(next, end, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return Some((base + start) as *mut u8),
                Err(current) => next = current,
            }
        }
    }

    /// Where `ptr` is in the region, if it is there.
    #[inline]
    fn offset(&self, ptr: *mut u8) -> Option<usize> {
        let base = self.base.load(Ordering::Relaxed);
        if base == UNMAPPED || base == NONE {
            return None;
        }
        let offset = (ptr as usize).wrapping_sub(base);
        (offset < SIZE).then_some(offset)
    }

    /// Takes back the block at `offset` if it is the last one handed out;
    /// any other is left unused.
    fn free(&self, offset: usize, size: usize) {
        let _ =
            self.next
                .compare_exchange(offset + size, offset, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// Resizes the block at `offset` where it is, if it is the last one
    /// handed out and the new size fits; a block always shrinks in place.
    fn resize(&self, offset: usize, size: usize, new_size: usize) -> bool {
        if new_size <= size {
            self.free(offset + new_size, size - new_size);
            return true;
        }
        let end = offset + new_size;
        end <= SIZE
            && self
                .next
                .compare_exchange(offset + size, end, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }
}

/// Reserves the region: address space only, marked for huge pages.
#[cfg(target_os = "linux")]
fn map() -> Option<usize> {
    let length = SIZE + HUGE_PAGE;
    // SAFETY: an anonymous private mapping at an address of the kernel's
    // choosing touches no existing memory.
    let mapped = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            length,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if mapped == libc::MAP_FAILED {
        return None;
    }
    let start = mapped as usize;
    let base = (start + HUGE_PAGE - 1) & !(HUGE_PAGE - 1);
    // SAFETY: both ranges are inside the mapping just made, which nothing
    // else knows of yet; a failure of either call leaves the region usable.
    unsafe {
        if base > start {
            libc::munmap(mapped, base - start);
        }
        let tail = start + length - (base + SIZE);
        if tail > 0 {
            libc::munmap((base + SIZE) as *mut libc::c_void, tail);
        }
        libc::madvise(base as *mut libc::c_void, SIZE, libc::MADV_HUGEPAGE);
    }
    Some(base)
}

#[cfg(target_os = "linux")]
fn unmap(base: usize) {
    // SAFETY: `base` is a region this process mapped and never handed out.
    unsafe {
        libc::munmap(base as *mut libc::c_void, SIZE);
    }
}

/// Elsewhere there is no region: every allocation is mimalloc's.
#[cfg(not(target_os = "linux"))]
fn map() -> Option<usize> {
    None
}

#[cfg(not(target_os = "linux"))]
fn unmap(_: usize) {}

// SAFETY: blocks from the region are disjoint (each is claimed by one
// compare-and-swap of the end of the handed-out part, and a block is taken
// back only while it is that end), aligned as asked, and never handed out
// twice while live; everything else is mimalloc's, whose blocks are never
// in the region.
unsafe impl GlobalAlloc for Startup {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.in_region(layout) {
            Some(ptr) => ptr,
            // SAFETY: the caller's contract, passed on.
            None => unsafe { mimalloc::MiMalloc.alloc(layout) },
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match self.in_region(layout) {
            Some(ptr) => {
                // SAFETY: `ptr` is a fresh block of `layout.size()` bytes
                // (taken-back memory may hold old data: it is cleared).
                unsafe { std::ptr::write_bytes(ptr, 0, layout.size()) };
                ptr
            }
            // SAFETY: the caller's contract, passed on.
            None => unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) },
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match self.region.offset(ptr) {
            Some(offset) => self.region.free(offset, layout.size()),
            // SAFETY: not in the region, so mimalloc's.
            None => unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) },
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(offset) = self.region.offset(ptr) else {
            // SAFETY: not in the region, so mimalloc's.
            return unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        };
        if self.region.resize(offset, layout.size(), new_size) {
            return ptr;
        }
        // SAFETY: `new_size` with the old alignment is a valid layout (the
        // caller's contract for realloc).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a valid, non-zero layout.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live, disjoint and at least this long.
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
            self.region.free(offset, layout.size());
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A region over a heap buffer, aligned like the real one.
    struct Fixture {
        _buffer: Vec<u8>,
        region: Region,
        base: usize,
    }

    fn fixture() -> Fixture {
        let buffer = vec![0u8; SIZE + HUGE_PAGE];
        let start = buffer.as_ptr() as usize;
        let base = (start + HUGE_PAGE - 1) & !(HUGE_PAGE - 1);
        let region = Region::new();
        assert_eq!(region.base(|| Some(base), |_| {}), base);
        Fixture {
            _buffer: buffer,
            region,
            base,
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn blocks_are_aligned_and_disjoint_and_the_last_one_is_taken_back() {
        let f = fixture();
        let a = f.region.alloc(f.base, layout(3, 1)).unwrap() as usize;
        let b = f.region.alloc(f.base, layout(16, 16)).unwrap() as usize;
        assert_eq!(a, f.base);
        assert_eq!(b, f.base + 16, "aligned up past the first block");
        // `a` is not the last block: freeing it takes nothing back.
        f.region.free(a - f.base, 3);
        assert_eq!(f.region.next.load(Ordering::Relaxed), 32);
        // `b` is: its memory is handed out again.
        f.region.free(b - f.base, 16);
        let c = f.region.alloc(f.base, layout(8, 8)).unwrap() as usize;
        assert_eq!(c, b);
    }

    #[test]
    fn the_last_block_grows_in_place_and_any_block_shrinks_in_place() {
        let f = fixture();
        let a = f.region.alloc(f.base, layout(64, 8)).unwrap() as usize - f.base;
        assert!(f.region.resize(a, 64, 4096), "the last block grows");
        let b = f.region.alloc(f.base, layout(8, 8)).unwrap() as usize - f.base;
        assert_eq!(b, 4096);
        assert!(
            !f.region.resize(a, 4096, 8192),
            "not the last block any more"
        );
        assert!(
            f.region.resize(a, 4096, 100),
            "shrinking is always in place"
        );
        assert!(f.region.resize(b, 8, 16));
    }

    #[test]
    fn large_or_overaligned_blocks_and_a_full_region_are_left_to_mimalloc() {
        let f = fixture();
        assert!(f.region.alloc(f.base, layout(LARGEST + 1, 8)).is_none());
        assert!(f.region.alloc(f.base, layout(8, 2 * HUGE_PAGE)).is_none());
        assert!(
            f.region.open(),
            "a large block alone does not close the region"
        );
        let mut count = 0;
        while f.region.alloc(f.base, layout(LARGEST, 8)).is_some() {
            count += 1;
        }
        assert_eq!(count, SIZE / LARGEST, "the region is used to its end");
        assert!(
            f.region.alloc(f.base, layout(1, 1)).is_none(),
            "and no further"
        );
        let fresh = Region::new();
        assert_eq!(fresh.base(|| None, |_| {}), NONE, "no mapping: no region");
        assert!(fresh.alloc(NONE, layout(8, 8)).is_none());
        assert!(!fresh.open());
        assert!(fresh.offset(8 as *mut u8).is_none());
    }

    #[test]
    fn pointers_outside_the_region_are_not_claimed() {
        let f = fixture();
        assert_eq!(f.region.offset(f.base as *mut u8), Some(0));
        assert_eq!(
            f.region.offset((f.base + SIZE - 1) as *mut u8),
            Some(SIZE - 1)
        );
        assert_eq!(f.region.offset((f.base + SIZE) as *mut u8), None);
        assert_eq!(f.region.offset((f.base - 1) as *mut u8), None);
        assert_eq!(Region::new().offset(f.base as *mut u8), None, "unmapped");
    }

    /// Threads allocating, writing, growing and freeing at once never get
    /// overlapping blocks: each block keeps the pattern written into it.
    #[test]
    fn threads_never_share_a_block() {
        let f = fixture();
        let region = &f.region;
        let base = f.base;
        std::thread::scope(|scope| {
            for thread in 0..4u8 {
                scope.spawn(move || {
                    let mut live: Vec<(usize, usize)> = Vec::new();
                    for round in 0..2_000usize {
                        let size = 1 + (round * 7 + usize::from(thread)) % 200;
                        let Some(ptr) = region.alloc(base, layout(size, 8)) else {
                            break;
                        };
                        let offset = ptr as usize - base;
                        // SAFETY: a block of `size` bytes this thread owns.
                        unsafe { std::ptr::write_bytes(ptr, thread, size) };
                        live.push((offset, size));
                        if round % 3 == 0 {
                            let (offset, size) = live.pop().unwrap();
                            region.free(offset, size);
                        } else if round % 5 == 0 {
                            let (offset, size) = live.last_mut().unwrap();
                            if region.resize(*offset, *size, *size * 2) {
                                let grown = (base + *offset + *size) as *mut u8;
                                // SAFETY: the block grew in place by `size` bytes.
                                unsafe { std::ptr::write_bytes(grown, thread, *size) };
                                *size *= 2;
                            }
                        }
                    }
                    for (offset, size) in live {
                        // SAFETY: blocks this thread owns and wrote.
                        let bytes = unsafe {
                            std::slice::from_raw_parts((base + offset) as *const u8, size)
                        };
                        assert!(bytes.iter().all(|&b| b == thread), "block overwritten");
                    }
                });
            }
        });
    }

    /// The real allocator, as `spec` uses it: vectors and strings that grow,
    /// shrink and are dropped in any order keep their contents.
    #[test]
    fn the_global_allocator_keeps_contents_through_growth_and_frees() {
        let startup = Startup::new();
        let l = layout(24, 8);
        // SAFETY: valid layouts; every block is freed once, with its layout.
        unsafe {
            let a = startup.alloc(l);
            std::ptr::write_bytes(a, 7, 24);
            let a = startup.realloc(a, l, 4096);
            assert!(std::slice::from_raw_parts(a, 24).iter().all(|&b| b == 7));
            let big = layout(LARGEST * 2, 8);
            let b = startup.alloc_zeroed(big);
            assert!(startup.region.offset(b).is_none(), "large: mimalloc's");
            assert!(std::slice::from_raw_parts(b, big.size())
                .iter()
                .all(|&b| b == 0));
            startup.dealloc(b, big);
            let c = startup.alloc_zeroed(l);
            assert!(std::slice::from_raw_parts(c, 24).iter().all(|&b| b == 0));
            let a = startup.realloc(a, layout(4096, 8), LARGEST * 4);
            assert!(startup.region.offset(a).is_none(), "grown past the limit");
            assert!(std::slice::from_raw_parts(a, 24).iter().all(|&b| b == 7));
            startup.dealloc(a, layout(LARGEST * 4, 8));
            startup.dealloc(c, l);
        }
    }
}
