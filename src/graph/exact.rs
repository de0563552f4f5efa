//! Order-independent tie weights. A message to k recipients adds 1/k to each tie; summing those
//! shares as floats would make the last bits of a weight depend on the order of the rows. Shares
//! are integers over one common denominator D instead, so sums are exact and associative, and
//! each total is rounded once to the nearest `f64`.
//!
//! D = lcm(1..=max_recipients) when that leaves at least 2^48 messages of headroom per tie (up
//! to k = 56): every share is then exact. Beyond, D = 2^64 and shares are rounded to the nearest
//! 2^-64, still order-independent, with an error below one part in 10^19 per share.

use crate::graph::channels::WEIGHT_UNITS;

/// The common denominator of all shares, and the share of each recipient count.
#[derive(Debug, Clone)]
pub struct Shares {
    denominator: u128,
    by_count: Vec<u128>,
    exact: bool,
}

const HEADROOM_BITS: u32 = 48;

impl Shares {
    /// Shares for messages of 1 to `max_recipients` recipients.
    pub fn new(max_recipients: usize) -> Shares {
        let mut lcm: Option<u128> = Some(1);
        for k in 1..=max_recipients as u128 {
            lcm = lcm.and_then(|l| l.checked_mul(k / gcd(l, k)));
        }
        let limit = 1u128 << (128 - HEADROOM_BITS);
        let (denominator, exact) = match lcm {
            Some(l) if l <= limit => (l, true),
            _ => (1u128 << 64, false),
        };
        let by_count = (0..=max_recipients as u128)
            .map(|k| (denominator + k / 2).checked_div(k).unwrap_or(0))
            .collect();
        Shares {
            denominator,
            by_count,
            exact,
        }
    }

    /// The units of a tie input's weights (10^-[`crate::ingest::ties::TIE_DECIMALS`]): a
    /// "share" denominator such that [`Shares::to_f64`] divides by 10^12.
    pub fn for_tie_decimals() -> Shares {
        let units = 10u128.pow(crate::ingest::ties::TIE_DECIMALS);
        Shares {
            denominator: units / u128::from(WEIGHT_UNITS),
            by_count: Vec::new(),
            exact: true,
        }
    }

    /// The units of a tie input's weights each multiplied by its channel's weight in
    /// thousandths ([`Weighting::tie_units`](crate::graph::Weighting::tie_units)): 10^-12 ×
    /// 1/1000, so that a weight times a channel weight of 0.5 stays exact.
    pub fn for_weighted_ties() -> Shares {
        Shares {
            denominator: 10u128.pow(crate::ingest::ties::TIE_DECIMALS),
            by_count: Vec::new(),
            exact: true,
        }
    }

    /// The share 1/k, in units of 1/D. `k` must be between 1 and `max_recipients`.
    pub fn share(&self, k: usize) -> u128 {
        self.by_count[k]
    }

    /// True when every share is exact.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// A sum of shares, each multiplied by its message's weight in units of 1/1000
    /// ([`crate::graph::channels::WEIGHT_UNITS`]), as the nearest `f64`.
    pub fn to_f64(&self, units: u128) -> f64 {
        ratio_to_f64(units, self.denominator * u128::from(WEIGHT_UNITS))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `num / den` correctly rounded to the nearest `f64` (ties to even), as Python's
/// `float(Fraction(num, den))`. Requires `den < 2^127`. Long division produces at least 66
/// significant bits, the rest of the remainder is a sticky bit. The division takes as many
/// quotient bits a step as the remainder has room for (den's leading zeros: 47 for the shares
/// of 50 recipients), so two or three steps instead of one per bit; correct rounding is
/// unique, so the result does not depend on how many bits past 66 a step produces.
/// O(1): at most ⌈(66 + log₂(den / num)) / lz(den)⌉ + 1 divisions (two or three for the sums
/// of tie shares).
pub fn ratio_to_f64(num: u128, den: u128) -> f64 {
    debug_assert!(den > 0 && den < (1u128 << 127));
    if num == 0 {
        return 0.0;
    }
    let mut mantissa = num / den;
    let mut remainder = num % den;
    let mut exponent: i32 = 0;
    // remainder < den, so shifting it by den's leading zeros cannot overflow
    let room = den.leading_zeros();
    while mantissa < (1u128 << 65) {
        let need = 66 - (128 - mantissa.leading_zeros());
        let step = need.min(room);
        remainder <<= step;
        mantissa = (mantissa << step) | (remainder / den);
        remainder %= den;
        exponent -= step as i32;
    }
    round_to_f64(mantissa, remainder != 0, exponent)
}

/// mantissa · 2^exponent, plus less than one unit of the mantissa's last bit when `sticky`,
/// rounded to the nearest f64 (ties to even). The mantissa has at least 66 bits.
fn round_to_f64(mantissa: u128, sticky: bool, exponent: i32) -> f64 {
    let bits = 128 - mantissa.leading_zeros();
    let shift = bits - 53;
    let mut kept = mantissa >> shift;
    let dropped = mantissa & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    if dropped > half || (dropped == half && (sticky || kept & 1 == 1)) {
        kept += 1;
    }
    let mut exponent = exponent + shift as i32;
    if kept == 1u128 << 53 {
        kept >>= 1;
        exponent += 1;
    }
    kept as f64 * 2f64.powi(exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_a_correct_division() {
        assert_eq!(ratio_to_f64(1, 3), 1.0 / 3.0);
        assert_eq!(ratio_to_f64(2, 3), 2.0 / 3.0);
        assert_eq!(ratio_to_f64(10, 4), 2.5);
        assert_eq!(ratio_to_f64(7, 1), 7.0);
        // 1/3 + 1/3 + 1/3 summed as floats is 1.0 here, but 0.1 three times is not 0.3:
        // the exact route gives 3/10 rounded once.
        assert_eq!(ratio_to_f64(3, 10), 0.3);
        assert_ne!(0.1 + 0.1 + 0.1, 0.3);
        // a value whose 54th bit is a tie: (2^53 + 1) / 1 rounds to even
        assert_eq!(ratio_to_f64((1u128 << 53) + 1, 1), (1u128 << 53) as f64);
        assert_eq!(
            ratio_to_f64((1u128 << 53) + 3, 1),
            ((1u128 << 53) + 4) as f64
        );
        for k in 1..=50u128 {
            for n in [1u128, 2, 7, 1000, 123_456_789] {
                assert_eq!(ratio_to_f64(n, k), n as f64 / k as f64, "{n}/{k}");
            }
        }
    }

    /// The bit-by-bit long division this module used before (same rounding): the fast one
    /// must agree.
    fn one_bit_at_a_time(num: u128, den: u128) -> f64 {
        if num == 0 {
            return 0.0;
        }
        let mut mantissa = num / den;
        let mut remainder = num % den;
        let mut exponent: i32 = 0;
        while mantissa < (1u128 << 65) {
            remainder <<= 1;
            mantissa <<= 1;
            exponent -= 1;
            if remainder >= den {
                remainder -= den;
                mantissa |= 1;
            }
        }
        round_to_f64(mantissa, remainder != 0, exponent)
    }

    #[test]
    fn several_bits_a_step_round_as_one_bit_a_step() {
        let mut state = 3u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state
        };
        let shares = Shares::new(50);
        let dens = [
            1u128,
            3,
            10,
            (1u128 << 126) + 12345,
            (1u128 << 64) - 1,
            shares.denominator * u128::from(WEIGHT_UNITS),
        ];
        for &den in &dens {
            for _ in 0..20_000 {
                let wide = (u128::from(next()) << 64) | u128::from(next());
                let num = wide >> (next() % 128);
                assert_eq!(
                    ratio_to_f64(num, den).to_bits(),
                    one_bit_at_a_time(num, den).to_bits(),
                    "{num}/{den}"
                );
            }
        }
    }

    #[test]
    fn shares_are_exact_up_to_fifty_recipients() {
        // shares are summed times their message's weight in thousandths (1 = 1000)
        let w = u128::from(WEIGHT_UNITS);
        let s = Shares::new(50);
        assert!(s.is_exact());
        let third = s.share(3);
        assert_eq!(s.to_f64(third * 3 * w), 1.0);
        let sum: u128 = (1..=50).map(|k| s.share(k) * w).sum();
        let harmonic: f64 = s.to_f64(sum);
        assert!((harmonic - 4.499_205_338_329_425).abs() < 1e-15);
        // a weight of 0.5 on a third: 1/6
        assert_eq!(s.to_f64(third * 500), 1.0 / 6.0);
        assert!(!Shares::new(200).is_exact());
        let big = Shares::new(200);
        assert_eq!(big.to_f64(big.share(200) * 200 * w), 1.0);
    }
}
