// The floor for any HTTP front: a bare node:http server that parses the JSON body, calls
// server-everything's echo through the SDK client, and replies. Run as its own process by
// bench/execute; prints its URL on stdout when ready.
"use strict";
const http = require("node:http");
const { join } = require("node:path");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");

const EVERYTHING = join(__dirname, "../node_modules/@modelcontextprotocol/server-everything/dist/index.js");

async function main() {
  const client = new Client({ name: "forwarder", version: "1" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, "stdio"], stderr: "ignore" }));
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const result = await client.callTool({ name: body.mcp_name.split(".")[1], arguments: body.kwargs });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ result }));
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
  process.on("SIGTERM", async () => {
    server.close();
    await client.close();
    process.exit(0);
  });
}
main();
