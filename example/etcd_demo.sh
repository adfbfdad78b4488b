#!/bin/sh
# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# The lock across hosts in one minute: starts a throwaway etcd on loopback
# (Debian's etcd-server, data in a temporary directory), then lockfilectl
# holds the lock "demo" while a second lockfilectl is refused and
# `etcdctl lock` queues behind it. usage: example/etcd_demo.sh [BUILD_DIR]
set -eu
ctl=${1:-build}/tools/lockfilectl/lockfilectl
data=$(mktemp -d)
etcd --data-dir "$data/etcd" --listen-client-urls http://127.0.0.1:23790 \
     --advertise-client-urls http://127.0.0.1:23790 \
     --listen-peer-urls http://127.0.0.1:23800 >"$data/log" 2>&1 &
etcd_pid=$!
# SIGKILL: its data is thrown away, and SIGTERM waits for open clients.
trap 'status=$?; kill -KILL "$etcd_pid" 2>/dev/null; wait "$etcd_pid" 2>/dev/null || :
      rm -rf "$data"; exit "$status"' EXIT
export LOCKFILE_ETCD_ENDPOINTS=http://127.0.0.1:23790 ETCDCTL_API=3
until etcdctl --endpoints="$LOCKFILE_ETCD_ENDPOINTS" endpoint health >/dev/null 2>&1; do
    if ! kill -0 "$etcd_pid" 2>/dev/null; then # such as port 23790 taken
        echo "etcd did not start:" >&2
        tail -3 "$data/log" >&2
        exit 1
    fi
    sleep 0.1
done

"$ctl" run demo -- sh -c 'echo "[lockfilectl] holds demo, fencing token $LOCKFILE_FENCING_TOKEN"
                          sleep 2' &
holder=$!
until "$ctl" status demo >/dev/null; [ $? = 1 ]; do sleep 0.1; done
"$ctl" status demo || : # exit status 1: locked
"$ctl" run -n demo -- true || echo "[a second lockfilectl -n] refused, exit status $?"
etcdctl --endpoints="$LOCKFILE_ETCD_ENDPOINTS" lock demo -- \
    sh -c 'echo "[etcdctl lock] holds demo after it, key $ETCD_LOCK_KEY"'
wait "$holder"
