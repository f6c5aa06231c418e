import { verifyAnswer } from "../trust/signed-answer";
import { TOOL_DIGEST_HEADER, ToolDefinitionChangedError } from "../trust/tool-digest";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { readSseEvents } from "../util/sse-reader";
import { CancelledError, NotFoundError } from "../errors";
import { depthExceeds, MAX_JSON_DEPTH } from "../net/json-depth";
import { PeerAuthError, PeerBadAnswerError, PeerOfflineError, PeerProblemError, PeerTimeoutError, PeerUnavailableError } from "./engine-errors";
import type { Observation } from "./engine-types";
import type { Peer } from "./peer";
import { isTimeout } from "./peer-client";

/** Marks a call that was forwarded by a node; a node never forwards such a call again. */
export const HOP_HEADER = "x-mcpfed-hop";

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The parts of a peer's problem passed on: short strings and a bounded errors list, no extra fields. */
function relayable(body: unknown, host: string): Record<string, unknown> {
  const p = isObject(body) ? body : {};
  const text = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : undefined);
  const errors = Array.isArray(p.errors) && !depthExceeds(p.errors, 4) ? p.errors.slice(0, 50) : undefined;
  return { title: text(p.title, 200) ?? "peer error", detail: `peer ${host}: ${text(p.detail, 2000) ?? "the call was refused"}`, ...(errors ? { errors } : {}) };
}

/**
 * Calls `name` through one peer's POST /execute under that peer's circuit breaker, times it,
 * reports the outcome through `record`, and maps failures to typed errors: the peer's own 4xx
 * is relayed (PeerProblemError, reduced to its title, detail and errors), except a refusal of
 * this node's credentials (401/403/407), which is a 502 naming the peer; unreachable or an
 * answer nested too deep is 502, offline 503, timeout 504.
 */
export async function executeOnPeer(
  peer: Peer,
  name: string,
  kwargs: Record<string, unknown>,
  timeoutMs: number,
  record: (obs: Observation) => void,
  call: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<CallToolResult> {
  const { signal, onProgress } = call;
  const host = peer.host;
  const listed = peer.entries.find((e) => e.name === name);
  if (peer.currentState !== "pending" && !listed) {
    throw new NotFoundError(`peer ${host} does not offer ${name}`);
  }
  if (peer.currentState === "offline" && peer.retryAfterSeconds() > 0) {
    throw new PeerUnavailableError(`peer ${host} is offline`, peer.retryAfterSeconds());
  }
  // the signed digest of the definition this node listed: the partner refuses the call if its own differs
  const signedDigest = peer.answerKey !== undefined ? listed?.digest : undefined;
  peer.breaker.before();
  const started = performance.now();
  const done = (success: boolean, errorClass: string | null) =>
    record({ mcp_name: `${name}@${host}`, success, latency_ms: performance.now() - started, cost: null, error_class: errorClass });
  let res;
  try {
    const headers: Record<string, string> = { [HOP_HEADER]: "1" };
    // a caller that wants progress gets the partner's as it comes (the partner streams only if it reports any)
    if (onProgress) headers.accept = "application/json, text/event-stream";
    if (signedDigest) headers[TOOL_DIGEST_HEADER] = signedDigest;
    res = await peer.client.request("POST", "/execute", {
      body: { mcp_name: name, kwargs },
      headers,
      timeoutMs,
      signal,
      readEvents: onProgress ? (body, maxBytes) => readProgressStream(body, maxBytes, onProgress) : undefined,
    });
  } catch (err) {
    if (signal?.aborted) {
      // our caller hung up; hanging up on the peer cancels the call there too. Says nothing about the peer.
      peer.breaker.neutral();
      done(false, "cancelled");
      throw new CancelledError(`the call to ${name}@${host} was cancelled by its caller`, { cause: err });
    }
    peer.breaker.failure();
    if (isTimeout(err)) {
      done(false, "upstream-timeout");
      throw new PeerTimeoutError(`peer ${host} did not answer within ${timeoutMs} ms`, { cause: err });
    }
    peer.noteFailure(err);
    done(false, "upstream");
    throw new PeerOfflineError(`peer ${host} could not be reached: ${(err as Error).message}`, { cause: err });
  }
  peer.noteSuccess();
  if (res.status >= 500) peer.breaker.failure();
  else if (res.status >= 400) peer.breaker.neutral();
  else peer.breaker.success();
  const body = res.body;
  if (res.status === 200 && isObject(body) && isObject(body.result)) {
    if (depthExceeds(body.result)) {
      done(false, "upstream");
      throw new PeerBadAnswerError(`peer ${host} answered with a result nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    const result = body.result as CallToolResult;
    // a peer whose catalog verified must sign its answers too: one that does not is not its answer
    const key = peer.answerKey;
    if (key !== undefined) {
      const check = await verifyAnswer(body.signature, { tool: name, args: kwargs ?? {}, result: body.result, definition: signedDigest }, key);
      if (!check.valid) {
        done(false, "upstream");
        if (check.definitionChanged) throw definitionChanged(peer, name, check.reason);
        throw new PeerBadAnswerError(`peer ${host}: ${check.reason}`);
      }
    }
    done(result.isError !== true, result.isError === true ? "tool-error" : null);
    return result;
  }
  if (res.status === 401 || res.status === 403 || res.status === 407) {
    done(false, "upstream");
    throw new PeerAuthError(`peer ${host} refused this node's credentials (${res.status})`);
  }
  if (res.status === 409 && signedDigest && isObject(body) && body.type === DEFINITION_CHANGED) {
    done(false, "upstream");
    throw definitionChanged(peer, name, "the partner's definition changed since its catalog was signed");
  }
  if (res.status >= 400 && res.status < 500) throw new PeerProblemError(res.status, relayable(body, host));
  done(false, res.status === 504 ? "upstream-timeout" : "upstream");
  if (res.status === 503) {
    const retry = Number(res.headers["retry-after"] ?? 1);
    throw new PeerUnavailableError(`peer ${host} is unavailable`, Number.isFinite(retry) ? retry : 1);
  }
  if (res.status === 504) throw new PeerTimeoutError(`peer ${host} timed out calling ${name}`);
  throw new PeerOfflineError(`peer ${host} answered ${res.status}`);
}

const DEFINITION_CHANGED = "urn:mcpfed:problem:tool-definition-changed";

/**
 * A remote tool's definition is no longer the signed one: audited, the peer's catalog is pulled
 * in full on the next sync (so the changed definition is verified and screened), and the call
 * refused with a 409.
 */
function definitionChanged(peer: Peer, name: string, reason: string): ToolDefinitionChangedError {
  peer.options.onTrust?.(peer.host, { outcome: "tool-refused", detail: `${name}: ${reason}` });
  peer.forgetEtag();
  return new ToolDefinitionChangedError(`${name}@${peer.host} refused: ${reason}`);
}

/**
 * A partner's streamed /execute answer: `progress` events go to `onProgress`; the `result` or
 * `error` event is the answer, returned as the status and body a plain JSON answer would have.
 */
async function readProgressStream(body: Readable, maxBytes: number, onProgress: (p: Progress) => void): Promise<{ status: number; body: unknown }> {
  for await (const e of readSseEvents(body, maxBytes)) {
    let data: unknown;
    try {
      data = JSON.parse(e.data);
    } catch {
      continue;
    }
    if (!isObject(data)) continue;
    if (e.event === "progress" && typeof data.progress === "number") {
      onProgress({ progress: data.progress, total: typeof data.total === "number" ? data.total : undefined, message: typeof data.message === "string" ? data.message : undefined });
    } else if (e.event === "result") {
      body.destroy();
      return { status: 200, body: data };
    } else if (e.event === "error") {
      body.destroy();
      return { status: typeof data.status === "number" ? data.status : 502, body: data };
    }
  }
  return { status: 502, body: undefined };
}
