import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { backoffDelay } from "../util/backoff";

/** A retry is not started with less than this left of the call's timeout: it could not finish. */
const MIN_ATTEMPT_MS = 50;

export interface RetryPlan {
  /** Further attempts after the first (0: call once). */
  retries: number;
  /** The whole call's timeout: every attempt and every wait fit inside it. */
  timeoutMs: number;
  /** First backoff ceiling and largest (defaults 100 ms and 2 s), jittered. */
  baseMs?: number;
  maxMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

/** Only tools that say a repeated call does no harm are retried (MCP annotations). */
export function retriesAllowed(tool: Tool | undefined): boolean {
  const a = tool?.annotations;
  return a?.readOnlyHint === true || a?.idempotentHint === true;
}

/**
 * Runs `attempt` until it succeeds, fails in a way `retryable` refuses, the retries are used
 * up, or the call's timeout leaves no room for a backoff wait and another attempt. Each
 * attempt is given what is left of the timeout. The last error is thrown.
 */
export async function withRetries<T>(
  plan: RetryPlan,
  attempt: (timeoutMs: number) => Promise<T>,
  retryable: (err: unknown) => boolean,
): Promise<T> {
  const now = plan.now ?? Date.now;
  const deadline = now() + plan.timeoutMs;
  for (let n = 0; ; n++) {
    try {
      return await attempt(Math.max(1, deadline - now()));
    } catch (err) {
      if (n >= plan.retries || plan.signal?.aborted || !retryable(err)) throw err;
      const wait = backoffDelay(n, plan.baseMs ?? 100, plan.maxMs ?? 2000);
      if (deadline - now() - wait < MIN_ATTEMPT_MS) throw err;
      if (!(await sleep(wait, plan.signal))) throw err;
    }
  }
}

/** The errors of one call that may be retried: failures of the server itself, marked where they are classified. */
export class RetryableFailures {
  private readonly marked = new WeakSet<object>();

  mark<E extends object>(err: E): E {
    this.marked.add(err);
    return err;
  }

  has(err: unknown): boolean {
    return typeof err === "object" && err !== null && this.marked.has(err);
  }
}

/** Waits `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
