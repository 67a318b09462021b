#!/usr/bin/env bash
# Debian packages the test suite uses beyond Node itself:
#   openssl            `openssl cms -verify` / `openssl dgst` cross-check our EF.SOD
#   postgresql-client  psql and pgbench, used by the benchmarks
# Installs only what is missing, and only where it can (root with apt-get).
set -euo pipefail
need=()
command -v openssl >/dev/null || need+=(openssl)
command -v pgbench >/dev/null || need+=(postgresql-client postgresql-contrib)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: please install: ${need[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
