// Runs every benchmark, or those named on the command line: `npm run bench -- execute ingest`.
"use strict";
const ALL = ["execute", "ingest", "rank", "sync", "governance", "load", "mcp", "retrieval", "postgres", "trust"];

async function main() {
  const chosen = process.argv.slice(2).filter((a) => ALL.includes(a));
  for (const name of chosen.length ? chosen : ALL) {
    await require(`./${name}`).main();
  }
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
