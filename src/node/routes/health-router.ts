import { isServing } from "../../hosting/hosted-server-types";
import type { IRouter, Request } from "express";
import type { ServerStatus } from "../../hosting/hosted-server";
import { redactStatus } from "../redact";

/** A member of this node that is not active (down, stale by heartbeat or re-check, quarantined). */
export interface HealthMember {
  id: string;
  origin: "hosted" | "registered" | "partner";
  status: "active" | "stale" | "quarantined" | "down";
  lastSeen: string | null;
}

export interface HealthDeps {
  servers: () => Record<string, ServerStatus>;
  peers: () => { url: string; host?: string; state?: string; lastError: string | null }[];
  /** May this request see servers and peers? (A token with the admin or metrics scope.) */
  showDetails: (req: Request) => boolean;
  /** This node's members that are not active (src/directory); absent: only servers' states count. */
  members?: () => HealthMember[];
}

/**
 * GET /healthz: liveness for anyone, as `{status}` alone. `degraded` whenever something the node
 * serves is dead: a hosted server not ready, a registered member down or stale, a peer offline
 * (a quarantined tool alone is governance at work, not a failure: listed, not degraded).
 * Servers, peers, members and their last errors name internal addresses and partners, so only a
 * token with the admin or metrics scope sees them, and even then every URL and error text is
 * stripped of credentials.
 */
export function healthRouter({ servers, peers, showDetails, members }: HealthDeps, router: IRouter): void {
  router.get("/healthz", (req, res) => {
    const s = servers();
    const p = peers();
    const m = members?.() ?? [];
    const offline = p.filter((x) => x.state === "offline");
    const degraded = Object.values(s).some((x) => !isServing(x.state)) || m.some((x) => x.status === "down" || x.status === "stale") || offline.length > 0;
    const status = degraded ? "degraded" : "ok";
    res.setHeader("Cache-Control", "no-store");
    if (!showDetails(req)) {
      res.json({ status });
      return;
    }
    const shown = Object.fromEntries(Object.entries(s).map(([name, x]) => [name, redactStatus(x)]));
    res.json({
      status,
      servers: shown,
      peers: p.map(redactStatus),
      members: m.map(({ id, origin, status: state, lastSeen }) => ({ id, origin, status: state, lastSeen })),
      offlinePeers: offline.map((x) => x.host ?? redactStatus(x).url),
    });
  });
}
