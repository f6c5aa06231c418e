import type { IRouter, Request } from "express";
import type { ServerStatus } from "../../hosting/hosted-server";
import { redactStatus } from "../redact";

export interface HealthDeps {
  servers: () => Record<string, ServerStatus>;
  peers: () => { url: string; lastError: string | null }[];
  /** May this request see servers and peers? (A token with the admin or metrics scope.) */
  showDetails: (req: Request) => boolean;
}

/**
 * GET /healthz: liveness for anyone, as `{status}` alone. Servers, peers and their last errors
 * name internal addresses and partners, so only a token with the admin or metrics scope sees
 * them, and even then every URL and error text is stripped of credentials.
 */
export function healthRouter({ servers, peers, showDetails }: HealthDeps, router: IRouter): void {
  router.get("/healthz", (req, res) => {
    const s = servers();
    const degraded = Object.values(s).some((x) => x.state !== "ready" && x.state !== "idle"); // an idle lazy server starts on demand
    const status = degraded ? "degraded" : "ok";
    res.setHeader("Cache-Control", "no-store");
    if (!showDetails(req)) {
      res.json({ status });
      return;
    }
    const shown = Object.fromEntries(Object.entries(s).map(([name, x]) => [name, redactStatus(x)]));
    res.json({ status, servers: shown, peers: peers().map(redactStatus) });
  });
}
