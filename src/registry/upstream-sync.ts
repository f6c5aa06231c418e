import type { Logger } from "pino";
import { isAppError } from "../errors";
import { GovernanceRejectedError, type Principal, type RegistrationService } from "../governance/registration-service";
import { importServers, readUpstream, type ImportReport, type SubmitOutcome, type UpstreamServer } from "./upstream-import";

export interface UpstreamConfig {
  url: string;
  interval: number;
}

export interface UpstreamSyncDeps {
  upstreams: readonly UpstreamConfig[];
  registration: Pick<RegistrationService, "submit">;
  /** Is this replica the one that imports (advisory lock on PostgreSQL; always true elsewhere)? */
  lead: () => Promise<boolean>;
  logger: Logger;
  audit: (event: { actor: string; action: string; target: string; outcome: string; detail?: string }) => void;
}

/** Submits one server.json through governance in-process, as the principal of its registry. */
export function submitVia(registration: Pick<RegistrationService, "submit">, principal: Principal): (server: UpstreamServer) => Promise<SubmitOutcome> {
  return async (server) => {
    try {
      const { report, created } = await registration.submit(server, principal);
      return { status: created ? 201 : 200, body: { report } };
    } catch (err) {
      if (err instanceof GovernanceRejectedError) return { status: 422, body: { report: err.report } };
      if (isAppError(err)) return { status: err.status, body: { detail: err.message, errors: err.errors } };
      throw err;
    }
  };
}

/**
 * `registry.upstreams`: each upstream registry is read on its interval (after the first full
 * read, only what changed since the last good one, `updated_since`) by the leading replica, and
 * every server passes governance before it is published. Each round is logged and audited.
 */
export class UpstreamSync {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly lastGood = new Map<string, Date>();
  private readonly running = new Set<string>();

  constructor(private readonly deps: UpstreamSyncDeps) {}

  start(): void {
    for (const upstream of this.deps.upstreams) {
      void this.round(upstream);
      const timer = setInterval(() => void this.round(upstream), upstream.interval);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  /** One import from one upstream (skipped while the previous one still runs, or when not leading). */
  async round(upstream: UpstreamConfig): Promise<ImportReport | undefined> {
    if (this.running.has(upstream.url) || !(await this.deps.lead().catch(() => false))) return undefined;
    this.running.add(upstream.url);
    const started = new Date();
    const host = new URL(upstream.url).host;
    try {
      const entries = await readUpstream(upstream.url, { updatedSince: this.lastGood.get(upstream.url) });
      // each upstream owns the names it brings, and cannot take over another owner's
      const principal: Principal = { id: `registry:${host}`, isAdmin: false };
      const report = await importServers(entries, submitVia(this.deps.registration, principal));
      this.lastGood.set(upstream.url, started);
      const summary = `${report.published.length} published, ${report.rejected.length} rejected, ${report.skipped.length} skipped`;
      this.deps.logger.info({ upstream: host, published: report.published.length, rejected: report.rejected.length, skipped: report.skipped.length }, "registry import");
      if (entries.length) this.deps.audit({ actor: "registry-import", action: "registry-import", target: host, outcome: "done", detail: summary });
      return report;
    } catch (err) {
      this.deps.logger.warn({ upstream: host, err: (err as Error).message }, "registry import failed");
      return undefined;
    } finally {
      this.running.delete(upstream.url);
    }
  }
}
