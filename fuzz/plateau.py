#!/usr/bin/env python3
"""Runs fuzz targets one after the other until each reaches a coverage plateau.

A target stops when its edge coverage (libFuzzer's `cov:`) has not grown for --flat seconds of
the fuzzer's own CPU time (default 600: the issue's "10 minutes"), or after --cap CPU seconds.
CPU time, not the wall clock, so that a lane run at `nice 19` beside other work is judged by the
fuzzing it did. Do not pause a lane with SIGSTOP: libFuzzer's -timeout is on the wall clock, and
the unit running when the process resumes is reported as a timeout. Such a timeout is told from a
real one by running its input again alone: when it passes within the timeout, the target is
started again (from its corpus, its CPU time and coverage carried over) and the input renamed
`*.false-timeout`. Needs the optimized build (`cargo +nightly fuzz build --sanitizer none --debug-assertions --codegen-units 16`, as
fuzz/run.sh makes it). Each target reads fuzz/corpus-run/T (where it adds what it finds),
fuzz/corpus/T and fuzz/regressions/T; logs go to fuzz/logs/T.plateau.log, one result line a
target to fuzz/logs/plateau.tsv. Exits 1 at the first crash, timeout or out-of-memory (the input
is in fuzz/artifacts/T/, as with fuzz/run.sh).

    fuzz/plateau.py [--flat 600] [--cap 3600] [TARGET...]
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "target", "x86_64-unknown-linux-gnu", "release")
STATUS = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+).*?exec/s: (\d+)")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of a process (and its threads), from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None


TIMEOUT_EXIT = 70  # libFuzzer's -timeout_exitcode


def is_false_timeout(target, log):
    """True when the fuzzer reported a timeout on an input that passes alone within it."""
    match = re.findall(r"Test unit written to (\S+)", open(log, errors="replace").read())
    if not match:
        return False
    artifact = os.path.join(HERE, match[-1])
    again = subprocess.run([os.path.join(BIN, target), "-timeout=10", artifact], cwd=HERE,
                           capture_output=True)
    if again.returncode == 0:
        os.rename(artifact, artifact + ".false-timeout")
        return True
    return False


def run_target(target, flat, cap):
    carried = (0.0, 0, 0.0)  # CPU seconds, coverage and the CPU second it was reached
    while True:
        outcome = run_once(target, flat, cap, carried)
        if outcome[0] != "false-timeout":
            return outcome[1]
        carried = outcome[1:]
        print(f"{target}: a false timeout (the process was paused); starting it again", flush=True)


def run_once(target, flat, cap, carried):
    carried, carried_cov, carried_cov_at = carried
    dirs = [f"corpus-run/{target}", f"corpus/{target}"]
    os.makedirs(os.path.join(HERE, dirs[0]), exist_ok=True)
    os.makedirs(os.path.join(HERE, "artifacts", target), exist_ok=True)
    if os.path.isdir(os.path.join(HERE, "regressions", target)):
        dirs.append(f"regressions/{target}")
    cmd = [
        os.path.join(BIN, target), *dirs,
        "-max_len=65536", "-rss_limit_mb=2048", "-timeout=10", "-print_final_stats=1",
        "-max_total_time=1000000", "-handle_usr1=1", f"-artifact_prefix=artifacts/{target}/",
    ]
    os.makedirs(os.path.join(HERE, "logs"), exist_ok=True)
    log_path = os.path.join(HERE, "logs", f"{target}.plateau.log")
    log = open(log_path, "a" if carried else "w")
    proc = subprocess.Popen(cmd, cwd=HERE, stderr=subprocess.PIPE, stdout=log, text=True,
                            errors="replace")
    state = {"runs": 0, "cov": carried_cov, "ft": 0, "execs": 0, "cov_at": carried_cov_at,
             "loaded": False}
    lock = threading.Lock()

    def read_log():
        for line in proc.stderr:
            log.write(line)
            m = STATUS.match(line)
            if not m:
                continue
            runs, kind, cov, ft, execs = m.groups()
            with lock:
                state.update(runs=int(runs), ft=int(ft), execs=int(execs))
                if kind in ("INITED", "DONE"):
                    state["loaded"] = True
                if int(cov) > state["cov"]:
                    state["cov"] = int(cov)
                    now = cpu_seconds(proc.pid)
                    state["cov_at"] = carried + now if now is not None else state["cov_at"]
        log.flush()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    stopped_by_us, plateau, cpu = False, False, carried
    while proc.poll() is None:
        time.sleep(2)
        now = cpu_seconds(proc.pid)
        cpu = carried + now if now is not None else cpu
        with lock:
            flat_for = cpu - state["cov_at"] if state["loaded"] else 0.0
        if state["loaded"] and (flat_for >= flat or cpu >= cap) and not stopped_by_us:
            plateau = flat_for >= flat
            stopped_by_us = True
            proc.send_signal(signal.SIGUSR1)  # graceful: final stats, corpus kept
            deadline = time.time() + 60
            while proc.poll() is None and time.time() < deadline:
                time.sleep(1)
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
    reader.join(timeout=30)
    log.close()
    code = proc.wait()
    with lock:
        s = dict(state)
    if code == TIMEOUT_EXIT and not stopped_by_us and is_false_timeout(target, log_path):
        return ("false-timeout", cpu, s["cov"], s["cov_at"])
    flat_min = (cpu - s["cov_at"]) / 60
    line = (f"{target}\t{time.strftime('%Y-%m-%dT%H:%M:%S')}\truns={s['runs']}\tcpu_min={cpu / 60:.1f}"
            f"\tcov={s['cov']}\tft={s['ft']}\texec_s={s['execs']}\tcov_flat_cpu_min={flat_min:.1f}"
            f"\tplateau={'yes' if plateau else 'no'}\texit={code}")
    with open(os.path.join(HERE, "logs", "plateau.tsv"), "a") as f:
        f.write(line + "\n")
    print(line, flush=True)
    return ("done", stopped_by_us or code == 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flat", type=float, default=600, help="CPU seconds without new coverage")
    ap.add_argument("--cap", type=float, default=3600, help="CPU seconds at most a target")
    ap.add_argument("targets", nargs="*")
    args = ap.parse_args()
    targets = args.targets or sorted(
        f[:-3] for f in os.listdir(os.path.join(HERE, "fuzz_targets")) if f.endswith(".rs"))
    for target in targets:
        if not run_target(target, args.flat, args.cap):
            print(f"fuzz target {target} failed: the input is in fuzz/artifacts/{target}/ "
                  f"(docs/FUZZING.md says what to do with it); log: fuzz/logs/{target}.plateau.log")
            sys.exit(1)


if __name__ == "__main__":
    main()
