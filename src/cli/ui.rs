//! The terminal side: progress bars (indicatif) drawn on stderr only when it is a terminal and
//! `--quiet` is off, and the messages a person reads after a run.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use siloscope::progress::Progress;

/// Progress bars on stderr, one stage at a time.
pub struct Ui {
    enabled: bool,
    quiet: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Ui {
    /// A UI that draws when stderr is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Ui {
        Ui {
            enabled: !quiet && std::io::stderr().is_terminal(),
            quiet,
            bar: Mutex::new(None),
        }
    }

    /// Prints a line on stderr (unless quiet), above any bar.
    pub fn say(&self, line: &str) {
        if self.quiet {
            return;
        }
        match self.bar.lock().ok().and_then(|b| b.clone()) {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }
}

impl Progress for Ui {
    fn start(&self, stage: &str, len: u64) {
        if !self.enabled {
            return;
        }
        let bar = if len == 0 {
            let b = ProgressBar::new_spinner();
            b.enable_steady_tick(Duration::from_millis(120));
            b
        } else {
            ProgressBar::new(len)
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        let template = if stage == "ingest" {
            "{msg:>24} [{bar:30}] {bytes}/{total_bytes} ({eta})"
        } else {
            "{msg:>24} [{bar:30}] {pos}/{len} sources ({eta})"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(stage.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn inc(&self, n: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}
