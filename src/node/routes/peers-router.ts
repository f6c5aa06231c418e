import type { IRouter } from "express";
import { z } from "zod";
import type { FederatedEngine } from "../../engine";
import { ConflictError, NotFoundError } from "../../errors";
import type { PeersPort } from "../../store/ports";
import { requireScope } from "../auth";
import { handle } from "../handle";
import { redactStatus } from "../redact";

const PeerBodySchema = z
  .object({
    url: z
      .string()
      .url()
      .max(2048)
      .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL"),
    token: z.string().min(1).max(4096).optional(),
    key: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "an RFC 7638 SHA-256 thumbprint").optional(),
  })
  .strict();

const HostParamsSchema = z.object({ host: z.string().regex(/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/, "a host or host:port") });

export interface PeersDeps {
  engine: Pick<FederatedEngine, "peers" | "addPeer" | "removePeer" | "acceptPeerKey">;
  store: PeersPort;
  /** Called after a peer was added or removed. */
  changed?: () => void;
}

/** GET/POST/DELETE /peers (admin): the federation's partners at run time, persisted. */
export function peersRouter({ engine, store, changed }: PeersDeps, router: IRouter): void {
  router.get("/peers", requireScope("admin"), (_req, res) => {
    res.json(engine.peers().map(redactStatus));
  });
  router.post(
    "/peers",
    requireScope("admin"),
    handle({ body: PeerBodySchema }, async ({ body }, _req, res) => {
      await store.save(body);
      const status = await engine.addPeer(body);
      changed?.();
      res.status(201).json(redactStatus(status));
    }),
  );
  // a peer whose catalog is signed by a key other than the trusted one stays refused until this
  router.post(
    "/peers/:host/accept-key",
    requireScope("admin"),
    handle({ params: HostParamsSchema }, async ({ params }, _req, res) => {
      const outcome = await engine.acceptPeerKey(params.host);
      if (!outcome) throw new NotFoundError(`no peer ${params.host}`);
      if (!outcome.accepted) throw new ConflictError(`peer ${params.host} offers no refused key to accept`);
      res.json(redactStatus(outcome.status));
    }),
  );
  router.delete(
    "/peers/:host",
    requireScope("admin"),
    handle({ params: HostParamsSchema }, async ({ params }, _req, res) => {
      const peer = engine.peers().find((p) => p.host === params.host);
      if (!peer) throw new NotFoundError(`no peer ${params.host}`);
      await store.remove(peer.url);
      engine.removePeer(peer.url);
      changed?.();
      res.status(204).end();
    }),
  );
}
