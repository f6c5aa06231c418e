import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  LoggingLevelSchema,
  SetLevelRequestSchema,
  type LoggingLevel,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";

const SEVERITY = new Map(LoggingLevelSchema.options.map((level, i) => [level, i]));
const CALL_TIMEOUT_MS = 10_000;

/** The level each session asked for with `logging/setLevel` (a session that never asked has none). */
const levels = new WeakMap<Server, LoggingLevel>();

/** The level a session asked for, if it did. */
export function loggingLevelOf(session: Server | undefined): LoggingLevel | undefined {
  return session ? levels.get(session) : undefined;
}

/** Does a line at `level` pass a session's threshold? */
export function passes(level: LoggingLevel, threshold: LoggingLevel): boolean {
  return (SEVERITY.get(level) ?? 0) >= (SEVERITY.get(threshold) ?? 0);
}

/** What the hosted servers need to hear of the sessions' levels. */
export interface UpstreamLogLevels {
  /** The hosted servers' clients now (each one that declares `logging` is told the level). */
  clients(): Iterable<Client>;
}

/**
 * Logging on the aggregated `/mcp`. A session opts in with `logging/setLevel`; from then on its
 * tool calls take the streaming path and the log lines a hosted server sends during the call
 * reach it (at or above its level) — lines on the call's own HTTP stream always, lines on a
 * connection that does not say which call they belong to (stdio, a GET stream) when exactly one
 * call that wants logs is in flight there (see RelayRouter). Lines tied to no call are not
 * relayed: one upstream connection serves many tokens, and a line may carry another tenant's
 * data. Upstream, each hosted server that declares `logging` is set to the most verbose level
 * any open session asked for.
 */
export class SessionLogging {
  private readonly sessions = new Set<Server>();
  private upstreamLevel: LoggingLevel | undefined;

  constructor(private readonly upstream: UpstreamLogLevels, private readonly onError: (err: Error) => void = () => undefined) {}

  /** Answers `logging/setLevel` on this session. */
  register(session: Server): void {
    session.setRequestHandler(SetLevelRequestSchema, async (request) => {
      levels.set(session, request.params.level);
      this.sessions.add(session);
      await this.apply();
      return {};
    });
  }

  /** A session closed: its level no longer counts. */
  forget(session: Server): void {
    if (this.sessions.delete(session)) void this.apply();
  }

  /** The most verbose level of the open sessions that asked for one. */
  wanted(): LoggingLevel | undefined {
    let most: LoggingLevel | undefined;
    for (const s of this.sessions) {
      const level = levels.get(s);
      if (level && (most === undefined || !passes(level, most))) most = level;
    }
    return most;
  }

  /** Tells the hosted servers the level (each call is bounded; a server that refuses is skipped). */
  private async apply(): Promise<void> {
    const level = this.wanted();
    if (!level || level === this.upstreamLevel) return;
    this.upstreamLevel = level;
    await Promise.all(
      [...this.upstream.clients()]
        .filter((c) => c.getServerCapabilities()?.logging !== undefined)
        .map((c) => c.setLoggingLevel(level, { timeout: CALL_TIMEOUT_MS }).catch((err: Error) => this.onError(err))),
    );
  }
}

/** The relay of one call's log lines to its session, at or above the session's level. */
export function logRelayTo(session: Server, send: (params: LoggingMessageNotification["params"]) => void): ((params: LoggingMessageNotification["params"]) => void) | undefined {
  const threshold = levels.get(session);
  if (!threshold) return undefined;
  return (params) => {
    const level = levels.get(session) ?? threshold;
    if (passes(params.level, level)) send(params);
  };
}
