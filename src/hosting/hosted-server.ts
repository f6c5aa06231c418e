import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ErrorCode,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { ServerConfig } from "../config/config-schema";
import { UnavailableError, UpstreamError, UpstreamTimeoutError, ValidationError } from "../errors";
import { backoffDelay } from "../util/backoff";
import { CircuitBreaker, type CircuitState } from "../util/circuit-breaker";
import { ConcurrencyLimit } from "../util/concurrency-limit";
import { BoundedStdioTransport } from "./bounded-stdio-transport";
import { createToolFilter } from "./tool-filter";
import type { OutboundGuard } from "../net/outbound-guard";
import { createUndiciFetch } from "./undici-fetch";
import { DirectHttpCaller, isUndiciTimeout } from "./direct-http-call";

export type ServerState = "connecting" | "ready" | "restarting" | "stopped";

export interface ServerStatus {
  state: ServerState;
  transport: "stdio" | "streamable-http";
  tools: number;
  restarts: number;
  lastError: string | null;
  connectedAt: string | null;
  circuit: CircuitState;
  inFlight: number;
  queued: number;
}

export interface HostedServerOptions {
  name: string;
  config: ServerConfig;
  logger: Logger;
  /** Default per-call timeout when the server has none of its own. */
  callTimeoutMs: number;
  /** Called with the published tools whenever the server's list is (re)loaded. */
  onTools: (server: string, tools: Tool[], serverVersion: string) => void;
  /** Timeout for connecting and listing tools. */
  connectTimeoutMs?: number;
  restartBaseMs?: number;
  restartMaxMs?: number;
  /** Circuit breaker settings (defaults: open after 5 consecutive failures, for 10 s). */
  breaker?: { failureThreshold?: number; openMs?: number };
  /** Concurrent calls and queued calls allowed (defaults 32 and 256). */
  maxConcurrent?: number;
  maxQueued?: number;
  /** Checks every connection (a partner's published remote); set, it also skips the direct path. */
  guard?: OutboundGuard;
  /** Largest response body (or streamed event) read over HTTP (default 16 MiB). */
  maxResponseBytes?: number;
}

const CLIENT_INFO = { name: "mcpfed", version: "0.1.0" };

/**
 * One of the operator's own MCP servers, reached through the SDK's Client over stdio or
 * Streamable HTTP. Lists tools at connection and on tools/list_changed, restarts a dead stdio
 * child with backoff, and turns protocol failures into typed errors.
 */
export class HostedServer {
  readonly name: string;
  private readonly config: ServerConfig;
  private readonly log: Logger;
  private readonly filter: (tool: string) => boolean;
  private client: Client | undefined;
  private state: ServerState = "connecting";
  private restarts = 0;
  private attempt = 0;
  private lastError: string | null = null;
  private connectedAt: Date | null = null;
  private toolCount = 0;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private listing: Promise<boolean> | undefined;
  private relistPending = false;
  private readonly breaker: CircuitBreaker;
  private readonly limit: ConcurrencyLimit;
  private http: ReturnType<typeof createUndiciFetch> | undefined;
  private transport: Transport | undefined;
  private direct: DirectHttpCaller | undefined;
  private outputSchemas = new Set<string>();

  constructor(private readonly options: HostedServerOptions) {
    this.name = options.name;
    this.config = options.config;
    this.log = options.logger.child({ server: options.name });
    this.filter = createToolFilter(options.config.tools);
    this.breaker = new CircuitBreaker(`server ${options.name}`, options.breaker);
    this.limit = new ConcurrencyLimit(`server ${options.name}`, options.maxConcurrent ?? 32, options.maxQueued ?? 256);
  }

  get transportKind(): "stdio" | "streamable-http" {
    return "command" in this.config ? "stdio" : "streamable-http";
  }

  status(): ServerStatus {
    return {
      state: this.state,
      transport: this.transportKind,
      tools: this.toolCount,
      restarts: this.restarts,
      lastError: this.lastError,
      connectedAt: this.connectedAt?.toISOString() ?? null,
      circuit: this.breaker.state,
      inFlight: this.limit.inFlight,
      queued: this.limit.queued,
    };
  }

  /** Connects once; on failure schedules retries and resolves anyway (start-up never blocks on one server). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
    const http = this.http;
    this.http = undefined;
    await http?.close().catch(() => undefined);
    await this.direct?.close();
    this.direct = undefined;
  }

  /**
   * Calls one of this server's tools by its own (unprefixed) name, under the concurrency limit
   * and the circuit breaker. Calls refused while the server restarts do not count as failures.
   */
  async callTool(tool: string, args: Record<string, unknown>, timeoutMs?: number): Promise<CallToolResult> {
    if (this.state !== "ready" || !this.client) {
      const wait = Math.max(1, (this.retryAt - Date.now()) / 1000);
      throw new UnavailableError(`server ${this.name} is ${this.state}`, wait);
    }
    const timeout = timeoutMs ?? this.config.timeout ?? this.options.callTimeoutMs;
    return this.limit.run(() =>
      this.breaker.run(async () => {
        const client = this.client;
        if (this.state !== "ready" || !client) throw new UnavailableError(`server ${this.name} is ${this.state}`, 1);
        try {
          const viaDirect = await this.callDirect(tool, args, timeout);
          if (viaDirect) return viaDirect;
          return (await client.callTool({ name: tool, arguments: args }, undefined, { timeout })) as CallToolResult;
        } catch (err) {
          throw this.mapCallError(err, timeout);
        }
      }, (err) => err instanceof UpstreamError || err instanceof UpstreamTimeoutError),
    );
  }

  /**
   * Streamable HTTP servers: tools/call as one plain JSON-RPC POST on the SDK client's session
   * (see direct-http-call.ts); undefined means "use the SDK client". Tools with an output
   * schema always go through the SDK client, which validates structured results.
   */
  private async callDirect(tool: string, args: Record<string, unknown>, timeout: number): Promise<CallToolResult | undefined> {
    const cfg = this.config;
    if ("command" in cfg || !this.transport || this.outputSchemas.has(tool)) return undefined;
    // partners' remotes go through the SDK client only: its fetch checks connections and caps bodies
    if (this.options.guard) return undefined;
    this.direct ??= new DirectHttpCaller(cfg.url, { ...cfg.headers });
    let outcome;
    try {
      outcome = await this.direct.callTool(this.transport as StreamableHTTPClientTransport, tool, args, timeout);
    } catch (err) {
      if (isUndiciTimeout(err)) throw new McpError(ErrorCode.RequestTimeout, "request timed out");
      throw err;
    }
    if (outcome.kind === "result") return outcome.result;
    if (outcome.kind === "rpc-error") throw new McpError(outcome.code, outcome.message);
    return undefined;
  }

  private mapCallError(err: unknown, timeout: number): Error {
    if (err instanceof McpError) {
      if (err.code === ErrorCode.RequestTimeout) {
        return new UpstreamTimeoutError(`server ${this.name} did not answer within ${timeout} ms`, { cause: err });
      }
      if (err.code === ErrorCode.ConnectionClosed) {
        return new UpstreamError(`server ${this.name} closed the connection during the call`, { cause: err });
      }
      if (err.code === ErrorCode.InvalidParams) {
        return new ValidationError(`server ${this.name} rejected the arguments: ${err.message}`, { cause: err });
      }
      return new UpstreamError(`server ${this.name} answered with an error: ${err.message}`, { cause: err });
    }
    return new UpstreamError(`server ${this.name} could not be reached: ${(err as Error).message}`, { cause: err });
  }

  private createTransport(): Transport {
    const cfg = this.config;
    if ("command" in cfg) {
      return new BoundedStdioTransport({
        command: cfg.command,
        args: [...cfg.args],
        // only the SDK's safe default variables (PATH, HOME…) plus the server's own: never the node's secrets
        env: { ...getDefaultEnvironment(), ...cfg.env },
        cwd: cfg.cwd,
        // drained so the child never blocks on it; kept at debug level
        onStderr: (text) => this.log.debug({ stderr: text }, "server stderr"),
      });
    }
    this.http ??= createUndiciFetch({ guard: this.options.guard, maxBodyBytes: this.options.maxResponseBytes });
    return new StreamableHTTPClientTransport(new URL(cfg.url), { requestInit: { headers: { ...cfg.headers } }, fetch: this.http.fetch });
  }

  private async connect(): Promise<void> {
    if (this.state === "stopped") return;
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    const transport = this.createTransport();
    this.transport = transport;
    client.onerror = (err) => this.log.debug({ err: err.message }, "client error");
    client.onclose = () => this.onClosed(client);
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      if (this.client === client) await this.relist();
    });
    try {
      await client.connect(transport, { timeout: this.options.connectTimeoutMs ?? 15_000 });
      if (this.stopped()) {
        await client.close();
        return;
      }
      this.client = client;
      await this.listTools(client);
      if (this.stopped()) return;
      this.state = "ready";
      this.attempt = 0;
      this.connectedAt = new Date();
      this.lastError = null;
      this.log.info({ tools: this.toolCount }, "server ready");
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.warn({ err: this.lastError }, "server connection failed");
      if (this.client === client) this.client = undefined;
      await client.close().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private stopped(): boolean {
    return this.state === "stopped";
  }

  private onClosed(client: Client): void {
    if (this.client !== client || this.state === "stopped") return;
    this.client = undefined;
    this.restarts++;
    this.lastError = "connection closed";
    this.log.warn({ restarts: this.restarts }, "server connection closed; restarting");
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === "stopped") return;
    this.state = "restarting";
    const delay = backoffDelay(this.attempt++, this.options.restartBaseMs ?? 250, this.options.restartMaxMs ?? 30_000);
    this.retryAt = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  /** Re-lists tools now (periodic re-checks); false when the server did not answer. */
  async refreshTools(): Promise<boolean> {
    if (this.state !== "ready" || !this.client) return false;
    return this.relist();
  }

  /** Re-lists tools after tools/list_changed; concurrent notifications collapse into one re-list. */
  private async relist(): Promise<boolean> {
    if (this.listing) {
      this.relistPending = true;
      return this.listing;
    }
    const client = this.client;
    if (!client) return false;
    this.listing = this.listTools(client).then(
      () => true,
      (err: Error) => {
        this.lastError = err.message;
        this.log.warn({ err: err.message }, "re-listing tools failed");
        return false;
      },
    );
    const ok = await this.listing;
    this.listing = undefined;
    if (this.relistPending) {
      this.relistPending = false;
      return this.relist();
    }
    return ok;
  }

  private async listTools(client: Client): Promise<void> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await client.listTools(cursor ? { cursor } : {}, { timeout: this.options.connectTimeoutMs ?? 15_000 });
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    const published = tools.filter((t) => this.filter(t.name));
    this.outputSchemas = new Set(tools.filter((t) => t.outputSchema !== undefined).map((t) => t.name));
    this.toolCount = published.length;
    this.options.onTools(this.name, published, client.getServerVersion()?.version ?? "0.0.0");
  }
}
