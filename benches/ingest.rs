//! Reading a generated message log and its directory into the interaction graph (benches/org),
//! the `ingest` and `graph` stages of `siloscope analyze`.
//!
//! ```sh
//! cargo bench --bench ingest
//! SILOSCOPE_BENCH_PEOPLE=10000 cargo bench --bench ingest
//! ```

mod org;

fn main() {
    let org = org::org();
    let bytes = std::fs::metadata(&org.messages).map_or(0, |m| m.len());
    eprintln!(
        "log: {} people, {} messages, {:.1} MB",
        org.people,
        org.people * 50,
        bytes as f64 / 1e6
    );
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn messages_and_directory_to_graph() -> usize {
    let org = org::org();
    org::read(&org.messages, &org.people_file).0.tie_count()
}
