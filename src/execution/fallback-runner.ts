import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { isAppError } from "../errors";
import { PolicyDeniedError, type PolicyTable } from "../policy/policy";
import type { FallbackTable } from "./fallback-table";

/** `_meta` key of a result served by a fallback: the tool id that answered. */
export const SERVED_BY_META = "io.mcpfed/servedBy";

/** Candidates actually called after the primary failed (ones the policy denies do not count): each has its own timeout, so the chain stays bounded. */
export const MAX_FALLBACK_ATTEMPTS = 5;

/** Statuses that say the upstream failed (down, unreachable, breaker open, timed out): the only ones that fall back. */
const FALLBACK_STATUSES = new Set([502, 503, 504]);

export interface FallbackDeps {
  /** The configured `fallback` lists. */
  table?: FallbackTable;
  /** Same-name candidates (`federation.fallback`); absent when off. */
  sameName?: (id: string) => string[];
  /** Every candidate must pass it for the caller's token; a denied one is skipped (and audited). */
  policy?: PolicyTable;
}

export interface FallbackCall {
  id: string;
  /** The caller's token id (absent: an internal call, no policy). */
  principal?: string;
  /** The caller's cancellation (an AbortSignal or a CallHangUp): only whether it happened is read. */
  signal?: { readonly aborted: boolean };
  /** Runs one attempt on tool `id` (and leaves that attempt's performance record). */
  attempt: (id: string) => Promise<CallToolResult>;
}

/** Does this failure let the node try another tool? Only 502, 503 and 504: never a 4xx or a cancellation. */
export function fallsBack(err: unknown, signal?: { readonly aborted: boolean }): boolean {
  return !signal?.aborted && isAppError(err) && FALLBACK_STATUSES.has(err.status);
}

/**
 * Calls `id`; when that fails with a 502, 503 or 504, tries the configured candidates, then
 * the same-name ones, in order. A candidate the policy denies the caller, or that answers with
 * a 4xx of its own (unknown there, arguments it rejects), is skipped; a 5xx moves on. The
 * answer of a candidate carries `_meta["io.mcpfed/servedBy"]`. When every candidate fails, the
 * requested tool's own error is thrown: the caller asked for that tool. At most
 * MAX_FALLBACK_ATTEMPTS candidates are called.
 */
export async function callWithFallback(call: FallbackCall, deps: FallbackDeps): Promise<CallToolResult> {
  let primaryError: unknown;
  try {
    return attributed(await call.attempt(call.id));
  } catch (err) {
    if (!fallsBack(err, call.signal)) throw err;
    primaryError = err;
  }
  let attempts = 0;
  for (const candidate of candidatesOf(call.id, deps)) {
    if (attempts >= MAX_FALLBACK_ATTEMPTS) break;
    if (!permitted(candidate, call.principal, deps.policy)) continue;
    attempts++;
    try {
      return servedBy(attributed(await call.attempt(candidate)), candidate);
    } catch (err) {
      if (call.signal?.aborted) throw err;
      if (!isAppError(err)) throw err;
    }
  }
  throw primaryError;
}

/** Configured candidates first, then same-name ones; the requested id and repeats left out. */
export function candidatesOf(id: string, deps: Pick<FallbackDeps, "table" | "sameName">): string[] {
  const all = [...(deps.table?.candidatesFor(id) ?? []), ...(deps.sameName?.(id) ?? [])];
  return [...new Set(all)].filter((c) => c !== id);
}

function permitted(candidate: string, principal: string | undefined, policy: PolicyTable | undefined): boolean {
  if (principal === undefined || !policy) return true;
  try {
    policy.assertCall(candidate, principal);
    return true;
  } catch (err) {
    if (err instanceof PolicyDeniedError) return false;
    throw err;
  }
}

function servedBy(result: CallToolResult, id: string): CallToolResult {
  return { ...result, _meta: { ...(result._meta ?? {}), [SERVED_BY_META]: id } };
}

/**
 * Only this runner sets `servedBy`: a hosted server has no say in the node's `io.mcpfed/` keys, and
 * a peer never falls back on a forwarded call, so a value in an attempt's answer is dropped.
 */
function attributed(result: CallToolResult): CallToolResult {
  if (result._meta?.[SERVED_BY_META] === undefined) return result;
  const { [SERVED_BY_META]: _dropped, ...meta } = result._meta;
  return { ...result, _meta: meta };
}
