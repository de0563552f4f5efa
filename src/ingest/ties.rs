//! Inputs that are already tie weights (a Viva Insights person-to-person query, a tie list
//! given with `--ties`): each row a
//! directed tie with a decimal weight. Weights are read as exact fixed-point decimals with
//! [`TIE_DECIMALS`] digits (a longer fraction is rounded half to even, from its text), so that
//! their sums are exact and do not depend on the order of the rows.

use crate::ingest::messages::Message;

/// Digits kept after the decimal point of a tie weight.
pub const TIE_DECIMALS: u32 = 12;

/// One directed tie between two people of the directory, in units of 10^-[`TIE_DECIMALS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightedTie<'a> {
    /// The person the tie starts from.
    pub source: u32,
    /// The person it goes to.
    pub target: u32,
    /// The weight, in units of 10^-12.
    pub units: u128,
    /// When (the query's week, the tie list's day), Unix seconds.
    pub timestamp: Option<i64>,
    /// The channel, when the input names one (a tie list's `channel` column): `--channel`
    /// and `--weight` apply to it as to a message's. `None`: counted whatever `--channel`
    /// says, with weight 1.
    pub channel: Option<&'a str>,
}

/// Where ingest hands what it reads: messages, or (from tie inputs) weighted ties.
pub trait Collector {
    /// The directory, once read and before the first message: collectors that attribute
    /// messages to departments keep what they need of it.
    fn begin(&mut self, _directory: &crate::ingest::Directory) {}
    /// One message.
    fn message(&mut self, message: &Message<'_>);
    /// One directed tie of a tie input.
    fn tie(&mut self, tie: &WeightedTie<'_>);
}

impl<C: Collector + ?Sized> Collector for &mut C {
    fn begin(&mut self, directory: &crate::ingest::Directory) {
        (**self).begin(directory);
    }
    fn message(&mut self, message: &Message<'_>) {
        (**self).message(message);
    }
    fn tie(&mut self, tie: &WeightedTie<'_>) {
        (**self).tie(tie);
    }
}

/// Two collectors fed the same stream (the periods of a comparison, their day-by-day flows):
/// the inputs are read once whatever the number of collectors.
impl<A: Collector, B: Collector> Collector for (A, B) {
    fn begin(&mut self, directory: &crate::ingest::Directory) {
        self.0.begin(directory);
        self.1.begin(directory);
    }
    fn message(&mut self, message: &Message<'_>) {
        self.0.message(message);
        self.1.message(message);
    }
    fn tie(&mut self, tie: &WeightedTie<'_>) {
        self.0.tie(tie);
        self.1.tie(tie);
    }
}

/// Any number of collectors of one kind fed the same stream.
impl<C: Collector> Collector for Vec<C> {
    fn begin(&mut self, directory: &crate::ingest::Directory) {
        self.iter_mut().for_each(|c| c.begin(directory));
    }
    fn message(&mut self, message: &Message<'_>) {
        self.iter_mut().for_each(|c| c.message(message));
    }
    fn tie(&mut self, tie: &WeightedTie<'_>) {
        self.iter_mut().for_each(|c| c.tie(tie));
    }
}

/// A non-negative decimal (`0.5`, `12`, `3.141592653589793`, `1,5` with a decimal comma) in
/// units of 10^-12; `None` for anything else (a sign, an exponent, text, an empty field).
pub fn decimal_units(text: &str) -> Option<u128> {
    let t = text.trim();
    let (int, frac) = match t.find(['.', ',']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 20
    {
        return None;
    }
    let scale = 10u128.pow(TIE_DECIMALS);
    let int_units = if int.is_empty() {
        0
    } else {
        int.parse::<u128>().ok()?.checked_mul(scale)?
    };
    let digits = frac.as_bytes();
    let kept = digits.len().min(TIE_DECIMALS as usize);
    let mut frac_units: u128 = 0;
    for &d in &digits[..kept] {
        frac_units = frac_units * 10 + u128::from(d - b'0');
    }
    for _ in kept..TIE_DECIMALS as usize {
        frac_units *= 10;
    }
    if digits.len() > kept {
        // round half to even on the dropped digits
        let first = digits[kept];
        let rest_nonzero = digits[kept + 1..].iter().any(|&d| d != b'0');
        let round_up = first > b'5' || (first == b'5' && (rest_nonzero || frac_units % 2 == 1));
        if round_up {
            frac_units += 1;
        }
    }
    int_units.checked_add(frac_units)
}

/// A collector of messages only, for the unit tests of the readers (a tie is a bug there).
#[cfg(test)]
pub(crate) struct MessagesOnly<F>(pub F);

#[cfg(test)]
impl<F: FnMut(&Message<'_>)> Collector for MessagesOnly<F> {
    fn message(&mut self, message: &Message<'_>) {
        (self.0)(message);
    }
    fn tie(&mut self, _: &WeightedTie<'_>) {
        unreachable!("the reader under test gave a tie");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact_units() {
        let one = 10u128.pow(TIE_DECIMALS);
        assert_eq!(decimal_units("1"), Some(one));
        assert_eq!(decimal_units("0.5"), Some(one / 2));
        assert_eq!(decimal_units("1,25"), Some(one + one / 4));
        assert_eq!(decimal_units(".1"), Some(one / 10));
        assert_eq!(decimal_units("0.0000000000005"), Some(0)); // half to even
        assert_eq!(decimal_units("0.0000000000015"), Some(2));
        assert_eq!(decimal_units("0.00000000000051"), Some(1));
        assert_eq!(decimal_units("-1"), None);
        assert_eq!(decimal_units("1e3"), None);
        assert_eq!(decimal_units(""), None);
        assert_eq!(decimal_units("NaN"), None);
    }
}
