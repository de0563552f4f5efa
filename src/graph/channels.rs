//! Channels in the weighting: `--channel email,chat` keeps some channels only, and
//! `--weight email=1,chat=0.5,meeting=2` weighs a message of each channel (default 1). A
//! message of weight w to k recipients adds w/k to each tie. Weights have at most three
//! decimals and are kept as integers over 1000, so that tie weights stay exact sums and do not
//! depend on the order of the rows.

use std::fmt;

/// Weights are integers in units of 1/1000.
pub const WEIGHT_UNITS: u32 = 1000;

/// The channel rule of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelWeights {
    /// Channels kept (lowercase), or every channel.
    keep: Option<Vec<String>>,
    /// Weights other than 1, in units of 1/1000, by channel (lowercase), sorted by channel.
    weights: Vec<(String, u32)>,
}

impl ChannelWeights {
    /// Reads `--channel` (a comma-separated list, or none) and `--weight` (`name=number`
    /// items, comma-separated).
    pub fn parse(keep: Option<&str>, weights: Option<&str>) -> Result<ChannelWeights, String> {
        let keep = match keep {
            None => None,
            Some(list) => {
                let mut names: Vec<String> = list
                    .split(',')
                    .map(|c| c.trim().to_lowercase())
                    .filter(|c| !c.is_empty())
                    .collect();
                if names.is_empty() {
                    return Err(
                        "--channel: name at least one channel, e.g. --channel email,chat".into(),
                    );
                }
                names.sort();
                names.dedup();
                Some(names)
            }
        };
        let mut parsed: Vec<(String, u32)> = Vec::new();
        for item in weights
            .unwrap_or("")
            .split(',')
            .filter(|i| !i.trim().is_empty())
        {
            let Some((name, value)) = item.split_once('=') else {
                return Err(format!(
                    "--weight {item}: expected CHANNEL=WEIGHT, e.g. --weight email=1,chat=0.5,meeting=2"
                ));
            };
            let name = name.trim().to_lowercase();
            let units = parse_thousandths(value.trim())
                .ok_or_else(|| format!("--weight {item}: the weight must be a positive number with at most 3 decimals, at most 1000 (e.g. 0.5)"))?;
            if parsed.iter().any(|(n, _)| *n == name) {
                return Err(format!("--weight: channel '{name}' is given twice"));
            }
            parsed.push((name, units));
        }
        parsed.sort();
        parsed.retain(|(_, w)| *w != WEIGHT_UNITS);
        Ok(ChannelWeights {
            keep,
            weights: parsed,
        })
    }

    /// The weight of a message of `channel` in units of 1/1000, or `None` when `--channel`
    /// leaves the channel out.
    pub fn units_of(&self, channel: &str) -> Option<u32> {
        if let Some(keep) = &self.keep
            && !keep.iter().any(|c| c.eq_ignore_ascii_case(channel))
        {
            return None;
        }
        Some(
            self.weights
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(channel))
                .map_or(WEIGHT_UNITS, |&(_, w)| w),
        )
    }

    /// True when every channel is kept with weight 1.
    pub fn is_default(&self) -> bool {
        self.keep.is_none() && self.weights.is_empty()
    }

    /// The channels kept, if `--channel` restricts them.
    pub fn kept(&self) -> Option<&[String]> {
        self.keep.as_deref()
    }

    /// The weights other than 1, as `(channel, weight)`.
    pub fn weights(&self) -> Vec<(String, f64)> {
        self.weights
            .iter()
            .map(|(c, w)| (c.clone(), f64::from(*w) / f64::from(WEIGHT_UNITS)))
            .collect()
    }
}

/// The words of the rule in one language.
struct RuleWords {
    alike: &'static str,
    only: &'static str,
    weighs: &'static str,
    others: &'static str,
    separator: &'static str,
}

impl ChannelWeights {
    fn in_words(&self, words: &RuleWords) -> String {
        if self.is_default() {
            return words.alike.to_string();
        }
        let mut parts = Vec::new();
        if let Some(keep) = &self.keep {
            parts.push(format!("{} {}", words.only, keep.join(", ")));
        }
        if !self.weights.is_empty() {
            let w: Vec<String> = self
                .weights()
                .iter()
                .map(|(c, w)| format!("{c} x{w}"))
                .collect();
            parts.push(format!(
                "{} {} ({})",
                words.weighs,
                w.join(", "),
                words.others
            ));
        }
        parts.join(words.separator)
    }

    /// The rule in French, for summary.md under `--lang fr`.
    pub fn french(&self) -> String {
        self.in_words(&RuleWords {
            alike: "tous les canaux comptent de même",
            only: "seulement les canaux",
            weighs: "un message pèse",
            others: "autres canaux x1",
            separator: " ; ",
        })
    }
}

impl fmt::Display for ChannelWeights {
    /// The rule in words, for the printed weighting rule.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_words(&RuleWords {
            alike: "every channel counts alike",
            only: "only the channels",
            weighs: "a message weighs",
            others: "other channels x1",
            separator: "; ",
        }))
    }
}

/// `0.5` → 500, `2` → 2000, `1.125` → 1125; `None` for more than three decimals, zero,
/// negative numbers or more than 1000.
fn parse_thousandths(text: &str) -> Option<u32> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 3 || int.len() > 4 {
        return None;
    }
    let int: u32 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut frac_units: u32 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..3 {
        frac_units *= 10;
    }
    let units = int * WEIGHT_UNITS + frac_units;
    (units > 0 && units <= 1000 * WEIGHT_UNITS).then_some(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_exact_thousandths() {
        assert_eq!(parse_thousandths("0.5"), Some(500));
        assert_eq!(parse_thousandths("2"), Some(2000));
        assert_eq!(parse_thousandths("1.125"), Some(1125));
        assert_eq!(parse_thousandths(".25"), Some(250));
        assert_eq!(parse_thousandths("0.0005"), None);
        assert_eq!(parse_thousandths("0"), None);
        assert_eq!(parse_thousandths("-1"), None);
        assert_eq!(parse_thousandths("1e3"), None);
        assert_eq!(parse_thousandths("1001"), None);
    }

    #[test]
    fn channels_kept_and_weighed() {
        let c =
            ChannelWeights::parse(Some("Email, chat"), Some("chat=0.5,meeting=2,email=1")).unwrap();
        assert_eq!(c.units_of("email"), Some(1000));
        assert_eq!(c.units_of("CHAT"), Some(500));
        assert_eq!(c.units_of("meeting"), None);
        assert_eq!(
            c.to_string(),
            "only the channels chat, email; a message weighs chat x0.5, meeting x2 (other channels x1)"
        );
        let d = ChannelWeights::parse(None, None).unwrap();
        assert!(d.is_default());
        assert_eq!(d.units_of("anything"), Some(1000));
        assert!(ChannelWeights::parse(None, Some("chat")).is_err());
        assert!(ChannelWeights::parse(None, Some("chat=1,chat=2")).is_err());
        assert!(ChannelWeights::parse(Some(" , "), None).is_err());
    }
}
