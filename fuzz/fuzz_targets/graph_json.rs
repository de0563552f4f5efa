#![no_main]
//! Fuzz target `graph_json`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::graph_json.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::graph_json(data));
