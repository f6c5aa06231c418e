import { createHash } from "node:crypto";

/** The most many MCP clients accept in a tool name. */
export const MAX_ALIAS = 64;
const ALLOWED = /^[A-Za-z0-9_.-]{1,64}$/;

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** host[:port] → a short readable slug: "127.0.0.1:8001" → "127001_8001", "tools.acme.example" → "toolsacme". */
function hostSlug(host: string): string {
  const [name, port] = host.replace(/^\[|\]$/g, "").split(/:(?=\d+$)/);
  const labels = name.split(".").filter(Boolean);
  const readable = /^\d/.test(name) ? labels.join("") : labels.slice(0, Math.max(1, labels.length - 1)).join("");
  return `${readable.replace(/[^A-Za-z0-9]/g, "").slice(0, 12)}${port ? `_${port}` : ""}`;
}

/**
 * The MCP tool name for a registry id: local tools keep their name when it fits; `name@host`
 * becomes `name__hostslug_hash` (e.g. `everything.echo__127001_8001_3f9a`), at most 64
 * characters of [A-Za-z0-9_.-]. It depends only on the id, so it is stable across restarts;
 * `hashLength` grows only to break a collision.
 */
export function aliasFor(id: string, hashLength = 4): string {
  const at = id.lastIndexOf("@");
  if (at < 0) {
    if (ALLOWED.test(id)) return id;
    const tail = `_${hash(id, hashLength + 2)}`;
    return id.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, MAX_ALIAS - tail.length) + tail;
  }
  const name = id.slice(0, at).replace(/[^A-Za-z0-9_.-]/g, "_");
  const suffix = `__${hostSlug(id.slice(at + 1))}_${hash(id, hashLength)}`;
  return name.slice(0, MAX_ALIAS - suffix.length) + suffix;
}

/** Aliases for a whole registry, unique: colliding ids get longer hashes, in id order. */
export function assignAliases(ids: readonly string[]): Map<string, string> {
  const byAlias = new Map<string, string>();
  const byId = new Map<string, string>();
  for (const id of [...ids].sort()) {
    let length = 4;
    let alias = aliasFor(id, length);
    while (byAlias.has(alias) && length < 16) alias = aliasFor(id, ++length);
    byAlias.set(alias, id);
    byId.set(id, alias);
  }
  return byId;
}
