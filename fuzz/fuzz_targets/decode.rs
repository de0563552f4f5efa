#![no_main]
//! Fuzz target `decode`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::decode.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::decode(data));
