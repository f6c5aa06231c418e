import { createHash } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { CallLimits } from "../limits/call-limits";
import { canonicalize } from "../trust/jcs";
import type { CachePlanner } from "./cache-plan";
import type { ResultCache } from "./result-cache";
import type { ToolFactsLookup } from "./tool-facts";
import { SERVED_BY_META } from "../execution/fallback-runner";

/** The `_meta` key (and, on /execute, the `X-Cache` header) telling a cached answer from a fresh one. */
export const CACHE_META = "io.mcpfed/cache";

/** One call as the gate sees it (after authentication and the policy table). */
export interface GatedCall {
  id: string;
  principal: string;
  args?: readonly unknown[];
  kwargs?: Record<string, unknown>;
}

export interface CallGateDeps {
  limits: CallLimits;
  cache: ResultCache;
  planner: CachePlanner;
  facts: ToolFactsLookup;
  onCache?: (outcome: "hit" | "miss") => void;
}

/**
 * What every tool call passes between the policy table and the server: the call limits, then
 * the result cache. A cache hit counts toward the limits like any call (a caller past its
 * budget gets 429 even for an answer the node holds). Only successful answers are cached, keyed
 * by tool, the tool's definition, the caller's token and the RFC 8785 form of the arguments.
 */
export class CallGate {
  constructor(private readonly deps: CallGateDeps) {}

  /** The call limits alone (the `/mcp/<server>` pass-through relays answers it does not cache). */
  checkLimits(id: string, principal: string): Promise<void> {
    return this.deps.limits.check(id, principal);
  }

  /** A fallback candidate about to be called: its tools' budgets (`limits.tools`) count it too. */
  checkCandidate(id: string): Promise<void> {
    return this.deps.limits.checkTool(id);
  }

  async run(call: GatedCall, proceed: () => Promise<CallToolResult>): Promise<CallToolResult> {
    // no rules: check would count nothing and resolve at once; skipping it saves a promise and its turn per call
    if (!this.deps.limits.empty) await this.deps.limits.check(call.id, call.principal);
    const plan = this.deps.planner.plan(call.id, (id) => this.deps.facts.factsOf(id));
    const key = plan && keyOf(call, plan.fingerprint);
    // not cached here: a marker in the answer is an upstream's (a partner's cache, a server's say), not this node's
    if (!plan || key === undefined) return unmarked(await proceed());
    const cached = this.deps.cache.get(key);
    if (cached) {
      this.deps.onCache?.("hit");
      return marked(cached, "hit");
    }
    this.deps.onCache?.("miss");
    const result = await proceed();
    // an answer a fallback served is not the requested tool's: it is not kept under its key
    if (result.isError !== true && result._meta?.[SERVED_BY_META] === undefined) this.deps.cache.set(key, result, { tool: call.id, tags: plan.tags, ttlMs: plan.ttlMs, fingerprint: plan.fingerprint });
    return marked(result, "miss");
  }
}

function keyOf(call: GatedCall, fingerprint: string): string | undefined {
  try {
    const text = canonicalize({ tool: call.id, definition: fingerprint, token: call.principal, args: call.args ?? [], kwargs: call.kwargs ?? {} });
    return createHash("sha256").update(text).digest("base64url");
  } catch {
    return undefined; // arguments that are not JSON values: the call is not cached
  }
}

function marked(result: CallToolResult, outcome: "hit" | "miss"): CallToolResult {
  return { ...result, _meta: { ...result._meta, [CACHE_META]: outcome } };
}

function unmarked(result: CallToolResult): CallToolResult {
  if (result._meta?.[CACHE_META] === undefined) return result;
  const { [CACHE_META]: _dropped, ...meta } = result._meta;
  return { ...result, _meta: meta };
}
