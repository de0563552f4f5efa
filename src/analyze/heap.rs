//! An addressable 4-ary min-heap of nodes keyed by path length, with decrease-key, for
//! Dijkstra. Against a lazy binary heap (push on every improvement) it holds each node at most
//! once, so the heap stays as small as the frontier, and a 4-ary layout halves the depth.
//! Equal keys are ordered by node index, so pops never depend on anything but the input.
//! push, decrease: O(log₄ n); pop: O(4 log₄ n).
//!
//! [`RadixHeap`] is the monotone queue of the exact weighted betweenness (no decrease-key,
//! O(1) push).

const ABSENT: u32 = u32::MAX;

/// The heap; `position` maps a node to its slot (or `ABSENT`).
#[derive(Debug, Clone)]
pub struct IndexedHeap {
    slots: Vec<(f64, u32)>,
    position: Vec<u32>,
}

#[inline]
fn before(a: (f64, u32), b: (f64, u32)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
}

impl IndexedHeap {
    /// An empty heap for nodes `0..n`.
    pub fn new(n: usize) -> IndexedHeap {
        IndexedHeap {
            slots: Vec::new(),
            position: vec![ABSENT; n],
        }
    }

    /// Is the heap empty?
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The smallest key and its node, left in the heap.
    pub fn peek(&self) -> Option<(f64, u32)> {
        self.slots.first().copied()
    }

    /// Nodes in the heap.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Inserts `node` with `key`. The node must not be in the heap.
    #[inline]
    pub fn push(&mut self, node: u32, key: f64) {
        let slot = self.slots.len();
        self.slots.push((key, node));
        self.position[node as usize] = slot as u32;
        self.sift_up(slot);
    }

    /// Lowers the key of `node`, which must be in the heap.
    #[inline]
    pub fn decrease(&mut self, node: u32, key: f64) {
        let slot = self.position[node as usize] as usize;
        self.slots[slot].0 = key;
        self.sift_up(slot);
    }

    /// Removes and returns the node with the smallest key.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, u32)> {
        let top = *self.slots.first()?;
        let last = self.slots.pop().expect("invariant: not empty");
        self.position[top.1 as usize] = ABSENT;
        if !self.slots.is_empty() {
            self.slots[0] = last;
            self.position[last.1 as usize] = 0;
            self.sift_down(0);
        }
        Some(top)
    }

    fn sift_up(&mut self, mut slot: usize) {
        let item = self.slots[slot];
        while slot > 0 {
            let parent = (slot - 1) / 4;
            let p = self.slots[parent];
            if !before(item, p) {
                break;
            }
            self.slots[slot] = p;
            self.position[p.1 as usize] = slot as u32;
            slot = parent;
        }
        self.slots[slot] = item;
        self.position[item.1 as usize] = slot as u32;
    }

    fn sift_down(&mut self, mut slot: usize) {
        let len = self.slots.len();
        let item = self.slots[slot];
        loop {
            let first = 4 * slot + 1;
            if first >= len {
                break;
            }
            let mut best = first;
            for c in first + 1..(first + 4).min(len) {
                if before(self.slots[c], self.slots[best]) {
                    best = c;
                }
            }
            if !before(self.slots[best], item) {
                break;
            }
            self.slots[slot] = self.slots[best];
            self.position[self.slots[slot].1 as usize] = slot as u32;
            slot = best;
        }
        self.slots[slot] = item;
        self.position[item.1 as usize] = slot as u32;
    }
}

/// Bits of the key per bucket level: 8 levels of 256 buckets.
const DIGIT_BITS: u32 = 8;
const DIGITS: usize = 1 << DIGIT_BITS;
const LEVELS: usize = 64 / DIGIT_BITS as usize;

/// A monotone radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990, "Faster algorithms for the
/// shortest path problem", J. ACM 37(2)) on the bit patterns of non-negative f64 keys: for
/// such keys the order of `to_bits()` as u64 is the order of the floats. Dijkstra's keys never
/// go below the last popped key, which is all a radix heap needs. No decrease-key: push the
/// node again on an improvement and skip stale entries on pop (lazy deletion).
///
/// The buckets are those of a radix heap with one byte per level (the "multi-level" radix
/// heap of the same paper, with 2⁸-ary digits): a key differing from the last popped key
/// `last` first in byte p lies in bucket (p, its byte p). Every bucket of level p holds keys
/// below those of level p + 1, and at a level the buckets are in the order of their digit,
/// so the smallest key is in the first non-empty bucket. Emptying it makes its smallest key
/// the new `last`; its other keys then differ from `last` in a lower byte only, so each key
/// moves at most 8 times (instead of up to 64 with one bit per level).
///
/// push: O(1); pop: O(1) amortized plus O(8) bucket moves per entry over its lifetime.
/// Entries of equal keys share a bucket at every moment and keep their push order in it,
/// and come out last-in first-out: pops depend on the order of the pushes only.
#[derive(Debug, Clone)]
pub struct RadixHeap {
    /// Keys equal to `last`.
    equal: Vec<(u64, u32)>,
    /// Bucket (p, digit) at `p * DIGITS + digit`.
    buckets: Vec<Vec<(u64, u32)>>,
    /// Per level, one bit per non-empty bucket.
    occupied: [[u64; DIGITS / 64]; LEVELS],
    /// One bit per level with a non-empty bucket.
    levels: u32,
    last: u64,
    len: usize,
}

impl Default for RadixHeap {
    fn default() -> RadixHeap {
        RadixHeap::new()
    }
}

impl RadixHeap {
    /// An empty heap.
    pub fn new() -> RadixHeap {
        RadixHeap {
            equal: Vec::new(),
            buckets: vec![Vec::new(); LEVELS * DIGITS],
            occupied: [[0; DIGITS / 64]; LEVELS],
            levels: 0,
            last: 0,
            len: 0,
        }
    }

    /// Is the heap empty?
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Entries in the heap (stale ones included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Empties the heap, keeping its buckets' memory. O(non-empty buckets).
    pub fn clear(&mut self) {
        self.equal.clear();
        for level in 0..LEVELS {
            for word in 0..DIGITS / 64 {
                let mut bits = self.occupied[level][word];
                while bits != 0 {
                    let digit = word * 64 + bits.trailing_zeros() as usize;
                    self.buckets[level * DIGITS + digit].clear();
                    bits &= bits - 1;
                }
                self.occupied[level][word] = 0;
            }
        }
        self.levels = 0;
        self.last = 0;
        self.len = 0;
    }

    /// Files `key` under its bucket relative to `last`.
    #[inline]
    fn file(&mut self, key: u64, node: u32) {
        let differ = key ^ self.last;
        if differ == 0 {
            self.equal.push((key, node));
            return;
        }
        let level = (63 - differ.leading_zeros()) / DIGIT_BITS;
        let digit = ((key >> (level * DIGIT_BITS)) as usize) & (DIGITS - 1);
        self.buckets[level as usize * DIGITS + digit].push((key, node));
        self.occupied[level as usize][digit / 64] |= 1 << (digit % 64);
        self.levels |= 1 << level;
    }

    /// Inserts `node` with `key`, a non-negative float not below the last popped key (or
    /// any non-negative key when the heap was emptied: it then starts again from 0).
    #[inline]
    pub fn push(&mut self, node: u32, key: f64) {
        let key = key.to_bits();
        debug_assert!(
            key >= self.last && key >> 63 == 0,
            "monotone, non-negative keys"
        );
        self.file(key, node);
        self.len += 1;
    }

    /// Removes and returns an entry of smallest key.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, u32)> {
        if self.len == 0 {
            self.last = 0;
            return None;
        }
        let (key, node) = match self.equal.pop() {
            Some(entry) => entry,
            None => self.refill(),
        };
        self.len -= 1;
        if self.len == 0 {
            self.last = 0;
        }
        Some((f64::from_bits(key), node))
    }

    /// Empties the first non-empty bucket: its smallest key becomes `last`, and its entries
    /// go to `equal` or to lower levels, in their order; returns the last entry of `equal`.
    /// A bucket of one entry (the common case near the top of the heap) is popped directly.
    fn refill(&mut self) -> (u64, u32) {
        let level = self.levels.trailing_zeros() as usize;
        let words = &mut self.occupied[level];
        let word = words
            .iter()
            .position(|&w| w != 0)
            .expect("invariant: a level bit means a non-empty bucket");
        let digit = word * 64 + words[word].trailing_zeros() as usize;
        words[word] &= !(1 << (digit % 64));
        if words.iter().all(|&w| w == 0) {
            self.levels &= !(1 << level);
        }
        let index = level * DIGITS + digit;
        if let [only] = self.buckets[index][..] {
            self.buckets[index].clear();
            self.last = only.0;
            return only;
        }
        let mut moving = std::mem::take(&mut self.buckets[index]);
        self.last = moving.iter().map(|e| e.0).min().unwrap_or(self.last);
        for &(key, node) in &moving {
            self.file(key, node);
        }
        moving.clear();
        self.buckets[index] = moving;
        self.equal
            .pop()
            .expect("invariant: the smallest key of the bucket went to `equal`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_key_then_node_order_with_decreases() {
        let mut h = IndexedHeap::new(10);
        for (node, key) in [(3, 5.0), (1, 2.0), (7, 9.0), (2, 2.0), (9, 1.5), (0, 8.0)] {
            h.push(node, key);
        }
        h.decrease(7, 0.5);
        h.decrease(0, 2.0);
        let mut out = Vec::new();
        while let Some((k, v)) = h.pop() {
            out.push((v, k));
        }
        assert_eq!(
            out,
            vec![(7, 0.5), (9, 1.5), (0, 2.0), (1, 2.0), (2, 2.0), (3, 5.0)]
        );
        assert!(h.is_empty());
    }

    #[test]
    fn matches_a_sort_on_many_keys() {
        let n = 1000;
        let mut h = IndexedHeap::new(n);
        let mut state = 12345u64;
        let mut keys = Vec::new();
        for v in 0..n as u32 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            let k = (state >> 40) as f64 / 7.0;
            keys.push((k, v));
            h.push(v, k);
        }
        for v in (0..n as u32).step_by(3) {
            keys[v as usize].0 /= 2.0;
            h.decrease(v, keys[v as usize].0);
        }
        keys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let popped: Vec<(f64, u32)> = std::iter::from_fn(|| h.pop()).collect();
        assert_eq!(popped, keys);
    }

    #[test]
    fn radix_pops_in_key_order_with_stale_entries() {
        let mut h = RadixHeap::new();
        let mut state = 99u64;
        let mut expected = Vec::new();
        let mut popped = Vec::new();
        // Dijkstra-like: keys pushed are never below the last popped key
        let mut floor = 0.0f64;
        for round in 0..2000u32 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            let k = floor + (state >> 44) as f64 / 1024.0;
            h.push(round, k);
            expected.push(k);
            if round % 3 == 0 {
                let (k, _) = h.pop().expect("not empty");
                popped.push(k);
                floor = k;
            }
        }
        while let Some((k, _)) = h.pop() {
            popped.push(k);
        }
        assert!(h.is_empty());
        assert!(popped.is_sorted());
        expected.sort_by(f64::total_cmp);
        assert_eq!(popped, expected);
        // equal keys come out last-in first-out
        h.push(7, floor);
        h.push(8, floor);
        assert_eq!(h.pop(), Some((floor, 8)));
        assert_eq!(h.pop(), Some((floor, 7)));
        // cleared, it starts again from 0
        h.push(3, 9.0);
        h.push(4, 12.0);
        assert_eq!(h.pop(), Some((9.0, 3)));
        h.clear();
        assert!(h.is_empty());
        assert_eq!(h.pop(), None);
        // emptied, it starts again from 0
        h.push(1, 0.5);
        h.push(2, 0.0);
        assert_eq!(h.pop(), Some((0.0, 2)));
        assert_eq!(h.pop(), Some((0.5, 1)));
    }

    /// The radix heap with one bit per level that the byte-level one replaced: both must pop
    /// the same (key, node) sequence, so that the weighted betweenness keeps its bits.
    struct OneBitRadixHeap {
        buckets: Vec<Vec<(u64, u32)>>,
        last: u64,
        len: usize,
    }

    impl OneBitRadixHeap {
        fn bucket(&self, key: u64) -> usize {
            (64 - (key ^ self.last).leading_zeros()) as usize
        }
        fn push(&mut self, node: u32, key: f64) {
            let key = key.to_bits();
            let b = self.bucket(key);
            self.buckets[b].push((key, node));
            self.len += 1;
        }
        fn pop(&mut self) -> Option<(f64, u32)> {
            if self.len == 0 {
                self.last = 0;
                return None;
            }
            if self.buckets[0].is_empty() {
                let b = (1..65).find(|&b| !self.buckets[b].is_empty()).unwrap();
                let moving = std::mem::take(&mut self.buckets[b]);
                self.last = moving.iter().map(|e| e.0).min().unwrap();
                for (key, node) in moving {
                    let to = self.bucket(key);
                    self.buckets[to].push((key, node));
                }
            }
            let (key, node) = self.buckets[0].pop()?;
            self.len -= 1;
            if self.len == 0 {
                self.last = 0;
            }
            Some((f64::from_bits(key), node))
        }
    }

    #[test]
    fn pops_the_sequence_of_the_one_bit_radix_heap() {
        let mut new = RadixHeap::new();
        let mut old = OneBitRadixHeap {
            buckets: vec![Vec::new(); 65],
            last: 0,
            len: 0,
        };
        let mut state = 7u64;
        let mut floor = 0.0f64;
        for round in 0..20_000u32 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            // few distinct increments, so that equal keys are common; keys of every size
            let step = [0.0, 0.5, 1.0, 1.0 / 3.0, 1e-9, 7.25, 1e6][(state >> 61) as usize % 7];
            let k = floor + step * ((state >> 40) % 4) as f64;
            new.push(round, k);
            old.push(round, k);
            if (state >> 20).is_multiple_of(3) {
                let popped = new.pop();
                assert_eq!(popped, old.pop(), "round {round}");
                floor = popped.expect("not empty").0;
            }
        }
        loop {
            let popped = new.pop();
            assert_eq!(popped, old.pop());
            if popped.is_none() {
                break;
            }
        }
    }
}
