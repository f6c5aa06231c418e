// bench/trust: what signed catalogs cost. (1) Signing and verifying one catalog of 5,000 tools
// (RFC 8785 digest + EdDSA), beside plain JSON.parse of the same catalog. (2) A full engine sync
// of 50 signed peers and of 50 unsigned peers (1,000 tools each, on loopback, in the same run),
// with the ratio. Peers are light in-process HTTP servers serving /discover as a node does.
"use strict";
const http = require("node:http");
const { createPrivateKey } = require("node:crypto");
const { performance } = require("node:perf_hooks");
const { signCatalog, verifyCatalog, CATALOG_SIGNATURE_HEADER } = require("../dist/trust/signed-catalog");
const { generateNodeKey, publicJwkOf } = require("../dist/trust/node-identity");
const { FederatedEngine } = require("../dist/engine");
const { toolDigest } = require("../dist/trust/tool-digest");
const { digestMismatches } = require("../dist/engine/remote-catalog");

const PEERS = Number(process.env.BENCH_PEERS ?? 50);
const TOOLS = Number(process.env.BENCH_TOOLS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function catalog(n, peer = 0) {
  return Array.from({ length: n }, (_, i) => ({
    name: `svc${i % 10}.tool${i}`,
    description: `Tool ${i} of partner ${peer}: searches the ${["docs", "tickets", "code", "wiki"][i % 4]} index`,
    version: "1.0.0",
    server: `svc${i % 10}`,
    tags: [["search", "docs", "dev", "ops"][i % 4]],
    capabilities: ["read-only"],
    inputSchema: { type: "object", properties: { query: { type: "string", description: "what to look for" } }, required: ["query"] },
    executable: true,
  }));
}

async function signer() {
  const stored = await generateNodeKey(Date.now());
  const key = createPrivateKey({ key: stored.privateJwk, format: "jwk" });
  const jwk = await publicJwkOf(key);
  return [{ key: { kid: jwk.kid, key }, jwk }];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function perCatalog() {
  const keys = await signer();
  const items = catalog(5000);
  const text = JSON.stringify(items);
  const sign = [], verify = [], parse = [];
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    const header = signCatalog(items, keys, { iss: "bench", seq: i });
    sign.push(performance.now() - t);
    t = performance.now();
    const body = JSON.parse(text);
    parse.push(performance.now() - t);
    t = performance.now();
    const out = await verifyCatalog(header, body, { trustedKey: keys[0].jwk.kid });
    verify.push(performance.now() - t);
    if (!out.valid) throw new Error(out.reason);
  }
  // per-tool digests (ADR 0031): computed once per entry by the publisher, checked on every full pull
  const digest = [], check = [];
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    const withDigests = items.map((e) => ({ ...e, digest: toolDigest(e) }));
    digest.push(performance.now() - t);
    t = performance.now();
    if (digestMismatches(withDigests).size !== 0) throw new Error("digest mismatch");
    check.push(performance.now() - t);
  }
  console.log(`per-tool digests of 5000 tools: compute ${median(digest).toFixed(1)} ms, check ${median(check).toFixed(1)} ms`);
  console.log(`catalog of 5000 tools (${(text.length / 1e6).toFixed(2)} MB): sign ${median(sign).toFixed(1)} ms, verify ${median(verify).toFixed(1)} ms, JSON.parse ${median(parse).toFixed(1)} ms (verify/parse ${(median(verify) / median(parse)).toFixed(2)}x)`);
}

async function startPeers(signed, keys) {
  const servers = [];
  for (let p = 0; p < PEERS; p++) {
    const items = catalog(TOOLS, p);
    const body = JSON.stringify(items);
    // signed once: the sync measured is the receiving side's (a node signs each 200, but in its own process)
    const signature = signed ? signCatalog(items, keys, { iss: `peer${p}`, seq: 1 }) : undefined;
    const server = http.createServer((req, res) => {
      if (req.url.startsWith("/discover")) {
        const headers = { "content-type": "application/json" };
        if (signature) headers[CATALOG_SIGNATURE_HEADER] = signature;
        res.writeHead(200, headers).end(body);
      } else res.writeHead(200, { "content-type": "application/json" }).end("[]");
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    servers.push(server);
  }
  return servers;
}

async function syncOnce(servers) {
  const engine = new FederatedEngine({ peers: servers.map((s) => ({ url: `http://127.0.0.1:${s.address().port}` })), timeoutMs: 30_000, retries: 0 });
  const t = performance.now();
  const r = await engine.refresh();
  const ms = performance.now() - t;
  await engine.close?.();
  if (r.errors.length) throw new Error(JSON.stringify(r.errors[0]));
  if (r.entries !== PEERS * TOOLS) throw new Error(`expected ${PEERS * TOOLS} entries, got ${r.entries}`);
  return ms;
}

async function main() {
  await perCatalog();
  const keys = await signer();
  const signed = await startPeers(true, keys);
  const unsigned = await startPeers(false, keys);
  const s = [], u = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      u.push(await syncOnce(unsigned));
      s.push(await syncOnce(signed));
    }
  } finally {
    for (const srv of [...signed, ...unsigned]) srv.close();
  }
  console.log(`full sync of ${PEERS} peers x ${TOOLS} tools (median of ${ROUNDS}): unsigned ${median(u).toFixed(0)} ms, signed ${median(s).toFixed(0)} ms, ratio ${(median(s) / median(u)).toFixed(2)}x`);
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
