#!/usr/bin/env bash
# make scan: wapiti and sqlmap against the portal on 127.0.0.1 (see scripts/scan.py).
# Installs Debian's wapiti and sqlmap when missing. Needs PostgreSQL (scripts/test-services.sh);
# SCAN_DATABASE_URL names the database it recreates (default portal_scan). Exits 1 on findings.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wapiti >/dev/null 2>&1 || ! command -v sqlmap >/dev/null 2>&1; then
  echo "Installing wapiti and sqlmap (Debian packages) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wapiti sqlmap >/dev/null
fi

exec .venv/bin/python scripts/scan.py "$@"
