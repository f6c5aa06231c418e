// Optional inputs of the governance bench parts: a part whose input is absent prints one line
// saying what it skipped and why, and the bench goes on with the next part instead of crashing.
"use strict";
const { existsSync, readFileSync } = require("node:fs");
const { relative } = require("node:path");

const ROOT = require("node:path").join(__dirname, "..");

/** Prints the one-line note for a skipped part. */
function skip(part, reason) {
  console.log(`\n${part}: skipped (${reason})`);
}

/** The first of `paths` that does not exist, relative to the repository root, or undefined. */
function firstMissing(...paths) {
  const p = paths.find((x) => !existsSync(x));
  if (p === undefined) return undefined;
  const rel = relative(ROOT, p);
  return rel && !rel.startsWith("..") ? rel : p;
}

/** JSON of a file, or undefined after a skip note when it is absent or not JSON. */
function readJsonOrSkip(part, file) {
  const missing = firstMissing(file);
  if (missing) return skip(part, `${missing} not found`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    return skip(part, `${relative(ROOT, file)} is not valid JSON: ${err.message.split("\n")[0]}`);
  }
}

/** The compiled module `dist/<path>`, or undefined when the build is missing (run `npm run build`). */
function distModule(path) {
  const file = require("node:path").join(ROOT, "dist", `${path}.js`);
  return existsSync(file) ? require(file) : undefined;
}

/**
 * Runs one part of the bench; an error in it is reported on one line and sets a non-zero exit
 * code, so the parts after it still print their tables.
 */
async function runPart(part, fn) {
  try {
    await fn();
  } catch (err) {
    console.log(`\n${part}: failed (${String(err && err.message ? err.message : err).split("\n")[0]})`);
    process.exitCode = 1;
  }
}

module.exports = { skip, firstMissing, readJsonOrSkip, distModule, runPart };
