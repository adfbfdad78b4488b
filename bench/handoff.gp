# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# Cumulative distributions of the hand-off latencies (bench/run.sh).
# Variables: outdir (where latency-*.txt are), png (the output).
set terminal pngcairo size 900,520 font ",10"
set output png
set logscale x
set xlabel "release to held (microseconds, log scale)"
set ylabel "fraction of hand-offs"
set key bottom right
set grid
set title "Hand-off latency: a holder process releases, a waiter holds"
waiters = "async_acquire flock_blocked flock_blocked+work inotify_poll+work timer_only zc.lockfile py-filelock"
plot for [w in waiters] sprintf("%s/latency-%s.txt", outdir, w) \
     using 1:($0/499.0) with lines lw 2 title w noenhanced
