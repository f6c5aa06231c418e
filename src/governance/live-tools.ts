import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Prompt, Resource, Tool } from "@modelcontextprotocol/sdk/types.js";
import { createUndiciFetch } from "../hosting/undici-fetch";
import { BodyTooLargeError } from "../net/bounded-body";
import { BlockedAddressError, type OutboundGuard } from "../net/outbound-guard";
import type { Finding } from "./findings";

export interface LiveListing {
  tools: Tool[];
  /** Prompts and resources, when the server offers them (their texts reach the model too). */
  prompts?: Prompt[];
  resources?: Resource[];
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
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: http.fetch }), { timeout: timeoutMs });
    return await listLive(client, timeoutMs, "remote");
  } finally {
    await client.close().catch(() => undefined);
    await http.close().catch(() => undefined);
  }
}

/**
 * Starts a package's entry point over stdio (Node, the SDK's default environment only: none of
 * the node's secrets) and reads what it offers the same way as a remote's.
 */
export async function inspectStdio(entry: string, options: { cwd: string; timeoutMs?: number }): Promise<LiveListing> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const client = new Client({ name: "mcpfed-governance", version: "0.1.0" });
  try {
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [entry], cwd: options.cwd, env: getDefaultEnvironment(), stderr: "ignore" }), { timeout: timeoutMs });
    return await listLive(client, timeoutMs, "server");
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** tools/list (timed, every page), a call of a tool that does not exist, prompts and resources. */
async function listLive(client: Client, timeoutMs: number, what: string): Promise<LiveListing> {
  const findings: Finding[] = [];
  const add = (ruleId: string, severity: Finding["severity"], message: string) => findings.push({ ruleId, severity, message, scanner: "live" });
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
  if (tools.length === 0) add("live/no-tools", "medium", `the ${what} lists no tools`);
  try {
    const probe = await client.callTool({ name: "__mcpfed_conformance_probe__", arguments: {} }, undefined, { timeout: timeoutMs });
    if (probe.isError !== true) add("live/unknown-tool-accepted", "medium", "a call of an unknown tool did not return an error");
  } catch (err) {
    const e = err as { code?: number; message?: string };
    if (typeof e.code !== "number") add("live/unknown-tool-crash", "medium", `a call of an unknown tool failed at the protocol level: ${e.message ?? String(err)}`);
  }
  const caps = client.getServerCapabilities() ?? {};
  // first page only: enough to check what a client shows, bounded like the tool pages
  // advertised but not listable: nothing is published on a check that did not happen
  const unlisted = (kind: string) => (err: unknown) => void add(`live/${kind}-list-failed`, "high", `${kind}/list failed: ${(err as Error).message ?? String(err)}`);
  const prompts = caps.prompts ? (await client.listPrompts({}, { timeout: timeoutMs }).catch(unlisted("prompts")))?.prompts : undefined;
  const resources = caps.resources ? (await client.listResources({}, { timeout: timeoutMs }).catch(unlisted("resources")))?.resources : undefined;
  return { tools, prompts, resources, instructions: client.getInstructions(), serverVersion: client.getServerVersion()?.version, listMs, findings };
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
