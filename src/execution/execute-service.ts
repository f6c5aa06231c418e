import { performance } from "node:perf_hooks";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolCatalog, PublishedTool } from "../catalog/tool-catalog";
import { AppError, NotFoundError, ValidationError, type FieldError } from "../errors";
import type { CallOptions } from "../hosting/call-options";
import { abortSignalOf } from "../hosting/call-hang-up";
import type { HostedServers } from "../hosting/hosted-servers";
import type { PolicyTable } from "../policy/policy";
import type { CallGate } from "../cache/call-gate";
import { errorClassOf, type PerformanceRecorder } from "../metrics/performance-recorder";
import { callWithFallback, type FallbackDeps } from "./fallback-runner";
import { spanRunner } from "../tracing/trace-context";
import { SpanKind } from "@opentelemetry/api";

export interface ExecuteRequest {
  mcp_name: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}

/** A `name@host` call that arrived already forwarded by another node. */
export class ForwardingLoopError extends AppError {
  readonly status = 400;
  readonly code = "forwarding-loop";
}

/**
 * How one execution is run: `forwarded` (the request came from another node: it carried the
 * hop header), and for local tools the HostedServer call options (cancellation signal, progress,
 * relay of the server's requests, caller session).
 */
export interface ExecuteOptions extends Pick<CallOptions, "signal" | "hangUp" | "onProgress" | "relay" | "session"> {
  forwarded?: boolean;
  /** The caller's token id: the policy table decides whether it may call the tool. */
  principal?: string;
}

/** Forwards `name@host` calls; provided by the federated engine. */
export type RemoteExecutor = (
  name: string,
  kwargs: Record<string, unknown>,
  options?: Pick<CallOptions, "signal" | "onProgress">,
) => Promise<CallToolResult>;

export interface ExecuteServiceDeps {
  catalog: ToolCatalog;
  hosted: HostedServers;
  recorder: PerformanceRecorder;
  remote?: RemoteExecutor;
  policy?: PolicyTable;
  /** Fallback lists and same-name candidates (src/execution/fallback-runner.ts); the policy above applies to each. */
  fallback?: Omit<FallbackDeps, "policy">;
  /** Call limits and the result cache, passed after the policy table (src/cache/call-gate.ts). */
  gate?: CallGate;
}

/**
 * The execute use-case: resolve the tool, map positional args onto its schema, validate the
 * arguments, call the server, and leave one performance record for every call that was made.
 */
export class ExecuteService {
  private readonly spans = spanRunner();

  constructor(private readonly deps: ExecuteServiceDeps) {}

  /** The policy table every call passes (the listing routes filter with it too). */
  get policy(): PolicyTable | undefined {
    return this.deps.policy;
  }

  /** Call limits and the result cache (the pass-through endpoints apply the limits too). */
  get gate(): CallGate | undefined {
    return this.deps.gate;
  }

  /**
   * Runs one call and records it. A call whose `signal` aborted is recorded as `cancelled`
   * (never as a success), and the hosted server is told with `notifications/cancelled`.
   */
  execute(req: ExecuteRequest, options: ExecuteOptions = {}): Promise<CallToolResult> {
    // not async (one promise less per call): a denial is returned as a rejection all the same
    try {
      if (options.principal !== undefined) this.deps.policy?.assertCall(req.mcp_name, options.principal);
    } catch (err) {
      return Promise.reject(err);
    }
    const { gate } = this.deps;
    if (gate && options.principal !== undefined) {
      const call = { id: req.mcp_name, principal: options.principal, args: req.args, kwargs: req.kwargs };
      return gate.run(call, () => this.withFallback(req, options));
    }
    return this.withFallback(req, options);
  }

  /** The requested tool, then (on 502/503/504) its fallback candidates, each its own attempt. */
  private withFallback(req: ExecuteRequest, options: ExecuteOptions): Promise<CallToolResult> {
    // no fallback table: the one attempt, without the runner's closure and promises
    if (!this.deps.fallback) return this.executeOne(req, options);
    const { principal, forwarded } = options;
    const signal = options.signal ?? options.hangUp;
    const { gate } = this.deps;
    const candidate = async (id: string) => {
      // a candidate is another upstream: its tool budget counts this call (past it: 429, skipped)
      if (gate && principal !== undefined) await gate.checkCandidate(id);
      return this.executeOne({ ...req, mcp_name: id }, options);
    };
    // the requested tool: its own attempt's promise, without a frame around it
    const attempt = (id: string) => (id === req.mcp_name ? this.executeOne(req, options) : candidate(id));
    // a forwarded call never falls back here: the calling node checked its caller's policy for
    // this one tool id only, and does its own fallback (a substitute here would bypass that policy)
    const candidates = forwarded ? {} : this.deps.fallback;
    return callWithFallback({ id: req.mcp_name, principal, signal, attempt }, { ...candidates, policy: this.deps.policy });
  }

  /** One attempt on one tool: its own performance record, success or not. */
  private async executeOne(req: ExecuteRequest, options: ExecuteOptions): Promise<CallToolResult> {
    if (req.mcp_name.includes("@")) {
      if (options.forwarded) {
        throw new ForwardingLoopError(`${req.mcp_name} was already forwarded once; a node never forwards a forwarded call`);
      }
      return this.executeRemote(req, options);
    }
    const tool = this.deps.catalog.get(req.mcp_name);
    if (!tool) throw new NotFoundError(`no tool named ${req.mcp_name}`);
    if (!tool.entry.executable) throw new NotFoundError(`${req.mcp_name} is a catalog-only entry and cannot be executed`);
    const server = this.deps.hosted.get(tool.entry.server);
    if (!server) throw new NotFoundError(`no server serves ${req.mcp_name}`);
    const kwargs = this.spans.inSpanSync("validate", () => buildArguments(tool, req));

    const cost = this.deps.hosted.costOf(tool.entry.server);
    const started = performance.now();
    let result: CallToolResult;
    try {
      const { signal, hangUp, onProgress, relay, session } = options;
      const call = () => server.callTool(tool.toolName, kwargs, { signal, hangUp, onProgress, relay, session });
      result = await this.spans.inSpan("tools/call", call, { kind: SpanKind.CLIENT, attributes: { "mcpfed.tool": req.mcp_name, "mcpfed.server": tool.entry.server } });
    } catch (err) {
      this.record(req.mcp_name, errorClassOf(err), started, cost);
      throw err;
    }
    this.record(req.mcp_name, result.isError === true ? "tool-error" : null, started, cost);
    return result;
  }

  private async executeRemote(req: ExecuteRequest, options: ExecuteOptions): Promise<CallToolResult> {
    if (!this.deps.remote) throw new NotFoundError(`no peer serves ${req.mcp_name}: this node has no federation`);
    if (req.args && req.args.length > 0) {
      throw new ValidationError("positional args are not supported for remote tools; use kwargs", {
        errors: [{ path: "args", message: "use kwargs for name@host tools" }],
      });
    }
    const remote = this.deps.remote;
    const call = () => remote(req.mcp_name, req.kwargs ?? {}, { signal: abortSignalOf(options), onProgress: options.onProgress });
    return this.spans.inSpan("tools/call", call, { kind: SpanKind.CLIENT, attributes: { "mcpfed.tool": req.mcp_name } });
  }

  /** Queues the call's record: it is telemetry, written in a batch after the answer. */
  private record(mcpName: string, errorClass: string | null, started: number, cost: number | null): void {
    this.spans.inSpanSync("record", () => this.queueRecord(mcpName, errorClass, started, cost));
  }

  private queueRecord(mcpName: string, errorClass: string | null, started: number, cost: number | null): void {
    this.deps.recorder.recordExecution({
      mcpName,
      success: errorClass === null,
      latencyMs: performance.now() - started,
      cost,
      errorClass,
    });
  }
}

/** Merges positional args (in schema property order) with kwargs, then validates. */
export function buildArguments(tool: PublishedTool, req: ExecuteRequest): Record<string, unknown> {
  const kwargs: Record<string, unknown> = { ...(req.kwargs ?? {}) };
  const args = req.args ?? [];
  const problems: FieldError[] = [];
  if (args.length > tool.argOrder.length) {
    problems.push({
      path: "args",
      message: `${args.length} positional arguments given, but ${req.mcp_name} takes at most ${tool.argOrder.length}`,
    });
  }
  args.slice(0, tool.argOrder.length).forEach((value, i) => {
    const key = tool.argOrder[i];
    if (Object.prototype.hasOwnProperty.call(kwargs, key)) {
      problems.push({ path: `args.${i}`, message: `${key} is given both positionally and in kwargs` });
    }
    kwargs[key] = value;
  });
  if (problems.length === 0 && tool.validate) problems.push(...(tool.validate(kwargs) ?? []));
  if (problems.length > 0) {
    throw new ValidationError(`arguments do not match the input schema of ${req.mcp_name}`, { errors: problems });
  }
  return kwargs;
}
