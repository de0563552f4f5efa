#![no_main]
//! Fuzz target `ics`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::ics.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::ics(data));
