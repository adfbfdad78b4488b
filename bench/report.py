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


def main():
    results, output = sys.argv[1:3]
    latency = read_rows(os.path.join(results, "latency.txt"))
    cpu = read_rows(os.path.join(results, "cpu.txt"))
    ratios = [ours[0] / floor[0]
              for ours, floor in zip(latency["async_acquire"], latency["flock_blocked+work"])]
    ratio = sorted(ratios)[len(ratios) // 2]
    each = ", ".join(f"{r:.2f}" for r in ratios)
    text = f"""# Benchmark results

Measured by `bench/run.sh` on {datetime.date.today()}, {machine()}.

## Lock cycle (acquire, write the content, release), median of 9 runs

{cycle_table(os.path.join(results, "cycle.json"))}

## Hand-off latency (500 hand-offs each) and CPU while waiting

{latency_table(latency, cpu)}

async_acquire p50 / flock_blocked+work p50, in three interleaved rounds: {each}; median
{ratio:.2f} (target: at most 1.5). The rows of those two show their median round.

![hand-off latency](handoff.png)
"""
    with open(output, "w") as f:
        f.write(text)


main()
