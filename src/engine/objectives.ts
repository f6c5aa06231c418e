/**
 * Per-tool objectives from performance records. All objectives are reported in their natural
 * direction (higher success and trust are better; lower latency and cost are better) and
 * turned into a minimisation vector only for ranking.
 *
 * Priors for tools without observations (documented in docs/adr/0002-ranking-objectives.md):
 * success is the Wilson lower bound of one success in two calls (≈ 0.095), latency and
 * cost take the median of the observed tools (or 1000 ms and 0 when nothing is observed), so an
 * unobserved tool lands mid-pack: neither first nor last by default.
 */

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** Lower bound of the Wilson score interval for `successes` out of `n` (0 when n is 0). */
export function wilsonLowerBound(successes: number, n: number, z = Z95): number {
  if (n <= 0) return 0;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

/** Value at quantile q (0..1) of sorted values, by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const RESERVOIR = 512;

/** Running observations of one tool: counts, a window of recent latencies, cost. */
export class ToolStats {
  successes = 0;
  total = 0;
  private readonly latencies: number[] = [];
  private next = 0;
  private costSum = 0;
  private costCount = 0;
  private sortedCache: number[] | undefined;

  add(success: boolean, latencyMs: number, cost: number | null): void {
    this.total++;
    if (success) this.successes++;
    if (this.latencies.length < RESERVOIR) this.latencies.push(latencyMs);
    else {
      this.latencies[this.next] = latencyMs;
      this.next = (this.next + 1) % RESERVOIR;
    }
    this.sortedCache = undefined;
    if (cost !== null && Number.isFinite(cost)) {
      this.costSum += cost;
      this.costCount++;
    }
  }

  private sorted(): number[] {
    this.sortedCache ??= [...this.latencies].sort((a, b) => a - b);
    return this.sortedCache;
  }

  latency(q: number): number | undefined {
    return this.latencies.length ? quantile(this.sorted(), q) : undefined;
  }

  meanCost(): number | undefined {
    return this.costCount ? this.costSum / this.costCount : undefined;
  }
}

export interface Objectives {
  /** Wilson lower bound (95%) of the success rate. */
  success: number;
  latencyP50: number;
  latencyP95: number;
  cost: number;
  /** 0..1: governance status and freshness. */
  trust: number;
  /** How many observations these numbers rest on. */
  observations: number;
  /** 0..1 lexical relevance to the query, when there is one. */
  relevance?: number;
}

export interface Priors {
  latencyP50: number;
  latencyP95: number;
  cost: number;
}

/** Priors from the observed tools: medians, so an unobserved tool sits mid-pack. */
export function computePriors(stats: Iterable<ToolStats>): Priors {
  const p50: number[] = [];
  const p95: number[] = [];
  const costs: number[] = [];
  for (const s of stats) {
    const a = s.latency(0.5);
    const b = s.latency(0.95);
    const c = s.meanCost();
    if (a !== undefined) p50.push(a);
    if (b !== undefined) p95.push(b);
    if (c !== undefined) costs.push(c);
  }
  const median = (xs: number[], fallback: number) => (xs.length ? quantile(xs.sort((x, y) => x - y), 0.5) : fallback);
  return { latencyP50: median(p50, 1000), latencyP95: median(p95, 1000), cost: median(costs, 0) };
}

export function objectivesOf(stats: ToolStats | undefined, priors: Priors, trust: number, configuredCost?: number | null): Objectives {
  const observed = stats !== undefined && stats.total > 0;
  return {
    success: observed ? wilsonLowerBound(stats.successes, stats.total) : wilsonLowerBound(1, 2),
    latencyP50: stats?.latency(0.5) ?? priors.latencyP50,
    latencyP95: stats?.latency(0.95) ?? priors.latencyP95,
    cost: stats?.meanCost() ?? configuredCost ?? priors.cost,
    trust,
    observations: stats?.total ?? 0,
  };
}

/** The minimisation vector used for Pareto ranking. */
export function toMinimisation(o: Objectives): number[] {
  const v = [-o.success, o.latencyP50, o.latencyP95, o.cost, -o.trust];
  if (o.relevance !== undefined) v.push(-o.relevance);
  return v;
}
