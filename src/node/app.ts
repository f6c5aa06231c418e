import type { RequestListener } from "node:http";
import express, { type Express, type Request, type RequestHandler } from "express";
import type { Store } from "express-rate-limit";
import type { Logger } from "pino";
import type { TokenVerifier } from "../auth/tokens";
import type { ToolCatalog } from "../catalog/tool-catalog";
import type { FederatedEngine } from "../engine";
import type { ExecuteService } from "../execution/execute-service";
import type { RegistrationService } from "../governance/registration-service";
import type { ServerStatus } from "../hosting/hosted-server";
import type { NodeMetrics } from "../metrics/node-metrics";
import type { PerformanceRecorder } from "../metrics/performance-recorder";
import type { AuditPort, PeersPort, RecordsPort } from "../store/ports";
import { authenticate, optionalPrincipal, requireScope } from "./auth";
import { errorMiddleware, notFoundHandler } from "./error-middleware";
import { jsonBody } from "./json-body";
import { perTokenLimit } from "./rate-limit";
import { perIpLimit, withIpLimit } from "./ip-limit";
import { cacheRouter, type CacheRouterDeps } from "./routes/cache-router";
import { requestContext } from "./request-context";
import { adminRouter } from "./routes/admin-router";
import { mcpBody, mcpHandlers, type McpRouterOptions } from "./routes/mcp-router";
import { withFastRoutes } from "./fast-routes";
import { discoverHandlers } from "./routes/discover-router";
import { executeHandlers } from "./routes/execute-router";
import { healthRouter } from "./routes/health-router";
import { metadataRouter } from "./routes/metadata-router";
import type { FederationEvents } from "../trust/federation-events";
import { registryRouter } from "../registry/registry-router";
import type { RegistrySources } from "../registry/registry-entries";
import { peersRouter } from "./routes/peers-router";
import { registerRouter } from "./routes/register-router";
import { apiSecurityHeaders, securityHeaders } from "./security-headers";
import { openModeGuard } from "./open-mode-guard";
import { wellKnownRouter } from "./routes/well-known-router";
import { directoryRouter, type DirectoryRouterDeps } from "./routes/directory-router";
import { uiRouter } from "../ui/ui-router";
import type { Trust } from "../trust/trust-wiring";
import { tracedMiddleware } from "../tracing/trace-context";

export interface AppDeps {
  logger: Logger;
  verifier: TokenVerifier;
  /** Accept requests without a token (only ever true on a loopback host with no tokens). */
  openAccess: () => boolean;
  bodyLimit: string;
  limits: { requestsPerMinute: number; registerPerMinute: number; ipPerMinute?: number | (() => number | undefined) };
  metricsAuth: boolean;
  catalog: ToolCatalog;
  execute: ExecuteService;
  recorder: PerformanceRecorder;
  records: Pick<RecordsPort, "list">;
  serverStatus: () => Record<string, ServerStatus>;
  engine: FederatedEngine;
  peersStore: PeersPort;
  /** Signed events for partners (`GET /federation/events`). */
  federationEvents?: FederationEvents;
  /** The official registry API (`/v0.1/servers`): what it lists, and whether it needs a token. */
  registry?: { public: boolean; sources: () => Promise<RegistrySources> };
  /** A peer was added or removed here: run a sync round (the leader stores it for the replicas). */
  peersChanged?: () => void;
  registration: RegistrationService;
  metrics: NodeMetrics;
  audit: Pick<AuditPort, "list">;
  reload: (actor: string) => Promise<Record<string, unknown>>;
  onAuthReject: (reason: "missing-token" | "invalid-token", path: string) => void;
  mcp: McpRouterOptions;
  /** Node identity, JWT verification and the public well-known documents (src/trust). */
  trust?: Trust;
  /** A store shared by replicas for each per-token limit (absent: counted in this process). */
  limitStore?: (name: string) => Store | undefined;
  /** The member directory and registered members' heartbeats. */
  directory?: DirectoryRouterDeps;
  /** The result cache's admin route (`POST /admin/cache/invalidate`). */
  cache?: CacheRouterDeps;
}

/**
 * The HTTP application: thin routes over the services built by the composition root. Express
 * serves every route but the hot ones (GET /discover, POST /execute and /mcp), which run the same
 * middleware chain without Express's router (fast-routes.ts).
 */
export function createApp(deps: AppDeps): { app: Express; handler: RequestListener; close(): Promise<void> } {
  const app = express();
  const context = requestContext(deps.logger, deps.metrics);
  const headers = securityHeaders();
  const auth = tracedMiddleware("auth", authenticate({ verifier: deps.verifier, open: deps.openAccess, onReject: deps.onAuthReject, jwt: deps.trust?.jwt, challenge: deps.trust?.challenge, clientCert: deps.trust?.clientCert }));
  const limit = perTokenLimit("requests", deps.limits.requestsPerMinute, deps.metrics, deps.limitStore?.("requests"));
  const body = jsonBody({ limit: deps.bodyLimit });
  const onError = errorMiddleware(deps.logger);
  // requests without credentials are also limited per client address (limits.ipPerMinute)
  const guard = withIpLimit(openModeGuard({ open: deps.openAccess, allowedOrigins: deps.mcp.allowedOrigins }), perIpLimit(deps.limits.ipPerMinute, deps.metrics, deps.limitStore?.("ip"), { verifier: deps.verifier, jwt: deps.trust?.jwt, clientCert: deps.trust?.clientCert }));
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("trust proxy", false);
  app.set("query parser", "simple");
  app.use(context);
  app.use(headers);
  app.use(guard);
  // Routes are registered on the app itself: each nested Router costs a pass per request.
  const showHealth = (req: Request) => {
    const principal = optionalPrincipal(req, { verifier: deps.verifier, open: deps.openAccess });
    return principal !== undefined && (principal.scopes.has("admin") || principal.scopes.has("metrics"));
  };
  const members = deps.directory?.directory;
  healthRouter({ servers: deps.serverStatus, peers: () => deps.engine.peers(), showDetails: showHealth, members: members && (() => members.unhealthy()) }, app);
  const metricsRoute: RequestHandler = async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.render());
  };
  if (!deps.metricsAuth) app.get("/metrics", metricsRoute);
  if (deps.trust) wellKnownRouter(deps.trust, app);
  if (deps.registry?.public) registryRouter({ sources: deps.registry.sources, guard: [] }, app);
  uiRouter(app); // the web console: static, public; its API calls carry the user's token
  app.use(auth);
  if (deps.metricsAuth) app.get("/metrics", requireScope("metrics", "admin"), metricsRoute);
  app.use(limit);
  app.post("/register", perTokenLimit("register", deps.limits.registerPerMinute, deps.metrics, deps.limitStore?.("register")));
  app.use(body);
  metadataRouter({ recorder: deps.recorder, records: deps.records }, app);
  peersRouter({ engine: deps.engine, store: deps.peersStore, changed: deps.peersChanged }, app);
  if (deps.federationEvents) {
    const events = deps.federationEvents;
    app.get("/federation/events", requireScope("discover"), (req, res) => events.serve(req, res));
  }
  if (deps.directory) directoryRouter(deps.directory, app);
  registerRouter({ registration: deps.registration, signReport: deps.trust?.signReport }, app);
  adminRouter({ audit: deps.audit, reload: deps.reload }, app);
  if (deps.cache) cacheRouter(deps.cache, app);
  if (deps.registry && !deps.registry.public) registryRouter({ sources: deps.registry.sources, guard: [requireScope("discover")] }, app);
  app.use(notFoundHandler);
  app.use(onError);
  const mcp = mcpHandlers(deps.mcp);
  // the JSON API routes send the headers a JSON answer needs (security-headers.ts, ADR 0043)
  const common = [context, apiSecurityHeaders(), guard, auth, limit, body];
  const handler = withFastRoutes(
    [
      { method: "GET", path: "/discover", chain: [...common, ...discoverHandlers({ catalog: deps.catalog, federation: deps.engine, signCatalog: deps.trust?.signCatalog, policy: deps.execute.policy, verdicts: () => deps.registration.publishedReports() })] },
      { method: "POST", path: "/execute", chain: [...common, ...executeHandlers({ execute: deps.execute, signAnswer: deps.trust?.signAnswer, catalog: deps.catalog })] },
      { method: "OPTIONS", path: "/mcp", chain: [context, headers, guard, mcp.preflight] },
      { method: "OPTIONS", path: "/mcp/*", chain: [context, headers, guard, mcp.preflight] },
      { method: "*", path: "/mcp", chain: [context, headers, guard, auth, limit, mcpBody(body), ...mcp.handlers] },
      { method: "*", path: "/mcp/*", chain: [context, headers, guard, auth, limit, mcpBody(body), ...mcp.handlers] },
    ],
    onError,
    app,
  );
  return { app, handler, close: () => mcp.close() };
}
