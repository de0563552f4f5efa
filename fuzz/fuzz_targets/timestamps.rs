#![no_main]
//! Fuzz target `timestamps`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::timestamps.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::timestamps(data));
