//! How messages become tie weights (DESIGN.md, "The graph"): a message from s to k recipients
//! adds 1/k to each directed tie s→r (a broadcast is not k strong ties); k counts the distinct
//! recipients other than s, external ones included; messages with more than `max_recipients`
//! are left out, and so are self-messages and messages from outside the directory.

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

/// Sums the 1/k shares of every directed tie, exactly (see [`crate::graph::exact`]), so that
/// the weights do not depend on the order of the rows.
#[derive(Debug, Clone)]
pub struct TieAccumulator {
    weighting: Weighting,
    shares: Shares,
    /// Key `(low << 32) | high` with `low < high`; value: (low→high, high→low) in units of
    /// 1/(1000·D) (a share times its message's channel weight in thousandths).
    ties: FxHashMap<u64, (u128, u128)>,
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
            ties: FxHashMap::default(),
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
    pub fn memory_shortfall(&self) -> Option<crate::graph::memory::Shortfall> {
        let available = self.memory_budget?;
        self.over_budget.then(|| crate::graph::memory::Shortfall {
            people: self.people,
            ties_at_least: self.ties.len(),
            needed: crate::graph::memory::peak_bytes(self.people, self.ties.len() + 1),
            available,
        })
    }

    /// The running sums of the tie `key`, or `None` when it is new and the memory budget is
    /// spent. O(1) expected.
    fn slot(&mut self, key: u64) -> Option<&mut (u128, u128)> {
        if self.ties.len() >= self.max_ties && !self.ties.contains_key(&key) {
            self.over_budget = true;
            return None;
        }
        Some(self.ties.entry(key).or_default())
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
            let (lo, hi) = if s < r { (s, r) } else { (r, s) };
            let Some(slot) = self.slot(((lo as u64) << 32) | hi as u64) else {
                continue;
            };
            if s == lo {
                slot.0 += share;
            } else {
                slot.1 += share;
            }
        }
    }

    /// Adds one directed tie of a tie input (a Viva Insights query, a tie list): its weight as
    /// read times its channel's ([`Weighting::tie_units`]). Ties and messages cannot be mixed
    /// in one run ([`Self::is_mixed`]). O(1) expected.
    pub fn add_tie(&mut self, tie: &WeightedTie<'_>) {
        if !self.tie_input {
            self.mixed |= self.messages_seen > 0;
            self.tie_input = true;
            self.ties.clear();
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
        let (s, r) = (tie.source, tie.target);
        let (lo, hi) = if s < r { (s, r) } else { (r, s) };
        let Some(slot) = self.slot(((lo as u64) << 32) | hi as u64) else {
            return;
        };
        if s == lo {
            slot.0 += units;
        } else {
            slot.1 += units;
        }
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
    pub fn tie_count(&self) -> usize {
        self.ties.len()
    }

    /// The ties sorted by (low, high), with exact sums, and the shares to convert them.
    pub fn into_sorted(self) -> (Vec<ExactTie>, Shares, WeightingCounts) {
        let mut ties: Vec<ExactTie> = self
            .ties
            .into_iter()
            .map(|(key, (a, b))| ((key >> 32) as u32, key as u32, a, b))
            .collect();
        // keys are unique, so the unstable parallel sort has one result
        ties.par_sort_unstable_by_key(|t| (t.0, t.1));
        (ties, self.shares, self.counts)
    }
}

impl Collector for TieAccumulator {
    fn begin(&mut self, directory: &crate::ingest::Directory) {
        self.people = directory.people().len();
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
}
