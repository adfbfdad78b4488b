#!/bin/sh
# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# The stress test's critical section, for the shell peers (flock(1),
# lockfilectl, etcd's kinds): as stress_worker.cpp's. With "announce", it
# says "in" on standard output once inside, for a test to kill it there.
# usage: critical_section.sh ID JOURNAL COUNTER [announce]
echo "start $1" >>"$2"
if [ "${4:-}" = announce ]; then echo in; fi
value=$(cat "$3")
# Written aside, then renamed: a holder killed here leaves the counter whole.
echo $((value + 1)) >"$3.$$"
mv "$3.$$" "$3"
echo "end $1" >>"$2"
