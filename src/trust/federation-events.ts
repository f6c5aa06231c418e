import type { IncomingMessage, ServerResponse } from "node:http";
import { createPublicKey, randomUUID, sign, verify } from "node:crypto";
import type { PublicJwk, SigningKey } from "./node-identity";
import { thumbprintOf } from "./node-identity";

/** What a node tells its partners at once instead of at their next sync. */
export type FederationEventType = "catalog" | "revoke" | "key";

export interface FederationEventClaims {
  type: FederationEventType;
  /** This node's event number (also the SSE id: a partner resumes after it). */
  id: number;
  iss: string;
  iat: number;
  /** Changes when the node restarts (its ids start again): a partner resets its cursor. */
  epoch: string;
  [key: string]: unknown;
}

const EVENT_TYPE = "mcpfed-event+jws";
const RECENT = 1000;
const KEEP_ALIVE_MS = 10_000;
/** A stream is ended after this long; the partner reconnects and resumes (bounds what one connection holds). */
const STREAM_LIFETIME_MS = 10 * 60_000;
const b64 = (s: string) => Buffer.from(s).toString("base64url");

/** Signs one event: a compact EdDSA JWS whose header carries the public key (its thumbprint is the kid). */
export function signEvent(claims: FederationEventClaims, key: { key: SigningKey; jwk: PublicJwk }): string {
  const header = b64(JSON.stringify({ alg: "EdDSA", typ: EVENT_TYPE, kid: key.jwk.kid, jwk: { kty: "OKP", crv: "Ed25519", x: key.jwk.x } }));
  const body = b64(JSON.stringify(claims));
  return `${header}.${body}.${sign(null, Buffer.from(`${header}.${body}`), key.key.key).toString("base64url")}`;
}

/** The claims of an event signed by the key with thumbprint `trustedKey`; undefined for anything else. */
export async function verifyEvent(jws: string, trustedKey: string | undefined): Promise<FederationEventClaims | undefined> {
  try {
    const [h, p, s] = jws.split(".");
    if (!h || !p || !s || jws.length > 16_384) return undefined;
    const head = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg?: string; typ?: string; jwk?: { x?: string } };
    if (head.alg !== "EdDSA" || head.typ !== EVENT_TYPE || typeof head.jwk?.x !== "string") return undefined;
    if (trustedKey === undefined || (await thumbprintOf(head.jwk.x)) !== trustedKey) return undefined;
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: head.jwk.x }, format: "jwk" });
    if (!verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"))) return undefined;
    const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as FederationEventClaims;
    return typeof claims.id === "number" && typeof claims.type === "string" ? claims : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `GET /federation/events`: this node's signed events as Server-Sent Events — `catalog` (the
 * catalog partners pull changed), `revoke` (a tool left it: unregistered, quarantined, gone),
 * `key` (the node's signing key was rotated) —
 * the last 1000 kept so a partner that reconnects with `Last-Event-ID` misses nothing.
 */
export class FederationEvents {
  private nextId = 1;
  private readonly epoch = randomUUID();
  private readonly recent: { id: number; event: FederationEventType; data: string }[] = [];
  private readonly streams = new Set<ServerResponse>();

  private watcher: NodeJS.Timeout | undefined;

  constructor(
    private readonly issuer: string,
    /** The node's live keys, the active one first (see NodeIdentity.liveSigningKeys). */
    private readonly liveKeys: () => Promise<{ key: SigningKey; jwk: PublicJwk }[]>,
  ) {}

  /**
   * Watches the node's active key (a `mcpfed key rotate` beside the running node shows in the
   * store) and announces a change as a `key` event signed by the previous key, which partners
   * still trust; they re-sync and follow the co-signed catalog to the new key.
   */
  watchKeys(everyMs = 5_000): void {
    let last: string | undefined;
    const check = async () => {
      const keys = await this.liveKeys();
      const active = keys[0]?.jwk.kid;
      if (last !== undefined && active !== undefined && active !== last) {
        const previous = keys.find((k) => k.jwk.kid === last);
        await this.publish("key", { kid: active, previous: last }, previous);
      }
      last = active;
    };
    void check().catch(() => undefined);
    this.watcher = setInterval(() => void check().catch(() => undefined), everyMs);
    this.watcher.unref();
  }

  get listeners(): number {
    return this.streams.size;
  }

  /** Signs and sends an event (with `key`, or the node's active key). */
  async publish(type: FederationEventType, body: Record<string, unknown> = {}, key?: { key: SigningKey; jwk: PublicJwk }): Promise<void> {
    const signer = key ?? (await this.liveKeys())[0];
    if (!signer) return;
    const id = this.nextId++;
    const data = signEvent({ ...body, type, id, iss: this.issuer, iat: Date.now(), epoch: this.epoch }, signer);
    this.recent.push({ id, event: type, data });
    if (this.recent.length > RECENT) this.recent.shift();
    for (const res of this.streams) res.write(`id: ${id}\nevent: ${type}\ndata: ${data}\n\n`);
  }

  /** Serves one partner's stream, first replaying what it missed. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    const last = Number(req.headers["last-event-id"]);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" });
    res.flushHeaders();
    if (Number.isInteger(last) && last > 0) {
      for (const e of this.recent) if (e.id > last) res.write(`id: ${e.id}\nevent: ${e.event}\ndata: ${e.data}\n\n`);
    }
    this.streams.add(res);
    const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    const lifetime = setTimeout(() => res.end(), STREAM_LIFETIME_MS);
    keepAlive.unref();
    lifetime.unref();
    res.once("close", () => {
      clearInterval(keepAlive);
      clearTimeout(lifetime);
      this.streams.delete(res);
    });
  }

  close(): void {
    clearInterval(this.watcher);
    for (const res of this.streams) res.end();
  }
}
