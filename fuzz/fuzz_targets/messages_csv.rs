#![no_main]
//! Fuzz target `messages_csv`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::messages_csv.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::messages_csv(data));
