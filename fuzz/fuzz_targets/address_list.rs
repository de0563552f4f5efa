#![no_main]
//! Fuzz target `address_list`: see docs/FUZZING.md; the harness is siloscope::ingest::fuzzing::address_list.
libfuzzer_sys::fuzz_target!(|data: &[u8]| siloscope::ingest::fuzzing::address_list(data));
