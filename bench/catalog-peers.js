// A light stand-in for many partner nodes: one process listening on N loopback ports, each
// serving a precomputed catalog at GET /discover (with ETag and 304) and an empty GET /metadata,
// as the engine's sync reads them. Prints `listening on <json array of urls>` when ready.
// Usage: node bench/catalog-peers.js PEERS TOOLS TOKEN
"use strict";
const http = require("node:http");
const { createHash } = require("node:crypto");

const [peers, tools, token] = [Number(process.argv[2] ?? 500), Number(process.argv[3] ?? 1000), process.argv[4] ?? ""];

function catalog(peer) {
  return Array.from({ length: tools }, (_, i) => ({
    name: `svc${i % 10}.tool${i}`,
    description: `Tool ${i} of partner ${peer}: searches the ${["docs", "tickets", "code", "wiki"][i % 4]} index`,
    version: "1.0.0",
    server: `svc${i % 10}`,
    tags: [["search", "docs", "dev", "ops"][i % 4]],
    capabilities: ["read-only"],
    inputSchema: { type: "object", properties: { query: { type: "string", description: "what to look for" } }, required: ["query"] },
    executable: false,
  }));
}

function serve(peer) {
  const body = Buffer.from(JSON.stringify(catalog(peer)));
  const etag = `W/"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "content-type": "application/problem+json" }).end('{"status":401}');
      return;
    }
    if (req.url.startsWith("/discover")) {
      if (req.headers["if-none-match"] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { "content-type": "application/json", etag, "content-length": body.length }).end(body);
      return;
    }
    if (req.url.startsWith("/metadata")) {
      res.writeHead(200, { "content-type": "application/json", "content-length": 2 }).end("[]");
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

(async () => {
  const urls = [];
  for (let p = 0; p < peers; p++) urls.push(await serve(p));
  process.stdout.write(`listening on ${JSON.stringify(urls)}\n`);
})();
