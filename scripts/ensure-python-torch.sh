#!/usr/bin/env bash
# The Python client's tests (test/clients/python.test.ts, run by `npm test`) use /usr/bin/python3
# with numpy and torch: Debian's python3-numpy and python3-torch (PyTorch 1.13; PyPI is not
# reachable). Installs them with apt when that interpreter cannot import them, and does nothing
# when it can (which is why a machine that has them hides a missing install step: check this one
# with PYTHON=... DRY_RUN=1, or on a fresh Debian root). On a fresh bookworm root without python3
# the install took 207 s and 231 s in two runs (342 packages: libtorch-test pulls in OpenCV, GDAL, Qt...).
#
#   PYTHON=...   the interpreter to check (default /usr/bin/python3; another one forces the install path)
#   DRY_RUN=1    print the apt commands instead of running them
set -euo pipefail
PYTHON=${PYTHON:-/usr/bin/python3}
PACKAGES=(python3-numpy python3-torch)

say() { printf 'ensure-python-torch: %s\n' "$*"; }
has_them() { "$PYTHON" -c 'import numpy, torch' 2>/dev/null; }

if has_them; then
  say "$PYTHON imports numpy and torch; nothing to install"
  exit 0
fi
say "$PYTHON cannot import numpy and torch: installing ${PACKAGES[*]} with apt"
if [ -n "${DRY_RUN:-}" ]; then
  say "would run: apt-get update; apt-get install -y --no-install-recommends ${PACKAGES[*]}"
  exit 0
fi
# apt's and dpkg's hundreds of lines go to a log, shown only when the install fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"; } >"$log" 2>&1; then
  tail -n 40 "$log"
  say "FAILED: apt-get could not install ${PACKAGES[*]} (its last lines above)"
  exit 1
fi
has_them || { say "FAILED: $PYTHON still cannot import numpy and torch after the install"; exit 1; }
say "installed $(grep -c '^Setting up' "$log") packages in $(( $(date +%s) - start )) s: torch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
