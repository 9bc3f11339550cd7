#!/usr/bin/env bash
# Until the first release, the schema lives in one initial migration: after a model
# change, regenerate it from the models (on a scratch SQLite database).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f portal/migrations/versions/*.py
PORTAL_INSTANCE="$tmp" DATABASE_URL= .venv/bin/portal new-migration "initial schema" >/dev/null
ls portal/migrations/versions/*.py
