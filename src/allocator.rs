//! The global allocator of `spec`: the first 8 MiB of small allocations of
//! the main thread come from one region, packed; everything else (other
//! threads, large blocks, and all once the region is used up) from
//! mimalloc.
//!
//! Why: checking one small spec is a few milliseconds, and on a virtual
//! machine the dearest thing in them is memory touched for the first time.
//! mimalloc gives every size class its own 64 KiB page, so the 1.9 MB a
//! small check has live at its peak were spread over about 9 MB of its
//! arena, which it marks for transparent huge pages: 4–5 huge pages
//! faulted in and zeroed (2 MiB each) per run. Without huge pages it is
//! worse: a 4 KiB fault costs about 4.5 µs here. In the region the same
//! work is packed. Measured with alternating runs (medians): a bump region
//! that took back only the last block freed took 6.68 → 5.79 ms for the
//! 938-triple spec and 4.11 → 2.84 ms for a one-triple one, but it left
//! 2.7 MB of the 3.1 MB it handed out unused once freed. With freed
//! blocks handed out again (below) it hands out 2.3 MB (1.65 MB live at
//! the peak, the rest in other classes' lists): still two huge pages, but
//! 4.69 → 4.53 ms for the 938-triple spec (300 alternating runs), and
//! 2.6% less wall time checking 1,000 generated specs, 8.6% checking 100
//! small ones (11 pairs each), where the workers no longer contend for the
//! region's bump pointer in their first milliseconds. Leaving the
//! region's second 2 MiB to small pages ([`HUGE`]) made that one huge page.
//!
//! How: blocks are handed out in size classes (16-byte steps up to 1 KiB,
//! then four per doubling), from the end of what was handed out so far
//! (a bump pointer) or from a list of freed blocks of the class. Only one
//! thread uses the region: the one that made the first allocation of the
//! process (the main thread, which does all the work of a small check), so
//! the lists need no locks. A block of the region freed by another thread
//! (one the main thread handed over) is not reused; neither is anything
//! once the region is used up, which a large run (a million triples, 1,000
//! specs) does in its first milliseconds: from then on the region costs an
//! allocation one load.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};

/// The region's size; it is reserved, not committed: only what is used is
/// ever faulted in.
const SIZE: usize = 8 << 20;
/// Larger allocations go to mimalloc directly: they would fill the region
/// with one block.
const LARGEST: usize = 256 << 10;
/// The region is aligned to a transparent huge page.
const HUGE_PAGE: usize = 2 << 20;
/// Every block of the region is a multiple of this, and aligned to it;
/// a block asking for more alignment is mimalloc's.
const GRAIN: usize = 16;
/// Classes are `GRAIN` apart up to this size, then four per doubling.
const FINE: usize = 1024;
/// The number of size classes up to [`LARGEST`].
const CLASSES: usize =
    FINE / GRAIN + 4 * (LARGEST.trailing_zeros() - FINE.trailing_zeros()) as usize;
/// `base` before the region is mapped.
const UNMAPPED: usize = 0;
/// `base` when the region could not be mapped: every allocation is mimalloc's.
const NONE: usize = usize::MAX;

/// The size class of a block of `size` bytes (`1..=LARGEST`).
#[inline]
fn class(size: usize) -> usize {
    if size <= FINE {
        return size.div_ceil(GRAIN) - 1;
    }
    // `size` is in (2^(bits-1), 2^bits]: four classes of 2^(bits-3) each
    // cover it, from 5 to 8 of them.
    let bits = usize::BITS - (size - 1).leading_zeros();
    let steps = ((size - 1) >> (bits - 3)) + 1;
    FINE / GRAIN + (bits - FINE.trailing_zeros() - 1) as usize * 4 + (steps - 5)
}

/// The size of the blocks of `class`: the largest size in it.
#[inline]
fn capacity(class: usize) -> usize {
    if class < FINE / GRAIN {
        return (class + 1) * GRAIN;
    }
    let k = class - FINE / GRAIN;
    let bits = FINE.trailing_zeros() as usize + 1 + k / 4;
    (5 + k % 4) << (bits - 3)
}

thread_local! {
    /// A byte whose address tells this thread from the others alive.
    static THREAD: u8 = const { 0 };
}

/// This thread's mark: the address of its [`THREAD`], which no other live
/// thread shares.
#[inline]
fn this_thread() -> usize {
    THREAD.with(|byte| byte as *const u8 as usize)
}

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

    /// A block from the region: for its thread, while it is open and if the
    /// block fits.
    #[inline]
    fn in_region(&self, layout: Layout) -> Option<*mut u8> {
        if !self.region.open() {
            return None;
        }
        let base = self.region.base(map, unmap);
        if !self.region.serves(this_thread()) {
            return None;
        }
        self.region.alloc(base, layout)
    }

    /// Where `ptr` is in the region, if it is there and this thread may
    /// reuse it; `Err` if it is in the region but this thread may not.
    #[inline]
    fn region_block(&self, ptr: *mut u8) -> Option<Result<usize, ()>> {
        let offset = self.region.offset(ptr)?;
        Some(if self.region.serves(this_thread()) {
            Ok(offset)
        } else {
            Err(())
        })
    }
}

impl Default for Startup {
    fn default() -> Self {
        Self::new()
    }
}

/// A region over memory that some `map` gives it on first use, serving
/// one thread: blocks in size classes, from a bump pointer or from lists
/// of freed blocks. Every field but `base` and `full` is used by that
/// thread alone; they are atomics (read and written, never swapped) so
/// that a mistake there stays a logic error.
struct Region {
    /// The region's first byte, or [`UNMAPPED`] / [`NONE`].
    base: AtomicUsize,
    /// The thread the region serves ([`this_thread`] of the thread that
    /// mapped it).
    owner: AtomicUsize,
    /// How much of the region is handed out: the end of the last block.
    next: AtomicUsize,
    /// Per class, the first freed block (its offset / `GRAIN`, plus one;
    /// 0: none). Each freed block holds the next one the same way.
    free: [AtomicU32; CLASSES],
    /// Set once a block did not fit (or there is no region): from then on
    /// every allocation goes straight to mimalloc, at the cost of one load.
    full: AtomicBool,
}

impl Region {
    const fn new() -> Self {
        Self {
            base: AtomicUsize::new(UNMAPPED),
            owner: AtomicUsize::new(0),
            next: AtomicUsize::new(0),
            free: [const { AtomicU32::new(0) }; CLASSES],
            full: AtomicBool::new(false),
        }
    }

    /// The region's base, mapping it with `map` the first time (for this
    /// thread, which it then serves).
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
        // The owner is set before the base is published: a thread that
        // sees the base sees who it serves.
        let _ = self
            .owner
            .compare_exchange(0, this_thread(), Ordering::Relaxed, Ordering::Relaxed);
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

    /// Whether the region serves the thread marked `thread`.
    #[inline]
    fn serves(&self, thread: usize) -> bool {
        self.owner.load(Ordering::Relaxed) == thread
    }

    /// Whether the region may still have room: false once a block did not
    /// fit. The only cost a large run pays for the region per allocation.
    #[inline]
    fn open(&self) -> bool {
        !self.full.load(Ordering::Relaxed)
    }

    /// A block for `layout` from the region, if it fits: a freed one of its
    /// class, else a new one.
    fn alloc(&self, base: usize, layout: Layout) -> Option<*mut u8> {
        if base == NONE {
            self.full.store(true, Ordering::Relaxed);
            return None;
        }
        if layout.size() > LARGEST || layout.align() > GRAIN {
            return None;
        }
        let class = class(layout.size());
        let first = self.free[class].load(Ordering::Relaxed);
        if first != 0 {
            let offset = (first as usize - 1) * GRAIN;
            let block = (base + offset) as *mut u8;
            // SAFETY: a freed block of the region holds the next one's mark
            // in its first four bytes, aligned to `GRAIN`.
            let after = unsafe { block.cast::<u32>().read() };
            self.free[class].store(after, Ordering::Relaxed);
            return Some(block);
        }
        let start = self.next.load(Ordering::Relaxed);
        let end = start + capacity(class);
        if end > SIZE {
            self.full.store(true, Ordering::Relaxed);
            return None;
        }
        self.next.store(end, Ordering::Relaxed);
        Some((base + start) as *mut u8)
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

    /// Takes back the block of `size` bytes at `offset`: the end of what
    /// is handed out moves back if it is the last block, else it goes to
    /// its class's list.
    fn free(&self, base: usize, offset: usize, size: usize) {
        let class = class(size);
        if self.next.load(Ordering::Relaxed) == offset + capacity(class) {
            self.next.store(offset, Ordering::Relaxed);
            return;
        }
        let first = self.free[class].load(Ordering::Relaxed);
        // SAFETY: the block is the caller's to give back, at least `GRAIN`
        // bytes long and aligned to it.
        unsafe { ((base + offset) as *mut u32).write(first) };
        self.free[class].store((offset / GRAIN + 1) as u32, Ordering::Relaxed);
    }

    /// Resizes the block at `offset` from `size` to `new_size` bytes where
    /// it is: within its class, when it is the last block and the new size
    /// fits, and always when it shrinks (a block larger than its class is
    /// still a block of its class when freed).
    fn resize(&self, offset: usize, size: usize, new_size: usize) -> bool {
        let (old, new) = (class(size), class(new_size.max(1)));
        if new == old {
            return true;
        }
        let last = self.next.load(Ordering::Relaxed) == offset + capacity(old);
        if new < old {
            if last {
                self.next.store(offset + capacity(new), Ordering::Relaxed);
            }
            return true;
        }
        if !last || new_size > LARGEST || offset + capacity(new) > SIZE {
            return false;
        }
        self.next.store(offset + capacity(new), Ordering::Relaxed);
        true
    }
}

/// The parts of the region marked for transparent huge pages: all but its
/// second 2 MiB. A small check hands out a little more than one huge page
/// (2.3 MB for the 938-triple spec), and the second huge page cost a
/// whole 2 MiB zeroed for the last 0.3 MB: left in 4 KiB pages it took
/// the check from two huge-page faults to one and 6.88 → 6.66 ms (301
/// alternating runs, on a day `true` took 2.2 ms). A run that uses the
/// region to its end pays 512 small faults instead of one huge one,
/// about 2 ms of a run of seconds.
const HUGE: [(usize, usize); 2] = [(0, HUGE_PAGE), (2 * HUGE_PAGE, SIZE)];

/// Reserves the region: address space only, marked for huge pages
/// ([`HUGE`]).
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
        for (from, to) in HUGE {
            libc::madvise(
                (base + from) as *mut libc::c_void,
                to - from,
                libc::MADV_HUGEPAGE,
            );
        }
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

// SAFETY: blocks from the region are disjoint: one thread hands them out
// and takes them back (a block is on a list, or at the end of what is
// handed out, only after it was freed), each a whole block of its class,
// aligned to `GRAIN` (more alignment is mimalloc's); everything else is
// mimalloc's, whose blocks are never in the region.
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
                // SAFETY: `ptr` is a block of at least `layout.size()` bytes
                // (a freed one holds old data: it is cleared).
                unsafe { std::ptr::write_bytes(ptr, 0, layout.size()) };
                ptr
            }
            // SAFETY: the caller's contract, passed on.
            None => unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) },
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match self.region_block(ptr) {
            Some(Ok(offset)) => {
                let base = self.region.base.load(Ordering::Relaxed);
                self.region.free(base, offset, layout.size());
            }
            // Another thread's: left unused.
            Some(Err(())) => {}
            // SAFETY: not in the region, so mimalloc's.
            None => unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) },
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let mine = match self.region_block(ptr) {
            // SAFETY: not in the region, so mimalloc's.
            None => return unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) },
            Some(Ok(offset)) => {
                if self.region.resize(offset, layout.size(), new_size) {
                    return ptr;
                }
                Some(offset)
            }
            Some(Err(())) => None,
        };
        // SAFETY: `new_size` with the old alignment is a valid layout (the
        // caller's contract for realloc).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a valid, non-zero layout.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live, disjoint and at least this long.
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
            if let Some(offset) = mine {
                let base = self.region.base.load(Ordering::Relaxed);
                self.region.free(base, offset, layout.size());
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A region over a heap buffer, aligned like the real one, serving
    /// the test's thread.
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
        assert!(region.serves(this_thread()));
        Fixture {
            _buffer: buffer,
            region,
            base,
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    impl Fixture {
        fn alloc(&self, size: usize) -> usize {
            self.region.alloc(self.base, layout(size, 8)).unwrap() as usize - self.base
        }

        fn free(&self, offset: usize, size: usize) {
            self.region.free(self.base, offset, size);
        }
    }

    #[test]
    fn every_size_is_in_the_smallest_class_that_holds_it() {
        assert_eq!(CLASSES, 96);
        let mut last = 0;
        for size in 1..=LARGEST {
            let c = class(size);
            assert!(capacity(c) >= size, "{size} in class {c}");
            assert!(
                c == 0 || capacity(c - 1) < size,
                "{size}: class {c} is not the smallest"
            );
            assert!(c == last || c == last + 1, "{size}: classes skipped");
            assert_eq!(capacity(c) % GRAIN, 0);
            last = c;
        }
        assert_eq!(last, CLASSES - 1);
        assert_eq!(capacity(CLASSES - 1), LARGEST);
        assert_eq!(
            (capacity(64), capacity(67), capacity(68)),
            (1280, 2048, 2560)
        );
    }

    #[test]
    fn freed_blocks_are_handed_out_again_in_their_class() {
        let f = fixture();
        let a = f.alloc(3);
        let b = f.alloc(40);
        let c = f.alloc(24);
        assert_eq!(
            (a, b, c),
            (0, 16, 64),
            "packed, each a whole block of its class"
        );
        // `a` and `b` are not the last block: they go to their lists.
        f.free(a, 3);
        f.free(b, 33);
        assert_eq!(f.alloc(16), a, "the freed block of the class");
        assert_eq!(f.alloc(48), b);
        assert_eq!(f.alloc(8), 96, "none freed: a new one");
        // The last block moves the end back, and then the one before it.
        f.free(96, 8);
        f.free(c, 24);
        assert_eq!(f.region.next.load(Ordering::Relaxed), 64);
        assert_eq!(f.alloc(32), c, "from the end");
        f.free(a, 16);
        assert_eq!(f.alloc(1), a, "from the list");
    }

    #[test]
    fn blocks_grow_within_their_class_or_at_the_end_and_always_shrink_in_place() {
        let f = fixture();
        let a = f.alloc(64);
        assert!(f.region.resize(a, 64, 4096), "the last block grows");
        let b = f.alloc(8);
        assert_eq!(b, 4096);
        assert!(f.region.resize(b, 8, 16), "within its class");
        assert!(
            !f.region.resize(a, 4096, 8192),
            "not the last block any more"
        );
        assert!(
            f.region.resize(a, 4096, 100),
            "shrinking is always in place"
        );
        // Freed with its new size, it is a block of the smaller class.
        f.free(a, 100);
        assert_eq!(f.alloc(112), a);
        // The last block shrinks and the end moves back with it.
        assert!(f.region.resize(b, 16, 17) && f.region.resize(b, 32, 4));
        assert_eq!(f.region.next.load(Ordering::Relaxed), b + 16);
        assert!(
            !f.region.resize(b, 4, LARGEST + 1),
            "too large for the region"
        );
    }

    #[test]
    fn large_or_overaligned_blocks_and_a_full_region_are_left_to_mimalloc() {
        let f = fixture();
        assert!(f.region.alloc(f.base, layout(LARGEST + 1, 8)).is_none());
        assert!(f.region.alloc(f.base, layout(8, 2 * GRAIN)).is_none());
        assert!(
            f.region.open(),
            "a large block alone does not close the region"
        );
        let mut count = 0;
        while f.region.alloc(f.base, layout(LARGEST, 8)).is_some() {
            count += 1;
        }
        assert_eq!(count, SIZE / LARGEST, "the region is used to its end");
        assert!(!f.region.open(), "and closed");
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

    /// Allocating, writing, growing, shrinking and freeing in any order
    /// never hands out a live block twice: each keeps what was written.
    #[test]
    fn live_blocks_never_overlap() {
        let f = fixture();
        let mut live: Vec<(usize, usize, u8)> = Vec::new();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut random = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let fill = |offset: usize, size: usize, byte: u8| {
            // SAFETY: a live block of at least `size` bytes.
            unsafe { std::ptr::write_bytes((f.base + offset) as *mut u8, byte, size) };
        };
        for round in 0..20_000usize {
            let byte = round as u8;
            match random(4) {
                0 | 1 => {
                    let most = if random(10) == 0 { 5000 } else { 300 };
                    let size = 1 + random(most);
                    let offset = f.alloc(size);
                    fill(offset, size, byte);
                    live.push((offset, size, byte));
                }
                2 if !live.is_empty() => {
                    let (offset, size, _) = live.swap_remove(random(live.len()));
                    f.free(offset, size);
                }
                3 if !live.is_empty() => {
                    let at = random(live.len());
                    let (offset, size, _) = live[at];
                    let new_size = 1 + random(2 * size + 16);
                    if f.region.resize(offset, size, new_size) {
                        fill(offset, new_size, byte);
                        live[at] = (offset, new_size, byte);
                    }
                }
                _ => {}
            }
        }
        for (offset, size, byte) in live {
            // SAFETY: a live block written with `byte`.
            let bytes = unsafe { std::slice::from_raw_parts((f.base + offset) as *const u8, size) };
            assert!(
                bytes.iter().all(|&b| b == byte),
                "block at {offset} overwritten"
            );
        }
    }

    /// The real allocator: the region serves the thread that allocated
    /// first; another thread's blocks are mimalloc's, and a block of the
    /// region it frees is not handed out again.
    #[test]
    fn the_region_serves_one_thread() {
        let startup = Startup::new();
        let l = layout(24, 8);
        // SAFETY: valid layouts; every block is freed once, with its layout.
        unsafe {
            let a = startup.alloc(l);
            assert!(startup.region.offset(a).is_some(), "the first thread's");
            let handed = startup.alloc(l) as usize;
            let theirs = std::thread::scope(|scope| {
                scope
                    .spawn(|| {
                        let b = startup.alloc(l);
                        let in_region = startup.region.offset(b).is_some();
                        startup.dealloc(b, l);
                        startup.dealloc(handed as *mut u8, l);
                        in_region
                    })
                    .join()
                    .unwrap()
            });
            assert!(!theirs, "another thread's block is mimalloc's");
            let c = startup.alloc(l);
            assert_ne!(c as usize, handed, "freed by another thread: not reused");
            startup.dealloc(c, l);
            assert_eq!(startup.alloc(l), c, "freed by this thread: reused");
        }
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
            // A freed block reused for a zeroed allocation is cleared.
            let d = startup.alloc(l);
            std::ptr::write_bytes(d, 9, 24);
            let e = startup.alloc(l);
            startup.dealloc(d, l);
            let c = startup.alloc_zeroed(l);
            assert_eq!(c, d, "the freed block");
            assert!(std::slice::from_raw_parts(c, 24).iter().all(|&b| b == 0));
            let a = startup.realloc(a, layout(4096, 8), LARGEST * 4);
            assert!(startup.region.offset(a).is_none(), "grown past the limit");
            assert!(std::slice::from_raw_parts(a, 24).iter().all(|&b| b == 7));
            startup.dealloc(a, layout(LARGEST * 4, 8));
            startup.dealloc(c, l);
            startup.dealloc(e, l);
        }
    }

    /// The kernel's own account of the mapping: which 2 MiB of a region
    /// [`map`] made carry the `hg` (huge page advised) flag.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_region_is_advised_for_huge_pages_but_its_second_two_mib() {
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
            eprintln!(
                "SKIPPED the_region_is_advised_for_huge_pages_but_its_second_two_mib: this kernel has no transparent huge pages"
            );
            return;
        }
        let base = map().expect("an 8 MiB reservation");
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut advised = Vec::new();
        let mut range = None;
        for line in smaps.lines() {
            let head = line.split_whitespace().next().unwrap_or("");
            if let Some((from, to)) = head.split_once('-').and_then(|(from, to)| {
                Some((
                    usize::from_str_radix(from, 16).ok()?,
                    usize::from_str_radix(to, 16).ok()?,
                ))
            }) {
                range = Some((from, to));
            } else if let (Some(flags), Some((from, to))) = (line.strip_prefix("VmFlags:"), range) {
                if from >= base && to <= base + SIZE {
                    let huge = flags.split_whitespace().any(|flag| flag == "hg");
                    advised.push((from - base, to - base, huge));
                }
            }
        }
        unmap(base);
        assert_eq!(
            advised,
            vec![
                (0, HUGE_PAGE, true),
                (HUGE_PAGE, 2 * HUGE_PAGE, false),
                (2 * HUGE_PAGE, SIZE, true)
            ]
        );
    }
}
