// The floor for any MCP front: a bare node:http server that forwards each POST to the hosted
// Streamable HTTP server over undici and relays the answer — no auth, limits, records, metrics
// or governance. Run as its own process by bench/mcp; prints its URL when ready.
"use strict";
const http = require("node:http");
const { Agent, request } = require("undici");

const target = process.argv[2];
const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
const FORWARDED = ["content-type", "accept", "mcp-session-id", "mcp-protocol-version"];

const server = http.createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = {};
    for (const h of FORWARDED) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    const upstream = await request(target, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      dispatcher: agent,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const body = Buffer.from(await upstream.body.arrayBuffer());
    const out = { "content-length": body.length };
    for (const h of ["content-type", "mcp-session-id"]) if (upstream.headers[h] !== undefined) out[h] = upstream.headers[h];
    res.writeHead(upstream.statusCode, out).end(body);
  } catch (err) {
    res.writeHead(502, { "content-type": "text/plain" }).end(String(err));
  }
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
