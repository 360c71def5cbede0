#!/usr/bin/env bash
# Back up the portal's database with the database's own tools.
#   scripts/backup.sh [FILE]    PostgreSQL: pg_dump custom format; SQLite: the online backup API
# DATABASE_URL as in the settings (default: the SQLite file of `make run`).
set -euo pipefail
cd "$(dirname "$0")/.."

url="${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}"
mkdir -p var/backups
stamp=$(date -u +%Y%m%dT%H%M%SZ)

case "$url" in
  postgres://*|postgresql://*)
    out="${1:-var/backups/portal-$stamp.dump}"
    pg_dump --format=custom --no-owner --no-privileges --file="$out" "$url"
    ;;
  sqlite://*)
    out="${1:-var/backups/portal-$stamp.sqlite3}"
    python3 - "${url#sqlite://}" "$out" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
PY
    ;;
  *) echo "Unsupported DATABASE_URL scheme: ${url%%:*}" >&2; exit 2 ;;
esac
echo "Backup written to $out"
