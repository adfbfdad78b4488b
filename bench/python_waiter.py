# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
"""The waiting side of bench_handoff for the Python peers.

usage: python_waiter.py filelock|zc PATH

For each "go" line on stdin: prints "waiting", takes the lock as that peer's
users do (py-filelock: acquire() with its defaults; zc.lockfile: retry every
10 ms), then prints "START_NS HELD_NS CPU_NS" and releases.
"""
import sys
import time


def wait_filelock(path):
    import filelock
    lock = filelock.FileLock(path)
    lock.acquire()
    return lock.release


def wait_zc(path):
    import zc.lockfile
    while True:
        try:
            return zc.lockfile.LockFile(path).close
        except zc.lockfile.LockError:
            time.sleep(0.01)


def main():
    kind, path = sys.argv[1:3]
    wait = {"filelock": wait_filelock, "zc": wait_zc}[kind]
    for _ in sys.stdin:
        start = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        cpu = time.process_time_ns()
        print("waiting", flush=True)
        release = wait(path)
        held = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        used = time.process_time_ns() - cpu
        release()
        print(start, held, used, flush=True)


main()
