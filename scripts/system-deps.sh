#!/usr/bin/env bash
# Debian packages the project uses beyond Node itself. Run by `npm ci`/`npm install` (root
# `preinstall`, so the headers exist before the optional native `pcsclite` module builds) and
# by .ci/run. Installs only what is missing, and only where it can (root with apt-get);
# elsewhere it names what to install and carries on.
#   libpcsclite-dev, pcscd   PC/SC: the optional `pcsclite` module and the daemon it talks to
#   vsmartcard-vpcd          the virtual PC/SC reader our virtual chip plugs into (port 35963)
#   openssl                  `openssl cms -verify` / `openssl dgst` cross-checks of our EF.SOD
#   openpace, libeac-dev, gcc, libssl-dev  OpenPACE (BSI TR-03110): `cvc-create`/`cvc-print` check our
#                            card-verifiable certificates, and a PACE terminal built on libeac runs
#                            against our chip (packages/emrtd/src/pace/openpace.test.ts)
#   postgresql-client/-contrib  psql and pgbench, the benchmarks' physical limits
#   wrk                      HTTP load generator of bench:lookup (C: leaves the cores to the server)
#   softhsm2                 the default PKCS#11 token holding the CSCA, Document Signer and QR keys
#   g++, make, python3       the native build of pkcs11js (under graphene-pk11) at install
#   poppler-utils            pdftotext: the card-face tests read the text back from the PDF
#   chromium                 the browser the web console's end-to-end tests and bench:web drive
#                            (playwright-core; `npx playwright install` cannot download here)
set -uo pipefail
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
command -v dpkg-query >/dev/null || { echo "system-deps: not a Debian system; install pcscd, vsmartcard-vpcd, libpcsclite-dev, openssl, openpace, libeac-dev, gcc, pgbench, wrk, softhsm2, g++, make, python3, poppler-utils, chromium yourself" >&2; exit 0; }
for p in libpcsclite-dev pcscd vsmartcard-vpcd openssl openpace libeac-dev gcc libc6-dev libssl-dev postgresql-client postgresql-contrib wrk softhsm2 g++ make python3 poppler-utils chromium; do
  have_pkg "$p" || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: missing Debian packages: ${need[*]} (sudo apt-get install ${need[*]}); the PC/SC, HSM and card-face tests and benchmarks need them" >&2
  exit 0
fi
echo "system-deps: apt-get install ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || { echo "system-deps: apt-get install failed for: ${need[*]}" >&2; exit 1; }
