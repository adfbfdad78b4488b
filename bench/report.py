# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
"""Writes bench/results.md from what bench/run.sh measured.

usage: report.py RESULTS_DIR OUTPUT_MD
"""
import datetime
import json
import os
import platform
import sys


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} x {model}, Linux {platform.release()}"


def cycle_table(path):
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    median = {r["run_name"].split("/")[0]: r["real_time"]
              for r in runs if r.get("aggregate_name") == "median"}
    rows = [("lock_file", "lock_file_cycle", "floor_with_content", 1.5),
            ("simple_lock_file", "simple_lock_file_cycle", "floor_without_content", 1.3)]
    lines = ["| cycle | ns | floor ns | ratio | target |", "|---|---:|---:|---:|---:|"]
    for label, ours, floor, target in rows:
        ratio = median[ours] / median[floor]
        lines.append(f"| {label} | {median[ours]:.0f} | {median[floor]:.0f} | "
                     f"{ratio:.2f} | {target} |")
    return "\n".join(lines)


def read_rows(path):
    """name -> list of (p50, p90, p99, cpu), one per run."""
    rows = {}
    with open(path) as f:
        for line in f:
            name, p50, p90, p99, cpu = line.split()
            rows.setdefault(name, []).append((float(p50), float(p90), float(p99), float(cpu)))
    return rows


def median_run(runs):
    return sorted(runs)[len(runs) // 2]


def latency_table(latency, cpu):
    lines = ["| waiter | p50 us | p90 us | p99 us | CPU ms per s of waiting |",
             "|---|---:|---:|---:|---:|"]
    for name, runs in latency.items():
        p50, p90, p99, _ = median_run(runs)
        spent = f"{cpu[name][0][3]:.2f}" if name in cpu else "-"
        lines.append(f"| {name} | {p50:.0f} | {p90:.0f} | {p99:.0f} | {spent} |")
    return "\n".join(lines)


def scale_tables(path):
    contention, queue, many = [], [], []
    with open(path) as f:
        for line in f:
            kind, *values = line.split()
            {"contention": contention, "queue": queue, "many": many}[kind].append(values)
    lines = ["| processes contending (2 s) | acquisitions per s | longest wait ms |",
             "|---:|---:|---:|"]
    lines += [f"| {p} | {float(rate):.0f} | {float(wait) / 1000:.1f} |"
              for p, rate, wait in contention]
    lines += ["", "| waiters in one process | each got it once | us per hand-off |",
              "|---:|---:|---:|"]
    lines += [f"| {n} | {done} | {float(us):.1f} |" for n, done, us in queue]
    lines += ["", "| locks held by one process | us per acquire (last batch) | "
              "descriptors per lock | KiB per lock |", "|---:|---:|---:|---:|"]
    lines += [f"| {n} | {us} | {fds} | {kib} |" for n, us, fds, kib in many]
    return "\n".join(lines)


def main():
    results, output = sys.argv[1:3]
    latency = read_rows(os.path.join(results, "latency.txt"))
    cpu = read_rows(os.path.join(results, "cpu.txt"))
    def ratio_to(floor_name):
        ratios = [ours[0] / floor[0]
                  for ours, floor in zip(latency["async_acquire"], latency[floor_name])]
        return sorted(ratios)[len(ratios) // 2], ", ".join(f"{r:.2f}" for r in ratios)
    ratio, each = ratio_to("flock_blocked+work")
    inotify_ratio, inotify_each = ratio_to("inotify_poll+work")
    text = f"""# Benchmark results

Measured by `bench/run.sh` on {datetime.date.today()}, {machine()}.

## Lock cycle (acquire, write the content, release), median of 9 runs

{cycle_table(os.path.join(results, "cycle.json"))}

## Hand-off latency (500 hand-offs each) and CPU while waiting

{latency_table(latency, cpu)}

async_acquire p50 / flock_blocked+work p50, in three interleaved rounds: {each}; median
{ratio:.2f} (target: at most 1.5). async_acquire p50 / inotify_poll+work p50 (the floor of a
waiter that sleeps on inotify instead of blocking in flock, doing the same work): {inotify_each};
median {inotify_ratio:.2f}. The rows of those three show their median round.

![hand-off latency](handoff.png)

## Scale

{scale_tables(os.path.join(results, "scale.txt"))}
"""
    with open(output, "w") as f:
        f.write(text)


main()
