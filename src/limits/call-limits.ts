import picomatch from "picomatch";
import { TooManyRequestsError } from "../errors";
import type { CallLimitsConfig } from "./limits-schema";
import type { WindowCounter } from "./window-counter";

const MINUTE = 60_000;

interface CompiledRule {
  glob: string;
  perMinute: number;
  matches: (id: string) => boolean;
}

export interface CallLimitsOptions {
  counter: WindowCounter;
  /** Told which limit refused a call (`tool` or `token`), for the rate-limit metric. */
  onLimited?: (limit: "tool" | "token") => void;
  /** A counter that cannot be written: the call passes (as the per-token request limit does). */
  onCounterError?: (err: unknown) => void;
}

/**
 * The per-tool and per-token call limits (`limits.tools`, `limits.tokens`). Every matching rule
 * counts the call; the first one past its budget refuses it with a 429 and Retry-After. A tool
 * rule is one budget for every tool its glob matches and every caller; a token rule gives each
 * token it matches a budget of its own. Rules are replaced on reload; counts carry over.
 */
export class CallLimits {
  private tools: CompiledRule[] = [];
  private tokens: CompiledRule[] = [];

  constructor(config: Pick<CallLimitsConfig, "tools" | "tokens">, private readonly options: CallLimitsOptions) {
    this.replace(config);
  }

  /** Takes new rules (start-up and /admin/reload). */
  replace(config: Pick<CallLimitsConfig, "tools" | "tokens">): void {
    this.tools = compile(config.tools);
    this.tokens = compile(config.tokens);
  }

  /** Are there any rules at all? (Lets the call path skip the check.) */
  get empty(): boolean {
    return this.tools.length === 0 && this.tokens.length === 0;
  }

  /** Counts one call of `id` by token `principal`; throws TooManyRequestsError past a budget. */
  async check(id: string, principal: string): Promise<void> {
    if (this.empty) return;
    const hits: Promise<void>[] = [];
    for (const r of this.tools) if (r.matches(id)) hits.push(this.count("tool", `tool:${r.glob}`, r));
    for (const r of this.tokens) if (r.matches(principal)) hits.push(this.count("token", `token:${r.glob}:${principal}`, r));
    await settle(hits);
  }

  /**
   * Counts a call of `id` against the tool rules alone: a fallback candidate reaches another
   * upstream, whose budget holds however it is reached (the caller's token budget already
   * counted the call it made).
   */
  async checkTool(id: string): Promise<void> {
    if (this.tools.length === 0) return;
    const hits: Promise<void>[] = [];
    for (const r of this.tools) if (r.matches(id)) hits.push(this.count("tool", `tool:${r.glob}`, r));
    await settle(hits);
  }

  private async count(kind: "tool" | "token", key: string, rule: CompiledRule): Promise<void> {
    let result: { count: number; resetAt: number };
    try {
      result = await this.options.counter.hit(`calls:${key}`, MINUTE);
    } catch (err) {
      this.options.onCounterError?.(err);
      return;
    }
    if (result.count <= rule.perMinute) return;
    this.options.onLimited?.(kind);
    const wait = (result.resetAt - Date.now()) / 1000;
    throw new TooManyRequestsError(`the ${kind} limit ${rule.glob} of ${rule.perMinute} calls a minute is reached`, wait);
  }
}

/** Waits for every count; throws the first refusal. */
async function settle(hits: Promise<void>[]): Promise<void> {
  if (hits.length === 0) return;
  const results = await Promise.allSettled(hits);
  const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected" && r.reason instanceof TooManyRequestsError);
  if (refused) throw refused.reason;
}

function compile(rules: Record<string, { perMinute: number }>): CompiledRule[] {
  // `*` matches dots and `@` too (as policies do): `*@partner.example` is every tool of a partner
  return Object.entries(rules).map(([glob, { perMinute }]) => ({ glob, perMinute, matches: picomatch(glob, { dot: true }) }));
}
