#!/usr/bin/env bash
# make scan: wapiti and sqlmap against the portal on 127.0.0.1 (see scripts/scan.py).
# Installs Debian's wapiti and sqlmap when missing. Needs PostgreSQL (scripts/test-services.sh);
# SCAN_DATABASE_URL names the database it recreates (default portal_scan). Exits 1 on findings.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v wapiti >/dev/null 2>&1 || need+=(wapiti)
command -v sqlmap >/dev/null 2>&1 || need+=(sqlmap)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${need[*]}. Install them (Debian: apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

exec .venv/bin/python scripts/scan.py "$@"
