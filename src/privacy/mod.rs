//! Privacy: what the outputs may show. People appear under keyed pseudonyms (HMAC-SHA-256 of
//! their directory key), never by name or address, unless `--reveal-identities`; every group
//! figure is about at least the minimum group size (`--min-group-size`, default 5), smaller
//! groups being merged into "other (small groups)"; crosstab cells under that size are
//! suppressed with their complements; `--no-person-level` removes every person-level file and
//! names nobody. This folder is the whole protection, so that a works council's expert can
//! audit it in one place: the report stage only renders what [`view::View`] and
//! the findings hold.

pub mod changes;
pub mod crosstab;
pub mod findings;
pub mod groups;
pub mod pseudonyms;
pub mod sensitive;
pub mod view;

pub use crosstab::Crosstab;
pub use findings::Findings;
pub use groups::{OTHER, ReportingGroups, SUPPRESSED};
pub use pseudonyms::{Key, Pseudonyms};
pub use sensitive::sensitive_category;
pub use view::{Attribute, Disclosure, View};
