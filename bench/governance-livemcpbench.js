// Builds bench/data/governance/livemcpbench-tools.json from bench/data/retrieval/tools.json (the
// LiveMCPBench servers already in the repository, Apache-2.0): one entry per MCP server, in the
// shape bench/governance-descriptions.js benignSet() reads ({ package, version, license, tools }).
//   node bench/governance-livemcpbench.js
// Deterministic and offline; the output is committed so the bench reads it directly.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const SRC = join(__dirname, "data/retrieval/tools.json");
const OUT = join(__dirname, "data/governance/livemcpbench-tools.json");

/** One listing per server key under each LiveMCPBench entry; entries without tools are left out. */
function convert(entries) {
  const servers = [];
  for (const entry of entries) {
    for (const [key, listing] of Object.entries(entry.tools ?? {})) {
      const tools = (listing.tools ?? []).map((t) => ({ name: t.name, description: t.description ?? "", inputSchema: t.inputSchema ?? { type: "object", properties: {} } }));
      if (!tools.length) continue;
      servers.push({ package: `${entry.name} (${key})`, version: String(listing.version ?? ""), license: "see LiveMCPBench entry", web: entry.web, tools, prompts: [], resources: [] });
    }
  }
  return servers;
}

function main() {
  const servers = convert(JSON.parse(readFileSync(SRC, "utf8")));
  writeFileSync(OUT, `${JSON.stringify({ source: "LiveMCPBench tools.json (icip-cas/LiveMCPBench, Apache-2.0), via bench/data/retrieval", servers }, null, 1)}\n`);
  console.log(`wrote ${OUT}: ${servers.length} servers, ${servers.reduce((n, s) => n + s.tools.length, 0)} tools`);
}

module.exports = { convert };
if (require.main === module) main();
