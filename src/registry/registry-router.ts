import type { IRouter, RequestHandler } from "express";
import { z } from "zod";
import { NotFoundError } from "../errors";
import { handle } from "../node/handle";
import { registryEntries, type RegistrySources } from "./registry-entries";
import { byName, ListQuerySchema, listPage } from "./registry-query";

export interface RegistryRouterDeps {
  sources: () => Promise<RegistrySources>;
  /** Guards every route (the discover scope), or nothing when the registry is public. */
  guard: RequestHandler[];
}

const NameParams = z.object({ serverName: z.string().min(3).max(200) });
const VersionParams = NameParams.extend({ version: z.string().min(1).max(255) });

/**
 * The official MCP Registry API, read side (`/v0.1/servers`, versions, one version): the node's
 * own servers (published submissions and the operator's hosted servers) and its partners',
 * server.json under `server`, the node's facts under `_meta["io.mcpfed/..."]`.
 */
export function registryRouter({ sources, guard }: RegistryRouterDeps, router: IRouter): void {
  router.get(
    "/v0.1/servers",
    ...guard,
    handle({ query: ListQuerySchema }, async ({ query }, _req, res) => {
      res.json(listPage(registryEntries(await sources()), query));
    }),
  );
  router.get(
    "/v0.1/servers/:serverName/versions",
    ...guard,
    handle({ params: NameParams }, async ({ params }, _req, res) => {
      const found = byName(registryEntries(await sources()), params.serverName);
      if (found.length === 0) throw new NotFoundError(`no server ${params.serverName}`);
      res.json({ servers: found, metadata: { count: found.length } });
    }),
  );
  router.get(
    "/v0.1/servers/:serverName/versions/:version",
    ...guard,
    handle({ params: VersionParams }, async ({ params }, _req, res) => {
      const found = byName(registryEntries(await sources()), params.serverName).find((e) => params.version === "latest" || e.server.version === params.version);
      if (!found) throw new NotFoundError(`no version ${params.version} of ${params.serverName}`);
      res.json(found);
    }),
  );
}
