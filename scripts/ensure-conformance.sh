#!/usr/bin/env bash
# Installs the official MCP conformance suite and a Node >= 22 to run it (the suite needs 22)
# into .cache/conformance, once; test/mcp/conformance.test.ts runs it from there. npm ci
# empties node_modules, so the cache lives beside it. A failed install does not stop the
# tests here: outside CI the conformance test then skips with a message, in CI it fails.
set -u
cd "$(dirname "$0")/.."
CACHE=.cache/conformance
SUITE_VERSION=0.1.16
if [ -f "$CACHE/node_modules/@modelcontextprotocol/conformance/package.json" ] && [ -x "$CACHE/node_modules/node/bin/node" ]; then
  exit 0
fi
mkdir -p "$CACHE"
echo "installing the MCP conformance suite $SUITE_VERSION and node@22 into $CACHE"
npm install --prefix "$CACHE" --no-save --no-audit --no-fund --loglevel=error \
  node@22 "@modelcontextprotocol/conformance@$SUITE_VERSION" >/dev/null 2>&1 \
  || echo "could not install the MCP conformance suite into $CACHE"
exit 0
