import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { ServerConfig } from "../config/config-schema";
import type { CallOptions } from "./call-options";
import { abortSignalOf } from "./call-hang-up";
import { CallCancelledError, SessionExpiredError } from "./call-errors";
import { BoundedStdioTransport } from "./bounded-stdio-transport";
import { FastCallToolResultSchema } from "./call-result-schema";
import { DirectHttpCaller } from "./direct-http-call";
import { LeanStdioCalls } from "./lean-stdio-call";
import { RelayRouter } from "./relay-router";

/** How the node reaches a hosted server. */
export type TransportKind = "stdio" | "streamable-http" | "sse";

const CLIENT_INFO = { name: "mcpfed", version: "0.1.0" };
/** The relay's signal for a call made without one. */
const NEVER_ABORTED = new AbortController().signal;
/** The end of a call without a relay. */
const noRelay = (): void => undefined;
/** What the node can relay to the caller of a tool (see CallRelay). */
const CLIENT_CAPABILITIES = { sampling: {}, elicitation: {}, roots: { listChanged: false } };

/** The transport a config entry asks for (`type`, else `command` means stdio and `url` Streamable HTTP). */
export function transportKindOf(config: ServerConfig): TransportKind {
  if ("command" in config) return "stdio";
  return config.type === "sse" ? "sse" : "streamable-http";
}

/** What an UpstreamConnection is built from. */
export interface UpstreamConnectionOptions {
  name: string;
  config: ServerConfig;
  log: Logger;
  /** The pooled fetch for HTTP transports (see undici-fetch.ts). */
  fetch: () => FetchLike;
  connectTimeoutMs: number;
  /** The connection closed by itself (a stdio child exited, an SSE stream ended). */
  onClose: () => void;
  onToolsChanged?: () => void;
}

/**
 * One MCP client session with a hosted server: the SDK Client on stdio, Streamable HTTP or
 * legacy HTTP+SSE, declaring the client capabilities the node relays. Calls take the direct
 * HTTP path where it applies (see direct-http-call.ts) and the SDK client otherwise.
 */
export class UpstreamConnection {
  readonly kind: TransportKind;
  private readonly client = new Client(CLIENT_INFO, { capabilities: CLIENT_CAPABILITIES });
  private transport: Transport | undefined;
  private direct: DirectHttpCaller | undefined;
  /** stdio: tools/call without the SDK client's request path (see lean-stdio-call.ts). */
  private lean: LeanStdioCalls | undefined;
  private readonly relays = new RelayRouter();
  private closing = false;

  constructor(private readonly options: UpstreamConnectionOptions) {
    this.kind = transportKindOf(options.config);
    const client = this.client;
    client.onerror = (err) => options.log.debug({ err: err.message }, "client error");
    client.onclose = () => {
      if (!this.closing) options.onClose();
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => options.onToolsChanged?.());
    client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => this.relays.log(n.params));
    client.setRequestHandler(CreateMessageRequestSchema, (req) => this.relays.handle(req) as never);
    client.setRequestHandler(ElicitRequestSchema, (req) => this.relays.handle(req) as never);
    client.setRequestHandler(ListRootsRequestSchema, (req) => this.relays.handle(req) as never);
  }

  /** The SDK client of this session (pass-through of resources, prompts and completions). */
  get sdkClient(): Client {
    return this.client;
  }

  /** initialize; throws when the server cannot be reached or refuses. */
  async open(): Promise<void> {
    this.transport = this.createTransport();
    await this.client.connect(this.transport, { timeout: this.options.connectTimeoutMs });
  }

  get instructions(): string | undefined {
    return this.client.getInstructions();
  }

  get serverVersion(): string {
    return this.client.getServerVersion()?.version ?? "0.0.0";
  }

  async listAllTools(): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await this.client.listTools(cursor ? { cursor } : {}, { timeout: this.options.connectTimeoutMs });
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  async ping(timeoutMs: number): Promise<void> {
    await this.client.ping({ timeout: timeoutMs });
  }

  /**
   * Calls a tool once. `direct`: take the plain HTTP path (Streamable HTTP) or the lean stdio
   * path (stdio), for a tool whose answer the SDK client would not check further. Throws
   * SessionExpiredError when the server forgot the session (the call did not run),
   * CallCancelledError when `signal` aborted (or the caller hung up), and the raw transport or
   * McpError otherwise.
   */
  async callTool(tool: string, args: Record<string, unknown>, options: CallOptions & { timeoutMs: number; direct: boolean }): Promise<CallToolResult> {
    // The caller's signal goes down as it is: each AbortSignal and each listener on one costs
    // several µs per call in Node 20, and the layers below listen to it themselves.
    // A hang-up makes an AbortSignal only for the paths below that need one (not the lean one).
    const { signal, hangUp } = options;
    // server requests that arrive outside the call's own stream (stdio, the GET stream) find the caller here
    const leave = options.relay ? this.relays.enter(options.relay, abortSignalOf(options) ?? NEVER_ABORTED) : noRelay;
    try {
      if (signal?.aborted || hangUp?.aborted) throw new CallCancelledError(`the call to ${tool} was cancelled by its caller`);
      return await this.callOnce(tool, args, options);
    } catch (err) {
      if ((signal?.aborted || hangUp?.aborted) && !(err instanceof CallCancelledError)) throw new CallCancelledError(`the call to ${tool} was cancelled by its caller`);
      throw err;
    } finally {
      leave();
    }
  }

  private callOnce(tool: string, args: Record<string, unknown>, options: CallOptions & { timeoutMs: number; direct: boolean }): Promise<CallToolResult> {
    const lean = this.lean;
    if (options.direct && lean?.hasRoom) return lean.call(tool, args, { timeoutMs: options.timeoutMs, signal: options.signal, hangUp: options.hangUp, onProgress: options.onProgress });
    return this.callOther(tool, args, options.hangUp && !options.signal ? { ...options, signal: options.hangUp.signal } : options);
  }

  /** The SDK client's path, or the direct HTTP one: both take the caller's cancellation as an AbortSignal. */
  private callOther(tool: string, args: Record<string, unknown>, options: CallOptions & { timeoutMs: number; direct: boolean }): Promise<CallToolResult> {
    const transport = this.transport;
    const http = transport instanceof StreamableHTTPClientTransport ? transport : undefined;
    if (options.direct && http && "url" in this.options.config) return this.callDirect(http, tool, args, options);
    // the SDK parses the result with whatever zod schema it is given; its type names only its own two
    const calling = this.client.callTool({ name: tool, arguments: args }, FastCallToolResultSchema as unknown as typeof CallToolResultSchema, {
      timeout: options.timeoutMs,
      signal: options.signal,
      onprogress: options.onProgress,
    }) as Promise<CallToolResult>;
    // only a Streamable HTTP session can expire; other transports pass the call's promise on as it is
    if (!http) return calling;
    return calling.catch((err: unknown) => {
      if (err instanceof StreamableHTTPError && err.code === 404 && http.sessionId) throw new SessionExpiredError();
      throw err;
    });
  }

  private async callDirect(http: StreamableHTTPClientTransport, tool: string, args: Record<string, unknown>, options: CallOptions & { timeoutMs: number }): Promise<CallToolResult> {
    if (!("url" in this.options.config)) throw new Error("a direct call needs a server URL");
    this.direct ??= new DirectHttpCaller(this.options.config.url, { ...this.options.config.headers });
    const outcome = await this.direct.callTool({ sessionId: http.sessionId, protocolVersion: http.protocolVersion }, tool, args, options);
    if (outcome.kind === "session-expired") throw new SessionExpiredError();
    if (outcome.kind === "rpc-error") throw new McpError(outcome.code, outcome.message);
    return outcome.result;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.client.close().catch(() => undefined);
    await this.direct?.close();
  }

  private createTransport(): Transport {
    const cfg = this.options.config;
    if ("command" in cfg) {
      const stdio = new BoundedStdioTransport({
        command: cfg.command,
        args: [...cfg.args],
        // only the SDK's safe default variables (PATH, HOME…) plus the server's own: never the node's secrets
        env: { ...getDefaultEnvironment(), ...cfg.env },
        cwd: cfg.cwd,
        // drained so the child never blocks on it; kept at debug level
        onStderr: (text) => this.options.log.debug({ stderr: text }, "server stderr"),
      });
      this.lean = new LeanStdioCalls(stdio);
      stdio.setDirectReceiver(this.lean);
      return stdio;
    }
    const init = { requestInit: { headers: { ...cfg.headers } }, fetch: this.options.fetch() };
    if (cfg.type === "sse") return new SSEClientTransport(new URL(cfg.url), init);
    return new StreamableHTTPClientTransport(new URL(cfg.url), init);
  }
}
