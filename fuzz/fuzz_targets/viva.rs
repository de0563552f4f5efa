#![no_main]
//! Fuzz target `viva`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::viva.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::viva(data));
