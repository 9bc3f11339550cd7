#!/usr/bin/env bash
# Run a command beside a throw-away Redis server on loopback.
#
#   scripts/with-redis.sh .venv/bin/pytest tests/test_queue_redis.py
#
# Installs Debian's redis-server when missing, starts it on 127.0.0.1 on a free port
# (REDIS_TEST_PORT, default 6380, or the next free one) with no persistence, and
# gives the command TEST_REDIS_URL (and REDIS_URL, which switches the portal's
# queue to RedisHuey) = redis://127.0.0.1:PORT/0. The server stops when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

scripts/install-system-packages.sh redis-server

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port=${REDIS_TEST_PORT:-6380}
while port_in_use "$port"; do port=$((port + 1)); done

workdir=$(mktemp -d /tmp/portal-redis.XXXXXX)
# In a session of its own, so that Ctrl-C, meant for the command, does not stop Redis under
# it while it shuts down; the trap below stops Redis once the command has ended.
setsid redis-server --bind 127.0.0.1 --port "$port" --dir "$workdir" --save '' --appendonly no \
    --daemonize no --logfile "$workdir/redis.log" &
redis_pid=$!

stop_redis() {
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    rm -rf "$workdir"
}
trap stop_redis EXIT

for _ in $(seq 50); do
    [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]] && break
    kill -0 "$redis_pid" 2>/dev/null || { cat "$workdir/redis.log" >&2; exit 1; }
    sleep 0.1
done

export TEST_REDIS_URL="redis://127.0.0.1:$port/0"
export REDIS_URL=$TEST_REDIS_URL
echo "Redis on 127.0.0.1:$port"
"$@"
