#!/usr/bin/env node
// Builds the web console (web/) into dist/ui-static: the TypeScript compiled to one script by
// tsc, the script and stylesheet renamed after their content hash (cacheable forever), and
// index.html pointing at those names. Run by `npm run build`.
"use strict";
const { execFileSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const out = join(root, "dist/ui-static");
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "web/tsconfig.json")], { stdio: "inherit" });
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
const hashed = (base, ext, body) => {
  const name = `${base}.${createHash("sha256").update(body).digest("hex").slice(0, 10)}.${ext}`;
  writeFileSync(join(out, "assets", name), body);
  return name;
};
const js = hashed("app", "js", readFileSync(join(root, "dist/ui-build/app.js")));
const css = hashed("style", "css", readFileSync(join(root, "web/style.css")));
const html = readFileSync(join(root, "web/index.html"), "utf8").replace("__JS__", js).replace("__CSS__", css);
writeFileSync(join(out, "index.html"), html);
rmSync(join(root, "dist/ui-build"), { recursive: true, force: true });
