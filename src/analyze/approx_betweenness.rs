//! Approximate betweenness with a stated guarantee: Riondato & Kornaropoulos (2016), "Fast
//! approximation of betweenness centrality through sampling", Data Min. Knowl. Disc. 30(2),
//! with each sample drawn by a balanced bidirectional BFS (Borassi & Natale 2016, "KADABRA is
//! an ADaptive Algorithm for Betweenness via Random Approximation", ESA, §5).
//!
//! r ordered pairs (s, t), s ≠ t, are drawn uniformly at random; for each, one shortest s–t path
//! is drawn uniformly at random among the σ_st ones, and every internal person of it (and every
//! tie of it) is credited 1/r. The credit of v estimates, without bias,
//!
//!   b(v) = 1 / (n(n−1)) · Σ_{s≠t} σ_st(v) / σ_st   (R&K's scale: ordered pairs),
//!
//! and with probability at least 1 − δ every estimate is within ε' of its b (R&K Theorem 1)
//! when r = ⌈(c / ε'²)(⌊log₂(K)⌋ + 1 + ln(1/δ))⌉, c = 0.5 (Löffler & Phillips 2009), K the
//! most elements one sampled path can credit (the VC dimension of the range set is at most
//! ⌊log₂ K⌋ + 1: a shattered set of d paths needs 2^(d−1) elements on each path). People
//! only: K = VD − 2 internal people (R&K Lemma 2), VD a bound on the vertex diameter (people
//! on a shortest path). People and ties from one sample: K = (VD − 2) + (VD − 1).
//!
//! **Scale.** siloscope reports the NetworkX normalization (docs/metrics.md): a person's
//! betweenness is Σ_{s≠t} σ_st(v)/σ_st / ((n−1)(n−2)) = b(v) · n/(n−2), a tie's is
//! Σ_{s≠t} σ_st(e)/σ_st / (n(n−1)) = b(e). The people's estimates are therefore multiplied by
//! n/(n−2), and the sample is sized for ε' = ε·(n−2)/n, so that the reported values are
//! within ε (people and ties alike) with probability at least 1 − δ.
//!
//! **Vertex diameter, by hops.** One BFS from one person of each component C gives its
//! eccentricity e_C; any two people of C are at most 2·e_C apart, so a shortest path holds at
//! most min(2·e_C + 1, |C|) people; VD is the largest over the components (R&K §5). O(n + m).
//!
//! **Weighted** (length = 1/weight): each sample is a bidirectional Dijkstra ([`WeightedSampler`]),
//! O(m' + n' log n') for the n' people and m' ties it settles, far fewer than a one-sided
//! Dijkstra stopped at t on graphs of a small diameter. A BFS bound is not valid for weighted paths, which may take many
//! more hops; here VD ≤ min(|C|, ⌊2·E_C / ℓ_min⌋ + 1), E_C the weighted eccentricity of one
//! person of C (one Dijkstra per component) and ℓ_min the shortest tie length of C: a path of
//! h ties is at least h·ℓ_min long.
//!
//! **Either bound.** A Hoeffding bound for each of the N credited elements with a union bound
//! also holds: r = ⌈ln(2N/δ) / (2ε'²)⌉. The smaller of the two sample sizes is used, and the
//! guarantee says which ([`SampleBound`]).
//!
//! **Between departments.** The between-department betweenness is the mean of σ_st(v)/σ_st
//! over the ordered pairs of people of different departments (v internal; see
//! [`crate::analyze::brokerage::between_department_betweenness`]): a second sample draws such
//! pairs uniformly (s with probability ∝ the people outside its department, then t uniformly
//! among them) and credits the path's internal people 1/r; no rescaling is needed, ε' = ε,
//! K = VD − 2. Its guarantee holds separately, with probability 1 − δ.
//!
//! **Determinism.** Samples are drawn in blocks of [`BLOCK`], block b from its own stream
//! [`Rng::for_stream`](crate::analyze::rng::Rng::for_stream)(seed, b); credits are counted as
//! integers, so the sums, and the bytes of every output, are the same for any thread count.
//! Pairs in different components count in r and credit nothing. Cost: r samples, each far
//! below a full BFS on graphs with a small diameter (a balanced bidirectional BFS stops once
//! the two balls meet).

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::analyze::betweenness::{Extras, HopBetweenness, UNSEEN, cmp_lengths};
use crate::analyze::heap::IndexedHeap;
use crate::analyze::rng::Rng;
use crate::graph::InteractionGraph;
use crate::progress::Progress;

/// Samples drawn from one random stream.
pub const BLOCK: u64 = 256;

/// R&K's universal constant c (Löffler & Phillips 2009, "Shape fitting on point sets with
/// probability distributions", ESA, estimate it at about 0.5).
pub const C: f64 = 0.5;

/// The accuracy asked for: every reported value within `epsilon` with probability at least
/// 1 − `delta`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Largest absolute error on the reported (normalized) scale, 0 < ε < 1.
    pub epsilon: f64,
    /// Probability that some value misses by more, 0 < δ < 1.
    pub delta: f64,
}

impl Default for Accuracy {
    fn default() -> Accuracy {
        Accuracy {
            epsilon: 0.01,
            delta: 0.1,
        }
    }
}

/// `--betweenness`: how the betweenness measures are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BetweennessMethod {
    /// Brandes, every source.
    Exact,
    /// Sampled pairs, with the guarantee of [`Accuracy`].
    Approx,
    /// By hops: exact up to [`AUTO_HOP_WORK`], sampled above. Weighted: exact up to
    /// [`AUTO_WEIGHTED_WORK`], left out above (sampling it costs more than the exact pass).
    #[default]
    Auto,
}

/// Above this n·m (people × ties), `auto` samples the betweenness by hops. The medium
/// generated organisation (10,000 people, 361,240 ties, n·m = 3.6·10⁹) takes 11.4 s exact for
/// the hop pass (people and ties) on an idle 2-core machine (docs/PERFORMANCE.md, issue 14), so
/// about 20 s is reached near 6·10⁹; the limit is set lower, as this machine is seldom idle
/// (130 s for the same pass, with brokerage, at a load average of 15). Sampled at ε = 0.01
/// the pass took 4.4 s under that load.
pub const AUTO_HOP_WORK: u64 = 4_000_000_000;

/// Above this n·m, `auto` leaves the weighted betweenness out, and the outputs say so and how
/// to get it. Sampling does not help there: on the medium organisation 61,055 samples (the
/// Hoeffding + union size, the weighted VD bound being 1,598) took 868 s under load, against
/// 41 to 47 s exact on an idle machine (docs/PERFORMANCE.md): weighted shortest paths follow
/// strong ties over many hops, so the two Dijkstra balls of a sample grow large before they
/// meet, and r exceeds n. Exact, the pass costs about as much as the one by hops at the same
/// n·m, so the same limit keeps the medium organisation (3.6·10⁹) exact; the large one
/// (50,000 people, 3.2M ties, 1.6·10¹¹) would take tens of minutes. `--betweenness exact`
/// computes it at any size, `--betweenness approx` samples it.
pub const AUTO_WEIGHTED_WORK: u64 = 4_000_000_000;

/// The method and accuracy asked for.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BetweennessOptions {
    /// Exact, sampled, or chosen by size.
    pub method: BetweennessMethod,
    /// The guarantee of a sampled estimate.
    pub accuracy: Accuracy,
}

impl BetweennessOptions {
    /// Whether the pass by hops on `g` is sampled.
    pub fn samples_hops(&self, g: &InteractionGraph) -> bool {
        self.samples_above(g, AUTO_HOP_WORK)
    }

    /// Whether the weighted pass on `g` is sampled: only when asked.
    pub fn samples_weighted(&self, _g: &InteractionGraph) -> bool {
        self.method == BetweennessMethod::Approx
    }

    /// Whether `auto` leaves the weighted pass on `g` out ([`AUTO_WEIGHTED_WORK`]).
    pub fn leaves_out_weighted(&self, g: &InteractionGraph) -> bool {
        self.method == BetweennessMethod::Auto
            && g.node_count() as u64 * g.tie_count() as u64 > AUTO_WEIGHTED_WORK
    }

    fn samples_above(&self, g: &InteractionGraph, limit: u64) -> bool {
        match self.method {
            BetweennessMethod::Exact => false,
            BetweennessMethod::Approx => true,
            BetweennessMethod::Auto => g.node_count() as u64 * g.tie_count() as u64 > limit,
        }
    }
}

/// How each betweenness pass of a run was computed: `None` when exact (or not run).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Estimates {
    /// The pass by hops (people, ties, between departments).
    pub hops: Option<Estimate>,
    /// The weighted pass (people, between departments).
    pub weighted: Option<Estimate>,
    /// The weighted pass was asked for but left out by `auto` on a graph this large.
    pub weighted_left_out: Option<LeftOut>,
}

/// The size of a graph on which `auto` left a pass out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeftOut {
    /// People of the graph.
    pub people: usize,
    /// Ties of the graph.
    pub ties: usize,
}

/// Which of the two valid sample sizes was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleBound {
    /// Riondato & Kornaropoulos's VC-dimension bound with the vertex diameter bound.
    VcDimension,
    /// Hoeffding's inequality for each credited element, with a union bound.
    HoeffdingUnion,
}

impl SampleBound {
    /// `vc_dimension` or `hoeffding_union`.
    pub fn name(self) -> &'static str {
        match self {
            SampleBound::VcDimension => "vc_dimension",
            SampleBound::HoeffdingUnion => "hoeffding_union",
        }
    }
}

/// What one sampled estimate guarantees: with probability at least 1 − `delta`, every
/// reported value is within `epsilon` of the exact one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guarantee {
    /// Largest absolute error of a reported value.
    pub epsilon: f64,
    /// Risk that some value misses by more.
    pub delta: f64,
    /// Pairs sampled (r).
    pub samples: u64,
    /// The bound on the people of a shortest path (VD).
    pub vertex_diameter_bound: u64,
    /// Which sample size was used.
    pub bound: SampleBound,
}

/// How a betweenness pass was sampled: the guarantee of the people (and ties), and of the
/// between-department betweenness when it was asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// People and, for the pass by hops when asked, ties.
    pub pairs: Guarantee,
    /// Between-department betweenness (pairs of different departments only).
    pub between_departments: Option<Guarantee>,
}

/// The sample size for accuracy ε' and risk δ: the smaller of R&K's, with at most
/// `per_path` elements credited by one path, and the Hoeffding + union bound over `elements`
/// elements.
pub fn sample_size(epsilon: f64, delta: f64, per_path: u64, elements: u64) -> (u64, SampleBound) {
    let vc = (per_path.max(1) as f64).log2().floor() + 1.0;
    let by_vc = (C / (epsilon * epsilon) * (vc + (1.0 / delta).ln())).ceil();
    let by_union = ((2.0 * elements.max(1) as f64 / delta).ln() / (2.0 * epsilon * epsilon)).ceil();
    if by_union < by_vc {
        (by_union as u64, SampleBound::HoeffdingUnion)
    } else {
        (by_vc as u64, SampleBound::VcDimension)
    }
}

/// The components of `g`: for each, its people, in increasing order of their first member.
fn components(g: &InteractionGraph) -> Vec<Vec<u32>> {
    let n = g.node_count();
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for root in 0..n as u32 {
        if seen[root as usize] {
            continue;
        }
        seen[root as usize] = true;
        let mut members = vec![root];
        let mut head = 0;
        while head < members.len() {
            let v = members[head];
            head += 1;
            for &w in g.neighbors(v) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    members.push(w);
                }
            }
        }
        out.push(members);
    }
    out
}

/// VD by hops: max over components of min(2·e + 1, |C|), e the BFS eccentricity of the
/// component's first person. O(n + m).
pub fn hop_vertex_diameter_bound(g: &InteractionGraph) -> u64 {
    let n = g.node_count();
    let mut dist = vec![UNSEEN; n];
    let mut bound = 0u64;
    for members in components(g) {
        let root = members[0];
        dist[root as usize] = 0;
        let mut queue = vec![root];
        let mut head = 0;
        let mut eccentricity = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            let d = dist[v as usize];
            eccentricity = eccentricity.max(d);
            for &w in g.neighbors(v) {
                if dist[w as usize] == UNSEEN {
                    dist[w as usize] = d + 1;
                    queue.push(w);
                }
            }
        }
        let people = (2 * u64::from(eccentricity) + 1).min(members.len() as u64);
        bound = bound.max(people);
    }
    bound
}

/// VD for lengths 1/weight: max over components of min(|C|, ⌊2·E / ℓ_min⌋ + 1), E the
/// weighted eccentricity of the component's first person. O(m + n log n).
pub fn weighted_vertex_diameter_bound(g: &InteractionGraph) -> u64 {
    let n = g.node_count();
    let mut dist = vec![f64::INFINITY; n];
    let mut heap = IndexedHeap::new(n);
    let mut bound = 0u64;
    for members in components(g) {
        let size = members.len() as u64;
        let shortest = members
            .iter()
            .flat_map(|&v| g.lengths(v).iter().copied())
            .fold(f64::INFINITY, f64::min);
        let root = members[0];
        dist[root as usize] = 0.0;
        heap.push(root, 0.0);
        let mut eccentricity: f64 = 0.0;
        while let Some((d, v)) = heap.pop() {
            eccentricity = eccentricity.max(d);
            for (&w, &length) in g.neighbors(v).iter().zip(g.lengths(v)) {
                let alt = d + length;
                let wi = w as usize;
                if dist[wi] == f64::INFINITY {
                    dist[wi] = alt;
                    heap.push(w, alt);
                } else if alt < dist[wi] {
                    // settled people are no farther than d < alt: w is still in the heap
                    dist[wi] = alt;
                    heap.decrease(w, alt);
                }
            }
        }
        // a margin for the rounding of the sums and the epsilon of equal lengths
        let hops = if shortest.is_finite() && shortest > 0.0 {
            (2.0 * eccentricity * (1.0 + 1e-9) / shortest).floor()
        } else {
            0.0
        };
        let people = if hops.is_finite() && hops < size as f64 {
            (hops as u64 + 1).min(size)
        } else {
            size
        };
        bound = bound.max(people);
    }
    bound
}

/// Draws the pairs of a sample.
enum Pairs<'a> {
    /// Ordered pairs of distinct people.
    All(usize),
    /// Ordered pairs of people of different departments.
    Cross(CrossPairs<'a>),
}

/// Uniform ordered pairs of people of different departments: s with probability ∝ n − n_{g(s)},
/// then t uniform among the people of the other departments.
struct CrossPairs<'a> {
    department: &'a [u32],
    /// Σ_{u ≤ v} (n − n_{g(u)}), per person.
    cumulative: Vec<u64>,
    /// People by department (stable), and where each department starts in it.
    by_department: Vec<u32>,
    start: Vec<usize>,
    headcount: Vec<usize>,
}

impl CrossPairs<'_> {
    fn new(department: &[u32]) -> CrossPairs<'_> {
        let n = department.len();
        let count = department.iter().max().map_or(0, |&d| d as usize + 1);
        let mut headcount = vec![0usize; count];
        for &d in department {
            headcount[d as usize] += 1;
        }
        let mut total = 0u64;
        let cumulative = department
            .iter()
            .map(|&d| {
                total += (n - headcount[d as usize]) as u64;
                total
            })
            .collect();
        let mut by_department: Vec<u32> = (0..n as u32).collect();
        by_department.sort_by_key(|&v| department[v as usize]);
        let mut start = vec![0usize; count + 1];
        for d in 0..count {
            start[d + 1] = start[d] + headcount[d];
        }
        CrossPairs {
            department,
            cumulative,
            by_department,
            start,
            headcount,
        }
    }

    fn total(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    fn draw(&self, rng: &mut Rng) -> (u32, u32) {
        let x = below_u64(rng, self.total());
        let s = self.cumulative.partition_point(|&c| c <= x);
        let d = self.department[s] as usize;
        let k = below_u64(rng, (self.department.len() - self.headcount[d]) as u64) as usize;
        let t = if k < self.start[d] {
            self.by_department[k]
        } else {
            self.by_department[k + self.headcount[d]]
        };
        (s as u32, t)
    }
}

/// Uniform in 0..n (n > 0), by a 128-bit multiply-shift.
fn below_u64(rng: &mut Rng, n: u64) -> u64 {
    ((u128::from(rng.next()) * u128::from(n)) >> 64) as u64
}

impl Pairs<'_> {
    fn draw(&self, rng: &mut Rng) -> (u32, u32) {
        match self {
            Pairs::All(n) => {
                let s = rng.below(*n);
                let mut t = rng.below(n - 1);
                if t >= s {
                    t += 1;
                }
                (s as u32, t as u32)
            }
            Pairs::Cross(c) => c.draw(rng),
        }
    }
}

/// Draws one shortest path between two people and lists what it credits.
trait PathSampler: Sync {
    type Workspace: Send;
    fn workspace(&self) -> Self::Workspace;
    /// Pushes the internal people of a uniformly drawn shortest s–t path to `people` and, when
    /// `ties` is given, its ties; nothing when t is out of reach.
    fn sample(
        &self,
        ws: &mut Self::Workspace,
        s: u32,
        t: u32,
        rng: &mut Rng,
        people: &mut Vec<u32>,
        ties: Option<&mut Vec<u32>>,
    );
}

/// Counts the credits of `samples` pairs: (per person, per tie).
fn count_credits<P: PathSampler>(
    g: &InteractionGraph,
    sampler: &P,
    pairs: &Pairs<'_>,
    samples: u64,
    with_ties: bool,
    (seed, first_stream): (u64, u64),
    progress: &dyn Progress,
) -> (Vec<u64>, Vec<u64>) {
    let blocks = samples.div_ceil(BLOCK);
    let hits: Vec<(Vec<u32>, Vec<u32>)> = (0..blocks)
        .into_par_iter()
        .map_init(
            || sampler.workspace(),
            |ws, b| {
                let mut rng = Rng::for_stream(seed, first_stream + b);
                let (mut people, mut ties) = (Vec::new(), Vec::new());
                let in_block = BLOCK.min(samples - b * BLOCK);
                for _ in 0..in_block {
                    let (s, t) = pairs.draw(&mut rng);
                    sampler.sample(
                        ws,
                        s,
                        t,
                        &mut rng,
                        &mut people,
                        with_ties.then_some(&mut ties),
                    );
                }
                progress.inc(in_block);
                (people, ties)
            },
        )
        .collect();
    let mut people = vec![0u64; g.node_count()];
    let mut ties = vec![0u64; if with_ties { g.tie_count() } else { 0 }];
    for (p, t) in hits {
        p.iter().for_each(|&v| people[v as usize] += 1);
        t.iter().for_each(|&e| ties[e as usize] += 1);
    }
    (people, ties)
}

/// The first stream of the between-department sample, so that it never reuses the streams of
/// the first one.
const CROSS_STREAMS: u64 = 1 << 40;

/// Runs both samples of a pass: people (and ties) over all pairs, and, given departments, the
/// between-department one. Returns (people, ties, between departments, estimate).
fn estimate<P: PathSampler>(
    g: &InteractionGraph,
    sampler: &P,
    vertex_diameter: u64,
    extras: Extras<'_>,
    accuracy: Accuracy,
    seed: u64,
    progress: &dyn Progress,
) -> (Vec<f64>, Vec<f64>, Vec<f64>, Estimate) {
    let n = g.node_count();
    let Accuracy { epsilon, delta } = accuracy;
    let (per_path, elements) = if extras.ties {
        (
            (2 * vertex_diameter).saturating_sub(3),
            (n + g.tie_count()) as u64,
        )
    } else {
        (vertex_diameter.saturating_sub(2), n as u64)
    };
    // the people's values are reported × n/(n−2): sample for ε(n−2)/n
    let people_scale = n as f64 / (n as f64 - 2.0);
    let (samples, bound) = sample_size(epsilon / people_scale, delta, per_path, elements);
    let cross = extras.departments.map(CrossPairs::new);
    let cross_samples = cross
        .as_ref()
        .filter(|c| c.total() > 0)
        .map(|_| sample_size(epsilon, delta, vertex_diameter.saturating_sub(2), n as u64));
    progress.start(
        "betweenness (sampled)",
        samples + cross_samples.map_or(0, |s| s.0),
    );
    let (people, ties) = count_credits(
        g,
        sampler,
        &Pairs::All(n),
        samples,
        extras.ties,
        (seed, 0),
        progress,
    );
    let per_sample = 1.0 / samples as f64;
    let people = people
        .iter()
        .map(|&c| c as f64 * per_sample * people_scale)
        .collect();
    let ties = ties.iter().map(|&c| c as f64 * per_sample).collect();
    let guarantee = |samples, bound| Guarantee {
        epsilon,
        delta,
        samples,
        vertex_diameter_bound: vertex_diameter,
        bound,
    };
    let (between, between_guarantee) = match (cross, cross_samples) {
        (Some(c), Some((r, b))) => {
            let (counts, _) = count_credits(
                g,
                sampler,
                &Pairs::Cross(c),
                r,
                false,
                (seed, CROSS_STREAMS),
                progress,
            );
            let per = 1.0 / r as f64;
            (
                counts.iter().map(|&c| c as f64 * per).collect(),
                Some(guarantee(r, b)),
            )
        }
        (Some(_), None) => (vec![0.0; n], Some(guarantee(0, SampleBound::VcDimension))),
        _ => (Vec::new(), None),
    };
    progress.finish();
    (
        people,
        ties,
        between,
        Estimate {
            pairs: guarantee(samples, bound),
            between_departments: between_guarantee,
        },
    )
}

/// Sampled betweenness by hops of people (and ties, and between departments, as `extras`
/// asks), within `accuracy` on the reported scale. O(r · cost of a bidirectional BFS +
/// n + m), r from [`sample_size`]. Graphs of fewer than 3 people have no internal person: all
/// zero, with r = 0.
pub fn sampled_hop_betweenness(
    g: &InteractionGraph,
    extras: Extras<'_>,
    accuracy: Accuracy,
    seed: u64,
    progress: &dyn Progress,
) -> (HopBetweenness, Estimate) {
    let n = g.node_count();
    if n < 3 {
        return trivial(g, extras, accuracy);
    }
    let vd = hop_vertex_diameter_bound(g);
    let (people, ties, between_departments, est) =
        estimate(g, &HopSampler { g }, vd, extras, accuracy, seed, progress);
    (
        HopBetweenness {
            people,
            ties,
            between_departments,
        },
        est,
    )
}

/// Sampled weighted betweenness (length = 1/weight) of people and, given departments, the
/// weighted between-department betweenness, within `accuracy`. Returns (people, between
/// departments; empty when not asked for) and the estimate. O(r · cost of a bidirectional
/// Dijkstra + m + n log n).
pub fn sampled_weighted_betweenness(
    g: &InteractionGraph,
    departments: Option<&[u32]>,
    accuracy: Accuracy,
    seed: u64,
    progress: &dyn Progress,
) -> ((Vec<f64>, Vec<f64>), Estimate) {
    let extras = Extras {
        ties: false,
        departments,
    };
    if g.node_count() < 3 {
        let (h, e) = trivial(g, extras, accuracy);
        return ((h.people, h.between_departments), e);
    }
    let vd = weighted_vertex_diameter_bound(g);
    let (people, _, between, est) = estimate(
        g,
        &WeightedSampler { g },
        vd,
        extras,
        accuracy,
        seed,
        progress,
    );
    ((people, between), est)
}

/// Fewer than 3 people: nobody lies between two others.
fn trivial(
    g: &InteractionGraph,
    extras: Extras<'_>,
    accuracy: Accuracy,
) -> (HopBetweenness, Estimate) {
    let n = g.node_count();
    let none = Guarantee {
        epsilon: accuracy.epsilon,
        delta: accuracy.delta,
        samples: 0,
        vertex_diameter_bound: n as u64,
        bound: SampleBound::VcDimension,
    };
    (
        HopBetweenness {
            people: vec![0.0; n],
            ties: vec![0.0; if extras.ties { g.tie_count() } else { 0 }],
            between_departments: if extras.departments.is_some() {
                vec![0.0; n]
            } else {
                Vec::new()
            },
        },
        Estimate {
            pairs: none,
            between_departments: extras.departments.map(|_| none),
        },
    )
}

/// Draws one index of `weights` with probability ∝ its weight (the last one if rounding
/// leaves the draw past the sum).
fn pick_weighted(rng: &mut Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.unit() * total;
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Balanced bidirectional BFS (KADABRA §5): the side whose frontier has the smaller sum of
/// degrees grows by one level, until a level reaches people already seen from the other side.
struct HopSampler<'a> {
    g: &'a InteractionGraph,
}

struct HopWorkspace {
    /// Hops from s (side 0) and from t (side 1).
    dist: [Vec<u32>; 2],
    /// Shortest paths from s and from t.
    sigma: [Vec<f64>; 2],
    /// People reached by each side, to reset.
    touched: [Vec<u32>; 2],
    frontier: [Vec<u32>; 2],
    next: Vec<u32>,
    meet: Vec<u32>,
    weights: Vec<f64>,
    candidates: Vec<(u32, u32)>,
}

impl PathSampler for HopSampler<'_> {
    type Workspace = HopWorkspace;

    fn workspace(&self) -> HopWorkspace {
        let n = self.g.node_count();
        HopWorkspace {
            dist: [vec![UNSEEN; n], vec![UNSEEN; n]],
            sigma: [vec![0.0; n], vec![0.0; n]],
            touched: [Vec::new(), Vec::new()],
            frontier: [Vec::new(), Vec::new()],
            next: Vec::new(),
            meet: Vec::new(),
            weights: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// Before a level grows, the balls B_s(ℓ_s) and B_t(ℓ_t) are disjoint, so d(s,t) > ℓ_s + ℓ_t.
    /// When the new level of s (ℓ_s + 1) holds people seen from t, d(s,t) = ℓ_s + 1 + ℓ_t and
    /// those people (at ℓ_t from t) are exactly the ones of that level on a shortest path:
    /// σ_st = Σ_w σ_s(w)·σ_t(w). A path is drawn by picking w ∝ σ_s(w)·σ_t(w), then walking to
    /// s and to t through predecessors drawn ∝ their σ.
    fn sample(
        &self,
        ws: &mut HopWorkspace,
        s: u32,
        t: u32,
        rng: &mut Rng,
        people: &mut Vec<u32>,
        mut ties: Option<&mut Vec<u32>>,
    ) {
        let g = self.g;
        let mut degree_sum = [0u64; 2];
        let mut level = [0u32; 2];
        for (side, root) in [(0, s), (1, t)] {
            ws.dist[side][root as usize] = 0;
            ws.sigma[side][root as usize] = 1.0;
            ws.touched[side].push(root);
            ws.frontier[side].clear();
            ws.frontier[side].push(root);
            degree_sum[side] = g.degree(root) as u64;
        }
        ws.meet.clear();
        while !ws.frontier[0].is_empty() && !ws.frontier[1].is_empty() {
            let side = usize::from(degree_sum[1] < degree_sum[0]);
            let other = 1 - side;
            let d = level[side] + 1;
            ws.next.clear();
            let mut next_degrees = 0u64;
            for &u in &ws.frontier[side] {
                let su = ws.sigma[side][u as usize];
                for &w in g.neighbors(u) {
                    let wi = w as usize;
                    if ws.dist[side][wi] == UNSEEN {
                        ws.dist[side][wi] = d;
                        ws.touched[side].push(w);
                        ws.next.push(w);
                        next_degrees += g.degree(w) as u64;
                        if ws.dist[other][wi] != UNSEEN {
                            ws.meet.push(w);
                        }
                    }
                    if ws.dist[side][wi] == d {
                        ws.sigma[side][wi] += su;
                    }
                }
            }
            level[side] = d;
            std::mem::swap(&mut ws.frontier[side], &mut ws.next);
            degree_sum[side] = next_degrees;
            if !ws.meet.is_empty() {
                break;
            }
        }
        if !ws.meet.is_empty() {
            ws.weights.clear();
            ws.weights.extend(
                ws.meet
                    .iter()
                    .map(|&w| ws.sigma[0][w as usize] * ws.sigma[1][w as usize]),
            );
            let w = ws.meet[pick_weighted(rng, &ws.weights)];
            if w != s && w != t {
                people.push(w);
            }
            for (side, end) in [(0, s), (1, t)] {
                let mut cur = w;
                while cur != end {
                    let below = ws.dist[side][cur as usize] - 1;
                    ws.candidates.clear();
                    ws.weights.clear();
                    for (&u, &tie) in g.neighbors(cur).iter().zip(g.tie_ids(cur)) {
                        if ws.dist[side][u as usize] == below {
                            ws.candidates.push((u, tie));
                            ws.weights.push(ws.sigma[side][u as usize]);
                        }
                    }
                    let (u, tie) = ws.candidates[pick_weighted(rng, &ws.weights)];
                    if let Some(t) = ties.as_deref_mut() {
                        t.push(tie);
                    }
                    if u != end {
                        people.push(u);
                    }
                    cur = u;
                }
            }
        }
        for side in 0..2 {
            for &v in &ws.touched[side] {
                ws.dist[side][v as usize] = UNSEEN;
                ws.sigma[side][v as usize] = 0.0;
            }
            ws.touched[side].clear();
        }
    }
}

/// Bidirectional Dijkstra (a Dijkstra from s and one from t, the side with the smaller heap
/// settling next), stopped once the two smallest keys add up to more than μ, the shortest s–t
/// length met so far. Then every person x of a shortest path (d_s(x) + d_t(x) = μ) has
/// d_s(x) < top_s or d_t(x) < top_t, so it is settled by one side; a shortest path leaves the
/// people settled from s by exactly one tie (u, v), v settled from t, and
/// σ_st = Σ σ_s(u)·σ_t(v) over those ties with d_s(u) + len(u, v) + d_t(v) = μ (lengths equal
/// within [`cmp_lengths`]). A path is drawn by picking such a tie ∝ σ_s(u)·σ_t(v), then walking
/// to s and to t through predecessors p (d(p) + len(p, x) = d(x)) drawn ∝ their σ.
struct WeightedSampler<'a> {
    g: &'a InteractionGraph,
}

struct WeightedWorkspace {
    dist: [Vec<f64>; 2],
    sigma: [Vec<f64>; 2],
    settled: [Vec<bool>; 2],
    touched: [Vec<u32>; 2],
    heap: [IndexedHeap; 2],
    weights: Vec<f64>,
    candidates: Vec<(u32, u32)>,
}

impl WeightedSampler<'_> {
    /// Walks from `from` to the root of `side` through predecessors drawn ∝ σ, pushing the
    /// people passed (not the root).
    fn walk(
        &self,
        ws: &mut WeightedWorkspace,
        side: usize,
        from: u32,
        root: u32,
        rng: &mut Rng,
        people: &mut Vec<u32>,
    ) {
        let g = self.g;
        let mut cur = from;
        while cur != root {
            let dc = ws.dist[side][cur as usize];
            ws.candidates.clear();
            ws.weights.clear();
            for (&p, &length) in g.neighbors(cur).iter().zip(g.lengths(cur)) {
                let pi = p as usize;
                if ws.settled[side][pi]
                    && p != cur
                    && cmp_lengths(ws.dist[side][pi] + length, dc) == Ordering::Equal
                {
                    ws.candidates.push((p, 0));
                    ws.weights.push(ws.sigma[side][pi]);
                }
            }
            if ws.candidates.is_empty() {
                return; // cannot happen on a settled person: its σ came from one
            }
            let p = ws.candidates[pick_weighted(rng, &ws.weights)].0;
            if p != root {
                people.push(p);
            }
            cur = p;
        }
    }
}

impl PathSampler for WeightedSampler<'_> {
    type Workspace = WeightedWorkspace;

    fn workspace(&self) -> WeightedWorkspace {
        let n = self.g.node_count();
        WeightedWorkspace {
            dist: [vec![f64::INFINITY; n], vec![f64::INFINITY; n]],
            sigma: [vec![0.0; n], vec![0.0; n]],
            settled: [vec![false; n], vec![false; n]],
            touched: [Vec::new(), Vec::new()],
            heap: [IndexedHeap::new(n), IndexedHeap::new(n)],
            weights: Vec::new(),
            candidates: Vec::new(),
        }
    }

    fn sample(
        &self,
        ws: &mut WeightedWorkspace,
        s: u32,
        t: u32,
        rng: &mut Rng,
        people: &mut Vec<u32>,
        _ties: Option<&mut Vec<u32>>,
    ) {
        let g = self.g;
        for (side, root) in [(0, s), (1, t)] {
            ws.dist[side][root as usize] = 0.0;
            ws.sigma[side][root as usize] = 1.0;
            ws.touched[side].push(root);
            ws.heap[side].push(root, 0.0);
        }
        let mut mu = f64::INFINITY;
        while let (Some((top0, _)), Some((top1, _))) = (ws.heap[0].peek(), ws.heap[1].peek()) {
            if mu.is_finite() && cmp_lengths(top0 + top1, mu) == Ordering::Greater {
                break;
            }
            let side = usize::from(ws.heap[1].len() < ws.heap[0].len());
            let other = 1 - side;
            let Some((d, v)) = ws.heap[side].pop() else {
                break;
            };
            ws.settled[side][v as usize] = true;
            let sv = ws.sigma[side][v as usize];
            for (&w, &length) in g.neighbors(v).iter().zip(g.lengths(v)) {
                let wi = w as usize;
                let alt = d + length;
                let beyond = ws.dist[other][wi];
                if beyond.is_finite() {
                    mu = mu.min(alt + beyond);
                }
                if ws.settled[side][wi] {
                    continue;
                }
                if ws.dist[side][wi] == f64::INFINITY {
                    ws.dist[side][wi] = alt;
                    ws.sigma[side][wi] = sv;
                    ws.touched[side].push(w);
                    ws.heap[side].push(w, alt);
                    continue;
                }
                match cmp_lengths(alt, ws.dist[side][wi]) {
                    Ordering::Less => {
                        ws.dist[side][wi] = alt;
                        ws.sigma[side][wi] = sv;
                        ws.heap[side].decrease(w, alt);
                    }
                    Ordering::Equal => ws.sigma[side][wi] += sv,
                    Ordering::Greater => {}
                }
            }
        }
        if ws.settled[0][t as usize] {
            // one side settled the whole path (it exhausted its component first)
            self.walk(ws, 0, t, s, rng, people);
        } else if ws.settled[1][s as usize] {
            self.walk(ws, 1, s, t, rng, people);
        } else if mu.is_finite() {
            ws.candidates.clear();
            ws.weights.clear();
            for &u in &ws.touched[0] {
                let ui = u as usize;
                if !ws.settled[0][ui] {
                    continue;
                }
                for (&v, &length) in g.neighbors(u).iter().zip(g.lengths(u)) {
                    let vi = v as usize;
                    if ws.settled[1][vi]
                        && !ws.settled[0][vi]
                        && cmp_lengths(ws.dist[0][ui] + length + ws.dist[1][vi], mu)
                            == Ordering::Equal
                    {
                        ws.candidates.push((u, v));
                        ws.weights.push(ws.sigma[0][ui] * ws.sigma[1][vi]);
                    }
                }
            }
            if !ws.candidates.is_empty() {
                let (u, v) = ws.candidates[pick_weighted(rng, &ws.weights)];
                if u != s {
                    people.push(u);
                }
                if v != t {
                    people.push(v);
                }
                self.walk(ws, 0, u, s, rng, people);
                self.walk(ws, 1, v, t, rng, people);
            }
        }
        for side in 0..2 {
            while ws.heap[side].pop().is_some() {}
            for &v in &ws.touched[side] {
                let vi = v as usize;
                ws.dist[side][vi] = f64::INFINITY;
                ws.sigma[side][vi] = 0.0;
                ws.settled[side][vi] = false;
            }
            ws.touched[side].clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{hop_betweenness_with, weighted_betweenness_with};
    use crate::progress::NoProgress;

    /// A pseudo-random graph of two components with many equal-length paths.
    fn random_graph(n: u32, edges: usize, state: u64) -> InteractionGraph {
        let mut rng = Rng(state);
        let mut list = Vec::new();
        let big = n - 6;
        for _ in 0..edges {
            let (a, b) = (
                rng.below(big as usize) as u32,
                rng.below(big as usize) as u32,
            );
            if a != b {
                list.push((a, b, 1.0 + rng.below(3) as f64));
            }
        }
        list.extend([
            (big, big + 1, 1.0),
            (big + 1, big + 2, 1.0),
            (big + 2, big + 3, 2.0),
            (big + 3, big + 4, 1.0),
        ]);
        InteractionGraph::from_weighted_ties(n as usize, &list)
    }

    fn largest_error(a: &[f64], b: &[f64]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn sample_size_follows_riondato_kornaropoulos() {
        // ε = 0.01, δ = 0.1, VD = 10: ⌈5000 · (⌊log₂ 8⌋ + 1 + ln 10)⌉ = ⌈5000 · 6.302585⌉
        let (r, bound) = sample_size(0.01, 0.1, 8, 1_000_000);
        assert_eq!((r, bound), (31513, SampleBound::VcDimension));
        // a long diameter on few elements: the union bound is smaller
        let (r, bound) = sample_size(0.1, 0.1, 1 << 40, 10);
        assert_eq!(bound, SampleBound::HoeffdingUnion);
        assert_eq!(r, ((200.0f64).ln() / 0.02).ceil() as u64);
    }

    #[test]
    fn vertex_diameter_bounds_a_path_and_a_star() {
        // a path of 7 people from person 0: eccentricity 6, bound min(13, 7) = 7
        let path: Vec<(u32, u32, f64)> = (0..6).map(|i| (i, i + 1, 1.0)).collect();
        let g = InteractionGraph::from_weighted_ties(7, &path);
        assert_eq!(hop_vertex_diameter_bound(&g), 7);
        // a star from its centre: 2·1 + 1 = 3, and a separate pair: 2
        let g = InteractionGraph::from_weighted_ties(
            8,
            &[
                (0, 1, 1.0),
                (0, 2, 1.0),
                (0, 3, 1.0),
                (0, 4, 1.0),
                (5, 6, 1.0),
            ],
        );
        assert_eq!(hop_vertex_diameter_bound(&g), 3);
        // weighted: a strong shortcut makes a 3-hop path shorter than 1 hop; the bound must
        // still cover the 4 people of that path
        let g = InteractionGraph::from_weighted_ties(
            4,
            &[(0, 1, 10.0), (1, 2, 10.0), (2, 3, 10.0), (0, 3, 1.0)],
        );
        let b = weighted_betweenness_with(&g, None, &NoProgress).0;
        assert!(b[1] > 0.0 && b[2] > 0.0, "{b:?}");
        assert_eq!(weighted_vertex_diameter_bound(&g), 4);
    }

    #[test]
    fn hop_estimates_are_within_epsilon_and_deterministic() {
        let g = random_graph(120, 300, 11);
        let department: Vec<u32> = (0..120).map(|v| v % 4).collect();
        let extras = Extras {
            ties: true,
            departments: Some(&department),
        };
        let exact = hop_betweenness_with(&g, extras, &NoProgress);
        let accuracy = Accuracy {
            epsilon: 0.02,
            delta: 0.1,
        };
        let (got, est) = sampled_hop_betweenness(&g, extras, accuracy, 3, &NoProgress);
        assert!(largest_error(&got.people, &exact.people) <= 0.02);
        assert!(largest_error(&got.ties, &exact.ties) <= 0.02);
        assert!(largest_error(&got.between_departments, &exact.between_departments) <= 0.02);
        assert!(est.pairs.samples > 5_000, "{est:?}");
        // unbiased on the reported scale: the mean of the people's values matches closely
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        assert!((mean(&got.people) - mean(&exact.people)).abs() < 0.002);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let again = pool.install(|| sampled_hop_betweenness(&g, extras, accuracy, 3, &NoProgress));
        assert_eq!(again.0, got);
        let other = sampled_hop_betweenness(&g, extras, accuracy, 4, &NoProgress);
        assert_ne!(other.0.people, got.people);
    }

    #[test]
    fn weighted_estimates_are_within_epsilon() {
        let g = random_graph(90, 200, 5);
        let department: Vec<u32> = (0..90).map(|v| v % 3).collect();
        let (people, between) = weighted_betweenness_with(&g, Some(&department), &NoProgress);
        let accuracy = Accuracy {
            epsilon: 0.03,
            delta: 0.1,
        };
        let ((got, got_between), est) =
            sampled_weighted_betweenness(&g, Some(&department), accuracy, 9, &NoProgress);
        assert!(largest_error(&got, &people) <= 0.03);
        assert!(largest_error(&got_between, &between) <= 0.03);
        assert!(est.between_departments.is_some());
    }

    #[test]
    fn estimates_are_on_the_reported_scale() {
        // a path a-b-c-d: b lies between (a,c), (a,d): 2 of the 3 pairs without b, so 2/3
        // reported, while R&K's b(b) = 4/12 over ordered pairs; the tie b-c carries 4 of 6
        let g = InteractionGraph::from_weighted_ties(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let extras = Extras {
            ties: true,
            departments: None,
        };
        let accuracy = Accuracy {
            epsilon: 0.01,
            delta: 0.1,
        };
        let (got, est) = sampled_hop_betweenness(&g, extras, accuracy, 1, &NoProgress);
        assert!((got.people[1] - 2.0 / 3.0).abs() <= 0.01, "{got:?}");
        assert!((got.ties[1] - 4.0 / 6.0).abs() <= 0.01, "{got:?}");
        assert_eq!(est.pairs.vertex_diameter_bound, 4);
        let ((weighted, _), _) = sampled_weighted_betweenness(&g, None, accuracy, 1, &NoProgress);
        assert!((weighted[2] - 2.0 / 3.0).abs() <= 0.01, "{weighted:?}");
    }

    #[test]
    fn cross_pairs_are_uniform_over_pairs_of_different_departments() {
        // departments of sizes 1, 2, 3: ordered cross pairs 2·(1·2 + 1·3 + 2·3) = 22
        let department = [2, 1, 2, 0, 1, 2];
        let pairs = CrossPairs::new(&department);
        assert_eq!(pairs.total(), 22);
        let mut rng = Rng::for_stream(1, 0);
        let mut seen = std::collections::BTreeMap::new();
        for _ in 0..22_000 {
            let (s, t) = pairs.draw(&mut rng);
            assert_ne!(department[s as usize], department[t as usize]);
            *seen.entry((s, t)).or_insert(0) += 1;
        }
        assert_eq!(seen.len(), 22);
        assert!(seen.values().all(|&c| (800..1200).contains(&c)), "{seen:?}");
    }
}
