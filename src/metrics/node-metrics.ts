import { isServing } from "../hosting/hosted-server-types";
import { performance } from "node:perf_hooks";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { PlainSeries } from "./plain-series";

export interface MetricsSources {
  servers: () => Record<string, { restarts: number; state: string; circuit: string; inFlight: number }>;
  peers: () => { host: string; state: string; lastSuccess: string | null }[];
  /** Execution records lost so far (store down or failing); read at scrape time. */
  recordsDropped?: () => number;
  /** Distinct `tool` label values before further tools share the label "other" (default 200). */
  maxToolSeries?: number;
}

/** The label value of tools past the cardinality cap. */
export const OTHER_TOOL = "other";

/**
 * A rendering is reused for this many times as long as it took to make: rendering is
 * synchronous work on the event loop, so a flood of (unauthenticated) scrapes may spend at most
 * about a tenth of the node's time on it. A 5 ms rendering is reused for 50 ms.
 */
const RENDER_REUSE_FACTOR = 10;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The node's Prometheus series, in a registry of its own (no global state). Domain code reports
 * events through the methods here; gauges of servers and peers are read at scrape time.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  // the per-request series are plain counts rendered on scrape (plain-series.ts)
  private readonly httpRequests: PlainSeries;
  private readonly httpDuration: PlainSeries;
  private readonly toolExecutions: PlainSeries;
  private readonly toolDuration: PlainSeries;
  private readonly governanceDecisions: Counter<"outcome">;
  private readonly peerSyncs: Counter<"peer" | "result">;
  private readonly rateLimited: Counter<"limit">;
  private readonly authFailures: Counter<"reason">;
  private readonly toolLabels = new Set<string>();
  private rendered: { text: string; at: number; cost: number } | undefined;
  private rendering: Promise<string> | undefined;
  private readonly maxToolSeries: number;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.maxToolSeries = sources.maxToolSeries ?? 200;
    collectDefaultMetrics({ register: this.registry, prefix: "mcpfed_" });
    this.httpRequests = new PlainSeries("mcpfed_http_requests_total", "HTTP requests by route and status").registerIn(this.registry);
    this.httpDuration = new PlainSeries("mcpfed_http_request_duration_seconds", "HTTP request latency", LATENCY_BUCKETS).registerIn(this.registry);
    this.toolExecutions = new PlainSeries("mcpfed_tool_executions_total", "Tool executions by tool and outcome").registerIn(this.registry);
    this.toolDuration = new PlainSeries("mcpfed_tool_execution_duration_seconds", "Tool execution latency", LATENCY_BUCKETS).registerIn(this.registry);
    this.governanceDecisions = new Counter({ name: "mcpfed_governance_decisions_total", help: "Governance decisions by outcome", labelNames: ["outcome"], registers });
    this.peerSyncs = new Counter({ name: "mcpfed_peer_syncs_total", help: "Peer catalog syncs by result", labelNames: ["peer", "result"], registers });
    this.rateLimited = new Counter({ name: "mcpfed_rate_limited_total", help: "Requests refused by a rate limit", labelNames: ["limit"], registers });
    this.authFailures = new Counter({ name: "mcpfed_auth_failures_total", help: "Rejected authentication and authorization", labelNames: ["reason"], registers });
    const recordsDropped = sources.recordsDropped;
    if (recordsDropped) {
      new Counter({
        name: "mcpfed_records_dropped_total",
        help: "Execution records lost: dropped while the store was down or after a failed retry",
        registers,
        collect() {
          this.reset();
          this.inc(recordsDropped());
        },
      });
    }
    new Gauge({
      name: "mcpfed_hosted_server_restarts",
      help: "Restarts of each hosted server since the node started",
      labelNames: ["server"],
      registers,
      collect() {
        this.reset();
        for (const [server, s] of Object.entries(sources.servers())) this.set({ server }, s.restarts);
      },
    });
    new Gauge({
      name: "mcpfed_hosted_server_up",
      help: "1 when the hosted server is connected and its circuit closed",
      labelNames: ["server"],
      registers,
      collect() {
        this.reset();
        for (const [server, s] of Object.entries(sources.servers())) this.set({ server }, isServing(s.state) && s.circuit === "closed" ? 1 : 0);
      },
    });
    new Gauge({
      name: "mcpfed_peer_stale",
      help: "1 when the peer's catalog is stale or the peer offline",
      labelNames: ["peer"],
      registers,
      collect() {
        this.reset();
        for (const p of sources.peers()) this.set({ peer: p.host }, p.state === "online" ? 0 : 1);
      },
    });
    new Gauge({
      name: "mcpfed_peer_last_success_seconds",
      help: "Seconds since the peer's last successful sync (-1: never)",
      labelNames: ["peer"],
      registers,
      collect() {
        this.reset();
        for (const p of sources.peers()) this.set({ peer: p.host }, p.lastSuccess ? (Date.now() - Date.parse(p.lastSuccess)) / 1000 : -1);
      },
    });
  }

  /**
   * The Prometheus text for GET /metrics. Concurrent scrapes share one rendering, and a recent
   * rendering is reused for RENDER_REUSE_FACTOR times its own cost, so scraping in a loop
   * cannot keep the event loop busy.
   */
  render(): Promise<string> {
    const now = performance.now();
    if (this.rendered && now - this.rendered.at < this.rendered.cost * RENDER_REUSE_FACTOR) return Promise.resolve(this.rendered.text);
    this.rendering ??= this.registry
      .metrics()
      .then((text) => {
        const done = performance.now();
        this.rendered = { text, at: done, cost: done - now };
        return text;
      })
      .finally(() => {
        this.rendering = undefined;
      });
    return this.rendering;
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    // the key joins the label values with a character no method, route label or status holds
    const key = `${method}\n${route}\n${status}`;
    const labels = () => ({ method, route, status: String(status) });
    this.httpRequests.add(key, labels);
    this.httpDuration.add(key, labels, seconds);
  }

  /**
   * One tool execution. The `tool` label is capped: each distinct tool costs a counter and a
   * histogram of 15 buckets per outcome, so past `maxToolSeries` tools the rest are "other".
   */
  toolExecution(tool: string, outcome: string, seconds: number): void {
    let label = tool;
    if (!this.toolLabels.has(tool)) {
      if (this.toolLabels.size < this.maxToolSeries) this.toolLabels.add(tool);
      else label = OTHER_TOOL;
    }
    const key = `${label}\n${outcome}`;
    const labels = () => ({ tool: label, outcome });
    this.toolExecutions.add(key, labels);
    this.toolDuration.add(key, labels, seconds);
  }

  governanceDecision(outcome: string): void {
    this.governanceDecisions.inc({ outcome });
  }

  peerSync(peer: string, result: string): void {
    this.peerSyncs.inc({ peer, result });
  }

  rateLimit(limit: string): void {
    this.rateLimited.inc({ limit });
  }

  authFailure(reason: string): void {
    this.authFailures.inc({ reason });
  }
}
