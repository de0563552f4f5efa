#![no_main]
//! Fuzz target `historical`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::historical.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::historical(data));
