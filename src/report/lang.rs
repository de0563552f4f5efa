//! The language of what a steering committee reads (the pictures' captions and report.html):
//! English or French (`--lang`). Numbers follow the language too: `4,440.5` in English,
//! `4 440,5` in French (narrow no-break space, decimal comma), so a figure pasted into a French
//! deck looks French. The CSV and JSON files stay language-neutral.

use crate::privacy::groups::{OTHER, SUPPRESSED};

/// Language of the captions and of report.html.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Picks the text of this language.
    ///
    /// ```
    /// use siloscope::report::Lang;
    /// assert_eq!(Lang::Fr.pick("people", "personnes"), "personnes");
    /// ```
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// The label of a reported group: the merged and suppressed groups in this language, other
    /// names as they are.
    ///
    /// ```
    /// use siloscope::report::Lang;
    /// assert_eq!(Lang::Fr.group("other (small groups)"), "autres (petits groupes)");
    /// assert_eq!(Lang::Fr.group("Ventes"), "Ventes");
    /// ```
    pub fn group(self, name: &str) -> &str {
        match (self, name) {
            (Lang::Fr, OTHER) => "autres (petits groupes)",
            (Lang::Fr, SUPPRESSED) => "(masqué)",
            _ => name,
        }
    }

    /// The BCP 47 code (`en`, `fr`), for `<html lang>`.
    pub fn code(self) -> &'static str {
        self.pick("en", "fr")
    }

    /// A whole number with thousands separators.
    ///
    /// ```
    /// use siloscope::report::Lang;
    /// assert_eq!(Lang::En.int(4440), "4,440");
    /// assert_eq!(Lang::Fr.int(4440), "4\u{202f}440");
    /// ```
    pub fn int(self, x: u64) -> String {
        let digits = x.to_string();
        let sep = self.pick(",", "\u{202f}");
        let mut out = String::with_capacity(digits.len() + 4);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// A number with `digits` decimals (and thousands separators); a sign is kept when `signed`.
    ///
    /// ```
    /// use siloscope::report::Lang;
    /// assert_eq!(Lang::En.num(-0.9213, 2, false), "-0.92");
    /// assert_eq!(Lang::Fr.num(1234.56, 1, false), "1\u{202f}234,6");
    /// assert_eq!(Lang::En.num(0.5, 2, true), "+0.50");
    /// ```
    pub fn num(self, x: f64, digits: usize, signed: bool) -> String {
        let text = format!("{:.*}", digits, x.abs());
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let whole = self.int(whole.parse().unwrap_or(0));
        let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
        let sign = if negative {
            "-"
        } else if signed {
            "+"
        } else {
            ""
        };
        if frac.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{}{frac}", self.pick(".", ","))
        }
    }
}

/// `format!` of the English or of the French text, with the same arguments.
macro_rules! tr {
    ($lang:expr, $en:literal, $fr:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::report::Lang::En => format!($en $(, $arg)*),
            $crate::report::Lang::Fr => format!($fr $(, $arg)*),
        }
    };
}

/// `writeln!` into `md` of the English or of the French text.
macro_rules! say {
    ($md:expr, $lang:expr, $en:literal, $fr:literal $(, $arg:expr)* $(,)?) => {{
        let text = $crate::report::lang::tr!($lang, $en, $fr $(, $arg)*);
        let _ = writeln!($md, "{text}");
    }};
}

pub(crate) use say;
pub(crate) use tr;
