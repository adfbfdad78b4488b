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
for package in libbenchmark-dev gnuplot-nox python3-filelock python3-zc.lockfile; do
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
handoff() { # kind name count hold_ms waiter...: writes $out/kind-name.txt
    local kind=$1 name=$2 count=$3 hold=$4
    shift 4
    ./bench_handoff "$name" "$count" "$hold" "$out/$kind-$name.txt" -- "$@"
}
{
    handoff latency timer_only 500 1 ./bench_handoff_waiter timer
    handoff latency flock_blocked 500 1 ./bench_handoff_waiter flock
    handoff latency py-filelock 500 1 $python_waiter filelock
    handoff latency zc.lockfile 500 1 $python_waiter zc
    # The target's two sides, three times, interleaved: the machine is noisy.
    for round in 1 2 3; do
        handoff latency async_acquire 500 1 ./bench_handoff_waiter async
        handoff latency flock_blocked+work 500 1 ./bench_handoff_waiter flock+work
        handoff latency inotify_poll+work 500 1 ./bench_handoff_waiter inotify+work
    done
} | tee "$out/latency.txt"

echo "== CPU while waiting (3 holds of 1 to 2 s each)"
{
    handoff cpu async_acquire 3 1000 ./bench_handoff_waiter async
    handoff cpu timer_only 3 1000 ./bench_handoff_waiter timer
    handoff cpu flock_blocked 3 1000 ./bench_handoff_waiter flock
    handoff cpu py-filelock 3 1000 $python_waiter filelock
    handoff cpu zc.lockfile 3 1000 $python_waiter zc
} | tee "$out/cpu.txt"

echo "== scale"
scratch=$(mktemp -d)
./bench_scale "$scratch" | tee "$out/scale.txt"
rm -rf "$scratch"

echo "== etcd: acquire + release and hand-off against the raw gateway requests"
if [ -x ./bench_etcd ]; then
    data=$(mktemp -d /dev/shm/lockfile-bench-etcd.XXXXXX) # tmpfs: the disk is not measured
    etcd --data-dir "$data" --listen-client-urls http://127.0.0.1:23790 \
         --advertise-client-urls http://127.0.0.1:23790 \
         --listen-peer-urls http://127.0.0.1:23800 >"$data.log" 2>&1 &
    etcd_pid=$!
    until ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:23790 endpoint health >/dev/null 2>&1
    do
        sleep 0.1
    done
    ./bench_etcd http://127.0.0.1:23790 200 | tee "$out/etcd.txt"
    kill -KILL "$etcd_pid"
    rm -rf "$data" "$data.log"
fi

python3 "$root/bench/report.py" "$out" "$root/bench/results.md"
gnuplot -e "outdir='$out'; png='$root/bench/handoff.png'" "$root/bench/handoff.gp"
echo "wrote bench/results.md and bench/handoff.png"
