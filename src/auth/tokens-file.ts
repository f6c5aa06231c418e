import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { TokenEntrySchema, type TokenEntry, type Scope } from "../config/config-schema";
import { generateToken, sha256Hex } from "./tokens";

const TokensFileSchema = z.object({ tokens: z.array(TokenEntrySchema) }).strict();

/** Reads a tokens file; a missing file is an empty list, a malformed one an error. */
export function readTokensFile(path: string): TokenEntry[] {
  if (!existsSync(path)) return [];
  const parsed = TokensFileSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `tokens file ${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data.tokens;
}

/**
 * Creates a token for `id`, stores only its hash in the tokens file (replacing an older
 * token of the same id) and returns the token, which is never stored anywhere.
 */
export function createTokenInFile(path: string, id: string, scopes: Scope[]): string {
  const token = generateToken();
  const entry = TokenEntrySchema.parse({ id, sha256: sha256Hex(token), scopes });
  const tokens = readTokensFile(path).filter((t) => t.id !== id);
  tokens.push(entry);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ tokens }, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, path);
  return token;
}
