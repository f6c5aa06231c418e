import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Finding } from "./findings";

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const ASSIGNMENT =
  /\b([A-Za-z0-9_]*(?:api[_-]?key|secret|token|passw(?:or)?d|private[_-]?key|access[_-]?key|auth)[A-Za-z0-9_]*)\b\s*[:=]\s*["'`]([A-Za-z0-9_\-+/=.]{16,})["'`]/gi;

/**
 * Values that only look like keys: placeholders (YOUR_API_KEY, sk-xxxx…), names of environment
 * variables or headers (GITHUB_PERSONAL_ACCESS_TOKEN, x-api-key), resource paths and words.
 * A real key mixes at least two of lower case, upper case and digits.
 */
export function isPlaceholder(value: string): boolean {
  if (/^(sk|pk|rk|ghp|gho|xox[bp])?[-_]?(x+|\*+|\.+|0+)$/i.test(value.replace(/[-_]/g, "")) || /(x{6,}|\*{4,}|\.{3,})/i.test(value)) return true;
  if (/your|example|sample|dummy|fake|changeme|placeholder|redacted|replace|insert|here|todo|test/i.test(value)) return true;
  if (/^[A-Z][A-Z0-9_]*$/.test(value) || /^[a-z][a-z0-9]*([-_./][a-z0-9]+)+$/.test(value)) return true;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return classes < 2;
}

/** Generic high-entropy keys assigned to secret-looking names, line by line. */
export function scanGenericSecrets(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(ASSIGNMENT)) {
      const value = m[2];
      if (entropy(value) < 3.5 || isPlaceholder(value)) continue;
      findings.push({
        ruleId: "secrets/high-entropy-assignment",
        severity: "high",
        message: `${m[1]} holds a high-entropy literal (${value.slice(0, 4)}…, ${entropy(value).toFixed(1)} bits/char)`,
        scanner: "secrets",
        file,
        line: i + 1,
      });
    }
  });
  return findings;
}

/** Where the compiled worker is: beside this file once built, or under dist/ when run from source. */
function workerPath(): string | undefined {
  const candidates = [join(__dirname, "secretlint-worker.js"), resolve(__dirname, "../../dist/governance/secretlint-worker.js")];
  return candidates.find((p) => existsSync(p));
}

/** secretlint's recommended preset over the files, in a child process with a time limit. */
export function scanWithSecretlint(root: string, files: readonly string[], timeoutMs = 60_000): Promise<Finding[]> {
  const worker = workerPath();
  if (!worker) return Promise.reject(new Error("the secretlint worker is not built (npm run build)"));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [worker], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8").slice(0, 4000)));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`secretlint failed (${code ?? "killed"}): ${err.split("\n")[0]}`));
        return;
      }
      const raw = JSON.parse(out || "[]") as { file: string; line: number; ruleId: string; message: string }[];
      resolvePromise(raw.map((r) => ({ ruleId: `secretlint/${r.ruleId}`, severity: "high", message: r.message, scanner: "secrets", file: r.file, line: r.line })));
    });
    child.stdin.end(JSON.stringify({ root, files }));
  });
}
