import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { createUndiciFetch } from "../hosting/undici-fetch";
import { BodyTooLargeError } from "../net/bounded-body";
import { BlockedAddressError, type OutboundGuard } from "../net/outbound-guard";
import type { Finding } from "./findings";

export interface LiveListing {
  tools: Tool[];
  instructions?: string;
  serverVersion?: string;
  listMs: number;
  findings: Finding[];
}

export interface InspectOptions {
  timeoutMs?: number;
  /** Checks the destination of every connection (SSRF); absent: the operator's own network. */
  guard?: OutboundGuard;
  /** Largest response body, or single streamed event, read from the remote (default 16 MiB). */
  maxBodyBytes?: number;
}

/**
 * Talks to a submission's remote over Streamable HTTP: initialize, tools/list (timed, all
 * pages), and a call of a tool that does not exist, which must come back as an error rather
 * than a crash or a hang. Every connection goes through the guard and every body is capped.
 */
export async function inspectRemote(url: string, options: InspectOptions = {}): Promise<LiveListing> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const http = createUndiciFetch({ connections: 2, guard: options.guard, maxBodyBytes: options.maxBodyBytes });
  const client = new Client({ name: "mcpfed-governance", version: "0.1.0" });
  const findings: Finding[] = [];
  const add = (ruleId: string, severity: Finding["severity"], message: string) => findings.push({ ruleId, severity, message, scanner: "live" });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: http.fetch }), { timeout: timeoutMs });
    const started = performance.now();
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
      tools.push(...res.tools);
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    const listMs = performance.now() - started;
    if (listMs > 2000) add("live/slow-list", "low", `tools/list took ${Math.round(listMs)} ms`);
    if (tools.length === 0) add("live/no-tools", "medium", "the remote lists no tools");
    try {
      const probe = await client.callTool({ name: "__mcpfed_conformance_probe__", arguments: {} }, undefined, { timeout: timeoutMs });
      if (probe.isError !== true) add("live/unknown-tool-accepted", "medium", "a call of an unknown tool did not return an error");
    } catch (err) {
      const e = err as { code?: number; message?: string };
      if (typeof e.code !== "number") add("live/unknown-tool-crash", "medium", `a call of an unknown tool failed at the protocol level: ${e.message ?? String(err)}`);
    }
    return { tools, instructions: client.getInstructions(), serverVersion: client.getServerVersion()?.version, listMs, findings };
  } finally {
    await client.close().catch(() => undefined);
    await http.close().catch(() => undefined);
  }
}

/**
 * Why an inspection failed, as a fixed phrase per kind of failure: never the remote's own
 * words, so a submitter learns nothing about what answers where (no oracle).
 */
export function describeInspectFailure(err: unknown): string {
  const all: unknown[] = [];
  for (let e: unknown = err; e && all.length < 6; e = (e as { cause?: unknown }).cause) all.push(e);
  if (all.some((e) => e instanceof BlockedAddressError)) return "the host is or resolves to an internal address";
  if (all.some((e) => e instanceof BodyTooLargeError)) return `an answer exceeded ${(all.find((e) => e instanceof BodyTooLargeError) as BodyTooLargeError).maxBytes} bytes`;
  return "it did not answer as a Streamable HTTP MCP server";
}
