#!/usr/bin/env bash
# What the test suites need beyond npm packages, installed once so that `npm ci && npm test`
# does all set-up on a fresh Debian machine:
#   - Debian packages (as root, with apt-get): postgresql (the PostgreSQL suites start a
#     throwaway cluster from its binaries), strace and iproute2 (the governance sandbox),
#     bubblewrap, openssl (the mTLS tests make certificates), git (repositories in tests),
#     nginx (the deployment's load balancer, run in front of two replicas);
#     chromium (the console tests in test/ui drive it headless through playwright-core);
#   - the MCP conformance suite and a Node >= 22 to run it (scripts/ensure-conformance.sh).
# Without root, missing packages are named and the suites that need them skip locally (CI fails).
set -u
cd "$(dirname "$0")/.."
PKGS="postgresql strace iproute2 bubblewrap openssl git nginx chromium"
missing=""
if command -v dpkg >/dev/null 2>&1; then
  for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages for the tests:$missing"
    log=$(mktemp)
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >"$log" 2>&1 \
      || { echo "apt-get failed:"; tail -20 "$log"; }
    rm -f "$log"
  else
    echo "missing Debian packages for some test suites (install as root):$missing"
  fi
fi
bash scripts/ensure-conformance.sh
exit 0
