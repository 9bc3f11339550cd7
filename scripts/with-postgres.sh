#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster on loopback.
#
#   scripts/with-postgres.sh make test
#
# Installs Debian's postgresql when missing, creates a cluster in a temporary
# folder, listening on 127.0.0.1 only (port PG_TEST_PORT, default 5433, or the next
# free one), with role `portal` and database `portal_test`. The command sees
# TEST_DATABASE_URL=postgresql://portal:portal@127.0.0.1:PORT/portal_test.
# The cluster and its folder are removed when the command ends, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

scripts/install-system-packages.sh postgresql

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[[ -x $bindir/initdb ]] || { echo "error: no initdb under /usr/lib/postgresql" >&2; exit 1; }

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port=${PG_TEST_PORT:-5433}
while port_in_use "$port"; do port=$((port + 1)); done

cluster=$(mktemp -d /tmp/portal-pg.XXXXXX)
# PostgreSQL refuses to run as root: as root, the cluster belongs to `postgres`.
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$cluster"
    as_owner=(runuser -u postgres --)
else
    as_owner=()
fi

stop_cluster() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
}
trap stop_cluster EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$cluster/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 \
    || { cat "$cluster/initdb.log" >&2; exit 1; }
# Durability is pointless for a cluster that is deleted afterwards; speed is not.
if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start \
        -o "-k $cluster -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null; then
    cat "$cluster/server.log" >&2
    exit 1
fi
"${as_owner[@]}" "$bindir/psql" -h "$cluster" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE portal LOGIN PASSWORD 'portal';
CREATE DATABASE portal_test OWNER portal;
SQL

export TEST_DATABASE_URL="postgresql://portal:portal@127.0.0.1:$port/portal_test"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster $cluster)"
# Not exec: the trap must run to stop the cluster.
"$@"
