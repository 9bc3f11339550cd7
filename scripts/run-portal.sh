#!/usr/bin/env bash
# Prepare the instance and run the web server and the background worker together.
#
# Ctrl-C (or SIGTERM) stops both. If either stops by itself, the other is stopped
# too and the script exits non-zero, so a supervisor sees the failure.
#
# Environment: PORT (8000), HOST (127.0.0.1: loopback only), PORTAL_INSTANCE (./instance),
# WEB_CONCURRENCY (2 gunicorn processes), PORTAL_THREADS (4 per process),
# PORTAL_WORKERS (2 OCR processes), DATABASE_URL, REDIS_URL, PORTAL_ADMIN_PASSWORD.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
portal=("$VENV/bin/portal")

"${portal[@]}" init-db
"${portal[@]}" ensure-admin
# Demo data is a convenience: a portal without it is still a working portal.
if ! "${portal[@]}" demo --if-empty; then
    echo "warning: demo data was not loaded (see above); starting anyway" >&2
fi

web_pid=
worker_pid=
stopping=0

alive() {
    # Is anything left in either process group? (bash reaps its children as they
    # exit, so a finished leader does not linger as a zombie.)
    kill -0 -- "-$web_pid" 2>/dev/null || kill -0 -- "-$worker_pid" 2>/dev/null
}

stop_all() {
    local pid
    for pid in $web_pid $worker_pid; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    # A few seconds to finish what they are doing, then no more waiting.
    for _ in $(seq 50); do
        alive || return 0
        sleep 0.2
    done
    for pid in $web_pid $worker_pid; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}

trap 'stopping=1' INT TERM HUP

# Each in its own process group (setsid), so that stopping one takes all its
# children with it (gunicorn's and huey's worker processes) and nothing else.
setsid "$VENV/bin/gunicorn" --config gunicorn.conf.py &
web_pid=$!
setsid "${portal[@]}" worker --workers "${PORTAL_WORKERS:-2}" &
worker_pid=$!

echo "portal: http://127.0.0.1:${PORT:-8000}/  (web pid $web_pid, worker pid $worker_pid; Ctrl-C stops both)"

status=0
# A signal that came before this point has already set `stopping`.
[[ $stopping -eq 1 ]] || wait -n "$web_pid" "$worker_pid" || status=$?
if [[ $stopping -eq 1 ]]; then
    echo "stopping the web server and the worker"
    stop_all
    exit 0
fi

if kill -0 "$web_pid" 2>/dev/null; then dead=worker; else dead="web server"; fi
echo "error: the $dead stopped (exit status $status); stopping the rest" >&2
stop_all
exit $(( status == 0 ? 1 : status ))
