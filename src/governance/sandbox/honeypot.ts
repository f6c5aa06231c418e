import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A throwaway home with planted credentials, and canary environment variables. */
export interface Honeypot {
  home: string;
  env: Record<string, string>;
  /** unique strings that appear nowhere but in the planted credentials */
  canaries: string[];
  /** the planted files, absolute */
  files: string[];
}

/** Plants ~/.ssh, ~/.aws, ~/.npmrc, ~/.netrc and a .env with fresh canaries under `dir`. */
export function plantHoneypot(dir: string): Honeypot {
  const token = (prefix: string, n = 12) => `${prefix}${randomBytes(n).toString("hex").toUpperCase()}`;
  const keyId = token("AKIA", 8);
  const secret = token("MCPFEDCANARY", 12);
  const ssh = token("MCPFEDSSH", 12);
  const gh = token("ghp_MCPFED", 10);
  const openai = token("sk-MCPFED", 12);
  const home = join(dir, "home");
  const files: [string, string][] = [
    [".ssh/id_rsa", `-----BEGIN OPENSSH PRIVATE KEY-----\n${ssh}\n-----END OPENSSH PRIVATE KEY-----\n`],
    [".ssh/id_ed25519", `-----BEGIN OPENSSH PRIVATE KEY-----\n${ssh}ED\n-----END OPENSSH PRIVATE KEY-----\n`],
    [".ssh/authorized_keys", ""],
    [".aws/credentials", `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`],
    [".npmrc", `//registry.npmjs.org/:_authToken=${gh}\n`],
    [".netrc", `machine api.github.com login bot password ${gh}\n`],
    [".env", `OPENAI_API_KEY=${openai}\n`],
  ];
  for (const [rel, text] of files) {
    mkdirSync(join(home, rel, ".."), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, rel), text, { mode: 0o600 });
  }
  return {
    home,
    env: { AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: secret, GITHUB_TOKEN: gh, OPENAI_API_KEY: openai },
    canaries: [keyId, secret, ssh, gh, openai],
    files: files.map(([rel]) => join(home, rel)),
  };
}

/** The forms a canary takes on the wire: as is, hex, base64 (both cases), URL-safe base64. */
export function canaryForms(canary: string): string[] {
  // windows of the canary, so a truncated or partly encoded copy still matches
  const windows = [canary.slice(0, 16), canary.slice(-16), canary.slice(4, 20)];
  const b = Buffer.from(canary);
  return [...windows, ...windows.map((w) => Buffer.from(w).toString("hex")), b.toString("base64").slice(0, 16), b.toString("base64url").slice(0, 16)].map((s) => s.toLowerCase());
}
