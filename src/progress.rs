//! Progress reporting without a terminal dependency: stages report through [`Progress`], the
//! binary draws bars (indicatif), tests and library users pass [`NoProgress`].

/// Receives progress from long stages. Implementations must be cheap: stages call `inc` in
/// batches (every 65,536 rows, or once per chunk of sources).
pub trait Progress: Send + Sync {
    /// A stage starts; `len` is the amount of work, or 0 when unknown (a spinner).
    fn start(&self, stage: &str, len: u64);
    /// `n` more units of work are done.
    fn inc(&self, n: u64);
    /// The stage is over.
    fn finish(&self);
}

/// Ignores all progress.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _stage: &str, _len: u64) {}
    fn inc(&self, _n: u64) {}
    fn finish(&self) {}
}
