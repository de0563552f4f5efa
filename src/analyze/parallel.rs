//! Deterministic parallel sums over sources. Brandes-type algorithms add one contribution
//! vector per source; adding them in whatever order threads finish would make the last bits
//! depend on scheduling (rayon's `sum` says so for floats). Here sources are cut into chunks
//! whose size depends on the input only, each chunk is summed serially, and chunk results are
//! added in chunk order: the same bits for any thread count, serial runs included.

use rayon::prelude::*;

use crate::progress::Progress;

/// Chunk size for `n` sources: about 256 chunks, at least 8 sources each. Never depends on the
/// thread count.
pub fn chunk_size(n: usize) -> usize {
    n.div_ceil(256).max(8)
}

/// Runs `visit(state, source, acc)` for every source `0..n` and returns the sum of all `acc`
/// vectors (of length `width`), added in a fixed order. `new_state` makes the per-chunk
/// workspace (distance arrays and the like), so chunks never share mutable memory.
///
/// Chunks run in waves of a few per thread, so that memory holds only a wave's partial sums;
/// the wave size changes how many partials are alive at once, never the order they are added.
pub fn sum_over_sources<S, N, V>(
    n: usize,
    width: usize,
    new_state: N,
    visit: V,
    progress: &dyn Progress,
) -> Vec<f64>
where
    N: Fn() -> S + Sync,
    V: Fn(&mut S, u32, &mut [f64]) + Sync,
{
    let wave = (rayon::current_num_threads() * 4).max(1);
    in_waves(
        &mut (),
        wave,
        n,
        width,
        new_state,
        |_, state, s, acc, _: &mut Vec<()>| visit(state, s, acc),
        |_, _| {},
        progress,
    )
}

/// Chunks per wave of [`sum_over_sources_learning`]: fixed, so that what the graph has
/// learned before a source runs never depends on the thread count. It also caps the threads
/// such a sum keeps busy at 8 (about 32 waves, each followed by an O(m) rebuild of the graph).
const LEARNING_WAVE: usize = 8;

/// [`sum_over_sources`] over a graph that the sources teach: `visit(graph, state, source, acc,
/// found)` may push facts to `found`, and after each wave of [`LEARNING_WAVE`] chunks
/// `learn(graph, facts)` applies the wave's facts (in source order) before the next wave runs.
/// The sum is added in the same chunk order as [`sum_over_sources`]'s; which facts a source
/// sees depends on the input only. Meant for facts that change no result, only the work (the
/// weighted betweenness drops ties found on no shortest path).
pub fn sum_over_sources_learning<G, S, F, N, V, L>(
    graph: &mut G,
    n: usize,
    width: usize,
    new_state: N,
    visit: V,
    learn: L,
    progress: &dyn Progress,
) -> Vec<f64>
where
    G: Sync,
    F: Send,
    N: Fn() -> S + Sync,
    V: Fn(&G, &mut S, u32, &mut [f64], &mut Vec<F>) + Sync,
    L: FnMut(&mut G, Vec<F>),
{
    in_waves(
        graph,
        LEARNING_WAVE,
        n,
        width,
        new_state,
        visit,
        learn,
        progress,
    )
}

/// The loop of both sums: chunks of [`chunk_size`] sources, `wave` chunks in parallel at a
/// time, the partials added in chunk order, then the wave's facts learned.
#[allow(clippy::too_many_arguments)]
fn in_waves<G, S, F, N, V, L>(
    graph: &mut G,
    wave: usize,
    n: usize,
    width: usize,
    new_state: N,
    visit: V,
    mut learn: L,
    progress: &dyn Progress,
) -> Vec<f64>
where
    G: Sync,
    F: Send,
    N: Fn() -> S + Sync,
    V: Fn(&G, &mut S, u32, &mut [f64], &mut Vec<F>) + Sync,
    L: FnMut(&mut G, Vec<F>),
{
    let chunk = chunk_size(n);
    let starts: Vec<usize> = (0..n).step_by(chunk).collect();
    let mut total = vec![0.0; width];
    for wave_starts in starts.chunks(wave) {
        let shared: &G = graph;
        let partials: Vec<(Vec<f64>, Vec<F>)> = wave_starts
            .par_iter()
            .map(|&start| {
                let end = (start + chunk).min(n);
                let mut state = new_state();
                let mut acc = vec![0.0; width];
                let mut found = Vec::new();
                for s in start..end {
                    visit(shared, &mut state, s as u32, &mut acc, &mut found);
                }
                progress.inc((end - start) as u64);
                (acc, found)
            })
            .collect();
        let mut facts = Vec::new();
        for (p, found) in partials {
            for (t, x) in total.iter_mut().zip(&p) {
                *t += x;
            }
            facts.extend(found);
        }
        learn(graph, facts);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    #[test]
    fn same_bits_for_any_thread_count() {
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                sum_over_sources(
                    1000,
                    3,
                    || (),
                    |_, s, acc| {
                        let x = 1.0 / (s as f64 + 1.0);
                        acc[0] += x;
                        acc[1] += x * x;
                        acc[2] += 0.1;
                    },
                    &NoProgress,
                )
            })
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(7));
        assert!((one[0] - 7.485470860550345).abs() < 1e-12);
    }
}
