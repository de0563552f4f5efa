#![no_main]
//! Fuzz target `directory_csv`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::directory_csv.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::directory_csv(data));
