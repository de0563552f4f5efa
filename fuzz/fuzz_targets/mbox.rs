#![no_main]
//! Fuzz target `mbox`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::mail.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::mail(data));
