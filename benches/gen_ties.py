#!/usr/bin/env python3
"""Seeded generator of a tie list and its directory, for `siloscope analyze --ties` at scale.

    python3 benches/gen_ties.py --people 1000000 --departments 400 --seed 1 --out /tmp/ties_1m

Writes
  DIR/people.csv  id,department          (ids p0000000, p0000001, ...)
  DIR/ties.csv    source,target,weight   (directed ties, weights with 12 decimals)

Model (numpy, vectorized; the same arguments give byte-identical files):
  * department sizes are Zipf-like (size of the i-th department ~ 1/(i+1)^0.8), at least 2 each;
  * each person starts a log-normal number of ties (median 10, mean about 13, at most 300);
  * 85 % of them go to someone of the same department, drawn uniformly; the others to anyone,
    drawn uniformly (so larger departments receive more of them);
  * 70 % of the ties are reciprocated (the row t -> s is written too, with its own weight);
  * a weight is m/k: m messages (geometric, mean 3) to k recipients (1 to 5), as the 1/k rule
    of siloscope would sum them;
  * a tie drawn twice is written twice (siloscope sums the rows of a tie).
On average a person has about 24 distinct ties (both directions counted once), a few hundred at
most.
"""

import argparse
import os

import numpy as np

CHUNK = 1_000_000


def department_sizes(rng, people, departments):
    weights = 1.0 / np.arange(1, departments + 1) ** 0.8
    sizes = np.full(departments, 2, dtype=np.int64)
    rest = people - sizes.sum()
    if rest < 0:
        raise SystemExit("--people must be at least twice --departments")
    sizes += rng.multinomial(rest, weights / weights.sum())
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--departments", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)

    sizes = department_sizes(rng, args.people, args.departments)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    department = np.repeat(np.arange(args.departments), sizes)
    with open(os.path.join(args.out, "people.csv"), "w") as f:
        f.write("id,department\n")
        for lo in range(0, args.people, CHUNK):
            hi = min(lo + CHUNK, args.people)
            f.write("".join(f"p{i:07d},D{department[i]:04d}\n" for i in range(lo, hi)))

    ties = 0
    with open(os.path.join(args.out, "ties.csv"), "w") as f:
        f.write("source,target,weight\n")
        for lo in range(0, args.people, CHUNK):
            hi = min(lo + CHUNK, args.people)
            started = np.clip(np.rint(rng.lognormal(np.log(10), 0.7, hi - lo)), 1, 300).astype(np.int64)
            source = np.repeat(np.arange(lo, hi), started)
            n = source.size
            own = department[source]
            inside = rng.random(n) < 0.85
            # a colleague: uniform over the department, the source skipped
            offset = (rng.random(n) * (sizes[own] - 1)).astype(np.int64)
            colleague = starts[own] + offset
            colleague += colleague >= source
            anyone = rng.integers(0, args.people, n)
            target = np.where(inside, colleague, anyone)
            keep = target != source
            source, target = source[keep], target[keep]
            back = rng.random(source.size) < 0.7
            s = np.concatenate([source, target[back]])
            t = np.concatenate([target, source[back]])
            m = rng.geometric(1 / 3, s.size)
            k = rng.integers(1, 6, s.size)
            w = m / k
            ties += s.size
            f.write("".join(f"p{a:07d},p{b:07d},{x:.12f}\n" for a, b, x in zip(s.tolist(), t.tolist(), w.tolist())))
    print(f"{args.people} people in {args.departments} departments, {ties} tie rows -> {args.out}")


if __name__ == "__main__":
    main()
