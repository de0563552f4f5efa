#!/usr/bin/env python3
"""The accuracy of `--betweenness approx` on a generated organisation: one exact run, then one
sampled run per seed, and the largest absolute error of every sampled column against the exact
one (people.csv: betweenness, between_department_betweenness; ties.csv: edge_betweenness).

Issue 15 asks that on the medium organisation every column be within ε for at least 18 of 20
seeds (δ = 0.1); the test on email-eu-core is tests/approx_betweenness.rs. Usage:

    python3 ../shared/bench/gen_org.py --people 10000 --messages 1000000 --departments 40 \
        --seed 2 --out /tmp/silo_medium
    python3 benches/approx_accuracy.py --bin target/release/siloscope --org /tmp/silo_medium \
        --seeds 20 --epsilon 0.01

Exits 1 when fewer than the seeds δ allows are within ε, so that it can gate a long check.
"""

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile
import time

PEOPLE_COLUMNS = ["betweenness", "between_department_betweenness"]
TIE_COLUMNS = ["edge_betweenness"]


def run(binary, org, out, key, extra):
    command = [
        binary, "analyze",
        "--messages", os.path.join(org, "messages.csv"),
        "--people", os.path.join(org, "people.csv"),
        "--out", out, "--force", "--quiet", "--format", "none", "--key-file", key,
        # one pass gives people, ties and the between-department columns
        "--analyses", "betweenness,edge_betweenness,brokerage",
        "--min-group-size", "1",
    ] + extra
    started = time.monotonic()
    subprocess.run(command, check=True)
    return time.monotonic() - started


def read(out):
    with open(os.path.join(out, "people.csv"), newline="", encoding="utf-8") as f:
        people = {r["id"]: r for r in csv.DictReader(f)}
    with open(os.path.join(out, "ties.csv"), newline="", encoding="utf-8") as f:
        ties = {tuple(sorted((r["source"], r["target"]))): r for r in csv.DictReader(f)}
    return people, ties


def largest_errors(exact, sampled):
    errors = {}
    for table, columns in ((0, PEOPLE_COLUMNS), (1, TIE_COLUMNS)):
        want, got = exact[table], sampled[table]
        if want.keys() != got.keys():
            sys.exit("the exact and sampled runs list different rows")
        for column in columns:
            errors[column] = max(
                abs(float(got[k][column]) - float(w[column])) for k, w in want.items()
            )
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="target/release/siloscope")
    parser.add_argument("--org", required=True, help="a folder with messages.csv and people.csv")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--epsilon", type=float, default=0.01)
    parser.add_argument("--delta", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        key = os.path.join(work, "key.hex")
        with open(key, "w") as f:
            f.write(os.urandom(32).hex())
        exact_out = os.path.join(work, "exact")
        seconds = run(args.bin, args.org, exact_out, key, ["--betweenness", "exact"])
        print(f"exact: {seconds:.1f} s")
        exact = read(exact_out)
        within = 0
        worst = {c: 0.0 for c in PEOPLE_COLUMNS + TIE_COLUMNS}
        for seed in range(1, args.seeds + 1):
            out = os.path.join(work, f"seed{seed}")
            seconds = run(args.bin, args.org, out, key, [
                "--betweenness", "approx", "--epsilon", str(args.epsilon),
                "--delta", str(args.delta), "--seed", str(seed),
            ])
            errors = largest_errors(exact, read(out))
            ok = all(e <= args.epsilon for e in errors.values())
            within += ok
            for c, e in errors.items():
                worst[c] = max(worst[c], e)
            shown = ", ".join(f"{c} {e:.5f}" for c, e in errors.items())
            print(f"seed {seed}: {seconds:.1f} s, largest errors {shown}{'' if ok else '  OVER ε'}")
        allowed = math.floor(args.delta * args.seeds)
        print(f"{within} of {args.seeds} seeds within ε = {args.epsilon} on every column "
              f"(δ = {args.delta} allows {allowed} over); worst: "
              + ", ".join(f"{c} {e:.5f}" for c, e in worst.items()))
        sys.exit(0 if args.seeds - within <= allowed else 1)


if __name__ == "__main__":
    main()
