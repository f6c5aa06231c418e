import { createHash } from "node:crypto";

/** The longest tool or prompt name that the major model APIs accept. */
export const MAX_ALIAS = 64;
/** What Anthropic's and OpenAI's APIs accept as a tool name (no dots, no `@`). */
export const ALIAS_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HASH_START = 6;
const HASH_MAX = 16;

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** host[:port] → a readable slug, every character that is not [A-Za-z0-9] becoming `_`: "127.0.0.1:8001" → "127_0_0_1_8001". */
export function hostSlug(host: string): string {
  return host.replace(/^\[|\]$/g, "").replace(/[^A-Za-z0-9]/g, "_");
}

/**
 * The readable name for a registry id, before collisions are considered: `server.tool` →
 * `server__tool`, `server.tool@host` → `server__tool__<hostslug>`. Characters outside
 * [A-Za-z0-9_-] become `_`. May be longer than 64 characters (then {@link assignAliases}
 * shortens it with a hash).
 */
export function baseAlias(id: string): string {
  const at = id.lastIndexOf("@");
  const name = at < 0 ? id : id.slice(0, at);
  const dot = name.indexOf(".");
  const local = dot < 0 ? name : `${name.slice(0, dot)}__${name.slice(dot + 1)}`;
  const clean = local.replace(/[^A-Za-z0-9_-]/g, "_");
  return at < 0 ? clean : `${clean}__${hostSlug(id.slice(at + 1))}`;
}

/** `base` cut to fit 64 characters with `_<hash of id>` appended. */
function hashed(base: string, id: string, length: number): string {
  const tail = `_${hash(id, length)}`;
  return base.slice(0, MAX_ALIAS - tail.length) + tail;
}

const isRemote = (id: string) => id.includes("@");

/**
 * Names for a whole registry, unique and matching {@link ALIAS_PATTERN}. Deterministic: the
 * result depends only on the set of ids, never on their order, so every node with the same
 * registry and every restart gives the same names.
 *
 * Collisions (`a__b.c` and `a.b__c` both read `a__b__c`; two hosts with the same slug) are
 * resolved so that no one can take a name over: a local tool that is alone among local tools
 * on its readable name keeps it; every other claimant (all remote ones, or all local ones when
 * several collide) gets `_<hash of its id>`. A partner therefore can never claim the name of a
 * local tool, and two partners colliding both lose the plain name, so neither can redirect
 * calls meant for the other. Names too long for 64 characters are cut and hashed the same way.
 */
export function assignAliases(ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)].sort();
  const groups = new Map<string, string[]>();
  for (const id of unique) {
    const base = baseAlias(id);
    const group = groups.get(base);
    if (group) group.push(id);
    else groups.set(base, [id]);
  }
  const byId = new Map<string, string>();
  const taken = new Set<string>();
  // local names first (plain, then hashed), then remote ones: a partner's tool never displaces a local one
  for (const remote of [false, true]) {
    const needHash: [string, string][] = [];
    for (const [base, group] of groups) {
      const tier = group.filter((id) => isRemote(id) === remote);
      if (tier.length === 0) continue;
      const locals = group.filter((id) => !isRemote(id));
      const owner = group.length === 1 ? group[0] : locals.length === 1 ? locals[0] : undefined;
      for (const id of tier) {
        if (id === owner && base.length <= MAX_ALIAS && !taken.has(base)) {
          byId.set(id, base);
          taken.add(base);
        } else needHash.push([id, base]);
      }
    }
    for (const [id, base] of needHash) {
      let length = HASH_START;
      let alias = hashed(base, id, length);
      while (taken.has(alias) && length < HASH_MAX) alias = hashed(base, id, ++length);
      byId.set(id, alias);
      taken.add(alias);
    }
  }
  return byId;
}

/** The name a lone id gets (what {@link assignAliases} gives it when nothing collides). */
export function aliasFor(id: string): string {
  return assignAliases([id]).get(id) as string;
}
