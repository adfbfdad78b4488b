# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
"""A Python lock peer for lockfile's interoperability tests.

usage: python_peer.py zc|filelock|portalocker|fasteners hold|try PATH
       python_peer.py zc stress PATH ID COUNT JOURNAL COUNTER

hold: prints "locked" once it holds the lock, releases when stdin closes.
try:  exits 0 if it got the lock (and releases it), 1 on contention.
stress: COUNT times, takes the lock (retrying every millisecond) and runs the
      critical section of stress_worker.cpp.
Any other failure (a missing module...) exits 2, never 1.
"""
import sys
import time


def acquire(kind, path):
    """Returns a release function, or None on contention."""
    if kind == "zc":
        import zc.lockfile
        try:
            lock = zc.lockfile.LockFile(path)
        except zc.lockfile.LockError:
            return None
        return lock.close
    if kind == "filelock":
        import filelock
        lock = filelock.FileLock(path)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            return None
        return lock.release
    if kind == "portalocker":
        import portalocker
        handle = open(path, "a")
        try:
            portalocker.lock(handle, portalocker.LOCK_EX | portalocker.LOCK_NB)
        except portalocker.exceptions.LockException:
            handle.close()
            return None
        return handle.close
    if kind == "fasteners":
        import fasteners
        lock = fasteners.InterProcessLock(path)
        if not lock.acquire(blocking=False):
            return None
        return lock.release
    raise ValueError("unknown peer kind " + kind)


def stress(kind, path, ident, count, journal, counter):
    for _ in range(int(count)):
        release = acquire(kind, path)
        while release is None:
            time.sleep(0.001)
            release = acquire(kind, path)
        with open(journal, "a") as f:
            f.write("start %s\n" % ident)
        with open(counter) as f:
            value = int(f.read() or 0)
        with open(counter, "w") as f:
            f.write(str(value + 1))
        with open(journal, "a") as f:
            f.write("end %s\n" % ident)
        release()


def main():
    if sys.argv[2] == "stress":
        return stress(sys.argv[1], *sys.argv[3:8])
    kind, action, path = sys.argv[1:4]
    release = acquire(kind, path)
    if release is None:
        print("busy", flush=True)
        sys.exit(1)
    if action == "hold":
        print("locked", flush=True)
        sys.stdin.read()
    release()


try:
    main()
except Exception as error:  # never mistaken for contention
    print("error:", repr(error), flush=True)
    sys.exit(2)
