//! How messages become tie weights (DESIGN.md, "The graph"): a message from s to k recipients
//! adds 1/k to each directed tie s→r (a broadcast is not k strong ties); k counts the distinct
//! recipients other than s, external ones included; messages with more than `max_recipients`
//! are left out, and so are self-messages and messages from outside the directory.

use std::collections::hash_map::Entry;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::graph::channels::ChannelWeights;
use crate::graph::exact::Shares;
use crate::graph::period::Period;
use crate::ingest::{Collector, Message, Sender, WeightedTie};

/// The weighting options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weighting {
    /// Messages with more recipients than this are broadcasts, left out (default 50).
    pub max_recipients: usize,
    /// Which channels count, and how much (`--channel`, `--weight`).
    pub channels: ChannelWeights,
    /// The period analysed (`--since`, `--until`), or every message.
    pub period: Option<Period>,
}

impl Default for Weighting {
    fn default() -> Self {
        Weighting {
            max_recipients: 50,
            channels: ChannelWeights::default(),
            period: None,
        }
    }
}

/// Why a message adds no weight (the period aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unused {
    /// From an address outside the directory.
    FromExternal,
    /// Of a channel `--channel` leaves out.
    OtherChannel,
    /// Lists no recipient at all.
    NoRecipientListed,
    /// Its only recipient is the sender.
    SelfMessage,
    /// More recipients than `max_recipients`.
    Broadcast,
    /// Every recipient is outside the directory.
    OnlyExternalRecipients,
}

impl Weighting {
    /// The rule of DESIGN.md applied to one message (the period aside): its sender and the
    /// share each of its recipients in the directory receives, in units of `shares` (1/k times
    /// the channel's weight), or why it adds nothing. Every collector of weights goes through
    /// it, so that they all count the same messages. O(1).
    pub fn weigh(&self, shares: &Shares, message: &Message<'_>) -> Result<(u32, u128), Unused> {
        let Sender::Person(s) = message.sender else {
            return Err(Unused::FromExternal);
        };
        let Some(units) = self.channels.units_of(message.channel) else {
            return Err(Unused::OtherChannel);
        };
        let k = message.recipient_count;
        if message.no_recipient_listed {
            return Err(Unused::NoRecipientListed);
        }
        if k == 0 {
            return Err(Unused::SelfMessage);
        }
        if k > self.max_recipients {
            return Err(Unused::Broadcast);
        }
        if message.recipients.is_empty() {
            return Err(Unused::OnlyExternalRecipients);
        }
        Ok((s, shares.share(k) * u128::from(units)))
    }

    /// The weight one tie of a tie input adds, in units of [`Shares::for_weighted_ties`]: its
    /// weight times its channel's (`--weight`; a tie of no channel weighs 1), or why it adds
    /// nothing (its channel left out by `--channel`). O(channels).
    pub fn tie_units(&self, tie: &WeightedTie<'_>) -> Result<u128, Unused> {
        let units = match tie.channel {
            None => crate::graph::channels::WEIGHT_UNITS,
            Some(channel) => self
                .channels
                .units_of(channel)
                .ok_or(Unused::OtherChannel)?,
        };
        Ok(tie.units * u128::from(units))
    }
}

/// What happened to the messages, by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeightingCounts {
    /// Messages that added weight (at least one recipient in the directory).
    pub used: u64,
    /// Messages whose only recipient is the sender: dropped.
    pub self_messages: u64,
    /// Messages that list no recipient at all: dropped.
    pub without_recipients: u64,
    /// Messages to more than `max_recipients` people: left out.
    pub broadcasts: u64,
    /// Messages from an address outside the directory: they add nothing.
    pub from_external: u64,
    /// Messages from a person whose recipients are all outside the directory.
    pub only_external_recipients: u64,
    /// Messages of a channel that `--channel` leaves out.
    pub other_channels: u64,
    /// Rows of a tie input that added weight.
    pub tie_rows_used: u64,
    /// Messages (or tie rows) dated outside the period asked for: left out.
    pub outside_period: u64,
    /// Messages (or tie rows) without a date, when a period is asked for: left out.
    pub undated: u64,
}

impl WeightingCounts {
    /// "1428 outside the period, 0 undated, " when the period left messages out, else "": the
    /// head of every list of what was left out.
    pub fn period_left_out(&self) -> String {
        if self.outside_period + self.undated == 0 {
            return String::new();
        }
        format!(
            "{} outside the period, {} undated, ",
            self.outside_period, self.undated
        )
    }
}

/// A tie as `(low, high, low→high, high→low)`, weights in units of the shares' denominator.
pub type ExactTie = (u32, u32, u128, u128);

/// Directed shares waiting to be summed into a partition's ties: flushing a partition's buffer
/// at once keeps its map in cache, where adding each share straight into one map of every tie
/// (hundreds of MB at 50,000 people) missed the cache on nearly every recipient.
const PENDING_PER_PARTITION: usize = 512;

/// At most this many partitions: their buffers' tails stay in the L1 cache while messages come.
const MAX_PARTITION_BITS: u32 = 8;

/// One directed share `s→r` (key `(s << 32) | r`), the u128 split so that it packs in 24 bytes.
#[derive(Debug, Clone, Copy)]
struct PendingShare {
    directed: u64,
    share_low: u64,
    share_high: u64,
}

/// The ties whose low end falls in one range of people ids (`low >> shift`), and the shares
/// not yet added to them.
#[derive(Debug, Clone, Default)]
struct Partition {
    pending: Vec<PendingShare>,
    /// Key `(low << 32) | high` with `low < high`; value: (low→high, high→low) in units of
    /// 1/(1000·D) (a share times its message's channel weight in thousandths).
    ties: FxHashMap<u64, (u128, u128)>,
}

/// Sums the 1/k shares of every directed tie, exactly (see [`crate::graph::exact`]), so that
/// the weights do not depend on the order of the rows.
///
/// Ties are radix-partitioned by their low end (at most 2^8 ranges of ids, set from the
/// directory's size): a share goes first to a short buffer of its partition, and a full buffer
/// is summed into that partition's map, a map small enough for the cache (the partitioned
/// aggregation of Manegold, Boncz and Kersten, "Optimizing main-memory join on modern
/// hardware", IEEE TKDE 14(4), 2002). The sums are exact integers, so the order of the
/// additions changes nothing. O(1) amortized a share; in [`Self::into_sorted`] each partition
/// sorts into its own range of the one list, the ranges in the order of the low ends.
#[derive(Debug, Clone)]
pub struct TieAccumulator {
    weighting: Weighting,
    shares: Shares,
    /// Partition `i` holds the ties whose low end `l` has `l >> shift == i`.
    partitions: Vec<Partition>,
    shift: u32,
    /// Distinct ties summed into the partitions' maps (pending shares not counted).
    summed_ties: usize,
    counts: WeightingCounts,
    /// True once a tie input's weights were added: units are then 10^-12.
    tie_input: bool,
    /// True when messages and tie weights were both given (their units cannot be summed).
    mixed: bool,
    /// Messages handed to [`TieAccumulator::add`], whatever became of them.
    messages_seen: u64,
    /// The memory the run may use, in bytes (`None`: no limit).
    memory_budget: Option<u64>,
    /// The most ties that fit in the budget, once the directory is known.
    max_ties: usize,
    /// True once a new tie was left out because the budget was spent: the run is refused.
    over_budget: bool,
    /// People of the directory.
    people: usize,
}

impl TieAccumulator {
    /// An empty accumulator.
    pub fn new(weighting: Weighting) -> TieAccumulator {
        TieAccumulator {
            shares: Shares::new(weighting.max_recipients),
            weighting,
            // one partition until the directory's size is known
            partitions: Vec::new(),
            shift: 32,
            summed_ties: 0,
            counts: WeightingCounts::default(),
            tie_input: false,
            mixed: false,
            messages_seen: 0,
            memory_budget: None,
            max_ties: usize::MAX,
            over_budget: false,
            people: 0,
        }
    }

    /// Keeps the ties within `bytes` of memory ([`crate::graph::memory`]): past the budget no
    /// new tie is added (the map stops growing) and [`Self::memory_shortfall`] says so.
    pub fn with_memory_budget(mut self, bytes: Option<u64>) -> TieAccumulator {
        self.memory_budget = bytes;
        self
    }

    /// When the ties did not fit in the memory budget: what was needed and what is available.
    pub fn memory_shortfall(&mut self) -> Option<crate::graph::memory::Shortfall> {
        let available = self.memory_budget?;
        self.flush_all();
        self.over_budget.then(|| crate::graph::memory::Shortfall {
            people: self.people,
            ties_at_least: self.summed_ties,
            needed: crate::graph::memory::peak_bytes(self.people, self.summed_ties + 1),
            available,
        })
    }

    /// Sizes the partitions for `people` ids (about people / 2^8 ids a partition, so that
    /// there are at most 2^8 of them), unless shares were already queued.
    fn partition_for(&mut self, people: usize) {
        self.people = people;
        if self.partitions.is_empty() {
            let id_bits = usize::BITS - people.saturating_sub(1).leading_zeros();
            self.shift = id_bits.saturating_sub(MAX_PARTITION_BITS);
        }
    }

    /// Queues the directed share `s→r`; sums its partition's queue when full. O(1) amortized.
    fn push(&mut self, s: u32, r: u32, share: u128) {
        let index = (s.min(r) as u64 >> self.shift) as usize;
        if index >= self.partitions.len() {
            self.partitions.resize_with(index + 1, Partition::default);
        }
        // the buffer grows by doubling to exactly PENDING_PER_PARTITION (a power of two), and
        // draining it keeps that capacity
        let partition = &mut self.partitions[index];
        partition.pending.push(PendingShare {
            directed: ((s as u64) << 32) | r as u64,
            share_low: share as u64,
            share_high: (share >> 64) as u64,
        });
        if partition.pending.len() == PENDING_PER_PARTITION {
            self.flush(index);
        }
    }

    /// Sums partition `index`'s queued shares into its ties; a new tie past the memory budget
    /// is left out and marks the run as over budget. O(queued) expected.
    fn flush(&mut self, index: usize) {
        let partition = &mut self.partitions[index];
        for pending in partition.pending.drain(..) {
            let (s, r) = ((pending.directed >> 32) as u32, pending.directed as u32);
            let (lo, hi) = if s < r { (s, r) } else { (r, s) };
            let key = ((lo as u64) << 32) | hi as u64;
            let share = ((pending.share_high as u128) << 64) | pending.share_low as u128;
            let slot = match partition.ties.entry(key) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(_) if self.summed_ties >= self.max_ties => {
                    self.over_budget = true;
                    continue;
                }
                Entry::Vacant(new) => {
                    self.summed_ties += 1;
                    new.insert((0, 0))
                }
            };
            if s == lo {
                slot.0 += share;
            } else {
                slot.1 += share;
            }
        }
    }

    /// Sums every queued share: the counts and sums are then final.
    fn flush_all(&mut self) {
        for index in 0..self.partitions.len() {
            self.flush(index);
        }
    }

    /// Adds one message. O(recipients) expected.
    pub fn add(&mut self, message: &Message<'_>) {
        self.messages_seen += 1;
        if self.tie_input {
            self.mixed = true;
            return;
        }
        if !self.in_period(message.timestamp) {
            return;
        }
        let (s, share) = match self.weighting.weigh(&self.shares, message) {
            Ok(weighed) => weighed,
            Err(why) => {
                let counter = match why {
                    Unused::FromExternal => &mut self.counts.from_external,
                    Unused::OtherChannel => &mut self.counts.other_channels,
                    Unused::NoRecipientListed => &mut self.counts.without_recipients,
                    Unused::SelfMessage => &mut self.counts.self_messages,
                    Unused::Broadcast => &mut self.counts.broadcasts,
                    Unused::OnlyExternalRecipients => &mut self.counts.only_external_recipients,
                };
                *counter += 1;
                return;
            }
        };
        self.counts.used += 1;
        for &r in message.recipients {
            self.push(s, r, share);
        }
    }

    /// Adds one directed tie of a tie input (a Viva Insights query, a tie list): its weight as
    /// read times its channel's ([`Weighting::tie_units`]). Ties and messages cannot be mixed
    /// in one run ([`Self::is_mixed`]). O(1) expected.
    pub fn add_tie(&mut self, tie: &WeightedTie<'_>) {
        if !self.tie_input {
            self.mixed |= self.messages_seen > 0;
            self.tie_input = true;
            self.partitions.clear();
            self.summed_ties = 0;
            self.shares = Shares::for_weighted_ties();
        }
        if !self.in_period(tie.timestamp) {
            return;
        }
        let Ok(units) = self.weighting.tie_units(tie) else {
            self.counts.other_channels += 1;
            return;
        };
        self.counts.tie_rows_used += 1;
        self.push(tie.source, tie.target, units);
    }

    /// Whether a message (or tie row) dated `t` is in the period asked for; counts it when not.
    /// The period is the first reason a message is left out for.
    fn in_period(&mut self, t: Option<i64>) -> bool {
        let Some(period) = &self.weighting.period else {
            return true;
        };
        match t {
            Some(t) if period.contains(t) => true,
            Some(_) => {
                self.counts.outside_period += 1;
                false
            }
            None => {
                self.counts.undated += 1;
                false
            }
        }
    }

    /// True when both messages and tie weights were given: the run must be refused.
    pub fn is_mixed(&self) -> bool {
        self.mixed
    }

    /// The counts so far.
    pub fn counts(&self) -> WeightingCounts {
        self.counts
    }

    /// The weighting in use.
    pub fn weighting(&self) -> &Weighting {
        &self.weighting
    }

    /// Number of undirected ties so far.
    pub fn tie_count(&mut self) -> usize {
        self.flush_all();
        self.summed_ties
    }

    /// The ties sorted by (low, high), with exact sums, and the shares to convert them.
    /// O(T log(T / P)) for T ties in P partitions, the partitions sorted in parallel.
    pub fn into_sorted(mut self) -> (Vec<ExactTie>, Shares, WeightingCounts) {
        self.flush_all();
        let partitions = std::mem::take(&mut self.partitions);
        // each partition sorts its ties straight into its own range of the one list, and the
        // partitions are ranges of the low end in order: the list is sorted with no copy, and
        // the peak is that list and the maps not yet emptied
        let mut ties: Vec<ExactTie> = vec![(0, 0, 0, 0); self.summed_ties];
        let mut ranges = Vec::with_capacity(partitions.len());
        let mut rest = ties.as_mut_slice();
        for partition in partitions {
            let (range, after) = rest.split_at_mut(partition.ties.len());
            ranges.push((partition, range));
            rest = after;
        }
        ranges.into_par_iter().for_each(|(partition, range)| {
            for (slot, (key, (a, b))) in range.iter_mut().zip(partition.ties) {
                *slot = ((key >> 32) as u32, key as u32, a, b);
            }
            // keys are unique, so the unstable sort has one result
            range.sort_unstable_by_key(|t| (t.0, t.1));
        });
        (ties, self.shares, self.counts)
    }
}

impl Collector for TieAccumulator {
    fn begin(&mut self, directory: &crate::ingest::Directory) {
        self.partition_for(directory.people().len());
        if let Some(budget) = self.memory_budget {
            self.max_ties = crate::graph::memory::max_ties(budget, self.people);
        }
    }
    fn message(&mut self, message: &Message<'_>) {
        self.add(message);
    }
    fn tie(&mut self, tie: &WeightedTie<'_>) {
        self.add_tie(tie);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn self_message() -> Message<'static> {
        Message {
            timestamp: None,
            sender: Sender::Person(0),
            recipients: &[],
            recipient_count: 0,
            no_recipient_listed: false,
            channel: "email",
        }
    }

    const TIE: WeightedTie = WeightedTie {
        source: 0,
        target: 1,
        units: 5,
        timestamp: None,
        channel: None,
    };

    #[test]
    fn messages_and_ties_are_mixed_in_either_order_even_when_no_message_adds_weight() {
        let mut acc = TieAccumulator::new(Weighting::default());
        acc.add(&self_message());
        acc.add_tie(&TIE);
        assert!(acc.is_mixed());
        let mut acc = TieAccumulator::new(Weighting::default());
        acc.add_tie(&TIE);
        assert!(!acc.is_mixed());
        acc.add(&self_message());
        assert!(acc.is_mixed());
    }

    /// Messages from a seeded generator: repeated pairs in both directions, up to 4 recipients.
    fn messages(people: u32, count: usize) -> Vec<(u32, Vec<u32>)> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |bound: u32| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % bound as u64) as u32
        };
        (0..count)
            .map(|_| {
                let sender = next(people);
                let mut recipients: Vec<u32> = (0..1 + next(4)).map(|_| next(people)).collect();
                // as the readers give them: distinct, sorted, the sender removed
                recipients.sort_unstable();
                recipients.dedup();
                recipients.retain(|&r| r != sender);
                (sender, recipients)
            })
            .collect()
    }

    fn message_of(sender: u32, recipients: &[u32]) -> Message<'_> {
        Message::email(None, sender, recipients)
    }

    #[test]
    fn partitioned_sums_equal_one_map_of_every_tie_in_any_order() {
        let people = 3000;
        let log = messages(people, 20_000);
        let mut expected: std::collections::BTreeMap<(u32, u32), (u128, u128)> = Default::default();
        let mut acc = TieAccumulator::new(Weighting::default());
        acc.partition_for(people as usize);
        assert_eq!(acc.shift, 4);
        for (sender, recipients) in &log {
            let message = message_of(*sender, recipients);
            if let Ok((s, share)) = acc.weighting.weigh(&acc.shares, &message) {
                for &r in recipients {
                    let entry = expected.entry((s.min(r), s.max(r))).or_default();
                    if s < r {
                        entry.0 += share;
                    } else {
                        entry.1 += share;
                    }
                }
            }
            acc.add(&message);
        }
        let mut reversed = TieAccumulator::new(Weighting::default());
        for (sender, recipients) in log.iter().rev() {
            reversed.add(&message_of(*sender, recipients));
        }
        assert_eq!(acc.tie_count(), expected.len());
        assert!(
            acc.partitions.len() > 100,
            "{} partitions",
            acc.partitions.len()
        );
        let (ties, _, counts) = acc.into_sorted();
        let expected: Vec<ExactTie> = expected
            .into_iter()
            .map(|((l, h), (a, b))| (l, h, a, b))
            .collect();
        assert_eq!(ties, expected);
        assert_eq!(
            reversed.partitions.len(),
            1,
            "one partition before the directory is known"
        );
        assert_eq!(reversed.into_sorted().0, expected);
        assert_eq!(counts.used, 20_000 - counts.self_messages);
    }

    #[test]
    fn a_new_tie_past_the_budget_is_refused_and_known_ones_still_add_up() {
        let mut acc = TieAccumulator::new(Weighting::default()).with_memory_budget(Some(1 << 30));
        acc.partition_for(1000);
        acc.max_ties = 3;
        for (s, r) in [(0, 999), (999, 0), (1, 2), (500, 3)] {
            acc.add(&message_of(s, &[r]));
        }
        assert!(acc.memory_shortfall().is_none(), "three distinct ties fit");
        acc.add(&message_of(2, &[1]));
        assert!(
            acc.memory_shortfall().is_none(),
            "a known tie is no new one"
        );
        acc.add(&message_of(7, &[8]));
        let short = acc
            .memory_shortfall()
            .expect("a fourth distinct tie is over budget");
        assert_eq!((short.people, short.ties_at_least), (1000, 3));
        let (ties, _, _) = acc.into_sorted();
        let ends: Vec<(u32, u32)> = ties.iter().map(|t| (t.0, t.1)).collect();
        assert_eq!(ends, [(0, 999), (1, 2), (3, 500)]);
        assert_eq!(ties[0].2, ties[0].3, "0→999 and 999→0 both summed");
    }
}
