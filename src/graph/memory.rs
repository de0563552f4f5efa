//! How much memory an analysis needs, estimated from the size of its network, so that an input
//! too large for the machine is refused with a clear message before the machine runs out (an
//! allocation failure aborts the process with no word about what to do).
//!
//! The peak of a run grows with people and ties: the tie map of ingest, the graph (CSR both
//! ways), the per-thread buffers of the analyses and the report's tables. Measured with
//! `/usr/bin/time -v` on the generated large organisation (50,000 people, 3.2M ties): 655 MB
//! peak for everything but betweenness, 576 MB for exact hop betweenness alone, so about
//! 200 bytes a tie; the per-person part (directory, pseudonyms, labels) is taken as 4 KiB.

/// Peak bytes per tie of the network (see the module's description).
pub const PEAK_BYTES_PER_TIE: u64 = 200;
/// Peak bytes per person of the directory.
pub const PEAK_BYTES_PER_PERSON: u64 = 4096;

/// The estimated peak memory of a run on `people` people and `ties` ties, in bytes. O(1).
pub fn peak_bytes(people: usize, ties: usize) -> u64 {
    people as u64 * PEAK_BYTES_PER_PERSON + ties as u64 * PEAK_BYTES_PER_TIE
}

/// The most ties a run on `people` people can hold within `budget` bytes. O(1).
pub fn max_ties(budget: u64, people: usize) -> usize {
    let left = budget.saturating_sub(people as u64 * PEAK_BYTES_PER_PERSON);
    usize::try_from(left / PEAK_BYTES_PER_TIE).unwrap_or(usize::MAX)
}

/// What a run would need against what it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    /// People of the directory.
    pub people: usize,
    /// Ties gathered when the budget ran out (there are at least this many).
    pub ties_at_least: usize,
    /// The estimated peak, in bytes.
    pub needed: u64,
    /// The budget, in bytes.
    pub available: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tie_limit_inverts_the_estimate() {
        let budget = 1 << 30;
        let ties = max_ties(budget, 50_000);
        assert!(peak_bytes(50_000, ties) <= budget);
        assert!(peak_bytes(50_000, ties + 1) > budget);
        assert_eq!(max_ties(1000, 1), 0);
    }
}
