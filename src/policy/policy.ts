import picomatch from "picomatch";
import { AppError } from "../errors";
import type { AuditEvent } from "../store/audit-store";
import type { PolicyRule } from "./policy-schema";

/** Decisions kept per (token, tool); cleared whole when full or when the rules change. */
const CACHE_LIMIT = 10_000;
const MINUTE = 60_000;

export interface PolicyDecision {
  allowed: boolean;
  /** The rule that decided; absent when no rule matched (allowed by default). */
  rule?: PolicyRule;
}

/** A call to a tool the caller's token is denied by a policy rule. */
export class PolicyDeniedError extends AppError {
  readonly status = 403;
  readonly code = "policy-denied";
}

interface CompiledRule {
  rule: PolicyRule;
  tool: (id: string) => boolean;
  token: (id: string) => boolean;
}

export interface PolicyTableOptions {
  /** Where denials are written (the node's audit trail). */
  audit?: (event: AuditEvent) => void;
  now?: () => number;
}

/**
 * The node's policy routing: which token may see and call which registry id. The highest
 * priority matching rule decides; between rules of equal priority a deny wins; no matching
 * rule allows. `*` matches dots and `@` too (as in tool sets), so `*@partner.example` is every
 * tool of that partner.
 */
export class PolicyTable {
  private rules: CompiledRule[] = [];
  private version = 0;
  private readonly cache = new Map<string, PolicyDecision>();
  /** Minute of the last audit line per (token, tool): at most one line per pair and minute. */
  private audited = new Map<string, number>();
  private auditedMinute = 0;

  constructor(rules: readonly PolicyRule[] = [], private readonly options: PolicyTableOptions = {}) {
    this.replace(rules);
  }

  /** Takes a new rule list (start-up and /admin/reload); cached decisions are dropped. */
  replace(rules: readonly PolicyRule[]): void {
    const options = { dot: true };
    this.rules = [...rules]
      // highest priority first; at equal priority denies first, so the first match decides
      .sort((a, b) => b.priority - a.priority || rank(a) - rank(b))
      .map((rule) => ({
        rule,
        tool: picomatch(rule.match, options),
        token: rule.tokens ? picomatch([...rule.tokens], options) : () => true,
      }));
    this.cache.clear();
    this.version += 1;
  }

  /** Changes with every replace(): caches of filtered lists (ETags) include it. */
  get revision(): number {
    return this.version;
  }

  /** Are there any rules at all? (Lets callers skip filtering.) */
  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** The decision for `principalId` on registry id `id`. */
  decide(id: string, principalId: string): PolicyDecision {
    const key = `${principalId}\n${id}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const hit = this.rules.find((r) => r.tool(id) && r.token(principalId));
    const decision: PolicyDecision = hit ? { allowed: hit.rule.action === "allow", rule: hit.rule } : { allowed: true };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, decision);
    return decision;
  }

  /** Is `id` visible to `principalId`? Listing filters do not write audit lines. */
  allows(id: string, principalId: string): boolean {
    return this.rules.length === 0 || this.decide(id, principalId).allowed;
  }

  /** Throws a 403 (and writes the bounded audit line) when `principalId` may not call `id`. */
  assertCall(id: string, principalId: string): void {
    if (this.rules.length === 0) return;
    const decision = this.decide(id, principalId);
    if (decision.allowed) return;
    this.auditDenial(id, principalId, decision.rule as PolicyRule);
    throw new PolicyDeniedError(`a policy denies ${id} to this token`);
  }

  private auditDenial(id: string, principalId: string, rule: PolicyRule): void {
    if (!this.options.audit) return;
    const minute = Math.floor((this.options.now ?? Date.now)() / MINUTE);
    if (minute !== this.auditedMinute) {
      this.audited = new Map();
      this.auditedMinute = minute;
    }
    const key = `${principalId}\n${id}`;
    if (this.audited.has(key)) return;
    this.audited.set(key, minute);
    this.options.audit({ actor: principalId, action: "policy-deny", target: id, outcome: "denied", detail: describe(rule) });
  }
}

function rank(rule: PolicyRule): number {
  return rule.action === "deny" ? 0 : 1;
}

/** The matching rule as the audit detail. */
export function describe(rule: PolicyRule): string {
  return JSON.stringify({ match: rule.match, ...(rule.tokens ? { tokens: rule.tokens } : {}), action: rule.action, priority: rule.priority });
}
