import express, { type Express } from "express";
import type { Logger } from "pino";
import type { TokenVerifier } from "../auth/tokens";
import type { FederatedEngine } from "../engine";
import type { PeersStore } from "../store/peers-store";
import type { RegistrationService } from "../governance/registration-service";
import type { ToolCatalog } from "../catalog/tool-catalog";
import type { ExecuteService } from "../execution/execute-service";
import type { ServerStatus } from "../hosting/hosted-server";
import type { PerformanceRecorder } from "../metrics/performance-recorder";
import type { RecordsStore } from "../store/records-store";
import { authenticate } from "./auth";
import { jsonBody } from "./json-body";
import { securityHeaders } from "./security-headers";
import { errorMiddleware, notFoundHandler } from "./error-middleware";
import { discoverRouter } from "./routes/discover-router";
import { executeRouter } from "./routes/execute-router";
import { healthRouter } from "./routes/health-router";
import { metadataRouter } from "./routes/metadata-router";
import { peersRouter } from "./routes/peers-router";
import { registerRouter } from "./routes/register-router";

export interface AppDeps {
  logger: Logger;
  verifier: TokenVerifier;
  /** Accept requests without a token (only ever true on a loopback host with no tokens). */
  openAccess: boolean;
  bodyLimit: string;
  catalog: ToolCatalog;
  execute: ExecuteService;
  recorder: PerformanceRecorder;
  records: Pick<RecordsStore, "list">;
  serverStatus: () => Record<string, ServerStatus>;
  engine: FederatedEngine;
  peersStore: PeersStore;
  registration: RegistrationService;
}

/** The Express application: thin routes over the services built by the composition root. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("trust proxy", false);
  app.use(securityHeaders());
  // Routes are registered on the app itself: each nested Router costs a pass per request.
  healthRouter({ servers: deps.serverStatus, peers: () => deps.engine.peers() }, app);
  app.use(authenticate({ verifier: deps.verifier, open: deps.openAccess }));
  app.use(jsonBody({ limit: deps.bodyLimit }));
  discoverRouter({ catalog: deps.catalog, federation: deps.engine }, app);
  executeRouter({ execute: deps.execute }, app);
  metadataRouter({ recorder: deps.recorder, records: deps.records }, app);
  peersRouter({ engine: deps.engine, store: deps.peersStore }, app);
  registerRouter({ registration: deps.registration }, app);
  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.logger));
  return app;
}
