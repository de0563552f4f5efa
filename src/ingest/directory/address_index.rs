//! The directory's lookup from a normalized address to its person, read once for the sender
//! and once for each recipient of every message: the ingest's most frequent random memory
//! access. A hash map of `String`s reads a control byte, a bucket and then the key's own
//! allocation to compare it; here the key's bytes sit in the slot itself (one 64-byte cache
//! line holds the length, up to [`INLINE`] bytes and the person), so a lookup reads one line,
//! and the longer addresses go to an ordinary map. Open addressing with linear probing at a
//! load of at most 5/8.
//! Lookup: O(1) expected, one cache line per probe; build: O(keys); space: 64 bytes a slot.
//!
//! At 50,000 people the table is 8 MiB, so nearly every lookup is a miss to memory, and one
//! at a time they are paid one after the other. [`AddressIndex::get_all`] looks up a whole
//! batch's addresses: it hashes them all first, then probes each with the slot of the key
//! [`AHEAD`] places further already requested (a software prefetch), so that many misses are
//! in flight at once (the group prefetching of Chen, Ailamaki, Gibbons and Mowry, "Improving
//! hash join performance through prefetching", ICDE 2004).

use std::hash::{BuildHasher, BuildHasherDefault};

use rustc_hash::{FxHashMap, FxHasher};

use crate::prefetch::prefetch;

/// The longest address kept in a slot.
const INLINE: usize = 59;

/// How many keys ahead of the probe [`AddressIndex::get_all`] requests a slot: about the
/// misses a core keeps in flight (its line fill buffers).
const AHEAD: usize = 16;

/// One slot: `len` 0 when empty (addresses are never empty).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    len: u8,
    bytes: [u8; INLINE],
    person: u32,
}

const EMPTY: Slot = Slot {
    len: 0,
    bytes: [0; INLINE],
    person: 0,
};

/// A frozen map from address to person.
#[derive(Clone, Default)]
pub(crate) struct AddressIndex {
    slots: Vec<Slot>,
    long: FxHashMap<String, u32>,
}

impl std::fmt::Debug for AddressIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddressIndex")
            .field("slots", &self.slots.len())
            .field("long", &self.long.len())
            .finish()
    }
}

fn hash(key: &[u8]) -> usize {
    BuildHasherDefault::<FxHasher>::default().hash_one(key) as usize
}

impl AddressIndex {
    /// The index of `map` (a person for every id and alias).
    pub(crate) fn new(map: &FxHashMap<String, u32>) -> AddressIndex {
        let short = map.keys().filter(|k| k.len() <= INLINE).count();
        let capacity = (short * 8 / 5 + 1).next_power_of_two().max(8);
        let mut index = AddressIndex {
            slots: vec![EMPTY; capacity],
            long: FxHashMap::default(),
        };
        let mask = capacity - 1;
        for (key, &person) in map {
            let bytes = key.as_bytes();
            if bytes.is_empty() {
                continue;
            }
            if bytes.len() > INLINE {
                index.long.insert(key.clone(), person);
                continue;
            }
            let mut at = hash(bytes) & mask;
            while index.slots[at].len != 0 {
                at = (at + 1) & mask;
            }
            let slot = &mut index.slots[at];
            slot.len = bytes.len() as u8;
            slot.bytes[..bytes.len()].copy_from_slice(bytes);
            slot.person = person;
        }
        index
    }

    /// The person of `address`, if any.
    #[inline]
    pub(crate) fn get(&self, address: &str) -> Option<u32> {
        self.get_hashed(address, hash(address.as_bytes()))
    }

    /// The person of each of `addresses`, in their order, appended to `found`: the same
    /// answers as [`AddressIndex::get`] one by one, with the misses overlapped. O(keys).
    pub(crate) fn get_all<'k, I>(&self, addresses: I, found: &mut Vec<Option<u32>>)
    where
        I: Iterator<Item = &'k str> + Clone,
    {
        let hashes: Vec<usize> = addresses.clone().map(|a| hash(a.as_bytes())).collect();
        for &h in hashes.iter().take(AHEAD) {
            self.prefetch(h);
        }
        found.reserve(hashes.len());
        for (i, address) in addresses.enumerate() {
            if let Some(&ahead) = hashes.get(i + AHEAD) {
                self.prefetch(ahead);
            }
            found.push(self.get_hashed(address, hashes[i]));
        }
    }

    /// Requests the first slot of the key hashed `h` into the cache, without waiting for it.
    #[inline]
    fn prefetch(&self, h: usize) {
        if self.slots.is_empty() {
            return;
        }
        prefetch(&self.slots[h & (self.slots.len() - 1)]);
    }

    /// [`AddressIndex::get`] with the key's hash already computed.
    #[inline]
    fn get_hashed(&self, address: &str, h: usize) -> Option<u32> {
        let key = address.as_bytes();
        if key.len() > INLINE {
            return self.long.get(address).copied();
        }
        if key.is_empty() || self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = h & mask;
        loop {
            let slot = &self.slots[at];
            if slot.len == 0 {
                return None;
            }
            if usize::from(slot.len) == key.len() && &slot.bytes[..key.len()] == key {
                return Some(slot.person);
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let mut map = FxHashMap::default();
        for i in 0..5_000u32 {
            map.insert(format!("person.{i}@example.com"), i);
        }
        let long = format!("{}@example.com", "x".repeat(70));
        map.insert(long.clone(), 9_999);
        map.insert("a".repeat(INLINE), 7_777);
        let index = AddressIndex::new(&map);
        for (key, &person) in &map {
            assert_eq!(index.get(key), Some(person), "{key}");
        }
        assert_eq!(index.get(&long), Some(9_999));
        assert_eq!(index.get(&"a".repeat(INLINE)), Some(7_777));
        assert_eq!(index.get(&"a".repeat(INLINE + 1)), None);
        assert_eq!(index.get("person.5000@example.com"), None);
        assert_eq!(index.get("person.1@example.co"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(AddressIndex::default().get("x"), None);
    }

    #[test]
    fn batched_lookups_answer_as_single_ones() {
        let mut map = FxHashMap::default();
        for i in 0..3_000u32 {
            map.insert(format!("p{i}@example.com"), i);
        }
        map.insert(format!("{}@example.com", "y".repeat(60)), 5_000);
        let index = AddressIndex::new(&map);
        // known, unknown, long and empty keys, repeated, more than AHEAD of them
        let keys: Vec<String> = (0..4_000u32)
            .map(|i| match i % 7 {
                0 => format!("{}@example.com", "y".repeat(60)),
                1 => String::new(),
                _ => format!("p{}@example.com", (i * 7_919) % 3_500),
            })
            .collect();
        let mut found = vec![Some(u32::MAX)];
        index.get_all(keys.iter().map(String::as_str), &mut found);
        let one_by_one: Vec<Option<u32>> = std::iter::once(Some(u32::MAX))
            .chain(keys.iter().map(|k| index.get(k)))
            .collect();
        assert_eq!(found, one_by_one);
        assert!(found.iter().filter(|f| f.is_none()).count() > 500);
        let mut none = Vec::new();
        AddressIndex::default().get_all(["a", "b"].into_iter(), &mut none);
        assert_eq!(none, vec![None, None]);
    }

    #[test]
    fn a_slot_is_one_cache_line() {
        assert_eq!(std::mem::size_of::<Slot>(), 64);
    }
}
