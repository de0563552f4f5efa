#![no_main]
//! Fuzz target `slack`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::slack.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::slack(data));
