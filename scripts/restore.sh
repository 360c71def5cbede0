#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database DATABASE_URL points at.
#   scripts/restore.sh FILE
# PostgreSQL: the target database must exist (it may be empty); objects in it are replaced.
set -euo pipefail
cd "$(dirname "$0")/.."

file="${1:?usage: scripts/restore.sh FILE}"
url="${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}"

case "$url" in
  postgres://*|postgresql://*)
    pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
      --dbname="$url" "$file"
    ;;
  sqlite://*)
    python3 - "$file" "${url#sqlite://}" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
PY
    ;;
  *) echo "Unsupported DATABASE_URL scheme: ${url%%:*}" >&2; exit 2 ;;
esac
echo "Restored $file"
