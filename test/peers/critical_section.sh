#!/bin/sh
# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# The stress test's critical section, for the shell peers (flock(1),
# lockfilectl): as stress_worker.cpp's. usage: critical_section.sh ID JOURNAL COUNTER
echo "start $1" >>"$2"
value=$(cat "$3")
echo $((value + 1)) >"$3"
echo "end $1" >>"$2"
