import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { ServerConfig } from "../config/config-schema";
import { UnavailableError } from "../errors";
import { backoffDelay } from "../util/backoff";
import { CircuitBreaker } from "../util/circuit-breaker";
import { ConcurrencyLimit } from "../util/concurrency-limit";
import type { CallOptions } from "./call-options";
import { abortSignalOf } from "./call-hang-up";
import { classifyCallError, SessionExpiredError } from "./call-errors";
import { RetryableFailures, retriesAllowed, withRetries } from "./call-retry";
import { SessionConnections } from "./session-connections";
import { ToolLister } from "./tool-lister";
import { createUndiciFetch } from "./undici-fetch";
import { DEFAULT_IDLE_TIMEOUT_MS, IdleStopper } from "./idle-stopper";
import type { HostedServerOptions, ServerState, ServerStatus } from "./hosted-server-types";
import { transportKindOf, UpstreamConnection, type TransportKind } from "./upstream-connection";

export type { CallOptions, CallRelay } from "./call-options";

export type { HostedServerOptions, ServerState, ServerStatus } from "./hosted-server-types";

/**
 * One of the operator's own MCP servers, reached over stdio, Streamable HTTP or HTTP+SSE.
 * Lists tools at connection and on tools/list_changed, reconnects with backoff when the
 * connection is lost (a dead child, a server that went away), opens a new session when the
 * server forgot the old one, and turns failures into typed errors. Only transport failures,
 * timeouts and crashes count against the circuit breaker.
 */
export class HostedServer {
  readonly name: string;
  readonly transportKind: TransportKind;
  private readonly config: ServerConfig;
  private readonly log: Logger;
  private main: UpstreamConnection | undefined;
  private state: ServerState = "connecting";
  private restarts = 0;
  private attempt = 0;
  private lastError: string | null = null;
  private connectedAt: Date | null = null;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  private readonly breaker: CircuitBreaker;
  private readonly limit: ConcurrencyLimit;
  private readonly lister: ToolLister;
  private readonly sessions: SessionConnections;
  private http: ReturnType<typeof createUndiciFetch> | undefined;
  /** Set for a lazy server: stops it after its idle timeout. */
  private readonly idle: IdleStopper | undefined;
  private waking: Promise<void> | undefined;

  constructor(private readonly options: HostedServerOptions) {
    this.name = options.name;
    this.config = options.config;
    this.transportKind = transportKindOf(options.config);
    this.log = options.logger.child({ server: options.name });
    this.breaker = new CircuitBreaker(`server ${options.name}`, options.breaker);
    this.limit = new ConcurrencyLimit(`server ${options.name}`, options.maxConcurrent ?? 32, options.maxQueued ?? 256);
    this.lister = new ToolLister(options.name, options.config.tools, this.log, options.onTools);
    this.sessions = new SessionConnections((onClose) => this.newConnection(onClose));
    this.idle = options.config.lazy ? new IdleStopper(this.idleTimeoutMs, () => void this.sleep()) : undefined;
  }

  private get idleTimeoutMs(): number {
    return this.config.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  status(): ServerStatus {
    return {
      state: this.state,
      transport: this.transportKind,
      tools: this.lister.count > 0 || !this.idle ? this.lister.count : (this.options.listedTools?.() ?? 0),
      restarts: this.restarts,
      lastError: this.lastError,
      connectedAt: this.connectedAt?.toISOString() ?? null,
      circuit: this.breaker.state,
      inFlight: this.limit.inFlight,
      queued: this.limit.queued,
      ...(this.idle ? { lazy: { idleTimeoutMs: this.idleTimeoutMs } } : {}),
    };
  }

  /** The server's `instructions` from initialize (undefined until connected, or when it sent none). */
  get instructions(): string | undefined {
    return this.main?.instructions;
  }

  /** The tools the server listed last, whole (title, annotations, outputSchema, execution, icons, _meta). */
  get tools(): readonly Tool[] {
    return this.lister.published;
  }

  /**
   * Connects once; on failure schedules retries and resolves anyway (start-up never blocks on one
   * server). A lazy server whose tools the catalog already holds is not started at all; one never
   * listed is started once to list its tools, then stopped (see the lazy servers ADR in docs/adr).
   */
  async start(): Promise<void> {
    if (this.idle && (this.options.listedTools?.() ?? 0) > 0) {
      this.state = "idle";
      return;
    }
    await this.connect();
    if (this.idle && this.state === "ready" && this.limit.inFlight === 0 && !this.waking) await this.sleep();
  }

  /** A lazy server stops: no process, no connection, its listing kept; the next call starts it. */
  private async sleep(): Promise<void> {
    if (this.state !== "ready" || this.limit.inFlight > 0) return;
    this.state = "idle";
    this.idle?.cancel();
    clearInterval(this.pingTimer);
    const main = this.main;
    this.main = undefined;
    await Promise.all([main?.close(), this.sessions.closeAll()]);
    this.log.info("lazy server stopped: idle");
  }

  /** Starts an idle lazy server for a call (concurrent calls share one start). */
  private async wake(): Promise<void> {
    if (this.state !== "idle" && !this.waking) return;
    this.waking ??= (async () => {
      this.state = "connecting";
      this.log.info("lazy server starting for a call");
      await this.connect();
    })().finally(() => (this.waking = undefined));
    await this.waking;
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    this.idle?.cancel();
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const main = this.main;
    this.main = undefined;
    await Promise.all([main?.close(), this.sessions.closeAll()]);
    const http = this.http;
    this.http = undefined;
    await http?.close().catch(() => undefined);
  }

  /** Ends a caller session: closes its own upstream connection (`isolation: "session"`). */
  async closeSession(session: string): Promise<void> {
    await this.sessions.close(session);
  }

  /**
   * Calls one of this server's tools by its own (unprefixed) name, once, under the concurrency
   * limit and the circuit breaker. See CallOptions for progress, cancellation, the relay of the
   * server's own requests and per-session isolation. Calls refused while the server reconnects
   * do not count as failures; neither do the server's JSON-RPC error answers.
   */
  callTool(tool: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
    // not async: on the common path the call's own promise is passed on, without one more promise and its turns
    const idle = this.idle;
    if (!idle) return this.callReady(tool, args, options);
    return this.callLazy(idle, tool, args, options);
  }

  /** A lazy server: started by the call if idle; no idle stop while any call runs. */
  private async callLazy(idle: IdleStopper, tool: string, args: Record<string, unknown>, options: CallOptions): Promise<CallToolResult> {
    idle.enter();
    try {
      await this.wake();
      return await this.callReady(tool, args, options);
    } finally {
      idle.leave();
    }
  }

  private callReady(tool: string, args: Record<string, unknown>, options: CallOptions): Promise<CallToolResult> {
    // not async (one promise less per call): whatever goes wrong is returned as a rejection
    try {
      return this.startCall(tool, args, options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private startCall(tool: string, args: Record<string, unknown>, options: CallOptions): Promise<CallToolResult> {
    const timeoutMs = options.timeoutMs ?? this.config.timeout ?? this.options.callTimeoutMs;
    const retries = retriesAllowed(this.lister.definition(tool)) ? (this.config.retries ?? 0) : 0;
    // a call that may be retried waits (within its timeout) for a server that is reconnecting
    if (retries === 0 && (this.state !== "ready" || !this.main)) throw this.unavailable();
    // a retry is made only after a failure of the server itself (crash, transport, 5xx), never after its answer
    const failedUpstream = new RetryableFailures();
    const attempt = async (attemptMs: number) => {
      if (this.state !== "ready" || !this.main) throw this.stopped() ? this.unavailable() : failedUpstream.mark(this.unavailable());
      this.breaker.before();
      try {
        const result = await this.callOnce(tool, args, { ...options, timeoutMs: attemptMs });
        this.breaker.success();
        return result;
      } catch (err) {
        const c = classifyCallError(err, this.name, attemptMs);
        if (c.failure) this.breaker.failure();
        else this.breaker.neutral();
        if (c.connectionLost) this.lost(options.session, c.error.message);
        throw c.failure ? failedUpstream.mark(c.error) : c.error;
      }
    };
    return this.limit.run(() =>
      retries === 0 ? attempt(timeoutMs) : withRetries({ retries, timeoutMs, signal: abortSignalOf(options) }, attempt, (err) => failedUpstream.has(err)),
    );
  }

  private callOnce(tool: string, args: Record<string, unknown>, options: CallOptions & { timeoutMs: number }): Promise<CallToolResult> {
    // tools with an output schema go through the SDK client, which validates structured results
    // partners' remotes (guarded) go through the SDK client only: its fetch checks connections and caps bodies
    // stdio: published tools only (the SDK client refuses a task-required one, which is never published)
    const direct =
      this.transportKind === "stdio"
        ? this.lister.definition(tool) !== undefined && !this.lister.hasOutputSchema(tool)
        : this.transportKind === "streamable-http" && !this.lister.hasOutputSchema(tool) && !this.options.guard;
    const run = async (conn: UpstreamConnection) => {
      try {
        return await conn.callTool(tool, args, { ...options, direct });
      } catch (err) {
        if (!(err instanceof SessionExpiredError)) throw err;
        // the server forgot the session, so the call did not run: a new session, then the one try
        this.log.info("session expired on the server; opening a new one");
        await this.renewSession(conn, options.session);
        return this.onConnection(options.session, (again) => again.callTool(tool, args, { ...options, direct }));
      }
    };
    return this.onConnection(options.session, run);
  }

  /** Runs `fn` on the caller session's own connection (`isolation: "session"`) or the shared one. */
  private onConnection<T>(session: string | undefined, fn: (conn: UpstreamConnection) => Promise<T>): Promise<T> {
    // not async (one promise less per call): every way out is a promise, none throws
    if (session !== undefined && this.config.isolation === "session") return this.sessions.use(session, fn);
    if (this.state !== "ready" || !this.main) return Promise.reject(this.unavailable());
    return fn(this.main);
  }

  private async renewSession(conn: UpstreamConnection, session: string | undefined): Promise<void> {
    if (session !== undefined && this.config.isolation === "session") return this.sessions.close(session);
    if (this.main === conn) this.renewing ??= this.reconnectNow().finally(() => (this.renewing = undefined));
    await this.renewing;
  }

  private unavailable(): UnavailableError {
    return new UnavailableError(`server ${this.name} is ${this.state}`, Math.max(1, (this.retryAt - Date.now()) / 1000));
  }

  private newConnection(onClose: () => void): UpstreamConnection {
    return new UpstreamConnection({
      name: this.name,
      config: this.config,
      log: this.log,
      fetch: () => (this.http ??= createUndiciFetch({ guard: this.options.guard, maxBodyBytes: this.options.maxResponseBytes })).fetch,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
      onClose,
      onToolsChanged: () => void this.relist(),
    });
  }

  private async connect(): Promise<void> {
    if (this.state === "stopped") return;
    const conn = this.newConnection(() => this.onClosed(conn));
    try {
      await conn.open();
      if (this.stopped()) return void (await conn.close());
      this.main = conn;
      await this.lister.list(conn);
      if (this.stopped()) return;
      this.state = "ready";
      this.attempt = 0;
      this.connectedAt = new Date();
      this.lastError = null;
      this.schedulePing();
      this.idle?.arm();
      this.log.info({ tools: this.lister.count }, "server ready");
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.warn({ err: this.lastError }, "server connection failed");
      if (this.main === conn) this.main = undefined;
      await conn.close();
      this.scheduleReconnect();
    }
  }

  private stopped(): boolean {
    return this.state === "stopped";
  }

  /** Drops the current connection and connects again now (the server forgot our session). */
  private async reconnectNow(): Promise<void> {
    const old = this.main;
    this.main = undefined;
    this.state = "connecting";
    await old?.close();
    await this.connect();
  }

  private onClosed(conn: UpstreamConnection): void {
    if (this.main !== conn || this.stopped()) return;
    this.connectionLost("connection closed");
  }

  /** A call found its connection gone: a session's own connection is dropped (the next call opens one), the shared one reconnects. */
  private lost(session: string | undefined, reason: string): void {
    if (session !== undefined && this.config.isolation === "session") void this.sessions.close(session);
    else this.connectionLost(reason);
  }

  /** The server cannot be reached: not ready until a reconnect succeeds. */
  private connectionLost(reason: string): void {
    const conn = this.main;
    if (!conn || this.stopped()) return;
    this.main = undefined;
    this.restarts++;
    this.lastError = reason;
    this.log.warn({ restarts: this.restarts, err: reason }, "server connection lost; reconnecting");
    void conn.close();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped()) return;
    this.state = "restarting";
    clearInterval(this.pingTimer);
    const delay = backoffDelay(this.attempt++, this.options.restartBaseMs ?? 250, this.options.restartMaxMs ?? 30_000);
    this.retryAt = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  /** HTTP servers have no connection whose end the node would notice: ask them now and then. */
  private schedulePing(): void {
    clearInterval(this.pingTimer);
    const every = this.options.pingIntervalMs ?? 30_000;
    if (this.transportKind === "stdio" || every <= 0) return;
    this.pingTimer = setInterval(() => {
      const conn = this.main;
      conn?.ping(Math.min(every, 10_000)).catch((err: Error) => {
        if (this.main !== conn) return;
        // a server that restarted forgot our session: a new one at once, not a backoff
        if (err instanceof StreamableHTTPError && err.code === 404) void this.renewSession(conn, undefined);
        else this.connectionLost(`ping failed: ${err.message}`);
      });
    }, every);
    this.pingTimer.unref();
  }

  /** The shared SDK client while the server is ready (resources and prompts on the aggregated /mcp). */
  get mcpClient(): Client | undefined {
    return this.state === "ready" ? this.main?.sdkClient : undefined;
  }

  /** The whole definition of a published tool, as the server last listed it. */
  toolDefinition(tool: string): Tool | undefined {
    // a lazy server that has not run in this process: the listing stored by its last run
    return this.lister.definition(tool) ?? (this.idle ? this.options.storedDefinition?.(tool) : undefined);
  }

  /** Re-lists tools now (periodic re-checks); false when the server did not answer. */
  async refreshTools(): Promise<boolean> {
    if (this.state !== "ready" || !this.main) return false;
    return this.relist();
  }

  private async relist(): Promise<boolean> {
    const conn = this.main;
    if (!conn) return false;
    const ok = await this.lister.relist(conn);
    if (!ok) this.lastError = "re-listing tools failed";
    return ok;
  }
}
