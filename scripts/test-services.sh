#!/usr/bin/env bash
# Installs (Debian packages) and starts what the test suite talks to, on 127.0.0.1:
# PostgreSQL with a "portal" role, Redis on port 6390, and Chromium for the browser tests.
# Idempotent: a second run finds everything installed and running and changes nothing.
set -euo pipefail

PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6390}"

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
# WeasyPrint (the participants' PDFs) needs Pango and fonts: DejaVu for Latin, Greek and
# Cyrillic, Noto CJK for names in Chinese, Japanese and Korean script.
for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${need[*]}. Install them (Debian: apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL: the Debian cluster, listening on loopback only.
cluster_version=$(pg_lsclusters --no-header | awk 'NR==1 {print $1}')
if [ -z "$cluster_version" ]; then
  cluster_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$cluster_version" main >/dev/null
fi
if ! pg_lsclusters --no-header | awk '{print $4}' | grep -q online; then
  pg_ctlcluster "$cluster_version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p "$PG_PORT" -q && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PG_PORT" -q || { echo "PostgreSQL did not start" >&2; exit 1; }
su postgres -c "psql -p $PG_PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname='portal'\"" | grep -q 1 \
  || su postgres -c "psql -p $PG_PORT -qc \"CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB\""
su postgres -c "psql -p $PG_PORT -tAc \"SELECT 1 FROM pg_database WHERE datname='portal'\"" | grep -q 1 \
  || su postgres -c "psql -p $PG_PORT -qc \"CREATE DATABASE portal OWNER portal\""

# Redis: no persistence needed for tests.
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --logfile /tmp/exchange-portal-redis.log
  for _ in $(seq 1 30); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null || { echo "Redis did not start" >&2; exit 1; }
echo "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT, Chromium at $(command -v chromium)"
