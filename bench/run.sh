#!/bin/bash
# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# Runs every benchmark on this machine and writes bench/results.md and
# bench/handoff.png (a few minutes). Release build in build-bench/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
out="$build/results"
mkdir -p "$out"

missing=""
for package in libbenchmark-dev gnuplot-nox python3-filelock python3-zc.lockfile hyperfine; do
    dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -q '^installed$' ||
        missing="$missing $package"
done
if [ -n "$missing" ]; then
    apt-get update -q && apt-get install -y -q --no-install-recommends $missing
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
      -DLOCKFILE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" -j2 >/dev/null
cd "$build/bench"

echo "== lock cycle against the floor"
./bench_cycle --benchmark_min_time=0.2 --benchmark_format=json >"$out/cycle.json"

echo "== hand-off latency"
python_waiter="/usr/bin/python3 $root/bench/python_waiter.py"
handoff() { # kind names count hold_ms waiter...: writes $out/kind-NAME.txt per name
    local kind=$1 names=$2 count=$3 hold=$4
    shift 4
    ./bench_handoff "$names" "$count" "$hold" "$out/$kind-" -- "$@"
}
{
    handoff latency timer_only 500 1 ./bench_handoff_waiter timer
    handoff latency flock_blocked 500 1 ./bench_handoff_waiter flock
    handoff latency py-filelock 500 1 $python_waiter filelock
    handoff latency zc.lockfile 500 1 $python_waiter zc
    handoff latency boost_timed_lock 500 1 ./bench_handoff_waiter boost_timed
    # The targets and their floors in one waiter process, taking turns
    # hand-off by hand-off, so that none gets a quieter machine; three runs.
    for round in 1 2 3; do
        handoff latency async_acquire,blocking_wait,file_lock,flock_blocked+work,inotify_poll+work \
            500 1 ./bench_handoff_waiter async,blocking,file_lock,flock+work,inotify+work
    done
} | tee "$out/latency.txt"

echo "== CPU while waiting (3 holds of 1 to 2 s each)"
{
    handoff cpu async_acquire 3 1000 ./bench_handoff_waiter async
    handoff cpu blocking_wait 3 1000 ./bench_handoff_waiter blocking
    handoff cpu boost_timed_lock 3 1000 ./bench_handoff_waiter boost_timed
    handoff cpu timer_only 3 1000 ./bench_handoff_waiter timer
    handoff cpu flock_blocked 3 1000 ./bench_handoff_waiter flock
    handoff cpu py-filelock 3 1000 $python_waiter filelock
    handoff cpu zc.lockfile 3 1000 $python_waiter zc
} | tee "$out/cpu.txt"

echo "== scale"
scratch=$(mktemp -d)
./bench_scale "$scratch" | tee "$out/scale.txt"
rm -rf "$scratch"

echo "== etcd: against the raw gateway requests, etcdctl lock, and at scale"
if [ -x ./bench_etcd ]; then
    ulimit -n "$(ulimit -Hn)" # a thousand waiters: a connection each, on both sides
    data=$(mktemp -d /dev/shm/lockfile-bench-etcd.XXXXXX) # tmpfs: the disk is not measured
    endpoint=http://127.0.0.1:23790
    etcd --data-dir "$data" --listen-client-urls $endpoint --advertise-client-urls $endpoint \
         --listen-peer-urls http://127.0.0.1:23800 >"$data.log" 2>&1 &
    etcd_pid=$!
    until ETCDCTL_API=3 etcdctl --endpoints=$endpoint endpoint health >/dev/null 2>&1; do
        sleep 0.1
    done
    ./bench_etcd $endpoint 200 | tee "$out/etcd.txt"
    ./bench_etcd_scale $endpoint 1000 | tee "$out/etcd-scale.txt"
    # Whole processes, one command each: lockfilectl against etcdctl.
    lockfilectl="$build/tools/lockfilectl/lockfilectl"
    ETCDCTL_API=3 hyperfine -N --style none --warmup 5 --runs 100 \
        --export-json "$out/etcd-cli.json" \
        "$lockfilectl run --etcd $endpoint bench-cli true" \
        "etcdctl --endpoints=$endpoint lock bench-cli true"
    kill -KILL "$etcd_pid"
    rm -rf "$data" "$data.log"
fi

python3 "$root/bench/report.py" "$out" "$root/bench/results.md"
gnuplot -e "outdir='$out'; png='$root/bench/handoff.png'" "$root/bench/handoff.gp"
echo "wrote bench/results.md and bench/handoff.png"
