#![no_main]
//! Fuzz target `m365_trace`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::m365_trace.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::m365_trace(data));
