import type { IRouter } from "express";
import type { ServerStatus } from "../../hosting/hosted-server";

export interface HealthDeps {
  servers: () => Record<string, ServerStatus>;
  peers: () => unknown[];
}

/** GET /healthz: unauthenticated liveness with each hosted server's and peer's state. */
export function healthRouter({ servers, peers }: HealthDeps, router: IRouter): void {
  router.get("/healthz", (_req, res) => {
    const s = servers();
    const degraded = Object.values(s).some((x) => x.state !== "ready");
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: degraded ? "degraded" : "ok", servers: s, peers: peers() });
  });
}
