#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each, one after the other, from its
# committed corpus (fuzz/corpus/<target>, fuzz/regressions/<target>) and the inputs earlier runs
# added (fuzz/corpus-run/<target>, not committed). Stops with a failure, the end of the log and
# the crashing input (fuzz/artifacts/<target>/) at the first crash, timeout or out-of-memory.
# The short run of .ci/run: fuzz/run.sh 10; a long one: fuzz/run.sh 1800 (docs/FUZZING.md).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
command -v rustup >/dev/null || { echo "rustup is required for the nightly toolchain (rustup.rs)"; exit 1; }
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
# No sanitizer (safe Rust: a panic, an overflow, a timeout or an out-of-memory is what the
# fuzzer looks for, and address sanitizing would need the standard library rebuilt); overflow
# checks on; 16 codegen units, for a build within a few minutes on 2 cores.
flags=(--sanitizer none --debug-assertions --codegen-units 16)
# FUZZ_DEV=1 (the short run of .ci/run): an unoptimized build, 1.5 min instead of several on
# 2 cores; it runs several times slower, which a smoke run of seconds can afford.
# The time an input may take scales with it (the slowest known input, fuzz/regressions/ics,
# takes about 1 s optimized and over 10 s unoptimized).
timeout=10
if [ "${FUZZ_DEV:-0}" = 1 ]; then
    flags+=(--dev)
    timeout=60
fi
cargo +nightly fuzz build "${flags[@]}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
mkdir -p logs
for target in "${targets[@]}"; do
    mkdir -p "corpus-run/$target"
    dirs=("corpus-run/$target" "corpus/$target")
    [ -d "regressions/$target" ] && dirs+=("regressions/$target")
    if ! cargo +nightly fuzz run "${flags[@]}" "$target" "${dirs[@]}" -- \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout="$timeout" \
        -print_final_stats=1 >"logs/$target.log" 2>&1; then
        tail -n 60 "logs/$target.log"
        echo "fuzz target $target failed: the input is in fuzz/artifacts/$target/ (docs/FUZZING.md says what to do with it)"
        exit 1
    fi
    echo "fuzz $target: $(grep -m1 '^stat::number_of_executed_units' "logs/$target.log" | cut -d: -f4 | tr -d ' ') runs in ${seconds}s, $(grep -E '^#[0-9]+' "logs/$target.log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+')"
done
