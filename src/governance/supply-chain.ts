import type { Finding } from "./findings";

/** Popular npm packages; a dependency one or two edits away from one of these is suspicious. */
const POPULAR = [
  "express", "react", "lodash", "axios", "chalk", "commander", "debug", "request", "moment", "uuid", "dotenv",
  "zod", "yargs", "typescript", "webpack", "eslint", "jest", "mocha", "underscore", "async", "bluebird",
  "fs-extra", "glob", "minimist", "body-parser", "cors", "helmet", "jsonwebtoken", "mongoose", "socket.io",
  "node-fetch", "undici", "ws", "cross-env", "rimraf", "semver", "colors", "inquirer", "ora", "puppeteer",
  "@modelcontextprotocol/sdk", "openai", "@anthropic-ai/sdk", "pino", "winston", "prisma", "sequelize",
];

const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare", "preuninstall", "postuninstall"];

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

function collapseRepeats(s: string): string {
  return s.replace(/(.)\1+/g, "$1");
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

const LOOKALIKE: [RegExp, string][] = [[/1/g, "l"], [/0/g, "o"], [/rn/g, "m"], [/vv/g, "w"], [/i/g, "l"]];

/**
 * The popular package `name` imitates, if any: a repeated letter (expresss), swapped neighbours
 * (axois), separators (node_fetch), look-alike characters (1odash), or, for names of 8+
 * characters, any single edit. Short names one edit apart are too often real packages.
 */
export function typosquatOf(name: string): string | undefined {
  if (POPULAR.includes(name)) return undefined;
  const bare = name.replace(/^@[^/]+\//, "");
  for (const p of POPULAR) {
    const pb = p.replace(/^@[^/]+\//, "");
    if (bare === pb || pb.length < 4) continue;
    const plain = (s: string) => s.replace(/[-_.]/g, "");
    const lookalike = LOOKALIKE.reduce((acc, [re, to]) => acc.replace(re, to), bare);
    if (
      plain(bare) === plain(pb) ||
      (collapseRepeats(bare) === collapseRepeats(pb) && bare.length === pb.length + 1) ||
      isTransposition(bare, pb) ||
      (lookalike === LOOKALIKE.reduce((acc, [re, to]) => acc.replace(re, to), pb) && lookalike !== bare) ||
      (pb.length >= 8 && levenshtein(bare, pb) === 1)
    ) {
      return p;
    }
  }
  return undefined;
}

/** Checks one package.json: install scripts, git/URL dependencies, unbounded ranges, typosquats. */
export function scanPackageJson(text: string, file: string): Finding[] {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [{ ruleId: "supply/invalid-package-json", severity: "medium", message: "package.json is not valid JSON", scanner: "supply-chain", file }];
  }
  const findings: Finding[] = [];
  const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
  for (const name of INSTALL_SCRIPTS) {
    if (typeof scripts[name] !== "string") continue;
    const body = scripts[name];
    const risky = /\b(curl|wget|bash|sh|powershell|eval)\b|\bnode\s+-e\b|https?:\/\//i.test(body);
    findings.push({
      ruleId: "supply/install-script",
      severity: risky ? "high" : "medium",
      message: `${name} script runs at install time: ${body.slice(0, 120)}`,
      scanner: "supply-chain",
      file,
    });
  }
  for (const field of ["dependencies", "optionalDependencies", "devDependencies", "peerDependencies"]) {
    const deps = (pkg[field] ?? {}) as Record<string, unknown>;
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== "string") continue;
      const runtime = field !== "devDependencies";
      if (/^(git\+|git:|github:|https?:|file:|link:)|^[\w-]+\/[\w.-]+(#.*)?$/.test(spec)) {
        findings.push({ ruleId: "supply/url-dependency", severity: runtime ? "high" : "medium", message: `${name} comes from ${spec}, not the registry`, scanner: "supply-chain", file });
      } else if (spec === "*" || spec === "latest" || spec === "" || spec === "x" || /^>=?\s*\d/.test(spec)) {
        findings.push({ ruleId: "supply/unbounded-range", severity: "medium", message: `${name}@"${spec}" accepts any future version`, scanner: "supply-chain", file });
      } else if (/^[\^~]/.test(spec)) {
        findings.push({ ruleId: "supply/unpinned-range", severity: "low", message: `${name}@"${spec}" is a range, not a pinned version`, scanner: "supply-chain", file });
      }
      const squat = typosquatOf(name);
      if (squat) {
        findings.push({ ruleId: "supply/typosquat", severity: runtime ? "high" : "medium", message: `${name} looks like a typosquat of ${squat}`, scanner: "supply-chain", file });
      }
    }
  }
  return findings;
}
