//! A software prefetch: asks for the cache line holding a value without waiting for it, so
//! that the miss overlaps the work before its use: for reads whose addresses are known ahead
//! but random (the directory's slots, the records a tokenizer on another core wrote), which
//! the hardware prefetchers, following strides, miss.

/// Requests the cache line at `at` (and nothing else) into every cache level. A hint: it never
/// faults, whatever the address, and changes no memory; a no-op off x86-64. O(1).
#[inline(always)]
pub(crate) fn prefetch<T>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCHT0 neither dereferences its operand architecturally nor faults, so any
    // address is sound.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
