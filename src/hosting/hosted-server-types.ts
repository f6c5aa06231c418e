import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { ServerConfig } from "../config/config-schema";
import type { OutboundGuard } from "../net/outbound-guard";
import type { CircuitState } from "../util/circuit-breaker";
import type { TransportKind } from "./upstream-connection";

/**
 * `restarting`: the connection was lost and a reconnect is scheduled (calls get 503). `idle`: a
 * lazy server that is not running; its tools are listed and the next call starts it.
 */
export type ServerState = "connecting" | "ready" | "restarting" | "stopped" | "idle";

/** Serving calls: ready, or an idle lazy server (a call starts it). */
export function isServing(state: string): boolean {
  return state === "ready" || state === "idle";
}

/** A hosted server as /healthz and the metrics show it. */
export interface ServerStatus {
  state: ServerState;
  transport: TransportKind;
  tools: number;
  restarts: number;
  lastError: string | null;
  connectedAt: string | null;
  circuit: CircuitState;
  inFlight: number;
  queued: number;
  /** Present for a lazy server (`lazy: true`): started by a call, stopped after `idleTimeout` without one. */
  lazy?: { idleTimeoutMs: number };
}

/** What a HostedServer is built from (defaults in the field comments). */
export interface HostedServerOptions {
  name: string;
  config: ServerConfig;
  logger: Logger;
  /** Default per-call timeout when the server has none of its own. */
  callTimeoutMs: number;
  /**
   * Called with the published tools (whole, as the server sent them) whenever the list is (re)loaded;
   * a listing (and `refreshTools()`) resolves once the returned promise has.
   */
  onTools: (server: string, tools: Tool[], serverVersion: string) => void | Promise<void>;
  /** Timeout for connecting and listing tools. */
  connectTimeoutMs?: number;
  restartBaseMs?: number;
  restartMaxMs?: number;
  /** How often an idle HTTP server is pinged so that its state tells the truth (default 30 s; 0: never). */
  pingIntervalMs?: number;
  /** Circuit breaker settings (defaults: open after 5 consecutive failures, for 10 s). */
  breaker?: { failureThreshold?: number; openMs?: number };
  /** Concurrent calls and queued calls allowed (defaults 32 and 256). */
  maxConcurrent?: number;
  maxQueued?: number;
  /** Checks every connection (a partner's published remote); set, it also skips the direct path. */
  guard?: OutboundGuard;
  /** Largest response body (or streamed event) read over HTTP (default 16 MiB). */
  maxResponseBytes?: number;
  /** How many of this server's tools the catalog already holds (a lazy server with a stored listing is not started at boot). */
  listedTools?: () => number;
  /** A tool's whole definition as the catalog stored it (an idle lazy server's tools on the aggregated /mcp). */
  storedDefinition?: (tool: string) => Tool | undefined;
}
