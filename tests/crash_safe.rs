//! Crash-safe outputs: a run over a previous result set, killed at a random moment, leaves the
//! folder holding one complete result set, the previous one or the new one, never a mix; and
//! the staging folder a killed run leaves beside `--out` is gone after the next run.

mod util;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use util::{config_home, fixture, folder_bytes};

/// The two result sets the runs alternate between: they differ in bytes and in file names.
const RUNS: [&[&str]; 2] = [&["--lang", "en"], &["--lang", "fr", "--no-person-level"]];

fn command(out: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_siloscope"));
    cmd.env("XDG_CONFIG_HOME", config_home())
        .args(["analyze", "--quiet", "--format", "svg", "--messages"])
        .arg(fixture("demo/messages.csv"))
        .arg("--people")
        .arg(fixture("demo/people.csv"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn complete_run(out: &Path, extra: &[&str]) -> Duration {
    let started = Instant::now();
    let status = command(out, extra).status().unwrap();
    assert!(status.success(), "{extra:?} failed");
    started.elapsed()
}

/// The moments of the kills: a fixed linear congruential sequence, so that a failure can be
/// replayed, spread over the whole run and a little after it.
fn kill_moments(count: usize, run: Duration) -> Vec<Duration> {
    let mut state: u64 = 0x5111_05c0_9e00_0001;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let fraction = (state >> 11) as f64 / (1u64 << 53) as f64;
            run.mul_f64(1.15 * fraction)
        })
        .collect()
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_old_result_set_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let sets: Vec<BTreeMap<String, Vec<u8>>> = RUNS
        .iter()
        .enumerate()
        .map(|(i, extra)| {
            let reference = dir.path().join(format!("reference-{i}"));
            complete_run(&reference, extra);
            folder_bytes(&reference)
        })
        .collect();
    assert_ne!(
        sets[0].keys().collect::<Vec<_>>(),
        sets[1].keys().collect::<Vec<_>>()
    );

    let out = dir.path().join("deck");
    let run = complete_run(&out, RUNS[0]);
    let mut current = 0;
    let (mut kept_old, mut got_new) = (0, 0);
    for (i, moment) in kill_moments(20, run).into_iter().enumerate() {
        let next = 1 - current;
        let mut child = command(&out, RUNS[next]).spawn().unwrap();
        std::thread::sleep(moment);
        let _ = child.kill();
        child.wait().unwrap();
        let found = folder_bytes(&out);
        if found == sets[current] {
            kept_old += 1;
        } else if found == sets[next] {
            got_new += 1;
            current = next;
        } else {
            let names = |s: &BTreeMap<String, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
            panic!(
                "kill {i} after {moment:?} left a mix: {:?}\nold set {:?}\nnew set {:?}",
                names(&found),
                names(&sets[current]),
                names(&sets[next])
            );
        }
    }
    eprintln!("20 kills: {kept_old} left the previous set, {got_new} the new one");
    assert!(
        kept_old >= 5,
        "only {kept_old} kills landed during a run: the test did not test"
    );

    // the staging folders of the killed runs go with the next complete run
    complete_run(&out, RUNS[1 - current]);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".deck"))
        .collect();
    assert!(left.is_empty(), "staging folders left behind: {left:?}");
}

#[test]
fn a_failed_run_leaves_the_previous_result_set_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deck");
    complete_run(&out, RUNS[1]);
    // a file of the user's under a name the next run writes: that run fails when it reaches it
    std::fs::write(out.join("ties.csv"), "mine").unwrap();
    let before = folder_bytes(&out);
    let status = command(&out, RUNS[0]).status().unwrap();
    assert_eq!(status.code(), Some(1));
    assert_eq!(folder_bytes(&out), before);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["deck".to_string()]);
}
