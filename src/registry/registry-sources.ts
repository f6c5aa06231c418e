import type { FederatedEngine } from "../engine";
import type { Manifest } from "../governance/manifest-schema";
import type { GovernanceReport } from "../governance/pipeline";
import type { HostedServers } from "../hosting/hosted-servers";
import type { SubmissionsPort } from "../store/ports";
import type { RegistrySources } from "./registry-entries";

export interface RegistrySourcesDeps {
  nodeName: string;
  namespace?: string;
  publicUrl: () => string;
  submissions: Pick<SubmissionsPort, "allPublished">;
  hosted: Pick<HostedServers, "status" | "isConfigured">;
  engine: Pick<FederatedEngine, "rank" | "peers">;
  signsReports: boolean;
}

/** Reads what the registry API lists, fresh for each request. */
export function registrySources(deps: RegistrySourcesDeps): () => Promise<RegistrySources> {
  const namespace = deps.namespace ?? `local.${deps.nodeName.toLowerCase().replace(/[^a-z0-9.-]/g, "-")}`;
  return async () => {
    const ranked = deps.engine.rank({ limit: 1_000_000 });
    const versionOf = (server: string) => ranked.find((r) => r.host === null && r.name.startsWith(`${server}.`))?.version ?? "0.0.0";
    const hosted = Object.entries(deps.hosted.status())
      .filter(([name, s]) => deps.hosted.isConfigured(name) && s.state === "ready")
      .map(([name, s]) => ({ name, version: versionOf(name), startedAt: s.connectedAt ? Date.parse(s.connectedAt) : Date.now() }));
    return {
      baseUrl: deps.publicUrl(),
      namespace,
      published: await deps.submissions.allPublished<Manifest, GovernanceReport>(),
      hosted,
      ranked,
      peerSyncedAt: new Map(deps.engine.peers().map((p) => [p.host, p.lastSuccess])),
      peerTrust: new Map(deps.engine.peers().map((p) => [p.host, { status: p.trust.status, key: p.trust.key }])),
      signsReports: deps.signsReports,
    };
  };
}
