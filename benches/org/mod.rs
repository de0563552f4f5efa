//! A seeded generated organisation for the benchmarks: a message log and a directory written to
//! a temporary folder, read through the library's own ingest, so that every analysis is timed on
//! the graph `siloscope analyze` would build.
//!
//! The model (a smaller cousin of `../shared/bench/gen_org.py`): `people` people in
//! `departments` departments of equal size; each person keeps 30 regular contacts, 85% in the
//! own department and 15% elsewhere; each message goes from a sender chosen with a heavy-tailed
//! activity to 1-4 of the sender's contacts (sometimes one more person drawn at random), at a
//! time spread over 2024. `SILOSCOPE_BENCH_PEOPLE` (default 1,000) sets the size; the messages
//! are 50 a person.

// Each benchmark binary uses part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use siloscope::InputName;
use siloscope::graph::{InteractionGraph, TieAccumulator, Weighting};
use siloscope::ingest::{
    DirectoryOptions, IngestCounts, Inputs, MessageOptions, Rejects, Tally, read_inputs,
};
use siloscope::progress::NoProgress;

/// SplitMix64 (Steele, Lea & Flood 2014): a few lines, the same numbers everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The generated inputs and what reading them gives.
pub struct Org {
    pub folder: tempfile::TempDir,
    pub messages: PathBuf,
    pub people_file: PathBuf,
    pub people: usize,
    pub graph: InteractionGraph,
    pub department: Vec<u32>,
    pub department_count: usize,
}

/// The people of the benchmark organisation (`SILOSCOPE_BENCH_PEOPLE`, default 1,000).
pub fn people() -> usize {
    std::env::var("SILOSCOPE_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

/// The organisation, generated and read once per benchmark process.
pub fn org() -> &'static Org {
    static ORG: OnceLock<Org> = OnceLock::new();
    ORG.get_or_init(|| generate(people(), 7))
}

fn generate(people: usize, seed: u64) -> Org {
    let departments = (people / 50).clamp(2, 80);
    let mut rng = Rng::new(seed);
    let department_of = |p: usize| p % departments;
    let members = |d: usize| (d..people).step_by(departments).collect::<Vec<_>>();
    let by_department: Vec<Vec<usize>> = (0..departments).map(members).collect();
    let contacts: Vec<Vec<usize>> = (0..people)
        .map(|p| {
            (0..30)
                .map(|_| {
                    let d = if rng.unit() < 0.85 {
                        department_of(p)
                    } else {
                        rng.below(departments)
                    };
                    let m = &by_department[d];
                    m[rng.below(m.len())]
                })
                .filter(|&c| c != p)
                .collect()
        })
        .collect();
    // heavy-tailed activity: the sender is the smallest of two uniform draws' squares
    let folder = tempfile::tempdir().expect("a temporary folder");
    let people_file = folder.path().join("people.csv");
    let mut directory = String::from("email,department\n");
    for p in 0..people {
        let _ = writeln!(directory, "p{p}@bench.example,D{:02}", department_of(p));
    }
    std::fs::write(&people_file, directory).expect("the directory is written");
    let messages = folder.path().join("messages.csv");
    let mut log = std::io::BufWriter::new(std::fs::File::create(&messages).expect("a log file"));
    writeln!(log, "timestamp,sender,recipients").expect("written");
    let start = 1_704_067_200i64; // 2024-01-01
    let mut line = String::new();
    for _ in 0..people * 50 {
        let u = rng.unit();
        let sender = ((u * u) * people as f64) as usize % people;
        let k = 1 + rng.below(4);
        line.clear();
        let t = start + rng.below(366 * 86_400) as i64;
        let _ = write!(line, "{t},p{sender}@bench.example,");
        let mine = &contacts[sender];
        for i in 0..k {
            let r = if mine.is_empty() || rng.unit() < 0.05 {
                rng.below(people)
            } else {
                mine[rng.below(mine.len())]
            };
            if i > 0 {
                line.push(';');
            }
            let _ = write!(line, "p{r}@bench.example");
        }
        writeln!(log, "{line}").expect("written");
    }
    log.flush().expect("written");
    drop(log);
    let (graph, department, department_count) = read(&messages, &people_file);
    Org {
        folder,
        messages,
        people_file,
        people,
        graph,
        department,
        department_count,
    }
}

/// Reads the log and the directory as `analyze` does (format and encoding detected, the
/// directory's key chosen from the senders) into the interaction graph.
pub fn read(
    messages: &std::path::Path,
    people: &std::path::Path,
) -> (InteractionGraph, Vec<u32>, usize) {
    let mut rejects = Rejects::new(false);
    let mut directory_rejects = Rejects::new(false);
    let mut counts = IngestCounts::default();
    let mut acc = TieAccumulator::new(Weighting::default());
    let directory = read_inputs(
        &Inputs {
            messages: &[InputName::Path(messages.to_path_buf())],
            people: Some(&InputName::Path(people.to_path_buf())),
            message_options: &MessageOptions::default(),
            directory_options: &DirectoryOptions::default(),
        },
        Tally {
            rejects: &mut rejects,
            directory_rejects: &mut directory_rejects,
            counts: &mut counts,
        },
        &NoProgress,
        &mut acc,
    )
    .expect("the generated inputs read");
    let graph = InteractionGraph::build(directory.people().len(), acc);
    (
        graph,
        directory.department_of_each(),
        directory.departments().len(),
    )
}
