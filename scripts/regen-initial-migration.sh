#!/usr/bin/env bash
# Folds every migration back into one initial migration, generated from the models on a
# scratch SQLite database. Only before a first release: an instance migrated to a revision
# this removes can no longer upgrade. After a model change, prefer a new migration:
#   PORTAL_INSTANCE=<an instance at head> .venv/bin/portal new-migration "what changed"
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f portal/migrations/versions/*.py
PORTAL_INSTANCE="$tmp" DATABASE_URL= .venv/bin/portal new-migration "initial schema" >/dev/null
ls portal/migrations/versions/*.py
